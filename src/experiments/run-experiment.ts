import { createRandom } from "../random/random-source.js";
import { selectAssets, type PathBatch } from "../data/path-batch.js";
import type { PriceTable } from "../data/price-table.js";
import { loadImpliedVolatility } from "../data/load-prices.js";
import type { DateSpan } from "../data/date-span.js";
import { DeltaHedge } from "../hedgers/delta-hedge.js";
import { EnsemblePolicy } from "../hedgers/ensemble-policy.js";
import { NoHedge } from "../hedgers/no-hedge.js";
import type { HedgingPolicy } from "../hedgers/hedging-policy.js";
import type { StrategyEvaluation } from "../evaluation/evaluate-policy.js";
import { fittedParameters, type Period } from "./fitted-parameters.js";
import { modelFileOf, type ModelFile } from "./model-file.js";
import { deltaVolatility, evaluateStrategy, pairWithDelta } from "./strategy-evaluation.js";
import type { EpochRecord } from "../training/fit.js";
import { holdingSurface } from "../evaluation/holding-surface.js";
import type { RegimeTimeline, ReportSurface, ReturnSamples } from "../report/report-data.js";
import { prepareMarketData, type MarketData } from "./market-data.js";
import type { RegimeModelOptions } from "../generators/regime-model.js";
import { regimeTimeline, windowReturns, withRegimes } from "./market-regimes.js";
import {
  resolveRunConfig,
  runSources,
  type RunConfig,
  type SourceName,
  type NeuralStrategy,
} from "./run-config.js";
import type { TrainedPolicy, TrainingHooks } from "./train-policy.js";
import { obtainLearnedCell, type LearnedCell, type LearnedCellContext } from "./learned-cell.js";
import { priceFingerprint, type RunCache } from "./run-cache.js";
import { VERSION } from "./version.js";
import { generatorQuality } from "./generator-quality.js";
import type { QualityRow } from "../evaluation/path-quality.js";

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
  /** The training source by name, as in the configuration (`market`, `regime-bs`), when known. */
  data?: string;
  history: EpochRecord[];
  bestEpoch: number;
  stoppedEarly: boolean;
  diverged?: string;
  /** Validation risk of the initial weights (a residual policy's: the delta hedge's), when measured. */
  initialRisk?: number;
}

/** A saved model scored by `evaluate`: where it came from and the periods it was trained on. */
export interface EvaluatedModel {
  /** The model's name (its folder) and the strategy label of its rows. */
  name: string;
  strategy: string;
  hedge: string[];
  /** The periods of its training run. */
  train: Period;
  validation?: Period;
  /** Whether the test windows lie outside its training and validation periods. */
  sample: "out-of-sample" | "in-sample";
}

/** Everything a run computed: what the CLI prints and writes. */
export interface RunResult {
  /** The resolved configuration, with the study period filled in. */
  config: RunConfig;
  /** hedgelab version. */
  version: string;
  /** Where the prices came from (file names). */
  sources: string[];
  /** The periods: `run` fills all three; `evaluate` the test period (each model's are in `models`). */
  split: { train?: SplitSummary; validation?: SplitSummary; test: SplitSummary };
  /** Start and end dates of each test window, length N. */
  testWindows: { start: string[]; end: string[] };
  /** Lines worth telling the user (volatility estimates, fallbacks, training outcomes). */
  notes: string[];
  /** How each trained strategy was trained, per hedge set. */
  training: TrainingSummary[];
  /** One evaluation per hedge set and strategy, in that order, on the test windows. */
  evaluations: StrategyEvaluation[];
  /** The hedgers `run` trained, as model files (`<folder>/models/<label>/model.json`), by label. */
  models?: { label: string; model: ModelFile }[];
  /** The saved models `evaluate` scored. */
  evaluated?: EvaluatedModel[];
  /** Training source of each evaluation of a learned strategy, by index in `evaluations` (`market`, `regime-bs`). */
  evaluationSources?: (string | undefined)[];
  /** Holding surface of every evaluation on the test windows (the report's Figure 4). */
  surfaces?: ReportSurface[];
  /** Window returns of the first hedge set's underlying: each source's training set, market validation and test (Figure 1). */
  returns?: ReturnSamples;
  /** The market proxy and the regime of every day, when the run fitted regimes (Figure 2). */
  regimes?: RegimeTimeline;
  /** The generators' quality rows, when a learned hedger trained on generated paths ({@link generatorQuality}). */
  quality?: QualityRow[];
}

