import type { PathBatch } from "../data/path-batch.js";
import { DeltaHedge } from "../hedgers/delta-hedge.js";
import { hedgePnl } from "../hedgers/hedge-pnl.js";
import type { HedgingPolicy } from "../hedgers/hedging-policy.js";
import type { Claim } from "../instruments/claim.js";
import { DEFAULT_RISK_AVERSION, entropicRisk } from "../risk/entropic-risk.js";

/** How close a policy is to the Black–Scholes delta hedge ({@link compareWithDelta}). */
export interface DeltaComparison {
  /** Root-mean-square difference of the holdings, over every path, date and asset (units of the asset). */
  rms: number;
  /** Entropic risk of the policy's P&L. */
  risk: number;
  /** Entropic risk of the delta hedge's P&L on the same paths. */
  deltaRisk: number;
}

/**
 * A policy against the Black–Scholes delta hedge at the paths' true volatility (GBM with no drift,
 * no costs, daily steps): the root-mean-square difference of the holdings and both entropic risks,
 * for the short `option`. What the examples and the tests of a hedger that should learn the delta
 * check.
 *
 * Shapes: `paths` [N, T + 1, H]; the holdings compared are [N, T, H].
 *
 * @param volatility - σ of the delta hedge (annualised), the paths' own.
 * @param riskAversion - λ of the entropic risk; default 1.3.
 */
export function compareWithDelta(
  policy: HedgingPolicy,
  paths: PathBatch,
  option: Claim,
  volatility: number,
  riskAversion = DEFAULT_RISK_AVERSION,
): DeltaComparison {
  const context = { paths, option, dt: 1 / 252 };
  const learned = policy.holdings(context);
  const delta = new DeltaHedge({ volatility }).holdings(context);
  let squared = 0;
  for (let i = 0; i < learned.length; i++) squared += (learned[i]! - delta[i]!) ** 2;
  const payoff = option.payoff(paths);
  const risk = (holdings: Float64Array): number =>
    entropicRisk(hedgePnl(paths, holdings, payoff), riskAversion);
  return { rms: Math.sqrt(squared / learned.length), risk: risk(learned), deltaRisk: risk(delta) };
}
