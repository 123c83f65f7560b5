/**
 * The sum of `values`, computed with Neumaier's compensated summation.
 *
 * Formula: s = Σᵢ xᵢ. A running compensation term collects the low-order bits lost by each
 * floating-point addition, so the error is about one rounding of the exact sum (≈ 1e-16
 * relative) instead of growing with n, whatever the order and magnitude of the terms.
 *
 * Non-finite input follows IEEE arithmetic: a NaN gives NaN, +∞ and −∞ together give NaN, and
 * an overflow of the running sum gives ±∞. The empty sum is 0.
 *
 * Shape: `values` is [n].
 *
 * Reference: A. Neumaier, "Rundungsfehleranalyse einiger Verfahren zur Summation endlicher
 * Summen", ZAMM 54 (1974) 39–51; the same idea as d3-array's `fsum`/`Adder`.
 *
 * @example
 * sum([1e100, 1, -1e100]); // 1 (a naive loop gives 0)
 */
export function sum(values: ArrayLike<number>): number {
  let s = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    const t = s + x;
    // The lost low-order part of the addition, taken from the smaller of the two operands.
    if (Math.abs(s) >= Math.abs(x)) compensation += s - t + x;
    else compensation += x - t + s;
    s = t;
  }
  // With an infinite or NaN running sum the compensation is meaningless (∞ − ∞ = NaN).
  return Number.isFinite(s) ? s + compensation : s;
}
