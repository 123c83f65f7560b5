import { describe, expect, it } from "vitest";
import { standardDeviation, variance } from "../../src/math/variance.js";

describe("variance", () => {
  const data = [2, 4, 4, 4, 5, 5, 7, 9];

  it("is the unbiased sample variance by default and the population variance with ddof = 0", () => {
    expect(variance(data)).toBeCloseTo(32 / 7, 14);
    expect(variance(data, 0)).toBe(4);
  });

  it("keeps full accuracy on data with a large offset (Welford, no E[x²] − E[x]² cancellation)", () => {
    const shifted = [4, 7, 13, 16].map((x) => x + 1e9);
    expect(variance(shifted)).toBe(30);
  });

  it("is NaN when n ≤ ddof", () => {
    expect(variance([1])).toBeNaN();
    expect(variance([])).toBeNaN();
    expect(variance([3], 0)).toBe(0);
  });

  it("rejects a negative or fractional ddof with an `invalid ddof` message", () => {
    expect(() => variance(data, -1)).toThrow("invalid ddof: -1 (must be a non-negative integer)");
    expect(() => variance(data, 0.5)).toThrow("invalid ddof: 0.5");
  });
});

describe("standardDeviation", () => {
  it("is the square root of the variance with the same ddof", () => {
    const data = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(standardDeviation(data, 0)).toBe(2);
    expect(standardDeviation(data)).toBe(Math.sqrt(variance(data)));
  });
});

describe("standardDeviation when the squares overflow", () => {
  it("stays finite when the squares overflow but the deviation does not: s(c·x) = c·s(x)", () => {
    expect(standardDeviation([1e200, -1e200, 3e200])).toBeCloseTo(2e200, -186);
    expect(standardDeviation([1e200, -1e200, 3e200]) / standardDeviation([1, -1, 3])).toBeCloseTo(
      1e200,
      -186,
    );
  });
});
