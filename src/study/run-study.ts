import { hedgeTickers } from "../data/hedge-sets.js";
import { selectAssets } from "../data/path-batch.js";
import type { PriceTable } from "../data/price-table.js";
import { loadEmbeddedPrices, loadImpliedVolatility, loadPrices } from "../data/load-prices.js";
import type { DateSpan } from "../data/date-span.js";
import type { StrategyEvaluation } from "../evaluation/evaluate-policy.js";
import type { QualityRow } from "../evaluation/path-quality.js";
import type { QualityTargetRecord } from "../evaluation/quality-targets.js";
import type { EpochRecord } from "../training/fit.js";
import type {
  RegimeTimeline,
  ReportDifferenceSurface,
  ReportHedgePath,
  ReportSurface,
  ReturnSamples,
} from "../report/report-data.js";
import type { CellStore } from "../graph/cell-store.js";
import { executeGraph, outputOf } from "../graph/execute-graph.js";
import type { Cell } from "../graph/cell.js";
import type { RegimeModelOptions } from "../generators/regime-model.js";
import { labelledMarketCell, marketDataCell } from "../market/market-cells.js";
import type { MarketData } from "../market/market-data.js";
import type { MarketRegimes } from "../market/market-regimes.js";
import { priceFingerprint } from "../data/price-fingerprint.js";
import type { Period } from "../market/fitted-parameters.js";
import { regimeTimeline, windowReturns } from "../market/market-regimes.js";
import { sourceEntry } from "../sources/registry.js";
import { runSources, type RunConfig } from "../config/run-config.js";
import { modelFileOf, type ModelFile } from "../store/model-file.js";
import { VERSION } from "../version.js";
import { buildStudyGraph, studyRegimesCell, type StudyGraph } from "./study-graph.js";
import type { StudyRunContext } from "./study-context.js";
import { wholeSetBatchNote, type TrainedPolicy } from "./train-policy.js";
import { MODEL_NAMES } from "../models/registry.js";
import { studyProgress, type StudyProgressHooks } from "./study-progress.js";
import { untrainedReason, type UntrainedReason } from "../training/training-outcome.js";
import { learnedUntrainedNote } from "./untrained-note.js";

export { DEFAULT_PERIOD, withStudyPeriod } from "../market/market-data.js";
import { withStudyPeriod } from "../market/market-data.js";

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
  /** Why the training left the model where it started ({@link untrainedReason}); absent when it trained. */
  untrained?: UntrainedReason;
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
  /** For an ensemble: its members' names (folders). */
  members?: string[];
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
  /** Each learned evaluation's test windows of largest difference from delta ("the hedge on a path"). */
  hedgePaths?: ReportHedgePath[];
  /** Each learned evaluation's difference-from-delta holding surfaces, one per hedge asset. */
  differenceSurfaces?: ReportDifferenceSurface[];
  /** Window returns of the first hedge set's underlying: each source's training set, market validation and test (Figure 1). */
  returns?: ReturnSamples;
  /** The market proxy and the regime of every day, when the run fitted regimes (Figure 2). */
  regimes?: RegimeTimeline;
  /** The generators' quality rows, when a learned hedger trained on generated paths ({@link generatorQuality}). */
  quality?: QualityRow[];
  /** The generators' quality targets on every hedge set, when the quality was measured (src/evaluation/quality-targets.ts). */
  qualityTargets?: QualityTargetRecord[];
}

/** Data a run may be given instead of reading files (for tests and library users). */
export interface RunInputs {
  /** Prices; default the files of `config.data.prices`, else the embedded data. */
  prices?: PriceTable;
  /** Implied volatilities; default `config.data.impliedVolatility`, else the embedded file. */
  impliedVolatility?: PriceTable;
  /** Where finished cells (generated paths, SigDiffusion models, trained models) are stored by id; default none. */
  store?: CellStore;
}

/** Progress callbacks of a run: the periods before training, then the long cells. */
export interface RunHooks extends StudyProgressHooks {
  /** Called once the data are split, before any training: the periods each part uses. */
  periods?: (split: RunResult["split"]) => void;
  /** Receives a line when something optional fails (a store entry that cannot be written). */
  warn?: (line: string) => void;
}

