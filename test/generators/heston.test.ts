import { describe, expect, it } from "vitest";
import { generateHeston, hestonPathChunks, type HestonParameters } from "../../src/generators/heston.js";
import { hestonCallPrice } from "../../src/generators/heston-price.js";
import { blackScholesPrice } from "../../src/math/black-scholes.js";
import { createRandom } from "../../src/random/random-source.js";
import { joinVariancePaths } from "../../src/generators/variance-paths.js";

const ONE: HestonParameters = {
  tickers: ["H"],
  kappa: [2],
  theta: [0.04],
  xi: [0.8],
  rho: [-0.7],
  v0: [0.09],
  drift: [0],
};

/** Mean and standard error of `values`. */
function meanAndError(values: ArrayLike<number>): { mean: number; error: number } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < values.length; i++) {
    s += values[i]!;
    s2 += values[i]! ** 2;
  }
  const mean = s / values.length;
  return { mean, error: Math.sqrt((s2 / values.length - mean * mean) / (values.length - 1)) };
}

describe("hestonCallPrice", () => {
  it("is the Black–Scholes price when the variance barely moves (ξ → 0, v_0 = θ)", () => {
    const asset = { kappa: 2, theta: 0.04, xi: 1e-4, rho: -0.7, v0: 0.04 };
    for (const strike of [90, 100, 110]) {
      const bs = blackScholesPrice({ kind: "call", spot: 100, strike, maturity: 0.5, volatility: 0.2 });
      expect(hestonCallPrice(asset, 100, strike, 0.5)).toBeCloseTo(bs, 3);
    }
  });

  it("gives the reference price 5.785155450 of Fang & Oosterlee's (2008) Heston test case", () => {
    const asset = { kappa: 1.5768, theta: 0.0398, xi: 0.5751, rho: -0.5711, v0: 0.0175 };
    expect(hestonCallPrice(asset, 100, 100, 1)).toBeCloseTo(5.78515545, 6);
  });
});

describe("generateHeston (QE scheme)", () => {
  it("E[v_t] = θ + (v_0 − θ)e^{−κt} within three standard errors, at t = 15 and 30 days", () => {
    const { variance, paths } = generateHeston(ONE, { n: 20_000, steps: 30 }, createRandom(1));
    for (const t of [15, 30]) {
      const v = Float64Array.from({ length: paths.n }, (_, i) => variance[i * 31 + t]!);
      const { mean, error } = meanAndError(v);
      const expected = 0.04 + (0.09 - 0.04) * Math.exp((-2 * t) / 252);
      expect(Math.abs(mean - expected)).toBeLessThan(3 * error);
    }
  });

  it("prices a 30-day at-the-money call at the characteristic-function price within three standard errors (200,000 paths)", () => {
    const { paths } = generateHeston(ONE, { n: 200_000, steps: 30 }, createRandom(2));
    const payoff = Float64Array.from({ length: paths.n }, (_, i) =>
      Math.max(paths.values[i * 31 + 30]! - 100, 0),
    );
    const { mean, error } = meanAndError(payoff);
    const exact = hestonCallPrice(
      { kappa: 2, theta: 0.04, xi: 0.8, rho: -0.7, v0: 0.09 },
      100,
      100,
      30 / 252,
    );
    expect(Math.abs(mean - exact)).toBeLessThan(3 * error);
  });

  it("stays unbiased with monthly steps: a one-year 110 call within three standard errors (40,000 paths, 12 steps)", () => {
    const params = { ...ONE, xi: [1], v0: [0.04] };
    const { paths } = generateHeston(params, { n: 40_000, steps: 12, dt: 1 / 12 }, createRandom(3));
    const payoff = Float64Array.from({ length: paths.n }, (_, i) =>
      Math.max(paths.values[i * 13 + 12]! - 110, 0),
    );
    const { mean, error } = meanAndError(payoff);
    const exact = hestonCallPrice({ kappa: 2, theta: 0.04, xi: 1, rho: -0.7, v0: 0.04 }, 100, 110, 1);
    expect(Math.abs(mean - exact)).toBeLessThan(3 * error);
  });

  it("is a martingale on quarterly steps with a large ξ (the corrected K₀): E[S_T] = S_0 within three standard errors", () => {
    const params = { ...ONE, xi: [1.5], rho: [-0.9], v0: [0.04] };
    const { paths } = generateHeston(params, { n: 40_000, steps: 4, dt: 0.25 }, createRandom(5));
    const terminal = Float64Array.from({ length: paths.n }, (_, i) => paths.values[i * 5 + 4]!);
    const { mean, error } = meanAndError(terminal);
    expect(Math.abs(mean - 100)).toBeLessThan(3 * error);
  });

  it("is reproducible, and its chunks joined equal one batch", () => {
    const params = {
      ...ONE,
      tickers: ["A", "B"],
      kappa: [2, 3],
      theta: [0.04, 0.09],
      xi: [0.5, 0.9],
      rho: [-0.7, -0.3],
      v0: [0.04, 0.05],
      drift: [0, 0.1],
      correlation: [1, 0.5, 0.5, 1],
    };
    const one = generateHeston(params, { n: 7, steps: 5 }, createRandom(4));
    const again = generateHeston(params, { n: 7, steps: 5 }, createRandom(4));
    const chunks = joinVariancePaths(
      [...hestonPathChunks(params, { n: 7, steps: 5 }, createRandom(4), 3)],
      5,
      ["A", "B"],
    );
    expect(Array.from(again.paths.values)).toEqual(Array.from(one.paths.values));
    expect(Array.from(chunks.paths.values)).toEqual(Array.from(one.paths.values));
    expect(Array.from(chunks.variance)).toEqual(Array.from(one.variance));
    expect(one.paths.values.length).toBe(7 * 6 * 2);
    expect(one.variance[0]).toBe(0.04);
    expect(one.variance[1]).toBe(0.05);
  });

  it("names a bad parameter", () => {
    expect(() => generateHeston({ ...ONE, rho: [1] }, { n: 1 }, createRandom(1))).toThrow("invalid rho: 1");
    expect(() => generateHeston({ ...ONE, kappa: [1, 2] }, { n: 1 }, createRandom(1))).toThrow(
      /invalid kappa/,
    );
  });
});
