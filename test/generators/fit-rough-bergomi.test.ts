import { describe, expect, it } from "vitest";
import { fitRoughBergomi, roughIncrementConstant } from "../../src/generators/fit-rough-bergomi.js";
import { generateRoughBergomi } from "../../src/generators/rough-bergomi.js";
import { createRandom } from "../../src/random/random-source.js";

describe("roughIncrementConstant", () => {
  it("is 1 at H = ½ (Brownian motion) and about 1.563 at H = 0.1", () => {
    expect(roughIncrementConstant(0.4999)).toBeCloseTo(1, 2);
    expect(roughIncrementConstant(0.1)).toBeCloseTo(1.563, 2);
  });
});

describe("fitRoughBergomi (structure function of log realised variance, leverage by indirect inference)", () => {
  it("recovers 80 simulated years (80 paths of 250 days): H within 0.15, η within 30 %, ρ within 0.45, ξ₀ within 25 %", () => {
    // Tolerances: two to three standard deviations of the estimates over seeds 1–6 at this length
    // (H: 0.08, η: 0.12, ρ: 0.2, ξ₀: 0.007): the rough fit is imprecise on decades of data.
    const days = 250;
    const n = 80;
    const truth = { tickers: ["A"], hurst: [0.1], eta: [1.5], rho: [-0.7], xi0: [0.04], drift: [0] };
    const { paths } = generateRoughBergomi(truth, { n, steps: days }, createRandom(1));
    const r = new Float64Array(n * days);
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < days; d++)
        r[i * days + d] = Math.log(paths.values[i * (days + 1) + d + 1]! / paths.values[i * (days + 1) + d]!);
    }
    const { parameters } = fitRoughBergomi([r], ["A"], { segment: days, simulations: 200 });
    expect(Math.abs(parameters.hurst[0]! - 0.1)).toBeLessThan(0.15);
    expect(Math.abs(parameters.eta[0]! / 1.5 - 1)).toBeLessThan(0.3);
    expect(Math.abs(parameters.rho[0]! + 0.7)).toBeLessThan(0.45);
    expect(Math.abs(parameters.xi0[0]! / 0.04 - 1)).toBeLessThan(0.25);
  });
});
