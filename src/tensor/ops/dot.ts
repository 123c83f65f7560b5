import { loadKernels } from "../kernels.js";
import { empty, gradOf, record, type Tensor } from "../tensor.js";

/**
 * The inner product Σ_i a_i b_i of two tensors of one shape, as a one-element tensor; the fused
 * form of `sum(mul(a, b))` (one SIMD pass forward, one per input backward: ∂/∂a = g·b).
 */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.size !== b.size || a.dtype !== b.dtype) throw new Error("dot: tensors must have one size and dtype");
  const { kernels } = loadKernels();
  const f32 = a.dtype === "float32";
  const out = empty([1], a.dtype);
  out.values()[0] = (f32 ? kernels.dotF32 : kernels.dotF64)(a.address, b.address, a.size);
  return record(out, [a, b], (g) => {
    const scale = g.values()[0]!;
    const axpy = f32 ? kernels.axpyF32 : kernels.axpyF64;
    for (const [x, other] of [
      [a, b],
      [b, a],
    ] as const) {
      if (!x.requiresGrad) continue;
      const { grad, fresh } = gradOf(x);
      axpy(scale, other.address, grad.address, x.size, fresh ? 0 : 1);
    }
  });
}
