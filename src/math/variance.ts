import { assertOption } from "../errors.js";

/**
 * The variance of `values` with `ddof` delta degrees of freedom, computed in one pass by
 * Welford's algorithm.
 *
 * Formula: s² = Σᵢ (xᵢ − x̄)² / (n − ddof). The default ddof = 1 gives the unbiased sample
 * variance; ddof = 0 gives the population variance (the second central moment). Welford's update
 * avoids the cancellation of the textbook E[x²] − E[x]² form. The result is NaN when n ≤ ddof.
 *
 * Shape: `values` is [n].
 *
 * Reference: B. P. Welford, "Note on a method for calculating corrected sums of squares and
 * products", Technometrics 4 (1962) 419–420; as in d3-array's `variance`.
 *
 * @param ddof - delta degrees of freedom, a non-negative integer; default 1.
 */
export function variance(values: ArrayLike<number>, ddof = 1): number {
  assertOption(Number.isInteger(ddof) && ddof >= 0, "ddof", ddof, "must be a non-negative integer");
  const n = values.length;
  if (n <= ddof) return Number.NaN;
  let m = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    const delta = x - m;
    m += delta / (i + 1);
    sumSquares += delta * (x - m);
  }
  return sumSquares / (n - ddof);
}

/**
 * The standard deviation of `values`: the square root of {@link variance} with the same `ddof`.
 *
 * Formula: s = √(Σᵢ (xᵢ − x̄)² / (n − ddof)); NaN when n ≤ ddof. When the squares overflow
 * (|x| near 1e154 and beyond), s is computed as c · s(x / c) with c = max |xᵢ|, so that finite
 * values whose s is representable give a finite s.
 *
 * Shape: `values` is [n].
 *
 * Reference: B. P. Welford (1962), see {@link variance}.
 *
 * @param ddof - delta degrees of freedom, a non-negative integer; default 1.
 */
export function standardDeviation(values: ArrayLike<number>, ddof = 1): number {
  const v = variance(values, ddof);
  if (v < Infinity || Number.isNaN(v)) return Math.sqrt(v);
  // The squares overflowed although the values may be finite: scale by max |x| (s(x) = c · s(x / c)).
  let scale = 0;
  for (let i = 0; i < values.length; i++) scale = Math.max(scale, Math.abs(values[i]!));
  if (!(scale < Infinity)) return v;
  const scaled = Float64Array.from({ length: values.length }, (_, i) => values[i]! / scale);
  return Math.sqrt(variance(scaled, ddof)) * scale;
}
