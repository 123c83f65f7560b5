import { assertOption } from "../errors.js";
import { blackScholesDelta, blackScholesPrice, type OptionKind } from "../math/black-scholes.js";
import { terminalPrices, type PathBatch } from "../data/path-batch.js";
import { volatilityOf, type Claim, type ClaimMarket } from "./claim.js";

export type { OptionKind } from "../math/black-scholes.js";

/** Options of {@link EuropeanOption}. */
export interface EuropeanOptionOptions {
  /** `"call"` pays (S_T − K)⁺, `"put"` pays (K − S_T)⁺; default `"call"`. */
  kind?: OptionKind;
  /** K, in the path's units (rebased units for market windows, where S_0 = 100); default 100. */
  strike?: number;
}

/** The default strike: at the money for paths rebased to 100. */
export const DEFAULT_STRIKE = 100;

/**
 * The payoff of a European option on each terminal price.
 *
 * @param terminal - S_T for each path, shape [N].
 * @returns payoff per path, shape [N]: (S_T − K)⁺ for a call, (K − S_T)⁺ for a put.
 */
export function europeanPayoff(terminal: ArrayLike<number>, kind: OptionKind, strike: number): Float64Array {
  const out = new Float64Array(terminal.length);
  const sign = kind === "call" ? 1 : -1;
  for (let i = 0; i < terminal.length; i++) out[i] = Math.max(sign * (terminal[i]! - strike), 0);
  return out;
}

/**
 * A European call or put on the first asset of a path batch (the underlying of the hedge set),
 * expiring at the last date of the paths. The hedger is short one option. Its reference price and
 * delta are Black–Scholes'.
 *
 * @example
 * const option = new EuropeanOption({ kind: "call", strike: 100 });
 * option.payoff(paths); // Float64Array [N]
 */
export class EuropeanOption implements Claim {
  readonly kind: OptionKind;
  readonly strike: number;
  readonly reference = "Black–Scholes";

  constructor(options: EuropeanOptionOptions = {}) {
    const { kind = "call", strike = DEFAULT_STRIKE } = options;
    assertOption(kind === "call" || kind === "put", "kind", kind, 'must be "call" or "put"');
    assertOption(Number.isFinite(strike) && strike > 0, "strike", strike, "must be > 0");
    this.kind = kind;
    this.strike = strike;
  }

  /** Payoff at maturity on each path of `paths` (on asset 0), shape [N]. */
  payoff(paths: PathBatch): Float64Array {
    return europeanPayoff(terminalPrices(paths, 0), this.kind, this.strike);
  }

  /** Black–Scholes delta Φ(d₁) (call) or −Φ(−d₁) (put) on each path and date, shape [N, T]. */
  delta(paths: PathBatch, market: ClaimMarket): Float64Array {
    const { n, steps, assets, values } = paths;
    const sigma = volatilityOf(market, paths);
    const out = new Float64Array(n * steps);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < steps; t++) {
        out[i * steps + t] = blackScholesDelta({
          kind: this.kind,
          spot: values[(i * (steps + 1) + t) * assets]!,
          strike: this.strike,
          maturity: (steps - t) * market.dt,
          volatility: sigma(i, t),
          rate: market.rate ?? 0,
        });
      }
    }
    return out;
  }

  /** Black–Scholes price on date 0 of each path, shape [N]. */
  price(paths: PathBatch, market: ClaimMarket): Float64Array {
    const { n, steps, assets, values } = paths;
    const sigma = volatilityOf(market, paths);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = blackScholesPrice({
        kind: this.kind,
        spot: values[i * (steps + 1) * assets]!,
        strike: this.strike,
        maturity: steps * market.dt,
        volatility: sigma(i, 0),
        rate: market.rate ?? 0,
      });
    }
    return out;
  }

  toString(): string {
    return `EuropeanOption(${this.kind}, strike=${this.strike})`;
  }
}
