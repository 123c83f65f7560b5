import { describe, expect, it } from "vitest";
import { createRandom } from "../../src/random/random-source.js";
import { entropicRisk } from "../../src/risk/entropic-risk.js";
import { expectedShortfall } from "../../src/risk/expected-shortfall.js";
import { entropicLoss, expectedShortfallLoss, OCE, oce, type CustomOceLoss } from "../../src/risk/oce.js";
import { valueAtRisk } from "../../src/risk/value-at-risk.js";

describe("oce", () => {
  it("with the entropic loss equals entropicRisk, and so does its ω (closed form)", () => {
    const pnl = createRandom(1).fillNormal(new Float64Array(500));
    for (const lambda of [0.5, 1.3, 20]) {
      const { risk, omega } = oce(pnl, entropicLoss(lambda));
      expect(risk).toBe(entropicRisk(pnl, lambda));
      expect(omega).toBe(risk);
    }
  });

  it("with the exponential loss searched numerically (a custom loss) finds the closed form to 1e-10", () => {
    const pnl = createRandom(2).fillNormal(new Float64Array(500));
    const lambda = 1.3;
    const exponential: CustomOceLoss = {
      kind: "custom",
      name: "exponential",
      evaluate: (x) => Math.expm1(lambda * x) / lambda,
    };
    const { risk, omega } = oce(pnl, exponential);
    const closedForm = entropicRisk(pnl, lambda);
    expect(risk).toBeCloseTo(closedForm, 10);
    expect(omega).toBeCloseTo(closedForm, 6); // ω is located to √ε of a smooth objective's flat bottom
  });

  it("with the expected-shortfall loss equals expectedShortfall on random samples to 1e-8", () => {
    const random = createRandom(3);
    for (const n of [7, 100, 999, 1000]) {
      const pnl = random.fillNormal(new Float64Array(n));
      for (let i = 0; i < n; i += 5) pnl[i] = pnl[i]! * 3;
      for (const level of [0, 0.5, 0.9, 0.95, 0.975]) {
        expect(oce(pnl, expectedShortfallLoss(level)).risk, `n = ${n}, α = ${level}`).toBeCloseTo(
          expectedShortfall(pnl, level),
          8,
        );
      }
    }
  });

  it("with the expected-shortfall loss has ω* = VaR when N(1 − α) is not an integer", () => {
    const pnl = createRandom(4).fillNormal(new Float64Array(999)); // 999 · 0.05 = 49.95
    const { omega } = oce(pnl, expectedShortfallLoss(0.95));
    expect(omega).toBeCloseTo(valueAtRisk(pnl, 0.95), 9);
  });

  it("of a constant c is −c with ω = −c (a degenerate search bracket)", () => {
    expect(oce([1.5, 1.5], expectedShortfallLoss(0.9))).toEqual({ risk: -1.5, omega: -1.5 });
  });

  it("rejects a loss with ℓ(0) ≠ 0 and non-finite samples for the numerical search", () => {
    const shifted: CustomOceLoss = { kind: "custom", name: "shifted", evaluate: (x) => x + 1 };
    expect(() => oce([1, 2], shifted)).toThrow('invalid loss: "shifted" (must satisfy ℓ(0) = 0)');
    const hinge: CustomOceLoss = { kind: "custom", name: "hinge", evaluate: (x) => 2 * Math.max(x, 0) };
    expect(() => oce([1, Number.POSITIVE_INFINITY], hinge)).toThrow('invalid pnl: "[1, Infinity]"');
  });
});

describe("loss factories", () => {
  it("entropicLoss(λ) is (e^{λx} − 1)/λ and validates λ", () => {
    const loss = entropicLoss(2);
    expect(loss.evaluate(0)).toBe(0);
    expect(loss.evaluate(1)).toBeCloseTo(Math.expm1(2) / 2, 15);
    expect(loss.evaluate(-1e-20)).toBe(-1e-20);
    expect(entropicLoss().riskAversion).toBe(1.3);
    expect(() => entropicLoss(0)).toThrow("invalid riskAversion: 0 (must be > 0 and finite)");
  });

  it("expectedShortfallLoss(α) is max(x, 0)/(1 − α) and validates α", () => {
    const loss = expectedShortfallLoss(0.75);
    expect(loss.evaluate(-3)).toBe(0);
    expect(loss.evaluate(2)).toBe(8);
    expect(expectedShortfallLoss().level).toBe(0.95);
    expect(() => expectedShortfallLoss(1)).toThrow("invalid level: 1 (must be in [0, 1))");
  });
});

describe("OCE", () => {
  it("uses the entropic loss with λ = 1.3 by default and prints its loss", () => {
    const pnl = [-1, 0.5, 2];
    const measure = new OCE();
    expect(measure.risk(pnl)).toBe(entropicRisk(pnl, 1.3));
    expect(measure.cashInvariant).toBe(true);
    expect(String(measure)).toBe("OCE(loss=entropic(riskAversion=1.3))");
  });

  it("delegates to oce with its loss and search options", () => {
    const pnl = createRandom(5).fillNormal(new Float64Array(200));
    const measure = new OCE({ loss: expectedShortfallLoss(0.9), tolerance: 1e-13 });
    expect(measure.risk(pnl)).toBeCloseTo(expectedShortfall(pnl, 0.9), 10);
    expect(measure.name).toBe("OCE(loss=expected-shortfall(level=0.9))");
  });
});

describe("oce with the expected-shortfall loss", () => {
  it("returns the VaR as ω* where the objective is flat (N(1 − α) a whole number), and the ES as ρ", () => {
    const pnl = [-4, -2, 0, 2];
    expect(oce(pnl, expectedShortfallLoss(0.5))).toEqual({ risk: 3, omega: 2 });
    expect(oce(pnl, expectedShortfallLoss(0.5)).omega).toBe(valueAtRisk(pnl, 0.5));
    // The objective is flat on [0, 2] (between the 3rd and 2nd largest losses): ω = 0.29 is as good.
    const objective = (omega: number): number =>
      omega + pnl.reduce((s, x) => s + Math.max(-x - omega, 0), 0) / pnl.length / 0.5;
    expect(objective(0.29)).toBeCloseTo(3, 12);
    expect(objective(2)).toBeCloseTo(3, 12);
  });
});
