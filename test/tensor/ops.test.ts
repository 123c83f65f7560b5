import { describe, expect, it } from "vitest";
import { expectGradientsMatch, randomValues } from "./gradient-check.js";
import { matmul } from "../../src/tensor/ops/matmul.js";
import { linear } from "../../src/tensor/ops/linear.js";
import { add, div, mul, sub } from "../../src/tensor/ops/binary.js";
import {
  addScalar,
  clamp,
  exp,
  gelu,
  log,
  neg,
  relu,
  scale,
  sigmoid,
  sqrt,
  square,
  tanh,
} from "../../src/tensor/ops/unary.js";
import { logSumExp, mean, sum } from "../../src/tensor/ops/reduce.js";
import { concat, reshape, slice, transpose } from "../../src/tensor/ops/shape.js";
import { batchNorm } from "../../src/tensor/ops/batch-norm.js";
import { layerNorm } from "../../src/tensor/ops/layer-norm.js";
import { tensor, tidy } from "../../src/tensor/tensor.js";

const v = (shape: number[], seed: number, s = 1): { values: number[]; shape: number[] } => ({
  values: randomValues(
    shape.reduce((a, b) => a * b, 1),
    seed,
    s,
  ),
  shape,
});
// Values away from the kinks of relu and clamp, so that finite differences are exact.
const awayFromZero = (shape: number[], seed: number): { values: number[]; shape: number[] } => {
  const x = v(shape, seed);
  return { values: x.values.map((y) => (Math.abs(y) < 0.05 ? y + 0.1 * Math.sign(y || 1) : y)), shape };
};

