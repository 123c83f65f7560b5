import { arithmeticAsianCallPrice } from "../math/asian-price.js";
import { PathDependentClaim, type DateMarket, type RunningPath } from "./path-dependent-claim.js";

/**
 * An arithmetic-average (Asian) call on asset 0: (A − K)⁺ with A = (1/T) Σ_{u=1}^{T} S_u, the
 * average of the T closes after the start. No closed form exists: the reference value is Lévy's
 * lognormal approximation with the running average (`arithmeticAsianCallPrice`), whose Monte Carlo
 * check uses the exact geometric-average price as a control variate.
 */
export class AsianOption extends PathDependentClaim {
  readonly kind = "asian";
  readonly reference = "Lévy's lognormal approximation of the average (Black–Scholes moments)";

  constructor(options: { strike: number }) {
    super(options.strike);
  }

  protected pathPayoff(prices: (u: number) => number, steps: number): number {
    let sum = 0;
    for (let u = 1; u <= steps; u++) sum += prices(u);
    return Math.max(sum / steps - this.strike, 0);
  }

  protected value(spot: number, path: RunningPath, market: DateMarket): number {
    return arithmeticAsianCallPrice({
      spot,
      strike: this.strike,
      fixings: path.steps,
      remaining: path.steps - path.t,
      dt: market.dt,
      volatility: market.volatility,
      rate: market.rate,
      past: path.sum,
    });
  }

  override toString(): string {
    return `AsianOption(call, strike=${this.strike})`;
  }
}
