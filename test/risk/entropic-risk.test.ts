import { describe, expect, it } from "vitest";
import { mean } from "../../src/math/mean.js";
import { variance } from "../../src/math/variance.js";
import { createRandom } from "../../src/random/random-source.js";
import {
  clippedEntropicRisk,
  DEFAULT_PNL_CLIP,
  DEFAULT_RISK_AVERSION,
  EntropicRisk,
  entropicRisk,
  entropicRiskWeights,
} from "../../src/risk/entropic-risk.js";

const relativeError = (actual: number, expected: number): number =>
  Math.abs(actual - expected) / Math.abs(expected);

describe("entropicRisk", () => {
  it("entropicRisk(pnl, λ) equals log(mean(exp(−λ·pnl)))/λ", () => {
    const pnl = createRandom(1).fillNormal(new Float64Array(1000));
    for (const lambda of [0.1, 1.3, 5]) {
      const naive = Math.log(mean(Array.from(pnl, (x) => Math.exp(-lambda * x)))) / lambda;
      expect(relativeError(entropicRisk(pnl, lambda), naive)).toBeLessThan(1e-13);
    }
  });

  it("of a constant c is exactly −c", () => {
    expect(entropicRisk([2.5, 2.5, 2.5], 1.3)).toBe(-2.5);
    expect(entropicRisk(Float64Array.of(-1e6), 1000)).toBe(1e6);
  });

  it("of [−1, 1] with λ = 1 is log cosh 1", () => {
    expect(entropicRisk([-1, 1], 1)).toBeCloseTo(Math.log(Math.cosh(1)), 15);
  });

  it("of a N(μ, σ²) sample is −μ + λσ²/2 within three standard errors (n = 200 000)", () => {
    const n = 200_000;
    const [mu, sigma, lambda] = [0.5, 0.3, DEFAULT_RISK_AVERSION];
    const pnl = createRandom(7).fillNormal(new Float64Array(n));
    for (let i = 0; i < n; i++) pnl[i] = mu + sigma * pnl[i]!;
    // Delta method: sd(ρ̂) = sd(e^{−λX})/(λ E[e^{−λX}] √n) = √(e^{λ²σ²} − 1)/(λ√n).
    const standardError = Math.sqrt(Math.expm1(lambda * lambda * sigma * sigma)) / (lambda * Math.sqrt(n));
    expect(Math.abs(entropicRisk(pnl, lambda) - (-mu + (lambda * sigma * sigma) / 2))).toBeLessThan(
      3 * standardError,
    );
  });

  it("is finite and exact for λ = 1000 with P&L around −1000 (the naive formula overflows)", () => {
    const pnl = [-1000, -1001, -999.5];
    expect(Math.exp(1000 * 1000)).toBe(Number.POSITIVE_INFINITY);
    // (1/λ) log((e^{10⁶} + e^{1.001·10⁶} + e^{0.9995·10⁶})/3) = 1001 + log((1 + e^{−1000} + e^{−1500})/3)/1000
    expect(relativeError(entropicRisk(pnl, 1000), 1001 - Math.log(3) / 1000)).toBeLessThan(1e-15);
  });

  it("is correct for λ = 50 with P&L around −1000", () => {
    // (1/50) log((e^{50000} + e^{50050})/2) = 1001 + log((1 + e^{−50})/2)/50
    expect(
      relativeError(entropicRisk([-1000, -1001], 50), 1001 + Math.log((1 + Math.exp(-50)) / 2) / 50),
    ).toBeLessThan(1e-15);
    const pnl = createRandom(3).fillNormal(new Float64Array(10_000));
    for (let i = 0; i < pnl.length; i++) pnl[i] = pnl[i]! - 1000;
    const risk = entropicRisk(pnl, 50);
    expect(Number.isFinite(risk)).toBe(true);
    // Between −mean and −min, and equal to the same measure of the centred sample plus 1000.
    expect(risk).toBeGreaterThan(-mean(pnl));
    expect(risk).toBeLessThanOrEqual(-Math.min(...pnl));
    const centred = Float64Array.from(pnl, (x) => x + 1000);
    expect(relativeError(risk, entropicRisk(centred, 50) + 1000)).toBeLessThan(1e-13);
  });

  it("tends to −mean(X) + λ Var(X)/2 as λ → 0, without loss of accuracy", () => {
    const pnl = createRandom(5).fillNormal(new Float64Array(1000));
    for (let i = 0; i < pnl.length; i++) pnl[i] = pnl[i]! + 0.2;
    const populationVariance = variance(pnl, 0);
    for (const lambda of [1e-6, 1e-9, 1e-12]) {
      expect(entropicRisk(pnl, lambda)).toBeCloseTo(-mean(pnl) + (lambda * populationVariance) / 2, 12);
    }
  });

  it("gives +∞ for a −∞ sample and ignores +∞ samples' weight", () => {
    expect(entropicRisk([0, Number.NEGATIVE_INFINITY], 1)).toBe(Number.POSITIVE_INFINITY);
    expect(entropicRisk([0, Number.POSITIVE_INFINITY], 2)).toBe(Math.log(0.5) / 2);
  });

  it("rejects a non-positive or non-finite λ with an `invalid riskAversion` message", () => {
    expect(() => entropicRisk([1], -1)).toThrow("invalid riskAversion: -1 (must be > 0 and finite)");
    expect(() => entropicRisk([1], 0)).toThrow("invalid riskAversion: 0");
    expect(() => entropicRisk([1], Number.POSITIVE_INFINITY)).toThrow("invalid riskAversion: Infinity");
    expect(() => entropicRisk([1], Number.NaN)).toThrow("invalid riskAversion: NaN");
  });

  it("rejects an empty or NaN-holding sample with an `invalid pnl` message", () => {
    expect(() => entropicRisk([], 1)).toThrow("invalid pnl: [] (must hold at least one sample)");
    expect(() => entropicRisk([1, Number.NaN], 1)).toThrow("invalid pnl[1]: NaN (must be a number)");
  });
});

