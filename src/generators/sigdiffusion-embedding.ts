import { assertOption, HedgelabError } from "../errors.js";
import { quantile } from "../math/quantile.js";
import { symmetricEigen } from "../math/symmetric-matrix.js";
import type { PathBatch } from "../data/path-batch.js";
import { logSignature } from "../signature/log-signature.js";
import { logSignatureLength } from "../signature/lyndon.js";

/**
 * The log-signature embedding of SigDiffusions (Barancikova, Huang & Salvi 2024,
 * arXiv:2406.10354), fitted on the training windows: for each window and asset the path
 *
 *   X(t) = (t, sin t, cos t − 1, x(t)),  t ∈ [0, 2π],  x(t_j) = log(S_j/S_0)/σ_a at t_j = 2πj/T,
 *
 * (basepoint 0: x(0) = 0; x linear between days, the trigonometric channels sampled
 * {@link TRIG_SUBSTEPS} times a day), its log-signature at depth m in the Lyndon basis (m = 4: 90 coordinates),
 * each coordinate clipped at its training quantiles q and 1 − q, then standardised with its
 * training mean and standard deviation. σ_a, the asset's scale, is the root mean square of
 * log(S_j/S_0) over the training windows' points, so that x is of order one like the trigonometric
 * channels. Coordinates that do not vary over the training set (the words in t, sin t and cos t only:
 * the same for every window) get std 0: they standardise to 0 and come back exactly.
 */
export interface LogSignatureEmbedding {
  /** The assets, in channel order. */
  readonly tickers: readonly string[];
  /** T, daily steps per window. */
  readonly steps: number;
  /** m, the log-signature depth. */
  readonly depth: number;
  /** L, log-signature coordinates per asset (Σ_k Witt(4, k); 90 at depth 4). */
  readonly tokens: number;
  /** σ_a per asset (log-price units). */
  readonly scales: readonly number[];
  /** q of the clipping. */
  readonly clipQuantile: number;
  /** Clip bounds [H, L]. */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** Mean and standard deviation of the clipped coordinates [H, L]; std 0 marks a constant coordinate. */
  readonly mean: Float64Array;
  readonly std: Float64Array;
  /** `"whiten"` or `"coordinates"` ({@link Standardization}). */
  readonly standardize: Standardization;
  /**
   * With `"whiten"`, per asset: the eigenvectors of the correlation matrix of its varying coordinates
   * as columns ([V, V] row-major, V = number of varying coordinates, largest eigenvalue first) and
   * √λ of each; token k carries component k, tokens V..L − 1 are 0.
   */
  readonly components?: readonly { vectors: Float64Array; scales: Float64Array }[];
}

/**
 * How the clipped coordinates become the model's tokens:
 * - `"coordinates"` (SigDiffusions): each coordinate standardised on its own, token l = coordinate l;
 * - `"whiten"` (default, beyond the paper): the standardised varying coordinates rotated onto the
 *   principal axes of their training correlation matrix and scaled to unit variance (PCA whitening),
 *   token k = component k. The coordinates of a log-signature are strongly dependent (correlations
 *   of 0.98 between levels), and the inversion reads small differences of them (Fourier
 *   coefficients with alternating Chebyshev weights): with per-coordinate standardisation a model's
 *   errors of a few percent of each coordinate's spread become path errors larger than the paths
 *   (measured: realised volatility 2.7 times the truth after 480 steps on GBM windows), whereas
 *   whitened, an error in a component is a few percent of that component's own spread.
 */
export type Standardization = "whiten" | "coordinates";

/** Options of {@link fitLogSignatureEmbedding}. */
export interface EmbeddingOptions {
  /** m; default 4 (SigDiffusions). */
  depth?: number;
  /** Clip at the q and 1 − q training quantiles; default 0.001 (SigDiffusions). */
  clipQuantile?: number;
  /** Default "whiten" ({@link Standardization}). */
  standardize?: Standardization;
  /**
   * The windows' raw log-signatures [N, H, L] when the caller has them already:
   * `windowLogSignatures(windows, logPriceScales(windows), depth)`, so that a fit that embeds the
   * same windows afterwards ({@link embedLogSignatures}) computes them once. Default: computed here.
   */
  logSignatures?: Float64Array;
}

/** The dimension of the augmented path (t, sin t, cos t − 1, x). */
export const AUGMENTED_DIMENSION = 4;

