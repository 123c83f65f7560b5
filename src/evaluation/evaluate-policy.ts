import type { RandomSource } from "../random/random-source.js";
import type { HedgeContext, HedgingPolicy } from "../hedgers/hedging-policy.js";
import { hedgePnl, type HedgePnlOptions } from "../hedgers/hedge-pnl.js";
import { summarizePnl, type PnlSummary, type PnlSummaryOptions } from "./pnl-summary.js";
import type { PairedComparison } from "./paired-comparison.js";
import type { UntrainedReason } from "../training/training-outcome.js";
import { holdingLeverage, type HoldingLeverage } from "./holding-leverage.js";

/** Options of {@link evaluatePolicy}: trading frictions and the metrics' settings. */
export interface EvaluationOptions extends HedgePnlOptions, Omit<PnlSummaryOptions, "premium"> {}

/** One strategy on one hedge set: its holdings, P&L and metrics. */
export interface StrategyEvaluation {
  /** The hedge set (tickers), the option's underlying first. */
  hedge: readonly string[];
  /** The policy's name. */
  strategy: string;
  /** Holdings δ, shape [N, T, H]. */
  holdings: Float64Array;
  /** P&L per path, shape [N]. */
  pnl: Float64Array;
  /** Metrics of the P&L. */
  summary: PnlSummary;
  /** For a learned strategy: its paired comparison with the delta hedge on the same windows. */
  paired?: PairedComparison;
  /**
   * For a learned strategy whose training left it where it started (`untrainedReason`): why. Its
   * rows are marked "did not train" and it is counted apart from the learned strategies compared.
   */
  untrained?: UntrainedReason;
  /**
   * The Black–Scholes price of the hedged option at the start of the windows, with the delta
   * hedge's volatility of each window (mean over the N windows), in rebased units; beside the
   * indifference price in the tables. Absent when the hedge set has no delta row.
   */
  blackScholesPrice?: number;
  /** The range, mean absolute size and share outside [0, 1] of the holdings (set by {@link evaluatePolicy}). */
  leverage?: HoldingLeverage;
}

/**
 * Runs `policy` on the context's paths and measures its P&L: the core of every comparison table.
 *
 * @param random - the seeded source of the bootstrap intervals.
 */
export function evaluatePolicy(
  policy: HedgingPolicy,
  context: HedgeContext,
  random: RandomSource,
  options: EvaluationOptions = {},
): StrategyEvaluation {
  const holdings = policy.holdings(context);
  const payoff = context.option.payoff(context.paths);
  const pnl = hedgePnl(context.paths, holdings, payoff, options);
  const summary = summarizePnl(pnl, random, { ...options, premium: options.premium ?? 0 });
  return {
    hedge: context.paths.tickers,
    strategy: policy.name,
    holdings,
    pnl,
    summary,
    leverage: holdingLeverage(holdings),
  };
}
