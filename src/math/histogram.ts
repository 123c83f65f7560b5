import { assertOption } from "../errors.js";

/** Options of {@link histogram}. */
export interface HistogramOptions {
  /** Number of equal-width bins; default 30. */
  bins?: number;
  /** [lower, upper] edges of the binned range; default [min, max] of the finite values. */
  range?: readonly [number, number];
}

/** Equal-width bins over a range, with counts and densities. */
export interface Histogram {
  /** Bin edges, length bins + 1, ascending. */
  edges: Float64Array;
  /** Values per bin, length bins; bin j holds edges[j] ≤ x < edges[j + 1] (the last bin is closed). */
  counts: Float64Array;
  /** counts[j] / (n · width): a density that integrates to the fraction of values inside the range. */
  density: Float64Array;
  /** Number of finite values seen, inside the range or not. */
  n: number;
  /** Finite values outside the range (not counted in any bin). */
  outside: number;
}

/**
 * Equal-width histogram of the finite values of `values` (NaN and ±∞ are skipped), with its density
 * normalised by the number of finite values, so that histograms of samples of different sizes are
 * comparable (the paper's Figure 1).
 *
 * Formula: width w = (upper − lower)/bins, bin j = ⌊(x − lower)/w⌋ (x = upper in the last bin),
 * density_j = count_j/(n·w).
 *
 * Shape: `values` is [n]; the result's arrays are [bins + 1] (edges) and [bins].
 *
 * @example
 * histogram([0, 0.5, 1], { bins: 2 }).counts; // [1, 2]
 */
export function histogram(values: ArrayLike<number>, options: HistogramOptions = {}): Histogram {
  const { bins = 30 } = options;
  assertOption(Number.isInteger(bins) && bins >= 1, "bins", bins, "must be an integer ≥ 1");
  let lower: number;
  let upper: number;
  if (options.range) {
    [lower, upper] = options.range;
    assertOption(
      Number.isFinite(lower) && Number.isFinite(upper) && upper > lower,
      "range",
      options.range,
      "must be two finite numbers, lower < upper",
    );
  } else {
    lower = Number.POSITIVE_INFINITY;
    upper = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < values.length; i++) {
      const x = values[i]!;
      if (!Number.isFinite(x)) continue;
      if (x < lower) lower = x;
      if (x > upper) upper = x;
    }
    if (!(upper >= lower)) [lower, upper] = [0, 1];
    if (upper === lower) [lower, upper] = [lower - 0.5, upper + 0.5];
  }
  const width = (upper - lower) / bins;
  const edges = Float64Array.from({ length: bins + 1 }, (_, j) => (j === bins ? upper : lower + j * width));
  const counts = new Float64Array(bins);
  let n = 0;
  let outside = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (!Number.isFinite(x)) continue;
    n++;
    if (x < lower || x > upper) {
      outside++;
      continue;
    }
    counts[Math.min(bins - 1, Math.floor((x - lower) / width))]!++;
  }
  const density = counts.map((c) => (n === 0 ? 0 : c / (n * width)));
  return { edges, counts, density, n, outside };
}