/** The uniform grid t_j = 2πj/T, j = 0..T. */
export function trigGrid(steps: number): Float64Array {
  return Float64Array.from({ length: steps + 1 }, (_, j) => (2 * Math.PI * j) / steps);
}

/**
 * Sub-steps per day of the augmented path: x is linear within a day, but t, sin t and cos t − 1 are
 * sampled 8 times a day, so that the signature sees the trigonometric channels (which the Fourier
 * inversion assumes exact) with an interpolation error 64 times smaller than at daily points. What
 * remains, measured on exact log-signatures of the five hedge assets' training windows
 * (2008-09-26..2020-02-13, 14,175 window-assets): the inverted path is within 2.4·10⁻⁴ (median;
 * 90%: 6.0·10⁻⁴, largest 3.2·10⁻³) of the window's two-harmonic approximation, in scaled units
 * (× σ_a for log-price), and halving h divides it by 4.00 (docs/generators.md).
 */
export const TRIG_SUBSTEPS = 8;

/**
 * Raw log-signatures of every window and asset: [N, H, L] (float64), with x scaled by `scales`.
 * Windows must be positive prices; S_0 is each window's first price. `substeps` (default
 * {@link TRIG_SUBSTEPS}) is the number of points a day at which the trigonometric channels are
 * sampled, h = 2π/(substeps·T); the embedding always uses the default, other values serve to measure
 * the inversion's O(h²) error.
 */
export function windowLogSignatures(
  batch: PathBatch,
  scales: readonly number[],
  depth: number,
  substeps: number = TRIG_SUBSTEPS,
): Float64Array {
  assertOption(
    Number.isInteger(substeps) && substeps >= 1,
    "substeps",
    substeps,
    "must be a positive integer",
  );
  const { n, steps, assets, values } = batch;
  const points = steps + 1;
  const fine = steps * substeps + 1;
  const paths = new Float64Array(n * assets * fine * AUGMENTED_DIMENSION);
  const x = new Float64Array(points);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < assets; a++) {
      const first = values[i * points * assets + a]!;
      for (let j = 0; j < points; j++) {
        x[j] = Math.log(values[(i * points + j) * assets + a]! / first) / scales[a]!;
        if (!Number.isFinite(x[j]!)) {
          throw new HedgelabError(
            `window ${i} of ${batch.tickers[a]} has a non-finite or non-positive price on day ${j}: cannot embed it`,
          );
        }
      }
      const base = (i * assets + a) * fine * AUGMENTED_DIMENSION;
      for (let p = 0; p < fine; p++) {
        const day = Math.min(Math.floor(p / substeps), steps - 1);
        const w = p / substeps - day;
        const t = (2 * Math.PI * p) / (fine - 1);
        const row = base + p * AUGMENTED_DIMENSION;
        paths[row] = t;
        paths[row + 1] = Math.sin(t);
        paths[row + 2] = Math.cos(t) - 1;
        paths[row + 3] = x[day]! + w * (x[day + 1]! - x[day]!);
      }
    }
  }
  return logSignature(
    { values: paths, n: n * assets, length: fine, dimension: AUGMENTED_DIMENSION },
    { depth },
  );
}

/**
 * σ_a per asset [H] (log-price units): the root mean square of log(S_j/S_0) over the points j = 1..T
 * of the windows [N, T + 1, H], the scale of the embedding's x channel.
 *
 * @throws HedgelabError when an asset does not move.
 */
export function logPriceScales(windows: PathBatch): number[] {
  const { n, steps, assets, values } = windows;
  const points = steps + 1;
  return Array.from({ length: assets }, (_, a) => {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const first = values[i * points * assets + a]!;
      for (let j = 1; j < points; j++) total += Math.log(values[(i * points + j) * assets + a]! / first) ** 2;
    }
    const rms = Math.sqrt(total / (n * steps));
    if (!(rms > 0) || !Number.isFinite(rms)) {
      throw new HedgelabError(
        `${windows.tickers[a]} does not move over the training windows: cannot scale it`,
      );
    }
    return rms;
  });
}

/**
 * Fits the embedding on training windows [N, T + 1, H]: the scales, clip bounds and
 * standardisation of every asset's coordinates.
 */
