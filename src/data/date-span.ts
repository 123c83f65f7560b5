import { assertOption, HedgelabError } from "../errors.js";
import { isIsoDate } from "./iso-date.js";
import { describePriceFiles } from "./price-files.js";
import type { PriceTable } from "./price-table.js";

/**
 * A run of consecutive trading dates of a {@link PriceTable}: `table.dates[startIndex..endIndex]`,
 * both ends inclusive, so it holds `endIndex − startIndex + 1` dates. `start` and `end` are the
 * dates at those indices (trading days, which may lie inside the range the user asked for).
 *
 * An empty span (only an unused validation part of a split) has `endIndex = startIndex − 1`.
 */
export interface DateSpan {
  /** First date, ISO `YYYY-MM-DD`: `table.dates[startIndex]`. */
  readonly start: string;
  /** Last date, ISO `YYYY-MM-DD`: `table.dates[endIndex]`. */
  readonly end: string;
  /** Index of `start` in `table.dates`. */
  readonly startIndex: number;
  /** Index of `end` in `table.dates` (inclusive). */
  readonly endIndex: number;
}

/** A date range as a user writes it; a missing end means the table's first or last date. */
export interface DateRangeOptions {
  /** First date, ISO `YYYY-MM-DD`, inclusive (default: the table's first date). */
  readonly start?: string | undefined;
  /** Last date, ISO `YYYY-MM-DD`, inclusive (default: the table's last date). */
  readonly end?: string | undefined;
}

/** The number of dates in `span` (0 for an empty span). */
export function spanLength(span: DateSpan): number {
  return span.endIndex - span.startIndex + 1;
}

/**
 * Checks that `start` and `end`, when given, are real `YYYY-MM-DD` dates with start ≤ end.
 *
 * @throws HedgelabError `invalid start: "2008-9-26" (expected a date YYYY-MM-DD)` or
 *   `invalid range: start 2024-01-01 is after end 2023-01-01`.
 */
export function checkDateRange(options: DateRangeOptions): void {
  const { start, end } = options;
  if (start !== undefined) assertOption(isIsoDate(start), "start", start, "expected a date YYYY-MM-DD");
  if (end !== undefined) assertOption(isIsoDate(end), "end", end, "expected a date YYYY-MM-DD");
  if (start !== undefined && end !== undefined && start > end) {
    throw new HedgelabError(`invalid range: start ${start} is after end ${end}`);
  }
}

/**
 * The trading dates of `table` inside [start, end], as a {@link DateSpan}.
 *
 * @param tickers - the tickers the range is for; only their files are named in messages.
 * @throws HedgelabError for a malformed range ({@link checkDateRange}), a range reaching outside the
 *   data (`start 2001-01-02 is before the first date 2004-01-02 of prices.csv`), or one that holds
 *   no trading date.
 */
export function resolveDateSpan(
  table: PriceTable,
  options: DateRangeOptions = {},
  tickers?: readonly string[],
): DateSpan {
  checkDateRange(options);
  const { dates } = table;
  const files = (): string => describePriceFiles(table, tickers);
  if (dates.length === 0) throw new HedgelabError(`${files()} has no dates`);
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;
  const start = options.start ?? first;
  const end = options.end ?? last;
  if (start < first)
    throw new HedgelabError(`start ${start} is before the first date ${first} of ${files()}`);
  if (end > last) throw new HedgelabError(`end ${end} is after the last date ${last} of ${files()}`);
  if (start > last) throw new HedgelabError(`start ${start} is after the last date ${last} of ${files()}`);
  if (end < first) throw new HedgelabError(`end ${end} is before the first date ${first} of ${files()}`);
  const startIndex = lowerBound(dates, start);
  const after = lowerBound(dates, end, startIndex);
  const endIndex = dates[after] === end ? after : after - 1;
  if (endIndex < startIndex) throw new HedgelabError(`no trading dates in ${start}..${end} of ${files()}`);
  return { start: dates[startIndex]!, end: dates[endIndex]!, startIndex, endIndex };
}

/** The first index i ≥ from with dates[i] ≥ date (dates.length if none); dates increase. */
function lowerBound(dates: readonly string[], date: string, from = 0): number {
  let lo = from;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (dates[mid]! < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
