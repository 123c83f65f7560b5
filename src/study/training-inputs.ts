import type { PriceTable } from "../data/price-table.js";
import type { CellStore } from "../graph/cell-store.js";
import { executeGraph, outputOf } from "../graph/execute-graph.js";
import type { MarketData } from "../market/market-data.js";
import type { TrainingPaths } from "../sources/source-entry.js";
import type { RunConfig } from "../config/run-config.js";
import { buildStudyGraph } from "./study-graph.js";
import type { StudyRunContext } from "./study-context.js";
import { loadStudyPrices } from "./run-study.js";

/** Options of {@link trainingInputs}. */
export interface TrainingInputsOptions {
  /** Prices; default the configured files or the embedded data. */
  prices?: PriceTable;
  /** Where finished cells are read and stored (generated paths, SigDiffusion models). */
  store?: CellStore;
  /** Progress of the regime fit and of SigDiffusion. */
  context?: StudyRunContext;
  /** Called once the market data are ready, before the training paths are made (notes, periods). */
  onData?: (data: MarketData) => void;
}

/**
 * What one training of `hedgelab train` reads: the market data (with regime labels when the source
 * has them) and the training paths of the first hedge set from `training.data`, made by the same
 * cells as a study's (and read from the same store).
 */
export function trainingInputs(
  config: RunConfig,
  model: RunConfig["strategies"][number],
  options: TrainingInputsOptions = {},
): { data: MarketData; paths: TrainingPaths } {
  const table = options.prices ?? loadStudyPrices(config);
  const graph = buildStudyGraph(
    { ...config, strategies: [model], hedgeSets: [config.hedgeSets[0]!], sources: [config.training.data] },
    table,
  );
  const training = graph.trainings[0]!;
  const [market, paths] = training.cell.inputs as [
    (typeof training.cell.inputs)[number],
    (typeof training.cell.inputs)[number],
  ];
  const outputs = new Map<string, unknown>();
  const run = { context: options.context ?? {}, outputs, ...(options.store ? { store: options.store } : {}) };
  executeGraph([graph.market], run);
  options.onData?.(outputOf(outputs, graph.market) as MarketData);
  executeGraph([market, paths], run);
  return { data: outputOf(outputs, market) as MarketData, paths: outputOf(outputs, paths) as TrainingPaths };
}
