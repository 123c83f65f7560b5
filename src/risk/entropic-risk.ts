import { assertOption } from "../errors.js";
import { logMeanExp } from "../math/log-sum-exp.js";
import { assertPnl } from "./assert-pnl.js";
import type { RiskMeasure } from "./risk-measure.js";

/** The default risk aversion λ: 1.3, the value of the paper's main setup (section 8.3). */
export const DEFAULT_RISK_AVERSION = 1.3;

/**
 * The default lower clip of the P&L in {@link clippedEntropicRisk}: −10, as the paper's code
 * clips P&L from below at −10 before the exponential.
 */
export const DEFAULT_PNL_CLIP = -10;

/**
 * The entropic risk of a P&L sample: the certainty equivalent of exponential utility.
 *
 * Formula: ρ_λ(X) = (1/λ) log E[exp(−λX)], E the mean over the N samples. It is the OCE with the
 * exponential loss ℓ(x) = (e^{λx} − 1)/λ, convex, monotone and cash-invariant, between −mean(X)
 * (λ → 0; ≈ −μ + λσ²/2 for a small spread) and −min(X) (λ → ∞).
 *
 * Stabilisation: with m = min X, ρ_λ(X) = −m + (1/λ) logMeanExp(−λ(X − m)); every exponent is
 * ≤ 0, so nothing overflows for any λ > 0 and any magnitude of X (λ = 1000 with X ≈ −1000 is
 * exact to rounding), and `logMeanExp` keeps full accuracy as λ → 0. ±∞ samples give the limits
 * (a −∞ sample gives +∞).
 *
 * Sign convention: P&L in (larger is better), risk out (larger is worse); ρ(c) = −c.
 *
 * Shape: `pnl` is [N], non-empty, no NaN.
 *
 * Reference: H. Föllmer and A. Schied, Stochastic Finance, chapter 4 (the entropic risk measure); A. Ben-Tal and
 * M. Teboulle, "An old-new concept of convex risk measures: the optimized certainty equivalent",
 * Math. Finance 17 (2007) 449–476; Dard, Pécaut and Soriano, "Hedging is all you need",
 * section 2. Derivation: docs/notes/entropic-risk.md.
 *
 * @param riskAversion - λ > 0, finite; default {@link DEFAULT_RISK_AVERSION} = 1.3.
 *
 * @example
 * entropicRisk([-1, 1], 1); // log(cosh(1)) ≈ 0.4338
 */
export function entropicRisk(pnl: ArrayLike<number>, riskAversion: number = DEFAULT_RISK_AVERSION): number {
  assertRiskAversion(riskAversion);
  assertPnl(pnl);
  return shiftedEntropicRisk(pnl, riskAversion, Number.NEGATIVE_INFINITY);
}

/**
 * The entropic risk of the P&L clipped from below: ρ_λ(max(X, clip)).
 *
 * This is the loss the paper trains with: its code clips P&L from below at −10 before the
 * exponential "to prevent overflow and overly large gradients". With {@link entropicRisk}'s
 * stabilisation nothing overflows anyway; the clip changes the measure: losses beyond −clip are
 * no longer penalised (the paper's section 5 notes that this pushes the optimiser toward
 * mean-seeking, levered hedges). The clipped measure is monotone but neither cash-invariant nor
 * convex, and it is at most −clip.
 *
 * Formula: ρ(X) = (1/λ) log E[exp(−λ max(X, clip))].
 *
 * Shape: `pnl` is [N], non-empty, no NaN.
 *
 * Reference: Dard, Pécaut and Soriano, "Hedging is all you need", section 2 ("we clip extreme
 * values of Z before applying the exponential"); docs/notes/entropic-risk.md.
 *
 * @param riskAversion - λ > 0, finite; default {@link DEFAULT_RISK_AVERSION} = 1.3.
 * @param clip - the lower clip of the P&L, not NaN and < +∞ (−∞ means no clip); default
 *   {@link DEFAULT_PNL_CLIP} = −10.
 */
export function clippedEntropicRisk(
  pnl: ArrayLike<number>,
  riskAversion: number = DEFAULT_RISK_AVERSION,
  clip: number = DEFAULT_PNL_CLIP,
): number {
  assertRiskAversion(riskAversion);
  assertClip(clip);
  assertPnl(pnl);
  return shiftedEntropicRisk(pnl, riskAversion, clip);
}

