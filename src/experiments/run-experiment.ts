import { createRandom } from "../random/random-source.js";
import { selectAssets, type PathBatch } from "../data/path-batch.js";
import type { PriceTable } from "../data/price-table.js";
import { loadImpliedVolatility } from "../data/load-prices.js";
import type { DateSpan } from "../data/date-span.js";
import { TRADING_DAYS_PER_YEAR } from "../generators/gbm.js";
import { EuropeanOption } from "../instruments/european-option.js";
import { DeltaHedge } from "../hedgers/delta-hedge.js";
import { NoHedge } from "../hedgers/no-hedge.js";
import type { HedgeContext, HedgingPolicy } from "../hedgers/hedging-policy.js";
import { volatilityFeature } from "../hedgers/volatility-feature.js";
import { evaluatePolicy, type StrategyEvaluation } from "../evaluation/evaluate-policy.js";
import { assertFiniteEvaluation } from "../evaluation/assert-finite-evaluation.js";
import type { EpochRecord } from "../training/fit.js";
import { prepareMarketData, type MarketData } from "./market-data.js";
import { withRegimes } from "./market-regimes.js";
import { resolveRunConfig, type RunConfig } from "./run-config.js";
import { trainPolicy, type TrainedPolicy, type TrainingHooks } from "./train-policy.js";
import { VERSION } from "./version.js";

export { DEFAULT_PERIOD } from "./market-data.js";

/** A span of the split with the number of windows cut from it. */
export interface SplitSummary extends DateSpan {
  /** Number of dates in the span. */
  dates: number;
  /** Number of windows of T + 1 dates lying inside the span. */
  windows: number;
}

/** How a trained strategy was trained on one hedge set. */
export interface TrainingSummary {
  hedge: string[];
  strategy: string;
  /** The policy's description. */
  model: string;
  /** Where its training paths came from. */
  source: string;
  history: EpochRecord[];
  bestEpoch: number;
  stoppedEarly: boolean;
  diverged?: string;
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
  /** Lines worth telling the user (volatility estimates, fallbacks, training outcomes). */
  notes: string[];
  /** How each trained strategy was trained, per hedge set. */
  training: TrainingSummary[];
  /** One evaluation per hedge set and strategy, in that order, on the test windows. */
  evaluations: StrategyEvaluation[];
}

/** Data a run may be given instead of reading files (for tests and library users). */
export interface RunInputs {
  /** Prices; default the files of `config.data.prices`, else the embedded data. */
  prices?: PriceTable;
  /** Implied volatilities; default `config.data.impliedVolatility`, else the embedded file. */
  impliedVolatility?: PriceTable;
  /** Already trained hedgers by hedge-set label (`AAPL+MSFT`), used instead of training. */
  trained?: ReadonlyMap<string, TrainedPolicy>;
}

/** Progress callbacks of a run: training starts and epochs, per hedge set. */
export interface RunHooks {
  /** Returns the hooks of the training of `strategy` on `hedge` (a progress bar). */
  training?: (hedge: readonly string[], strategy: string) => TrainingHooks;
}

/**
 * Runs the evaluation pipeline: loads and validates the prices, splits the study period
 * chronologically, cuts rolling windows, trains the neural hedgers on the training windows (with
 * validation), and evaluates every strategy on every hedge set on the test windows. Pure
 * computation apart from reading the price files: writing is `writeRunFolder`'s job.
 *
 * @param input - a configuration (validated by {@link resolveRunConfig}).
 * @throws HedgelabError on bad data or options, with one readable line.
 */
