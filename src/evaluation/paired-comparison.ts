import { assertOption } from "../errors.js";
import { mean } from "../math/mean.js";
import { standardDeviation } from "../math/variance.js";
import { DEFAULT_RISK_AVERSION, entropicRisk } from "../risk/entropic-risk.js";
import { expectedShortfall } from "../risk/expected-shortfall.js";
import type { RandomSource } from "../random/random-source.js";
import { DEFAULT_RESAMPLES } from "./bootstrap.js";
import {
  blockJackknife,
  blockResample,
  intervalFromDraws,
  jackknifeStandardError,
  needsJackknife,
  overlapCorrection,
  type IntervalMethod,
} from "./interval-method.js";

/** The metrics compared pairwise: mean P&L, its standard deviation, CVaR (expected shortfall) and entropic risk. */
export const PAIRED_METRICS = ["mean", "std", "cvar", "entropic"] as const;
/** A metric of {@link PAIRED_METRICS}. */
export type PairedMetric = (typeof PAIRED_METRICS)[number];

/**
 * The interval method of paired comparisons: the delete-one-block jackknife with Student's t and the
 * overlap correction, chosen because its coverage on simulated overlapping windows was measured
 * closest to the nominal level among the methods of {@link IntervalMethod} (docs/evaluation.md):
 * every bootstrap reading of the same draws covered less.
 */
export const DEFAULT_PAIRED_METHOD: IntervalMethod = "jackknife-t";

/**
 * The default block length of paired comparisons in units of the windows' overlap ⌈T / stride⌉:
 * the measured coverage fell short with blocks of one overlap (docs/evaluation.md).
 */
export const PAIRED_BLOCK_MULTIPLE = 4;

/**
 * The blocks of a paired comparison on a record of n windows ({@link pairedBlocks}): the ones
 * requested and the ones actually used.
 */
export interface PairedBlocks {
  /** n, windows of the record. */
  windows: number;
  /** The block length requested, in windows (`evaluation.paired.blockLength`: 4 ⌈T / stride⌉ by default). */
  requestedBlockLength: number;
  /**
   * ℓ, the block length actually used, in windows: the requested one, cut to ⌊n/2⌋ for the
   * jackknife methods when the record holds fewer than two requested blocks.
   */
  blockLength: number;
  /**
   * J = ⌊n/ℓ⌋, the number of blocks actually used (of the jackknife; of the block bootstrap, the
   * record's length in blocks of ℓ).
   */
  blocks: number;
}

/** A strategy's paired comparison with a baseline on the same windows, with the blocks actually used. */
export interface PairedComparison extends PairedBlocks {
  /** The baseline's strategy name (`delta`). */
  baseline: string;
  /** One difference per metric of {@link PAIRED_METRICS}. */
  differences: PairedDifference[];
}

/** Options of {@link comparePaired}. */
export interface PairedComparisonOptions {
  /** λ of the entropic risk; default 1.3. */
  riskAversion?: number;
  /** α of the CVaR; default 0.95. */
  cvarLevel?: number;
  /** Resamples B; default 1000. */
  resamples?: number;
  /** Coverage of the intervals; default 0.95. */
  level?: number;
  /** ℓ, block length of the circular block bootstrap; default 1. Use ⌈T / stride⌉ or more for overlapping windows. */
  blockLength?: number;
  /** How the interval is read from the draws; default {@link DEFAULT_PAIRED_METHOD}. */
  method?: IntervalMethod;
  /** m, consecutive windows sharing a day (⌈T / stride⌉), for the jackknife methods' overlap correction; default 1 (none). */
  overlap?: number;
  /** {@link pairedDraws}: also the jackknife standard error of every resample (the studentized interval's); default: when the method is studentized. */
  studentize?: boolean;
}

