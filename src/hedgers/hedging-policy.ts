import type { PathBatch } from "../data/path-batch.js";
import type { Claim } from "../instruments/claim.js";

/**
 * What a hedging policy sees: the paths, the claim it hedges and the time grid.
 *
 * Every policy promises causality: its holding on date t may depend on prices up to and including
 * S_t (and on features known at t), never on S_{t+1}, …, S_T. `test/hedgers/causality.ts` checks it.
 */
export interface HedgeContext {
  /** Prices, shape [N, T + 1, H]; asset 0 is the option's underlying. */
  readonly paths: PathBatch;
  /** The option the hedger is short. */
  readonly option: Claim;
  /** Step length in years (1/252 for daily market windows). */
  readonly dt: number;
  /**
   * Annualised volatility of the underlying known on each date, shape [N, T]; optional feature
   * for policies that need one (the delta hedge when it is not given a constant volatility).
   */
  readonly volatility?: Float64Array;
  /**
   * Extra inputs of a neural policy known on each date, shape [N, T, F] (e.g. the delta-style
   * features of `deltaFeatures`, set by a residual wrapper for the network it wraps).
   */
  readonly features?: Float64Array;
}

/**
 * The interface every hedger implements (delta, no-hedge, RNN, SigFormer).
 *
 * `holdings` returns the number of units of each hedge asset held over (t, t + 1], shape [N, T, H],
 * decided with the information available on date t.
 */
export interface HedgingPolicy {
  /** Short name used in tables and files (`delta`, `no-hedge`, `rnn`). */
  readonly name: string;
  /** Holdings δ, shape [N, T, H]. */
  holdings(context: HedgeContext): Float64Array;
}