describe("gradients of every op match central finite differences (float64)", () => {
  it("matmul in its four transposition modes, batched and with a shared right operand", () => {
    expectGradientsMatch((a, b) => matmul(a, b), [v([3, 4], 1), v([4, 5], 2)]);
    expectGradientsMatch((a, b) => matmul(a, b, { transposeA: true }), [v([4, 3], 3), v([4, 5], 4)]);
    expectGradientsMatch((a, b) => matmul(a, b, { transposeB: true }), [v([3, 4], 5), v([5, 4], 6)]);
    expectGradientsMatch(
      (a, b) => matmul(a, b, { transposeA: true, transposeB: true }),
      [v([4, 3], 7), v([5, 4], 8)],
    );
    expectGradientsMatch((a, b) => matmul(a, b), [v([2, 3, 4], 9), v([2, 4, 5], 10)]);
    expectGradientsMatch((a, b) => matmul(a, b), [v([2, 3, 4], 11), v([4, 5], 12)]);
    expectGradientsMatch((a, b) => matmul(a, b, { transposeA: true }), [v([2, 4, 3], 13), v([4, 5], 14)]);
    expectGradientsMatch((a, b) => matmul(a, b, { transposeB: true }), [v([2, 3, 4], 15), v([2, 5, 4], 16)]);
  });

  it("linear with bias, with and without its fused ReLU or GELU", () => {
    expectGradientsMatch((x, w, b) => linear(x, w, b), [v([6, 3], 1), v([3, 4], 2), v([4], 3)]);
    expectGradientsMatch(
      (x, w, b) => linear(x, w, b, "relu"),
      [v([2, 3, 3], 4), v([3, 5], 5), v([5], 6, 0.1)],
      {
        tolerance: 1e-5,
      },
    );
    expectGradientsMatch((x, w) => linear(x, w), [v([4, 3], 7), v([3, 2], 8)]);
    expectGradientsMatch((x, w, b) => linear(x, w, b, "gelu"), [v([2, 3, 3], 9), v([3, 5], 10), v([5], 11)]);
  });

  it("broadcasting add, sub, mul, div, including an input used twice", () => {
    expectGradientsMatch((a, b) => add(a, b), [v([3, 4], 1), v([4], 2)]);
    expectGradientsMatch((a, b) => sub(a, b), [v([3, 1], 3), v([1, 4], 4)]);
    expectGradientsMatch((a, b) => mul(a, b), [v([2, 3, 4], 5), v([3, 1], 6)]);
    expectGradientsMatch((a, b) => div(a, addScalar(square(b), 1)), [v([3, 4], 7), v([3, 4], 8)]);
    expectGradientsMatch((a) => mul(a, a), [v([5], 9)]);
    expectGradientsMatch(
      (a, b) => sub(mul(a, b), div(b, addScalar(square(a), 1))),
      [v([3, 4], 10), v([3, 4], 11)],
    );
  });

  it("unary ops", () => {
    expectGradientsMatch((x) => relu(x), [awayFromZero([10], 1)]);
    expectGradientsMatch((x) => tanh(x), [v([10], 2)]);
    expectGradientsMatch((x) => sigmoid(x), [v([10], 3, 5)]);
    expectGradientsMatch((x) => exp(x), [v([10], 4)]);
    expectGradientsMatch((x) => log(addScalar(square(x), 0.5)), [v([10], 5)]);
    expectGradientsMatch((x) => gelu(x), [v([10], 6, 2)]);
    expectGradientsMatch((x) => sqrt(addScalar(square(x), 1)), [v([10], 7)]);
    expectGradientsMatch((x) => scale(neg(x), 3), [v([10], 8)]);
    expectGradientsMatch(
      (x) => clamp(x, -0.5, 0.7),
      [awayFromZero([20], 9)].map((a) => ({
        ...a,
        values: a.values.map((y) => (Math.abs(y + 0.5) < 0.02 || Math.abs(y - 0.7) < 0.02 ? y + 0.05 : y)),
      })),
    );
  });

  it("reductions: sum, mean, log-sum-exp over one axis, several axes and all", () => {
    expectGradientsMatch((x) => sum(x, 1), [v([3, 4, 2], 1)]);
    expectGradientsMatch((x) => mean(x, [0, 2], { keepDims: true }), [v([3, 4, 2], 2)]);
    expectGradientsMatch((x) => sum(x, [1, 2]), [v([3, 4, 2], 5)]);
    expectGradientsMatch((x) => mean(x, -1, { keepDims: true }), [v([3, 4, 2], 6)]);
    expectGradientsMatch((x) => sum(x), [v([3, 4], 7)]);
    expectGradientsMatch((x) => logSumExp(x), [v([7], 3, 3)]);
    expectGradientsMatch((x) => logSumExp(x, -1), [v([3, 5], 4, 3)]);
  });

  it("shape ops: reshape, transpose, concat (with a repeated input), slice", () => {
    expectGradientsMatch((x) => reshape(x, [4, -1]), [v([2, 3, 2], 1)]);
    expectGradientsMatch((x) => transpose(x, [2, 0, 1]), [v([2, 3, 4], 2)]);
    expectGradientsMatch((a, b) => concat([a, b, a], 1), [v([2, 3], 3), v([2, 1], 4)]);
    expectGradientsMatch((x) => slice(x, 1, 1, 3), [v([2, 4, 2], 5)]);
  });

  it("batch normalisation in training and evaluation modes, and layer normalisation", () => {
    const state = () => ({ mean: new Float64Array(3), variance: new Float64Array(3).fill(1) });
    expectGradientsMatch((x, g, b) => batchNorm(x, g, b, state()), [v([6, 3], 1), v([3], 2), v([3], 3)]);
    expectGradientsMatch(
      (x, g, b) => batchNorm(x, g, b, state(), { training: false }),
      [v([6, 3], 4), v([3], 5), v([3], 6)],
    );
    expectGradientsMatch((x, g, b) => layerNorm(x, g, b), [v([2, 3, 5], 7), v([5], 8), v([5], 9)]);
  });
});

