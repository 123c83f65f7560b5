import type { GaussianMoments } from "./vp-sde.js";

/**
 * The mean μ and covariance Σ of a score model's training tokens, what its sampler's start is built
 * from (the `data` option of `sampleProbabilityFlow`):
 *
 *   μ_p = (1/N) Σ_i x_{i,p},   Σ_{pq} = (1/N) Σ_i (x_{i,p} − μ_p)(x_{i,q} − μ_q),
 *
 * population moments (divided by N: the empirical distribution is what the model is fitted to), in
 * float64 with the mean subtracted before the products (two passes, no E[x²] − E[x]² cancellation).
 *
 * Shapes: `data` [N, L, C] (row-major, D = L·C values per sample); the result's mean [D] and
 * covariance [D, D] (row-major, symmetric).
 *
 * @example tokenMoments(embedWindows(embedding, windows, [0]), windows.n) // μ [90], Σ [90, 90]
 */
export function tokenMoments(data: ArrayLike<number>, n: number): GaussianMoments {
  if (!(Number.isInteger(n) && n >= 1 && data.length % n === 0))
    throw new Error(`tokenMoments: ${data.length} values are not ${n} samples`);
  const d = data.length / n;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let p = 0; p < d; p++) mean[p]! += data[i * d + p]!;
  for (let p = 0; p < d; p++) mean[p]! /= n;
  const covariance = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < d; p++) centred[p] = data[i * d + p]! - mean[p]!;
    for (let p = 0; p < d; p++) {
      const cp = centred[p]!;
      for (let q = p; q < d; q++) covariance[p * d + q]! += cp * centred[q]!;
    }
  }
  for (let p = 0; p < d; p++) {
    for (let q = p; q < d; q++) {
      const v = covariance[p * d + q]! / n;
      covariance[p * d + q] = v;
      covariance[q * d + p] = v;
    }
  }
  return { mean, covariance };
}
