import type { PriceTable } from "../data/price-table.js";
import type { RunConfig } from "../config/run-config.js";
import { loadRunInputs, type RunHooks, type RunInputs } from "../study/run-study.js";
import { executeStudyTarget } from "../study/study-progress.js";
import type { TrainedPolicy } from "../study/train-policy.js";
import { VERSION } from "../version.js";
import { sweepTrials, type Sweep, type SweepTrial } from "./search-space.js";
import { buildSweepGraph, type SweepGraph } from "./sweep-graph.js";
import { scoreSweep, type SweepScore } from "./sweep-score.js";
import type { TrialRecord } from "./trial-cell.js";

/** Options of {@link runSweep}. */
export interface SweepOptions {
  /** Draws of a random search (`--trials N`); default the sweep section's, else 20. */
  trials?: number;
}

/** What a sweep computed. */
export interface SweepResult {
  /** The base configuration every trial starts from. */
  config: RunConfig;
  sweep: Sweep;
  version: string;
  /** Where the prices came from (file names). */
  sources: string[];
  /** Every trial's validation record, in order. */
  records: TrialRecord[];
  score: SweepScore;
  /** The chosen trial's configuration, ready for `hedgelab run --config`; undefined when no trial could be scored. */
  chosen?: RunConfig;
}

/** Progress of a sweep: a line per trial, and the run's hooks for its cells. */
export interface SweepHooks extends Pick<RunHooks, "training" | "diffusion" | "warn" | "regimes"> {
  /** Called before each trial (1-based `index` of `total`), `stored` when its record is read from the store. */
  trial?: (trial: SweepTrial, total: number, stored: boolean) => void;
}

/** What {@link planSweep} gives: the prices, the trials and the sweep's graph of cells. */
export interface SweepPlan {
  table: PriceTable;
  trials: SweepTrial[];
  graph: SweepGraph;
}

/**
 * The trials and the graph of cells {@link runSweep} executes (prices from `inputs` or the
 * configuration's files): the same configuration, sweep, options and prices give the same cell ids
 * in any process.
 *
 * @throws HedgelabError for a trial whose values are refused, or trials that train the same hedgers.
 */
export function planSweep(
  config: RunConfig,
  sweep: Sweep,
  options: SweepOptions = {},
  inputs: RunInputs = {},
): SweepPlan {
  const { prices, impliedVolatility } = loadRunInputs(config, inputs);
  const table = prices!; // loadRunInputs reads them when they are not given
  const trials = sweepTrials(sweep, sweep.seed ?? config.seed, options.trials);
  const graph = buildSweepGraph(config, table, trials, impliedVolatility ? { impliedVolatility } : {});
  return { table, trials, graph };
}

/**
 * A hyperparameter sweep: every trial of the search space (`sweep`) is the study of the base
 * configuration with the trial's values, trained as `run` trains it (each training selects its
 * epoch on the validation windows) and scored on the validation windows only; the trial with the
 * least mean validation risk is chosen ({@link scoreSweep}). No trial is evaluated on the test
 * windows: the chosen configuration is then run with `hedgelab run --config`, which finds its
 * trainings in the store. Trials are read from `inputs.store` when finished, and stored when computed.
 *
 * @throws HedgelabError on bad data or options, with one line.
 */
export function runSweep(
  config: RunConfig,
  sweep: Sweep,
  options: SweepOptions = {},
  inputs: RunInputs = {},
  hooks: SweepHooks = {},
): SweepResult {
  const { table, graph } = planSweep(config, sweep, options, inputs);
  const perTrial = graph.trials[0]?.study.trainings.length ?? 0;
  const total = graph.trials.length * perTrial;
  // A training may serve several trials (one its values do not change): its weights are freed after the last.
  const lastUse = new Map<string, number>();
  graph.trials.forEach((entry, k) => {
    for (const { cell } of entry.study.trainings) lastUse.set(cell.id, k);
  });
  const outputs = new Map<string, unknown>();
  const records = graph.trials.map((entry, k) => {
    const trainings = new Map(
      entry.study.trainings.map(({ cell, info }, j) => [
        cell.id,
        { ...info, index: k * perTrial + j + 1, total },
      ]),
    );
    const record = executeStudyTarget(entry.cell, {
      learned: (id) => trainings.get(id),
      outputs,
      ...(inputs.store ? { store: inputs.store } : {}),
      hooks,
      first: (stored) => hooks.trial?.(entry.trial, graph.trials.length, stored),
    });
    for (const { cell } of entry.study.trainings) {
      if (lastUse.get(cell.id) !== k) continue;
      (outputs.get(cell.id) as TrainedPolicy | undefined)?.policy.dispose();
      outputs.delete(cell.id);
    }
    // The evaluations hold every strategy's holdings: only the record is kept.
    for (const cell of entry.study.validationEvaluations ?? []) outputs.delete(cell.id);
    outputs.delete(entry.cell.id);
    return record;
  });
  const score = scoreSweep(records, config, sweep.measure);
  const chosen = graph.trials.find((t) => t.trial.index === score.chosen)?.config;
  const { name: _name, ...rest } = chosen ?? ({} as RunConfig);
  return {
    config,
    sweep,
    version: VERSION,
    sources: [...new Set(table.origins.map((origin) => origin.file))],
    records,
    score,
    ...(chosen ? { chosen: rest as RunConfig } : {}),
  };
}
