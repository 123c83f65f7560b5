import { meanVariance } from "../mean-variance.js";
import { meanVarianceLoss } from "../mean-variance-loss.js";
import type { RiskMeasureEntry } from "../risk-measure-entry.js";

/**
 * The mean-variance (quadratic) criterion −E[X] + (λ/2)·Var[X] with the loss's λ, the entropic risk
 * to second order (Markowitz 1952; the OCE of the loss x + (λ/2)x²): as a training loss, as the
 * validation risk and as a column of the comparison table. Not monotone (`meanVariance`).
 */
export const MEAN_VARIANCE: RiskMeasureEntry<"mean-variance"> = {
  name: "mean-variance",
  description: "mean-variance −E[P&L] + (λ/2)·Var[P&L], the entropic risk to second order; not monotone",
  measure: (pnl, { riskAversion }) => meanVariance(pnl, riskAversion),
  needsOmega: () => false,
  loss: (pnl, { riskAversion }) => meanVarianceLoss(pnl, riskAversion),
  column: ({ riskAversion }) => `mean-var λ=${riskAversion}`,
};
