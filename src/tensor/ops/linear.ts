import { gemm } from "../gemm.js";
import { loadKernels } from "../kernels.js";
import { empty, gradOf, isGradEnabled, record, type Tensor } from "../tensor.js";
import { geluForward } from "./gelu-pass.js";

/** Activation fused into {@link linear}'s output. */
export type LinearActivation = "none" | "relu" | "gelu";

/**
 * Affine map y = act(x·W + b), differentiable, with the bias add and the activation fused into
 * one pass over the output (the hot path of the RNN hedger). With GELU (z·Φ(z), the SigFormer's
 * MLP) the forward pass also writes GELU'(z) over the pre-activation z for the backward pass; in
 * float32 it uses a single-precision Φ (`gelu-pass.ts`; native: the same formula in C with a vector
 * exponential), in float64 the exact one.
 *
 * With a `residual` r (activation "none" only), y = r + x·W + b: the product accumulates onto a
 * copy of r (a transformer's skip connection without a separate add), and ∂L/∂r = ∂L/∂y.
 *
 * Shapes: `x` [..., in], `weight` [in, out], `bias` [out] (optional), `residual` like y; y is [..., out].
 */
export function linear(
  x: Tensor,
  weight: Tensor,
  bias?: Tensor,
  activation: LinearActivation = "none",
  residual?: Tensor,
): Tensor {
  const inputs = x.shape[x.shape.length - 1]!;
  const [wIn, outputs] = [weight.shape[0]!, weight.shape[1]!];
  if (weight.shape.length !== 2 || wIn !== inputs) {
    throw new Error(`linear: weight [${weight.shape.join(", ")}] does not take inputs of width ${inputs}`);
  }
  if (bias && (bias.shape.length !== 1 || bias.shape[0] !== outputs)) {
    throw new Error(`linear: bias [${bias.shape.join(", ")}] must be [${outputs}]`);
  }
  const rows = x.size / inputs;
  const shape = [...x.shape.slice(0, -1), outputs];
  if (residual) {
    if (activation !== "none")
      throw new Error(`linear: a residual needs activation "none", not "${activation}"`);
    if (
      residual.dtype !== x.dtype ||
      residual.shape.length !== shape.length ||
      residual.shape.some((d, i) => d !== shape[i])
    )
      throw new Error(
        `linear: residual [${residual.shape.join(", ")}] must be [${shape.join(", ")}] of ${x.dtype}`,
      );
  }
  const gelu = activation === "gelu";
  // With GELU the product and bias go to the pre-activation z, then GELU'(z) replaces it.
  const z = empty(shape, x.dtype);
  if (residual) z.values().set(residual.values());
  gemm(
    x.dtype,
    rows,
    outputs,
    inputs,
    x.address,
    inputs,
    false,
    weight.address,
    outputs,
    false,
    z.address,
    outputs,
    !!residual,
  );
  const { kernels } = loadKernels();
  const f32 = x.dtype === "float32";
  const relu = activation === "relu" ? 1 : 0;
  if (bias || relu)
    (f32 ? kernels.biasActivationF32 : kernels.biasActivationF64)(
      z.address,
      bias?.address ?? 0,
      rows,
      outputs,
      relu,
    );
  let y = z;
  const keep = isGradEnabled() && (x.requiresGrad || weight.requiresGrad || !!bias?.requiresGrad);
  if (gelu) {
    y = empty(shape, x.dtype);
    const native = f32 ? kernels.geluF32 : kernels.geluF64;
    if (native) native(z.address, y.address, z.size, keep ? 1 : 0);
    else {
      const zv = z.values();
      geluForward(zv, y.values(), !f32, keep ? zv : undefined);
    }
  }
  const parameters = [x, weight, ...(bias ? [bias] : []), ...(residual ? [residual] : [])];
  const result = record(y, parameters, (g) => {
    // Through the activation: g' = g ⊙ 1{y > 0} for ReLU, g ⊙ GELU'(z) for GELU.
    let gz = g;
    if (relu) {
      gz = empty(g.shape, g.dtype);
      (f32 ? kernels.reluGradF32 : kernels.reluGradF64)(g.address, y.address, gz.address, g.size);
    } else if (gelu) {
      // g ⊙ GELU'(z), in place in the derivative's storage.
      const multiply = f32 ? kernels.multiplyF32 : kernels.multiplyF64;
      if (multiply) multiply(z.address, g.address, z.size);
      else {
        const [gv, dv] = [g.values(), z.values()];
        for (let i = 0; i < dv.length; i++) dv[i]! *= gv[i]!;
      }
      gz = z;
    }
    if (x.requiresGrad) {
      const { grad, fresh } = gradOf(x);
      gemm(
        x.dtype,
        rows,
        inputs,
        outputs,
        gz.address,
        outputs,
        false,
        weight.address,
        outputs,
        true,
        grad.address,
        inputs,
        !fresh,
      );
    }
    if (weight.requiresGrad) {
      const { grad, fresh } = gradOf(weight);
      gemm(
        x.dtype,
        inputs,
        outputs,
        rows,
        x.address,
        inputs,
        true,
        gz.address,
        outputs,
        false,
        grad.address,
        outputs,
        !fresh,
      );
    }
    if (bias?.requiresGrad) {
      const { grad, fresh } = gradOf(bias);
      (f32 ? kernels.columnSumF32 : kernels.columnSumF64)(
        gz.address,
        rows,
        outputs,
        grad.address,
        fresh ? 0 : 1,
      );
    }
    if (residual?.requiresGrad) {
      const { grad, fresh } = gradOf(residual);
      if (fresh) grad.values().set(g.values());
      else (f32 ? kernels.axpyF32 : kernels.axpyF64)(1, g.address, grad.address, g.size, 1);
    }
    if (gz !== g) gz.dispose();
  });
  if (gelu && !keep) z.dispose();
  return result;
}
