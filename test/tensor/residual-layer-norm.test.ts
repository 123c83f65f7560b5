import { describe, expect, it } from "vitest";
import { expectGradientsMatch, randomValues } from "./gradient-check.js";
import { residualLayerNorm } from "../../src/tensor/ops/residual-layer-norm.js";
import { layerNorm } from "../../src/tensor/ops/layer-norm.js";
import { add } from "../../src/tensor/ops/binary.js";
import { tensor, tidy } from "../../src/tensor/tensor.js";

const v = (shape: number[], seed: number): { values: number[]; shape: number[] } => ({
  values: randomValues(
    shape.reduce((a, b) => a * b, 1),
    seed,
  ),
  shape,
});

describe("residualLayerNorm", () => {
  it("has the gradient of LN(x + r) in x, r, γ and β (central finite differences, float64)", () => {
    expectGradientsMatch(
      (x, r, g, b) => residualLayerNorm(x, r, g, b),
      [v([2, 3, 6], 1), v([2, 3, 6], 2), v([6], 3), v([6], 4)],
    );
  });

  it("gives x and r twice the gradient when they are one tensor", () => {
    expectGradientsMatch((x, g, b) => residualLayerNorm(x, x, g, b), [v([4, 5], 5), v([5], 6), v([5], 7)]);
  });

  it("equals layerNorm(add(x, r)) and normalises each row to mean 0 and variance 1 when γ = 1, β = 0", () => {
    tidy(() => {
      const [x, r] = [v([3, 8], 8), v([3, 8], 9)].map((a) => tensor(a.values, a.shape, "float64"));
      const gamma = tensor(new Array(8).fill(1), [8], "float64");
      const beta = tensor(new Array(8).fill(0), [8], "float64");
      const fused = residualLayerNorm(x!, r!, gamma, beta).toArray();
      const plain = layerNorm(add(x!, r!), gamma, beta).toArray();
      for (let i = 0; i < fused.length; i++) expect(fused[i]).toBeCloseTo(plain[i]!, 12);
      for (let row = 0; row < 3; row++) {
        const values = Array.from(fused.subarray(row * 8, row * 8 + 8));
        const mean = values.reduce((s, y) => s + y, 0) / 8;
        const variance = values.reduce((s, y) => s + (y - mean) ** 2, 0) / 8;
        expect(mean).toBeCloseTo(0, 12);
        expect(variance).toBeCloseTo(1, 3); // 1/(1 + ε/σ²)
      }
    });
  });

  it("rejects operands of different shapes", () => {
    tidy(() => {
      const x = tensor([1, 2, 3, 4], [2, 2]);
      const r = tensor([1, 2], [1, 2]);
      const g = tensor([1, 1], [2]);
      expect(() => residualLayerNorm(x, r, g, g)).toThrow("must have one shape and dtype");
    });
  });
});
