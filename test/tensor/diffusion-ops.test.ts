import { describe, expect, it } from "vitest";
import { expectGradientsMatch, randomValues } from "./gradient-check.js";
import { adaptiveLayerNorm } from "../../src/tensor/ops/adaptive-layer-norm.js";
import { fastGelu } from "../../src/tensor/ops/fast-gelu.js";
import { addTiled } from "../../src/tensor/ops/add-tiled.js";
import { gelu } from "../../src/tensor/ops/unary.js";
import { tensor, tidy } from "../../src/tensor/tensor.js";

const v = (shape: number[], seed: number, s = 1): { values: number[]; shape: number[] } => ({
  values: randomValues(
    shape.reduce((a, b) => a * b, 1),
    seed,
    s,
  ),
  shape,
});

describe("adaptiveLayerNorm", () => {
  it("gradients with respect to x and the modulation match central finite differences", () => {
    expectGradientsMatch((x, m) => adaptiveLayerNorm(x, m), [v([2, 3, 4], 1), v([2, 8], 2, 0.5)]);
  });

  it("equals (x − μ)/√(σ² + ε)·(1 + scale_b) + shift_b computed by hand", () => {
    tidy(() => {
      const x = tensor([1, 2, 3, 4, -1, 0, 1, 6], [2, 1, 4], "float64");
      const m = tensor([0.5, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 2], [2, 8], "float64");
      const y = adaptiveLayerNorm(x, m, 0).toArray();
      const row = (values: number[]): number[] => {
        const mu = values.reduce((a, b) => a + b, 0) / values.length;
        const sd = Math.sqrt(values.reduce((a, b) => a + (b - mu) ** 2, 0) / values.length);
        return values.map((a) => (a - mu) / sd);
      };
      const [a, b] = [row([1, 2, 3, 4]), row([-1, 0, 1, 6])];
      const expected = [a[0]! * 1.5 + 1, a[1]! + 1, a[2]! + 1, a[3]! + 1, b[0]!, b[1]!, b[2]!, b[3]! + 2];
      expected.forEach((e, i) => expect(y[i]).toBeCloseTo(e, 12));
    });
  });
});

describe("fastGelu", () => {
  it("agrees with the exact GELU x·Φ(x) to 1e-8 and its gradient matches finite differences", () => {
    tidy(() => {
      const xs = Array.from({ length: 401 }, (_, i) => -8 + i * 0.04);
      const exact = gelu(tensor(xs, [xs.length], "float64")).toArray();
      const fast = fastGelu(tensor(xs, [xs.length], "float64")).toArray();
      let worst = 0;
      for (let i = 0; i < xs.length; i++) worst = Math.max(worst, Math.abs(exact[i]! - fast[i]!));
      expect(worst).toBeLessThan(1e-8);
    });
    expectGradientsMatch((x) => fastGelu(x), [v([12], 6, 2)], { tolerance: 1e-6 });
  });
});

describe("addTiled", () => {
  it("adds the tile to every leading slice; gradients match finite differences", () => {
    tidy(() => {
      const y = addTiled(tensor([1, 2, 3, 4, 5, 6], [2, 3], "float64"), tensor([10, 20, 30], [3], "float64"));
      expect(Array.from(y.toArray())).toEqual([11, 22, 33, 14, 25, 36]);
    });
    expectGradientsMatch((x, t) => addTiled(x, t), [v([3, 2, 4], 3), v([2, 4], 4)]);
  });
});
