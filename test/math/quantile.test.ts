import { describe, expect, it } from "vitest";
import { quantile, quantileSorted } from "../../src/math/quantile.js";

describe("quantile", () => {
  it("interpolates linearly between order statistics like R's type 7", () => {
    // R: quantile(1:10, c(0.25, 0.5, 0.9)) = 3.25 5.50 9.10
    const values = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(quantile(values, 0.25)).toBeCloseTo(3.25, 14);
    expect(quantile(values, 0.5)).toBe(5.5);
    expect(quantile(values, 0.9)).toBeCloseTo(9.1, 14);
  });

  it("gives the minimum at p = 0 and the maximum at p = 1", () => {
    const values = Float64Array.of(3, -1, 7);
    expect(quantile(values, 0)).toBe(-1);
    expect(quantile(values, 1)).toBe(7);
  });

  it("does not modify its input", () => {
    const values = [3, 1, 2];
    quantile(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });

  it("is NaN for an empty input or one holding a NaN", () => {
    expect(quantile([], 0.5)).toBeNaN();
    expect(quantile([1, Number.NaN, 3], 0.1)).toBeNaN();
  });

  it("does not turn equal infinite neighbours into NaN", () => {
    expect(quantile([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, 0], 0.25)).toBe(
      Number.NEGATIVE_INFINITY,
    );
  });

  it("rejects p outside [0, 1] with an `invalid p` message", () => {
    expect(() => quantile([1, 2], 1.5)).toThrow("invalid p: 1.5 (must be in [0, 1])");
    expect(() => quantile([1, 2], Number.NaN)).toThrow("invalid p: NaN");
  });
});

describe("quantileSorted", () => {
  it("reads an ascending array without copying, with the same type-7 rule", () => {
    expect(quantileSorted([1, 2, 3, 4], 1 / 3)).toBe(2);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([5], 0.3)).toBe(5);
    expect(quantileSorted([], 0.3)).toBeNaN();
  });
});
