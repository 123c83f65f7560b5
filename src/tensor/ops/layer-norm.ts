import { empty, gradOf, record, type Tensor } from "../tensor.js";

/**
 * Layer normalisation over the last dimension (Ba, Kiros & Hinton 2016), as PyTorch's LayerNorm:
 * y = γ (x − μ)/√(σ² + ε) + β with μ, σ² the mean and biased variance of each row.
 *
 * Shapes: `x` [..., F], `gamma` and `beta` [F]; y like x. ε default 1e-5.
 */
export function layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, epsilon = 1e-5): Tensor {
  const f = x.shape[x.shape.length - 1]!;
  const rows = x.size / f;
  if (gamma.size !== f || beta.size !== f)
    throw new Error(`layerNorm: gamma and beta must have ${f} elements`);
  const y = empty(x.shape, x.dtype);
  const normalized = new Float64Array(x.size);
  const inv = new Float64Array(rows);
  {
    const [xv, yv, gv, bv] = [x.values(), y.values(), gamma.values(), beta.values()];
    for (let r = 0; r < rows; r++) {
      const base = r * f;
      let mu = 0;
      for (let j = 0; j < f; j++) mu += xv[base + j]!;
      mu /= f;
      let variance = 0;
      for (let j = 0; j < f; j++) variance += (xv[base + j]! - mu) ** 2;
      const s = 1 / Math.sqrt(variance / f + epsilon);
      inv[r] = s;
      for (let j = 0; j < f; j++) {
        const h = (xv[base + j]! - mu) * s;
        normalized[base + j] = h;
        yv[base + j] = gv[j]! * h + bv[j]!;
      }
    }
  }
  return record(y, [x, gamma, beta], (g) => {
    const gx = x.requiresGrad ? gradOf(x) : undefined;
    const gg = gamma.requiresGrad ? gradOf(gamma) : undefined;
    const gb = beta.requiresGrad ? gradOf(beta) : undefined;
    const [gv, gammaV] = [g.values(), gamma.values()];
    const dGamma = new Float64Array(f);
    const dBeta = new Float64Array(f);
    const dx = gx ? gx.grad.values() : undefined;
    for (let r = 0; r < rows; r++) {
      const base = r * f;
      let sumD = 0;
      let sumDH = 0;
      for (let j = 0; j < f; j++) {
        const d = gv[base + j]! * gammaV[j]!;
        sumD += d;
        sumDH += d * normalized[base + j]!;
        dGamma[j]! += gv[base + j]! * normalized[base + j]!;
        dBeta[j]! += gv[base + j]!;
      }
      if (dx) {
        const s = inv[r]! / f;
        for (let j = 0; j < f; j++) {
          const d = gv[base + j]! * gammaV[j]!;
          const v = s * (f * d - sumD - normalized[base + j]! * sumDH);
          dx[base + j] = (gx!.fresh ? 0 : dx[base + j]!) + v;
        }
      }
    }
    if (gg) {
      const d = gg.grad.values();
      for (let j = 0; j < f; j++) d[j] = (gg.fresh ? 0 : d[j]!) + dGamma[j]!;
    }
    if (gb) {
      const d = gb.grad.values();
      for (let j = 0; j < f; j++) d[j] = (gb.fresh ? 0 : d[j]!) + dBeta[j]!;
    }
  });
}
