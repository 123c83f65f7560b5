import { add, sub } from "../../tensor/ops/binary.js";
import { mean } from "../../tensor/ops/reduce.js";
import { relu, scale } from "../../tensor/ops/unary.js";
import { expectedShortfall } from "../expected-shortfall.js";
import type { RiskMeasureEntry } from "../risk-measure-entry.js";

/**
 * Expected shortfall at level α (CVaR) as a training loss, in its OCE form
 * ω + mean(max(−X − ω, 0))/(1 − α) with a trainable ω (Rockafellar–Uryasev), whose optimum over ω is
 * ES_α and the optimal ω the VaR. Its validation risk is the empirical ES_α.
 */
export const EXPECTED_SHORTFALL: RiskMeasureEntry<"expected-shortfall"> = {
  name: "expected-shortfall",
  description: "expected shortfall (CVaR) at level α, the mean loss in the worst 1 − α",
  measure: (pnl, { level }) => expectedShortfall(pnl, level),
  needsOmega: () => true,
  loss(pnl, options, omega) {
    if (!omega) throw new Error("the expected-shortfall loss needs ω");
    const excess = relu(sub(scale(pnl, -1), omega));
    return add(omega, scale(mean(excess, undefined, { keepDims: true }), 1 / (1 - options.level)));
  },
};
