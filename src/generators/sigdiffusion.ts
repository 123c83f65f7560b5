import { assertOption, HedgelabError } from "../errors.js";
import type { RandomSource } from "../random/random-source.js";
import { joinPaths, type PathBatch } from "../data/path-batch.js";
import { decodeElements, encodeElements } from "../tensor/serialize.js";
import { DEFAULT_SCORE_NETWORK, ScoreNetwork, type ScoreNetworkOptions } from "./score-network.js";
import {
  trainScoreNetwork,
  type ScoreCheckpoint,
  type ScoreEpoch,
  type ScoreTrainingOptions,
  type TrainedScore,
} from "./score-training.js";
import {
  destandardize,
  embedLogSignatures,
  fitLogSignatureEmbedding,
  logPriceScales,
  windowLogSignatures,
  type LogSignatureEmbedding,
  type Standardization,
} from "./sigdiffusion-embedding.js";
import {
  invertLogSignatures,
  fitDetail,
  type DetailFit,
  type DetailMode,
  type InversionFailure,
} from "./sigdiffusion-inversion.js";
import { tokenMoments } from "./token-moments.js";
import {
  DEFAULT_VP_SCHEDULE,
  sampleProbabilityFlow,
  type GaussianMoments,
  type OdeSolver,
  type VpSchedule,
} from "./vp-sde.js";

/**
 * `"per-asset"` (the paper's section 3.3): one model per asset, one channel each, assets sampled
 * independently; `"joint"`: one model whose tokens carry every hedge asset's coordinate as a
 * channel (SigDiffusions' by-channel embedding), so that the dependence between assets is learned.
 */
export type SigDiffusionMode = "per-asset" | "joint";

/** Options of {@link fitSigDiffusion}. */
export interface SigDiffusionOptions extends ScoreTrainingOptions {
  /** Default "per-asset" (the paper's). */
  mode?: SigDiffusionMode;
  /** Log-signature depth; default 4. */
  depth?: number;
  /** Clip quantile q of the embedding; default 0.001. */
  clipQuantile?: number;
  /** How tokens are standardised; default "whiten" ({@link Standardization}). */
  standardize?: Standardization;
  /** The score network's size; default hidden 64, 4 layers, 4 heads, feed-forward 256. */
  network?: Pick<ScoreNetworkOptions, "hidden" | "layers" | "heads" | "feedForward">;
  /** Seed of the weights, shuffling and noise; default 42. */
  seed?: number;
}

/** A fitted SigDiffusion generator: the embedding, one or H score networks (EMA weights), and what the detail uses. */
export interface SigDiffusionModel {
  mode: SigDiffusionMode;
  embedding: LogSignatureEmbedding;
  /** The detail above the truncation: energy per asset and correlation (identity in per-asset mode). */
  detail: DetailFit;
  /** The trained networks: one per asset (per-asset mode) or one (joint), with the assets each covers. */
  networks: (TrainedScore & { assets: number[] })[];
  schedule: VpSchedule;
  /**
   * Per network, the mean μ [D] and covariance Σ [D, D] of its training tokens (D = L·C, the tokens
   * the network sees, {@link tokenMoments}): the sampler starts from the VP marginal at t = 1,
   * N(m(1)μ, m(1)²Σ + (1 − m(1)²)I), or from N(0, I) when the tokens are whitened per asset. Absent
   * in models saved before they were recorded, which can then be sampled only when whitened per asset.
   */
  tokenMoments?: GaussianMoments[];
}

/** Checkpoint of a whole fit: finished networks and the one in progress. */
export interface SigDiffusionCheckpoint {
  finished: (TrainedScore & { assets: number[] })[];
  current?: ScoreCheckpoint;
}

/** Hooks of {@link fitSigDiffusion}: progress (per network `k` of `count`) and checkpoints. */
export interface SigDiffusionHooks {
  onStep?: (k: number, count: number, epoch: number, step: number, steps: number, loss: number) => void;
  onEpoch?: (k: number, count: number, record: ScoreEpoch) => void;
  saveCheckpoint?: (checkpoint: SigDiffusionCheckpoint) => void;
  resume?: SigDiffusionCheckpoint;
}

