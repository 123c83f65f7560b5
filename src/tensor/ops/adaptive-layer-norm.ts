import { loadKernels } from "../kernels.js";
import { empty, gradOf, isGradEnabled, record, type Tensor } from "../tensor.js";

/**
 * Adaptive layer normalisation (AdaLN, Peebles & Xie 2023, "Scalable Diffusion Models with
 * Transformers"; the SigDiffusions score network): each row of sequence b is normalised without
 * affine parameters, then scaled and shifted by that sequence's conditioning vector,
 *
 *   y_{b,l} = (x_{b,l} − μ_{b,l}) / √(σ²_{b,l} + ε) ⊙ (1 + scale_b) + shift_b,
 *
 * μ, σ² the mean and biased variance over the F features of row (b, l), and
 * [scale_b, shift_b] = `modulation`[b] (the first F entries scale, the next F shift, as PyTorch's
 * `chunk(2, -1)`). One pass forward, one backward, in float64 accumulators; on the native
 * backend both run in C (transformer-kernel.c), threaded over sequences.
 *
 * Shapes: `x` [B, L, F], `modulation` [B, 2F]; y [B, L, F]. ε default 1e-5 (PyTorch's LayerNorm).
 */
export function adaptiveLayerNorm(x: Tensor, modulation: Tensor, epsilon = 1e-5): Tensor {
  if (x.shape.length !== 3)
    throw new Error(`adaptiveLayerNorm: x must be [B, L, F], got [${x.shape.join(", ")}]`);
  const [batch, length, f] = x.shape as [number, number, number];
  if (modulation.shape.length !== 2 || modulation.shape[0] !== batch || modulation.shape[1] !== 2 * f) {
    throw new Error(
      `adaptiveLayerNorm: modulation must be [${batch}, ${2 * f}], got [${modulation.shape.join(", ")}]`,
    );
  }
  if (x.dtype !== modulation.dtype) throw new Error("adaptiveLayerNorm: dtypes differ");
  const rows = batch * length;
  const { kernels } = loadKernels();
  const f32 = x.dtype === "float32";
  const native = f32 ? kernels.adaptiveLayerNormF32 : kernels.adaptiveLayerNormF64;
  const nativeBackward = f32 ? kernels.adaptiveLayerNormBackwardF32 : kernels.adaptiveLayerNormBackwardF64;
  if (native && nativeBackward)
    return nativeAdaptiveLayerNorm(x, modulation, epsilon, native, nativeBackward);
  const y = empty(x.shape, x.dtype);
  // The normalised rows, kept for the backward pass (in the op's dtype).
  const normalized = empty(x.shape, x.dtype);
  const inv = new Float64Array(rows);
  {
    const [xv, yv, mv, nv] = [x.values(), y.values(), modulation.values(), normalized.values()];
    for (let r = 0; r < rows; r++) {
      const base = r * f;
      const mod = Math.floor(r / length) * 2 * f;
      let mu = 0;
      for (let j = 0; j < f; j++) mu += xv[base + j]!;
      mu /= f;
      let variance = 0;
      for (let j = 0; j < f; j++) {
        const d = xv[base + j]! - mu;
        variance += d * d;
      }
      const s = 1 / Math.sqrt(variance / f + epsilon);
      inv[r] = s;
      for (let j = 0; j < f; j++) {
        const h = (xv[base + j]! - mu) * s;
        nv[base + j] = h;
        yv[base + j] = h * (1 + mv[mod + j]!) + mv[mod + f + j]!;
      }
    }
  }
  const out = record(y, [x, modulation], (g) => {
    const gx = x.requiresGrad ? gradOf(x) : undefined;
    const gm = modulation.requiresGrad ? gradOf(modulation) : undefined;
    const [gv, mv, nv] = [g.values(), modulation.values(), normalized.values()];
    const dx = gx ? gx.grad.values() : undefined;
    const dMod = new Float64Array(batch * 2 * f);
    for (let r = 0; r < rows; r++) {
      const base = r * f;
      const mod = Math.floor(r / length) * 2 * f;
      let sumD = 0;
      let sumDH = 0;
      for (let j = 0; j < f; j++) {
        const gj = gv[base + j]!;
        const h = nv[base + j]!;
        const d = gj * (1 + mv[mod + j]!);
        sumD += d;
        sumDH += d * h;
        dMod[mod + j]! += gj * h;
        dMod[mod + f + j]! += gj;
      }
      if (dx) {
        const s = inv[r]! / f;
        const fresh = gx!.fresh;
        for (let j = 0; j < f; j++) {
          const d = gv[base + j]! * (1 + mv[mod + j]!);
          const v = s * (f * d - sumD - nv[base + j]! * sumDH);
          dx[base + j] = (fresh ? 0 : dx[base + j]!) + v;
        }
      }
    }
    if (gm) {
      const d = gm.grad.values();
      if (gm.fresh) d.set(dMod);
      else for (let i = 0; i < d.length; i++) d[i]! += dMod[i]!;
    }
  });
  // Without a backward pass (sampling) the normalised rows are not needed.
  if (!out.requiresGrad) normalized.dispose();
  return out;
}

type Forward = NonNullable<ReturnType<typeof loadKernels>["kernels"]["adaptiveLayerNormF32"]>;
type Backward = NonNullable<ReturnType<typeof loadKernels>["kernels"]["adaptiveLayerNormBackwardF32"]>;

/** {@link adaptiveLayerNorm} by the native kernels (shapes checked by the caller). */
function nativeAdaptiveLayerNorm(
  x: Tensor,
  modulation: Tensor,
  epsilon: number,
  forward: Forward,
  backward: Backward,
): Tensor {
  const [batch, length, f] = x.shape as [number, number, number];
  const y = empty(x.shape, x.dtype);
  const keep = isGradEnabled() && (x.requiresGrad || modulation.requiresGrad);
  // Without a backward pass (sampling) the normalised rows are written and dropped at once.
  const normalized = empty(x.shape, x.dtype);
  const inv = empty([batch * length], x.dtype);
  forward(
    x.address,
    modulation.address,
    y.address,
    normalized.address,
    inv.address,
    batch,
    length,
    f,
    epsilon,
  );
  if (!keep) {
    normalized.dispose();
    inv.dispose();
    return y;
  }
  return record(y, [x, modulation], (g) => {
    const gx = x.requiresGrad ? gradOf(x) : undefined;
    const gm = modulation.requiresGrad ? gradOf(modulation) : undefined;
    const dMod = gm ? gm.grad : empty(modulation.shape, modulation.dtype);
    const accumulate = (gx && !gx.fresh ? 1 : 0) | (gm && !gm.fresh ? 2 : 0);
    backward(
      g.address,
      modulation.address,
      normalized.address,
      inv.address,
      gx?.grad.address ?? 0,
      dMod.address,
      batch,
      length,
      f,
      accumulate,
    );
    if (!gm) dMod.dispose();
  });
}