describe("forward values", () => {
  it("log-sum-exp is stable for large inputs and equals the direct formula for small ones", () => {
    tidy(() => {
      expect(logSumExp(tensor([1000, 1000], [2], "float64")).item()).toBeCloseTo(1000 + Math.log(2), 10);
      expect(logSumExp(tensor([0.1, -0.3, 0.7], [3], "float64")).item()).toBeCloseTo(
        Math.log(Math.exp(0.1) + Math.exp(-0.3) + Math.exp(0.7)),
        14,
      );
    });
  });

  it("batch normalisation gives zero mean and unit variance per feature in training, and updates running stats as PyTorch", () => {
    tidy(() => {
      const state = { mean: new Float64Array(2), variance: new Float64Array(2).fill(1) };
      const x = tensor([1, 10, 2, 20, 3, 30, 4, 40], [4, 2], "float64");
      const y = batchNorm(x, tensor([1, 1], [2], "float64"), tensor([0, 0], [2], "float64"), state, {
        epsilon: 0,
      }).values();
      const col0 = [y[0]!, y[2]!, y[4]!, y[6]!];
      expect(col0.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
      expect(col0.reduce((a, b) => a + b * b, 0) / 4).toBeCloseTo(1, 12);
      // Running mean 0.9·0 + 0.1·2.5; running variance 0.9·1 + 0.1·(unbiased 5/3).
      expect(state.mean[0]).toBeCloseTo(0.25, 12);
      expect(state.variance[0]).toBeCloseTo(0.9 + 0.1 * (5 / 3), 12);
    });
  });

  it("matmul's float32 result matches float64 to single precision", () => {
    tidy(() => {
      const a = randomValues(64 * 64, 1);
      const b = randomValues(64 * 32, 2);
      const c32 = matmul(tensor(a, [64, 64]), tensor(b, [64, 32])).values();
      const c64 = matmul(tensor(a, [64, 64], "float64"), tensor(b, [64, 32], "float64")).values();
      let max = 0;
      for (let i = 0; i < c64.length; i++) max = Math.max(max, Math.abs(c32[i]! - c64[i]!));
      expect(max).toBeLessThan(1e-4);
    });
  });
});

describe("attention", () => {
  it("has the gradient of softmax(QKᵀ/√d + causal mask)·V per head (finite differences)", async () => {
    const { attention } = await import("../../src/tensor/ops/attention.js");
    expectGradientsMatch(
      (q, k, w) => attention(q, k, w, { heads: 2 }),
      [v([2, 4, 6], 1), v([2, 4, 6], 2), v([2, 4, 6], 3)],
    );
    expectGradientsMatch(
      (q, k, w) => attention(q, k, w, { heads: 3, causal: false }),
      [v([1, 5, 6], 4), v([1, 5, 6], 5), v([1, 5, 6], 6)],
    );
  });

  it("has the right gradient when q, k and v are the same tensor, or two of them are (self-attention on x itself)", async () => {
    const { attention } = await import("../../src/tensor/ops/attention.js");
    expectGradientsMatch((x) => attention(x, x, x, { heads: 2 }), [v([2, 4, 6], 11)]);
    expectGradientsMatch(
      (x, w) => attention(x, w, x, { heads: 2, causal: false }),
      [v([1, 5, 6], 12), v([1, 5, 6], 13)],
    );
    expectGradientsMatch((q, x) => attention(q, x, x, { heads: 3 }), [v([2, 4, 6], 14), v([2, 4, 6], 15)]);
    expectGradientsMatch((x, w) => attention(x, x, w, { heads: 2 }), [v([2, 4, 6], 16), v([2, 4, 6], 17)]);
  });

  it("is causal: the output at position i does not depend on keys and values after i", async () => {
    const { attention } = await import("../../src/tensor/ops/attention.js");
    tidy(() => {
      const q = v([1, 4, 4], 7);
      const k = v([1, 4, 4], 8);
      const w = v([1, 4, 4], 9);
      const moved = (x: { values: number[] }) => ({
        values: x.values.map((y, i) => (i >= 8 ? y + 5 : y)),
        shape: [1, 4, 4],
      });
      const run = (kk: typeof k, ww: typeof w) =>
        attention(
          tensor(q.values, q.shape, "float64"),
          tensor(kk.values, kk.shape, "float64"),
          tensor(ww.values, ww.shape, "float64"),
          { heads: 2 },
        ).toArray();
      // Positions 0 and 1 (the first 8 values) are unchanged when positions 2 and 3 move.
      expect(Array.from(run(moved(k), moved(w)).slice(0, 8))).toEqual(Array.from(run(k, w).slice(0, 8)));
    });
  });
});

describe("dot", () => {
  it("equals sum(mul(a, b)) and has its gradient, including dot(a, a)", async () => {
    const { dot } = await import("../../src/tensor/ops/dot.js");
    expectGradientsMatch((a, b) => dot(a, b), [v([3, 7], 1), v([3, 7], 2)]);
    expectGradientsMatch((a) => dot(a, a), [v([13], 3)]);
    tidy(() => {
      const a = tensor(randomValues(37, 4), [37]);
      const b = tensor(randomValues(37, 5), [37]);
      expect(dot(a, b).item()).toBeCloseTo(sum(mul(a, b)).item(), 4);
    });
  });
});
