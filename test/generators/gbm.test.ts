import { describe, expect, it } from "vitest";
import { generateGbm } from "../../src/generators/gbm.js";
import { createRandom } from "../../src/random/random-source.js";
import { pathPrice } from "../../src/data/path-batch.js";

describe("generateGbm", () => {
  it("starts every path at the spot and returns shape [N, T + 1, H]", () => {
    const paths = generateGbm({ n: 10, steps: 5, volatility: [0.2, 0.3] }, createRandom(1));
    expect(paths.values.length).toBe(10 * 6 * 2);
    expect(paths.tickers).toEqual(["GBM1", "GBM2"]);
    for (let i = 0; i < 10; i++) for (let h = 0; h < 2; h++) expect(pathPrice(paths, i, 0, h)).toBe(100);
  });

  it("has daily log-returns with mean (μ − σ²/2)dt and variance σ²dt within three standard errors", () => {
    const mu = 0.1;
    const sigma = 0.3;
    const dt = 1 / 252;
    const paths = generateGbm({ n: 4000, steps: 30, drift: mu, volatility: sigma }, createRandom(2));
    const returns: number[] = [];
    for (let i = 0; i < paths.n; i++) {
      for (let t = 0; t < paths.steps; t++)
        returns.push(Math.log(pathPrice(paths, i, t + 1, 0) / pathPrice(paths, i, t, 0)));
    }
    const m = returns.reduce((a, b) => a + b, 0) / returns.length;
    const v = returns.reduce((a, b) => a + (b - m) ** 2, 0) / (returns.length - 1);
    const variance = sigma ** 2 * dt;
    expect(Math.abs(m - (mu - sigma ** 2 / 2) * dt)).toBeLessThan(3 * Math.sqrt(variance / returns.length));
    expect(Math.abs(v - variance)).toBeLessThan(3 * variance * Math.sqrt(2 / (returns.length - 1)));
  });

  it("correlates the assets' log-returns as the correlation matrix asks, within three standard errors", () => {
    const rho = 0.6;
    const paths = generateGbm(
      { n: 2000, steps: 30, volatility: [0.2, 0.4], correlation: [1, rho, rho, 1] },
      createRandom(3),
    );
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    let count = 0;
    for (let i = 0; i < paths.n; i++) {
      for (let t = 0; t < paths.steps; t++) {
        const x = Math.log(pathPrice(paths, i, t + 1, 0) / pathPrice(paths, i, t, 0));
        const y = Math.log(pathPrice(paths, i, t + 1, 1) / pathPrice(paths, i, t, 1));
        sxy += x * y;
        sxx += x * x;
        syy += y * y;
        count++;
      }
    }
    const corr = sxy / Math.sqrt(sxx * syy);
    expect(Math.abs(corr - rho)).toBeLessThan(3 * ((1 - rho ** 2) / Math.sqrt(count)));
  });

  it("is reproducible: same seed, same paths", () => {
    const a = generateGbm({ n: 5 }, createRandom(9));
    const b = generateGbm({ n: 5 }, createRandom(9));
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
  });

  it("rejects invalid options with a message naming them", () => {
    expect(() => generateGbm({ n: 5, volatility: -0.1 }, createRandom(1))).toThrow(
      "invalid volatility: -0.1",
    );
    expect(() => generateGbm({ n: 5, steps: 0 }, createRandom(1))).toThrow("invalid steps: 0");
    expect(() => generateGbm({ n: 5, volatility: [0.1, 0.2], drift: [0] }, createRandom(1))).toThrow(
      "invalid drift",
    );
  });
});
