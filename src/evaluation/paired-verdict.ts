import {
  recordBlocks,
  type PairedBlocks,
  type PairedDifference,
  type PairedMetric,
} from "./paired-comparison.js";

/**
 * The least coverage, measured by simulation, at which a paired interval's verdict (better / same /
 * worse) is printed as such: 93% for a nominal 95% (issue 20). Below it the verdict is indicative.
 */
export const RELIABLE_COVERAGE = 0.93;

/**
 * J_min, the least record length, in blocks of the requested ℓ = 4 ⌈T / stride⌉ windows, at which the
 * 95% jackknife-t interval of Δmean covered 93% or more in every scenario measured
 * ({@link MEASURED_PAIRED_COVERAGE}: 93.5–94.9% with one block, cut in two by `comparePaired`, ± 0.5). Shorter records (fewer than ℓ windows, blocks of fewer than
 * ℓ/2) were not measured: no paired verdict is given ("too short to tell"), for any metric.
 */
export const MIN_BLOCKS = 1;

/** The measured coverage of the paired metrics' 95% jackknife-t intervals on records of J blocks. */
export interface MeasuredCoverage {
  /** J, the record's length in blocks of ℓ = 4T windows (`recordBlocks`). */
  blocks: number;
  /** Per metric, the share of intervals that covered the truth: the worst of the scenarios measured. */
  coverage: Record<PairedMetric, number>;
}

/**
 * The measured coverage of the 95% jackknife-t intervals with the overlap correction (the default of
 * `comparePaired`) on records of J blocks, the source of truth for "indicative": the worst of the
 * four paired scenarios of `bench/interval-coverage.ts` (tilt-misestimated, short-overestimated,
 * tilt-only, tilt-misestimated-clustered), blocks of ℓ = 4T = 120 windows, T = 30, stride 1.
 * J = 1, 2, 3 (one or two degrees of freedom, measured again with the exact t quantiles of
 * `studentTQuantile`): `--blocks 120 --blocks-count 1,2,3`; J = 5, 10, 20: `--blocks-count 5,10,20`; 2,000
 * replications, seed 2026 (docs/evaluation.md, "Coverage of short records"; J = 1 is one block of 120
 * windows, cut into two of 60 as `comparePaired` cuts it); J = 7: the 952 windows of the 982-day test
 * period, 1,000 replications ("Coverage across scenarios"). Binomial standard error 0.4–1.1 points.
 * A J between two measured ones takes the worse of their figures ({@link measuredPairedCoverage}).
 */
export const MEASURED_PAIRED_COVERAGE: readonly MeasuredCoverage[] = [
  { blocks: 1, coverage: { mean: 0.935, std: 0.925, cvar: 0.923, entropic: 0.813 } },
  { blocks: 2, coverage: { mean: 0.947, std: 0.936, cvar: 0.934, entropic: 0.832 } },
  { blocks: 3, coverage: { mean: 0.945, std: 0.938, cvar: 0.881, entropic: 0.632 } },
  { blocks: 5, coverage: { mean: 0.943, std: 0.93, cvar: 0.857, entropic: 0.536 } },
  { blocks: 7, coverage: { mean: 0.954, std: 0.938, cvar: 0.87, entropic: 0.477 } },
  { blocks: 10, coverage: { mean: 0.947, std: 0.946, cvar: 0.879, entropic: 0.46 } },
  { blocks: 20, coverage: { mean: 0.948, std: 0.945, cvar: 0.888, entropic: 0.433 } },
];

/** Whether a paired difference is better, the same or worse than the baseline's (see {@link pairedDirection}). */
export type PairedDirection = "better" | "same" | "worse";

/**
 * How far a paired verdict can be read: `"reliable"` when the interval's coverage was measured at
 * {@link RELIABLE_COVERAGE} or more for its method, level and number of blocks; `"indicative"` when it
 * was measured lower, or not measured (another method or level); `"too-short"` with fewer than
 * {@link MIN_BLOCKS} blocks.
 */
export type PairedReliability = "reliable" | "indicative" | "too-short";

/** The verdict on a paired difference strategy − baseline. */
export interface PairedVerdict {
  direction: PairedDirection;
  reliability: PairedReliability;
  /** The measured coverage behind `reliability` (absent when none was measured, or too short). */
  coverage?: number;
}