export function runExperiment(input: unknown, inputs: RunInputs = {}, hooks: RunHooks = {}): RunResult {
  const config = resolveRunConfig(input);
  const data = prepareRunData(config, inputs.prices);
  const resolved: RunConfig = { ...config, data: { ...config.data, start: data.start, end: data.end } };
  const { steps } = config.data;
  const { train, validation, test } = data.windows;
  const notes: string[] = [...data.notes];
  if (data.regimes) notes.push(describeRegimes(data));
  const training: TrainingSummary[] = [];
  const volatilityOf = volatilityCache(config, data, inputs, notes);
  const option = new EuropeanOption(config.option);
  const evaluations: StrategyEvaluation[] = [];

  for (const hedge of data.hedgeSets) {
    const paths = selectAssets(test, hedge);
    for (const name of config.strategies) {
      let policy: HedgingPolicy;
      let trained: TrainedPolicy | undefined;
      if (name === "rnn") {
        trained =
          inputs.trained?.get(hedge.join("+")) ??
          trainPolicy(config, hedge, data, hooks.training?.(hedge, name));
        policy = trained.policy;
        const { fit } = trained;
        training.push({
          hedge,
          strategy: name,
          model: String(trained.policy),
          source: trained.source ?? "a saved model",
          history: fit.history,
          bestEpoch: fit.bestEpoch,
          stoppedEarly: fit.stoppedEarly,
          ...(fit.diverged ? { diverged: fit.diverged } : {}),
        });
        if (fit.diverged) notes.push(`rnn on ${hedge.join("+")}: ${fit.diverged}`);
      } else {
        policy = name === "delta" ? new DeltaHedge({ rate: config.delta.rate }) : new NoHedge();
      }
      const context: HedgeContext = {
        paths,
        option,
        dt: 1 / TRADING_DAYS_PER_YEAR,
        ...(name === "delta" ? { volatility: volatilityOf(hedge[0]!) } : {}),
      };
      const { bootstrap, ...evaluation } = config.evaluation;
      const blockLength =
        bootstrap.blockLength === "auto" ? Math.ceil(steps / config.data.stride) : bootstrap.blockLength;
      // Every evaluation draws the same bootstrap resamples (common random numbers): a paired
      // comparison across strategies and hedge sets, and equal P&Ls get equal intervals.
      const result = evaluatePolicy(policy, context, createRandom(config.seed), {
        ...evaluation,
        bootstrap: { ...bootstrap, blockLength },
      });
      assertFiniteEvaluation(result, test.startDates ?? []);
      evaluations.push(result);
      if (trained && !inputs.trained) trained.policy.dispose();
    }
  }

  const summarize = (span: DateSpan, batch: PathBatch): SplitSummary => ({
    ...span,
    dates: span.endIndex - span.startIndex + 1,
    windows: batch.n,
  });
  return {
    config: resolved,
    version: VERSION,
    sources: data.sources,
    split: {
      train: summarize(data.split.train, train),
      validation: summarize(data.split.validation, validation),
      test: summarize(data.split.test, test),
    },
    testWindows: {
      start: [...(test.startDates ?? [])],
      end: Array.from(test.startIndex ?? [], (d) => data.table.dates[d + steps]!),
    },
    notes,
    training,
    evaluations,
  };
}

/** One line on the fitted regime model: K, covariance type, BIC, days per regime. */
export function describeRegimes(data: MarketData): string {
  const regimes = data.regimes!;
  const { mixture, selection, universe, market } = regimes.model;
  const best = selection.find(
    (c) => c.components === mixture.components && c.covariance === mixture.covariance,
  );
  const trainDays = data.split.train.endIndex - data.split.train.startIndex + 1;
  const counts = new Array<number>(mixture.components).fill(0);
  for (let k = 0; k < trainDays; k++) counts[regimes.labels[k]!]!++;
  return (
    `regimes: K = ${mixture.components} (${mixture.covariance} covariance) chosen by BIC` +
    (best ? ` ${best.bic.toFixed(1)} (log-likelihood ${best.logLikelihood.toFixed(1)})` : "") +
    ` among ${selection.length} mixtures of the ${market} / ${universe.length}-stock features; training days per regime ${counts.join(", ")}`
  );
}

/**
 * The run's market data, with regimes (model and window labels) when `regimes` (default: when a
 * hedger trains on the regime source): the model is fitted on the training span only.
 */
export function prepareRunData(
  config: RunConfig,
  prices?: PriceTable,
  regimes: boolean = config.training.data === "regime-bs" && config.strategies.includes("rnn"),
): MarketData {
  const data = prepareMarketData(config, prices);
  if (!regimes) return data;
  const { regime } = config;
  return withRegimes(
    data,
    {
      market: regime.market,
      components: regime.components,
      covariances: regime.covariances,
      restarts: regime.restarts,
      tolerance: regime.tolerance,
      ...(regime.universe ? { universe: regime.universe } : {}),
    },
    createRandom(config.training.seed ?? config.seed).fork(2),
  );
}

/** The delta hedge's volatility feature on the test windows, computed once per underlying. */
function volatilityCache(
  config: RunConfig,
  data: MarketData,
  inputs: RunInputs,
  notes: string[],
): (underlying: string) => Float64Array {
  const implied =
    config.strategies.includes("delta") && config.delta.volatility === "implied"
      ? (inputs.impliedVolatility ?? loadImpliedVolatility(config.data.impliedVolatility))
      : undefined;
  const cache = new Map<string, Float64Array>();
  return (underlying) => {
    let values = cache.get(underlying);
    if (!values) {
      const feature = volatilityFeature(config.delta.volatility, {
        table: data.table,
        ticker: underlying,
        windows: data.windows.test,
        train: data.split.train,
        realizedWindow: config.delta.realizedWindow,
        ...(implied ? { implied } : {}),
      });
      notes.push(`delta hedge: ${feature.description}`);
      values = feature.values;
      cache.set(underlying, values);
    }
    return values;
  };
}
