import type { PriceTable } from "../data/price-table.js";
import { loadEmbeddedPrices, loadPrices } from "../data/load-prices.js";
import { tickerSpelling, validatePrices } from "../data/validate-prices.js";
import { checkCalendarGaps, describeCalendarGaps, findCalendarGaps } from "../data/calendar-gaps.js";
import { checkPriceJumps } from "../data/price-jumps.js";
import {
  chronologicalSplit,
  splitWindows,
  type DataSplit,
  type SplitBatches,
} from "../data/chronological-split.js";
import type { RunConfig } from "./run-config.js";
import type { MarketRegimes } from "./market-regimes.js";

/** The paper's study period, clipped to the data when the data are shorter. */
export const DEFAULT_PERIOD = { start: "2008-09-26", end: "2024-12-31" } as const;

/** Validated prices, their chronological split and the windows of every span, for all tickers of a run. */
export interface MarketData {
  table: PriceTable;
  /** Where the prices came from (file names). */
  sources: string[];
  /** Study period actually used (the configured one, or the paper's clipped to the data). */
  start: string;
  end: string;
  /** Every ticker of every hedge set, in first-seen order, spelled as in the price table. */
  tickers: string[];
  /** The configuration's hedge sets with their tickers spelled as in the price table (`spy`, not `SPY`). */
  hedgeSets: string[][];
  /** Lines worth telling the user about the data: the price column read, calendar gaps. */
  notes: string[];
  split: DataSplit;
  /** Rolling windows of each span, shape [N, T + 1, tickers] (with regime labels once `withRegimes` ran). */
  windows: SplitBatches;
  /** The regime model and day labels, when the run uses regimes (`withRegimes`). */
  regimes?: MarketRegimes;
}

/**
 * Loads (the configured files or the embedded data), validates and splits the prices of a run, and
 * cuts the rolling windows of each span.
 *
 * @param prices - a price table to use instead of reading files.
 * @throws HedgelabError on bad data or options, with one readable line.
 */
export function prepareMarketData(config: RunConfig, prices?: PriceTable): MarketData {
  const files = config.data.prices;
  const { priceColumn, maxGap, acceptJumps } = config.data;
  const table =
    prices ??
    (files ? loadPrices(files, priceColumn !== undefined ? { priceColumn } : {}) : loadEmbeddedPrices());
  const sources = [...new Set(table.origins.map((origin) => origin.file))];
  const hedgeSets = config.hedgeSets.map((set) => set.map((ticker) => tickerSpelling(table, ticker)));
  const tickers = [...new Set(hedgeSets.flat())];
  const first = table.dates[0] ?? DEFAULT_PERIOD.start;
  const last = table.dates[table.dates.length - 1] ?? DEFAULT_PERIOD.end;
  const start = config.data.start ?? (first > DEFAULT_PERIOD.start ? first : DEFAULT_PERIOD.start);
  const end = config.data.end ?? (last < DEFAULT_PERIOD.end ? last : DEFAULT_PERIOD.end);
  const span = validatePrices(table, { tickers, start, end });
  checkCalendarGaps(table, span, maxGap);
  if (!acceptJumps) checkPriceJumps(table, tickers, span);
  const notes: string[] = [];
  const gaps = describeCalendarGaps(findCalendarGaps(table, span));
  if (gaps) notes.push(gaps);
  const columns = new Map<string, string>();
  for (const origin of table.origins) {
    if (origin.column !== undefined && !/^adj\s*_?close$/i.test(origin.column))
      columns.set(origin.file, origin.column);
  }
  for (const [file, column] of columns) {
    notes.push(
      `prices of ${file} from its ${column} column (no Adj Close: not adjusted for dividends and splits; choose with --price-column)`,
    );
  }
  const { steps, stride, train, validation } = config.data;
  const split = chronologicalSplit(table, { start, end, train, validation });
  const windows = splitWindows(table, split, { tickers, steps, stride });
  return { table, sources, start, end, tickers, hedgeSets, notes, split, windows };
}
