import { empty, gradOf, record, type Tensor } from "../tensor.js";

/** Running statistics of a batch normalisation, updated in training mode (plain arrays, no gradient). */
export interface BatchNormState {
  /** Running mean per feature, length F. */
  mean: Float64Array;
  /** Running (unbiased) variance per feature, length F. */
  variance: Float64Array;
}

/** Options of {@link batchNorm}. */
export interface BatchNormOptions {
  /** Normalise with the batch's statistics and update the running ones (true) or use the running ones; default true. */
  training?: boolean;
  /** ε added to the variance; default 1e-5 (PyTorch's). */
  epsilon?: number;
  /** Weight of the new batch in the running statistics; default 0.1 (PyTorch's). */
  momentum?: number;
}

/**
 * Batch normalisation over the leading dimensions (Ioffe & Szegedy 2015), as PyTorch's
 * BatchNorm1d: y = γ (x − μ)/√(σ² + ε) + β per feature, with μ, σ² the batch mean and biased
 * variance in training (the running statistics, updated with the unbiased variance) and the running
 * statistics in evaluation.
 *
 * Shapes: `x` [..., F], `gamma` and `beta` [F]; y like x.
 */
export function batchNorm(
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  state: BatchNormState,
  options: BatchNormOptions = {},
): Tensor {
  const { training = true, epsilon = 1e-5, momentum = 0.1 } = options;
  const f = x.shape[x.shape.length - 1]!;
  const rows = x.size / f;
  if (gamma.size !== f || beta.size !== f)
    throw new Error(`batchNorm: gamma and beta must have ${f} elements`);
  const mu = new Float64Array(f);
  const inv = new Float64Array(f);
  const xv0 = x.values();
  if (training) {
    if (rows < 2) throw new Error("batchNorm: training needs at least two rows");
    const variance = new Float64Array(f);
    for (let r = 0; r < rows; r++) for (let j = 0; j < f; j++) mu[j]! += xv0[r * f + j]!;
    for (let j = 0; j < f; j++) mu[j]! /= rows;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < f; j++) {
        const d = xv0[r * f + j]! - mu[j]!;
        variance[j]! += d * d;
      }
    }
    for (let j = 0; j < f; j++) {
      const biased = variance[j]! / rows;
      inv[j] = 1 / Math.sqrt(biased + epsilon);
      state.mean[j] = (1 - momentum) * state.mean[j]! + momentum * mu[j]!;
      state.variance[j] = (1 - momentum) * state.variance[j]! + (momentum * variance[j]!) / (rows - 1);
    }
  } else {
    for (let j = 0; j < f; j++) {
      mu[j] = state.mean[j]!;
      inv[j] = 1 / Math.sqrt(state.variance[j]! + epsilon);
    }
  }
  const y = empty(x.shape, x.dtype);
  const normalized = new Float64Array(x.size);
  {
    const [xv, yv, gv, bv] = [x.values(), y.values(), gamma.values(), beta.values()];
    for (let r = 0, p = 0; r < rows; r++) {
      for (let j = 0; j < f; j++, p++) {
        const h = (xv[p]! - mu[j]!) * inv[j]!;
        normalized[p] = h;
        yv[p] = gv[j]! * h + bv[j]!;
      }
    }
  }
  return record(y, [x, gamma, beta], (g) => {
    const gx = x.requiresGrad ? gradOf(x) : undefined;
    const gg = gamma.requiresGrad ? gradOf(gamma) : undefined;
    const gb = beta.requiresGrad ? gradOf(beta) : undefined;
    const [gv, gammaV] = [g.values(), gamma.values()];
    const sumG = new Float64Array(f);
    const sumGH = new Float64Array(f);
    for (let r = 0, p = 0; r < rows; r++) {
      for (let j = 0; j < f; j++, p++) {
        sumG[j]! += gv[p]!;
        sumGH[j]! += gv[p]! * normalized[p]!;
      }
    }
    if (gg) {
      const d = gg.grad.values();
      for (let j = 0; j < f; j++) d[j] = (gg.fresh ? 0 : d[j]!) + sumGH[j]!;
    }
    if (gb) {
      const d = gb.grad.values();
      for (let j = 0; j < f; j++) d[j] = (gb.fresh ? 0 : d[j]!) + sumG[j]!;
    }
    if (gx) {
      const d = gx.grad.values();
      for (let r = 0, p = 0; r < rows; r++) {
        for (let j = 0; j < f; j++, p++) {
          const scale = gammaV[j]! * inv[j]!;
          // Training: dx = γ·inv/N · (N·g − Σg − x̂·Σ(g·x̂)); evaluation: dx = γ·inv·g.
          const v = training
            ? (scale / rows) * (rows * gv[p]! - sumG[j]! - normalized[p]! * sumGH[j]!)
            : scale * gv[p]!;
          d[p] = (gx.fresh ? 0 : d[p]!) + v;
        }
      }
    }
  });
}
