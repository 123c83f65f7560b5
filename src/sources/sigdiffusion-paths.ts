import { createRandom } from "../random/random-source.js";
import { createPathBatch, type PathBatch } from "../data/path-batch.js";
import {
  fitSigDiffusion,
  loadSigDiffusionModel,
  saveSigDiffusionModel,
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

/**
 * One shard of a model's paths: with one shard, every path from `createRandom(seed).fork(6)`; with
 * `count` shards, shard k draws ⌊N/count⌋ paths (the first N mod count shards one more) from
 * `createRandom(seed).fork(6).fork(k)`, so shards are independent of the order they run in.
 */
export function sampleSigDiffusion(
  saved: SavedSigDiffusionModel,
  settings: SigDiffusionSettings,
  seed: number,
  shard: Shard = { index: 0, count: 1 },
  onSample?: (accepted: number, total: number) => void,
): SampledSigDiffusion {
  const model = loadSigDiffusionModel(saved);
  const total = settings.sample.paths ?? 20_000;
  const paths = Math.floor(total / shard.count) + (shard.index < total % shard.count ? 1 : 0);
  const stream = createRandom(seed).fork(6);
  const random = shard.count === 1 ? stream : stream.fork(shard.index);
  const chunks: PathBatch[] = [];
  const rejected: Record<InversionFailure, number> = { "non-finite": 0, bessel: 0 };
  let drawn = 0;
  for (const chunk of sigDiffusionPathChunks(
    model,
    { ...settings.sample, paths, ...(onSample ? { onProgress: onSample } : {}) },
    random,
  )) {
    chunks.push(chunk.batch);
    drawn += chunk.drawn;
    for (const k of Object.keys(rejected) as InversionFailure[]) rejected[k] += chunk.rejected[k];
  }
  const { steps, tickers } = model.embedding;
  return { paths: joinPaths(chunks, steps, tickers), drawn, rejected };
}

/** Samples side by side: the paths of several chunks or shards, in order, as one batch. */
export function joinPaths(parts: readonly PathBatch[], steps: number, tickers: readonly string[]): PathBatch {
  const width = (steps + 1) * tickers.length;
  const n = parts.reduce((s, c) => s + c.n, 0);
  const values = new Float64Array(n * width);
  let at = 0;
  for (const c of parts) {
    values.set(c.values, at * width);
    at += c.n;
  }
  return createPathBatch(values, { n, steps, tickers: [...tickers] });
}
