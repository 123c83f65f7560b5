import type { PriceTable } from "../data/price-table.js";
import { tickerSpelling } from "../data/validate-prices.js";
import { hedgeTickers, respellEntry } from "../data/hedge-sets.js";
import { priceFingerprint } from "../data/price-fingerprint.js";
import type { QualityRow } from "../evaluation/path-quality.js";
import type { QualityTargetRecord } from "../evaluation/quality-targets.js";
import { cellsInOrder, defineCell, type Cell } from "../graph/cell.js";
import { labelledMarketCell, marketDataCell, regimesCell } from "../market/market-cells.js";
import type { MarketData } from "../market/market-data.js";
import type { MarketRegimes } from "../market/market-regimes.js";
import { MODEL_NAMES, modelEntry, type ModelName } from "../models/registry.js";
import { regimeFitOptions } from "../sources/regime-bs.js";
import { sourceEntry, type SourceName } from "../sources/registry.js";
import type { TrainingPaths } from "../sources/source-entry.js";
import { runSources, type RunConfig } from "../config/run-config.js";
import { evaluationCell, type HedgeSetEvaluation, type LearnedGroup } from "./evaluation-cell.js";
import { qualityCell } from "./quality-cell.js";
import { qualityTargetsCell } from "./quality-targets-cell.js";
import type { LearnedCell, StudyRunContext } from "./study-context.js";
import { trainingCell } from "./training-cell.js";
import type { TrainedPolicy } from "./train-policy.js";

/** One training of the study with what the progress display and the run folder need. */
export interface StudyTraining {
  cell: Cell<TrainedPolicy, StudyRunContext>;
  /** The cell as the progress display sees it (`cached` is set when it runs). */
  info: Omit<LearnedCell, "cached">;
  /** Its model folder in the run (`sigformer-regime-bs-AAPL-MSFT`, with `-seed43` for a seed). */
  folder: string;
}

/** A study as a graph of cells: the cells a run executes and the ones it reads its results from. */
export interface StudyGraph {
  /** Prices, periods and windows. */
  market: Cell<MarketData, StudyRunContext>;
  /** The regime model, when a learned strategy trains on a source with regime labels. */
  regimes?: Cell<MarketRegimes, StudyRunContext>;
  /** The market data the evaluations read: with regime labels when the study has regimes. */
  evaluationMarket: Cell<MarketData, StudyRunContext>;
  /** Every training, in the order of the hedge sets, strategies, sources and seeds. */
  trainings: StudyTraining[];
  /** One evaluation per hedge set, in order. */
  evaluations: Cell<HedgeSetEvaluation, StudyRunContext>[];
  /** With `options.validation`: the same evaluations on the validation windows, one per hedge set. */
  validationEvaluations?: Cell<HedgeSetEvaluation, StudyRunContext>[];
  /** The generators' quality tables, when a learned strategy trains on a generated source. */
  quality?: Cell<QualityRow[], StudyRunContext>;
  /** The generators' quality targets, one cell per hedge set in order, when `quality` is measured. */
  qualityTargets?: Cell<QualityTargetRecord[], StudyRunContext>[];
  /** What a run executes: the evaluations, then the quality tables and targets. */
  targets: Cell<unknown, StudyRunContext>[];
}

/** Options of {@link buildStudyGraph}. */
export interface StudyGraphOptions {
  /** Implied volatilities of the delta hedge (`delta.volatility: "implied"`). */
  impliedVolatility?: PriceTable;
  /**
   * Also evaluate every strategy on the validation windows (the windows the trainings selected their
   * epoch on), as on the test windows: what a walk-forward backtest chooses its hedger on; default false.
   */
  validation?: boolean;
}

/** Added to the training seed for the paths of a simulated test set (`--test-source`), apart from any training seed. */
export const TEST_SEED_OFFSET = 1_000_003;

/**
 * The study of a resolved configuration as a graph of cells: the market data of `table`; the regime
 * model (when a learned strategy trains on regime-bs paths); for every hedge set, learned strategy,
 * source and training seed, the source's training paths and the training; one evaluation per hedge
 * set; and the generators' quality tables (on the widest hedge set) and quality targets (on every
 * hedge set). Cells that compute the same thing are one cell (a
 * SigDiffusion model per asset serves every hedge set that holds the asset). Building reads no
 * file and trains nothing; `executeGraph` runs it.
 *
 * @param table - the study's prices (their fingerprint enters every cell's identity).
 */
