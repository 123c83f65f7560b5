import { describe, expect, it } from "vitest";
import { generateHeston } from "../../src/generators/heston.js";
import { generateMerton } from "../../src/generators/merton.js";
import { generateRoughBergomi } from "../../src/generators/rough-bergomi.js";
import type { PathBatch } from "../../src/data/path-batch.js";
import { createRandom } from "../../src/random/random-source.js";

/** The correlation of the two assets' daily log-returns over every path and step, and their count. */
function returnCorrelation(paths: PathBatch): { corr: number; count: number } {
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  let sx = 0;
  let sy = 0;
  let count = 0;
  for (let i = 0; i < paths.n; i++) {
    for (let t = 0; t < paths.steps; t++) {
      const at = (u: number, h: number): number => paths.values[(i * (paths.steps + 1) + u) * 2 + h]!;
      const x = Math.log(at(t + 1, 0) / at(t, 0));
      const y = Math.log(at(t + 1, 1) / at(t, 1));
      sxy += x * y;
      sxx += x * x;
      syy += y * y;
      sx += x;
      sy += y;
      count++;
    }
  }
  const cov = sxy / count - (sx / count) * (sy / count);
  return {
    corr: cov / Math.sqrt((sxx / count - (sx / count) ** 2) * (syy / count - (sy / count) ** 2)),
    count,
  };
}

describe("the worlds' correlation between assets", () => {
  // With the variance (nearly) constant, the returns' correlation is C, the price drivers' correlation,
  // even with unequal ρ's (where the drivers' matrix D differs from C). Three standard errors (1 − C²)/√n.
  const C = 0.6;
  const correlation = [1, C, C, 1];

  it("Heston with ξ → 0 and ρ = (−0.5, 0.3): the daily returns have correlation C", () => {
    const { paths } = generateHeston(
      {
        tickers: ["A", "B"],
        kappa: [2, 2],
        theta: [0.04, 0.09],
        xi: [1e-3, 1e-3],
        rho: [-0.5, 0.3],
        v0: [0.04, 0.09],
        drift: [0, 0],
        correlation,
      },
      { n: 2000, steps: 30 },
      createRandom(1),
    );
    const { corr, count } = returnCorrelation(paths);
    expect(Math.abs(corr - C)).toBeLessThan((3 * (1 - C * C)) / Math.sqrt(count));
  });

  it("rough Bergomi with η = 0 and ρ = (−0.9, −0.2): the daily returns have correlation C", () => {
    const { paths } = generateRoughBergomi(
      {
        tickers: ["A", "B"],
        hurst: [0.1, 0.1],
        eta: [0, 0],
        rho: [-0.9, -0.2],
        xi0: [0.04, 0.04],
        drift: [0, 0],
        correlation,
      },
      { n: 2000, steps: 30 },
      createRandom(2),
    );
    const { corr, count } = returnCorrelation(paths);
    expect(Math.abs(corr - C)).toBeLessThan((3 * (1 - C * C)) / Math.sqrt(count));
  });

  it("Merton without jumps: the daily returns have correlation C", () => {
    const paths = generateMerton(
      {
        tickers: ["A", "B"],
        volatility: [0.2, 0.3],
        intensity: [0, 0],
        jumpMean: [0, 0],
        jumpStd: [0, 0],
        drift: [0, 0],
        correlation,
      },
      { n: 2000, steps: 30 },
      createRandom(3),
    );
    const { corr, count } = returnCorrelation(paths);
    expect(Math.abs(corr - C)).toBeLessThan((3 * (1 - C * C)) / Math.sqrt(count));
  });

  it("Merton with jumps alone (σ = 0): the assets' jumps are independent, correlation 0", () => {
    const paths = generateMerton(
      {
        tickers: ["A", "B"],
        volatility: [0, 0],
        intensity: [50, 50],
        jumpMean: [0, 0],
        jumpStd: [0.02, 0.02],
        drift: [0, 0],
        correlation,
      },
      { n: 2000, steps: 30 },
      createRandom(4),
    );
    const { corr, count } = returnCorrelation(paths);
    expect(Math.abs(corr)).toBeLessThan(3 / Math.sqrt(count));
  });
});
