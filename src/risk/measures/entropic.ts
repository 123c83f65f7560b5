import { add } from "../../tensor/ops/binary.js";
import { logSumExp, mean } from "../../tensor/ops/reduce.js";
import { addScalar, clamp, exp, scale } from "../../tensor/ops/unary.js";
import { entropicRisk } from "../entropic-risk.js";
import type { RiskMeasureEntry } from "../risk-measure-entry.js";

/**
 * The entropic risk (1/λ) log E[exp(−λX)] (the paper's objective) as a training loss, through
 * log-sum-exp (no overflow for any λ): (1/λ)(log Σ exp(−λ max(X, clip)) − log N), the clip −10 in the
 * paper's code (`clip: null` disables it); with `learnPremium`, the OCE form
 * ω + mean((e^{λ(−X−ω)} − 1)/λ) with a trainable ω, whose optimum is the entropic risk (the
 * indifference price). Its validation risk is the unclipped entropic risk.
 */
export const ENTROPIC: RiskMeasureEntry<"entropic"> = {
  name: "entropic",
  description: "entropic risk (1/λ) log E[exp(−λ·P&L)], the paper's",
  measure: (pnl, { riskAversion }) => entropicRisk(pnl, riskAversion),
  needsOmega: (options) => options.learnPremium,
  loss(pnl, options, omega) {
    const lambda = options.riskAversion;
    const x = options.clip === null ? pnl : clamp(pnl, options.clip);
    if (options.learnPremium) {
      if (!omega) throw new Error("learning the premium needs ω");
      // ω + mean((exp(λ(−X − ω)) − 1)/λ)
      const e = exp(scale(add(x, omega), -lambda));
      return add(omega, scale(addScalar(mean(e, undefined, { keepDims: true }), -1), 1 / lambda));
    }
    // (1/λ)(logΣ exp(−λX) − log N)
    return scale(
      addScalar(logSumExp(scale(x, -lambda), undefined, { keepDims: true }), -Math.log(pnl.size)),
      1 / lambda,
    );
  },
};
