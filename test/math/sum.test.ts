import { describe, expect, it } from "vitest";
import { sum } from "../../src/math/sum.js";

describe("sum", () => {
  it("sum([1e100, 1, -1e100]) is exactly 1 (a naive loop loses the 1)", () => {
    expect(sum([1e100, 1, -1e100])).toBe(1);
  });

  it("ten copies of 0.1 sum to exactly 1", () => {
    expect(sum(new Array<number>(10).fill(0.1))).toBe(1);
  });

  it("sums ill-conditioned terms in any order to within an ulp (a naive loop is off by 1 or more)", () => {
    const values = [1e16, 1, -1e16, 3.5, 1e-3, -2e15, 2e15];
    const naive = values.reduce((s, x) => s + x, 0);
    expect(Math.abs(naive - 4.501)).toBeGreaterThan(0.5);
    expect(Math.abs(sum(values) - 4.501)).toBeLessThan(1e-15);
    expect(Math.abs(sum([...values].reverse()) - 4.501)).toBeLessThan(1e-15);
  });

  it("accepts a Float64Array and gives 0 for the empty sum", () => {
    expect(sum(Float64Array.of(1, 2, 3.5))).toBe(6.5);
    expect(sum([])).toBe(0);
  });

  it("follows IEEE arithmetic for non-finite terms", () => {
    expect(sum([1, Number.POSITIVE_INFINITY])).toBe(Number.POSITIVE_INFINITY);
    expect(sum([Number.NEGATIVE_INFINITY, 1])).toBe(Number.NEGATIVE_INFINITY);
    expect(sum([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])).toBeNaN();
    expect(sum([1, Number.NaN])).toBeNaN();
    expect(sum([Number.MAX_VALUE, Number.MAX_VALUE])).toBe(Number.POSITIVE_INFINITY);
  });
});
