import { loadKernels } from "../kernels.js";
import { accumulateGrad, empty, gradOf, record, zeros, type Tensor } from "../tensor.js";

/**
 * The post-norm residual of a transformer block, LN(x + r), as one op (Ba, Kiros & Hinton 2016;
 * Vaswani et al. 2017): y = γ ĥ + β with ĥ = (s − μ)/√(σ² + ε), s = x + r, μ and σ² the mean and
 * biased variance of each row of s (as PyTorch's LayerNorm). One pass forward over the rows, one
 * backward; the sum s is never stored: ĥ (same dtype as x) and 1/√(σ² + ε) per row are kept for
 * the backward pass, which gives x and r the same gradient
 * ∂L/∂s = (1/√(σ² + ε))/F · (F·d − Σd − ĥ·Σ(d ⊙ ĥ)), d = γ ⊙ ∂L/∂y. Both passes run in the
 * backend's vectorised kernels (src/tensor/native/norm-kernel.c, src/tensor/assembly/layer-norm.ts;
 * the SigFormer's level-3 rows: about 14% of a W5 step in these loops before), or without them in
 * the loops below.
 *
 * Shapes: `x` and `r` [..., F] (one shape and dtype), `gamma` and `beta` [F]; y like x.
 * ε default 1e-5.
 */
export function residualLayerNorm(x: Tensor, r: Tensor, gamma: Tensor, beta: Tensor, epsilon = 1e-5): Tensor {
  const f = x.shape[x.shape.length - 1]!;
  if (r.shape.length !== x.shape.length || r.shape.some((d, i) => d !== x.shape[i]) || r.dtype !== x.dtype) {
    throw new Error(
      `residualLayerNorm: x [${x.shape.join(", ")}] and r [${r.shape.join(", ")}] must have one shape and dtype`,
    );
  }
  if (gamma.size !== f || beta.size !== f)
    throw new Error(`residualLayerNorm: gamma and beta must have ${f} elements`);
  const rows = x.size / f;
  const y = empty(x.shape, x.dtype);
  const normalized = empty(x.shape, x.dtype);
  const { kernels } = loadKernels();
  const f32 = x.dtype === "float32";
  const forward = f32 ? kernels.residualLayerNormF32 : kernels.residualLayerNormF64;
  const backward = f32 ? kernels.residualLayerNormBackwardF32 : kernels.residualLayerNormBackwardF64;
  if (forward && backward) {
    const scales = empty([rows], "float64");
    forward(
      x.address,
      r.address,
      gamma.address,
      beta.address,
      rows,
      f,
      epsilon,
      y.address,
      normalized.address,
      scales.address,
    );
    const result = record(y, [x, r, gamma, beta], (g) => {
      const gx = x.requiresGrad ? gradOf(x) : undefined;
      const gr = r.requiresGrad ? gradOf(r) : undefined;
      const [dGamma, dBeta] = [zeros([f], "float64"), zeros([f], "float64")];
      const mode = (grad: ReturnType<typeof gradOf> | undefined): number => (!grad ? 0 : grad.fresh ? 1 : 2);
      backward(
        g.address,
        gamma.address,
        normalized.address,
        scales.address,
        rows,
        f,
        gx?.grad.address ?? 0,
        mode(gx),
        gr?.grad.address ?? 0,
        mode(gr), // x and r one tensor: written for x (fresh), then added to for r
        dGamma.address,
        dBeta.address,
      );
      // Copies first: γ's and β's gradient buffers may be allocated now and grow the memory.
      const [sumGamma, sumBeta] = [Float64Array.from(dGamma.values()), Float64Array.from(dBeta.values())];
      if (gamma.requiresGrad) accumulateGrad(gamma, sumGamma);
      if (beta.requiresGrad) accumulateGrad(beta, sumBeta);
      [dGamma, dBeta, normalized, scales].forEach((t) => t.dispose());
    });
    if (!result.requiresGrad) [normalized, scales].forEach((t) => t.dispose());
    return result;
  }
  const inv = new Float64Array(rows);
  {
    const [xv, rv, yv, hv, gv, bv] = [
      x.values(),
      r.values(),
      y.values(),
      normalized.values(),
      gamma.values(),
      beta.values(),
    ];
    for (let row = 0; row < rows; row++) {
      const base = row * f;
      let mu = 0;
      for (let j = 0; j < f; j++) {
        const s = xv[base + j]! + rv[base + j]!;
        hv[base + j] = s;
        mu += s;
      }
      mu /= f;
      let variance = 0;
      for (let j = 0; j < f; j++) {
        const c = hv[base + j]! - mu;
        variance += c * c;
      }
      const s = 1 / Math.sqrt(variance / f + epsilon);
      inv[row] = s;
      for (let j = 0; j < f; j++) {
        const h = (hv[base + j]! - mu) * s;
        hv[base + j] = h;
        yv[base + j] = gv[j]! * h + bv[j]!;
      }
    }
  }
  const result = record(y, [x, r, gamma, beta], (g) => {
    // Gradient buffers first: allocating may grow the memory and detach earlier views.
    const gx = x.requiresGrad ? gradOf(x) : undefined;
    const gr = r.requiresGrad ? gradOf(r) : undefined;
    const [gv, gammaV, hv] = [g.values(), gamma.values(), normalized.values()];
    const dxv = gx?.grad.values();
    const drv = gr?.grad.values();
    const dGamma = new Float64Array(f);
    const dBeta = new Float64Array(f);
    const inputs = gx || gr;
    for (let row = 0; row < rows; row++) {
      const base = row * f;
      let sumD = 0;
      let sumDH = 0;
      for (let j = 0; j < f; j++) {
        const gj = gv[base + j]!;
        const h = hv[base + j]!;
        const d = gj * gammaV[j]!;
        sumD += d;
        sumDH += d * h;
        dGamma[j]! += gj * h;
        dBeta[j]! += gj;
      }
      if (!inputs) continue;
      const s = inv[row]! / f;
      for (let j = 0; j < f; j++) {
        const v = s * (f * gv[base + j]! * gammaV[j]! - sumD - hv[base + j]! * sumDH);
        if (dxv) dxv[base + j] = (gx!.fresh ? 0 : dxv[base + j]!) + v;
        if (drv) drv[base + j] = (gr!.fresh ? 0 : drv[base + j]!) + v;
      }
    }
    if (gamma.requiresGrad) accumulateGrad(gamma, dGamma);
    if (beta.requiresGrad) accumulateGrad(beta, dBeta);
    normalized.dispose();
  });
  // Without a gradient to come (evaluation), the normalised rows are not needed.
  if (!result.requiresGrad) normalized.dispose();
  return result;
}
