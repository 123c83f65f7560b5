import { describe, expect, it } from "vitest";
import { logMeanExp, logSumExp } from "../../src/math/log-sum-exp.js";

const relativeError = (actual: number, expected: number): number =>
  Math.abs(actual - expected) / Math.abs(expected);

describe("logSumExp", () => {
  it("equals the naive log(Σ exp(x)) for moderate inputs", () => {
    const values = [0.3, -1.2, 2.5, 0];
    const naive = Math.log(values.reduce((s, x) => s + Math.exp(x), 0));
    expect(relativeError(logSumExp(values), naive)).toBeLessThan(1e-15);
  });

  it("does not overflow or underflow for inputs of any magnitude", () => {
    expect(logSumExp([1000, 1000])).toBe(1000 + Math.LN2);
    expect(logSumExp([-1000, -1000])).toBe(-1000 + Math.LN2);
    expect(logSumExp(Float64Array.of(1e6, 0))).toBe(1e6);
  });

  it("keeps full relative accuracy of a tiny correction through log1p", () => {
    // log(1 + e^-40) = e^-40 − e^-80/2 + … ≈ 4.248354255291589e-18
    expect(relativeError(logSumExp([0, -40]) - 0, Math.exp(-40))).toBeLessThan(1e-15);
  });

  it("gives −∞ for an empty input or all −∞ entries, +∞ for any +∞ entry, NaN for a NaN", () => {
    expect(logSumExp([])).toBe(Number.NEGATIVE_INFINITY);
    expect(logSumExp([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY])).toBe(Number.NEGATIVE_INFINITY);
    expect(logSumExp([Number.NEGATIVE_INFINITY, 0])).toBe(0);
    expect(logSumExp([1, Number.POSITIVE_INFINITY])).toBe(Number.POSITIVE_INFINITY);
    expect(logSumExp([1, Number.NaN])).toBeNaN();
  });
});

describe("logMeanExp", () => {
  it("equals logSumExp(x) − log(n)", () => {
    const values = [0.3, -1.2, 2.5, 0, 7];
    expect(relativeError(logMeanExp(values), logSumExp(values) - Math.log(5))).toBeLessThan(1e-15);
  });

  it("of n equal values is that value exactly", () => {
    expect(logMeanExp([-3.7, -3.7, -3.7])).toBe(-3.7);
    expect(logMeanExp([1e300])).toBe(1e300);
  });

  it("keeps full relative accuracy for nearly equal inputs (mean + variance/2 as the spread → 0)", () => {
    // For y = ε·[1, 2, 3, 4]: log mean e^y = 2.5ε + 1.25ε²/2 + O(ε³).
    const eps = 1e-10;
    const values = [1, 2, 3, 4].map((k) => k * eps);
    expect(relativeError(logMeanExp(values), 2.5 * eps + 0.625 * eps * eps)).toBeLessThan(1e-14);
  });

  it("is stable for spread-out inputs of large magnitude", () => {
    expect(relativeError(logMeanExp([1e6, 1e6 - 1000, 1e6 - 2000]), 1e6 - Math.log(3))).toBeLessThan(1e-15);
  });

  it("gives NaN for an empty input (no mean), −∞ for all −∞ and +∞ for any +∞", () => {
    expect(logMeanExp([])).toBeNaN();
    expect(logMeanExp([Number.NEGATIVE_INFINITY])).toBe(Number.NEGATIVE_INFINITY);
    expect(logMeanExp([0, Number.NEGATIVE_INFINITY])).toBe(-Math.LN2);
    expect(logMeanExp([0, Number.POSITIVE_INFINITY])).toBe(Number.POSITIVE_INFINITY);
  });
});
