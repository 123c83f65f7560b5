import { describe, expect, it } from "vitest";
import { mean } from "../../src/math/mean.js";

describe("mean", () => {
  it("mean([1, 2, 3, 4]) is 2.5", () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean(Float64Array.of(-1, 1))).toBe(0);
  });

  it("the mean of 100 000 copies of 0.1 is exactly 0.1 (compensated sum)", () => {
    expect(mean(new Float64Array(100_000).fill(0.1))).toBe(0.1);
  });

  it("the mean of an empty array is NaN", () => {
    expect(mean([])).toBeNaN();
  });
});
