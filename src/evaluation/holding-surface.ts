import { assertOption } from "../errors.js";
import { quantile } from "../math/quantile.js";
import type { PathBatch } from "../data/path-batch.js";

/** Options of {@link holdingSurface}. */
export interface HoldingSurfaceOptions {
  /** Number of moneyness bins; default 12. */
  bins?: number;
  /**
   * [lower, upper] of the moneyness S_t/K binned; default the 2% and 98% quantiles of S_t/K over
   * every path and date, so that a few extreme windows do not stretch the grid.
   */
  range?: readonly [number, number];
  /** Index of the hedge asset whose holdings are averaged, in 0..H−1; default 0 (the underlying). The moneyness is always the underlying's. */
  asset?: number;
}

/**
 * Mean holding of the underlying over a grid of moneyness S_t/K × time to maturity, shape
 * [maturities, bins]: the data of the paper's Figure 4.
 */
export interface HoldingSurface {
  /** Moneyness bin edges, length bins + 1. */
  edges: Float64Array;
  /** Time to maturity in trading days of each row, T − t for t = 0..T−1: [T, T − 1, …, 1]. */
  maturities: Int32Array;
  /** Mean holding δ of the asset in each cell (asset 0 unless told), shape [T, bins]; NaN where no (path, date) fell. */
  holding: Float64Array;
  /** Number of (path, date) pairs in each cell, shape [T, bins]. */
  count: Int32Array;
}

/**
 * Bins the holdings of the underlying (asset 0, or `options.asset`) by moneyness S_t/K and time to maturity T − t, and
 * averages them per cell: how a policy's hedge depends on the state, whatever the policy (the delta
 * hedge, a recurrent or attention model whose holding also depends on the path's past, which the
 * average integrates out over the evaluated windows). Values outside the moneyness range are clamped
 * into the edge bins.
 *
 * Shape: `paths` [N, T + 1, H], `holdings` [N, T, H]; the result's cells [T, bins].
 *
 * Reference: Dard, Pécaut and Soriano, "Hedging is all you need", Figure 4 (holding surfaces across
 * moneyness, time to maturity and models).
 *
 * @param strike - K of the option, in the paths' units.
 */
export function holdingSurface(
  paths: PathBatch,
  holdings: Float64Array,
  strike: number,
  options: HoldingSurfaceOptions = {},
): HoldingSurface {
  const { n, steps, assets, values } = paths;
  const { bins = 12, asset = 0 } = options;
  assertOption(Number.isInteger(bins) && bins >= 1, "bins", bins, "must be an integer ≥ 1");
  assertOption(
    Number.isInteger(asset) && asset >= 0 && asset < assets,
    "asset",
    asset,
    `must be an integer in 0..${assets - 1}`,
  );
  assertOption(Number.isFinite(strike) && strike > 0, "strike", strike, "must be > 0");
  if (holdings.length !== n * steps * assets) {
    throw new Error(`holdings have length ${holdings.length}, expected ${n}×${steps}×${assets}`);
  }
  const moneyness = new Float64Array(n * steps);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < steps; t++)
      moneyness[i * steps + t] = values[(i * (steps + 1) + t) * assets]! / strike;
  }
  const [lower, upper] = options.range ?? defaultRange(moneyness);
  assertOption(upper > lower, "range", [lower, upper], "must have lower < upper");
  const width = (upper - lower) / bins;
  const sums = new Float64Array(steps * bins);
  const count = new Int32Array(steps * bins);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < steps; t++) {
      const m = moneyness[i * steps + t]!;
      const j = Math.min(bins - 1, Math.max(0, Math.floor((m - lower) / width)));
      const cell = t * bins + j;
      sums[cell]! += holdings[(i * steps + t) * assets + asset]!;
      count[cell]!++;
    }
  }
  const holding = sums.map((s, cell) => (count[cell]! > 0 ? s / count[cell]! : Number.NaN));
  return {
    edges: Float64Array.from({ length: bins + 1 }, (_, j) => (j === bins ? upper : lower + j * width)),
    maturities: Int32Array.from({ length: steps }, (_, t) => steps - t),
    holding,
    count,
  };
}

function defaultRange(moneyness: Float64Array): [number, number] {
  if (moneyness.length === 0) return [0.9, 1.1];
  const lower = quantile(moneyness, 0.02);
  const upper = quantile(moneyness, 0.98);
  return upper > lower ? [lower, upper] : [lower - 0.05, lower + 0.05];
}

/** One cell of a {@link HoldingSurface}, as {@link surfaceCellList} lists them. */
export interface HoldingSurfaceCell {
  /** Time to maturity in trading days. */
  maturity: number;
  /** Moneyness S_t/K at the cell's lower and upper edge. */
  lower: number;
  upper: number;
  /** Mean holding (NaN when empty) and the (path, date) pairs averaged. */
  holding: number;
  count: number;
}

/** The cells of a surface, row by row (maturity T first), bins in ascending moneyness. */
export function surfaceCellList(surface: HoldingSurface): HoldingSurfaceCell[] {
  const { edges, maturities, holding, count } = surface;
  const bins = edges.length - 1;
  const cells: HoldingSurfaceCell[] = [];
  maturities.forEach((maturity, t) => {
    for (let j = 0; j < bins; j++) {
      const cell = t * bins + j;
      cells.push({
        maturity,
        lower: edges[j]!,
        upper: edges[j + 1]!,
        holding: holding[cell]!,
        count: count[cell]!,
      });
    }
  });
  return cells;
}
