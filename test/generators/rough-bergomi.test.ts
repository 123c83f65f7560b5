import { describe, expect, it } from "vitest";
import {
  generateRoughBergomi,
  roughBergomiPathChunks,
  type RoughBergomiParameters,
} from "../../src/generators/rough-bergomi.js";
import { joinVariancePaths } from "../../src/generators/variance-paths.js";
import { createRandom } from "../../src/random/random-source.js";

const ONE: RoughBergomiParameters = {
  tickers: ["R"],
  hurst: [0.1],
  eta: [1.9],
  rho: [-0.9],
  xi0: [0.04],
  drift: [0],
};

describe("generateRoughBergomi (hybrid scheme, κ = 1)", () => {
  it("has the variance swap level E[Σ v_t Δ] = ξ₀T, and E[S_T] = S_0, within three standard errors", () => {
    const steps = 30;
    const dt = 1 / 252;
    const { paths, variance } = generateRoughBergomi(ONE, { n: 20_000, steps }, createRandom(1));
    const swap = new Float64Array(paths.n);
    const terminal = new Float64Array(paths.n);
    for (let i = 0; i < paths.n; i++) {
      for (let t = 0; t < steps; t++) swap[i]! += variance[i * (steps + 1) + t]! * dt;
      terminal[i] = paths.values[i * (steps + 1) + steps]!;
    }
    for (const [values, expected] of [
      [swap, 0.04 * steps * dt],
      [terminal, 100],
    ] as const) {
      let s = 0;
      let s2 = 0;
      for (const x of values) {
        s += x;
        s2 += x * x;
      }
      const mean = s / values.length;
      const error = Math.sqrt((s2 / values.length - mean * mean) / (values.length - 1));
      expect(Math.abs(mean - expected)).toBeLessThan(3 * error);
    }
  });

  it("is reproducible, and its chunks joined equal one batch", () => {
    const params = {
      ...ONE,
      tickers: ["A", "B"],
      hurst: [0.1, 0.1],
      eta: [1.5, 2],
      rho: [-0.9, -0.7],
      xi0: [0.04, 0.09],
      drift: [0, 0],
      correlation: [1, 0.6, 0.6, 1],
    };
    const one = generateRoughBergomi(params, { n: 6, steps: 5 }, createRandom(2));
    const again = generateRoughBergomi(params, { n: 6, steps: 5 }, createRandom(2));
    const chunks = joinVariancePaths(
      [...roughBergomiPathChunks(params, { n: 6, steps: 5 }, createRandom(2), 4)],
      5,
      ["A", "B"],
    );
    expect(Array.from(again.paths.values)).toEqual(Array.from(one.paths.values));
    expect(Array.from(chunks.paths.values)).toEqual(Array.from(one.paths.values));
    expect(Array.from(chunks.variance)).toEqual(Array.from(one.variance));
  });

  it("names a bad parameter", () => {
    expect(() => generateRoughBergomi({ ...ONE, hurst: [0.7] }, { n: 1 }, createRandom(1))).toThrow(
      "invalid hurst: 0.7",
    );
  });
});
