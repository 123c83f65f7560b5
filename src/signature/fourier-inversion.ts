import { assertOption } from "../errors.js";
import { concatenateSeries, linearFunctional, shufflePower, shuffleSeries, wordSeries } from "./shuffle.js";
import type { PathArray } from "./signature.js";
import { elementCount } from "./tensor-algebra.js";

/**
 * Signature inversion by Fourier series (SigDiffusions): for the path X(t) = (t, sin t, cos t − 1,
 * x(t)) on [0, 2π] with x(0) = 0, the Fourier coefficients of x are finite linear combinations of
 * signature coordinates, so a signature can be turned back into a path.
 *
 * With F_{j,q} = ⟨(e_x ⧢ e_sin^{⧢j} ⧢ e_cos^{⧢q})·e_t, S⟩ = ∫_0^{2π} x(t) sin^j t (cos t − 1)^q dt
 * (shuffle identity, then the last letter e_t integrates against dt), and the Chebyshev expansions
 * about 1, cos kt = T_k(cos t) = Σ_q α_{kq} (cos t − 1)^q and sin kt = sin t·U_{k−1}(cos t) =
 * sin t Σ_q β_{kq} (cos t − 1)^q ({@link chebyshevCoefficients}):
 *
 * a_k = (1/π) Σ_{q=0}^{k} α_{kq} F_{0,q},   b_k = (1/π) Σ_{q=0}^{k−1} β_{kq} F_{1,q},
 *
 * which read words of length ≤ k + 2. Reference: Barancikova, Huang & Salvi, "SigDiffusions:
 * Score-Based Diffusion Models for Time Series via Log-Signature Embeddings", arXiv:2406.10354
 * (2024), Fourier inversion; docs/notes/signatures.md §7.
 */

/**
 * Which channel of the signature's path holds what; default
 * { time: 0, sine: 1, cosine: 2, values: [3, …, d − 1] }.
 */
export interface TrigChannels {
  /** The channel t ∈ [0, 2π]. */
  time: number;
  /** The channel sin t. */
  sine: number;
  /** The channel cos t − 1 (or cos t: the signature sees increments only). */
  cosine: number;
  /** The channels x⁽¹⁾, …, x⁽ᶜ⁾ to invert, each starting at 0. */
  values: readonly number[];
}

/** Options of {@link fourierCoefficients}. */
export interface FourierOptions {
  /** n ≥ 0: the coefficients a_0..a_n, b_1..b_n are computed. */
  terms: number;
  /** The signature's depth m; must be ≥ n + 2. */
  depth: number;
  /** The dimension d of the signature's path; default 4 (t, sin t, cos t − 1, x). */
  dimension?: number;
  /** The channel order; default [t, sin t, cos t − 1, x⁽¹⁾, …] ({@link TrigChannels}). */
  channels?: TrigChannels;
}

/**
 * Fourier coefficients of C channels of N paths: x(t) ≈ a_0/2 + Σ_{k=1}^{n} (a_k cos kt + b_k sin kt),
 * a_k = (1/π)∫_0^{2π} x cos kt dt, b_k = (1/π)∫_0^{2π} x sin kt dt. Shapes: `a`, `b` [N, C, n + 1]
 * (b_0 = 0); units: those of x.
 */
export interface FourierCoefficients {
  /** N, the number of paths. */
  n: number;
  /** C, the number of inverted channels. */
  channels: number;
  /** n, the highest frequency. */
  terms: number;
  /** a_k at [path, channel, k]. */
  a: Float64Array;
  /** b_k at [path, channel, k]; b_0 = 0. */
  b: Float64Array;
}

/** A path recovered from signatures by {@link invertSignature}, with the coefficients it came from. */
export interface FourierInversion {
  coefficients: FourierCoefficients;
  /** [N, G, C]: the truncated Fourier series of each channel on the grid. */
  path: PathArray;
}

/**
 * The Chebyshev polynomials about 1, as coefficients of powers of c = cos t − 1:
 * cos kt = T_k(1 + c) = Σ_{q=0}^{k} cosine[k][q] c^q and sin kt = sin t·U_{k−1}(1 + c) =
 * sin t Σ_{q=0}^{k−1} sine[k][q] c^q, for k = 0..n (sine[0] is empty). Computed exactly in integers
 * by the recurrences P_{k+1} = 2(1 + c) P_k − P_{k−1} (T_0 = 1, T_1 = 1 + c; U_0 = 1, U_1 = 2 + 2c).
 * Closed forms: cosine[k][q] = k/(k+q)·C(k+q, 2q)·2^q (k ≥ 1), sine[k][q] = C(k+q, 2q+1)·2^q.
 *
 * Reference: Mason & Handscomb, _Chebyshev Polynomials_ (2003), §1.2; docs/notes/signatures.md §7.
 */
