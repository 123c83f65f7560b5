import type { PathBatch } from "../data/path-batch.js";
import { gatherPaths } from "../data/path-batch.js";
import type { Claim } from "../instruments/claim.js";
import type { NeuralPolicy } from "../hedgers/neural-policy.js";
import { backward } from "../tensor/backward.js";
import { noGrad, tensor, tidy, type Tensor } from "../tensor/tensor.js";
import { hedgingLoss, type ResolvedLossOptions } from "./hedging-loss.js";
import { pnlTensor } from "./pnl-tensor.js";

/** What {@link splitStepGradient} needs besides the policy and the batch. */
export interface SplitStepOptions {
  option: Claim;
  dt: number;
  cost: number;
  loss: ResolvedLossOptions;
  /** The loss's trainable ω (OCE forms), or undefined. */
  omega: Tensor | undefined;
  /** Most paths per pass. */
  passSize: number;
  /** Receives the batch's P&L [N] before the step (for the epoch's training statistics). */
  onPnl?: (pnl: Float64Array) => void;
}

/**
 * Accumulates into the parameters' gradients the exact gradient of the hedging loss of one batch
 * too large for one differentiable pass, in passes of at most `passSize` paths; returns the loss.
 *
 * The loss couples every path (the entropic risk weighs path i by e^{−λX_i}/Σ_j e^{−λX_j}), so the
 * batch runs twice: first the P&L X of every pass without gradients, then the loss L(X) and its
 * gradient g = ∂L/∂X on a leaf, and finally each pass again with its slice of g as the seed of
 * backward: ∂L/∂θ = Σ_i g_i ∂X_i/∂θ. A policy that draws random numbers (dropout) is rewound
 * between the two runs so that both see the same masks. Cost: one forward more than one pass.
 */
export function splitStepGradient(policy: NeuralPolicy, batch: PathBatch, options: SplitStepOptions): number {
  const { option, dt, cost, loss, omega, passSize } = options;
  const passes = Math.ceil(batch.n / passSize);
  // Nearly equal passes (sizes differ by at most one path: the allocator reuses their blocks).
  const bounds = Array.from({ length: passes + 1 }, (_, k) => Math.round((k * batch.n) / passes));
  const parts = Array.from({ length: passes }, (_, k) => {
    const [start, end] = [bounds[k]!, bounds[k + 1]!];
    const paths = gatherPaths(
      batch,
      Array.from({ length: end - start }, (_, i) => start + i),
    );
    return { start, end, paths, payoff: option.payoff(paths) };
  });
  const dtype = policy.parameters[0]?.dtype ?? "float32";
  const mark = policy.randomMark?.();
  const pnl = new Float64Array(batch.n);
  for (const part of parts) {
    tidy(() =>
      noGrad(() => {
        const holdings = policy.forward({ paths: part.paths, option, dt }, "train");
        pnl.set(pnlTensor(holdings, part.paths, part.payoff, { cost }).values(), part.start);
      }),
    );
  }
  options.onPnl?.(pnl);
  const { value, seed } = tidy(() => {
    const leaf = tensor(pnl, [batch.n], dtype);
    leaf.requiresGrad = true;
    const l = hedgingLoss(leaf, loss, omega);
    backward(l);
    return { value: l.item(), seed: Float64Array.from(leaf.grad!.values()) };
  });
  if (mark !== undefined) policy.rewindRandom?.(mark);
  for (const part of parts) {
    tidy(() => {
      const holdings = policy.forward({ paths: part.paths, option, dt }, "train");
      const x = pnlTensor(holdings, part.paths, part.payoff, { cost });
      backward(x, tensor(seed.subarray(part.start, part.end), [part.end - part.start], dtype));
    });
  }
  return value;
}
