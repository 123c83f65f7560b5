import { describe, expect, it } from "vitest";
import { histogram } from "../../src/math/histogram.js";

describe("histogram", () => {
  it("counts values in equal-width bins, the last bin closed: [0, 0.5, 1] in 2 bins gives [1, 2]", () => {
    const h = histogram([0, 0.5, 1], { bins: 2 });
    expect([...h.edges]).toEqual([0, 0.5, 1]);
    expect([...h.counts]).toEqual([1, 2]);
    expect(h.n).toBe(3);
  });

  it("has a density that integrates to the fraction of finite values inside the range", () => {
    const values = [-2, -1, 0, 0.2, 0.4, 0.6, 5, Number.NaN, Number.POSITIVE_INFINITY];
    const h = histogram(values, { bins: 4, range: [-1, 1] });
    const width = 0.5;
    const integral = h.density.reduce((s, d) => s + d * width, 0);
    expect(h.n).toBe(7);
    expect(h.outside).toBe(2);
    expect(integral).toBeCloseTo(5 / 7, 12);
  });

  it("widens a range of equal values so that they land in a bin", () => {
    const h = histogram([3, 3, 3], { bins: 3 });
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it("rejects a bad bin count or range with a message naming it", () => {
    expect(() => histogram([1], { bins: 0 })).toThrow("invalid bins: 0");
    expect(() => histogram([1], { range: [1, 1] })).toThrow(/invalid range/);
  });
});