/**
 * Fits SigDiffusion (Barancikova, Huang & Salvi 2024; the paper's section 3.3) on training windows
 * [N, T + 1, H]: the log-signature embedding ({@link fitLogSignatureEmbedding}), then one score
 * network per asset or one joint network trained by denoising score matching on the VP-SDE
 * ({@link trainScoreNetwork}); `validation` windows (optional) give a held-out loss per epoch.
 *
 * @throws HedgelabError when there are fewer windows than the batch size.
 */
export function fitSigDiffusion(
  windows: PathBatch,
  options: SigDiffusionOptions,
  random: RandomSource,
  hooks: SigDiffusionHooks = {},
  validation?: PathBatch,
): SigDiffusionModel {
  const { mode = "per-asset", depth = 4, clipQuantile = 0.001, standardize = "whiten" } = options;
  assertOption(mode === "per-asset" || mode === "joint", "mode", mode, 'must be "per-asset" or "joint"');
  const batchSize = options.batchSize ?? 128;
  if (windows.n < batchSize) {
    throw new HedgelabError(
      `too few training windows: ${windows.n} for a batch size of ${batchSize} (use a smaller batch size or a longer training span)`,
    );
  }
  // The windows' log-signatures are computed once (the costly part of preparing the data: 240 Chen
  // steps per window and asset) and shared by the embedding's fit and every network's tokens.
  const raw = windowLogSignatures(windows, logPriceScales(windows), depth);
  const embedding = fitLogSignatureEmbedding(windows, {
    depth,
    clipQuantile,
    standardize,
    logSignatures: raw,
  });
  const heldRaw =
    validation && validation.n > 0
      ? windowLogSignatures(validation, embedding.scales, embedding.depth)
      : undefined;
  const h = windows.assets;
  const groups = mode === "joint" ? [windows.tickers.map((_, a) => a)] : windows.tickers.map((_, a) => [a]);
  const finished = [...(hooks.resume?.finished ?? [])];
  const schedule = options.schedule ?? DEFAULT_VP_SCHEDULE;
  const moments: GaussianMoments[] = [];
  for (let k = 0; k < groups.length; k++) {
    const assets = groups[k]!;
    const data = embedLogSignatures(embedding, raw, windows.n, assets);
    moments.push(tokenMoments(data, windows.n));
    if (k < finished.length) continue;
    const network: ScoreNetworkOptions = {
      ...DEFAULT_SCORE_NETWORK,
      ...options.network,
      channels: assets.length,
      tokens: embedding.tokens,
      seed: (options.seed ?? 42) + k,
    };
    const held =
      validation && heldRaw
        ? { data: embedLogSignatures(embedding, heldRaw, validation.n, assets), n: validation.n }
        : undefined;
    const resume = k === finished.length ? hooks.resume?.current : undefined;
    const trained = trainScoreNetwork(
      data,
      windows.n,
      network,
      { ...options, schedule },
      random.fork(100 + k),
      {
        onStep: (epoch, step, steps, loss) => hooks.onStep?.(k, groups.length, epoch, step, steps, loss),
        onEpoch: (record) => hooks.onEpoch?.(k, groups.length, record),
        saveCheckpoint: (current) => hooks.saveCheckpoint?.({ finished, current }),
        ...(resume ? { resume } : {}),
      },
      held,
    );
    finished.push({ ...trained, assets });
    hooks.saveCheckpoint?.({ finished });
  }
  const detail = fitDetail(embedding, windows);
  if (mode === "per-asset")
    detail.correlation = detail.correlation.map((_, i) => (i % (h + 1) === 0 ? 1 : 0));
  return { mode, embedding, detail, networks: finished, schedule, tokenMoments: moments };
}

