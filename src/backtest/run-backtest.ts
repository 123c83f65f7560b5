import type { PriceTable } from "../data/price-table.js";
import { studyStart } from "../market/market-data.js";
import type { RunConfig } from "../config/run-config.js";
import { loadRunInputs, type RunHooks, type RunInputs } from "../study/run-study.js";
import { executeStudyTarget } from "../study/study-progress.js";
import type { TrainedPolicy } from "../study/train-policy.js";
import { VERSION } from "../version.js";
import { buildBacktestGraph, type BacktestGraph } from "./backtest-graph.js";
import {
  foldTestRecord,
  poolFolds,
  poolValidation,
  scoreRecord,
  type ScoredRecord,
  type TestRecord,
} from "./backtest-record.js";
import type { FoldRecord } from "./fold-cell.js";
import { walkForwardFolds, type Fold, type WalkForwardOptions } from "./folds.js";

/** Options of {@link runBacktest}: the folds (see {@link walkForwardFolds}) and the costs. */
export interface BacktestOptions extends Omit<WalkForwardOptions, "start" | "steps"> {
  /** Proportional costs, each a backtest of its own (0.0005 is 5 basis points); default the configuration's. */
  costs?: readonly number[];
}

/** The backtest at one proportional cost. */
export interface CostBacktest {
  cost: number;
  /** Each fold's record, in time order. */
  folds: FoldRecord[];
  /** Each fold's metrics, in the order of `folds`. */
  perFold: ScoredRecord[];
  /** The pooled out-of-sample record: every fold's test windows in order. */
  pooled: TestRecord;
  /** The pooled record's metrics. */
  scored: ScoredRecord;
  /** The pooled validation record: every fold's validation windows scored by the fold's models. */
  validation: TestRecord;
  /** Its metrics: what a choice between hedgers may read (never the test record's). */
  validationScored: ScoredRecord;
}

/** What a walk-forward backtest computed. */
export interface BacktestResult {
  /** The configuration the folds were cut from (the fold's periods replace its split). */
  config: RunConfig;
  version: string;
  /** Where the prices came from (file names). */
  sources: string[];
  /** How the folds were cut, in words (`yearly folds 2012..2024, expanding training from 2008-09-26, one year of validation`). */
  scheme: string;
  folds: Fold[];
  /** One backtest per cost, in the order given. */
  costs: CostBacktest[];
}

/** Progress of a backtest: a line per fold, and the run's hooks for its cells. */
export interface BacktestHooks extends Pick<RunHooks, "training" | "diffusion" | "warn" | "regimes"> {
  /** Called before each fold (1-based `index` of `total`, costs included), `stored` when it is read from the store. */
  fold?: (fold: Fold, cost: number, index: number, total: number, stored: boolean) => void;
}

/**
 * A walk-forward backtest: the folds of {@link walkForwardFolds} on the study's prices (from the
 * study's start, `config.data.start` or the paper's 2008-09-26, to `config.data.end` or the data's
 * last date), each fold a study of its own (trained on its training period, validated on the
 * period before its test period, scored on its test period) reduced to a fold cell; the pooled
 * record of every fold's test windows, in order; and the metrics of every fold and of the pooled
 * record. Folds are read from `inputs.store` when finished, and stored when computed.
 *
 * @throws HedgelabError on bad data or options (a fold too short, a ticker missing), with one line.
 */
export function runBacktest(
  config: RunConfig,
  options: BacktestOptions = {},
  inputs: RunInputs = {},
  hooks: BacktestHooks = {},
): BacktestResult {
  const { table, start, folds, costs, graph } = planBacktest(config, options, inputs);
  const perFold = graph.folds[0]?.study.trainings.length ?? 0;
  const total = graph.folds.length * perFold;
  const records = new Map<string, FoldRecord>();
  graph.folds.forEach((entry, k) => {
    const trainings = new Map(
      entry.study.trainings.map(({ cell, info }, j) => [
        cell.id,
        { ...info, index: k * perFold + j + 1, total },
      ]),
    );
    const outputs = new Map<string, unknown>();
    const record = executeStudyTarget(entry.cell, {
      learned: (id) => trainings.get(id),
      outputs,
      ...(inputs.store ? { store: inputs.store } : {}),
      hooks,
      first: (stored) => hooks.fold?.(entry.fold, entry.cost, k + 1, graph.folds.length, stored),
    });
    records.set(entry.cell.id, record);
    // The fold's hedgers are no longer needed: free their weights before the next fold.
    for (const { cell } of entry.study.trainings)
      (outputs.get(cell.id) as TrainedPolicy | undefined)?.policy.dispose();
  });
  const sources = [...new Set(table.origins.map((origin) => origin.file))];
  return {
    config,
    version: VERSION,
    sources,
    scheme: describeScheme(options, folds, start),
    folds,
    costs: costs.map((cost) => {
      const entries = graph.folds.filter((f) => f.cost === cost);
      const foldRecords = entries.map((f) => records.get(f.cell.id)!);
      const scoringConfig = entries[0]!.config;
      const pooled = poolFolds(foldRecords);
      const validation = poolValidation(foldRecords);
      return {
        cost,
        folds: foldRecords,
        perFold: foldRecords.map((r) => scoreRecord(scoringConfig, foldTestRecord(r))),
        pooled,
        scored: scoreRecord(scoringConfig, pooled),
        validation,
        validationScored: scoreRecord(scoringConfig, validation),
      };
    }),
  };
}

/** What {@link planBacktest} gives: the prices, the folds and the backtest's graph of cells. */
export interface BacktestPlan {
  table: PriceTable;
  /** The first date of the study (of an expanding training). */
  start: string;
  folds: Fold[];
  costs: readonly number[];
  graph: BacktestGraph;
}

/**
 * The folds and the graph of cells {@link runBacktest} executes (prices from `inputs` or the
 * configuration's files): the same configuration, options and prices give the same cell ids in any
 * process.
 */
export function planBacktest(
  config: RunConfig,
  options: BacktestOptions = {},
  inputs: RunInputs = {},
): BacktestPlan {
  const { prices, impliedVolatility } = loadRunInputs(config, inputs);
  const table = prices!; // loadRunInputs reads them when they are not given
  const start = studyStart(config.data.start, table);
  const folds = walkForwardFolds(table.dates, {
    ...options,
    start,
    ...(config.data.end !== undefined && options.to === undefined ? { to: config.data.end } : {}),
    steps: config.data.steps,
  });
  const costs = options.costs ?? [config.evaluation.cost];
  const graph = buildBacktestGraph(
    config,
    table,
    folds,
    costs,
    impliedVolatility ? { impliedVolatility } : {},
  );
  return { table, start, folds, costs, graph };
}

/** How the folds were cut, in words. */
function describeScheme(options: BacktestOptions, folds: readonly Fold[], start: string): string {
  const scheme = options.folds ?? "yearly";
  const kind = typeof scheme === "string" ? `${scheme} folds` : "folds";
  const first = folds[0]!;
  const last = folds[folds.length - 1]!;
  const years = options.validationYears ?? 1;
  return (
    `${folds.length} ${kind}, test ${first.test.start}..${last.test.end}; ` +
    (options.trainYears !== undefined
      ? `training on the ${options.trainYears} years before each validation period`
      : `expanding training from ${start}`) +
    `; validation on the ${years === 1 ? "year" : `${years} years`} before each test period`
  );
}
