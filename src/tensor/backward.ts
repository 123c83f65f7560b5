import { full, type Tensor } from "./tensor.js";

/**
 * Reverse-mode automatic differentiation: fills `.grad` of every tensor that `loss` depends on and
 * that requires gradients, accumulating into existing gradients (call `zeroGrad` between steps).
 * Gradients of intermediate tensors are freed as soon as they have been propagated.
 *
 * @param loss - a one-element tensor (or any tensor with `seed` = ∂L/∂loss of its shape).
 */
export function backward(loss: Tensor, seed?: Tensor): void {
  if (!loss.requiresGrad)
    throw new Error("backward: the loss does not depend on any tensor that requires gradients");
  const order = topologicalOrder(loss);
  if (seed) {
    if (seed.size !== loss.size) throw new Error("backward: the seed must have the loss's shape");
    loss.grad = seed;
  } else {
    if (loss.size !== 1)
      throw new Error(`backward: the loss must have one element, not [${loss.shape.join(", ")}]`);
    loss.grad = full(loss.shape, 1, loss.dtype);
  }
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k]!;
    const grad = node.grad;
    if (!grad || !node.gradFn) continue;
    node.gradFn(grad);
    if (!node.persistent) {
      // An intermediate gradient is not needed once propagated.
      if (grad !== seed) grad.dispose();
      node.grad = null;
    }
  }
}

function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: { node: Tensor; expanded: boolean }[] = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.expanded) {
      order.push(top.node);
      continue;
    }
    if (visited.has(top.node)) continue;
    visited.add(top.node);
    stack.push({ node: top.node, expanded: true });
    for (const input of top.node.inputs ?? []) {
      if (input.requiresGrad && !visited.has(input)) stack.push({ node: input, expanded: false });
    }
  }
  return order;
}