export function fitLogSignatureEmbedding(
  windows: PathBatch,
  options: EmbeddingOptions = {},
): LogSignatureEmbedding {
  const { depth = 4, clipQuantile = 0.001, standardize = "whiten" } = options;
  assertOption(
    standardize === "whiten" || standardize === "coordinates",
    "standardize",
    standardize,
    'must be "whiten" or "coordinates"',
  );
  assertOption(
    Number.isInteger(depth) && depth >= 3 && depth <= 8,
    "depth",
    depth,
    "must be an integer in 3..8",
  );
  assertOption(clipQuantile >= 0 && clipQuantile < 0.5, "clipQuantile", clipQuantile, "must be in [0, 0.5)");
  const { n, steps, assets } = windows;
  assertOption(n >= 2, "windows", n, "need at least two training windows");
  const scales = logPriceScales(windows);
  const tokens = logSignatureLength(AUGMENTED_DIMENSION, depth);
  const size = assets * tokens;
  if (options.logSignatures && options.logSignatures.length !== n * size) {
    throw new Error(
      `fitLogSignatureEmbedding: ${options.logSignatures.length} log-signature values for [${n}, ${assets}, ${tokens}]`,
    );
  }
  const raw = options.logSignatures ?? windowLogSignatures(windows, scales, depth);
  const [lower, upper, mean, std] = [0, 1, 2, 3].map(() => new Float64Array(size)) as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const column = new Float64Array(n);
  for (let c = 0; c < size; c++) {
    for (let i = 0; i < n; i++) column[i] = raw[i * size + c]!;
    const [lo, hi] = [quantile(column, clipQuantile), quantile(column, 1 - clipQuantile)];
    let total = 0;
    for (let i = 0; i < n; i++) total += Math.min(hi, Math.max(lo, column[i]!));
    const mu = total / n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += (Math.min(hi, Math.max(lo, column[i]!)) - mu) ** 2;
    const sd = Math.sqrt(squares / n);
    lower[c] = lo;
    upper[c] = hi;
    mean[c] = mu;
    // A coordinate the same in every window (to rounding) is constant, not a feature.
    std[c] = sd > 1e-9 * (1 + Math.abs(mu)) ? sd : 0;
  }
  const base = {
    tickers: [...windows.tickers],
    steps,
    depth,
    tokens,
    scales,
    clipQuantile,
    lower,
    upper,
    mean,
    std,
  };
  if (standardize === "coordinates") return { ...base, standardize };
  const components = Array.from({ length: assets }, (_, a) => {
    const varying = varyingCoordinates(std, a, tokens);
    const v = varying.length;
    const correlation = new Float64Array(v * v);
    const u = new Float64Array(v);
    for (let i = 0; i < n; i++) {
      varying.forEach((l, k) => {
        const c = a * tokens + l;
        u[k] = (Math.min(upper[c]!, Math.max(lower[c]!, raw[i * size + c]!)) - mean[c]!) / std[c]!;
      });
      for (let p = 0; p < v; p++) for (let q = 0; q < v; q++) correlation[p * v + q]! += (u[p]! * u[q]!) / n;
    }
    const { values, vectors } = symmetricEigen(correlation, v);
    // Largest first; directions with no variance (to rounding) stay at zero.
    const floor = 1e-12 * Math.max(values[v - 1]!, 1e-300);
    const order = Array.from({ length: v }, (_, k) => v - 1 - k);
    return {
      vectors: Float64Array.from(
        { length: v * v },
        (_, i) => vectors[Math.floor(i / v) * v + order[i % v]!]!,
      ),
      scales: Float64Array.from(order, (k) => (values[k]! > floor ? Math.sqrt(values[k]!) : 0)),
    };
  });
  return { ...base, standardize, components };
}

/** The indices l of the varying coordinates of asset a (std > 0), in order. */
function varyingCoordinates(std: Float64Array, a: number, tokens: number): number[] {
  const out: number[] = [];
  for (let l = 0; l < tokens; l++) if (std[a * tokens + l]! > 0) out.push(l);
  return out;
}

/**
 * The model's input: clipped, standardised log-signatures of `windows`, [N, L, C] float32 with the
 * channels of `assets` (indices into the embedding's tickers; default all of them).
 */
