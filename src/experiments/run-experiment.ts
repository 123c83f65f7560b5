import { createRandom } from "../random/random-source.js";
import { selectAssets, type PathBatch } from "../data/path-batch.js";
import type { PriceTable } from "../data/price-table.js";
import { loadEmbeddedPrices, loadImpliedVolatility, loadPrices } from "../data/load-prices.js";
import { validatePrices, type DateSpan } from "../data/validate-prices.js";
import { chronologicalSplit } from "../data/chronological-split.js";
import { splitWindows } from "../data/chronological-split.js";
import { TRADING_DAYS_PER_YEAR } from "../generators/gbm.js";
import { EuropeanOption } from "../instruments/european-option.js";
import { DeltaHedge } from "../hedgers/delta-hedge.js";
import { NoHedge } from "../hedgers/no-hedge.js";
import type { HedgeContext, HedgingPolicy } from "../hedgers/hedging-policy.js";
import { volatilityFeature } from "../hedgers/volatility-feature.js";
import { evaluatePolicy, type StrategyEvaluation } from "../evaluation/evaluate-policy.js";
import { resolveRunConfig, type RunConfig, type StrategyName } from "./run-config.js";
import { VERSION } from "./version.js";

/** The paper's study period, clipped to the data when the data are shorter. */
export const DEFAULT_PERIOD = { start: "2008-09-26", end: "2024-12-31" } as const;

/** A span of the split with the number of windows cut from it. */
export interface SplitSummary extends DateSpan {
  /** Number of dates in the span. */
  dates: number;
  /** Number of windows of T + 1 dates lying inside the span. */
  windows: number;
}

/** Everything a run computed: what the CLI prints and writes. */
export interface RunResult {
  /** The resolved configuration, with the study period filled in. */
  config: RunConfig;
  /** hedgelab version. */
  version: string;
  /** Where the prices came from (file names). */
  sources: string[];
  /** The chronological split. */
  split: { train: SplitSummary; validation: SplitSummary; test: SplitSummary };
  /** Start and end dates of each test window, length N. */
  testWindows: { start: string[]; end: string[] };
  /** Lines worth telling the user (volatility estimates, fallbacks). */
  notes: string[];
  /** One evaluation per hedge set and strategy, in that order, on the test windows. */
  evaluations: StrategyEvaluation[];
}

/** Data a run may be given instead of reading files (for tests and library users). */
export interface RunInputs {
  /** Prices; default the files of `config.data.prices`, else the embedded data. */
  prices?: PriceTable;
  /** Implied volatilities; default `config.data.impliedVolatility`, else the embedded file. */
  impliedVolatility?: PriceTable;
}

/**
 * Runs the evaluation pipeline: loads and validates the prices, splits the study period
 * chronologically, cuts rolling windows, and evaluates every strategy on every hedge set on the
 * test windows. Pure computation apart from reading the price files: writing is `writeRun`'s job.
 *
 * @param input - a configuration (validated by {@link resolveRunConfig}).
 * @throws HedgelabError on bad data or options, with one readable line.
 */
export function runExperiment(input: unknown, inputs: RunInputs = {}): RunResult {
  const config = resolveRunConfig(input);
  const files = config.data.prices;
  const table = inputs.prices ?? (files ? loadPrices(files) : loadEmbeddedPrices());
  const sources = [...new Set(table.origins.map((origin) => origin.file))];
  const tickers = [...new Set(config.hedgeSets.flat())];
  const first = table.dates[0] ?? DEFAULT_PERIOD.start;
  const last = table.dates[table.dates.length - 1] ?? DEFAULT_PERIOD.end;
  const start = config.data.start ?? (first > DEFAULT_PERIOD.start ? first : DEFAULT_PERIOD.start);
  const end = config.data.end ?? (last < DEFAULT_PERIOD.end ? last : DEFAULT_PERIOD.end);
  const resolved: RunConfig = { ...config, data: { ...config.data, start, end } };
  validatePrices(table, { tickers, start, end });
  const { steps, stride } = config.data;
  const split = chronologicalSplit(table, {
    start,
    end,
    train: config.data.train,
    validation: config.data.validation,
  });
  const windows = splitWindows(table, split, { tickers, steps, stride });
  const test = windows.test;
  const option = new EuropeanOption(config.option);
  const dt = 1 / TRADING_DAYS_PER_YEAR;
  const { bootstrap, ...evaluation } = config.evaluation;
  const blockLength = bootstrap.blockLength === "auto" ? Math.ceil(steps / stride) : bootstrap.blockLength;

  const notes: string[] = [];
  const implied =
    config.strategies.includes("delta") && config.delta.volatility === "implied"
      ? (inputs.impliedVolatility ?? loadImpliedVolatility(config.data.impliedVolatility))
      : undefined;
  const volatilities = new Map<string, Float64Array>();
  const volatilityOf = (underlying: string): Float64Array => {
    let values = volatilities.get(underlying);
    if (!values) {
      const feature = volatilityFeature(config.delta.volatility, {
        table,
        ticker: underlying,
        windows: test,
        train: split.train,
        realizedWindow: config.delta.realizedWindow,
        ...(implied ? { implied } : {}),
      });
      notes.push(`delta hedge: ${feature.description}`);
      values = feature.values;
      volatilities.set(underlying, values);
    }
    return values;
  };

  const evaluations: StrategyEvaluation[] = [];
  config.hedgeSets.forEach((hedge) => {
    const paths = selectAssets(test, hedge);
    config.strategies.forEach((name) => {
      const context: HedgeContext = {
        paths,
        option,
        dt,
        ...(name === "delta" ? { volatility: volatilityOf(hedge[0]!) } : {}),
      };
      const policy = createPolicy(name, config);
      evaluations.push(
        // Every evaluation draws the same bootstrap resamples (common random numbers): a paired
        // comparison across strategies and hedge sets, and equal P&Ls get equal intervals.
        evaluatePolicy(policy, context, createRandom(config.seed), {
          ...evaluation,
          bootstrap: { ...bootstrap, blockLength },
        }),
      );
    });
  });

  const summarize = (span: DateSpan, batch: PathBatch): SplitSummary => ({
    ...span,
    dates: span.endIndex - span.startIndex + 1,
    windows: batch.n,
  });
  const startDates = test.startDates ?? [];
  return {
    config: resolved,
    version: VERSION,
    sources,
    split: {
      train: summarize(split.train, windows.train),
      validation: summarize(split.validation, windows.validation),
      test: summarize(split.test, test),
    },
    testWindows: {
      start: [...startDates],
      end: Array.from(test.startIndex ?? [], (d) => table.dates[d + steps]!),
    },
    notes,
    evaluations,
  };
}

function createPolicy(name: StrategyName, config: RunConfig): HedgingPolicy {
  switch (name) {
    case "delta":
      return new DeltaHedge({ rate: config.delta.rate });
    case "no-hedge":
      return new NoHedge();
  }
}
