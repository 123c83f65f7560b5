import { HedgelabError } from "../errors.js";
import type { PriceTable } from "../data/price-table.js";
import type { Cell } from "../graph/cell.js";
import { resolveRunConfig, type RunConfig } from "../config/run-config.js";
import { MODEL_NAMES } from "../models/registry.js";
import { buildStudyGraph, type StudyGraph, type StudyGraphOptions } from "../study/study-graph.js";
import type { StudyRunContext } from "../study/study-context.js";
import { describeTrial, trialInput, type SweepTrial } from "./search-space.js";
import { trialCell, type TrialRecord } from "./trial-cell.js";

/** One trial of a sweep: its values, its configuration, its study graph and the cell that reduces it. */
export interface SweepTrialGraph {
  trial: SweepTrial;
  /** The base configuration with the trial's values (resolved). */
  config: RunConfig;
  study: StudyGraph;
  cell: Cell<TrialRecord, StudyRunContext>;
}

/** A sweep as a graph of cells: one trial cell per trial, over the trials' study graphs. */
export interface SweepGraph {
  trials: SweepTrialGraph[];
  /** What a run executes: the trial cells. */
  targets: Cell<unknown, StudyRunContext>[];
}

/**
 * The configuration of a trial: `base` (a resolved configuration) with the trial's values written at
 * their paths, resolved again, so every value is checked by the one schema.
 *
 * @throws HedgelabError naming the trial and its values: `sweep trial 3 (training.batchSize 1): invalid training.batchSize: 1 (…)`.
 */
export function trialConfig(base: RunConfig, trial: SweepTrial): RunConfig {
  try {
    return resolveRunConfig(trialInput(base as unknown as Record<string, unknown>, trial));
  } catch (error) {
    if (!(error instanceof HedgelabError)) throw error;
    throw new HedgelabError(`sweep trial ${trial.index} (${describeTrial(trial)}): ${error.message}`);
  }
}

/**
 * The graph of a sweep: for every trial, the study of its configuration ({@link trialConfig},
 * {@link buildStudyGraph} with the validation evaluations) and its trial cell ({@link trialCell}),
 * which reads the validation evaluations only. Cells that two trials share (the market data, the
 * generated paths, a training the trial's values do not change) are one cell.
 *
 * @throws HedgelabError for a trial whose values are refused, or two trials that train the same
 *   hedgers (a value that changes no training of the study, such as a SigFormer setting when no
 *   SigFormer is trained).
 */
export function buildSweepGraph(
  base: RunConfig,
  table: PriceTable,
  trials: readonly SweepTrial[],
  options: StudyGraphOptions = {},
): SweepGraph {
  const seen = new Map<string, SweepTrial>();
  const out = trials.map((trial): SweepTrialGraph => {
    const config = trialConfig(base, trial);
    const study = buildStudyGraph(config, table, { ...options, validation: true });
    const key = study.trainings.map((t) => t.cell.id).join(",");
    const same = seen.get(key);
    if (same !== undefined)
      throw new HedgelabError(
        `sweep trials ${same.index} (${describeTrial(same)}) and ${trial.index} (${describeTrial(trial)}) train the same hedgers: ` +
          "a value of the space changes no training of this study (is its model among the strategies?)",
      );
    seen.set(key, trial);
    return { trial, config, study, cell: trialCell(trial, study) };
  });
  if (out[0]?.study.trainings.length === 0)
    throw new HedgelabError(
      `a sweep needs a learned strategy to train: give --strategies with one of ${MODEL_NAMES.join(", ")}`,
    );
  return { trials: out, targets: out.map((t) => t.cell) };
}
