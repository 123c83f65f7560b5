import { describe, expect, it } from "vitest";
import { expectGradientsMatch, randomValues } from "./gradient-check.js";
import { backward } from "../../src/tensor/backward.js";
import { kernelSettings, loadKernels } from "../../src/tensor/kernels.js";
import { loadNativeAddon, TRANSFORMER_KERNELS } from "../../src/tensor/native.js";
import { adaptiveLayerNorm } from "../../src/tensor/ops/adaptive-layer-norm.js";
import { attention } from "../../src/tensor/ops/attention.js";
import { add, mul } from "../../src/tensor/ops/binary.js";
import { layerNorm } from "../../src/tensor/ops/layer-norm.js";
import { linear } from "../../src/tensor/ops/linear.js";
import { sum } from "../../src/tensor/ops/reduce.js";
import { residualLayerNorm } from "../../src/tensor/ops/residual-layer-norm.js";
import { tensor, tidy, type DType, type Tensor } from "../../src/tensor/tensor.js";

const v = (shape: number[], seed: number, s = 1): { values: number[]; shape: number[] } => ({
  values: randomValues(
    shape.reduce((a, b) => a * b, 1),
    seed,
    s,
  ),
  shape,
});

const native = loadKernels().backend.backend === "native";

/** The kernels an op may do without (its JavaScript loops then run): the transformer's and the norms'. */
const OPTIONAL_KERNELS = [
  ...TRANSFORMER_KERNELS,
  "residualLayerNormF32",
  "residualLayerNormF64",
  "residualLayerNormBackwardF32",
  "residualLayerNormBackwardF64",
];

/** Runs `fn` with the optional kernels hidden, so that the ops take their JavaScript path. */
function portable<T>(fn: () => T): T {
  const kernels = loadKernels().kernels as unknown as Record<string, unknown>;
  const saved = OPTIONAL_KERNELS.map((name) => [name, kernels[name]] as const);
  for (const [name] of saved) delete kernels[name];
  try {
    return fn();
  } finally {
    for (const [name, f] of saved) kernels[name] = f;
  }
}

/** The output of `f` at `inputs` and the gradients of Σ f ⊙ W (W fixed), as plain arrays. */
function run(
  f: (...inputs: Tensor[]) => Tensor,
  inputs: { values: number[]; shape: number[] }[],
  dtype: DType,
): number[][] {
  return tidy(() => {
    const ts = inputs.map((i) => {
      const t = tensor(i.values, i.shape, dtype);
      t.requiresGrad = true;
      return t;
    });
    const y = f(...ts);
    const w = tensor(randomValues(y.size, 99), [...y.shape], dtype);
    backward(sum(mul(y, w)));
    return [Array.from(y.toArray()), ...ts.map((t) => Array.from(t.grad!.toArray()))];
  });
}

/** Largest |a − b| / (1 + max |b|) over matching arrays. */
function relativeError(a: number[][], b: number[][]): number {
  let worst = 0;
  a.forEach((x, k) => {
    const y = b[k]!;
    const scale = 1 + Math.max(...y.map(Math.abs));
    x.forEach((xi, i) => (worst = Math.max(worst, Math.abs(xi - y[i]!) / scale)));
  });
  return worst;
}

describe("linear with a residual", () => {
  it("equals residual + x·W + b, and its gradients (x, W, b, residual) match finite differences", () => {
    tidy(() => {
      const [x, w, b, r] = [v([2, 3, 4], 1), v([4, 5], 2), v([5], 3), v([2, 3, 5], 4)].map((i) =>
        tensor(i.values, i.shape, "float64"),
      );
      const fused = linear(x!, w!, b!, "none", r!).toArray();
      const plain = add(linear(x!, w!, b!), r!).toArray();
      fused.forEach((y, i) => expect(y).toBeCloseTo(plain[i]!, 12));
    });
    expectGradientsMatch(
      (x, w, b, r) => linear(x, w, b, "none", r),
      [v([2, 3, 4], 1), v([4, 5], 2), v([5], 3), v([2, 3, 5], 4)],
    );
    // The residual may be the input itself (its gradient then adds both paths).
    expectGradientsMatch((x, w) => linear(x, w, undefined, "none", x), [v([3, 4], 5), v([4, 4], 6)]);
  });

  it("refuses a residual of the wrong shape or with an activation, naming it", () => {
    tidy(() => {
      const x = tensor(randomValues(6, 1), [2, 3]);
      const w = tensor(randomValues(12, 2), [3, 4]);
      expect(() => linear(x, w, undefined, "none", tensor(randomValues(6, 3), [2, 3]))).toThrow(
        /residual \[2, 3\] must be \[2, 4\]/,
      );
      expect(() => linear(x, w, undefined, "gelu", tensor(randomValues(8, 3), [2, 4]))).toThrow(
        /needs activation "none"/,
      );
    });
  });
});

