/**
 * What the examples print after training a policy on GBM: how close it is to the Black–Scholes delta
 * hedge at the paths' true volatility `sigma` (no drift, no costs), on the short call `option`: the
 * root-mean-square difference of the holdings and both entropic risks (λ = 1.3).
 */
import {
  DeltaHedge,
  entropicRisk,
  hedgePnl,
  type EuropeanOption,
  type HedgingPolicy,
  type PathBatch,
} from "../src/index.js";

/** Prints `RMS(holding − delta)` and `entropic risk: <label> …, delta …` for `policy` on `paths`. */
export function printDeltaComparison(
  label: string,
  policy: HedgingPolicy,
  paths: PathBatch,
  option: EuropeanOption,
  sigma: number,
): void {
  const context = { paths, option, dt: 1 / 252 };
  const learned = policy.holdings(context);
  const delta = new DeltaHedge({ volatility: sigma }).holdings(context);
  let squared = 0;
  for (let i = 0; i < learned.length; i++) squared += (learned[i]! - delta[i]!) ** 2;
  const payoff = option.payoff(paths);
  const risk = (holdings: Float64Array): string => entropicRisk(hedgePnl(paths, holdings, payoff)).toFixed(4);
  console.log(`RMS(holding − delta) = ${Math.sqrt(squared / learned.length).toFixed(4)}`);
  console.log(`entropic risk: ${label} ${risk(learned)}, delta ${risk(delta)}`);
}
