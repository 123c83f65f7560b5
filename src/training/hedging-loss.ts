import { assertOption } from "../errors.js";
import { DEFAULT_PNL_CLIP, DEFAULT_RISK_AVERSION } from "../risk/entropic-risk.js";
import { RISK_MEASURE_NAMES, RISK_MEASURES, type RiskMeasureName } from "../risk/risk-measures.js";
import type { Tensor } from "../tensor/tensor.js";

/**
 * The training objective over a batch of P&L: a risk measure of `RISK_MEASURES` (src/risk/risk-measures.ts)
 * in its differentiable form, e.g.
 * - `"entropic"` (default, the paper's): (1/λ) log mean exp(−λ max(X, clip)), clip default −10 as
 *   in the paper's code (`clip: null` disables it), or its OCE form with a learned premium;
 * - `"expected-shortfall"`: the OCE ω + mean(max(−X − ω, 0))/(1 − α) with a trainable ω, level α
 *   default 0.95.
 */
export interface HedgingLossOptions {
  kind?: RiskMeasureName;
  /** λ of the entropic loss; default 1.3. */
  riskAversion?: number;
  /** Lower clip of the P&L before the entropic loss; default −10; null: no clip. */
  clip?: number | null;
  /** Learn the premium ω jointly (OCE form) for the entropic loss; default false. */
  learnPremium?: boolean;
  /** α of the expected-shortfall loss; default 0.95. */
  level?: number;
}

/** Resolved loss options. */
export type ResolvedLossOptions = Required<Omit<HedgingLossOptions, "clip">> & { clip: number | null };

/** Fills the defaults of {@link HedgingLossOptions} and validates them. */
export function resolveLossOptions(options: HedgingLossOptions = {}): ResolvedLossOptions {
  const resolved: ResolvedLossOptions = {
    kind: options.kind ?? "entropic",
    riskAversion: options.riskAversion ?? DEFAULT_RISK_AVERSION,
    clip: options.clip === undefined ? DEFAULT_PNL_CLIP : options.clip,
    learnPremium: options.learnPremium ?? false,
    level: options.level ?? 0.95,
  };
  const { kind, riskAversion, level } = resolved;
  assertOption(
    (RISK_MEASURE_NAMES as readonly string[]).includes(kind),
    "loss",
    kind,
    `must be one of ${RISK_MEASURE_NAMES.map((name) => JSON.stringify(name)).join(", ")}`,
  );
  assertOption(
    Number.isFinite(riskAversion) && riskAversion > 0,
    "riskAversion",
    riskAversion,
    "must be > 0",
  );
  assertOption(level > 0 && level < 1, "level", level, "must be in (0, 1)");
  return resolved;
}

/** True when the loss has a trainable ω (the OCE forms). */
export function lossNeedsOmega(options: ResolvedLossOptions): boolean {
  return RISK_MEASURES[options.kind].needsOmega(options);
}

/**
 * The loss of a batch P&L `pnl` ([N]); `omega` ([1]) is the OCE's ω when {@link lossNeedsOmega}.
 * Returns a one-element tensor.
 */
export function hedgingLoss(pnl: Tensor, options: ResolvedLossOptions, omega?: Tensor): Tensor {
  return RISK_MEASURES[options.kind].loss(pnl, options, omega);
}

/** The validation risk of a P&L sample [N] under the loss's measure (float64, unclipped). */
export function lossRisk(pnl: ArrayLike<number>, options: ResolvedLossOptions): number {
  return RISK_MEASURES[options.kind].measure(pnl, options);
}