export function chebyshevCoefficients(terms: number): { cosine: number[][]; sine: number[][] } {
  assertOption(Number.isInteger(terms) && terms >= 0, "terms", terms, "must be a non-negative integer");
  const step = (p: number[], previous: number[]): number[] =>
    Array.from({ length: p.length + 1 }, (_, q) => 2 * ((p[q] ?? 0) + (p[q - 1] ?? 0)) - (previous[q] ?? 0));
  const cosine: number[][] = [[1], [1, 1]];
  const second: number[][] = [[1], [2, 2]];
  for (let k = 2; k <= terms; k++) {
    cosine.push(step(cosine[k - 1]!, cosine[k - 2]!));
    second.push(step(second[k - 1]!, second[k - 2]!));
  }
  const sine = [[], ...second.slice(0, terms)];
  return { cosine: cosine.slice(0, terms + 1), sine };
}

/**
 * Fourier coefficients a_0..a_n, b_1..b_n of the value channels of time-augmented paths
 * (t, sin t, cos t − 1, x) on [0, 2π] from their signatures (see the file's summary for the formula).
 * Exact for the signature of any path with these first three channels; in floating point the
 * order-k coefficients amplify errors of the signature by about T_k(3) ≈ 5.83^k/2 (Chebyshev
 * coefficients of alternating sign), so keep n moderate (n ≤ 10 loses ≈ 8 digits).
 *
 * Shapes: `signatures` [len] or [N, len] with len = d + … + d^m; result a, b [N, C, n + 1].
 *
 * Reference: Barancikova, Huang & Salvi, arXiv:2406.10354 (2024), Fourier inversion.
 */
export function fourierCoefficients(signatures: Float64Array, options: FourierOptions): FourierCoefficients {
  const { terms, depth, dimension = 4 } = options;
  assertOption(Number.isInteger(terms) && terms >= 0, "terms", terms, "must be a non-negative integer");
  assertOption(
    Number.isInteger(depth) && depth >= terms + 2,
    "depth",
    depth,
    `must be an integer ≥ terms + 2 = ${terms + 2}: a_n and b_n read words of length n + 2`,
  );
  assertOption(
    Number.isInteger(dimension) && dimension >= 4,
    "dimension",
    dimension,
    "must be an integer ≥ 4",
  );
  const channels = options.channels ?? defaultChannels(dimension);
  assertChannels(channels, dimension);
  const { count } = elementCount(signatures, dimension, depth);
  const width = channels.values.length;
  const { cosine, sine } = chebyshevCoefficients(terms);
  const a = new Float64Array(count * width * (terms + 1));
  const b = new Float64Array(count * width * (terms + 1));
  const time = wordSeries([channels.time]);
  // e_sin^{⧢j} ⧢ e_cos^{⧢q} for j = 0, 1 and q = 0..n: shared by every value channel.
  const powers = [0, 1].map((j) =>
    Array.from({ length: terms + 1 }, (_, q) =>
      shuffleSeries(shufflePower([channels.sine], j), shufflePower([channels.cosine], q)),
    ),
  );
  channels.values.forEach((channel, c) => {
    const value = wordSeries([channel]);
    // F[j][q] = ⟨(e_x ⧢ e_sin^{⧢j} ⧢ e_cos^{⧢q})·e_t, S⟩ for every path.
    const integral = (j: number, q: number): Float64Array =>
      linearFunctional(
        concatenateSeries(shuffleSeries(value, powers[j]![q]!), time),
        signatures,
        dimension,
        depth,
      );
    const f0 = Array.from({ length: terms + 1 }, (_, q) => integral(0, q));
    const f1 = Array.from({ length: terms }, (_, q) => integral(1, q));
    for (let e = 0; e < count; e++) {
      const base = (e * width + c) * (terms + 1);
      for (let k = 0; k <= terms; k++) {
        let [sa, sb] = [0, 0];
        cosine[k]!.forEach((alpha, q) => (sa += alpha * f0[q]![e]!));
        sine[k]!.forEach((beta, q) => (sb += beta * f1[q]![e]!));
        a[base + k] = sa / Math.PI;
        b[base + k] = sb / Math.PI;
      }
    }
  });
  return { n: count, channels: width, terms, a, b };
}

