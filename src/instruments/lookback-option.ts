import { lookbackCallPrice } from "../math/lookback-price.js";
import { monitoringShift } from "../math/discrete-monitoring.js";
import { PathDependentClaim, type DateMarket, type RunningPath } from "./path-dependent-claim.js";

/**
 * A fixed-strike lookback call on asset 0: (max_{0 ≤ u ≤ T} S_u − K)⁺ over the daily closes. Its
 * reference value is the continuously monitored closed form (`lookbackCallPrice`) with Broadie,
 * Glasserman and Kou's continuity correction for daily monitoring: e^{−c} V(S, M e^{c}, K e^{c}),
 * c = βσ√Δt; within 1% of a daily Monte Carlo price (test/instruments/exotic-claims.test.ts).
 */
export class LookbackOption extends PathDependentClaim {
  readonly kind = "lookback";
  readonly reference = "continuous-monitoring closed form with the Broadie–Glasserman–Kou correction";

  constructor(options: { strike: number }) {
    super(options.strike);
  }

  protected pathPayoff(prices: (u: number) => number, steps: number): number {
    let maximum = prices(0);
    for (let u = 1; u <= steps; u++) maximum = Math.max(maximum, prices(u));
    return Math.max(maximum - this.strike, 0);
  }

  protected value(spot: number, path: RunningPath, market: DateMarket): number {
    const shift = monitoringShift(market.volatility, market.dt);
    const maximum = Math.max(path.maximum, spot);
    return (
      lookbackCallPrice({
        spot,
        strike: this.strike * shift,
        maximum: maximum * shift,
        maturity: market.maturity,
        volatility: market.volatility,
        rate: market.rate,
      }) / shift
    );
  }

  override toString(): string {
    return `LookbackOption(call, strike=${this.strike})`;
  }
}