/** One paired difference, strategy − baseline, with its bootstrap interval. */
export interface PairedDifference {
  metric: PairedMetric;
  /** metric(strategy) − metric(baseline) on the same windows. */
  estimate: number;
  lower: number;
  upper: number;
  level: number;
  method: IntervalMethod;
  /** Standard error of the difference: the jackknife's for `"jackknife-t"`, else the bootstrap draws' standard deviation. */
  standardError: number;
  /**
   * Whether the interval excludes 0, and on which side: `"below"` (upper < 0), `"above"`
   * (lower > 0) or `"no"`. Lower is better for std, CVaR and entropic risk; higher for the mean.
   */
  excludesZero: "below" | "above" | "no";
}

/** The value of `metric` on a P&L sample. */
export function pairedMetric(
  metric: PairedMetric,
  pnl: Float64Array,
  riskAversion: number,
  cvarLevel: number,
): number {
  if (metric === "mean") return mean(pnl);
  if (metric === "std") return standardDeviation(pnl);
  if (metric === "cvar") return expectedShortfall(pnl, cvarLevel);
  return entropicRisk(pnl, riskAversion);
}

/** The bootstrap draws of every paired difference, before an interval is read from them. */
export interface PairedDraws {
  /** metric(strategy) − metric(baseline) on the sample, in the order of {@link PAIRED_METRICS}. */
  estimates: number[];
  /** The B bootstrap draws of each difference, [4][B]. */
  draws: Float64Array[];
  /** The delete-one-block jackknife values of difference m (for the BCa and jackknife intervals). */
  jackknife: (m: number) => Float64Array;
  /** With `studentize`: the jackknife standard error of every resample's difference, [4][B]. */
  scales?: Float64Array[];
}

/**
 * The paired circular block bootstrap of the four differences (see {@link comparePaired}): every
 * resample draws the same blocks of windows for both P&Ls.
 */
export function pairedDraws(
  pnl: ArrayLike<number>,
  baseline: ArrayLike<number>,
  random: RandomSource,
  options: PairedComparisonOptions = {},
): PairedDraws {
  const {
    riskAversion = DEFAULT_RISK_AVERSION,
    cvarLevel = 0.95,
    resamples = DEFAULT_RESAMPLES,
    blockLength = 1,
  } = options;
  const n = pnl.length;
  assertOption(baseline.length === n, "baseline", baseline.length, `must have the strategy's ${n} windows`);
  assertOption(n >= 2, "pnl", n, "needs at least two windows");
  assertOption(
    Number.isInteger(resamples) && resamples >= 2,
    "resamples",
    resamples,
    "must be an integer ≥ 2",
  );
  assertOption(Number.isInteger(blockLength) && blockLength >= 1, "blockLength", blockLength, "must be ≥ 1");
  const a = Float64Array.from(pnl);
  const b = Float64Array.from(baseline);
  const difference = (metric: PairedMetric, x: Float64Array, y: Float64Array): number =>
    pairedMetric(metric, x, riskAversion, cvarLevel) - pairedMetric(metric, y, riskAversion, cvarLevel);
  const draws = PAIRED_METRICS.map(() => new Float64Array(resamples));
  const studentize = options.studentize ?? options.method === "studentized";
  const scales = studentize ? PAIRED_METRICS.map(() => new Float64Array(resamples)) : undefined;
  const indices = new Int32Array(n);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let r = 0; r < resamples; r++) {
    blockResample(indices, blockLength, random);
    for (let i = 0; i < n; i++) {
      x[i] = a[indices[i]!]!;
      y[i] = b[indices[i]!]!;
    }
    PAIRED_METRICS.forEach((metric, m) => (draws[m]![r] = difference(metric, x, y)));
    if (scales) {
      // The resample is a run of blocks of ℓ: its delete-one-block jackknife removes one of them.
      PAIRED_METRICS.forEach((metric, m) => {
        scales[m]![r] = jackknifeStandardError(
          blockJackknife(n, blockLength, (kept) =>
            difference(
              metric,
              Float64Array.from(kept, (i) => x[i]!),
              Float64Array.from(kept, (i) => y[i]!),
            ),
          ),
        );
      });
    }
  }
  return {
    ...(scales ? { scales } : {}),
    estimates: PAIRED_METRICS.map((metric) => difference(metric, a, b)),
    draws,
    jackknife: (m) =>
      blockJackknife(n, blockLength, (kept) =>
        difference(
          PAIRED_METRICS[m]!,
          Float64Array.from(kept, (i) => a[i]!),
          Float64Array.from(kept, (i) => b[i]!),
        ),
      ),
  };
}

