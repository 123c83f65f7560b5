import { assertOption } from "../errors.js";

/**
 * The p-quantile of `values` by linear interpolation between order statistics (Hyndman–Fan
 * type 7, the default of R, NumPy and d3), computed on a sorted copy; `values` is not modified.
 *
 * Formula: with x₍₀₎ ≤ … ≤ x₍ₙ₋₁₎ the sorted values, h = (n − 1)p and j = ⌊h⌋,
 * Q(p) = x₍ⱼ₎ + (h − j)(x₍ⱼ₊₁₎ − x₍ⱼ₎). Q(0) is the minimum and Q(1) the maximum.
 * The quantile of an empty array, or of one holding a NaN, is NaN.
 *
 * This is the smooth quantile of descriptive statistics; the risk measures use the lower
 * empirical quantile instead (see `valueAtRisk` in `src/risk`).
 *
 * Shape: `values` is [n].
 *
 * Reference: R. J. Hyndman and Y. Fan, "Sample quantiles in statistical packages", The American
 * Statistician 50 (1996) 361–365, definition 7.
 *
 * @param p - the probability level, in [0, 1].
 */
export function quantile(values: ArrayLike<number>, p: number): number {
  assertProbability(p);
  const sorted = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) return Number.NaN;
    sorted[i] = x;
  }
  sorted.sort();
  return quantileSorted(sorted, p);
}

/**
 * The p-quantile (Hyndman–Fan type 7) of values already sorted in ascending order; no copy, no
 * check of the order.
 *
 * Formula: h = (n − 1)p, j = ⌊h⌋, Q(p) = x₍ⱼ₎ + (h − j)(x₍ⱼ₊₁₎ − x₍ⱼ₎); NaN when empty.
 *
 * Shape: `sorted` is [n], ascending.
 *
 * Reference: Hyndman and Fan (1996), definition 7; see {@link quantile}.
 *
 * @param p - the probability level, in [0, 1].
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  assertProbability(p);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const j = Math.floor(h);
  const lower = sorted[j]!;
  if (j >= n - 1) return lower;
  const upper = sorted[j + 1]!;
  const fraction = h - j;
  // Equal neighbours (including infinite ones) need no interpolation, which would give NaN.
  return fraction === 0 || lower === upper ? lower : lower + fraction * (upper - lower);
}

function assertProbability(p: number): void {
  assertOption(p >= 0 && p <= 1, "p", p, "must be in [0, 1]");
}
