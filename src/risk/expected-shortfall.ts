import { sum } from "../math/sum.js";
import { assertPnl } from "./assert-pnl.js";
import type { RiskMeasure } from "./risk-measure.js";
import { DEFAULT_CONFIDENCE_LEVEL, tailSize } from "./tail-size.js";

/**
 * The expected shortfall (CVaR) at confidence level α of a P&L sample: minus the mean of its
 * worst 1 − α fraction, with a fractional weight on the boundary sample.
 *
 * Formula: with x₍₁₎ ≤ … ≤ x₍ₙ₎ the sorted samples, m = N(1 − α) and k = ⌊m⌋,
 * ES_α(X) = −(1/m) (Σ_{i ≤ k} x₍ᵢ₎ + (m − k) x₍ₖ₊₁₎).
 * This is the exact expected shortfall of the empirical distribution (Acerbi–Tasche), and it equals
 * the Rockafellar–Uryasev / OCE form inf_ω {ω + E[max(−X − ω, 0)]/(1 − α)}, whose minimiser is
 * ω* = {@link valueAtRisk}. Example: ES at 0.5 of [−4, −2, 0, 2] is (4 + 2)/2 = 3; at 0.7,
 * m = 1.2 and ES = (4 + 0.2·2)/1.2 = 11/3.
 *
 * Sign convention: P&L in, loss out. ES is monotone, cash-invariant, convex (coherent), ≥ VaR;
 * ES at level 0 is −mean(X).
 *
 * Shape: `pnl` is [N], non-empty, no NaN. Cost O(N log N) (a sorted copy).
 *
 * Reference: C. Acerbi and D. Tasche, "On the coherence of expected shortfall", J. Banking &
 * Finance 26 (2002) 1487–1503 (ES with the boundary term, for the empirical distribution); R. T. Rockafellar and S. Uryasev, "Optimization
 * of conditional value-at-risk", J. Risk 2 (2000) 21–41.
 *
 * @param level - the confidence level α in [0, 1); default {@link DEFAULT_CONFIDENCE_LEVEL} = 0.95.
 */
export function expectedShortfall(pnl: ArrayLike<number>, level: number = DEFAULT_CONFIDENCE_LEVEL): number {
  assertPnl(pnl);
  const m = tailSize(pnl.length, level);
  const k = Math.floor(m);
  const sorted = Float64Array.from(pnl).sort();
  if (k === 0) return -sorted[0]!; // a tail thinner than one sample: the worst one, without (m·x)/m rounding
  let tail = sum(sorted.subarray(0, k));
  if (m > k) tail += (m - k) * sorted[k]!;
  return -tail / m;
}

/** Options of {@link ExpectedShortfall}. */
export interface ExpectedShortfallOptions {
  /** The confidence level α in [0, 1); default {@link DEFAULT_CONFIDENCE_LEVEL} = 0.95. */
  level?: number;
}

/**
 * Expected shortfall as a {@link RiskMeasure}: holds the level and delegates to
 * {@link expectedShortfall}.
 *
 * Reference: Acerbi and Tasche (2002), see {@link expectedShortfall}.
 *
 * @example
 * new ExpectedShortfall({ level: 0.99 }).risk(pnl);
 */
export class ExpectedShortfall implements RiskMeasure {
  readonly name: string;
  readonly cashInvariant = true;
  /** The confidence level α. */
  readonly level: number;

  constructor(options: ExpectedShortfallOptions = {}) {
    this.level = options.level ?? DEFAULT_CONFIDENCE_LEVEL;
    tailSize(1, this.level); // validates the level
    this.name = `ExpectedShortfall(level=${this.level})`;
  }

  risk(pnl: ArrayLike<number>): number {
    return expectedShortfall(pnl, this.level);
  }

  toString(): string {
    return this.name;
  }
}
