import { sum } from "./sum.js";

/**
 * The arithmetic mean of `values`.
 *
 * Formula: x̄ = (1/n) Σᵢ xᵢ, with the sum computed by compensated summation ({@link sum}), so the
 * result is accurate to about one rounding whatever n. The mean of an empty array is NaN.
 *
 * Shape: `values` is [n].
 *
 * Reference: A. Neumaier (1974), see {@link sum}.
 */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  return n === 0 ? Number.NaN : sum(values) / n;
}
