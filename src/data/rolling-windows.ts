import { assertOption, HedgelabError } from "../errors.js";
import { spanLength, type DateSpan } from "./date-span.js";
import { createPathBatch, type PathBatch } from "./path-batch.js";
import type { PriceTable } from "./price-table.js";
import { columnOf, validatePrices } from "./validate-prices.js";

/** T, the number of daily steps of a market window (30 trading days, as the paper). */
export const DEFAULT_STEPS = 30;

/** The level every asset of a window is rebased to at its first date. */
export const DEFAULT_REBASE = 100;

/** Options of {@link rollingWindows}. */
export interface RollingWindowsOptions {
  /** The assets, in the order of the batch's last axis (the first is the option's underlying). */
  readonly tickers: readonly string[];
  /** T, steps per window; each window has T + 1 consecutive dates (default {@link DEFAULT_STEPS}). */
  readonly steps?: number;
  /** Trading days between the starts of consecutive windows (default 1: every start date). */
  readonly stride?: number;
  /** The dates windows must lie in, usually from `validatePrices` or `chronologicalSplit`. */
  readonly span: DateSpan;
  /** The level S_0 of every asset of every window (default {@link DEFAULT_REBASE}). */
  readonly rebase?: number;
}

/**
 * Cuts a price table into overlapping windows of T + 1 consecutive trading dates, each lying fully
 * inside `span`: window i starts at table index s_i = span.startIndex + i·stride, for every s_i with
 * s_i + T ≤ span.endIndex, so N = ⌊(D − 1 − T) / stride⌋ + 1 for a span of D dates.
 * Each asset is rebased: S_t = rebase · P(s_i + t) / P(s_i), so every S_0 equals `rebase`.
 *
 * The prices in the span are checked first with `validatePrices` (gaps are an error, never filled).
 *
 * @returns a batch of shape [N, T + 1, H] with `startDates` (the date of each S_0) and
 *   `startIndex` (s_i, an index into `table.dates`).
 * @throws HedgelabError for an invalid option (`invalid stride: 0 (must be a positive integer)`), a
 *   span that does not match the table, invalid prices, or too little history
 *   (`too little history: 2024-12-02..2024-12-31 has 21 dates, one window of T = 30 steps needs 31`).
 */
export function rollingWindows(table: PriceTable, options: RollingWindowsOptions): PathBatch {
  const { tickers, span } = options;
  const steps = options.steps ?? DEFAULT_STEPS;
  const stride = options.stride ?? 1;
  const rebase = options.rebase ?? DEFAULT_REBASE;
  assertOption(Number.isInteger(steps) && steps >= 1, "steps", steps, "must be a positive integer");
  assertOption(Number.isInteger(stride) && stride >= 1, "stride", stride, "must be a positive integer");
  assertOption(Number.isFinite(rebase) && rebase > 0, "rebase", rebase, "must be a finite number > 0");
  checkSpan(table, span);
  const dates = spanLength(span);
  if (dates < steps + 1) {
    throw new HedgelabError(
      `too little history: ${span.start}..${span.end} has ${dates} date${dates === 1 ? "" : "s"}, ` +
        `one window of T = ${steps} steps needs ${steps + 1}`,
    );
  }
  validatePrices(table, { tickers, start: span.start, end: span.end });
  const n = Math.floor((dates - 1 - steps) / stride) + 1;
  const assets = tickers.length;
  const columns = tickers.map((ticker) => table.prices[columnOf(table, ticker)]!);
  const values = new Float64Array(n * (steps + 1) * assets);
  const startDates: string[] = new Array<string>(n);
  const startIndex = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = span.startIndex + i * stride;
    startDates[i] = table.dates[s]!;
    startIndex[i] = s;
    for (let h = 0; h < assets; h++) {
      const column = columns[h]!;
      const first = column[s]!;
      for (let t = 0; t <= steps; t++) {
        const value = (column[s + t]! / first) * rebase;
        if (!(value < Infinity)) {
          throw new HedgelabError(
            `${tickers[h]} price ${column[s + t]} on ${table.dates[s + t]} is too large against ${first} on ` +
              `${table.dates[s]}: the window rebased to ${rebase} overflows (a price that cannot be right?)`,
          );
        }
        values[(i * (steps + 1) + t) * assets + h] = value;
      }
    }
  }
  return createPathBatch(values, { n, steps, tickers }, { startDates, startIndex });
}

/** Fails unless `span` names existing, matching dates of `table` (an empty span is allowed). */
function checkSpan(table: PriceTable, span: DateSpan): void {
  const { dates } = table;
  const { startIndex, endIndex } = span;
  const ok =
    Number.isInteger(startIndex) &&
    Number.isInteger(endIndex) &&
    startIndex >= 0 &&
    endIndex < dates.length &&
    endIndex >= startIndex - 1 &&
    (endIndex < startIndex || (dates[startIndex] === span.start && dates[endIndex] === span.end));
  if (!ok) {
    throw new HedgelabError(
      `invalid span: ${span.start}..${span.end} at indices ${startIndex}..${endIndex} does not match the price table's dates`,
    );
  }
}
