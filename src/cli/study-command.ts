import type { RunConfig } from "../config/run-config.js";
import { sigDiffusionSettings } from "../sources/sigdiffusion-paths.js";
import { loadRunInputs, type RunHooks, type RunInputs } from "../study/run-study.js";
import { storeCellsInChildren, studyOf, studyWorkers, type StudySpec } from "./cell-children.js";
import { diffusionProgress } from "./diffusion-progress.js";
import { gridProgress } from "./grid-progress.js";
import type { CliIo } from "./io.js";
import { mixtureProgress } from "./progress.js";
import { storeCellsOnQueue, studyQueue } from "./queue-cells.js";
import type { StudyOutput } from "./results-folder.js";
import type { RunFlags } from "./run-options.js";

/** Where a study command computes its expensive cells: here, in N child processes, or on a queue. */
export interface StudyExecution {
  /** `--workers N` (1 with `--queue`). */
  workers: number;
  /** `--queue URL`, when given. */
  queue?: string;
}

/**
 * The `--workers` and `--queue` of a study command (`run`, `backtest`, `sweep`), checked.
 *
 * @throws HedgelabError for a bad value, both flags, or either with `--cache none`.
 */
export function studyExecution(flags: RunFlags): StudyExecution {
  const queue = studyQueue(flags);
  return queue === undefined ? { workers: studyWorkers(flags) } : { workers: 1, queue };
}

/**
 * The inputs a study command runs its study with: the store (`--cache`), and, with `--workers N`
 * above 1 or `--queue`, the prices read once and every expensive cell of `spec`'s study computed
 * first, in child processes ({@link storeCellsInChildren}) or as jobs for `hedgelab worker`
 * ({@link storeCellsOnQueue}), so that the study then reads them from the store and its results
 * are those of one process.
 *
 * @throws HedgelabError naming a cell that failed, or Redis out of reach.
 */
export async function prepareStudyInputs(
  spec: StudySpec,
  execution: StudyExecution,
  output: StudyOutput,
  flags: RunFlags,
  io: CliIo,
): Promise<RunInputs> {
  const { cache } = output;
  if (!cache) return {};
  if (execution.workers === 1 && execution.queue === undefined) return { store: cache };
  const loaded = loadRunInputs(spec.config);
  const { targets } = studyOf(spec, loaded);
  if (execution.queue !== undefined)
    await storeCellsOnQueue(spec, targets, cache, execution.queue, flags.insecure === true, loaded, io);
  else await storeCellsInChildren(spec, targets, cache, execution.workers, io);
  return { ...loaded, store: cache };
}

/**
 * The progress hooks of a study command's study: the regime model's fits, SigDiffusion's training
 * and sampling, every training (a bar on a terminal, lines elsewhere; checkpoints in the cache and
 * the resume command), and warnings, on standard error.
 */
export function studyHooks(
  config: RunConfig,
  output: StudyOutput,
  flags: RunFlags,
  io: CliIo,
): Required<Pick<RunHooks, "regimes" | "diffusion" | "training" | "warn">> {
  const { epochs } = sigDiffusionSettings(config.sigdiffusion, config.seed).fit;
  return {
    regimes: mixtureProgress(io),
    diffusion: ({ tickers, joint }) => diffusionProgress(io, tickers, joint, epochs ?? 0),
    training: gridProgress(io, {
      ...(output.cache ? { cache: output.cache } : {}),
      resume: flags.resume === true,
      resumeCommand: output.resume,
    }),
    warn: (line) => io.stderr(`hedgelab: warning: ${line}\n`),
  };
}
