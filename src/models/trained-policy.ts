import type { NeuralPolicy } from "../hedgers/neural-policy.js";
import type { FitResult } from "../training/fit.js";
import type { FittedParameters } from "../market/fitted-parameters.js";

/** A trained hedger with its training record. */
export interface TrainedPolicy {
  policy: NeuralPolicy;
  hedge: string[];
  fit: FitResult;
  /** Where its training paths came from, in words. */
  source?: string;
  /** The underlying's return S_T/S_0 − 1 on each training path, shape [N] (the report's Figure 1). */
  trainingReturns?: Float64Array;
  /** What its training run fitted besides the weights (periods, training volatility, regime model). */
  fitted?: FittedParameters;
}
