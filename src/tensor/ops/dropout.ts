import type { RandomSource } from "../../random/random-source.js";
import { empty, gradOf, record, type Tensor } from "../tensor.js";

/**
 * Inverted dropout (Srivastava et al. 2014), as PyTorch's in training mode: each element is kept
 * with probability 1 − p and scaled by 1/(1 − p), else zeroed, so that E[y] = x; the mask is drawn
 * from `random` (one uniform per element, in order) and kept for the backward pass, which is
 * ∂L/∂x = mask ⊙ ∂L/∂y / (1 − p). With p = 0 it returns `x` itself (no copy, no draws).
 *
 * Shapes: `x` any; y like x. `rate` p in [0, 1).
 */
export function dropout(x: Tensor, rate: number, random: RandomSource): Tensor {
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropout: rate ${rate} must be in [0, 1)`);
  if (rate === 0) return x;
  const keep = new Uint8Array(x.size);
  const factor = 1 / (1 - rate);
  const y = empty(x.shape, x.dtype);
  const [xv, yv] = [x.values(), y.values()];
  for (let i = 0; i < keep.length; i++) {
    const kept = random.uniform() >= rate;
    keep[i] = kept ? 1 : 0;
    yv[i] = kept ? xv[i]! * factor : 0;
  }
  return record(y, [x], (g) => {
    const { grad, fresh } = gradOf(x);
    const [gv, dv] = [g.values(), grad.values()];
    for (let i = 0; i < keep.length; i++) {
      const value = keep[i] ? gv[i]! * factor : 0;
      dv[i] = fresh ? value : dv[i]! + value;
    }
  });
}
