import { digitalCallPrice } from "../math/digital-price.js";
import { PathDependentClaim, type DateMarket, type RunningPath } from "./path-dependent-claim.js";

/**
 * A cash-or-nothing digital call on asset 0 paying 1 (in the paths' units: 1% of the rebased start)
 * when S_T > K. Its reference price and delta are Black–Scholes' exact Φ(d₂) and its derivative.
 */
export class DigitalOption extends PathDependentClaim {
  readonly kind = "digital";
  readonly reference = "Black–Scholes";

  constructor(options: { strike: number }) {
    super(options.strike);
  }

  protected pathPayoff(prices: (u: number) => number, steps: number): number {
    return prices(steps) > this.strike ? 1 : 0;
  }

  protected value(spot: number, _path: RunningPath, market: DateMarket): number {
    return digitalCallPrice({
      spot,
      strike: this.strike,
      maturity: market.maturity,
      volatility: market.volatility,
      rate: market.rate,
    });
  }

  override toString(): string {
    return `DigitalOption(cash-or-nothing call paying 1, strike=${this.strike})`;
  }
}
