import type { PriceTable } from "../data/price-table.js";
import type { Cell } from "../graph/cell.js";
import type { RunConfig } from "../config/run-config.js";
import { buildStudyGraph, type StudyGraph, type StudyGraphOptions } from "../study/study-graph.js";
import type { StudyRunContext } from "../study/study-context.js";
import { foldCell, type FoldRecord } from "./fold-cell.js";
import { foldPeriods, type Fold } from "./folds.js";

/** One fold of a backtest at one cost: its configuration, its study graph and the cell that reduces it. */
export interface BacktestFold {
  fold: Fold;
  /** Proportional cost of the fold's trainings and evaluation. */
  cost: number;
  /** The backtest's configuration with the fold's periods (`data.periods`) and the cost. */
  config: RunConfig;
  study: StudyGraph;
  cell: Cell<FoldRecord, StudyRunContext>;
}

/** A walk-forward backtest as a graph of cells: one fold cell per fold and cost, over the folds' study graphs. */
export interface BacktestGraph {
  /** Every fold at every cost, costs outermost, folds in time order. */
  folds: BacktestFold[];
  /** What a run executes: the fold cells. */
  targets: Cell<unknown, StudyRunContext>[];
}

/**
 * The configuration of one fold: `config` with the fold's periods as dates and the given cost
 * (training and evaluation alike), the study's start and end left to the periods.
 */
export function foldConfig(config: RunConfig, fold: Fold, cost: number): RunConfig {
  const { start: _start, end: _end, ...data } = config.data;
  return {
    ...config,
    data: { ...data, periods: foldPeriods(fold) },
    evaluation: { ...config.evaluation, cost },
  };
}

/**
 * The graph of a walk-forward backtest: for every cost and fold, the study of the fold's configuration
 * ({@link foldConfig}, {@link buildStudyGraph}) and its fold cell. Every cell of a fold depends on the
 * fold's market data, whose identity holds the fold's periods, so no two folds share a cell.
 *
 * @param costs - proportional costs (0.0005 is 5 basis points); default the configuration's.
 */
export function buildBacktestGraph(
  config: RunConfig,
  table: PriceTable,
  folds: readonly Fold[],
  costs: readonly number[] = [config.evaluation.cost],
  options: StudyGraphOptions = {},
): BacktestGraph {
  const out: BacktestFold[] = [];
  for (const cost of costs) {
    for (const fold of folds) {
      const cellConfig = foldConfig(config, fold, cost);
      const study = buildStudyGraph(cellConfig, table, { ...options, validation: true });
      out.push({ fold, cost, config: cellConfig, study, cell: foldCell(fold, study) });
    }
  }
  return { folds: out, targets: out.map((f) => f.cell) };
}
