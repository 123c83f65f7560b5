import { describe, expect, it } from "vitest";
import { hedgingLoss, resolveLossOptions } from "../../src/training/hedging-loss.js";
import { entropicRisk, clippedEntropicRisk } from "../../src/risk/entropic-risk.js";
import { expectedShortfall } from "../../src/risk/expected-shortfall.js";
import { valueAtRisk } from "../../src/risk/value-at-risk.js";
import { backward } from "../../src/tensor/backward.js";
import { Adam } from "../../src/tensor/adam.js";
import { tensor, tidy, variable } from "../../src/tensor/tensor.js";
import { createRandom } from "../../src/random/random-source.js";
import { expectGradientsMatch } from "../tensor/gradient-check.js";

const sample = Array.from(createRandom(3).fillNormal(new Float64Array(400)), (x) => 2 * x - 1);

describe("hedgingLoss", () => {
  it("is the (clipped) entropic risk of the P&L, computed stably", () => {
    tidy(() => {
      const pnl = tensor(sample, [400], "float64");
      expect(hedgingLoss(pnl, resolveLossOptions({ clip: null })).item()).toBeCloseTo(
        entropicRisk(sample, 1.3),
        10,
      );
      expect(hedgingLoss(pnl, resolveLossOptions({ clip: -2 })).item()).toBeCloseTo(
        clippedEntropicRisk(sample, 1.3, -2),
        10,
      );
      const far = tensor([-1000, -999, -998], [3], "float64");
      expect(hedgingLoss(far, resolveLossOptions({ clip: null, riskAversion: 5 })).item()).toBeCloseTo(
        entropicRisk([-1000, -999, -998], 5),
        8,
      );
    });
  });

  it("has the gradient of its formula: the softmax weights of −λX (finite differences)", () => {
    expectGradientsMatch(
      (x) => hedgingLoss(x, resolveLossOptions({ clip: null })),
      [{ values: sample.slice(0, 20), shape: [20] }],
    );
  });

  it("learns ω to the entropic risk (learnPremium) and to the VaR with the expected-shortfall loss", () => {
    for (const [options, target, value] of [
      [{ clip: null, learnPremium: true }, entropicRisk(sample, 1.3), entropicRisk(sample, 1.3)],
      [
        { kind: "expected-shortfall" as const, level: 0.9 },
        valueAtRisk(sample, 0.9),
        expectedShortfall(sample, 0.9),
      ],
    ] as const) {
      const omega = variable([0], [1], "float64");
      const adam = new Adam([omega], { learningRate: 0.05 });
      let last = 0;
      for (let step = 0; step < 600; step++) {
        last = tidy(() => {
          const l = hedgingLoss(tensor(sample, [400], "float64"), resolveLossOptions(options), omega);
          adam.zeroGrad();
          backward(l);
          adam.step();
          return l.item();
        });
      }
      expect(omega.values()[0]!).toBeCloseTo(target, 1);
      expect(last).toBeCloseTo(value, 2);
      omega.dispose();
    }
  });

  it("rejects an invalid option with its name", () => {
    expect(() => resolveLossOptions({ riskAversion: -1 })).toThrow("invalid riskAversion: -1");
  });
});
