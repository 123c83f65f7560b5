import { describe, expect, it } from "vitest";
import { createRandom, type RandomSource } from "../../src/random/random-source.js";
import { EntropicRisk } from "../../src/risk/entropic-risk.js";
import { ExpectedShortfall } from "../../src/risk/expected-shortfall.js";
import { entropicLoss, expectedShortfallLoss, OCE } from "../../src/risk/oce.js";
import type { RiskMeasure } from "../../src/risk/risk-measure.js";
import { ValueAtRisk } from "../../src/risk/value-at-risk.js";
import { expectCashInvariant, expectConvex, expectMonotone } from "./axioms.js";

/** Every measure, with whether it is convex (VaR and the clipped entropic risk are not). */
const MEASURES: readonly [measure: RiskMeasure, convex: boolean][] = [
  [new EntropicRisk(), true],
  [new EntropicRisk({ riskAversion: 50 }), true],
  [new EntropicRisk({ riskAversion: 1.3, clip: -1 }), false],
  [new ExpectedShortfall(), true],
  [new ExpectedShortfall({ level: 0.5 }), true],
  [new ValueAtRisk(), false],
  [new ValueAtRisk({ level: 0.7 }), false],
  [new OCE(), true],
  [new OCE({ loss: entropicLoss(3) }), true],
  [new OCE({ loss: expectedShortfallLoss(0.9) }), true],
];

const N = 200;
const TRIALS = 10;

/** A fat-tailed P&L sample: normal with a few large losses. */
function sample(random: RandomSource): Float64Array {
  const pnl = random.fillNormal(new Float64Array(N));
  for (let i = 0; i < N; i += 17) pnl[i] = pnl[i]! - 5 * random.uniform();
  return pnl;
}

describe.each(MEASURES.map(([measure, convex]) => [measure.name, measure, convex] as const))(
  "%s",
  (_name, measure, convex) => {
    it("is monotone: X ≤ Y ⇒ ρ(X) ≥ ρ(Y)", () => {
      const random = createRandom(1);
      for (let trial = 0; trial < TRIALS; trial++) {
        const x = sample(random);
        const y = Float64Array.from(x, (xi) => xi + Math.abs(random.normal()));
        expectMonotone(measure, x, y);
      }
    });

    if (convex)
      it("is convex: ρ(tX + (1 − t)Y) ≤ tρ(X) + (1 − t)ρ(Y)", () => {
        const random = createRandom(2);
        for (let trial = 0; trial < TRIALS; trial++) {
          expectConvex(measure, sample(random), sample(random), random.uniform());
        }
      });

    if (measure.cashInvariant)
      it("is cash-invariant: ρ(X + c) = ρ(X) − c", () => {
        const random = createRandom(3);
        for (let trial = 0; trial < TRIALS; trial++) {
          expectCashInvariant(measure, sample(random), 10 * random.normal(), 1e-10);
        }
      });
  },
);

describe("the cashInvariant marker", () => {
  it("is false for the clipped entropic risk, which fails cash invariance", () => {
    const clipped = new EntropicRisk({ clip: -10 });
    expect(clipped.cashInvariant).toBe(false);
    const pnl = [-20, 0];
    expect(clipped.risk(pnl.map((x) => x + 5))).not.toBeCloseTo(clipped.risk(pnl) - 5, 3);
  });

  it("VaR is not convex: two positions with 4 % tail losses each have VaR95 0, their mix 0.5", () => {
    const n = 100;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < 4; i++) {
      x[i] = -1;
      y[i + 4] = -1;
    }
    const mix = Float64Array.from(x, (xi, i) => 0.5 * xi + 0.5 * y[i]!);
    const var95 = new ValueAtRisk();
    expect(var95.risk(mix)).toBeGreaterThan(0.5 * var95.risk(x) + 0.5 * var95.risk(y));
  });
});
