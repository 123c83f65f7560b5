import { describe, expect, it } from "vitest";
import { expectGradientsMatch, randomValues } from "./gradient-check.js";
import { residualLayerNorm } from "../../src/tensor/ops/residual-layer-norm.js";
import { layerNorm } from "../../src/tensor/ops/layer-norm.js";
import { add } from "../../src/tensor/ops/binary.js";
import { backward } from "../../src/tensor/backward.js";
import { tensor, tidy, type DType } from "../../src/tensor/tensor.js";

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

  it("has the gradient on rows wider than a vector, with a tail (float64, F = 19)", () => {
    expectGradientsMatch(
      (x, r, g, b) => residualLayerNorm(x, r, g, b),
      [v([2, 19], 11), v([2, 19], 12), v([19], 13), v([19], 14)],
    );
  });

  it("gives in float32 the float64 values and gradients to float32 accuracy (F = 37, gradients added to existing ones)", () => {
    const run = (dtype: DType): Float64Array[] =>
      tidy(() => {
        const [x, r, g, b, w] = [
          v([5, 37], 15),
          v([5, 37], 16),
          v([37], 17),
          v([37], 18),
          v([5, 37], 19),
        ].map((a) => tensor(a.values, a.shape, dtype));
        for (const t of [x!, r!, g!, b!]) t.requiresGrad = true;
        const y = residualLayerNorm(x!, r!, g!, b!);
        backward(y, w);
        backward(residualLayerNorm(x!, r!, g!, b!), w); // the second pass adds to the gradients
        return [y, x!.grad!, r!.grad!, g!.grad!, b!.grad!].map((t) => Float64Array.from(t.values()));
      });
    const [single, double] = [run("float32"), run("float64")];
    single.forEach((values, k) => {
      const scale = Math.max(1, ...double[k]!.map(Math.abs));
      values.forEach((value, i) => expect(Math.abs(value - double[k]![i]!)).toBeLessThan(2e-5 * scale));
    });
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
