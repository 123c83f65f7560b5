import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRandom } from "../random/random-source.js";
import { createPathBatch, joinAssets, selectAssets, type PathBatch } from "../data/path-batch.js";
import {
  fitSigDiffusion,
  loadSigDiffusionModel,
  saveSigDiffusionModel,
  sigDiffusionPathChunks,
  type SavedSigDiffusionModel,
  type SigDiffusionCheckpoint,
  type SigDiffusionHooks,
  type SigDiffusionModel,
  type SigDiffusionOptions,
  type SigDiffusionSampleOptions,
} from "../generators/sigdiffusion.js";
import type { InversionFailure } from "../generators/sigdiffusion-inversion.js";
import type { MarketData } from "./market-data.js";
import type { RunConfig } from "./run-config.js";
import { VERSION } from "./version.js";

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

/** The resolved options of a SigDiffusion run: fit and sampler options, from the config and its profile. */
export interface SigDiffusionSettings {
  fit: SigDiffusionOptions;
  sample: SigDiffusionSampleOptions;
}

/** Resolves `config.sigdiffusion` against its profile (explicit options win). */
export function sigDiffusionSettings(config: RunConfig): SigDiffusionSettings {
  const options = config.sigdiffusion;
  const profile = SIGDIFFUSION_PROFILES[options.profile];
  return {
    fit: {
      mode: options.mode,
      epochs: options.epochs ?? profile.epochs,
      batchSize: options.batchSize ?? profile.batchSize,
      learningRate: options.learningRate,
      standardize: options.standardize,
      network: { ...profile.network },
      seed: config.seed,
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

/** Progress hooks and storage of {@link sigDiffusionPaths}. */
export interface SigDiffusionRunHooks extends Omit<SigDiffusionHooks, "resume"> {
  /** Called while sampling with the accepted count so far. */
  onSample?: (accepted: number, total: number) => void;
  /** A checkpoint to resume the training from. */
  resume?: SigDiffusionCheckpoint;
  /** Folder of the path cache (keyed by the hash of the settings, the data and the seed); none: no cache. */
  cacheDir?: string;
}

/** Generated SigDiffusion paths with where they came from. */
export interface SigDiffusionPaths {
  paths: PathBatch;
  model: SavedSigDiffusionModel;
  /** Samples drawn, and those rejected by the inversion's accuracy check. */
  drawn: number;
  rejected: Record<InversionFailure, number>;
  /** The cache key: SHA-256 of (settings, training windows, hedge set, seed, version). */
  key: string;
  /** True when the paths came from the cache. */
  cached: boolean;
  /** In words, for messages. */
  source: string;
}

/**
 * SigDiffusion training paths of one hedge set: fits the generator on the training windows of `data`
 * (validation windows give the held-out loss), samples `paths` paths, and caches the result under
 * `hooks.cacheDir` by the hash of (settings, training windows, hedge set, seed, version): a second
 * call with the same inputs reads the paths instead of training again.
 */
export function sigDiffusionPaths(
  config: RunConfig,
  hedge: readonly string[],
  data: MarketData,
  hooks: SigDiffusionRunHooks = {},
): SigDiffusionPaths {
  const settings = sigDiffusionSettings(config);
  const train = selectAssets(data.windows.train, hedge);
  const key = cacheKey(settings, train, config.seed);
  const describe = (n: number, drawn: number, cached: boolean): string =>
    `${n} SigDiffusion paths (${settings.fit.mode}, ${settings.fit.epochs} epochs on ${train.n} training windows; ${drawn - n} of ${drawn} samples rejected by the inversion check${cached ? "; from the cache" : ""})`;
  const cached = hooks.cacheDir ? readCache(hooks.cacheDir, key, train) : undefined;
  if (cached) return { ...cached, key, cached: true, source: describe(cached.paths.n, cached.drawn, true) };
  const validation = selectAssets(data.windows.validation, hedge);
  const model = fitSigDiffusion(
    train,
    settings.fit,
    createRandom(config.seed).fork(5),
    {
      ...(hooks.onStep ? { onStep: hooks.onStep } : {}),
      ...(hooks.onEpoch ? { onEpoch: hooks.onEpoch } : {}),
      ...(hooks.saveCheckpoint ? { saveCheckpoint: hooks.saveCheckpoint } : {}),
      ...(hooks.resume ? { resume: hooks.resume } : {}),
    },
    validation,
  );
  const result = sample(model, settings, config.seed, hooks);
  const saved = saveSigDiffusionModel(model);
  if (hooks.cacheDir) writeCache(hooks.cacheDir, key, { ...result, model: saved });
  return {
    ...result,
    model: saved,
    key,
    cached: false,
    source: describe(result.paths.n, result.drawn, false),
  };
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
 * SigDiffusion paths of a hedge set in the per-asset mode (the paper's: one model per asset, assets
 * sampled independently), made asset by asset so that a model is shared by every hedge set holding
 * its asset: each asset's model is fitted on that asset's training windows with {@link assetSeed},
 * sampled, and kept in `memo` (and in the disk cache of `hooks(ticker)`); the hedge set's paths put
 * the assets side by side. With nested hedge sets of 1 to 5 assets this fits 5 models instead of 15.
 *
 * Shape: [N, T + 1, H] with N = `sigdiffusion.paths`.
 *
 * @param hooks - progress and cache of the model of one asset, by its position in `hedge`.
 * @param memo - paths already made in this run, by ticker.
 */
export function perAssetSigDiffusionPaths(
  config: RunConfig,
  hedge: readonly string[],
  data: MarketData,
  hooks: (ticker: string, k: number) => SigDiffusionRunHooks = () => ({}),
  memo: Map<string, SigDiffusionPaths> = new Map(),
): { paths: PathBatch; source: string; parts: SigDiffusionPaths[] } {
  const parts = hedge.map((ticker, k) => {
    let made = memo.get(ticker);
    if (!made) {
      made = sigDiffusionPaths(
        { ...config, seed: assetSeed(config.seed, ticker) },
        [ticker],
        data,
        hooks(ticker, k),
      );
      memo.set(ticker, made);
    }
    return made;
  });
  const settings = sigDiffusionSettings(config);
  const drawn = parts.reduce((s, p) => s + p.drawn, 0);
  const kept = parts.reduce((s, p) => s + p.paths.n, 0);
  const paths = joinAssets(parts.map((p) => p.paths));
  return {
    paths,
    parts,
    source:
      `${paths.n} SigDiffusion paths (per-asset: one model per asset, ${settings.fit.epochs} epochs on ${data.windows.train.n} training windows; ` +
      `${drawn - kept} of ${drawn} samples rejected by the inversion check${parts.every((p) => p.cached) ? "; from the cache" : ""})`,
  };
}

/** Samples a fitted model with the run's sampler settings. */
function sample(
  model: SigDiffusionModel,
  settings: SigDiffusionSettings,
  seed: number,
  hooks: SigDiffusionRunHooks,
): { paths: PathBatch; drawn: number; rejected: Record<InversionFailure, number> } {
  const chunks: PathBatch[] = [];
  const rejected: Record<InversionFailure, number> = { "non-finite": 0, bessel: 0 };
  let drawn = 0;
  for (const chunk of sigDiffusionPathChunks(
    model,
    { ...settings.sample, ...(hooks.onSample ? { onProgress: hooks.onSample } : {}) },
    createRandom(seed).fork(6),
  )) {
    chunks.push(chunk.batch);
    drawn += chunk.drawn;
    for (const k of Object.keys(rejected) as InversionFailure[]) rejected[k] += chunk.rejected[k];
  }
  const { steps, tickers } = model.embedding;
  const width = (steps + 1) * tickers.length;
  const n = chunks.reduce((s, c) => s + c.n, 0);
  const values = new Float64Array(n * width);
  let at = 0;
  for (const c of chunks) {
    values.set(c.values, at * width);
    at += c.n;
  }
  return { paths: createPathBatch(values, { n, steps, tickers }), drawn, rejected };
}

function cacheKey(settings: SigDiffusionSettings, train: PathBatch, seed: number): string {
  const hash = createHash("sha256");
  hash.update(
    JSON.stringify({
      version: VERSION,
      settings,
      seed,
      tickers: train.tickers,
      steps: train.steps,
      n: train.n,
    }),
  );
  hash.update(new Uint8Array(train.values.buffer, train.values.byteOffset, train.values.byteLength));
  return hash.digest("hex");
}

interface CacheMeta {
  key: string;
  n: number;
  steps: number;
  tickers: string[];
  drawn: number;
  rejected: Record<InversionFailure, number>;
  model: SavedSigDiffusionModel;
}

function cacheFiles(dir: string, key: string): { meta: string; values: string } {
  const stem = join(dir, `sigdiffusion-${key.slice(0, 24)}`);
  return { meta: `${stem}.json`, values: `${stem}.f64` };
}

/** The cached paths of `key`, or undefined when absent or unreadable (a damaged cache is ignored and rewritten). */
function readCache(
  dir: string,
  key: string,
  train: PathBatch,
): Omit<SigDiffusionPaths, "key" | "cached" | "source"> | undefined {
  const files = cacheFiles(dir, key);
  if (!existsSync(files.meta) || !existsSync(files.values)) return undefined;
  try {
    const meta = JSON.parse(readFileSync(files.meta, "utf8")) as CacheMeta;
    const bytes = readFileSync(files.values);
    const count = meta.n * (meta.steps + 1) * meta.tickers.length;
    if (meta.key !== key || bytes.length !== count * 8 || meta.tickers.join() !== train.tickers.join())
      return undefined;
    const values = new Float64Array(count);
    new Uint8Array(values.buffer).set(bytes);
    loadSigDiffusionModel(meta.model);
    return {
      paths: createPathBatch(values, { n: meta.n, steps: meta.steps, tickers: meta.tickers }),
      model: meta.model,
      drawn: meta.drawn,
      rejected: meta.rejected,
    };
  } catch {
    return undefined;
  }
}

/** Writes the cache entry atomically (each file written beside, then renamed). */
function writeCache(
  dir: string,
  key: string,
  entry: {
    paths: PathBatch;
    drawn: number;
    rejected: Record<InversionFailure, number>;
    model: SavedSigDiffusionModel;
  },
): void {
  mkdirSync(dir, { recursive: true });
  const files = cacheFiles(dir, key);
  const { paths } = entry;
  const meta: CacheMeta = {
    key,
    n: paths.n,
    steps: paths.steps,
    tickers: [...paths.tickers],
    drawn: entry.drawn,
    rejected: entry.rejected,
    model: entry.model,
  };
  writeFileSync(
    `${files.values}.partial`,
    new Uint8Array(paths.values.buffer, paths.values.byteOffset, paths.values.byteLength),
  );
  renameSync(`${files.values}.partial`, files.values);
  writeFileSync(`${files.meta}.partial`, JSON.stringify(meta));
  renameSync(`${files.meta}.partial`, files.meta);
}
