import { createRandom } from "../random/random-source.js";
import { HedgelabError } from "../errors.js";
import { joinPaths, type PathBatch } from "../data/path-batch.js";
import {
  DEFAULT_SIGDIFFUSION_CHUNK_SIZE,
  fitSigDiffusion,
  loadSigDiffusionModel,
  saveSigDiffusionModel,
  sigDiffusionBlockCount,
  sigDiffusionPathChunks,
  type SavedSigDiffusionModel,
  type SigDiffusionCheckpoint,
  type SigDiffusionHooks,
  type SigDiffusionOptions,
  type SigDiffusionSampleOptions,
} from "../generators/sigdiffusion.js";
import type { InversionFailure } from "../generators/sigdiffusion-inversion.js";

/** The two profiles of the SigDiffusion source: what `sigdiffusion.profile` fills in. */
export const SIGDIFFUSION_PROFILES = {
  /** A small network trained and sampled in a few minutes on two CPU cores. */
  quick: {
    epochs: 10,
    batchSize: 64,
    paths: 1000,
    odeSteps: 32,
    network: { hidden: 32, layers: 2, heads: 2, feedForward: 64 },
  },
  /** The paper's (SigDiffusions' configuration): hidden 64, 4 layers, 4 heads, 1,200 epochs, 20,000 paths. */
  paper: {
    epochs: 1200,
    batchSize: 128,
    paths: 20_000,
    odeSteps: 128,
    network: { hidden: 64, layers: 4, heads: 4, feedForward: 256 },
  },
} as const;

/** The `sigdiffusion` section of a configuration, resolved (see src/sources/sigdiffusion.ts). */
export interface SigDiffusionSection {
  profile: keyof typeof SIGDIFFUSION_PROFILES;
  mode: "per-asset" | "joint";
  epochs?: number | undefined;
  batchSize?: number | undefined;
  paths?: number | undefined;
  odeSteps?: number | undefined;
  solver: "heun" | "rk4";
  learningRate: number;
  detail: "brownian" | "none";
  standardize: "whiten" | "coordinates";
  tolerance: number;
  chunkSize: number;
  shards: number;
}

/** The resolved options of a SigDiffusion model: fit and sampler options, from the section and its profile. */
export interface SigDiffusionSettings {
  fit: SigDiffusionOptions;
  sample: SigDiffusionSampleOptions;
}

/** Resolves a `sigdiffusion` section against its profile (explicit options win); `seed` seeds the fit. */
export function sigDiffusionSettings(options: SigDiffusionSection, seed: number): SigDiffusionSettings {
  const profile = SIGDIFFUSION_PROFILES[options.profile];
  return {
    fit: {
      mode: options.mode,
      epochs: options.epochs ?? profile.epochs,
      batchSize: options.batchSize ?? profile.batchSize,
      learningRate: options.learningRate,
      standardize: options.standardize,
      network: { ...profile.network },
      seed,
    },
    sample: {
      paths: options.paths ?? profile.paths,
      odeSteps: options.odeSteps ?? profile.odeSteps,
      solver: options.solver,
      detail: options.detail,
      tolerance: options.tolerance,
      chunkSize: options.chunkSize,
    },
  };
}

/** Progress hooks and checkpoints of a SigDiffusion model's fit and sampling. */
export interface SigDiffusionRunHooks extends Omit<SigDiffusionHooks, "resume"> {
  /** Called while sampling with the accepted count so far. */
  onSample?: (accepted: number, total: number) => void;
  /** A checkpoint to resume the training from. */
  resume?: SigDiffusionCheckpoint;
}

/**
 * The seed of one asset's SigDiffusion model in the per-asset mode: the run's seed plus a hash of the
 * ticker (FNV-1a, 32 bits), so that each asset has its own weights and noise, and the same asset gets
 * the same model in every hedge set.
 */
export function assetSeed(seed: number, ticker: string): number {
  let hash = 0x811c9dc5;
  for (let k = 0; k < ticker.length; k++) hash = Math.imul(hash ^ ticker.charCodeAt(k), 0x01000193) >>> 0;
  return (seed + hash) % Number.MAX_SAFE_INTEGER;
}

/**
 * Fits SigDiffusion on training windows [N, T + 1, H] with the settings' fit options, drawing from
 * `createRandom(seed).fork(5)`; `validation` windows give the held-out loss per epoch.
 */
