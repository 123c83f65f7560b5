import { describe, expect, it } from "vitest";
import { createRandom, type RandomSource } from "../../src/random/random-source.js";
import { mean } from "../../src/math/mean.js";
import { variance } from "../../src/math/variance.js";
import { entropicRisk } from "../../src/risk/entropic-risk.js";
import { indifferencePrice } from "../../src/risk/indifference-price.js";
import { MeanVariance, meanVariance } from "../../src/risk/mean-variance.js";
import { oce } from "../../src/risk/oce.js";
import { expectCashInvariant, expectConvex, expectMonotone } from "./axioms.js";

/** A fat-tailed P&L sample, as in axioms.test.ts: normal with a few large losses. */
function sample(random: RandomSource, n = 200): Float64Array {
  const pnl = random.fillNormal(new Float64Array(n));
  for (let i = 0; i < n; i += 17) pnl[i] = pnl[i]! - 5 * random.uniform();
  return pnl;
}

describe("meanVariance", () => {
  it("meanVariance(pnl, a) equals −mean(pnl) + (a/2)·(population variance): hand-computed values", () => {
    // [−1, 1]: mean 0, variance (1 + 1)/2 = 1.
    expect(meanVariance([-1, 1], 1)).toBe(0.5);
    // [1, 2, 3, 4], a = 2: mean 2.5, variance (2.25 + 0.25 + 0.25 + 2.25)/4 = 1.25 → −2.5 + 1.25.
    expect(meanVariance([1, 2, 3, 4], 2)).toBe(-1.25);
    // [−3, 0, 0, 3], a = 0.5: mean 0, variance 18/4 = 4.5 → 0.25 · 4.5.
    expect(meanVariance([-3, 0, 0, 3], 0.5)).toBe(1.125);
    // Default a = 1.3: [0, 2] has mean 1, variance 1 → −1 + 0.65.
    expect(meanVariance([0, 2])).toBeCloseTo(-0.35, 15);
  });

  it("of a constant c is exactly −c, and of one sample is minus that sample", () => {
    expect(meanVariance([2.5, 2.5, 2.5], 1.3)).toBe(-2.5);
    expect(meanVariance(Float64Array.of(-7), 100)).toBe(7);
  });

  it("uses the population variance (1/N), not the unbiased one (1/(N − 1))", () => {
    const pnl = sample(createRandom(1), 50);
    expect(meanVariance(pnl, 2)).toBeCloseTo(-mean(pnl) + variance(pnl, 0), 13);
    expect(meanVariance(pnl, 2)).not.toBeCloseTo(-mean(pnl) + variance(pnl, 1), 3);
  });

  it("is exact for a P&L far from 0 (E[X²] − E[X]² would cancel every digit)", () => {
    const pnl = [1e9 - 1, 1e9 + 1];
    expect(meanVariance(pnl, 1)).toBe(-1e9 + 0.5);
  });

  it("is the OCE of the quadratic loss x + (a/2)x², with ω* = −mean(X)", () => {
    const pnl = sample(createRandom(2), 100);
    const a = 0.7;
    const loss = { kind: "custom" as const, name: "quadratic", evaluate: (x: number) => x + (a / 2) * x * x };
    const { risk, omega } = oce(pnl, loss);
    expect(risk).toBeCloseTo(meanVariance(pnl, a), 10);
    expect(omega).toBeCloseTo(-mean(pnl), 5);
  });

  it("is the entropic risk's second-order expansion: |entropic − meanVariance| shrinks like λ²", () => {
    const pnl = sample(createRandom(3), 500);
    const gap = (lambda: number): number => Math.abs(entropicRisk(pnl, lambda) - meanVariance(pnl, lambda));
    // The next term is −(λ²/6)·(third central moment): the gap falls 100-fold per 10-fold smaller λ.
    expect(gap(1e-3) / gap(1e-2)).toBeCloseTo(0.01, 3);
  });

  it("gives +∞ for an infinite sample of either sign", () => {
    expect(meanVariance([0, Number.NEGATIVE_INFINITY], 1)).toBe(Number.POSITIVE_INFINITY);
    expect(meanVariance([0, Number.POSITIVE_INFINITY], 1)).toBe(Number.POSITIVE_INFINITY);
    expect(meanVariance([-1e200, 1e200], 1)).toBe(Number.POSITIVE_INFINITY);
  });

  it("rejects a non-positive or non-finite a, and an empty or NaN-holding sample", () => {
    expect(() => meanVariance([1], 0)).toThrow("invalid riskAversion: 0 (must be > 0 and finite)");
    expect(() => meanVariance([1], -1)).toThrow("invalid riskAversion: -1");
    expect(() => meanVariance([1], Number.POSITIVE_INFINITY)).toThrow("invalid riskAversion: Infinity");
    expect(() => meanVariance([1], Number.NaN)).toThrow("invalid riskAversion: NaN");
    expect(() => meanVariance([], 1)).toThrow("invalid pnl: [] (must hold at least one sample)");
    expect(() => meanVariance([1, Number.NaN], 1)).toThrow("invalid pnl[1]: NaN (must be a number)");
  });
});

