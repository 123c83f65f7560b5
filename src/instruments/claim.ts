import type { PathBatch } from "../data/path-batch.js";

/**
 * The Black–Scholes world a claim's reference price and delta are computed in: the volatility the
 * delta hedge uses, the rate and the step length.
 */
export interface ClaimMarket {
  /**
   * σ, annualised: one number for every path and date, or one per path and date, shape [N, T]
   * (a realised or implied volatility known on each date).
   */
  readonly volatility: number | Float64Array;
  /** r, annualised and continuously compounded; default 0. */
  readonly rate?: number;
  /** Years per step (1/252 for daily windows). */
  readonly dt: number;
}

/**
 * A claim the hedger is short, on the hedge set's first asset (asset 0 of the paths), expiring on
 * the paths' last date. Every claim carries its payoff, and the reference price and delta that the
 * classical baseline uses: exact Black–Scholes where a closed form exists, an approximation named in
 * `reference` where none does.
 *
 * Shapes: `paths` [N, T + 1, H]; payoffs [N]; deltas [N, T] (units of asset 0 held over (t, t + 1]);
 * prices [N] (on date 0 of each path), in the paths' price units.
 */
export interface Claim {
  /** Its registered name (`call`, `put`, `asian`, …), as in `option.kind`. */
  readonly kind: string;
  /** K, in the paths' units (rebased units for market windows, S_0 = 100). */
  readonly strike: number;
  /** How the reference price and delta are computed, one phrase (for reports and docs). */
  readonly reference: string;
  /** The payoff on each path, shape [N]. */
  payoff(paths: PathBatch): Float64Array;
  /** The reference delta on each path and date, shape [N, T], from the path up to date t only. */
  delta(paths: PathBatch, market: ClaimMarket): Float64Array;
  /** The reference price on date 0 of each path, shape [N]. */
  price(paths: PathBatch, market: ClaimMarket): Float64Array;
}

/**
 * σ on date t of path i from `market.volatility` (a constant or an [N, T] array).
 *
 * @throws Error when an array does not have shape [N, T].
 */
export function volatilityOf(market: ClaimMarket, paths: PathBatch): (i: number, t: number) => number {
  const { volatility } = market;
  if (typeof volatility === "number") return () => volatility;
  const { n, steps } = paths;
  if (volatility.length !== n * steps) throw new Error(`volatility feature must have shape [${n}, ${steps}]`);
  return (i, t) => volatility[i * steps + t]!;
}

/** Relative bump of the spot in {@link centralDelta}. */
const BUMP = 1e-5;

/**
 * ∂V/∂S by a central difference of a closed-form price with a relative bump of 1e-5: the delta of
 * a claim whose price has a closed form (or a closed-form approximation) and no simple derivative.
 * Its error is O(1e-10) relative on smooth prices.
 */
export function centralDelta(price: (spot: number) => number, spot: number): number {
  const h = spot * BUMP;
  return (price(spot + h) - price(spot - h)) / (2 * h);
}