/** Accepted paths per sampling block of {@link sigDiffusionPathChunks}: 1,024. */
export const DEFAULT_SIGDIFFUSION_CHUNK_SIZE = 1024;

/** Options of {@link sigDiffusionPathChunks}. */
export interface SigDiffusionSampleOptions {
  /** N, accepted paths of the whole sample (every block); default 20,000 (the paper's per asset). */
  paths?: number;
  /** Fixed ODE steps; default 128. */
  odeSteps?: number;
  /** Default "heun". */
  solver?: OdeSolver;
  /** Default "brownian" ({@link DetailMode}). */
  detail?: DetailMode;
  /** τ of the inversion's accuracy check; default 1. */
  tolerance?: number;
  /** Stop when more than this fraction of a block's draws failed the accuracy check; default 0.9. */
  maxRejectionRate?: number;
  /**
   * The most draws a block makes per path of its quota before it stops, whatever the rejection rate
   * (a rate of 1 tolerates any share, not an endless block); default {@link MAX_DRAWS_PER_PATH}.
   */
  maxDrawsPerPath?: number;
  /** Accepted paths per block (the last block the rest of N); default 1024 ({@link DEFAULT_SIGDIFFUSION_CHUNK_SIZE}). */
  chunkSize?: number;
  /** The blocks to draw, `from` (included) to `to` (excluded) of {@link sigDiffusionBlockCount}'s; default all. */
  blocks?: { from: number; to: number };
  /** S_0; default 100. */
  spot?: number;
  /** Called after every ODE step of every network and draw: paths accepted so far and to accept in these blocks. */
  onProgress?: (accepted: number, total: number) => void;
}

/** The accepted paths of one block and what was drawn and rejected while filling it. */
export interface SigDiffusionChunk {
  /** The block's index b. */
  block: number;
  /** Shape [min(chunkSize, N − b·chunkSize), T + 1, H]. */
  batch: PathBatch;
  drawn: number;
  rejected: Record<InversionFailure, number>;
}

/** The sampling blocks of N paths: ⌈N / chunkSize⌉, the last one holding the rest. */
export function sigDiffusionBlockCount(
  paths: number,
  chunkSize: number = DEFAULT_SIGDIFFUSION_CHUNK_SIZE,
): number {
  return Math.ceil(paths / chunkSize);
}

/** The default of `maxDrawsPerPath`: the most draws a block makes per path it needs before it stops. */
export const MAX_DRAWS_PER_PATH = 1000;

/**
 * Samples paths from a fitted model, block by block: probability-flow ODE in log-signature space
 * ({@link sampleProbabilityFlow}) per network, de-standardised, inverted to prices
 * ({@link invertLogSignatures}). The N paths are blocks of `chunkSize` accepted paths (the last one
 * shorter); block b draws from `random.fork(b)`, its draw a (the first of the block's quota, each next
 * one of what the previous rejected) from `random.fork(b).fork(a)` (network k from its `fork(k)`, the
 * inversion from its `fork(99)`). Samples that fail the inversion's accuracy check are dropped, counted
 * in the block's `rejected`, and replaced by the block's next draw until it has its quota; more than
 * `maxRejectionRate` of a block's draws rejected (after its first 64), or `maxDrawsPerPath` draws per
 * path of a block without its quota (whatever the rate), stops the run with a
 * {@link HedgelabError}. So a block's paths, counts and success depend only on the model, the options,
 * the seed, b and the block's size, never on which other blocks the same call draws: `blocks` splits a
 * sample into parts whose paths, side by side, are the whole sample's, bit for bit. Yields one chunk
 * per block, in order.
 */
