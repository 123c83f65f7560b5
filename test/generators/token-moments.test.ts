import { describe, expect, it } from "vitest";
import { tokenMoments } from "../../src/generators/token-moments.js";

describe("tokenMoments", () => {
  it("gives the population mean and covariance of samples of D values: (1, 2), (3, 6), (5, 10) → μ = (3, 6), Σ = [[8/3, 16/3], [16/3, 32/3]]", () => {
    const { mean, covariance } = tokenMoments(Float32Array.from([1, 2, 3, 6, 5, 10]), 3);
    expect(Array.from(mean)).toEqual([3, 6]);
    [8 / 3, 16 / 3, 16 / 3, 32 / 3].forEach((v, k) => expect(covariance[k]).toBeCloseTo(v, 14));
  });

  it("subtracts the mean before the products: a constant offset of 1e8 leaves the covariance exact", () => {
    const { covariance } = tokenMoments(Float64Array.from([1e8 + 1, 1e8 - 1]), 2);
    expect(covariance[0]).toBe(1);
  });

  it("refuses values that are not n samples", () => {
    expect(() => tokenMoments(new Float32Array(5), 2)).toThrow(/^tokenMoments: 5 values are not 2 samples/);
  });
});