/** Data a run may be given instead of reading files (for tests and library users). */
export interface RunInputs {
  /** Prices; default the files of `config.data.prices`, else the embedded data. */
  prices?: PriceTable;
  /** Implied volatilities; default `config.data.impliedVolatility`, else the embedded file. */
  impliedVolatility?: PriceTable;
  /** Already trained hedgers by hedge-set label (`AAPL+MSFT`), used instead of training. */
  trained?: ReadonlyMap<string, TrainedPolicy>;
  /** Where generated paths and trained models are cached by the hash of what made them; default none. */
  cache?: RunCache;
}

/** Progress callbacks of a run: the periods before training, then training per hedge set. */
export interface RunHooks {
  /** Called once the data are split, before any training: the periods each part uses. */
  periods?: (split: RunResult["split"]) => void;
  /** Returns the hooks of the training of one cell of the grid (a progress bar, checkpoints); called for cached cells too. */
  training?: (cell: LearnedCell) => TrainingHooks;
  /** Receives a line when something optional fails (a cache entry that cannot be written). */
  warn?: (line: string) => void;
  /** Progress of the regime model's mixture fits, when the run uses regimes. */
  regimes?: RegimeModelOptions["onCandidate"];
}

/**
 * Runs the evaluation pipeline: loads and validates the prices, splits the study period
 * chronologically (fractions, or periods given as dates), cuts rolling windows, trains the neural
 * hedgers on the training windows (with validation), and evaluates every strategy on every hedge
 * set on the test windows. Every fitted parameter of a trained hedger (training volatility,
 * regime model, periods) is kept with it in `models`, so `evaluate` can score it on other data
 * exactly as here. Pure computation apart from reading the price files: writing is `writeRunFolder`'s job.
 *
 * @param input - a configuration (validated by {@link resolveRunConfig}).
 * @throws HedgelabError on bad data or options, with one readable line.
 */