export function* sigDiffusionPathChunks(
  model: SigDiffusionModel,
  options: SigDiffusionSampleOptions,
  random: RandomSource,
): Generator<SigDiffusionChunk> {
  const {
    paths = 20_000,
    odeSteps = 128,
    solver = "heun",
    chunkSize = DEFAULT_SIGDIFFUSION_CHUNK_SIZE,
    spot = 100,
    maxRejectionRate = 0.9,
    maxDrawsPerPath = MAX_DRAWS_PER_PATH,
  } = options;
  assertOption(
    maxRejectionRate >= 0 && maxRejectionRate <= 1,
    "maxRejectionRate",
    maxRejectionRate,
    "must be in [0, 1]",
  );
  assertOption(Number.isInteger(paths) && paths >= 1, "paths", paths, "must be a positive integer");
  assertOption(
    Number.isInteger(chunkSize) && chunkSize >= 1,
    "chunkSize",
    chunkSize,
    "must be a positive integer",
  );
  const count = sigDiffusionBlockCount(paths, chunkSize);
  const { from, to } = options.blocks ?? { from: 0, to: count };
  assertOption(
    Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from < to && to <= count,
    "blocks",
    `${from}..${to}`,
    `must be a non-empty range of the ${count} blocks`,
  );
  const quota = (b: number): number => Math.min(chunkSize, paths - b * chunkSize);
  let total = 0;
  for (let b = from; b < to; b++) total += quota(b);
  const { embedding } = model;
  const h = embedding.tickers.length;
  const starts = model.networks.map((_, k) => samplerStart(model, k, "the SigDiffusion model"));
  const networks = model.networks.map((trained) => {
    for (const saved of trained.ema) {
      const values = saved.data
        ? decodeElements(
            saved.data,
            "float32",
            saved.shape.reduce((a, b) => a * b, 1),
          )
        : saved.values;
      if (!values || values.some((v) => !Number.isFinite(v))) {
        throw new HedgelabError(
          `non-finite value reaching the sampler: parameter ${saved.name} of the score network for ${trained.assets.map((a) => embedding.tickers[a]).join("+")} is not finite`,
        );
      }
    }
    const net = new ScoreNetwork(trained.network);
    net.load(trained.ema, "the SigDiffusion model");
    return { net, assets: trained.assets };
  });
  try {
    let done = 0;
    for (let b = from; b < to; b++) {
      const block = random.fork(b);
      const want = quota(b);
      const parts: PathBatch[] = [];
      const rejected: Record<InversionFailure, number> = { "non-finite": 0, bessel: 0 };
      let accepted = 0;
      let drawn = 0;
      for (let a = 0; accepted < want; a++) {
        // The draw's size depends only on the block: the same batches, whatever else runs.
        const n = want - accepted;
        const stream = block.fork(a);
        const logSignatures = new Float64Array(n * h * embedding.tokens);
        networks.forEach(({ net, assets }, k) => {
          const z = sampleProbabilityFlow(net, [n, embedding.tokens, assets.length], stream.fork(k), {
            steps: odeSteps,
            solver,
            schedule: model.schedule,
            ...(starts[k] ? { data: starts[k] } : {}),
            onStep: () => options.onProgress?.(done + accepted, total),
          });
          const part = destandardize(embedding, z, n, assets);
          for (let i = 0; i < n; i++) {
            assets.forEach((a, j) => {
              logSignatures.set(
                part.subarray(
                  (i * assets.length + j) * embedding.tokens,
                  (i * assets.length + j + 1) * embedding.tokens,
                ),
                (i * h + a) * embedding.tokens,
              );
            });
          }
        });
        const inverted = invertLogSignatures(embedding, logSignatures, n, stream.fork(99), {
          detail: options.detail ?? "brownian",
          ...(options.tolerance !== undefined ? { tolerance: options.tolerance } : {}),
          spot,
          detailCorrelation: model.detail.correlation,
          detailEnergy: model.detail.energy,
        });
        parts.push(inverted.batch);
        accepted += inverted.batch.n;
        drawn += n;
        for (const key of Object.keys(rejected) as InversionFailure[])
          rejected[key] += inverted.rejected[key];
        const failed = drawn - accepted;
        // A rate of 1 tolerates any share of rejections, not an endless block.
        if (accepted < want && drawn >= maxDrawsPerPath * want) {
          throw new HedgelabError(
            `block ${b} drew ${drawn} log-signatures for ${want} paths and kept ${accepted} (the inversion's accuracy check rejected the rest): the model is not trained enough (more epochs)`,
          );
        }
        if (failed > maxRejectionRate * Math.max(drawn, 64)) {
          throw new HedgelabError(
            `${failed} of ${drawn} generated log-signatures of block ${b} failed the inversion's accuracy check (last draw: ${JSON.stringify(inverted.rejected)}): the model is not trained enough (more epochs)`,
          );
        }
      }
      done += accepted;
      const batch = parts.length === 1 ? parts[0]! : joinPaths(parts, embedding.steps, embedding.tickers);
      yield { block: b, batch, drawn, rejected };
    }
  } finally {
    for (const { net } of networks) net.dispose();
  }
}