/**
 * The blocks that {@link comparePaired} uses on a record of n windows: the jackknife methods need
 * two blocks at least, so a record shorter than two requested blocks gets blocks of ⌊n/2⌋ windows
 * (and Student's t with one degree of freedom: a wide interval, as it should be); the bootstrap
 * methods keep the requested length.
 *
 * @param n - windows of the record.
 * @param blockLength - the requested ℓ, in windows.
 * @example pairedBlocks(300, 120) // ℓ = 120, J = 2; pairedBlocks(200, 120): ℓ = 100, J = 2 (cut)
 */
export function pairedBlocks(
  n: number,
  blockLength: number,
  method: IntervalMethod = DEFAULT_PAIRED_METHOD,
): PairedBlocks {
  const length = needsJackknife(method)
    ? Math.max(1, Math.min(blockLength, Math.floor(n / 2)))
    : Math.max(1, blockLength);
  return {
    windows: n,
    requestedBlockLength: blockLength,
    blockLength: length,
    blocks: n < 1 ? 0 : Math.floor(n / Math.min(length, n)),
  };
}

/**
 * The record's length in blocks of the requested length, ⌊n / ℓ_requested⌋: the blocks actually
 * used, J, unless they were cut for a short record (then 1, or 0 below one requested block). The
 * verdicts' measured coverage is indexed by it (`MIN_BLOCKS` in `paired-verdict.ts`).
 */
export function recordBlocks(blocks: Pick<PairedBlocks, "windows" | "requestedBlockLength">): number {
  return Math.floor(blocks.windows / Math.max(1, blocks.requestedBlockLength));
}

/**
 * Paired comparison of a strategy with a baseline on the same windows: for each metric of
 * {@link PAIRED_METRICS}, the difference metric(strategy) − metric(baseline) and a paired circular
 * block bootstrap interval: every resample draws the same blocks of windows for both P&Ls, so the
 * interval reflects the uncertainty of the difference (much smaller than that of either metric when
 * the strategies are close), not of each metric alone.
 *
 * Shape: `pnl` and `baseline` are [N], window i of both the same dates, in time order.
 *
 * @param random - the seeded source of the resamples.
 * @example comparePaired(rnnPnl, deltaPnl, createRandom(42), { blockLength: 30 })
 */
export function comparePaired(
  pnl: ArrayLike<number>,
  baseline: ArrayLike<number>,
  random: RandomSource,
  options: PairedComparisonOptions = {},
): PairedDifference[] {
  const { level = 0.95, method = DEFAULT_PAIRED_METHOD, overlap = 1 } = options;
  const { blockLength } = pairedBlocks(pnl.length, options.blockLength ?? 1, method);
  // The jackknife-t interval needs no resamples: two keep the draws' shape.
  const { estimates, draws, jackknife, scales } = pairedDraws(pnl, baseline, random, {
    ...options,
    blockLength,
    ...(method === "jackknife-t" ? { resamples: 2 } : {}),
  });
  return PAIRED_METRICS.map((metric, m) => {
    const estimate = estimates[m]!;
    const scale = overlapCorrection(overlap, blockLength);
    const values = needsJackknife(method) ? jackknife(m) : undefined;
    const standardError =
      method === "jackknife-t" ? jackknifeStandardError(values!) * scale : standardDeviation(draws[m]!);
    const { lower, upper } = intervalFromDraws(
      estimate,
      draws[m]!,
      level,
      method,
      values,
      scales?.[m],
      scale,
    );
    return {
      metric,
      estimate,
      lower,
      upper,
      level,
      method,
      standardError,
      excludesZero: upper < 0 ? "below" : lower > 0 ? "above" : "no",
    };
  });
}
