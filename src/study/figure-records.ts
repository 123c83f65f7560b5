import type { PathBatch } from "../data/path-batch.js";
import { differenceSurface } from "../evaluation/difference-surface.js";
import type { StrategyEvaluation } from "../evaluation/evaluate-policy.js";
import { largestDifferences } from "../evaluation/largest-differences.js";
import type { ReportDifferenceSurface, ReportHedgePath } from "../report/report-data.js";

/** How many windows "the hedge on a path" shows per learned strategy. */
export const HEDGE_PATH_WINDOWS = 3;

/**
 * "The hedge on a path" of one learned strategy: the {@link HEDGE_PATH_WINDOWS} test windows of
 * largest |P&L − delta P&L| on the same window ({@link largestDifferences}), at least `separation`
 * windows apart so that the windows shown share no day when they can, each with the underlying's
 * price path and both strategies' holdings. None when the strategy's P&L equals delta's on every window.
 *
 * Shape: `paths` [N, T + 1, H]; `learned.holdings` and `delta.holdings` [N, T, H].
 *
 * @param separation - least distance between two picked window indices: ⌈T / stride⌉ for windows that share no day.
 */
export function hedgePathRecords(
  paths: PathBatch,
  learned: StrategyEvaluation,
  delta: StrategyEvaluation,
  source: string | undefined,
  separation: number,
): ReportHedgePath[] {
  const { steps, assets } = paths;
  const picked = largestDifferences(learned.pnl, delta.pnl, { count: HEDGE_PATH_WINDOWS, separation });
  return picked.map((i, k) => ({
    hedge: [...learned.hedge],
    strategy: learned.strategy,
    ...(source ? { source } : {}),
    window: i,
    rank: k + 1,
    start: paths.startDates?.[i] ?? "",
    pnl: learned.pnl[i]!,
    deltaPnl: delta.pnl[i]!,
    prices: Float64Array.from({ length: steps + 1 }, (_, t) => paths.values[(i * (steps + 1) + t) * assets]!),
    holdings: Array.from({ length: assets }, (_, h) =>
      Float64Array.from({ length: steps }, (_, t) => learned.holdings[(i * steps + t) * assets + h]!),
    ),
    deltaHoldings: Float64Array.from({ length: steps }, (_, t) => delta.holdings[(i * steps + t) * assets]!),
  }));
}

/**
 * The difference-from-delta holding surfaces of one learned strategy, one per hedge asset
 * ({@link differenceSurface}, binned as the holding surfaces are).
 *
 * Shape: `paths` [N, T + 1, H]; `learned.holdings` and `delta.holdings` [N, T, H]; H surfaces.
 *
 * @param strike - K of the option, in the paths' units.
 */
export function differenceSurfaceRecords(
  paths: PathBatch,
  learned: StrategyEvaluation,
  delta: StrategyEvaluation,
  source: string | undefined,
  strike: number,
): ReportDifferenceSurface[] {
  return paths.tickers.map((asset, a) => ({
    hedge: [...learned.hedge],
    strategy: learned.strategy,
    ...(source ? { source } : {}),
    asset,
    surface: differenceSurface(paths, learned.holdings, delta.holdings, strike, { asset: a }),
  }));
}