/**
 * The moments of network k's training tokens that its sampler starts from, or undefined for N(0, I).
 * Tokens whitened per asset (`standardize: "whiten"`, one asset per network) have mean 0 and
 * covariance I by construction (PCA whitening on the training windows), so the VP marginal at t = 1,
 * N(m(1)·0, m(1)²I + (1 − m(1)²)I), is N(0, I): the start is drawn as it always was. (The tokens past
 * the varying components are 0 in every window, so their marginal is N(0, 1 − m(1)²); they are
 * dropped by `destandardize`.) Per-coordinate tokens (`"coordinates"`: correlations of 0.98 between
 * levels, top eigenvalue 18.3 for AAPL) and the joint mode (each asset whitened, the assets
 * correlated) start from N(m(1)μ, m(1)²Σ + (1 − m(1)²)I).
 *
 * @throws HedgelabError when those need the moments and the model has none (saved before they were recorded).
 */
function samplerStart(model: SigDiffusionModel, k: number, source: string): GaussianMoments | undefined {
  if (model.embedding.standardize === "whiten" && model.networks[k]!.assets.length === 1) return undefined;
  const moments = model.tokenMoments?.[k];
  if (!moments) {
    throw new HedgelabError(
      `${source} has no mean and covariance of its training tokens (saved before hedgelab recorded them), and its ${model.mode} "${model.embedding.standardize}" tokens do not start from N(0, I): fit it again`,
    );
  }
  return moments;
}

/** What {@link generateSigDiffusionPaths} returns: the paths and the count of rejected samples. */
export interface SigDiffusionSample {
  batch: PathBatch;
  drawn: number;
  rejected: Record<InversionFailure, number>;
}

/** All the paths of {@link sigDiffusionPathChunks} in one batch [N, T + 1, H], with the rejections summed. */
export function generateSigDiffusionPaths(
  model: SigDiffusionModel,
  options: SigDiffusionSampleOptions,
  random: RandomSource,
): SigDiffusionSample {
  const chunks = [...sigDiffusionPathChunks(model, options, random)];
  const rejected: Record<InversionFailure, number> = { "non-finite": 0, bessel: 0 };
  let drawn = 0;
  for (const c of chunks) {
    drawn += c.drawn;
    for (const key of Object.keys(rejected) as InversionFailure[]) rejected[key] += c.rejected[key];
  }
  const { steps, tickers } = model.embedding;
  const batch = joinPaths(
    chunks.map((c) => c.batch),
    steps,
    tickers,
  );
  return { batch, drawn, rejected };
}

/** A {@link SigDiffusionModel} as JSON: arrays as base64 float64 ({@link encodeElements}). */
export interface SavedSigDiffusionModel {
  kind: "sigdiffusion";
  version: 1;
  mode: SigDiffusionMode;
  embedding: Omit<LogSignatureEmbedding, "lower" | "upper" | "mean" | "std" | "components"> & {
    lower: string;
    upper: string;
    mean: string;
    std: string;
    components?: { vectors: string; scales: string }[];
  };
  detail: DetailFit;
  networks: (TrainedScore & { assets: number[] })[];
  schedule: VpSchedule;
  /**
   * Per network, its training tokens' mean [D] and covariance [D, D] as base64 float64; added in
   * version 1 without a new version number: files written before have none (see {@link loadSigDiffusionModel}).
   */
  tokenMoments?: { mean: string; covariance: string }[];
}

