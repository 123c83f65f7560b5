import type { PathBatch } from "../data/path-batch.js";
import { holdingSurface, type HoldingSurface, type HoldingSurfaceOptions } from "./holding-surface.js";

/**
 * The difference-from-baseline holding surface of one hedge asset: the mean of δ − δ_baseline over
 * the (path, date) pairs of each cell of moneyness S_t/K (the underlying's) × time to maturity, binned
 * exactly as {@link holdingSurface} bins (same edges for the same paths), so that each cell equals the
 * strategy's surface minus the baseline's:
 *
 *   D(cell) = (1/|cell|) Σ_{(i,t) ∈ cell} (δ_{i,t,a} − δ^base_{i,t,a}).
 *
 * Positive: the strategy holds more of asset `a` than the baseline in that state. The baseline is
 * usually the delta hedge, which holds the underlying only (0 of every other asset), so for a ≠ 0 the
 * surface is the strategy's own holding of asset a.
 *
 * Shape: `paths` [N, T + 1, H], `holdings` and `baseline` [N, T, H]; the result's cells [T, bins].
 *
 * @param strike - K of the option, in the paths' units.
 * @param options - bins, moneyness range and `asset` (default 0) as for {@link holdingSurface}.
 */
export function differenceSurface(
  paths: PathBatch,
  holdings: Float64Array,
  baseline: Float64Array,
  strike: number,
  options: HoldingSurfaceOptions = {},
): HoldingSurface {
  if (baseline.length !== holdings.length) {
    throw new Error(`baseline holdings have length ${baseline.length}, expected ${holdings.length}`);
  }
  const difference = holdings.map((h, k) => h - baseline[k]!);
  return holdingSurface(paths, difference, strike, options);
}