/**
 * Runs a study: loads the prices, builds the graph of cells of the resolved configuration
 * ({@link buildStudyGraph}) and executes it in this process, reading finished cells from
 * `inputs.store` and storing the ones it computes: the market data (validated, split
 * chronologically, cut into windows), the regime model, every source's training paths, every
 * training (with validation), the evaluation of every strategy on every hedge set on the test
 * windows, and the generators' quality tables and targets. Every fitted parameter of a trained hedger (training
 * volatility, regime model, periods) is kept with it in `models`, so `evaluate` can score it on other
 * data exactly as here. Pure computation apart from reading the price files and the store: writing
 * the run folder is `formatRunFiles`'s and the CLI's job.
 *
 * @param config - a resolved configuration ({@link resolveRunConfig}).
 * @throws HedgelabError on bad data or options, with one readable line.
 */
export function runStudy(config: RunConfig, inputs: RunInputs = {}, hooks: RunHooks = {}): RunResult {
  const graph = studyGraphOf(config, inputs);
  const trainings = new Map(graph.trainings.map((t) => [t.cell.id, t]));
  const models = new Map<string, ModelFile>();
  const outputs = new Map<string, unknown>();
  const progress = studyProgress((id) => trainings.get(id)?.info, outputs, hooks);
  const execute = (targets: readonly Cell<unknown, StudyRunContext>[]): void => {
    executeGraph(targets, {
      context: progress.context,
      outputs,
      ...(inputs.store ? { store: inputs.store } : {}),
      ...(hooks.warn ? { warn: hooks.warn } : {}),
      onStart: progress.onStart,
      onDone: (cell, origin) => {
        const training = trainings.get(cell.id);
        if (!training) return;
        const trained = outputOf(outputs, training.cell);
        // The model file records the study period as it ran (config.json of the run does too).
        const { data } = withStudyPeriod(training.info.config, outputOf(outputs, graph.market));
        models.set(cell.id, modelFileOf(trained, { ...training.info.config, data }));
        progress.onDone(cell, origin);
      },
    });
  };
  // The data first: a bad price file fails before anything else, and the periods are told before training.
  execute([graph.market]);
  const data = outputOf(outputs, graph.market);
  const resolved = withStudyPeriod(config, data);
  const notes: string[] = [...data.notes];
  const last = data.table.dates[data.table.dates.length - 1]!;
  if (!config.data.periods && config.data.end === undefined && last > data.end) {
    notes.push(
      `the prices run to ${last} but the study period stops at ${data.end} (the paper's end): ` +
        `give --end ${last}, or the periods as dates (--train, --validation, --test FROM..), to use the later dates`,
    );
  }
  const summarize = (span: DateSpan, n: number): SplitSummary => ({
    ...span,
    dates: span.endIndex - span.startIndex + 1,
    windows: n,
  });
  const { train, validation, test } = data.windows;
  const split = {
    train: summarize(data.split.train, train.n),
    validation: summarize(data.split.validation, validation.n),
    test: summarize(data.split.test, test.n),
  };
  for (const model of MODEL_NAMES.filter((m) => config.strategies.includes(m))) {
    const note = wholeSetBatchNote(config, model, train.n);
    if (note) notes.push(note);
  }
  if (graph.regimes) {
    execute([graph.regimes]);
    notes.push(describeRegimes(data, outputOf(outputs, graph.regimes)));
  }
  hooks.periods?.(split);

  const evaluations: StrategyEvaluation[] = [];
  const evaluationSources: (string | undefined)[] = [];
  const surfaces: ReportSurface[] = [];
  const hedgePaths: ReportHedgePath[] = [];
  const differenceSurfaces: ReportDifferenceSurface[] = [];
  const training: TrainingSummary[] = [];
  const trainingReturns: Record<string, Float64Array> = {};
  const base = config.training.seed ?? config.seed;
  let next = 0;
  graph.evaluations.forEach((cell, h) => {
    execute([cell]);
    const result = outputOf(outputs, cell);
    evaluations.push(...result.evaluations);
    evaluationSources.push(...result.sources);
    surfaces.push(...result.surfaces);
    hedgePaths.push(...result.hedgePaths);
    differenceSurfaces.push(...result.differenceSurfaces);
    for (const note of result.notes) if (!notes.includes(note)) notes.push(note);
    for (const label of result.labels) {
      const { cell: member, info } = graph.trainings[next++]!;
      const trained = outputOf(outputs, member);
      training.push({ ...summarizeTraining(trained, label), data: info.source });
      // Figure 1: each source's training paths of the first hedge set (its first seed's).
      if (h === 0 && (info.seed ?? base) === base && trained.trainingReturns)
        trainingReturns[info.source] = trained.trainingReturns;
    }
    // The hedge set's hedgers are no longer needed: their model files are kept, their weights freed.
    for (const { cell: member } of graph.trainings.filter((t) => cell.inputs.includes(t.cell)))
      (outputs.get(member.id) as TrainedPolicy | undefined)?.policy.dispose();
  });
  const untrained = learnedUntrainedNote(evaluations, evaluationSources);
  if (untrained) notes.push(untrained);
  let quality: QualityRow[] = [];
  if (graph.quality) {
    execute([graph.quality]);
    quality = outputOf(outputs, graph.quality);
  }
  const qualityTargets: QualityTargetRecord[] = [];
  for (const cell of graph.qualityTargets ?? []) {
    execute([cell]);
    qualityTargets.push(...outputOf(outputs, cell));
  }
  const first = data.hedgeSets[0]!;
  const regimesOf = graph.regimes ? outputOf(outputs, graph.regimes) : undefined;
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
    ...(models.size > 0
      ? {
          models: graph.trainings.flatMap((t) =>
            models.has(t.cell.id) ? [{ label: t.folder, model: models.get(t.cell.id)! }] : [],
          ),
        }
      : {}),
    evaluationSources,
    surfaces,
    hedgePaths,
    differenceSurfaces,
    returns: {
      ticker: first[0]!,
      training: trainingReturns,
      validation: windowReturns(selectAssets(validation, hedgeTickers(first))),
      test: windowReturns(selectAssets(test, hedgeTickers(first))),
    },
    ...(regimesOf ? { regimes: regimeTimeline(data, regimesOf) } : {}),
    ...(quality.length > 0 ? { quality } : {}),
    ...(qualityTargets.length > 0 ? { qualityTargets } : {}),
  };
}

