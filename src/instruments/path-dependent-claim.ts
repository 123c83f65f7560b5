import { assertOption } from "../errors.js";
import type { PathBatch } from "../data/path-batch.js";
import { centralDelta, volatilityOf, type Claim, type ClaimMarket } from "./claim.js";

/**
 * What a path-dependent claim's value on date t depends on besides the spot: the running
 * statistics of the path S_0, …, S_t of the underlying.
 */
export interface RunningPath {
  /** t, the date (0 ≤ t ≤ T). */
  readonly t: number;
  /** T, the number of steps to maturity counted from date 0. */
  readonly steps: number;
  /** Σ_{u=1}^{t} S_u, the fixings of an average so far (S_0 is not one). */
  readonly sum: number;
  /** max_{u ≤ t} S_u, the highest price so far, S_0 and S_t included. */
  readonly maximum: number;
}

/** The Black–Scholes inputs of a value on one date: σ, r, the step length and the years left. */
export interface DateMarket {
  readonly volatility: number;
  readonly rate: number;
  readonly dt: number;
  /** τ = (T − t)·dt, years to maturity. */
  readonly maturity: number;
}

/**
 * A claim on asset 0 whose payoff depends on the whole path: subclasses give the payoff of a path
 * and the reference value V(S, running path, market) on a date; the delta is ∂V/∂S with the running
 * statistics held fixed (what is fixed on date t stays fixed), by {@link centralDelta}, and the price
 * is V on date 0.
 */
export abstract class PathDependentClaim implements Claim {
  abstract readonly kind: string;
  abstract readonly reference: string;
  /** K, in the paths' units; > 0. */
  readonly strike: number;

  /** @param strike - K, in the paths' units (rebased: S_0 = 100); must be > 0. */
  constructor(strike: number) {
    assertOption(Number.isFinite(strike) && strike > 0, "strike", strike, "must be > 0");
    this.strike = strike;
  }

  /** The payoff of one path of the underlying, S_0 … S_T (`prices(u)` = S_u). */
  protected abstract pathPayoff(prices: (u: number) => number, steps: number): number;

  /**
   * The reference value on date t (t < T) at spot `spot`, given the running path (whose maximum
   * may be below a bumped `spot`: take the larger).
   */
  protected abstract value(spot: number, path: RunningPath, market: DateMarket): number;

  /** The payoff on each path, shape [N]. */
  payoff(paths: PathBatch): Float64Array {
    const { n, steps, assets, values } = paths;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const base = i * (steps + 1) * assets;
      out[i] = this.pathPayoff((u) => values[base + u * assets]!, steps);
    }
    return out;
  }

  /** ∂V/∂S_t on each path and date, shape [N, T]. */
  delta(paths: PathBatch, market: ClaimMarket): Float64Array {
    const { n, steps } = paths;
    const out = new Float64Array(n * steps);
    this.forEachDate(paths, market, steps, (i, t, spot, path, date) => {
      out[i * steps + t] = centralDelta((s) => this.value(s, path, date), spot);
    });
    return out;
  }

  /** V on date 0 of each path, shape [N]. */
  price(paths: PathBatch, market: ClaimMarket): Float64Array {
    const out = new Float64Array(paths.n);
    this.forEachDate(paths, market, 1, (i, _t, spot, path, date) => {
      out[i] = this.value(spot, path, date);
    });
    return out;
  }

  /** Calls `visit` on dates 0 … last − 1 of every path with the running path up to that date. */
  private forEachDate(
    paths: PathBatch,
    market: ClaimMarket,
    last: number,
    visit: (i: number, t: number, spot: number, path: RunningPath, date: DateMarket) => void,
  ): void {
    const { n, steps, assets, values } = paths;
    const sigma = volatilityOf(market, paths);
    const rate = market.rate ?? 0;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      let maximum = 0;
      for (let t = 0; t < last; t++) {
        const spot = values[(i * (steps + 1) + t) * assets]!;
        if (t > 0) sum += spot;
        maximum = Math.max(maximum, spot);
        visit(
          i,
          t,
          spot,
          { t, steps, sum, maximum },
          {
            volatility: sigma(i, t),
            rate,
            dt: market.dt,
            maturity: (steps - t) * market.dt,
          },
        );
      }
    }
  }
}
