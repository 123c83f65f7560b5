import type { HedgeContext, HedgingPolicy } from "./hedging-policy.js";

/** The reference strategy that holds nothing: its P&L is the premium minus the payoff. */
export class NoHedge implements HedgingPolicy {
  readonly name = "no-hedge";

  /** Zero holdings, shape [N, T, H]. */
  holdings(context: HedgeContext): Float64Array {
    const { n, steps, assets } = context.paths;
    return new Float64Array(n * steps * assets);
  }

  toString(): string {
    return "NoHedge()";
  }
}
