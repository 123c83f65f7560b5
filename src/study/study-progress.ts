import type { Cell } from "../graph/cell.js";
import type { CellStore } from "../graph/cell-store.js";
import { executeGraph, outputOf, type CellOrigin } from "../graph/execute-graph.js";
import type { LearnedCell, StudyRunContext } from "./study-context.js";
import type { TrainedPolicy, TrainingHooks } from "./train-policy.js";

/** The progress hooks a study's executor gives its long cells (see {@link studyProgress}). */
export interface StudyProgressHooks {
  /** Returns the hooks of one training (a progress bar, checkpoints); called for stored cells too. */
  training?: (cell: LearnedCell) => TrainingHooks;
  /** Progress of a SigDiffusion model's fit and sampling. */
  diffusion?: StudyRunContext["diffusion"];
  /** Progress of the regime model's mixture fits. */
  regimes?: StudyRunContext["regimes"];
}

/** What `executeGraph` takes to show a study's progress: its context and its start and done callbacks. */
export interface StudyProgress {
  context: StudyRunContext;
  /** Gives a training cell its hooks as it starts (read from the store or computed). */
  onStart: (cell: Cell<unknown, StudyRunContext>, stored: boolean) => void;
  /** Ends a computed training cell's hooks with its fit (`onEnd`). */
  onDone: (cell: Cell<unknown, StudyRunContext>, origin: CellOrigin) => void;
}

/**
 * The progress wiring of a study's execution, shared by `run`, `backtest` and the child processes of
 * `--workers`: each training cell, as it starts, gets the hooks `hooks.training` makes of its
 * description (`learned(id)`, undefined for any other cell), which the cell reads through the
 * context; when a training was computed (not read from the store), its hooks' `onEnd` receives its
 * fit, read from `outputs` (the executor's).
 */
export function studyProgress(
  learned: (id: string) => Omit<LearnedCell, "cached"> | undefined,
  outputs: ReadonlyMap<string, unknown>,
  hooks: StudyProgressHooks,
): StudyProgress {
  const started = new Map<string, TrainingHooks>();
  return {
    context: {
      training: (id) => started.get(id) ?? {},
      ...(hooks.diffusion ? { diffusion: hooks.diffusion } : {}),
      ...(hooks.regimes ? { regimes: hooks.regimes } : {}),
    },
    onStart: (cell, stored) => {
      const info = learned(cell.id);
      if (info && hooks.training) started.set(cell.id, hooks.training({ ...info, cached: stored }));
    },
    onDone: (cell, origin) => {
      if (origin === "computed" && learned(cell.id))
        started.get(cell.id)?.onEnd?.((outputs.get(cell.id) as TrainedPolicy).fit);
    },
  };
}

/** Options of {@link executeStudyTarget}. */
export interface StudyTargetOptions {
  /** The description of each training cell of the target, by id (its progress line). */
  learned: (id: string) => Omit<LearnedCell, "cached"> | undefined;
  /** Outputs already obtained, by id (shared between targets); the new ones are added. */
  outputs: Map<string, unknown>;
  store?: CellStore;
  hooks: StudyProgressHooks & { warn?: (line: string) => void };
  /**
   * Called once, at the first cell the executor starts: the target itself when it is read from the
   * store (`stored` true), else the first of its inputs, before any training.
   */
  first?: (stored: boolean) => void;
}

/**
 * Obtains one target cell of a study (a backtest's fold, a sweep's trial) with the study's progress
 * wiring ({@link studyProgress}): read from the store when it is there, else computed from its
 * inputs, which are read or computed in turn.
 */
export function executeStudyTarget<T>(target: Cell<T, StudyRunContext>, options: StudyTargetOptions): T {
  const { outputs, hooks, first } = options;
  const progress = studyProgress(options.learned, outputs, hooks);
  let told = false;
  executeGraph([target], {
    context: progress.context,
    outputs,
    ...(options.store ? { store: options.store } : {}),
    ...(hooks.warn ? { warn: hooks.warn } : {}),
    onStart: (cell, stored) => {
      if (!told) {
        told = true;
        first?.(stored && cell.id === target.id);
      }
      progress.onStart(cell, stored);
    },
    onDone: progress.onDone,
  });
  return outputOf(outputs, target);
}
