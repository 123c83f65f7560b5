import type { PriceTable } from "../data/price-table.js";
import { loadEmbeddedPrices, loadPrices } from "../data/load-prices.js";
import { validatePrices } from "../data/validate-prices.js";
import {
  chronologicalSplit,
  splitWindows,
  type DataSplit,
  type SplitBatches,
} from "../data/chronological-split.js";
import { HedgelabError } from "../errors.js";
import { periodSplit, type PeriodOptions } from "../data/date-periods.js";
import type { RunConfig } from "./run-config.js";
import type { MarketRegimes } from "./market-regimes.js";

/** The paper's study period, clipped to the data when the data are shorter. */
export const DEFAULT_PERIOD = { start: "2008-09-26", end: "2024-12-31" } as const;

/** Validated prices, their chronological split and the windows of every span, for all tickers of a run. */
export interface MarketData {
  table: PriceTable;
  /** Where the prices came from (file names). */
  sources: string[];
  /** Study period actually used (the configured one, or the paper's clipped to the data; with periods, train start..test end). */
  start: string;
  end: string;
  /** With periods given as dates: each period resolved to its first and last trading dates (`FROM..TO`). */
  periods?: PeriodOptions;
  /** Every ticker of every hedge set, in first-seen order. */
  tickers: string[];
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
  const table = prices ?? (files ? loadPrices(files) : loadEmbeddedPrices());
  const sources = [...new Set(table.origins.map((origin) => origin.file))];
  const tickers = [...new Set(config.hedgeSets.flat())];
  const { steps, stride, train, validation, periods } = config.data;
  if (periods) {
    const split = periodSplit(table, checkPeriods(config), steps);
    const windows = splitWindows(table, split, { tickers, steps, stride });
    const text = (s: { start: string; end: string }): string => `${s.start}..${s.end}`;
    return {
      table,
      sources,
      start: split.train.start,
      end: split.test.end,
      periods: {
        train: text(split.train),
        ...(periods.validation ? { validation: text(split.validation) } : {}),
        test: text(split.test),
      },
      tickers,
      split,
      windows,
    };
  }
  const first = table.dates[0] ?? DEFAULT_PERIOD.start;
  const last = table.dates[table.dates.length - 1] ?? DEFAULT_PERIOD.end;
  const start = config.data.start ?? (first > DEFAULT_PERIOD.start ? first : DEFAULT_PERIOD.start);
  const end = config.data.end ?? (last < DEFAULT_PERIOD.end ? last : DEFAULT_PERIOD.end);
  validatePrices(table, { tickers, start, end });
  const split = chronologicalSplit(table, { start, end, train, validation });
  const windows = splitWindows(table, split, { tickers, steps, stride });
  return { table, sources, start, end, tickers, split, windows };
}

/** The configured periods, checked for what the schema cannot see: a training period and no start/end. */
function checkPeriods(config: RunConfig): PeriodOptions {
  const { periods, start, end } = config.data;
  const given = Object.entries(periods ?? {}).find(([, v]) => v !== undefined);
  if (!periods?.train) {
    const [part, text] = given ?? ["test", ".."];
    throw new HedgelabError(
      `invalid data.periods.${part}: ${JSON.stringify(text)} (periods as dates need the training period as dates too, FROM..TO)`,
    );
  }
  for (const [key, value] of [
    ["data.start", start],
    ["data.end", end],
  ] as const) {
    if (value !== undefined)
      throw new HedgelabError(
        `invalid ${key}: ${JSON.stringify(value)} (the periods give the dates: leave data.start and data.end out with data.periods)`,
      );
  }
  return {
    train: periods.train,
    ...(periods.validation !== undefined ? { validation: periods.validation } : {}),
    ...(periods.test !== undefined ? { test: periods.test } : {}),
  };
}