describe.skipIf(!native)("native transformer kernels against the ops' JavaScript", () => {
  const cases: [string, (...t: Tensor[]) => Tensor, { values: number[]; shape: number[] }[]][] = [
    [
      "attention (90 tokens, 4 heads of 16, bidirectional)",
      (q, k, w) => attention(q, k, w, { heads: 4, causal: false }),
      [v([3, 90, 64], 1), v([3, 90, 64], 2), v([3, 90, 64], 3)],
    ],
    [
      "attention (causal, heads of 3)",
      (q, k, w) => attention(q, k, w, { heads: 2 }),
      [v([2, 7, 6], 4, 2), v([2, 7, 6], 5, 2), v([2, 7, 6], 6)],
    ],
    [
      "attention with q = k",
      (q, w) => attention(q, q, w, { heads: 2, causal: false }),
      [v([2, 5, 8], 7), v([2, 5, 8], 8)],
    ],
    ["adaptive LayerNorm", (x, m) => adaptiveLayerNorm(x, m), [v([5, 9, 64], 9, 3), v([5, 128], 10, 0.5)]],
    ["adaptive LayerNorm (odd width)", (x, m) => adaptiveLayerNorm(x, m), [v([2, 3, 7], 11), v([2, 14], 12)]],
    [
      "linear + GELU",
      (x, w, b) => linear(x, w, b, "gelu"),
      [v([37, 19], 13, 2), v([19, 33], 14), v([33], 15)],
    ],
  ];
  for (const [name, f, inputs] of cases) {
    it(`${name}: outputs and gradients agree (float32 to 2e-6, float64 to 1e-12)`, () => {
      expect(
        relativeError(
          run(f, inputs, "float32"),
          portable(() => run(f, inputs, "float32")),
        ),
      ).toBeLessThan(2e-6);
      expect(
        relativeError(
          run(f, inputs, "float64"),
          portable(() => run(f, inputs, "float64")),
        ),
      ).toBeLessThan(1e-12);
    });
  }

  it("attention and adaptive LayerNorm are bit-identical for 1 and 3 threads (threads split work, not sums)", () => {
    const result = loadNativeAddon(kernelSettings().addon);
    if (!("addon" in result)) throw new Error(result.reason);
    const f = (q: Tensor, k: Tensor, w: Tensor, m: Tensor): Tensor =>
      adaptiveLayerNorm(attention(q, k, w, { heads: 4, causal: false }), m);
    const inputs = [v([9, 90, 64], 16), v([9, 90, 64], 17), v([9, 90, 64], 18), v([9, 128], 19)];
    const { threads, isa } = kernelSettings();
    try {
      result.addon.configure(1, isa);
      const one = run(f, inputs, "float32");
      result.addon.configure(3, isa);
      expect(run(f, inputs, "float32")).toEqual(one);
    } finally {
      result.addon.configure(threads, isa);
    }
  });
});

describe.skipIf(native)("WebAssembly transformer and LayerNorm kernels against the ops' JavaScript", () => {
  // Edge sizes (1, 7, 17, 64 + 1) in steps, head width and features: whole vectors, tails, and the
  // scalar path of a head width that is not a whole number of vectors.
  const cases: [string, (...t: Tensor[]) => Tensor, { values: number[]; shape: number[] }[]][] = [
    [
      "attention (1 step, 1 head of 8)",
      (q, k, w) => attention(q, k, w, { heads: 1 }),
      [1, 2, 3].map((s) => v([2, 1, 8], s)),
    ],
    [
      "attention (causal, 7 steps, 2 heads of 7)",
      (q, k, w) => attention(q, k, w, { heads: 2 }),
      [4, 5, 6].map((s) => v([2, 7, 14], s, 2)),
    ],
    [
      "attention (17 steps, 3 heads of 17, bidirectional)",
      (q, k, w) => attention(q, k, w, { heads: 3, causal: false }),
      [7, 8, 9].map((s) => v([2, 17, 51], s)),
    ],
    [
      "attention (65 steps, 2 heads of 64)",
      (q, k, w) => attention(q, k, w, { heads: 2 }),
      [10, 11, 12].map((s) => v([1, 65, 128], s)),
    ],
    [
      "attention (heads of 1)",
      (q, k, w) => attention(q, k, w, { heads: 4, causal: false }),
      [13, 14, 15].map((s) => v([2, 5, 4], s)),
    ],
    ["attention with q = k = v", (q) => attention(q, q, q, { heads: 2 }), [v([2, 9, 16], 16)]],
    ...[1, 7, 17, 65].map((f): (typeof cases)[number] => [
      `residualLayerNorm (F = ${f})`,
      (x, r, g, b) => residualLayerNorm(x, r, g, b),
      [v([3, 2, f], 17, 3), v([3, 2, f], 18), v([f], 19), v([f], 20)],
    ]),
    [
      "residualLayerNorm with x = r",
      (x, g, b) => residualLayerNorm(x, x, g, b),
      [v([4, 9], 21), v([9], 22), v([9], 23)],
    ],
    ["layerNorm (F = 65)", (x, g, b) => layerNorm(x, g, b), [v([3, 65], 24, 2), v([65], 25), v([65], 26)]],
  ];
  for (const [name, f, inputs] of cases) {
    it(`${name}: outputs and gradients agree (float32 to 1e-5, float64 to 1e-12)`, () => {
      for (const [dtype, tolerance] of [
        ["float32", 1e-5],
        ["float64", 1e-12],
      ] as const) {
        const kernel = run(f, inputs, dtype);
        expect(
          relativeError(
            kernel,
            portable(() => run(f, inputs, dtype)),
          ),
        ).toBeLessThan(tolerance);
        // Gradients add to what is there: a second pass doubles them.
        const twice = run((...t) => add(f(...t), f(...t)), inputs, dtype);
        expect(
          relativeError(
            twice.slice(1),
            portable(() => run((...t) => add(f(...t), f(...t)), inputs, dtype)).slice(1),
          ),
        ).toBeLessThan(2 * tolerance);
      }
    });
  }
});
