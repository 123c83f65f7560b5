import { assertOption } from "../errors.js";
import { quantileSorted } from "../math/quantile.js";
import { standardDeviation } from "../math/variance.js";
import type { RandomSource } from "../random/random-source.js";
import {
  blockJackknife,
  intervalFromDraws,
  jackknifeStandardError,
  needsJackknife,
  overlapCorrection,
  type IntervalMethod,
} from "./interval-method.js";

/** Options of {@link bootstrapInterval}. */
export interface BootstrapOptions {
  /** Number of bootstrap resamples B; default 1000. */
  resamples?: number;
  /** Coverage of the interval; default 0.95. */
  level?: number;
  /**
   * Block length ℓ of the circular block bootstrap; default 1 (the i.i.d. bootstrap). P&Ls of
   * overlapping market windows are serially dependent: resample blocks at least as long as the
   * overlap (⌈T / stride⌉ windows) so that the interval keeps its coverage.
   */
  blockLength?: number;
  /**
   * How the interval is read ({@link IntervalMethod}); default `"percentile"`. `"jackknife-t"` needs
   * no resamples: the delete-one-block jackknife over blocks of `blockLength` with Student's t.
   */
  method?: IntervalMethod;
  /** m, consecutive observations sharing a day, for the jackknife's overlap correction; default 1. */
  overlap?: number;
}

/** A confidence interval of a statistic (a bootstrap or jackknife interval). */
export interface ConfidenceInterval {
  /** The statistic on the sample itself. */
  estimate: number;
  /** Lower end (the (1 − level)/2 quantile of the bootstrap distribution for the percentile method). */
  lower: number;
  /** Upper end (the (1 + level)/2 quantile of the bootstrap distribution for the percentile method). */
  upper: number;
  /** Coverage level. */
  level: number;
  /** Standard deviation of the bootstrap distribution (the bootstrap standard error). */
  standardError: number;
}

/** Default number of bootstrap resamples. */
export const DEFAULT_RESAMPLES = 1000;

/**
 * Percentile bootstrap confidence interval of `statistic` (Efron & Tibshirani 1993, ch. 13), with
 * the circular block bootstrap of Politis & Romano (1992) when `blockLength` > 1: each resample
 * joins ⌈n/ℓ⌉ blocks of ℓ consecutive observations (wrapping around the end), cut to length n.
 *
 * @param sample - observations in time order, shape [n].
 * @param statistic - the statistic, e.g. the mean or the entropic risk.
 * @param random - the seeded source the resampling draws from.
 */
export function bootstrapInterval(
  sample: ArrayLike<number>,
  statistic: (resample: Float64Array) => number,
  random: RandomSource,
  options: BootstrapOptions = {},
): ConfidenceInterval {
  const {
    resamples = DEFAULT_RESAMPLES,
    level = 0.95,
    blockLength = 1,
    method = "percentile",
    overlap = 1,
  } = options;
  const n = sample.length;
  assertOption(
    Number.isInteger(resamples) && resamples >= 2,
    "resamples",
    resamples,
    "must be an integer ≥ 2",
  );
  assertOption(level > 0 && level < 1, "level", level, "must be in (0, 1)");
  assertOption(Number.isInteger(blockLength) && blockLength >= 1, "blockLength", blockLength, "must be ≥ 1");
  assertOption(n >= 1, "sample", n, "must hold at least one observation");
  assertOption(method !== "studentized", "method", method, "is for paired comparisons (comparePaired)");
  const data = Float64Array.from(sample);
  const estimate = statistic(data);
  if (method === "jackknife-t" && n >= 2) {
    // Two blocks at least: a short sample gets shorter blocks (and a wide t interval).
    const block = Math.max(1, Math.min(blockLength, Math.floor(n / 2)));
    const jackknife = blockJackknife(n, block, (kept) => statistic(Float64Array.from(kept, (i) => data[i]!)));
    const scale = overlapCorrection(overlap, block);
    const { lower, upper } = intervalFromDraws(
      estimate,
      new Float64Array(0),
      level,
      method,
      jackknife,
      undefined,
      scale,
    );
    return { estimate, lower, upper, level, standardError: jackknifeStandardError(jackknife) * scale };
  }
  const block = Math.min(blockLength, n);
  const draws = new Float64Array(resamples);
  const resample = new Float64Array(n);
  for (let b = 0; b < resamples; b++) {
    for (let filled = 0; filled < n;) {
      const start = random.integer(n);
      for (let k = 0; k < block && filled < n; k++) resample[filled++] = data[(start + k) % n]!;
    }
    draws[b] = statistic(resample);
  }
  const standardError = standardDeviation(draws);
  const jackknife = needsJackknife(method)
    ? blockJackknife(n, blockLength, (kept) => statistic(Float64Array.from(kept, (i) => data[i]!)))
    : undefined;
  if (jackknife && jackknife.length < 2) {
    // Fewer than two blocks: no jackknife, the percentile interval of the draws.
    const sorted = draws.sort();
    return {
      estimate,
      lower: quantileSorted(sorted, (1 - level) / 2),
      upper: quantileSorted(sorted, (1 + level) / 2),
      level,
      standardError,
    };
  }
  const { lower, upper } = intervalFromDraws(estimate, draws, level, method, jackknife);
  return { estimate, lower, upper, level, standardError };
}
