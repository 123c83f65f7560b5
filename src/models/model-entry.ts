import type { z } from "zod";
import type { NeuralPolicy } from "../hedgers/neural-policy.js";

/** What every model is built for: the problem, not its own options. */
export interface ModelProblem {
  /** H, the hedge assets (the outputs per date). */
  assets: number;
  /** T, the hedging dates. */
  steps: number;
  /** K, regime labels fed one-hot (0: none; the regime-bs source's). */
  regimes: number;
  /** F, context features per date read from `context.features` (a residual wrapper's delta inputs). */
  features: number;
  /**
   * σ_train, the annualised volatility of the underlying (asset 0) fitted on the training span: the
   * volatility of the delta a model centres on (the no-transaction band's), saved with the model.
   */
  volatility: number;
  /** Annualised rate r of that delta (`delta.rate`). */
  rate: number;
  /** Seed of the initial weights (and of any draw in training). */
  seed: number;
}

/** Epochs and paths per optimiser step of one training. */
export interface TrainingLength {
  epochs: number;
  batchSize: number;
}

/**
 * One hedger model as the study uses it: its configuration section (schema, defaults and flags in
 * one place), how it is built, restored from a saved snapshot and trained, and where its models go.
 * One entry per model in `MODELS` (src/models/registry.ts): adding a model is its hedger file, its
 * entry file and one line there.
 *
 * @typeParam Name - the strategy name (`rnn`), in `strategies`, `--model` and the tables.
 * @typeParam Section - the key of its configuration section (`rnn`).
 * @typeParam Schema - the section's schema; its output is what {@link build} reads.
 */
export interface ModelEntry<
  Name extends string = string,
  Section extends string = string,
  Schema extends z.ZodType = z.ZodType,
> {
  readonly name: Name;
  readonly section: Section;
  /** The heading of its flags in `--help` (`RNN hedger`). */
  readonly title: string;
  /** The section's schema: fields with their defaults and flags (`option`), wrapped so `{}` is valid. */
  readonly schema: Schema;
  /** The saved kind of its policies (`NeuralPolicy.save().kind`). */
  readonly kind: string;
  /** Prefix of its model folders in a run (`models/<folder>-AAPL-MSFT`); "" for none. */
  readonly folder: string;
  /**
   * How `policy.output` applies to it: `"configured"` (the default) — its output is the holding
   * (`direct`) or a correction to the delta (`residual`: the study wraps it in a `ResidualHedger`);
   * `"own"` — it defines its holding itself (the no-transaction band around its own delta), so it is
   * never wrapped and `policy.output` and `policy.inputs` do not apply to it.
   */
  readonly output?: "configured" | "own";
  /** Builds the untrained network for a problem. */
  build(options: z.output<Schema>, problem: ModelProblem): NeuralPolicy;
  /** An empty policy of a saved snapshot's options, ready for `load` (refuses another format). */
  restore(saved: { options: Record<string, unknown>; version?: number }): NeuralPolicy;
  /**
   * Its epochs and batch: the `training` section's, or its own (the SigFormer's few epochs of whole-set
   * batches), given the number of training paths.
   */
  trainingLength(options: z.output<Schema>, training: TrainingLength, paths: number): TrainingLength;
  /**
   * Fields of its section that `--epochs` and `--batch-size` also set unless their own flags are
   * given (the SigFormer's `epochs` and `batchSize`).
   */
  readonly sharedLength?: { epochs: string; batchSize: string };
  /**
   * Refuses, before any data is read, options that cannot work for the largest problem (memory):
   * throws a HedgelabError `invalid <field>: …` naming a field of its section.
   */
  check?(
    options: z.output<Schema>,
    problem: Omit<ModelProblem, "seed" | "regimes" | "features" | "volatility" | "rate">,
  ): void;
}
