import type { Tensor } from "../tensor/tensor.js";

/** The options every training loss reads: the resolved `training.loss` section. */
export interface LossOptions {
  /** λ > 0: the entropic risk's aversion, and the mean-variance criterion's. */
  riskAversion: number;
  /** Lower clip of the P&L in the entropic loss; null: none. */
  clip: number | null;
  /** Learn the premium ω jointly (the entropic loss's OCE form). */
  learnPremium: boolean;
  /** α of a tail measure (expected shortfall), in (0, 1). */
  level: number;
}

/**
 * One risk measure as the study uses it: as a training loss (differentiable, on a batch of P&L),
 * as the validation risk of a training run (float64, on the validation P&L), and as a column of the
 * comparison table. One entry per measure in `RISK_MEASURES` (src/risk/risk-measures.ts): adding a
 * measure is its file, which exports its entry, and one line there.
 *
 * Sign convention as {@link RiskMeasure}: the P&L X is larger-is-better, ρ(X) larger-is-worse.
 */
export interface RiskMeasureEntry<Name extends string = string> {
  /** The name in configurations (`training.loss.kind`) and on the command line (`--loss`). */
  readonly name: Name;
  /** One line: what it is, for `--help` and the docs. */
  readonly description: string;
  /** ρ of a P&L sample [N] (float64, unclipped): the validation risk of a training run. */
  measure(pnl: ArrayLike<number>, options: LossOptions): number;
  /** The training loss of a batch P&L [N], a one-element tensor; `omega` ([1]) when {@link needsOmega}. */
  loss(pnl: Tensor, options: LossOptions, omega?: Tensor): Tensor;
  /** Whether the loss has a trainable ω (an OCE form: ω + E[ℓ(−X − ω)]). */
  needsOmega(options: LossOptions): boolean;
  /**
   * The header of its column in the comparison table, when the table has none of its own (the
   * entropic risk and expected shortfall have theirs): shown when a study trains on it.
   */
  column?(options: LossOptions): string;
}