/** The model as JSON (for model files and caches). */
export function saveSigDiffusionModel(model: SigDiffusionModel): SavedSigDiffusionModel {
  const { components, ...embedding } = model.embedding;
  const f64 = (values: Float64Array): string => encodeElements(values);
  return {
    kind: "sigdiffusion",
    version: 1,
    mode: model.mode,
    embedding: {
      ...embedding,
      lower: f64(embedding.lower),
      upper: f64(embedding.upper),
      mean: f64(embedding.mean),
      std: f64(embedding.std),
      ...(components
        ? { components: components.map((c) => ({ vectors: f64(c.vectors), scales: f64(c.scales) })) }
        : {}),
    },
    detail: model.detail,
    networks: model.networks,
    schedule: model.schedule,
    ...(model.tokenMoments
      ? {
          tokenMoments: model.tokenMoments.map((m) => ({
            mean: f64(m.mean),
            covariance: f64(m.covariance),
          })),
        }
      : {}),
  };
}

/**
 * A model saved by {@link saveSigDiffusionModel}; fails with one line when the file does not fit. A
 * file written before the token moments were recorded loads only when its tokens are whitened per
 * asset (its sampler starts from N(0, I), as when it was written); otherwise it is refused, since
 * its sampler's start cannot be built.
 */
export function loadSigDiffusionModel(
  saved: SavedSigDiffusionModel,
  source = "the SigDiffusion model",
): SigDiffusionModel {
  if (saved.kind !== "sigdiffusion" || saved.version !== 1)
    throw new HedgelabError(`${source} is not a SigDiffusion model of version 1`);
  const { components: savedComponents, ...embedding } = saved.embedding;
  const h = embedding.tickers.length;
  const f64 = (data: string, count: number, field: string): Float64Array => {
    const values = decodeElements(data, "float64", count);
    if (!values) throw new HedgelabError(`${source}: ${field} does not hold ${count} values`);
    return values as Float64Array;
  };
  const size = h * embedding.tokens;
  const components = savedComponents?.map((c, a) => {
    const v = Math.round(Math.sqrt(Buffer.from(c.vectors, "base64").length / 8));
    return {
      vectors: f64(c.vectors, v * v, `embedding.components[${a}].vectors`),
      scales: f64(c.scales, v, `embedding.components[${a}].scales`),
    };
  });
  if (saved.tokenMoments && saved.tokenMoments.length !== saved.networks.length)
    throw new HedgelabError(
      `${source}: ${saved.tokenMoments.length} token moments for ${saved.networks.length} networks`,
    );
  const tokenMoments = saved.tokenMoments?.map((m, k) => {
    const d = embedding.tokens * saved.networks[k]!.assets.length;
    return {
      mean: f64(m.mean, d, `tokenMoments[${k}].mean`),
      covariance: f64(m.covariance, d * d, `tokenMoments[${k}].covariance`),
    };
  });
  const model: SigDiffusionModel = {
    mode: saved.mode,
    embedding: {
      ...embedding,
      lower: f64(embedding.lower, size, "embedding.lower"),
      upper: f64(embedding.upper, size, "embedding.upper"),
      mean: f64(embedding.mean, size, "embedding.mean"),
      std: f64(embedding.std, size, "embedding.std"),
      ...(components ? { components } : {}),
    },
    detail: saved.detail,
    networks: saved.networks,
    schedule: saved.schedule,
    ...(tokenMoments ? { tokenMoments } : {}),
  };
  model.networks.forEach((_, k) => samplerStart(model, k, source));
  return model;
}
