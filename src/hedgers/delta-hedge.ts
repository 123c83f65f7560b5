import { assertOption, HedgelabError } from "../errors.js";
import type { HedgeContext, HedgingPolicy } from "./hedging-policy.js";

/** Options of {@link DeltaHedge}. */
export interface DeltaHedgeOptions {
  /**
   * Annualised volatility σ used in the delta. When absent the policy reads the context's
   * `volatility` feature ([N, T], one value per path and date), e.g. a rolling realised or an
   * implied volatility.
   */
  volatility?: number;
  /** Annualised continuously compounded rate r in the delta; default 0. */
  rate?: number;
}

/**
 * Black–Scholes delta hedging (paper, section 8.5): on each date t hold
 * δ_t = ∂P/∂S (S_t, K, τ_t = (T − t)·dt, σ, r) units of the option's underlying (asset 0) and
 * nothing in the other hedge assets. P is the claim's reference price (`Claim.delta`): Black–Scholes
 * for a European option, the claim's own closed form or approximation for the others, with its
 * running path (average, maximum, knock-out) held fixed.
 *
 * Time to maturity τ_t is in years (`dt` years per step, 1/252 for daily windows).
 */
export class DeltaHedge implements HedgingPolicy {
  readonly name = "delta";
  readonly volatility: number | undefined;
  readonly rate: number;

  constructor(options: DeltaHedgeOptions = {}) {
    const { volatility, rate = 0 } = options;
    if (volatility !== undefined) {
      assertOption(Number.isFinite(volatility) && volatility > 0, "volatility", volatility, "must be > 0");
    }
    assertOption(Number.isFinite(rate), "rate", rate, "must be finite");
    this.volatility = volatility;
    this.rate = rate;
  }

  /** Holdings, shape [N, T, H]: the delta in asset 0, zero elsewhere. */
  holdings(context: HedgeContext): Float64Array {
    const { paths, option, dt } = context;
    const { n, steps, assets } = paths;
    const feature = context.volatility;
    if (this.volatility === undefined) {
      if (!feature) {
        throw new HedgelabError(
          "the delta hedge needs a volatility: give { volatility } or a volatility feature",
        );
      }
      if (feature.length !== n * steps)
        throw new Error(`volatility feature must have shape [${n}, ${steps}]`);
    }
    const delta = option.delta(paths, { volatility: this.volatility ?? feature!, rate: this.rate, dt });
    const out = new Float64Array(n * steps * assets);
    for (let k = 0; k < n * steps; k++) out[k * assets] = delta[k]!;
    return out;
  }

  toString(): string {
    const sigma = this.volatility === undefined ? "feature" : String(this.volatility);
    return `DeltaHedge(volatility=${sigma}, rate=${this.rate})`;
  }
}
