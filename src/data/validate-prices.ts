import { assertOption, HedgelabError } from "../errors.js";
import {
  checkDateRange,
  resolveDateSpan,
  spanLength,
  type DateRangeOptions,
  type DateSpan,
} from "./date-span.js";
import { describePriceFiles } from "./price-files.js";
import type { PriceTable } from "./price-table.js";

/** {@link DateSpan} is defined in `date-span.ts`; re-exported here, where callers look for it. */
export type { DateSpan } from "./date-span.js";

/** Options of {@link validatePrices}. */
export interface ValidatePricesOptions extends DateRangeOptions {
  /** The tickers that will be used, at least one, each once. */
  readonly tickers: readonly string[];
}

/**
 * Checks that `table` can serve the given tickers over [start, end] and returns that range's
 * trading dates. Gaps are reported, never filled. The checks, in order, each failing with one line:
 *
 * 1. `start`/`end` are real `YYYY-MM-DD` dates and start ≤ end;
 * 2. every ticker is in the table (`unknown ticker XYZ in prices.csv (has AAPL, MSFT, … 45 tickers)`);
 * 3. the range lies inside the data (`start 2001-01-02 is before the first date 2004-01-02 of prices.csv`);
 * 4. per ticker, no missing price in the span (`AAPL has 3 missing prices in 2008-09-26..2024-12-31
 *    (first on 2012-03-05, prices.csv line 2050); hedgelab does not fill gaps`, or, for a ticker listed
 *    after the start, `META has no price before 2012-05-18 (prices.csv), but the range starts 2008-09-26`);
 * 5. per ticker, every price is finite and > 0 (`prices.csv line 40: MSFT price -3 on 2009-01-05 is not positive`).
 *
 * @param options - tickers, and the range (default: the table's first and last dates).
 * @returns the span of trading dates in [start, end].
 */
export function validatePrices(table: PriceTable, options: ValidatePricesOptions): DateSpan {
  checkDateRange(options);
  checkTickers(table, options.tickers);
  const span = resolveDateSpan(table, options, options.tickers);
  for (const ticker of options.tickers) {
    checkGaps(table, ticker, span);
    checkPositive(table, ticker, span);
  }
  return span;
}

/**
 * The dates inside `span` on which `ticker` has no price (NaN), in order: for reports.
 *
 * @param span - the dates to look at (default: the whole table).
 * @throws HedgelabError for a ticker the table does not have.
 */
export function findGaps(table: PriceTable, ticker: string, span?: DateSpan): string[] {
  const column = table.prices[columnOf(table, ticker)]!;
  const from = span?.startIndex ?? 0;
  const to = span?.endIndex ?? table.dates.length - 1;
  const gaps: string[] = [];
  for (let d = from; d <= to; d++) if (Number.isNaN(column[d]!)) gaps.push(table.dates[d]!);
  return gaps;
}

/**
 * The column index of `ticker` in `table`.
 *
 * @throws HedgelabError `unknown ticker XYZ in prices.csv (has AAPL, MSFT, … 45 tickers)`.
 */
export function columnOf(table: PriceTable, ticker: string): number {
  const c = table.tickers.indexOf(ticker);
  if (c >= 0) return c;
  const { tickers } = table;
  const listed =
    tickers.length <= 6
      ? tickers.join(", ")
      : `${tickers.slice(0, 5).join(", ")}, … ${tickers.length} tickers`;
  const near = tickers.find((name) => name.toUpperCase() === ticker.trim().toUpperCase());
  throw new HedgelabError(
    `unknown ticker ${ticker} in ${describePriceFiles(table)} (has ${listed || "no tickers"})${near ? `; did you mean ${near}?` : ""}`,
  );
}

/**
 * The spelling `table` uses for `ticker`: the ticker itself when the table has it, else the one
 * column that matches it ignoring case (`--hedge spy` on a file with a `spy` column gives `spy`),
 * else `ticker` unchanged (for {@link columnOf} to refuse).
 */
export function tickerSpelling(table: PriceTable, ticker: string): string {
  if (table.tickers.includes(ticker)) return ticker;
  const matches = table.tickers.filter((name) => name.toUpperCase() === ticker.toUpperCase());
  return matches.length === 1 ? matches[0]! : ticker;
}

function checkTickers(table: PriceTable, tickers: readonly string[]): void {
  assertOption(tickers.length > 0, "tickers", tickers, "name at least one ticker");
  tickers.forEach((ticker, k) => {
    assertOption(tickers.indexOf(ticker) === k, "tickers", tickers, `${ticker} is named twice`);
    columnOf(table, ticker);
  });
}

function checkGaps(table: PriceTable, ticker: string, span: DateSpan): void {
  const c = columnOf(table, ticker);
  const column = table.prices[c]!;
  const origin = table.origins[c]!;
  const { dates } = table;
  let missing = 0;
  let first = -1;
  let last = -1;
  for (let d = span.startIndex; d <= span.endIndex; d++) {
    if (!Number.isNaN(column[d]!)) continue;
    missing++;
    if (first < 0) first = d;
    last = d;
  }
  if (missing === 0) return;
  const range = `${span.start}..${span.end}`;
  if (missing === spanLength(span)) {
    const priced = column.findIndex((v) => !Number.isNaN(v));
    const has = priced < 0 ? "it has no price at all" : `its first price is on ${dates[priced]!}`;
    throw new HedgelabError(`${ticker} has no price in ${range} (${origin.file}; ${has})`);
  }
  if (first === span.startIndex && last - first + 1 === missing) {
    throw new HedgelabError(
      `${ticker} has no price before ${dates[last + 1]!} (${origin.file}), but the range starts ${span.start}`,
    );
  }
  const line = origin.lines[first]!;
  const where = line > 0 ? `${origin.file} line ${line}` : `a date ${origin.file} does not have`;
  throw new HedgelabError(
    `${ticker} has ${missing} missing price${missing === 1 ? "" : "s"} in ${range} ` +
      `(first on ${dates[first]!}, ${where}); hedgelab does not fill gaps`,
  );
}

function checkPositive(table: PriceTable, ticker: string, span: DateSpan): void {
  const c = columnOf(table, ticker);
  const column = table.prices[c]!;
  const origin = table.origins[c]!;
  for (let d = span.startIndex; d <= span.endIndex; d++) {
    const price = column[d]!;
    if (price > 0 && price < Infinity) continue;
    const problem = price > 0 ? "is not finite" : "is not positive";
    throw new HedgelabError(
      `${origin.file} line ${origin.lines[d]!}: ${ticker} price ${price} on ${table.dates[d]!} ${problem}`,
    );
  }
}
