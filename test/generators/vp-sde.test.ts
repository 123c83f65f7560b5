import { describe, expect, it } from "vitest";
import { HedgelabError } from "../../src/errors.js";
import { createRandom } from "../../src/random/random-source.js";
import { ScoreNetwork } from "../../src/generators/score-network.js";
import {
  DEFAULT_VP_SCHEDULE,
  denoisingLoss,
  sampleProbabilityFlow,
  vpBeta,
  vpMean,
  type ScoreModel,
} from "../../src/generators/vp-sde.js";
import { scale } from "../../src/tensor/ops/unary.js";
import { tidy, type Tensor } from "../../src/tensor/tensor.js";

/** The exact score of the VP marginal of N(0, s²) data: −y / (m²s² + 1 − m²). */
function gaussianScore(s: number): ScoreModel {
  return {
    forward: (y: Tensor, times: ArrayLike<number>): Tensor => {
      const m = vpMean(times[0]!);
      return scale(y, -1 / (m * m * s * s + 1 - m * m));
    },
  };
}

describe("the VP-SDE", () => {
  it("has m(t) = exp(−¼t²(β_max − β_min) − ½tβ_min) and β(t) linear from 0.1 to 5", () => {
    expect(vpMean(0)).toBe(1);
    expect(vpMean(1)).toBeCloseTo(Math.exp(-0.25 * 4.9 - 0.05), 14);
    expect(vpBeta(0)).toBeCloseTo(0.1, 14);
    expect(vpBeta(1)).toBeCloseTo(5, 14);
    // d log m / dt = −½β(t).
    const h = 1e-6;
    expect((Math.log(vpMean(0.3 + h)) - Math.log(vpMean(0.3 - h))) / (2 * h)).toBeCloseTo(
      -0.5 * vpBeta(0.3),
      6,
    );
    expect(DEFAULT_VP_SCHEDULE).toEqual({ betaMin: 0.1, betaMax: 5 });
  });

  it("samples by the probability-flow ODE: with the exact score of N(0, s²) data, y(ε) = y(1)·√(v(ε)/v(1))", () => {
    const s = 2.5;
    const v = (t: number): number => vpMean(t) ** 2 * s * s + 1 - vpMean(t) ** 2;
    for (const [solver, tolerance] of [
      ["rk4", 1e-5],
      ["heun", 2e-3],
    ] as const) {
      const start = createRandom(4).fillNormal(new Float64Array(3 * 5 * 2));
      const y = sampleProbabilityFlow(gaussianScore(s), [3, 5, 2], createRandom(4), { steps: 128, solver });
      const factor = Math.sqrt(v(0.01) / v(1));
      for (let i = 0; i < y.length; i++)
        expect(Math.abs(y[i]! - start[i]! * factor)).toBeLessThan(tolerance * factor * 3);
    }
  });

  it("is deterministic for a seed and stops with one line when a value is not finite", () => {
    const net = new ScoreNetwork({ channels: 2, tokens: 6, hidden: 8, layers: 1, heads: 2, feedForward: 16 });
    try {
      const a = sampleProbabilityFlow(net, [4, 6, 2], createRandom(7), { steps: 4 });
      const b = sampleProbabilityFlow(net, [4, 6, 2], createRandom(7), { steps: 4 });
      const c = sampleProbabilityFlow(net, [4, 6, 2], createRandom(8), { steps: 4 });
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(Array.from(a)).not.toEqual(Array.from(c));
      net.parameters[0]!.values()[0] = Number.NaN;
      expect(() => sampleProbabilityFlow(net, [4, 6, 2], createRandom(7), { steps: 4 })).toThrow(
        HedgelabError,
      );
      expect(() => sampleProbabilityFlow(net, [4, 6, 2], createRandom(7), { steps: 4 })).toThrow(
        /^non-finite value reached the sampler at t = /,
      );
    } finally {
      net.dispose();
    }
  });

  it("denoising score matching: the loss of the exact score is the irreducible E‖σ·s + ε‖²/D, and a random network's is larger", () => {
    const s = 2.5;
    const random = createRandom(3);
    const data = Float32Array.from(random.fillNormal(new Float64Array(64 * 5 * 1)).map((z) => s * z));
    const exact = tidy(() => denoisingLoss(gaussianScore(s), data, [64, 5, 1], createRandom(5)).item());
    const net = new ScoreNetwork({ channels: 1, tokens: 5, hidden: 8, layers: 1, heads: 2, feedForward: 16 });
    const untrained = tidy(() => denoisingLoss(net, data, [64, 5, 1], createRandom(5)).item());
    net.dispose();
    expect(exact).toBeGreaterThan(0);
    expect(exact).toBeLessThan(untrained);
  });
});
