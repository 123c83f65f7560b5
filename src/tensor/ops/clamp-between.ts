import type { Tensor } from "../tensor.js";
import { add, sub } from "./binary.js";
import { relu } from "./unary.js";

/**
 * Clips x elementwise to [lower, upper] where both bounds are tensors, differentiable in all three:
 *
 *   clampBetween(x, l, u) = x + max(l − x, 0) − max(x − u, 0)  =  max(l, min(x, u))   for l ≤ u,
 *
 * an identity (x < l gives l; l ≤ x ≤ u gives x; x > u gives u). Inside the interval the result
 * is x bit for bit (both terms are 0), so a holding inside a no-transaction band does not move by
 * a rounding error; a clipped value is the bound to one rounding of x ± (bound − x). The gradient flows to x
 * inside the interval and to the bound that clips outside it (as `torch.clamp` with tensor bounds,
 * pfhedge's `clamp`). The caller keeps l ≤ u (with l > u the result is not max(l, min(x, u))).
 *
 * Shapes: `x`, `lower` and `upper` broadcast together; y has the broadcast shape.
 *
 * @example
 * clampBetween(previous, sub(delta, below), add(delta, above)); // a no-transaction band
 */
export function clampBetween(x: Tensor, lower: Tensor, upper: Tensor): Tensor {
  return sub(add(x, relu(sub(lower, x))), relu(sub(x, upper)));
}