export function embedWindows(
  embedding: LogSignatureEmbedding,
  windows: PathBatch,
  assets: readonly number[] = embedding.tickers.map((_, a) => a),
): Float32Array {
  if (windows.steps !== embedding.steps || windows.tickers.join() !== embedding.tickers.join()) {
    throw new Error("embedWindows: the windows do not match the embedding's tickers and steps");
  }
  const raw = windowLogSignatures(windows, embedding.scales, embedding.depth);
  return embedLogSignatures(embedding, raw, windows.n, assets);
}

/**
 * {@link embedWindows} from the windows' raw log-signatures [N, H, L]
 * (`windowLogSignatures(windows, embedding.scales, embedding.depth)`), so that several networks'
 * tokens are cut from one computation of them: [N, L, C] float32, the channels of `assets`.
 */
export function embedLogSignatures(
  embedding: LogSignatureEmbedding,
  raw: Float64Array,
  n: number,
  assets: readonly number[] = embedding.tickers.map((_, a) => a),
): Float32Array {
  const { tokens } = embedding;
  const h = embedding.tickers.length;
  if (raw.length !== n * h * tokens)
    throw new Error(`embedLogSignatures: ${raw.length} values for [${n}, ${h}, ${tokens}]`);
  const c = assets.length;
  const out = new Float32Array(n * tokens * c);
  const u = new Float64Array(tokens);
  for (let i = 0; i < n; i++) {
    assets.forEach((a, k) => {
      for (let l = 0; l < tokens; l++) {
        const at = a * tokens + l;
        const sd = embedding.std[at]!;
        const v = Math.min(
          embedding.upper[at]!,
          Math.max(embedding.lower[at]!, raw[(i * h + a) * tokens + l]!),
        );
        u[l] = sd > 0 ? (v - embedding.mean[at]!) / sd : 0;
      }
      const tokensOut = toTokens(embedding, a, u);
      for (let l = 0; l < tokens; l++) out[(i * tokens + l) * c + k] = tokensOut[l]!;
    });
  }
  return out;
}

/** Standardised coordinates u [L] of asset a → tokens [L] (identity, or whitened components). */
function toTokens(embedding: LogSignatureEmbedding, a: number, u: Float64Array): Float64Array {
  const component = embedding.components?.[a];
  if (!component) return u;
  const varying = varyingCoordinates(embedding.std, a, embedding.tokens);
  const v = varying.length;
  const out = new Float64Array(embedding.tokens);
  for (let k = 0; k < v; k++) {
    const scale = component.scales[k]!;
    if (scale === 0) continue;
    let total = 0;
    for (let p = 0; p < v; p++) total += component.vectors[p * v + k]! * u[varying[p]!]!;
    out[k] = total / scale;
  }
  return out;
}

/** Tokens z [L] of asset a → standardised coordinates u [L] (the inverse of {@link toTokens}). */
function fromTokens(embedding: LogSignatureEmbedding, a: number, z: Float64Array): Float64Array {
  const component = embedding.components?.[a];
  if (!component) return z;
  const varying = varyingCoordinates(embedding.std, a, embedding.tokens);
  const v = varying.length;
  const out = new Float64Array(embedding.tokens);
  for (let p = 0; p < v; p++) {
    let total = 0;
    for (let k = 0; k < v; k++) total += component.vectors[p * v + k]! * component.scales[k]! * z[k]!;
    out[varying[p]!] = total;
  }
  return out;
}

/**
 * Standardised model outputs back to log-signatures: [N, L, C] (channels = `assets`) → [N, C, L]
 * float64, ℓ = mean + z·std (constant coordinates exactly their training value).
 */
export function destandardize(
  embedding: LogSignatureEmbedding,
  zs: ArrayLike<number>,
  n: number,
  assets: readonly number[],
): Float64Array {
  const { tokens } = embedding;
  const c = assets.length;
  const out = new Float64Array(n * c * tokens);
  const z = new Float64Array(tokens);
  for (let i = 0; i < n; i++) {
    assets.forEach((a, k) => {
      for (let l = 0; l < tokens; l++) z[l] = zs[(i * tokens + l) * c + k]!;
      const u = fromTokens(embedding, a, z);
      for (let l = 0; l < tokens; l++) {
        const at = a * tokens + l;
        out[(i * c + k) * tokens + l] = embedding.mean[at]! + u[l]! * embedding.std[at]!;
      }
    });
  }
  return out;
}
