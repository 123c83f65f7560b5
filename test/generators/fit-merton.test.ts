import { describe, expect, it } from "vitest";
import { fitMerton } from "../../src/generators/fit-merton.js";
import { generateMerton, type MertonParameters } from "../../src/generators/merton.js";
import { createRandom } from "../../src/random/random-source.js";

describe("fitMerton (maximum likelihood of daily returns)", () => {
  it("recovers the parameters of 20 years of simulated days: σ within 6 %, λ within 40 %, m within 0.015, s within 20 %", () => {
    // Tolerances: three to four standard deviations of the estimates over seeds 1–8 at this length
    // (σ: 1.7 %; λ: 12 %; m: 0.004; s: 5 %).
    const truth: MertonParameters = {
      tickers: ["A"],
      volatility: [0.2],
      intensity: [10],
      jumpMean: [-0.03],
      jumpStd: [0.04],
      drift: [0.05],
    };
    const days = 5040;
    const paths = generateMerton(truth, { n: 1, steps: days }, createRandom(3));
    const r = Float64Array.from({ length: days }, (_, d) =>
      Math.log(paths.values[d + 1]! / paths.values[d]!),
    );
    const { parameters } = fitMerton([r], ["A"]);
    expect(Math.abs(parameters.volatility[0]! / 0.2 - 1)).toBeLessThan(0.06);
    expect(Math.abs(parameters.intensity[0]! / 10 - 1)).toBeLessThan(0.4);
    expect(Math.abs(parameters.jumpMean[0]! + 0.03)).toBeLessThan(0.015);
    expect(Math.abs(parameters.jumpStd[0]! / 0.04 - 1)).toBeLessThan(0.2);
  });
});
