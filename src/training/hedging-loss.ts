import { assertOption } from "../errors.js";
import { DEFAULT_PNL_CLIP, DEFAULT_RISK_AVERSION } from "../risk/entropic-risk.js";
import { add, sub } from "../tensor/ops/binary.js";
import { logSumExp, mean } from "../tensor/ops/reduce.js";
import { addScalar, clamp, exp, relu, scale } from "../tensor/ops/unary.js";
import type { Tensor } from "../tensor/tensor.js";

/**
 * The training objective over a batch of P&L:
 * - `"entropic"` (default, the paper's): (1/λ) log mean exp(−λ max(X, clip)), through log-sum-exp
 *   (no overflow for any λ), clip default −10 as in the paper's code (`clip: null` disables it);
 *   with `learnPremium`, the OCE form ω + mean((e^{λ(−X−ω)} − 1)/λ) with a trainable ω, whose
 *   optimum is the entropic risk (the indifference price);
 * - `"expected-shortfall"`: the OCE ω + mean(max(−X − ω, 0))/(1 − α) with a trainable ω
 *   (Rockafellar–Uryasev), level α default 0.95.
 */
export interface HedgingLossOptions {
  kind?: "entropic" | "expected-shortfall";
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
    kind === "entropic" || kind === "expected-shortfall",
    "loss",
    kind,
    'must be "entropic" or "expected-shortfall"',
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
  return options.kind === "expected-shortfall" || options.learnPremium;
}

/**
 * The loss of a batch P&L `pnl` ([N]); `omega` ([1]) is the OCE's ω when {@link lossNeedsOmega}.
 * Returns a one-element tensor.
 */
export function hedgingLoss(pnl: Tensor, options: ResolvedLossOptions, omega?: Tensor): Tensor {
  const n = pnl.size;
  if (options.kind === "expected-shortfall") {
    if (!omega) throw new Error("the expected-shortfall loss needs ω");
    // ω + mean(max(−X − ω, 0)) / (1 − α)
    const excess = relu(sub(scale(pnl, -1), omega));
    return add(omega, scale(mean(excess, undefined, { keepDims: true }), 1 / (1 - options.level)));
  }
  const lambda = options.riskAversion;
  const x = options.clip === null ? pnl : clamp(pnl, options.clip);
  if (options.learnPremium) {
    if (!omega) throw new Error("learning the premium needs ω");
    // ω + mean((exp(λ(−X − ω)) − 1)/λ)
    const e = exp(scale(add(x, omega), -lambda));
    return add(omega, scale(addScalar(mean(e, undefined, { keepDims: true }), -1), 1 / lambda));
  }
  // (1/λ)(logΣ exp(−λX) − log N)
  return scale(
    addScalar(logSumExp(scale(x, -lambda), undefined, { keepDims: true }), -Math.log(n)),
    1 / lambda,
  );
}
