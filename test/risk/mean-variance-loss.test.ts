import { describe, expect, it } from "vitest";
import { createRandom } from "../../src/random/random-source.js";
import { meanVariance } from "../../src/risk/mean-variance.js";
import { meanVarianceLoss } from "../../src/risk/mean-variance-loss.js";
import { backward } from "../../src/tensor/backward.js";
import { sub } from "../../src/tensor/ops/binary.js";
import { mean } from "../../src/tensor/ops/reduce.js";
import { square } from "../../src/tensor/ops/unary.js";
import { tensor, tidy } from "../../src/tensor/tensor.js";
import { expectGradientsMatch } from "../tensor/gradient-check.js";

const sample = Array.from(createRandom(3).fillNormal(new Float64Array(40)), (x) => 2 * x - 1);

describe("meanVarianceLoss", () => {
  it("equals the float64 meanVariance (population variance) in float64, and to float32 rounding in float32", () => {
    tidy(() => {
      for (const a of [0.1, 1.3, 7]) {
        const expected = meanVariance(sample, a);
        const loss = meanVarianceLoss(tensor(sample, [40], "float64"), a);
        expect(loss.shape).toEqual([1]);
        expect(loss.item()).toBeCloseTo(expected, 13);
        expect(meanVarianceLoss(tensor(sample, [40], "float32"), a).item()).toBeCloseTo(expected, 5);
      }
      expect(meanVarianceLoss(tensor([-1, 1], [2], "float64"), 1).item()).toBe(0.5);
      expect(meanVarianceLoss(tensor([4], [1], "float64"), 1).item()).toBe(-4);
    });
  });

  it("keeps its digits for a float32 P&L far from 0 (centred before squaring)", () => {
    tidy(() => {
      // 10⁴ ± 0.5, exact in float32; the variance is 0.25. mean(X²) − mean(X)² rounds X² ≈ 10⁸ to
      // float32's spacing of 8 there and loses the 0.25.
      const pnl = [9999.5, 10000.5, 9999.5, 10000.5];
      const x = tensor(pnl, [4], "float32");
      expect(meanVarianceLoss(x, 2).item()).toBe(meanVariance(pnl, 2));
      const naive = sub(mean(square(x)), square(mean(x))).item();
      expect(Math.abs(naive - 0.25)).toBeGreaterThan(0.1);
    });
  });

  it("has the gradient of its formula (autodiff against central differences of the tensor loss)", () => {
    expectGradientsMatch((x) => meanVarianceLoss(x, 1.3), [{ values: sample, shape: [40] }]);
  });

  it("has the gradient of the float64 meanVariance: (−1 + a(xᵢ − x̄))/N by central differences", () => {
    const a = 2.5;
    const analytic = tidy(() => {
      const x = tensor(sample, [40], "float64");
      x.requiresGrad = true;
      backward(meanVarianceLoss(x, a));
      return x.grad!.toArray();
    });
    const centre = sample.reduce((s, x) => s + x, 0) / sample.length;
    const h = 1e-6;
    sample.forEach((xi, i) => {
      const shifted = (d: number): number =>
        meanVariance(
          sample.map((x, j) => (j === i ? x + d : x)),
          a,
        );
      const numeric = (shifted(h) - shifted(-h)) / (2 * h);
      expect(analytic[i]!).toBeCloseTo(numeric, 8);
      expect(analytic[i]!).toBeCloseTo((-1 + a * (xi - centre)) / sample.length, 12);
    });
  });

  it("rejects an invalid a with its name, and a P&L that is not [N]", () => {
    tidy(() => {
      const pnl = tensor(sample, [40], "float64");
      expect(() => meanVarianceLoss(pnl, 0)).toThrow("invalid riskAversion: 0 (must be > 0 and finite)");
      expect(() => meanVarianceLoss(tensor(sample, [20, 2], "float64"), 1)).toThrow("must be [N]");
    });
  });
});
