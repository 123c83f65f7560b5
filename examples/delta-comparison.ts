/**
 * What the examples print after training a policy on GBM: how close it is to the Black–Scholes delta
 * hedge at the paths' true volatility `sigma` (no drift, no costs), on the short call `option`: the
 * root-mean-square difference of the holdings and both entropic risks (λ = 1.3), from
 * `compareWithDelta`.
 */
import {
  compareWithDelta,
  type DeltaComparison,
  type EuropeanOption,
  type HedgingPolicy,
  type PathBatch,
} from "../src/index.js";

/**
 * Prints `RMS(holding − delta)` and `entropic risk: <label> …, delta …` for `policy` on `paths`, and
 * returns the figures printed.
 */
export function printDeltaComparison(
  label: string,
  policy: HedgingPolicy,
  paths: PathBatch,
  option: EuropeanOption,
  sigma: number,
): DeltaComparison {
  const comparison = compareWithDelta(policy, paths, option, sigma);
  const { rms, risk, deltaRisk } = comparison;
  console.log(`RMS(holding − delta) = ${rms.toFixed(4)}`);
  console.log(`entropic risk: ${label} ${risk.toFixed(4)}, delta ${deltaRisk.toFixed(4)}`);
  return comparison;
}