export function buildStudyGraph(
  config: RunConfig,
  table: PriceTable,
  options: StudyGraphOptions = {},
): StudyGraph {
  const market = marketDataCell(config, table, priceFingerprint(table));
  const sources = runSources(config);
  const learned = config.strategies.filter((s): s is ModelName =>
    (MODEL_NAMES as readonly string[]).includes(s),
  );
  const needsRegimes = learned.length > 0 && sources.some((s) => sourceEntry(s).regimeLabels);
  const regimes = needsRegimes ? studyRegimesCell(config, market) : undefined;
  const labelled = regimes ? labelledMarketCell(market, regimes) : undefined;
  const evaluationMarket = labelled ?? market;
  const shared = new Map<string, Cell<unknown, StudyRunContext>>();
  const hedgeSets = config.hedgeSets.map((set) =>
    set.map((entry) => respellEntry(entry, (ticker) => tickerSpelling(table, ticker))),
  );
  const base = config.training.seed ?? config.seed;
  const { seeds } = config.training;
  const pathsCell = (
    source: SourceName,
    hedge: readonly string[],
    seed: number,
    count?: number,
  ): Cell<TrainingPaths, StudyRunContext> => {
    const entry = sourceEntry(source);
    const cellConfig = { ...config, training: { ...config.training, data: source } };
    const section = entry.section
      ? ((config as unknown as Record<string, unknown>)[entry.section] as Record<string, unknown>)
      : undefined;
    return entry.pathsCell({
      market,
      regimes: () => labelled!,
      // A source makes the prices of the set's tickers; its listed options are priced on them later.
      hedge: hedgeTickers(hedge),
      seed,
      runSeed: config.seed,
      steps: config.data.steps,
      options: (section && count !== undefined ? { ...section, paths: count } : section) as never,
      folder: config.training.paths,
      config: cellConfig,
      shared,
    });
  };
  const total = hedgeSets.length * learned.length * sources.length * seeds;
  const trainings: StudyTraining[] = [];
  const groupsOf: LearnedGroup[][] = [];
  const evaluations = hedgeSets.map((hedge) => {
    const groups: LearnedGroup[] = [];
    for (const strategy of learned) {
      for (const source of sources) {
        const members: LearnedGroup["members"] = [];
        for (let k = 0; k < seeds; k++) {
          const seed = base + k;
          const cellConfig: RunConfig = {
            ...config,
            training: { ...config.training, data: source, ...(seeds > 1 ? { seed } : {}) },
          };
          const paths = pathsCell(source, hedge, seed);
          const trainingMarket = sourceEntry(source).regimeLabels ? labelled! : market;
          const label = `${strategy} · ${source} on ${hedge.join("+")}`;
          const cell = trainingCell(cellConfig, strategy, hedge, trainingMarket, paths, label);
          // models/AAPL-MSFT for the RNN, models/sigformer-AAPL-MSFT for the SigFormer; the source first
          // when the run has several (models/regime-bs-AAPL-MSFT).
          const folder = [
            ...(sources.length > 1 ? [source] : []),
            ...(modelEntry(strategy).folder ? [modelEntry(strategy).folder] : []),
            ...hedge.map((entry) => entry.replace(":", "-")),
          ].join("-");
          trainings.push({
            cell,
            info: {
              index: trainings.length + 1,
              total,
              hedge,
              strategy,
              source,
              ...(seeds > 1 ? { seed } : {}),
              config: cellConfig,
              key: cell.id,
            },
            folder: seeds > 1 ? `${folder}-seed${seed}` : folder,
          });
          members.push({ cell, ...(seeds > 1 ? { seed } : {}) });
        }
        groups.push({ strategy, source, members });
      }
    }
    groupsOf.push(groups);
    // A simulated test set: the world's own paths, drawn from a seed no training uses.
    const { testSource, testPaths } = config.evaluation;
    const test =
      testSource === "market" ? undefined : pathsCell(testSource, hedge, base + TEST_SEED_OFFSET, testPaths);
    return evaluationCell(config, hedge, evaluationMarket, groups, options.impliedVolatility, test);
  });
  const validationMarket = options.validation ? validationWindowsCell(evaluationMarket) : undefined;
  const validationEvaluations = validationMarket
    ? hedgeSets.map((hedge, h) =>
        evaluationCell(config, hedge, validationMarket, groupsOf[h]!, options.impliedVolatility),
      )
    : undefined;
  const generated = sources.filter((s) => sourceEntry(s).generated);
  const measured = learned.length > 0 && generated.length > 0 && config.training.paths === undefined;
  const generatedPaths = (hedge: readonly string[]): Record<string, Cell<TrainingPaths, StudyRunContext>> =>
    Object.fromEntries(generated.map((s) => [s, pathsCell(s, hedge, base)]));
  const quality = measured
    ? (() => {
        const widest = hedgeTickers(hedgeSets.reduce((a, b) => (b.length > a.length ? b : a)));
        return qualityCell(evaluationMarket, widest, generatedPaths(widest), config.seed);
      })()
    : undefined;
  const qualityTargets = measured
    ? hedgeSets.map((set) => {
        const hedge = hedgeTickers(set);
        return qualityTargetsCell(evaluationMarket, hedge, generatedPaths(hedge), config.seed);
      })
    : undefined;
  return {
    market,
    ...(regimes ? { regimes } : {}),
    evaluationMarket,
    trainings,
    evaluations,
    ...(validationEvaluations ? { validationEvaluations } : {}),
    ...(quality ? { quality } : {}),
    ...(qualityTargets ? { qualityTargets } : {}),
    targets: [...evaluations, ...(quality ? [quality] : []), ...(qualityTargets ?? [])],
  };
}

/**
 * The market data with the validation windows in place of the test windows (not stored: cheap), so
 * that an evaluation cell scores the strategies on the validation period exactly as on the test one.
 */
export function validationWindowsCell(
  market: Cell<MarketData, StudyRunContext>,
): Cell<MarketData, StudyRunContext> {
  return defineCell({
    kind: "validation-windows",
    label: "validation windows as the evaluated ones",
    identity: {},
    inputs: [market],
    run: ([data]) => ({ ...data, windows: { ...data.windows, test: data.windows.validation } }),
  });
}

/** The regimes cell of a study: the regime section's mixture options, the training seed (the run's by default). */
export function studyRegimesCell(
  config: RunConfig,
  market: Cell<MarketData, StudyRunContext>,
): Cell<MarketRegimes, StudyRunContext> {
  return regimesCell(market, regimeFitOptions(config.regime), config.training.seed ?? config.seed);
}

/** Every cell of a study, inputs first: what the study's drawing and a queue see. */
export function studyCells(graph: StudyGraph): Cell<unknown, StudyRunContext>[] {
  return cellsInOrder(graph.targets);
}
