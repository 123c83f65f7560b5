import type { PathBatch } from "../../src/data/path-batch.js";
import type { HedgingPolicy } from "../../src/hedgers/hedging-policy.js";
import { DeltaHedge } from "../../src/hedgers/delta-hedge.js";
import { hedgePnl } from "../../src/hedgers/hedge-pnl.js";
import { EuropeanOption } from "../../src/instruments/european-option.js";
import { entropicRisk } from "../../src/risk/entropic-risk.js";

/**
 * A learned policy against the Black–Scholes delta hedge at the paths' true volatility `sigma`
 * (GBM, no drift, no costs) on `paths`: the root-mean-square difference of the holdings and both
 * entropic risks at λ = 1.3, for an at-the-money call.
 */
export function compareWithDelta(
  policy: HedgingPolicy,
  paths: PathBatch,
  sigma: number,
): { rms: number; risk: number; deltaRisk: number } {
  const option = new EuropeanOption();
  const context = { paths, option, dt: 1 / 252 };
  const learned = policy.holdings(context);
  const delta = new DeltaHedge({ volatility: sigma }).holdings(context);
  let squared = 0;
  for (let i = 0; i < learned.length; i++) squared += (learned[i]! - delta[i]!) ** 2;
  const payoff = option.payoff(paths);
  const risk = (h: Float64Array): number => entropicRisk(hedgePnl(paths, h, payoff), 1.3);
  return { rms: Math.sqrt(squared / learned.length), risk: risk(learned), deltaRisk: risk(delta) };
}
