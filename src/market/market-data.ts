import type { PriceTable } from "../data/price-table.js";
import { loadEmbeddedPrices, loadPrices } from "../data/load-prices.js";
import { tickerSpelling, validatePrices } from "../data/validate-prices.js";
import { hedgeTickers, respellEntry } from "../data/hedge-sets.js";
import { checkCalendarGaps, describeCalendarGaps, findCalendarGaps } from "../data/calendar-gaps.js";
import { checkPriceJumps } from "../data/price-jumps.js";
import {
  chronologicalSplit,
  splitWindows,
  type DataSplit,
  type SplitBatches,
} from "../data/chronological-split.js";
import { HedgelabError } from "../errors.js";
import { periodSplit, type PeriodOptions } from "../data/date-periods.js";
import { labelWindows, type MarketRegimes } from "./market-regimes.js";

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
  /** Every ticker of every hedge set, in first-seen order, spelled as in the price table. */
  tickers: string[];
  /**
   * The configuration's hedge sets with their tickers spelled as in the price table (`spy`, not `SPY`),
   * listed options (`AAPL:CALL60`) included.
   */
  hedgeSets: string[][];
  /** Lines worth telling the user about the data: the price column read, calendar gaps. */
  notes: string[];
  split: DataSplit;
  /** Rolling windows of each span, shape [N, T + 1, tickers] (with regime labels once `withRegimes` ran). */
  windows: SplitBatches;
  /** The regime model and day labels, when the run uses regimes (`withRegimes`). */
  regimes?: MarketRegimes;
}

/** What {@link prepareMarketData} reads of a run's configuration: the `data` section and the hedge sets. */
export interface MarketDataOptions {
  data: {
    /** Price CSV files; default the embedded data. */
    prices?: readonly string[] | undefined;
    priceColumn?: string | undefined;
    maxGap: number;
    acceptJumps: boolean;
    start?: string | undefined;
    end?: string | undefined;
    steps: number;
    stride: number;
    train: number;
    validation: number;
    periods?:
      { train?: string | undefined; validation?: string | undefined; test?: string | undefined } | undefined;
  };
  hedgeSets: readonly (readonly string[])[];
}

/**
 * Loads (the configured files or the embedded data), validates and splits the prices of a run, and
 * cuts the rolling windows of each span.
 *
 * @param prices - a price table to use instead of reading files.
 * @throws HedgelabError on bad data or options, with one readable line.
 */
export function prepareMarketData(config: MarketDataOptions, prices?: PriceTable): MarketData {
  const files = config.data.prices;
  const { priceColumn, maxGap, acceptJumps } = config.data;
  const table =
    prices ??
    (files ? loadPrices([...files], priceColumn !== undefined ? { priceColumn } : {}) : loadEmbeddedPrices());
  const sources = [...new Set(table.origins.map((origin) => origin.file))];
  const hedgeSets = config.hedgeSets.map((set) =>
    set.map((entry) => respellEntry(entry, (ticker) => tickerSpelling(table, ticker))),
  );
  const tickers = [...new Set(hedgeSets.flatMap(hedgeTickers))];
  const { steps, stride, train, validation, periods } = config.data;
  // Periods as dates are resolved first (from the dates alone); the prices are then checked over
  // the whole study period, train start to test end.
  const dated = periods ? periodSplit(table, checkPeriods(config), steps) : undefined;
  const last = table.dates[table.dates.length - 1] ?? DEFAULT_PERIOD.end;
  const start = dated?.train.start ?? studyStart(config.data.start, table);
  const end = dated?.test.end ?? config.data.end ?? (last < DEFAULT_PERIOD.end ? last : DEFAULT_PERIOD.end);
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
  const split = dated ?? chronologicalSplit(table, { start, end, train, validation });
  const windows = splitWindows(table, split, { tickers, steps, stride });
  const text = (s: { start: string; end: string }): string => `${s.start}..${s.end}`;
  return {
    table,
    sources,
    start,
    end,
    ...(periods
      ? {
          periods: {
            train: text(split.train),
            ...(periods.validation ? { validation: text(split.validation) } : {}),
            test: text(split.test),
          },
        }
      : {}),
    tickers,
    hedgeSets,
    notes,
    split,
    windows,
  };
}

/**
 * The first date of a study without periods as dates: the configured start, else the paper's
 * (2008-09-26), or the data's first date when the data start later.
 */
export function studyStart(configured: string | undefined, table: PriceTable): string {
  const first = table.dates[0] ?? DEFAULT_PERIOD.start;
  return configured ?? (first > DEFAULT_PERIOD.start ? first : DEFAULT_PERIOD.start);
}

/** The configured periods, checked for what the schema cannot see: a training period and no start/end. */
function checkPeriods(config: MarketDataOptions): PeriodOptions {
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

/**
 * `data` with the regimes of the run: every window labelled with the regime of each of its dates
 * (`labelWindows`), so that hedgers fed regime labels see them on market paths too. The regimes are
 * fitted on the training span only (`fitMarketRegimes`).
 */
export function withRegimes(data: MarketData, regimes: MarketRegimes): MarketData {
  const { train, validation, test } = data.windows;
  return {
    ...data,
    regimes,
    windows: {
      train: labelWindows(train, regimes),
      validation: labelWindows(validation, regimes),
      test: labelWindows(test, regimes),
    },
  };
}

/**
 * `config` with the study period it ran on: start and end filled in (fractions), or each period
 * resolved to its first and last trading dates (periods as dates), so that `config.json` replays it.
 */
export function withStudyPeriod<C extends { data: object }>(config: C, data: MarketData): C {
  if (data.periods) return { ...config, data: { ...config.data, periods: data.periods } };
  return { ...config, data: { ...config.data, start: data.start, end: data.end } };
}