/**
 * The weights of the samples in the gradient of the entropic risk: wᵢ = exp(−λxᵢ)/Σⱼ exp(−λxⱼ),
 * so that ∂ρ_λ/∂xᵢ = −wᵢ (the weights are positive and sum to 1).
 *
 * This is the paper's eq. (12) with the sign of its eq. (11) corrected (the paper writes exp(+λX)
 * for a wealth X): the gradient puts exponentially more weight on the worst outcomes, which is
 * why training is first dominated by the tail. Computed as a softmax with the same shift as
 * {@link entropicRisk}, so it never overflows.
 *
 * Shape: `pnl` is [N], non-empty, no NaN; the result is [N].
 *
 * Reference: Dard, Pécaut and Soriano, "Hedging is all you need", appendix 8.4, eq. (12);
 * docs/notes/entropic-risk.md.
 *
 * @param riskAversion - λ > 0, finite; default {@link DEFAULT_RISK_AVERSION} = 1.3.
 */
export function entropicRiskWeights(
  pnl: ArrayLike<number>,
  riskAversion: number = DEFAULT_RISK_AVERSION,
): Float64Array {
  assertRiskAversion(riskAversion);
  assertPnl(pnl);
  const n = pnl.length;
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) min = Math.min(min, pnl[i]!);
  const weights = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = pnl[i]!;
    // Samples equal to the minimum (including −∞ ones) get exp(0) = 1.
    const w = x === min ? 1 : Math.exp(-riskAversion * (x - min));
    weights[i] = w;
    total += w;
  }
  for (let i = 0; i < n; i++) weights[i] = weights[i]! / total;
  return weights;
}

/** ρ_λ(max(X, clip)) by the min shift; inputs already validated. */
function shiftedEntropicRisk(pnl: ArrayLike<number>, riskAversion: number, clip: number): number {
  const n = pnl.length;
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) min = Math.min(min, Math.max(pnl[i]!, clip));
  if (min === Number.NEGATIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (min === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  const exponents = new Float64Array(n);
  for (let i = 0; i < n; i++) exponents[i] = -riskAversion * (Math.max(pnl[i]!, clip) - min);
  return -min + logMeanExp(exponents) / riskAversion;
}

function assertRiskAversion(riskAversion: number): void {
  assertOption(
    riskAversion > 0 && Number.isFinite(riskAversion),
    "riskAversion",
    riskAversion,
    "must be > 0 and finite",
  );
}

function assertClip(clip: number): void {
  assertOption(!Number.isNaN(clip) && clip < Number.POSITIVE_INFINITY, "clip", clip, "must be a number < +∞");
}

/** Options of {@link EntropicRisk}. */
export interface EntropicRiskOptions {
  /** λ > 0, finite; default {@link DEFAULT_RISK_AVERSION} = 1.3. */
  riskAversion?: number;
  /**
   * When set, the P&L is clipped from below at this value first ({@link clippedEntropicRisk},
   * the paper's training loss uses −10 = {@link DEFAULT_PNL_CLIP}); the measure is then not
   * cash-invariant. Default: no clipping.
   */
  clip?: number;
}

/**
 * Entropic risk as a {@link RiskMeasure}: holds λ (and an optional clip) and delegates to
 * {@link entropicRisk} or {@link clippedEntropicRisk}.
 *
 * Reference: Föllmer and Schied, chapter 4; Dard, Pécaut and Soriano, section 2.
 *
 * @example
 * const measure = new EntropicRisk({ riskAversion: 1.3 });
 * measure.risk(pnl);
 * String(measure); // "EntropicRisk(riskAversion=1.3)"
 */
export class EntropicRisk implements RiskMeasure {
  readonly name: string;
  readonly cashInvariant: boolean;
  /** λ. */
  readonly riskAversion: number;
  /** The lower clip of the P&L, or undefined for none. */
  readonly clip: number | undefined;

  constructor(options: EntropicRiskOptions = {}) {
    this.riskAversion = options.riskAversion ?? DEFAULT_RISK_AVERSION;
    this.clip = options.clip;
    assertRiskAversion(this.riskAversion);
    if (this.clip !== undefined) assertClip(this.clip);
    this.cashInvariant = this.clip === undefined;
    this.name =
      this.clip === undefined
        ? `EntropicRisk(riskAversion=${this.riskAversion})`
        : `EntropicRisk(riskAversion=${this.riskAversion}, clip=${this.clip})`;
  }

  risk(pnl: ArrayLike<number>): number {
    return this.clip === undefined
      ? entropicRisk(pnl, this.riskAversion)
      : clippedEntropicRisk(pnl, this.riskAversion, this.clip);
  }

  toString(): string {
    return this.name;
  }
}
