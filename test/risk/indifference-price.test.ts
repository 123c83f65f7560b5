import { describe, expect, it } from "vitest";
import { createRandom } from "../../src/random/random-source.js";
import { EntropicRisk, entropicRisk } from "../../src/risk/entropic-risk.js";
import { ExpectedShortfall } from "../../src/risk/expected-shortfall.js";
import { indifferencePrice } from "../../src/risk/indifference-price.js";
import type { RiskMeasure } from "../../src/risk/risk-measure.js";

describe("indifferencePrice", () => {
  const pnl = createRandom(1).fillNormal(new Float64Array(1000));
  for (let i = 0; i < pnl.length; i++) pnl[i] = 0.5 * pnl[i]! - 0.3;

  it("for a cash-invariant measure is ρ(X) − ρ(0), and ρ(X + p) = ρ(0)", () => {
    for (const measure of [new EntropicRisk(), new ExpectedShortfall({ level: 0.9 })]) {
      const p = indifferencePrice(pnl, measure);
      expect(p).toBe(measure.risk(pnl) - measure.risk(new Float64Array(pnl.length)));
      expect(measure.risk(pnl.map((x) => x + p))).toBeCloseTo(0, 12);
    }
  });

  it("for the entropic risk is the entropic risk of the P&L", () => {
    expect(indifferencePrice(pnl, new EntropicRisk({ riskAversion: 2 }))).toBe(entropicRisk(pnl, 2));
  });

  it("subtracts ρ(0) for a measure that is not normalised", () => {
    const shifted: RiskMeasure = { name: "shifted", cashInvariant: true, risk: (x) => entropicRisk(x) + 1 };
    expect(indifferencePrice(pnl, shifted)).toBeCloseTo(entropicRisk(pnl), 14);
  });

  it("for the clipped entropic risk solves ρ(X + p) = ρ(0) by bisection (= ρ(X) when the clip is inactive)", () => {
    const measure = new EntropicRisk({ riskAversion: 1.3, clip: -10 });
    const p = indifferencePrice(pnl, measure);
    expect(p).toBeCloseTo(entropicRisk(pnl, 1.3), 10);
    expect(measure.risk(pnl.map((x) => x + p))).toBeCloseTo(0, 10);
  });

  it("for the clipped entropic risk matches the hand solution when the clip binds", () => {
    // X = [−100, 50], λ = 0.05, clip −10: for p < 90 the loss is clipped and
    // e^{10λ} + e^{−λ(50 + p)} = 2 gives p = −50 − log(2 − e^{10λ})/λ ≈ −29.08 (unclipped: ≈ 86.2).
    const lambda = 0.05;
    const p = indifferencePrice([-100, 50], new EntropicRisk({ riskAversion: lambda, clip: -10 }));
    expect(p).toBeCloseTo(-50 - Math.log(2 - Math.exp(10 * lambda)) / lambda, 9);
    expect(indifferencePrice([-100, 50], new EntropicRisk({ riskAversion: lambda }))).toBeCloseTo(
      Math.log((Math.exp(5) + Math.exp(-2.5)) / 2) / lambda,
      12,
    );
  });

  it("rejects a bad sample and bad search options with `invalid …` messages", () => {
    const clipped = new EntropicRisk({ clip: -10 });
    expect(() => indifferencePrice([], clipped)).toThrow("invalid pnl: []");
    expect(() => indifferencePrice([1, 2], clipped, { tolerance: -1 })).toThrow("invalid tolerance: -1");
    expect(() => indifferencePrice([1, Number.NEGATIVE_INFINITY], clipped)).toThrow("invalid pnl");
  });
});
