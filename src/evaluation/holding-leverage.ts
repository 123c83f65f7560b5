/**
 * How far a strategy's holdings stray from a delta-like hedge: the range, the mean absolute holding
 * and the share outside [0, 1] (a call's delta lies in [0, 1]; the paper's section 5 calls RNN
 * holdings outside it "extreme leverage"). In shares of each hedge asset per option.
 */
export interface HoldingLeverage {
  /** The smallest holding of any asset on any date and window. */
  min: number;
  /** The largest holding. */
  max: number;
  /** Mean of |δ| over every asset, date and window. */
  meanAbsolute: number;
  /** Share, in [0, 1], of the holdings below 0 or above 1. */
  outsideUnit: number;
}

/**
 * The {@link HoldingLeverage} of holdings δ of any shape ([N, T, H] as `evaluatePolicy` gives them),
 * every entry counted alike; NaN figures for no holdings.
 *
 * @example
 * holdingLeverage([0.5, 1.5, -0.5, 0.5]); // { min: -0.5, max: 1.5, meanAbsolute: 0.75, outsideUnit: 0.5 }
 */
export function holdingLeverage(holdings: ArrayLike<number>): HoldingLeverage {
  const n = holdings.length;
  if (n === 0) return { min: Number.NaN, max: Number.NaN, meanAbsolute: Number.NaN, outsideUnit: Number.NaN };
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let absolute = 0;
  let outside = 0;
  for (let i = 0; i < n; i++) {
    const h = holdings[i]!;
    if (h < min) min = h;
    if (h > max) max = h;
    absolute += Math.abs(h);
    if (h < 0 || h > 1) outside++;
  }
  return { min, max, meanAbsolute: absolute / n, outsideUnit: outside / n };
}