/**
 * The data a study reads besides its store: `inputs` with the prices (and the implied volatilities,
 * when the delta hedge uses them) loaded from the configuration's files when not given.
 */
export function loadRunInputs(config: RunConfig, inputs: RunInputs = {}): RunInputs {
  const prices = inputs.prices ?? loadStudyPrices(config);
  const implied =
    config.strategies.includes("delta") && config.delta.volatility === "implied"
      ? (inputs.impliedVolatility ?? loadImpliedVolatility(config.data.impliedVolatility))
      : undefined;
  return { ...inputs, prices, ...(implied ? { impliedVolatility: implied } : {}) };
}

/**
 * The graph of cells {@link runStudy} executes for `config` ({@link buildStudyGraph}), on the
 * prices of {@link loadRunInputs}: the same configuration and prices give the same cell ids in any
 * process.
 */
export function studyGraphOf(config: RunConfig, inputs: RunInputs = {}): StudyGraph {
  const { prices, impliedVolatility } = loadRunInputs(config, inputs);
  return buildStudyGraph(config, prices!, impliedVolatility ? { impliedVolatility } : {});
}

/** The prices of a study: the files of `data.prices` (with `data.priceColumn`), else the embedded data. */
export function loadStudyPrices(config: RunConfig): PriceTable {
  const files = config.data.prices;
  const { priceColumn } = config.data;
  return files ? loadPrices(files, priceColumn !== undefined ? { priceColumn } : {}) : loadEmbeddedPrices();
}

/** The training record of a trained hedger, for the results. */
export function summarizeTraining(trained: TrainedPolicy, strategy: string): TrainingSummary {
  const { fit } = trained;
  const untrained = untrainedReason(fit);
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
    ...(untrained ? { untrained } : {}),
  };
}

/** One line on the fitted regime model: K, covariance type, BIC, days per regime. */
export function describeRegimes(data: MarketData, regimes: MarketRegimes = data.regimes!): string {
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
 * learned strategy trains on a source with regime labels): the model is fitted on the training span
 * only. The market-data and regimes cells of the study, executed without a store.
 */
export function prepareRunData(
  config: RunConfig,
  prices?: PriceTable,
  regimes: boolean = runSources(config).some((s) => sourceEntry(s).regimeLabels) &&
    config.strategies.some((s) => s !== "delta" && s !== "no-hedge"),
  onCandidate?: RegimeModelOptions["onCandidate"],
): MarketData {
  const table = prices ?? loadStudyPrices(config);
  const market = marketDataCell(config, table, priceFingerprint(table));
  const target = regimes ? labelledMarketCell(market, studyRegimesCell(config, market)) : market;
  const outputs = executeGraph([target], { context: onCandidate ? { regimes: onCandidate } : {} });
  return outputOf(outputs, target);
}
