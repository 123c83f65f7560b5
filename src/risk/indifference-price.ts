import { assertSearchOptions } from "../math/minimize-scalar.js";
import { assertPnl, finitePnlRange } from "./assert-pnl.js";
import type { RiskMeasure } from "./risk-measure.js";

/** Options of {@link indifferencePrice}, used only for a measure that is not cash-invariant. */
export interface IndifferencePriceOptions {
  /** Absolute tolerance on the price, > 0; default 1e-12 · max(1, max X − min X). */
  tolerance?: number;
  /** The most bisection steps; a positive integer, default 200. */
  maxIterations?: number;
}

/**
 * The indifference price of a hedged position: the premium p the hedger must receive so that the
 * position with the premium is as risky as doing nothing, ρ(X + p) = ρ(0).
 *
 * Here X is the terminal P&L without the premium (hedge gains minus the payoff of the option
 * sold), ρ(0) the risk of a sample of N zeros (0 for a normalised measure such as the entropic
 * risk or expected shortfall). Sign convention: p > 0 is a price the hedger charges; a larger p
 * means a costlier liability.
 *
 * - Cash-invariant measure ({@link RiskMeasure.cashInvariant}): ρ(X + p) = ρ(X) − p, so
 *   p = ρ(X) − ρ(0) exactly (two evaluations).
 * - Otherwise (e.g. the clipped entropic risk): p is found by bisection on
 *   h(p) = ρ(X + p) − ρ(0), which is non-increasing for a monotone ρ, with h ≥ 0 at p = −max X
 *   and h ≤ 0 at p = −min X. It returns the smallest p with h(p) ≤ 0 to within the tolerance
 *   (where h is flat at 0 any p of that interval would do).
 *
 * Shape: `pnl` is [N], non-empty, no NaN (finite for the bisection).
 *
 * Reference: Buehler, Gonon, Teichmann and Wood, "Deep hedging", Quantitative Finance 19 (2019),
 * section 3 (the indifference price p(Z) = π(−Z) − π(0) for a cash-invariant
 * π); docs/notes/entropic-risk.md.
 */
export function indifferencePrice(
  pnl: ArrayLike<number>,
  measure: RiskMeasure,
  options: IndifferencePriceOptions = {},
): number {
  assertPnl(pnl);
  const n = pnl.length;
  const zero = measure.risk(new Float64Array(n));
  if (measure.cashInvariant) return measure.risk(pnl) - zero;

  const { min, max } = finitePnlRange(pnl, "the bisection");
  const tolerance = options.tolerance ?? 1e-12 * Math.max(1, max - min);
  const maxIterations = options.maxIterations ?? 200;
  assertSearchOptions(tolerance, maxIterations);

  const shifted = new Float64Array(n);
  const excess = (p: number): number => {
    for (let i = 0; i < n; i++) shifted[i] = pnl[i]! + p;
    return measure.risk(shifted) - zero;
  };
  let lower = -max; // h(lower) ≥ 0: X + lower ≤ 0
  let upper = -min; // h(upper) ≤ 0: X + upper ≥ 0
  for (let i = 0; i < maxIterations && upper - lower > tolerance; i++) {
    const middle = lower + 0.5 * (upper - lower);
    if (middle <= lower || middle >= upper) break; // no float left between the ends
    if (excess(middle) > 0) lower = middle;
    else upper = middle;
  }
  return upper;
}