export function fitSigDiffusionModel(
  train: PathBatch,
  validation: PathBatch,
  settings: SigDiffusionSettings,
  seed: number,
  hooks: SigDiffusionRunHooks = {},
): SavedSigDiffusionModel {
  const model = fitSigDiffusion(
    train,
    settings.fit,
    createRandom(seed).fork(5),
    {
      ...(hooks.onStep ? { onStep: hooks.onStep } : {}),
      ...(hooks.onEpoch ? { onEpoch: hooks.onEpoch } : {}),
      ...(hooks.saveCheckpoint ? { saveCheckpoint: hooks.saveCheckpoint } : {}),
      ...(hooks.resume ? { resume: hooks.resume } : {}),
    },
    validation,
  );
  return saveSigDiffusionModel(model);
}

/** Accepted paths of a SigDiffusion model with what the inversion's accuracy check rejected. */
export interface SampledSigDiffusion {
  /** Shape [N, T + 1, H]. */
  paths: PathBatch;
  /** Samples drawn. */
  drawn: number;
  /** Samples rejected, by reason. */
  rejected: Record<InversionFailure, number>;
}

/** Which part of a model's paths a sampling cell draws: shard `index` of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** A range of sampling blocks: `from` (included) to `to` (excluded). */
export interface BlockRange {
  from: number;
  to: number;
}

/**
 * The sampling blocks of shard k of `count` among the B = ⌈N / chunkSize⌉ blocks of a model's N paths
 * (`sigDiffusionBlockCount`): a contiguous range of ⌊B/count⌋ blocks, the first B mod count shards one
 * more, so that the shards in order hold every block once.
 *
 * @throws HedgelabError when `count` exceeds B: a shard would have no paths.
 */
export function shardBlocks(sample: SigDiffusionSettings["sample"], shard: Shard): BlockRange {
  const paths = sample.paths ?? 20_000;
  const chunkSize = sample.chunkSize ?? DEFAULT_SIGDIFFUSION_CHUNK_SIZE;
  const blocks = sigDiffusionBlockCount(paths, chunkSize);
  if (shard.count > blocks) {
    throw new HedgelabError(
      `--diffusion-shards ${shard.count} is more than the ${blocks} sampling block${blocks === 1 ? "" : "s"} of ${paths} paths (sigdiffusion.chunkSize ${chunkSize} paths each): use at most ${blocks} shard${blocks === 1 ? "" : "s"}, or smaller blocks`,
    );
  }
  const size = Math.floor(blocks / shard.count);
  const extra = blocks % shard.count;
  const from = shard.index * size + Math.min(shard.index, extra);
  return { from, to: from + size + (shard.index < extra ? 1 : 0) };
}

/**
 * One shard of a model's paths: the blocks of `shardBlocks`, drawn from `createRandom(seed).fork(6)`
 * (block b from its `fork(b)`, see `sigDiffusionPathChunks`). A block's paths depend only on the model,
 * the settings, the seed and b, so the shards' paths side by side are those of one shard, bit for bit,
 * whatever the count and the order the shards run in; `onSample` gets the shard's accepted and total.
 */
export function sampleSigDiffusion(
  saved: SavedSigDiffusionModel,
  settings: SigDiffusionSettings,
  seed: number,
  shard: Shard = { index: 0, count: 1 },
  onSample?: (accepted: number, total: number) => void,
): SampledSigDiffusion {
  const blocks = shardBlocks(settings.sample, shard);
  const model = loadSigDiffusionModel(saved);
  const chunks: PathBatch[] = [];
  const rejected: Record<InversionFailure, number> = { "non-finite": 0, bessel: 0 };
  let drawn = 0;
  for (const chunk of sigDiffusionPathChunks(
    model,
    { ...settings.sample, blocks, ...(onSample ? { onProgress: onSample } : {}) },
    createRandom(seed).fork(6),
  )) {
    chunks.push(chunk.batch);
    drawn += chunk.drawn;
    for (const k of Object.keys(rejected) as InversionFailure[]) rejected[k] += chunk.rejected[k];
  }
  const { steps, tickers } = model.embedding;
  return { paths: joinPaths(chunks, steps, tickers), drawn, rejected };
}
