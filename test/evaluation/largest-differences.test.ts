import { describe, expect, it } from "vitest";
import { largestDifferences } from "../../src/evaluation/largest-differences.js";

describe("largestDifferences", () => {
  // |a − b| per window: 0.5, 4, 0, 3.9, 1, 6, 2, 6 (window 5 and 7 tie: the earlier first).
  const a = [1, 4, 2, -3.9, 1, 6, 0, 7];
  const b = [0.5, 0, 2, 0, 0, 0, 2, 1];

  it("picks the windows of largest |a − b|, largest first, ties to the earlier window", () => {
    expect(largestDifferences(a, b)).toEqual([5, 7, 1]);
    expect(largestDifferences(a, b, { count: 5 })).toEqual([5, 7, 1, 3, 6]);
  });

  it("keeps picked windows `separation` apart, then fills with the largest remaining ones", () => {
    // Separation 3: 5, then 7 is too close (|7 − 5| = 2), 1 is far; 3 is too close to 1 and 5: fill with 7.
    expect(largestDifferences(a, b, { separation: 3 })).toEqual([5, 7, 1]);
    // Separation 2: 5, 7, 1, and 3 (|3 − 1| = 2, |3 − 5| = 2) before the closer 6.
    expect(largestDifferences(a, b, { count: 4, separation: 2 })).toEqual([5, 7, 1, 3]);
    expect(largestDifferences([0, 9, 8, 0, 0, 7], [0, 0, 0, 0, 0, 0], { count: 2, separation: 3 })).toEqual([
      1, 5,
    ]);
  });

  it("never picks a window where the two are equal", () => {
    expect(largestDifferences([1, 2, 3], [1, 2, 3])).toEqual([]);
    expect(largestDifferences([1, 2, 3], [1, 0, 3])).toEqual([1]);
  });

  it("refuses a bad count or separation, naming it", () => {
    expect(() => largestDifferences(a, b, { count: -1 })).toThrow("invalid count: -1");
    expect(() => largestDifferences(a, b, { separation: 0 })).toThrow("invalid separation: 0");
    expect(() => largestDifferences([1], [1, 2])).toThrow("P&L have lengths 1 and 2");
  });
});
