import { HedgelabError } from "../errors.js";
import type { HedgeContext, HedgingPolicy } from "./hedging-policy.js";

/**
 * The average of several hedgers' holdings, δ_t = (1/M) Σ_m δ_t^{(m)}: a seed ensemble of one
 * learned hedger. Without costs its P&L is the average of the members' P&Ls (the P&L is linear in
 * the holdings); its variance is lower when the members' errors are not perfectly correlated.
 */
export class EnsemblePolicy implements HedgingPolicy {
  readonly name: string;
  readonly members: readonly HedgingPolicy[];

  /** @param name - the strategy name of its rows (default `<first member>-ensemble`). */
  constructor(members: readonly HedgingPolicy[], name?: string) {
    if (members.length === 0) throw new HedgelabError("an ensemble needs at least one member");
    this.members = members;
    this.name = name ?? `${members[0]!.name}-ensemble`;
  }

  /** Holdings, shape [N, T, H]: the members' average. */
  holdings(context: HedgeContext): Float64Array {
    let out: Float64Array | undefined;
    for (const member of this.members) {
      const h = member.holdings(context);
      if (!out) out = new Float64Array(h.length);
      for (let k = 0; k < h.length; k++) out[k] = out[k]! + h[k]! / this.members.length;
    }
    return out!;
  }

  toString(): string {
    return `EnsemblePolicy(${this.members.length} × ${String(this.members[0])})`;
  }
}
