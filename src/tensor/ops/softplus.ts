import type { Tensor } from "../tensor.js";
import { add, sub } from "./binary.js";
import { addScalar, exp, log, relu, scale } from "./unary.js";

/**
 * softplus(x) = log(1 + eˣ), written from differentiable primitives in its stable form
 *
 *   softplus(x) = max(x, 0) + log(1 + e^(−|x|)),   −|x| = x − 2·max(x, 0),
 *
 * so that the exponential never overflows (e^(−|x|) ≤ 1). Its gradient is the logistic sigmoid
 * everywhere, x = 0 included (there ReLU's gradient is 0 and the second term gives ½).
 * Elementwise: y has the shape and dtype of x. PyTorch's `torch.nn.functional.softplus` (β = 1).
 *
 * @example
 * softplus(tensor([0], [1])).item(); // log 2
 */
export function softplus(x: Tensor): Tensor {
  const positive = relu(x);
  const negativeMagnitude = sub(x, scale(positive, 2));
  return add(positive, log(addScalar(exp(negativeMagnitude), 1)));
}
