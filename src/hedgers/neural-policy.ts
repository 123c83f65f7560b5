import type { Tensor } from "../tensor/tensor.js";
import type { SavedTensor } from "../tensor/serialize.js";
import type { HedgeContext, HedgingPolicy } from "./hedging-policy.js";

/** Whether a neural policy runs as in training (batch statistics) or evaluation. */
export type PolicyMode = "train" | "eval";

/** Everything needed to rebuild a trained policy: its kind, options, parameters and running state. */
export interface SavedPolicy {
  /** The policy kind (`rnn`, `sigformer`). */
  kind: string;
  /** Version of the kind's saved form, for kinds that have one (the SigFormer's is 1). */
  version?: number;
  /** The policy's resolved options. */
  options: Record<string, unknown>;
  /** Parameter values by name. */
  parameters: SavedTensor[];
  /**
   * Non-trainable state by name: the RNN's batch-normalisation running statistics
   * (`bn0.running_mean`, `bn0.running_var`), the SigFormer's count of dropout masks (`dropout_draws`).
   */
  buffers: Record<string, number[]>;
}

/**
 * A hedging policy with trainable parameters: the RNN hedger, the SigFormer. `forward` is
 * differentiable and returns the holdings of each date; `holdings` (from {@link HedgingPolicy})
 * runs it in evaluation mode without gradients.
 */
export interface NeuralPolicy extends HedgingPolicy {
  /** The trainable parameters. */
  readonly parameters: readonly Tensor[];
  /** Holdings δ_t for t = 0, …, T − 1, each a tensor of shape [N, H]. */
  forward(context: HedgeContext, mode: PolicyMode): Tensor[];
  /** A snapshot of the policy for a model file or a checkpoint. */
  save(): SavedPolicy;
  /** Restores a snapshot made by {@link save} (same kind and options). */
  load(saved: SavedPolicy): void;
  /** Frees the parameters. */
  dispose(): void;
  /**
   * The most paths one differentiable `forward` can take in memory, for policies whose
   * activations are large (the SigFormer): `fit` splits a larger batch into passes of at most
   * this many paths and accumulates the batch's exact gradient. Absent: no limit.
   */
  readonly maxTrainingPaths?: number;
  /**
   * For policies that draw random numbers in training (dropout): a mark of the draws so far, and
   * `rewindRandom(mark)` to replay them, so that the passes of a split batch see the same masks.
   */
  randomMark?(): number;
  /** Rewinds the training draws to a {@link randomMark}. */
  rewindRandom?(mark: number): void;
}
