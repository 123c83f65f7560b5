import { assertOption } from "../errors.js";
import { mean } from "../math/mean.js";
import { variance } from "../math/variance.js";
import { assertPnl } from "./assert-pnl.js";
import { DEFAULT_RISK_AVERSION } from "./entropic-risk.js";
import type { RiskMeasure } from "./risk-measure.js";

/**
 * The mean-variance (quadratic) criterion of a P&L sample: minus the mean plus a/2 times the
 * variance.
 *
 * Formula: ρ_a(X) = −E[X] + (a/2)·Var[X], with E the mean over the N samples and Var the
 * population variance (1/N) Σᵢ (xᵢ − x̄)², the variance of the empirical distribution (each sample
 * weighted 1/N, as every {@link RiskMeasure} reads a sample; not the unbiased 1/(N − 1)). It is
 * the optimized certainty equivalent of the quadratic loss ℓ(x) = x + (a/2)x²,
 * ρ_a(X) = inf_ω {ω + E[ℓ(−X − ω)]} with ω* = −E[X], and the second-order expansion of the
 * entropic risk with λ = a (equal to it for a normal X: −μ + aσ²/2).
 *
 * Properties: cash-invariant (ρ(X + c) = ρ(X) − c) and convex, but NOT monotone: ∂ρ/∂xᵢ =
 * (−1 + a(xᵢ − x̄))/N, so raising a gain already more than 1/a above the mean increases the risk
 * (e.g. a = 1: ρ([0, 0]) = 0 but ρ([0, 10]) = −5 + 12.5 = 7.5). It is monotone only among
 * samples whose gains stay below x̄ + 1/a (Maccheroni et al.'s domain of monotonicity), so it is
 * not a convex risk measure in the Föllmer–Schied sense; as a hedging objective it penalises
 * upside as much as downside.
 *
 * Stabilisation: the mean by compensated summation ({@link mean}) and the variance by Welford's
 * one-pass update ({@link variance}, ddof = 0), not E[X²] − E[X]², which cancels for a P&L far from
 * 0. An infinite sample (either sign), or a variance that overflows, gives +∞ (the quadratic term
 * dominates: a +∞ gain is an infinite risk here).
 *
 * Sign convention: P&L in (larger is better), risk out in P&L units (larger is worse);
 * ρ(c) = −c. The risk aversion a has units 1/(P&L units).
 *
 * Shape: `pnl` is [N], non-empty, no NaN.
 *
 * Reference: H. Markowitz, "Portfolio selection", J. Finance 7 (1952) 77–91; A. Ben-Tal and
 * M. Teboulle, "An old-new concept of convex risk measures: the optimized certainty equivalent",
 * Math. Finance 17 (2007) 449–476 (the quadratic utility); F. Maccheroni, M. Marinacci,
 * A. Rustichini and M. Taboga, "Portfolio selection with monotone mean-variance preferences",
 * Math. Finance 19 (2009) 487–521. Buehler et al., "Deep hedging" (2019), section 3, train on OCEs
 * of monotone losses; pfhedge has no mean-variance loss.
 *
 * @param riskAversion - a > 0, finite; default {@link DEFAULT_RISK_AVERSION} = 1.3, the entropic
 *   risk's λ, so that the two criteria agree to second order at the project's default.
 *
 * @example
 * meanVariance([-1, 1], 1); // −0 + (1/2)·1 = 0.5
 */
export function meanVariance(pnl: ArrayLike<number>, riskAversion: number = DEFAULT_RISK_AVERSION): number {
  assertMeanVarianceRiskAversion(riskAversion);
  assertPnl(pnl);
  for (let i = 0; i < pnl.length; i++) if (!Number.isFinite(pnl[i]!)) return Number.POSITIVE_INFINITY;
  const spread = variance(pnl, 0);
  if (spread === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  return -mean(pnl) + (riskAversion / 2) * spread;
}

/**
 * Fails with `invalid riskAversion: <a> (must be > 0 and finite)` unless a is a positive finite
 * number; shared by {@link meanVariance} and its tensor form `meanVarianceLoss`.
 */
export function assertMeanVarianceRiskAversion(riskAversion: number): void {
  assertOption(
    riskAversion > 0 && Number.isFinite(riskAversion),
    "riskAversion",
    riskAversion,
    "must be > 0 and finite",
  );
}

/** Options of {@link MeanVariance}. */
export interface MeanVarianceOptions {
  /** a > 0, finite; default {@link DEFAULT_RISK_AVERSION} = 1.3. */
  riskAversion?: number;
}

/**
 * The mean-variance criterion as a {@link RiskMeasure}: holds a and delegates to
 * {@link meanVariance}. Cash-invariant and convex, not monotone.
 *
 * Reference: Markowitz (1952), see {@link meanVariance}.
 *
 * @example
 * const measure = new MeanVariance({ riskAversion: 1 });
 * measure.risk(pnl);
 * String(measure); // "MeanVariance(riskAversion=1)"
 */
export class MeanVariance implements RiskMeasure {
  readonly name: string;
  readonly cashInvariant = true;
  /** a. */
  readonly riskAversion: number;

  constructor(options: MeanVarianceOptions = {}) {
    this.riskAversion = options.riskAversion ?? DEFAULT_RISK_AVERSION;
    assertMeanVarianceRiskAversion(this.riskAversion);
    this.name = `MeanVariance(riskAversion=${this.riskAversion})`;
  }

  risk(pnl: ArrayLike<number>): number {
    return meanVariance(pnl, this.riskAversion);
  }

  toString(): string {
    return this.name;
  }
}
