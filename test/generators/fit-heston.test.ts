import { describe, expect, it } from "vitest";
import { fitHeston } from "../../src/generators/fit-heston.js";
import { generateHeston, type HestonParameters } from "../../src/generators/heston.js";
import { createRandom } from "../../src/random/random-source.js";

/** Daily log-returns of each asset of one long path, H series. */
function returnsOf(values: Float64Array, days: number, h: number): Float64Array[] {
  return Array.from({ length: h }, (_, a) =>
    Float64Array.from({ length: days }, (_, d) => Math.log(values[(d + 1) * h + a]! / values[d * h + a]!)),
  );
}

describe("fitHeston (moments of returns and block realised variance)", () => {
  it("recovers the parameters of 100 years of simulated days: θ and ξ within 30 %, κ within 60 %, ρ within 0.35, C within 0.1", () => {
    // Tolerances: about three standard deviations of the estimates over seeds 1–12 at this length
    // (κ: 17 % and 22 %; θ: 10 %; ξ: 8 %; ρ: 0.12). The return correlation underestimates C by
    // E√(v_a v_b)/√(E v_a E v_b) (0.44 for C = 0.5 here; docs/generators.md), hence 0.1.
    const truth: HestonParameters = {
      tickers: ["A", "B"],
      kappa: [3, 2],
      theta: [0.04, 0.09],
      xi: [0.5, 0.6],
      rho: [-0.6, -0.5],
      v0: [0.04, 0.09],
      drift: [0.05, 0],
      correlation: [1, 0.5, 0.5, 1],
    };
    const days = 25_200;
    const { paths } = generateHeston(truth, { n: 1, steps: days }, createRandom(11));
    const { parameters, notes } = fitHeston(returnsOf(paths.values, days, 2), ["A", "B"]);
    expect(notes).toEqual([]);
    for (let a = 0; a < 2; a++) {
      expect(Math.abs(parameters.theta[a]! / truth.theta[a]! - 1)).toBeLessThan(0.3);
      expect(Math.abs(parameters.kappa[a]! / truth.kappa[a]! - 1)).toBeLessThan(0.6);
      expect(Math.abs(parameters.xi[a]! / truth.xi[a]! - 1)).toBeLessThan(0.3);
      expect(Math.abs(parameters.rho[a]! - truth.rho[a]!)).toBeLessThan(0.35);
      expect(parameters.v0[a]).toBe(parameters.theta[a]);
    }
    expect(Math.abs(parameters.correlation![1]! - 0.5)).toBeLessThan(0.1);
  });

  it("clamps what the model cannot take and says so", () => {
    // Independent normal returns: no persistence of the variance, no leverage.
    const random = createRandom(3);
    const r = Float64Array.from({ length: 2000 }, () => 0.01 * random.normal());
    const { parameters, notes } = fitHeston([r], ["X"]);
    expect(parameters.kappa[0]! > 0 && parameters.xi[0]! >= 0.01).toBe(true);
    expect(notes.length).toBeGreaterThan(0);
  });
});