export function runExperiment(input: unknown, inputs: RunInputs = {}, hooks: RunHooks = {}): RunResult {
  const config = resolveRunConfig(input);
  const data = prepareRunData(config, inputs.prices, undefined, hooks.regimes);
  const resolved = withStudyPeriod(config, data);
  const { train, validation, test } = data.windows;
  const notes: string[] = [...data.notes];
  const last = data.table.dates[data.table.dates.length - 1]!;
  if (!config.data.periods && config.data.end === undefined && last > data.end) {
    notes.push(
      `the prices run to ${last} but the study period stops at ${data.end} (the paper's end): ` +
        `give --end ${last}, or the periods as dates (--train, --validation, --test FROM..), to use the later dates`,
    );
  }
  if (data.regimes) notes.push(describeRegimes(data));
  const summarize = (span: DateSpan, batch: PathBatch): SplitSummary => ({
    ...span,
    dates: span.endIndex - span.startIndex + 1,
    windows: batch.n,
  });
  const split = {
    train: summarize(data.split.train, train),
    validation: summarize(data.split.validation, validation),
    test: summarize(data.split.test, test),
  };
  const implied =
    config.strategies.includes("delta") && config.delta.volatility === "implied"
      ? (inputs.impliedVolatility ?? loadImpliedVolatility(config.data.impliedVolatility))
      : undefined;
  hooks.periods?.(split);
  const training: TrainingSummary[] = [];
  const models: { label: string; model: ModelFile }[] = [];
  const volatilities = new Map<string, Float64Array>();
  const evaluations: StrategyEvaluation[] = [];
  const evaluationSources: (string | undefined)[] = [];
  const surfaces: ReportSurface[] = [];
  const trainingReturns: Record<string, Float64Array> = {};
  const sources = runSources(config);
  // The grid: every learned strategy once per source and hedge set, beside the baselines.
  const cells = config.strategies.flatMap(
    (
      name,
    ): (
      { name: "delta" | "no-hedge"; source?: undefined } | { name: NeuralStrategy; source: SourceName }
    )[] =>
      name === "delta" || name === "no-hedge" ? [{ name }] : sources.map((source) => ({ name, source })),
  );
  const { seeds } = config.training;
  const base = config.training.seed ?? config.seed;
  const total = data.hedgeSets.length * cells.filter((c) => c.source).length * seeds;
  let index = 0;
  const context: LearnedCellContext = {
    data,
    fingerprint: priceFingerprint(data.table),
    paths: new Map(),
    sigdiffusion: new Map(),
    ...(inputs.cache ? { cache: inputs.cache } : {}),
    ...(hooks.training ? { hooks: hooks.training } : {}),
    ...(hooks.warn ? { warn: hooks.warn } : {}),
  };

  for (const hedge of data.hedgeSets) {
    const paths = selectAssets(test, hedge);
    const fitted = fittedParameters(data, hedge);
    const rows: StrategyEvaluation[] = [];
    const add = (result: StrategyEvaluation, source: string | undefined): void => {
      rows.push(result);
      evaluationSources.push(source);
      surfaces.push({
        hedge,
        strategy: result.strategy,
        ...(source ? { source } : {}),
        surface: holdingSurface(paths, result.holdings, config.option.strike),
      });
    };
    for (const { name, source } of cells) {
      if (source) {
        // A given hedger of this kind (plain or residual) for this hedge set, else one per seed trained here.
        const offered = inputs.trained?.get(hedge.join("+"));
        const given = offered && offered.policy.name.split("-")[0] === name ? offered : undefined;
        const members: TrainedPolicy[] = [];
        // models/AAPL-MSFT for the RNN, models/sigformer-AAPL-MSFT for the SigFormer; the source first
        // when the run has several (models/regime-bs-AAPL-MSFT).
        const folder = [
          ...(sources.length > 1 ? [source] : []),
          ...(name === "rnn" ? [] : [name]),
          ...hedge,
        ].join("-");
        for (let k = 0; k < (given ? 1 : seeds); k++) {
          const seed = base + k;
          const seeded: RunConfig =
            seeds > 1 ? { ...resolved, training: { ...resolved.training, seed } } : resolved;
          const label = (policyName: string): string =>
            seeds > 1 ? `${policyName}:seed${seed}` : policyName;
          let trained: TrainedPolicy;
          if (given) trained = given;
          else {
            index++;
            const cell = { index, total, hedge, strategy: name, source, ...(seeds > 1 ? { seed } : {}) };
            const obtained = obtainLearnedCell(cell, seeded, context);
            trained = obtained.trained;
            models.push({
              label: seeds > 1 ? `${folder}-seed${seed}` : folder,
              model: modelFileOf(trained, obtained.cell.config),
            });
          }
          const strategy = label(trained.policy.name);
          members.push(trained);
          training.push({ ...summarizeTraining(trained, strategy), data: source });
          if (trained.trainingReturns && hedge === data.hedgeSets[0] && k === 0)
            trainingReturns[source] = trained.trainingReturns;
          if (trained.fit.diverged)
            notes.push(`${strategy} · ${source} on ${hedge.join("+")}: ${trained.fit.diverged}`);
          add({ ...evaluateStrategy(config, trained.policy, paths), strategy }, source);
        }
        if (members.length > 1)
          add(evaluateStrategy(config, new EnsemblePolicy(members.map((m) => m.policy)), paths), source);
        if (!given) for (const m of members) m.policy.dispose();
        continue;
      }
      const policy: HedgingPolicy =
        name === "delta" ? new DeltaHedge({ rate: config.delta.rate }) : new NoHedge();
      let volatility: Float64Array | undefined;
      if (name === "delta") {
        const underlying = hedge[0]!;
        volatility = volatilities.get(underlying);
        if (!volatility) {
          const feature = deltaVolatility(config, data.table, underlying, test, fitted.volatility, implied);
          notes.push(feature.description);
          volatility = feature.values;
          volatilities.set(underlying, volatility);
        }
      }
      add(evaluateStrategy(config, policy, paths, volatility), undefined);
    }
    evaluations.push(...pairWithDelta(config, rows));
  }

  const quality = inputs.trained ? [] : generatorQuality(resolved, context, data.hedgeSets);
  return {
    config: resolved,
    version: VERSION,
    sources: data.sources,
    split,
    testWindows: {
      start: [...(test.startDates ?? [])],
      end: Array.from(test.startIndex ?? [], (d) => data.table.dates[d + config.data.steps]!),
    },
    notes,
    training,
    evaluations,
    ...(models.length > 0 ? { models } : {}),
    evaluationSources,
    surfaces,
    returns: {
      ticker: data.hedgeSets[0]![0]!,
      training: trainingReturns,
      validation: windowReturns(selectAssets(validation, data.hedgeSets[0]!)),
      test: windowReturns(selectAssets(test, data.hedgeSets[0]!)),
    },
    ...(data.regimes ? { regimes: regimeTimeline(data, data.regimes) } : {}),
    ...(quality.length > 0 ? { quality } : {}),
  };
}

