import type { PathBatch } from "../data/path-batch.js";
import type { CheckpointStore } from "../training/fit.js";
import type { MarketData } from "./market-data.js";
import type { NeuralStrategy, RunConfig, SourceName } from "./run-config.js";
import {
  hashOf,
  pathsIdentity,
  readCachedModel,
  readCachedPaths,
  trainingIdentity,
  writeCachedModel,
  writeCachedPaths,
  type RunCache,
} from "./run-cache.js";
import type { SigDiffusionPaths } from "./sigdiffusion-source.js";
import { trainingPaths, trainPolicy, type TrainedPolicy, type TrainingHooks } from "./train-policy.js";

/** One learned strategy on one source and hedge set: a cell of the study's grid. */
export interface LearnedCell {
  /** 1-based position among the grid's learned cells, and their number. */
  index: number;
  total: number;
  hedge: readonly string[];
  strategy: NeuralStrategy;
  source: SourceName;
  /** The training seed, when the run trains several (`training.seeds` > 1). */
  seed?: number;
  /** The cell's configuration: the run's with `training.data` = `source`. */
  config: RunConfig;
  /** Hash of what the training depends on: the cache entry's name, when the run has a cache. */
  key?: string;
  /** True when the trained model comes from the cache (no training). */
  cached: boolean;
}

/** What {@link obtainLearnedCell} needs besides the cell. */
export interface LearnedCellContext {
  data: MarketData;
  /** Fingerprint of the run's prices (see `priceFingerprint`). */
  fingerprint: string;
  cache?: RunCache;
  /** Training paths already made in this run, by `source|hedge`: sources shared by several models are made once. */
  paths: Map<string, { paths: PathBatch; source: string }>;
  /** SigDiffusion paths already made in this run, by ticker (per-asset mode: one model per asset for every hedge set). */
  sigdiffusion?: Map<string, SigDiffusionPaths>;
  /** Progress and checkpoints of the training of a cell (the CLI's). */
  hooks?: (cell: LearnedCell) => TrainingHooks & { checkpoints?: CheckpointStore };
  /** Receives a line when a cache entry cannot be written (the run goes on without it). */
  warn?: (line: string) => void;
}

/**
 * The trained hedger of one cell of the grid: read from the cache when an entry with the same
 * training identity exists, else trained on its source's paths (themselves read from the cache,
 * or generated and stored) and stored in the cache.
 */
export function obtainLearnedCell(
  cell: Omit<LearnedCell, "config" | "key" | "cached">,
  config: RunConfig,
  context: LearnedCellContext,
): { trained: TrainedPolicy; cell: LearnedCell } {
  const { data, cache, fingerprint } = context;
  const cellConfig: RunConfig = { ...config, training: { ...config.training, data: cell.source } };
  const hedge = [...cell.hedge];
  const key = cache
    ? hashOf(trainingIdentity(cellConfig, cell.source, cell.strategy, hedge, fingerprint))
    : undefined;
  const fromCache = cache && key ? readCachedModel(cache, key) : undefined;
  const full: LearnedCell = {
    ...cell,
    config: cellConfig,
    ...(key ? { key } : {}),
    cached: fromCache !== undefined,
  };
  const hooks = context.hooks?.(full) ?? {};
  if (fromCache) return { trained: fromCache, cell: full };
  // The model is cached before the training's summary line: a run interrupted after that line finds it.
  const { onEnd, ...during } = hooks;
  const paths = trainingPathsOf(cellConfig, cell.source, hedge, context, hooks.sigdiffusion);
  const trained = trainPolicy(cellConfig, hedge, data, during, cell.strategy, paths);
  if (cache && key) {
    try {
      writeCachedModel(cache, key, trained, cellConfig);
    } catch (error) {
      context.warn?.(
        `cannot cache the trained model (${(error as Error).message.split(",")[0]}); the run goes on`,
      );
    }
  }
  onEnd?.(trained.fit);
  return { trained, cell: full };
}

/**
 * The source's training paths of a hedge set: market windows, a generate folder's paths, or generated
 * paths (cached), made once per run (kept in `context.paths`).
 *
 * @param config - the cell's configuration (`training.data` = `source`).
 */
export function trainingPathsOf(
  config: RunConfig,
  source: SourceName,
  hedge: string[],
  context: LearnedCellContext,
  sigdiffusion?: TrainingHooks["sigdiffusion"],
): { paths: PathBatch; source: string } {
  // Each training seed draws its own generated paths (the seed is part of their identity).
  const memo = `${source}|${hedge.join("+")}|${config.training.seed ?? config.seed}`;
  let made = context.paths.get(memo);
  if (made) return made;
  if (source !== "regime-bs" || config.training.paths !== undefined) {
    // Market windows or the paths of a generate folder (read as they are), or SigDiffusion's paths
    // (cached by the source itself, with its model and quality tables, in `sigdiffusion.cacheDir`).
    made = trainingPaths(config, hedge, context.data, sigdiffusion, context.sigdiffusion);
  } else {
    const { cache } = context;
    const key = cache ? hashOf(pathsIdentity(config, source, hedge, context.fingerprint)) : undefined;
    made = cache && key ? readCachedPaths(cache, key) : undefined;
    if (!made) {
      made = trainingPaths(config, hedge, context.data, sigdiffusion);
      if (cache && key) {
        try {
          writeCachedPaths(cache, key, made.paths, made.source);
        } catch (error) {
          context.warn?.(
            `cannot cache the generated paths (${(error as Error).message.split(",")[0]}); the run goes on`,
          );
        }
      }
    }
  }
  context.paths.set(memo, made);
  return made;
}
