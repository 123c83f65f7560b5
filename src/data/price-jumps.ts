import { assertOption, HedgelabError } from "../errors.js";
import { quantile } from "../math/quantile.js";
import type { DateSpan } from "./date-span.js";
import type { PriceTable } from "./price-table.js";
import { columnOf } from "./validate-prices.js";

/**
 * Default threshold of {@link findPriceJumps}, in robust standard deviations of the daily
 * log-return. No reverting move of the embedded data (45 stocks and ETFs 2004–2024, S&P 500 and SPY
 * 1995–2024, the 2008 and 2020 crashes included) exceeds 24; a price typed a decimal place off
 * (246 → 24.6) is about 300 for SPY.
 */
export const DEFAULT_JUMP_THRESHOLD = 30;

/** Consistency constant of the median absolute deviation for a normal sample: σ ≈ 1.4826 · MAD. */
const MAD_TO_SIGMA = 1.482602218505602;

/** A price that jumps away and comes back the next day: most likely a typo. */
export interface PriceJump {
  ticker: string;
  /** Date of the implausible price. */
  date: string;
  /** Its file and 1-based line (0 when unknown). */
  file: string;
  line: number;
  /** The price, and those of the dates before and after. */
  price: number;
  previous: number;
  next: number;
  /** The log-return into the price, log(price / previous). */
  move: number;
  /** The robust standard deviation of the daily log-return it is measured against. */
  scale: number;
}

/** Options of {@link findPriceJumps}. */
export interface FindPriceJumpsOptions {
  /** How many robust standard deviations a move must exceed; default {@link DEFAULT_JUMP_THRESHOLD}. */
  threshold?: number;
}

/**
 * The implausible prices of one ticker inside `span`: a price whose log-return
 * r_d = log(P_d / P_{d−1}) exceeds `threshold` robust standard deviations and whose next move takes
 * at least half of it back (−r_{d+1} / r_d ≥ 1/2) — a spike, as a typo makes, rather than a crash,
 * which does not revert.
 *
 * Formula: σ = 1.4826 · median |r − median(r)| over the span's daily log-returns (the median absolute
 * deviation, consistent for a normal sample and untouched by a few wild values); flagged when
 * |r_d| > threshold · σ and −r_{d+1} / r_d ≥ 0.5. Missing prices (NaN) are skipped; the neighbours of
 * a date may lie just outside the span. A ticker with σ = 0 (constant prices) has no jumps.
 *
 * Reference: F. R. Hampel, "The influence curve and its role in robust estimation", JASA 69 (1974)
 * (the MAD as a robust scale); the Hampel identifier for outliers in time series.
 *
 * @param span - the dates to look at (default: the whole table).
 * @returns the jumps in date order.
 */
export function findPriceJumps(
  table: PriceTable,
  ticker: string,
  span?: DateSpan,
  options: FindPriceJumpsOptions = {},
): PriceJump[] {
  const threshold = options.threshold ?? DEFAULT_JUMP_THRESHOLD;
  assertOption(threshold > 0 && Number.isFinite(threshold), "threshold", threshold, "must be > 0 and finite");
  const c = columnOf(table, ticker);
  const column = table.prices[c]!;
  const origin = table.origins[c]!;
  const from = span?.startIndex ?? 0;
  const to = span?.endIndex ?? table.dates.length - 1;
  const usable = (d: number): boolean =>
    d >= 0 && d < column.length && column[d]! > 0 && column[d]! < Infinity;
  const returns: number[] = [];
  for (let d = Math.max(from, 1); d <= to; d++) {
    if (usable(d) && usable(d - 1)) returns.push(Math.log(column[d]! / column[d - 1]!));
  }
  if (returns.length < 3) return [];
  const center = quantile(returns, 0.5);
  const scale =
    MAD_TO_SIGMA *
    quantile(
      returns.map((r) => Math.abs(r - center)),
      0.5,
    );
  if (!(scale > 0)) return [];
  const jumps: PriceJump[] = [];
  for (let d = from; d <= to; d++) {
    if (!usable(d) || !usable(d - 1) || !usable(d + 1)) continue;
    const move = Math.log(column[d]! / column[d - 1]!);
    const back = Math.log(column[d + 1]! / column[d]!);
    if (Math.abs(move) > threshold * scale && -back / move >= 0.5) {
      jumps.push({
        ticker,
        date: table.dates[d]!,
        file: origin.file,
        line: origin.lines[d]!,
        price: column[d]!,
        previous: column[d - 1]!,
        next: column[d + 1]!,
        move,
        scale,
      });
    }
  }
  return jumps;
}

/**
 * Refuses the first implausible price ({@link findPriceJumps}) of any of `tickers` inside `span`,
 * with one line naming the file, line, ticker and date:
 * `prices.csv line 40: SPY price 2.46 on 2019-03-05 is implausible: -99.0% from 246.1, back to 247.3
 * the next day, 640 times the typical daily move (0.72%); fix it, or accept such prices with --accept-jumps`.
 */
export function checkPriceJumps(
  table: PriceTable,
  tickers: readonly string[],
  span: DateSpan,
  options: FindPriceJumpsOptions = {},
): void {
  for (const ticker of tickers) {
    const jump = findPriceJumps(table, ticker, span, options)[0];
    if (!jump) continue;
    const where = jump.line > 0 ? `${jump.file} line ${jump.line}` : jump.file;
    const percent = (x: number): string => `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)}%`;
    throw new HedgelabError(
      `${where}: ${ticker} price ${jump.price} on ${jump.date} is implausible: ${percent(Math.expm1(jump.move))} ` +
        `from ${jump.previous}, back to ${jump.next} the next day, ${Math.round(Math.abs(jump.move) / jump.scale)} times ` +
        `the typical daily move (${(100 * jump.scale).toFixed(2)}%); fix it, or accept such prices with --accept-jumps`,
    );
  }
}
