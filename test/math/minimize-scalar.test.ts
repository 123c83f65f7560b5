import { describe, expect, it } from "vitest";
import { minimizeScalar } from "../../src/math/minimize-scalar.js";

describe("minimizeScalar", () => {
  it("finds the minimum of a smooth convex function in a few iterations", () => {
    const result = minimizeScalar((x) => (x - 2) ** 2 + 1, { lower: 0, upper: 5 });
    expect(result.converged).toBe(true);
    expect(result.x).toBeCloseTo(2, 7);
    expect(result.value).toBe(1);
    expect(result.iterations).toBeLessThan(20);
  });

  it("finds the kink of a piecewise-linear convex function to the tolerance", () => {
    const result = minimizeScalar((x) => Math.abs(x - 1.3) + 0.1 * x, {
      lower: -10,
      upper: 10,
      tolerance: 1e-12,
    });
    expect(Math.abs(result.x - 1.3)).toBeLessThan(1e-11);
    expect(result.value).toBeCloseTo(0.13, 11);
  });

  it("finds the minimum of a non-convex unimodal function (cos on [0, 2π])", () => {
    const result = minimizeScalar(Math.cos, { lower: 0, upper: 2 * Math.PI });
    expect(result.x).toBeCloseTo(Math.PI, 7);
    expect(result.value).toBe(-1);
  });

  it("returns an end of the bracket exactly when the minimum lies there", () => {
    expect(minimizeScalar((x) => x, { lower: 1, upper: 3 })).toMatchObject({ x: 1, value: 1 });
    expect(minimizeScalar((x) => -x, { lower: 1, upper: 3 })).toMatchObject({ x: 3, value: -3 });
  });

  it("returns the point of a degenerate bracket", () => {
    expect(minimizeScalar((x) => x * x, { lower: 2, upper: 2 })).toEqual({
      x: 2,
      value: 4,
      iterations: 0,
      converged: true,
    });
  });

  it("reports converged = false when maxIterations runs out first", () => {
    const result = minimizeScalar((x) => Math.abs(x - 0.123456789), { lower: 0, upper: 1, maxIterations: 3 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(3);
  });

  it("rejects a reversed bracket and bad options with `invalid …` messages", () => {
    const f = (x: number): number => x * x;
    expect(() => minimizeScalar(f, { lower: 1, upper: 0 })).toThrow(
      "invalid upper: 0 (must be finite and ≥ lower = 1)",
    );
    expect(() => minimizeScalar(f, { lower: Number.NEGATIVE_INFINITY, upper: 0 })).toThrow(
      "invalid lower: -Infinity",
    );
    expect(() => minimizeScalar(f, { lower: 0, upper: 1, tolerance: 0 })).toThrow("invalid tolerance: 0");
    expect(() => minimizeScalar(f, { lower: 0, upper: 1, maxIterations: 0 })).toThrow(
      "invalid maxIterations: 0",
    );
  });
});
