import { describe, expect, it } from "vitest";
import { resolveRunConfig } from "../../src/config/run-config.js";
import { generateGbm } from "../../src/generators/gbm.js";
import { normalCdf } from "../../src/math/normal.js";
import { createRandom } from "../../src/random/random-source.js";
import { deltaBlackScholesPrice } from "../../src/study/strategy-evaluation.js";

describe("deltaBlackScholesPrice: the option's Black–Scholes price beside the indifference price", () => {
  it("an at-the-money call at the delta hedge's volatility equals S(2Φ(σ√T/2) − 1), the closed form at r = 0", () => {
    const config = resolveRunConfig({ hedgeSets: [["AAPL"]] });
    const paths = generateGbm({ n: 8, steps: 30, volatility: 0.25 }, createRandom(1));
    const sigma = 0.3;
    const volatility = new Float64Array(8 * 30).fill(sigma);
    const root = sigma * Math.sqrt(30 / 252);
    expect(deltaBlackScholesPrice(config, paths, volatility)).toBeCloseTo(
      100 * (2 * normalCdf(root / 2) - 1),
      10,
    );
    // ≈ 0.4 · S · σ√T, the at-the-money rule of thumb: 4.14 for σ = 0.3 over 30 days.
    expect(deltaBlackScholesPrice(config, paths, volatility)).toBeCloseTo(4.13, 2);
  });

  it("with a volatility per window (realised or implied), the mean of each window's price", () => {
    const config = resolveRunConfig({ hedgeSets: [["AAPL"]] });
    const paths = generateGbm({ n: 2, steps: 30, volatility: 0.25 }, createRandom(2));
    const volatility = new Float64Array(2 * 30);
    volatility.fill(0.2, 0, 30);
    volatility.fill(0.4, 30, 60);
    const price = (s: number): number => 100 * (2 * normalCdf((s * Math.sqrt(30 / 252)) / 2) - 1);
    expect(deltaBlackScholesPrice(config, paths, volatility)).toBeCloseTo((price(0.2) + price(0.4)) / 2, 10);
  });
});
