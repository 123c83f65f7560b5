import type { LearnedCell } from "../study/study-context.js";
import type { FolderStore } from "../store/folder-store.js";
import type { TrainingHooks } from "../study/train-policy.js";
import { trainingLength } from "../study/train-policy.js";
import { checkpointFile, removeCheckpoint } from "./checkpoint-file.js";
import type { CliIo } from "./io.js";
import { trainingProgress } from "./progress.js";
import { FLAG_NAMES } from "./run-options.js";
import { runSources, type RunConfig } from "../config/run-config.js";
import { MODEL_NAMES } from "../models/registry.js";

/** The training cells of a run's grid, by `strategy|source|hedge set`, with how many of each (seeds). */
function gridCells(config: RunConfig): Map<string, number> {
  const cells = new Map<string, number>();
  const learned = config.strategies.filter((s) => (MODEL_NAMES as readonly string[]).includes(s));
  for (const hedge of config.hedgeSets)
    for (const strategy of learned)
      for (const source of runSources(config))
        cells.set(`${strategy}|${source}|${hedge.join("+")}`, config.training.seeds);
  return cells;
}

/**
 * The time left of a grid's trainings from the measured ones: each model's measured time per hedge
 * asset (a cell's work grows with its hedge set), else the mean of all measured cells per asset,
 * times the assets of every cell still to train. The cells of one model and source differ mostly by
 * their hedge set, so a grid that starts with its one-asset cells is not taken for a grid of them.
 *
 * @param pending - the cells not yet started, `strategy|source|hedge set` → count.
 * @param measured - per model, the training time (ms) and hedge assets of its finished cells.
 */
export function estimateTimeLeft(
  pending: ReadonlyMap<string, number>,
  measured: ReadonlyMap<string, { ms: number; assets: number }>,
): number {
  let ms = 0;
  let assets = 0;
  for (const m of measured.values()) {
    ms += m.ms;
    assets += m.assets;
  }
  if (assets === 0) return 0;
  let left = 0;
  for (const [key, count] of pending) {
    const [strategy, , hedge] = key.split("|");
    const own = measured.get(strategy!);
    const perAsset = own && own.assets > 0 ? own.ms / own.assets : ms / assets;
    left += count * hedge!.split("+").length * perAsset;
  }
  return left;
}

/** Options of {@link gridProgress}. */
export interface GridProgressOptions {
  /** The store, where each cell's training checkpoints go (`<store>/<id>.checkpoint.safetensors`); none without one. */
  cache?: FolderStore;
  /** Whether an interrupted cell's checkpoint is continued (`--resume`). */
  resume: boolean;
  /** The command that resumes this run, told once before the first training (with a cache). */
  resumeCommand?: string;
}

/**
 * The one progress display of a run's grid, on standard error: for each learned cell
 * `cell 3/10 rnn · regime-bs on AAPL+MSFT` with the training's progress bar (epoch, step, loss,
 * validation risk) and its summary line, which ends with the time left estimated from the cells
 * trained so far (`3/10 cells done in 1.2 min, about 2.8 min left`); a cell found in the cache says
 * so in one line. Each training saves a
 * checkpoint in the cache after every epoch (removed once it ends), which `--resume` continues.
 */
export function gridProgress(io: CliIo, options: GridProgressOptions): (cell: LearnedCell) => TrainingHooks {
  const now = (): number => (io.now ?? (() => new Date()))().getTime();
  const started = now();
  let trainedCells = 0;
  let trainingTime = 0;
  let told = false;
  // The grid's cells not yet started, and each model's measured time per hedge asset.
  let pending: Map<string, number> | undefined;
  const measured = new Map<string, { ms: number; assets: number }>();
  return (cell) => {
    if (!pending) {
      pending = gridCells(cell.config);
      // A study whose cells are not the run's grid (a backtest's folds, a sweep's trials): the mean cell time.
      if ([...pending.values()].reduce((a, b) => a + b, 0) !== cell.total) pending = new Map();
    }
    const cellKey = `${cell.strategy}|${cell.source}|${cell.hedge.join("+")}`;
    const count = pending.get(cellKey);
    if (count !== undefined) {
      if (count > 1) pending.set(cellKey, count - 1);
      else pending.delete(cellKey);
    }
    const seed = cell.seed !== undefined ? ` seed ${cell.seed}` : "";
    const label = `cell ${cell.index}/${cell.total} ${cell.strategy}${seed} · ${cell.source} on ${cell.hedge.join("+")}`;
    const file = options.cache ? options.cache.checkpointPath(cell.key) : undefined;
    if (cell.cached) {
      // A run interrupted between caching the model and removing its checkpoint left the checkpoint behind.
      if (file) removeCheckpoint(file);
      io.stderr(`${label}: trained model from the cache (${cell.key})\n`);
      return {};
    }
    if (!told && options.cache && options.resumeCommand) {
      io.stderr(
        `cache ${options.cache.dir}; if interrupted (Ctrl-C), resume with: ${options.resumeCommand}\n`,
      );
      told = true;
    }
    const begin = now();
    const timeLeft = (): string => {
      trainedCells++;
      const took = now() - begin;
      trainingTime += took;
      const own = measured.get(cell.strategy) ?? { ms: 0, assets: 0 };
      measured.set(cell.strategy, { ms: own.ms + took, assets: own.assets + cell.hedge.length });
      const left = cell.total - cell.index;
      if (left === 0) return "";
      const minutes =
        (pending && pending.size > 0
          ? estimateTimeLeft(pending, measured)
          : (trainingTime / trainedCells) * left) / 60_000;
      return `; ${cell.index}/${cell.total} cells done in ${formatMinutes((now() - started) / 60_000)}, about ${formatMinutes(minutes)} left`;
    };
    const { epochs } = trainingLength(cell.config, cell.strategy, 0);
    const progress = trainingProgress(io, label, epochs, timeLeft);
    if (file) io.recover?.({ checkpoint: file });
    return {
      ...progress,
      ...(file
        ? {
            checkpoints: checkpointFile(file, {
              hedge: cell.hedge,
              config: cell.config,
              resume: options.resume,
              names: FLAG_NAMES,
              warn: (line) => io.stderr(`hedgelab: warning: ${line}\n`),
            }),
          }
        : {}),
      onEnd: (fit) => {
        // The checkpoint goes first: once the summary line is out, the cell is done and nothing of it is left over.
        if (file) removeCheckpoint(file);
        progress.onEnd?.(fit);
      },
    };
  };
}

function formatMinutes(minutes: number): string {
  return minutes < 1 ? `${Math.max(1, Math.round(minutes * 60))} s` : `${minutes.toFixed(1)} min`;
}
