import { add, sub } from "../tensor/ops/binary.js";
import { mean } from "../tensor/ops/reduce.js";
import { scale, square } from "../tensor/ops/unary.js";
import type { Tensor } from "../tensor/tensor.js";
import { DEFAULT_RISK_AVERSION } from "./entropic-risk.js";
import { assertMeanVarianceRiskAversion } from "./mean-variance.js";

/**
 * The mean-variance criterion of a batch P&L as a differentiable tensor, the training form of
 * `meanVariance` (mean-variance.ts).
 *
 * Formula: L(X) = −mean(X) + (a/2)·mean((X − mean(X))²), the population variance (1/N), as the
 * float64 `meanVariance`, so both give the same number for the same sample (to the tensor's
 * rounding). Its gradient is ∂L/∂xᵢ = (−1 + a(xᵢ − x̄))/N: every path pulls the mean up, and paths
 * more than 1/a above the mean are pushed down (the criterion is not monotone).
 *
 * Stabilisation: two passes, centring before squaring (X − mean(X) is formed first), so a float32
 * P&L far from 0 loses no digits to the cancellation of mean(X²) − mean(X)².
 *
 * Sign convention: P&L in (larger is better), loss out in P&L units (larger is worse).
 *
 * Shapes: `pnl` [N], N ≥ 1, any dtype; returns a one-element tensor [1] of the same dtype.
 *
 * Reference: Markowitz (1952), see `meanVariance`.
 *
 * @param riskAversion - a > 0, finite; default {@link DEFAULT_RISK_AVERSION} = 1.3.
 *
 * @example
 * meanVarianceLoss(tensor([-1, 1], [2], "float64"), 1).item(); // 0.5
 */
export function meanVarianceLoss(pnl: Tensor, riskAversion: number = DEFAULT_RISK_AVERSION): Tensor {
  assertMeanVarianceRiskAversion(riskAversion);
  if (pnl.shape.length !== 1 || pnl.size < 1)
    throw new Error(`meanVarianceLoss: the P&L must be [N] with N ≥ 1, not [${pnl.shape.join(", ")}]`);
  const centre = mean(pnl, undefined, { keepDims: true });
  const spread = mean(square(sub(pnl, centre)), undefined, { keepDims: true });
  return add(scale(centre, -1), scale(spread, riskAversion / 2));
}