describe("MeanVariance", () => {
  const measures = [
    new MeanVariance(),
    new MeanVariance({ riskAversion: 0.1 }),
    new MeanVariance({ riskAversion: 20 }),
  ];

  it("is cash-invariant: ρ(X + c) = ρ(X) − c", () => {
    const random = createRandom(4);
    for (const measure of measures) {
      expect(measure.cashInvariant).toBe(true);
      for (let trial = 0; trial < 10; trial++)
        expectCashInvariant(measure, sample(random), 10 * random.normal(), 1e-10);
    }
  });

  it("is convex: ρ(tX + (1 − t)Y) ≤ tρ(X) + (1 − t)ρ(Y)", () => {
    const random = createRandom(5);
    for (const measure of measures) {
      for (let trial = 0; trial < 10; trial++)
        expectConvex(measure, sample(random), sample(random), random.uniform());
    }
  });

  it("is NOT monotone: Y = [0, 10] ≥ X = [0, 0] yet ρ(Y) = 7.5 > ρ(X) = 0 (a = 1)", () => {
    const measure = new MeanVariance({ riskAversion: 1 });
    const [x, y] = [
      [0, 0],
      [0, 10],
    ];
    // −5 + (1/2)·25: the gain of 10 on one path adds 25 of variance.
    expect(measure.risk(x)).toBe(0);
    expect(measure.risk(y)).toBe(7.5);
    expect(() => expectMonotone(measure, x, y)).toThrow("MeanVariance(riskAversion=1) monotone");
  });

  it("is monotone where every gain stays below mean + 1/a (∂ρ/∂xᵢ = (−1 + a(xᵢ − x̄))/N < 0)", () => {
    const random = createRandom(6);
    const measure = new MeanVariance({ riskAversion: 0.05 }); // 1/a = 20, far beyond these spreads
    for (let trial = 0; trial < 10; trial++) {
      const x = sample(random);
      expectMonotone(
        measure,
        x,
        Float64Array.from(x, (xi) => xi + Math.abs(random.normal())),
      );
    }
  });

  it("delegates to meanVariance with a = 1.3 by default, prints its parameter, and prices by cash invariance", () => {
    const pnl = [-1, 0.5, 2];
    const measure = new MeanVariance();
    expect(measure.riskAversion).toBe(1.3);
    expect(measure.risk(pnl)).toBe(meanVariance(pnl, 1.3));
    expect(String(measure)).toBe("MeanVariance(riskAversion=1.3)");
    // ρ(0) = 0, so the indifference price is ρ(X).
    expect(indifferencePrice(pnl, measure)).toBe(meanVariance(pnl, 1.3));
    expect(() => new MeanVariance({ riskAversion: -1 })).toThrow(
      "invalid riskAversion: -1 (must be > 0 and finite)",
    );
  });
});
