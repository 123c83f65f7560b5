/**
 * log Σᵢ exp(xᵢ), computed without overflow or underflow for inputs of any magnitude.
 *
 * Formula: with m = maxᵢ xᵢ (the "max shift"), log Σᵢ exp(xᵢ) = m + log1p(Σ_{i≠i*} exp(xᵢ − m)),
 * where i* is one index of the maximum. Every shifted exponent is ≤ 0, so nothing overflows, and
 * the term of the maximum, exactly 1, is kept out of the sum so that `log1p` keeps full relative
 * accuracy when the other terms are small. The sum is compensated (Neumaier).
 *
 * Special values: the empty sum gives −∞ (log 0); −∞ entries contribute exp(−∞) = 0, so all −∞
 * gives −∞; any +∞ entry gives +∞; any NaN gives NaN.
 *
 * Shape: `values` is [n].
 *
 * Reference: the stabilisation of TensorFlow.js `logSumExp` (tfjs-core/src/ops/log_sum_exp.ts);
 * P. Blanchard, D. J. Higham and N. J. Higham, "Accurately computing the log-sum-exp and softmax
 * functions", IMA J. Numer. Anal. 41 (2021) 2311–2330 (the shifted, `log1p` form they analyse).
 *
 * @example
 * logSumExp([1000, 1000]); // 1000 + log 2 (a naive formula overflows)
 */
export function logSumExp(values: ArrayLike<number>): number {
  const { max, argmax } = maxOf(values);
  if (Number.isNaN(max) || max === Number.POSITIVE_INFINITY || max === Number.NEGATIVE_INFINITY) return max;
  return max + Math.log1p(sumShiftedExp(values, max, argmax));
}

/**
 * log((1/n) Σᵢ exp(xᵢ)): the log of the mean of exponentials, stable for inputs of any magnitude
 * and accurate also when the inputs are close together.
 *
 * Formula: with m = maxᵢ xᵢ and s = Σᵢ exp(xᵢ − m) ∈ [1, n],
 * - when s/n < 1/2 (the inputs are spread out): m + log(s/n);
 * - otherwise (the inputs are close to their maximum): m + log1p((1/n) Σᵢ expm1(xᵢ − m)),
 *   which keeps full relative accuracy of the small difference log(s/n) ≈ 0, so that, for example,
 *   logMeanExp(−λ·x)/λ tends to −mean(x) accurately as λ → 0.
 *
 * Special values: the mean of nothing is undefined, so the empty input gives NaN; all −∞ gives
 * −∞; any +∞ gives +∞; any NaN gives NaN.
 *
 * Shape: `values` is [n].
 *
 * Reference: as {@link logSumExp}; the switch to `expm1`/`log1p` near 1 follows Blanchard,
 * Higham and Higham (2021).
 */
export function logMeanExp(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const { max, argmax } = maxOf(values);
  if (Number.isNaN(max) || max === Number.POSITIVE_INFINITY || max === Number.NEGATIVE_INFINITY) return max;
  const s = 1 + sumShiftedExp(values, max, argmax);
  if (s < 0.5 * n) return max + Math.log(s / n);
  // Σᵢ expm1(xᵢ − m) = s − n, computed without the cancellation of s − n.
  let total = 0;
  let compensation = 0;
  for (let i = 0; i < n; i++) {
    const term = Math.expm1(values[i]! - max);
    const t = total + term;
    if (Math.abs(total) >= Math.abs(term)) compensation += total - t + term;
    else compensation += term - t + total;
    total = t;
  }
  return max + Math.log1p((total + compensation) / n);
}

/** The maximum and the index of its first occurrence; NaN (index −1) when any value is NaN. */
function maxOf(values: ArrayLike<number>): { max: number; argmax: number } {
  let max = Number.NEGATIVE_INFINITY;
  let argmax = -1;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) return { max: Number.NaN, argmax: -1 };
    if (x > max) {
      max = x;
      argmax = i;
    }
  }
  return { max, argmax };
}

/** Σ_{i≠skip} exp(xᵢ − shift), compensated; every term is in [0, 1]. */
function sumShiftedExp(values: ArrayLike<number>, shift: number, skip: number): number {
  let total = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    if (i === skip) continue;
    const term = Math.exp(values[i]! - shift);
    const t = total + term;
    // Terms are non-negative, so total ≥ 0 and the larger operand is known from a comparison.
    if (total >= term) compensation += total - t + term;
    else compensation += term - t + total;
    total = t;
  }
  return total + compensation;
}