/**
 * The direction of a paired difference strategy − baseline: `"better"` when the interval excludes 0
 * on the good side (above for the mean, below for std, CVaR and entropic risk), `"worse"` on the
 * other side, `"same"` (not significantly different) when it reaches 0.
 */
export function pairedDirection(difference: PairedDifference): PairedDirection {
  if (difference.excludesZero === "no") return "same";
  const higherIsBetter = difference.metric === "mean";
  return (difference.excludesZero === "above") === higherIsBetter ? "better" : "worse";
}

/**
 * The measured coverage of the 95% jackknife-t interval of `metric` on a record of J = `blocks`
 * blocks ({@link MEASURED_PAIRED_COVERAGE}): the figure measured at J; between two measured J, the
 * worse of the two; beyond the last measured, the last's; undefined below the first.
 */
export function measuredPairedCoverage(metric: PairedMetric, blocks: number): number | undefined {
  const rows = MEASURED_PAIRED_COVERAGE;
  const at = rows.findIndex((row) => row.blocks >= blocks);
  if (at === -1) return rows[rows.length - 1]?.coverage[metric];
  const row = rows[at]!;
  if (row.blocks === blocks) return row.coverage[metric];
  const before = rows[at - 1];
  return before === undefined ? undefined : Math.min(before.coverage[metric], row.coverage[metric]);
}

/**
 * The verdict on a paired difference: too short when the record holds fewer than
 * {@link MIN_BLOCKS} blocks of the requested length (J = {@link recordBlocks}; every metric, every
 * method); else its direction ({@link pairedDirection}), reliable when the measured coverage of a 95%
 * jackknife-t interval of that metric at that J is {@link RELIABLE_COVERAGE} or more, indicative
 * otherwise and for any other method or level (whose coverage at that record length was not
 * measured).
 *
 * @param record - the comparison's blocks (`PairedComparison`: its windows and requested block length).
 * @example pairedVerdict(d, comparison) // { direction: "better", reliability: "reliable", coverage: 0.943 }
 */
export function pairedVerdict(
  difference: PairedDifference,
  record: Pick<PairedBlocks, "windows" | "requestedBlockLength">,
): PairedVerdict {
  const direction = pairedDirection(difference);
  const blocks = recordBlocks(record);
  if (blocks < MIN_BLOCKS) return { direction, reliability: "too-short" };
  if (difference.method !== "jackknife-t" || difference.level !== 0.95)
    return { direction, reliability: "indicative" };
  const coverage = measuredPairedCoverage(difference.metric, blocks);
  if (coverage === undefined) return { direction, reliability: "indicative" };
  return { direction, reliability: coverage >= RELIABLE_COVERAGE ? "reliable" : "indicative", coverage };
}

/** A verdict as printed: `better`, `same (indicative)`, `too short to tell`. */
export function formatPairedVerdict(verdict: PairedVerdict): string {
  if (verdict.reliability === "too-short") return "too short to tell";
  return verdict.reliability === "indicative" ? `${verdict.direction} (indicative)` : verdict.direction;
}

/** Whether a verdict says better or worse and can be read so: reliable and not `same`. */
export function isSignificant(verdict: PairedVerdict): boolean {
  return verdict.reliability === "reliable" && verdict.direction !== "same";
}

/**
 * What a record too short to tell would need: J_min = {@link MIN_BLOCKS} blocks of the requested ℓ
 * windows, J_min·ℓ windows, about J_min·ℓ·stride trading days (plus one window's T).
 *
 * @param record - the comparison's blocks (`PairedComparison`).
 * @example tooShortNote(pairedBlocks(200, 120)) // "too short to tell: 200 windows (2 blocks of 100 used); a verdict needs …"
 */
export function tooShortNote(record: PairedBlocks): string {
  const windows = MIN_BLOCKS * record.requestedBlockLength;
  return (
    `too short to tell: ${record.windows} windows (${record.blocks} blocks of ${record.blockLength} used); ` +
    `a verdict needs ${MIN_BLOCKS} block${MIN_BLOCKS === 1 ? "" : "s"} of ${record.requestedBlockLength} or more, a record of ${windows} windows ` +
    `(about ${windows} trading days at stride 1, stride × that otherwise)`
  );
}