/** The training record of a trained hedger, for the results. */
export function summarizeTraining(trained: TrainedPolicy, strategy: string): TrainingSummary {
  const { fit } = trained;
  return {
    hedge: trained.hedge,
    strategy,
    model: String(trained.policy),
    source: trained.source ?? "a saved model",
    history: fit.history,
    bestEpoch: fit.bestEpoch,
    stoppedEarly: fit.stoppedEarly,
    ...(fit.diverged ? { diverged: fit.diverged } : {}),
    ...(fit.initialRisk !== undefined ? { initialRisk: fit.initialRisk } : {}),
  };
}

/**
 * `config` with the study period it ran on: start and end filled in (fractions), or each period
 * resolved to its first and last trading dates (periods as dates), so that `config.json` replays it.
 */
export function withStudyPeriod(config: RunConfig, data: MarketData): RunConfig {
  if (data.periods) return { ...config, data: { ...config.data, periods: data.periods } };
  return { ...config, data: { ...config.data, start: data.start, end: data.end } };
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
    ` among ${selection.length} mixtures of the ${market} / ${universe.length}-stock features; training days per regime ${counts.join(", ")}` +
    boundaryNote(
      mixture.components,
      selection.map((c) => c.components),
    )
  );
}

/**
 * A warning when the chosen K sits on the edge of a candidate range that could go further (K = 1 is
 * a natural lower edge; 20 is the schema's largest K): the BIC optimum may lie beyond it.
 */
function boundaryNote(chosen: number, candidates: readonly number[]): string {
  const low = Math.min(...candidates);
  const high = Math.max(...candidates);
  if (low === high) return "";
  if (chosen === high && high < 20) {
    return `; warning: K = ${chosen} is the largest candidate, so the best K may be larger: widen the range (e.g. --regimes ${low}..${Math.min(20, high + 4)})`;
  }
  if (chosen === low && low > 1) {
    return `; warning: K = ${chosen} is the smallest candidate, so the best K may be smaller: widen the range (e.g. --regimes 1..${high})`;
  }
  return "";
}

/**
 * The run's market data, with regimes (model and window labels) when `regimes` (default: when a
 * hedger trains on the regime source): the model is fitted on the training span only.
 */
export function prepareRunData(
  config: RunConfig,
  prices?: PriceTable,
  regimes: boolean = runSources(config).includes("regime-bs") &&
    config.strategies.some((s) => s === "rnn" || s === "sigformer"),
  onCandidate?: RegimeModelOptions["onCandidate"],
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
      ...(onCandidate ? { onCandidate } : {}),
    },
    createRandom(config.training.seed ?? config.seed).fork(2),
  );
}
