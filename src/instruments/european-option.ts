import { assertOption } from "../errors.js";
import type { OptionKind } from "../math/black-scholes.js";
import { terminalPrices, type PathBatch } from "../data/path-batch.js";

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
 * expiring at the last date of the paths. The hedger is short one option.
 *
 * @example
 * const option = new EuropeanOption({ kind: "call", strike: 100 });
 * option.payoff(paths); // Float64Array [N]
 */
export class EuropeanOption {
  readonly kind: OptionKind;
  readonly strike: number;

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

  toString(): string {
    return `EuropeanOption(${this.kind}, strike=${this.strike})`;
  }
}