/**
 * Evaluates truncated Fourier series on a grid of times: x(t) = a_0/2 + Σ_{k=1}^{n} (a_k cos kt +
 * b_k sin kt), for every path and channel of `coefficients`.
 *
 * Shapes: `grid` [G] (times in radians, usually in [0, 2π]); result [N, G, C] as a PathArray.
 *
 * Reference: Barancikova, Huang & Salvi, arXiv:2406.10354 (2024); docs/notes/signatures.md §7.
 */
export function fourierSeries(coefficients: FourierCoefficients, grid: ArrayLike<number>): PathArray {
  const { n, channels, terms, a, b } = coefficients;
  const points = grid.length;
  const values = new Float64Array(n * points * channels);
  for (let g = 0; g < points; g++) {
    const t = grid[g]!;
    assertOption(Number.isFinite(t), "grid", t, "must hold finite times");
    const cos = Array.from({ length: terms + 1 }, (_, k) => Math.cos(k * t));
    const sin = Array.from({ length: terms + 1 }, (_, k) => Math.sin(k * t));
    for (let e = 0; e < n; e++) {
      for (let c = 0; c < channels; c++) {
        const base = (e * channels + c) * (terms + 1);
        let total = a[base]! / 2;
        for (let k = 1; k <= terms; k++) total += a[base + k]! * cos[k]! + b[base + k]! * sin[k]!;
        values[(e * points + g) * channels + c] = total;
      }
    }
  }
  return { values, n, length: points, dimension: channels };
}

/**
 * Signatures → Fourier coefficients → paths on a grid: {@link fourierCoefficients} then
 * {@link fourierSeries}. The recovered channels are x − x(0) (a signature does not see the start).
 *
 * Shapes: `signatures` [N, len]; `grid` [G]; `path` [N, G, C].
 *
 * Reference: Barancikova, Huang & Salvi, arXiv:2406.10354 (2024), Fourier inversion.
 */
export function invertSignature(
  signatures: Float64Array,
  options: FourierOptions,
  grid: ArrayLike<number>,
): FourierInversion {
  const coefficients = fourierCoefficients(signatures, options);
  return { coefficients, path: fourierSeries(coefficients, grid) };
}

/**
 * The path the Fourier inversion reads, from samples of x: channels [t, sin t, cos t − 1,
 * x⁽¹⁾ − x⁽¹⁾(0), …] (the default {@link TrigChannels} order), so every channel starts at 0.
 *
 * Shapes: `x` [N, L, C] sampled at `times` [L], with times[0] = 0, times[L − 1] = 2π and times
 * non-decreasing; result [N, L, C + 3].
 *
 * Reference: Barancikova, Huang & Salvi, arXiv:2406.10354 (2024).
 */
export function timeAugmentedTrigPath(x: PathArray, times: ArrayLike<number>): PathArray {
  const { values, n, length, dimension } = x;
  assertOption(
    values.length === n * length * dimension,
    "x",
    values.length,
    `must hold N·L·C = ${n * length * dimension} values`,
  );
  assertOption(length >= 2, "x", length, "need at least two points");
  assertOption(times.length === length, "times", times.length, `must have one time per point (${length})`);
  assertOption(Math.abs(times[0]!) <= 1e-12, "times", times[0], "must start at 0");
  assertOption(
    Math.abs(times[length - 1]! - 2 * Math.PI) <= 1e-9,
    "times",
    times[length - 1],
    "must end at 2π",
  );
  for (let j = 1; j < length; j++) {
    assertOption(times[j]! >= times[j - 1]!, "times", times[j], "must be non-decreasing");
  }
  const d = dimension + 3;
  const out = new Float64Array(n * length * d);
  for (let e = 0; e < n; e++) {
    for (let j = 0; j < length; j++) {
      const t = times[j]!;
      const row = (e * length + j) * d;
      out[row] = t;
      out[row + 1] = Math.sin(t);
      out[row + 2] = Math.cos(t) - 1;
      for (let c = 0; c < dimension; c++) {
        out[row + 3 + c] = values[(e * length + j) * dimension + c]! - values[e * length * dimension + c]!;
      }
    }
  }
  return { values: out, n, length, dimension: d };
}

function defaultChannels(dimension: number): TrigChannels {
  return { time: 0, sine: 1, cosine: 2, values: Array.from({ length: dimension - 3 }, (_, c) => c + 3) };
}

function assertChannels(channels: TrigChannels, dimension: number): void {
  const all = [channels.time, channels.sine, channels.cosine, ...channels.values];
  const valid =
    channels.values.length >= 1 &&
    all.every((c) => Number.isInteger(c) && c >= 0 && c < dimension) &&
    new Set(all).size === all.length;
  assertOption(
    valid,
    "channels",
    channels,
    `must be distinct channels in 0..${dimension - 1}, at least one value`,
  );
}
