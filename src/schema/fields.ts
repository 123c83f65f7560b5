import { z } from "zod";
import { LISTED_OPTION_PATTERN, TICKER_PATTERN } from "../data/hedge-sets.js";
import { isPeriodText } from "../data/date-periods.js";

/** A calendar date `YYYY-MM-DD` that exists (no 2023-02-30). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    { message: "must be a real calendar date YYYY-MM-DD" },
  );

/** A ticker in capitals, the one pattern of hedgelab ({@link TICKER_PATTERN}): `AAPL`, `BRK-B`, `^GSPC`. */
export const ticker = z
  .string()
  .regex(TICKER_PATTERN, "must be a ticker in capitals (e.g. AAPL, BRK-B, ^GSPC)");

/** An entry of a hedge set: a ticker, or a listed option `TICKER:CALLd` ({@link LISTED_OPTION_PATTERN}). */
export const hedgeEntry = z.string().refine((s) => TICKER_PATTERN.test(s) || LISTED_OPTION_PATTERN.test(s), {
  message:
    "must be a ticker in capitals (e.g. AAPL, BRK-B, ^GSPC) or a listed option TICKER:CALLd (e.g. AAPL:CALL60)",
});

/** A number strictly between 0 and 1. */
export const fraction = z.number().gt(0).lt(1);

/** A period `FROM..TO` of dates, either end possibly left open. */
export const period = z.string().refine(isPeriodText, {
  message: "must be a period FROM..TO of dates YYYY-MM-DD (an end may be left open)",
});

/** A seed: an integer in [0, 2⁵³ − 1]. */
export const seed = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
