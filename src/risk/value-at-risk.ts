import { assertPnl } from "./assert-pnl.js";
import type { RiskMeasure } from "./risk-measure.js";
import { DEFAULT_CONFIDENCE_LEVEL, tailSize } from "./tail-size.js";

/**
 * The value at risk at confidence level α of a P&L sample: minus its lower (1 − α)-quantile.
 *
 * Formula: VaR_α(X) = −q, where q = inf{x : Fₙ(x) ≥ 1 − α} is the lower (1 − α)-quantile of the
 * empirical distribution Fₙ, i.e. q = x₍ₖ₎, the k-th smallest sample with k = max(1, ⌈N(1 − α)⌉).
 * No interpolation: this is the quantile whose tail {X ≤ q} carries at least 1 − α of the mass,
 * the one of Acerbi–Tasche's expected shortfall ({@link expectedShortfall} ≥ VaR always), and a
 * minimiser ω* of the expected-shortfall OCE. (It differs from `quantile` in `src/math`, which
 * interpolates.) Example: N = 4, α = 0.5 gives k = 2, the second-worst sample.
 *
 * Sign convention: P&L in, loss out; a VaR of 2 means a loss of 2 or worse has probability ≥ 1 − α.
 * VaR is monotone and cash-invariant but not convex.
 *
 * Shape: `pnl` is [N], non-empty, no NaN. Cost O(N log N) (a sorted copy).
 *
 * Reference: C. Acerbi and D. Tasche, "On the coherence of expected shortfall", J. Banking &
 * Finance 26 (2002) 1487–1503 (the lower quantile).
 *
 * @param level - the confidence level α in [0, 1); default {@link DEFAULT_CONFIDENCE_LEVEL} = 0.95.
 */
export function valueAtRisk(pnl: ArrayLike<number>, level: number = DEFAULT_CONFIDENCE_LEVEL): number {
  assertPnl(pnl);
  const m = tailSize(pnl.length, level);
  const k = Math.max(1, Math.ceil(m));
  const sorted = Float64Array.from(pnl).sort();
  return -sorted[k - 1]!;
}

/** Options of {@link ValueAtRisk}. */
export interface ValueAtRiskOptions {
  /** The confidence level α in [0, 1); default {@link DEFAULT_CONFIDENCE_LEVEL} = 0.95. */
  level?: number;
}

/**
 * Value at risk as a {@link RiskMeasure}: holds the level and delegates to {@link valueAtRisk}.
 *
 * Reference: Acerbi and Tasche (2002), see {@link valueAtRisk}.
 *
 * @example
 * new ValueAtRisk({ level: 0.99 }).risk(pnl);
 */
export class ValueAtRisk implements RiskMeasure {
  readonly name: string;
  readonly cashInvariant = true;
  /** The confidence level α. */
  readonly level: number;

  constructor(options: ValueAtRiskOptions = {}) {
    this.level = options.level ?? DEFAULT_CONFIDENCE_LEVEL;
    tailSize(1, this.level); // validates the level
    this.name = `ValueAtRisk(level=${this.level})`;
  }

  risk(pnl: ArrayLike<number>): number {
    return valueAtRisk(pnl, this.level);
  }

  toString(): string {
    return this.name;
  }
}