describe("clippedEntropicRisk", () => {
  it("is the entropic risk of max(X, clip), with the paper's clip −10 by default", () => {
    expect(DEFAULT_PNL_CLIP).toBe(-10);
    expect(clippedEntropicRisk([-20, 0], 1)).toBeCloseTo(Math.log((Math.exp(10) + 1) / 2), 13);
    expect(clippedEntropicRisk([-20, 0], 1, -15)).toBeCloseTo(Math.log((Math.exp(15) + 1) / 2), 13);
    const pnl = [-3, 0.5, 2];
    expect(clippedEntropicRisk(pnl, 1.3)).toBe(entropicRisk(pnl, 1.3));
  });

  it("is at most −clip however large the losses", () => {
    expect(clippedEntropicRisk([-1e9, -1e6], 100)).toBe(10);
  });

  it("rejects a NaN or +∞ clip", () => {
    expect(() => clippedEntropicRisk([1], 1, Number.NaN)).toThrow("invalid clip: NaN");
    expect(() => clippedEntropicRisk([1], 1, Number.POSITIVE_INFINITY)).toThrow("invalid clip: Infinity");
  });
});

describe("entropicRiskWeights", () => {
  it("are positive, sum to 1, and −wᵢ is the finite-difference derivative ∂ρ/∂xᵢ", () => {
    const pnl = createRandom(9).fillNormal(new Float64Array(20));
    const lambda = 1.3;
    const weights = entropicRiskWeights(pnl, lambda);
    expect(weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 15);
    const h = 1e-6;
    for (let i = 0; i < pnl.length; i++) {
      expect(weights[i]!).toBeGreaterThan(0);
      const up = Float64Array.from(pnl);
      const down = Float64Array.from(pnl);
      up[i] = up[i]! + h;
      down[i] = down[i]! - h;
      const slope = (entropicRisk(up, lambda) - entropicRisk(down, lambda)) / (2 * h);
      expect(slope).toBeCloseTo(-weights[i]!, 9);
    }
  });

  it("do not overflow for λ = 1000 and P&L around −1000: all weight on the worst sample", () => {
    expect(Array.from(entropicRiskWeights([-1000, -1001, -999], 1000))).toEqual([0, 1, 0]);
  });
});

describe("EntropicRisk", () => {
  it("delegates to entropicRisk with λ = 1.3 by default and prints its parameters", () => {
    const pnl = [-1, 0.5, 2];
    const measure = new EntropicRisk();
    expect(measure.riskAversion).toBe(1.3);
    expect(measure.cashInvariant).toBe(true);
    expect(measure.risk(pnl)).toBe(entropicRisk(pnl, 1.3));
    expect(String(measure)).toBe("EntropicRisk(riskAversion=1.3)");
  });

  it("with a clip delegates to clippedEntropicRisk and is not cash-invariant", () => {
    const measure = new EntropicRisk({ riskAversion: 2, clip: -10 });
    expect(measure.cashInvariant).toBe(false);
    expect(measure.risk([-20, 0])).toBe(clippedEntropicRisk([-20, 0], 2, -10));
    expect(measure.name).toBe("EntropicRisk(riskAversion=2, clip=-10)");
  });

  it("rejects invalid options with an `invalid …` message", () => {
    expect(() => new EntropicRisk({ riskAversion: -1 })).toThrow(
      "invalid riskAversion: -1 (must be > 0 and finite)",
    );
    expect(() => new EntropicRisk({ clip: Number.NaN })).toThrow("invalid clip: NaN");
  });
});
