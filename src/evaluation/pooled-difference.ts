import { assertOption } from "../errors.js";
import {
  blockJackknife,
  jackknifeStandardError,
  overlapCorrection,
  studentTQuantile,
} from "./interval-method.js";

/** A pair of P&L records on the same windows: a strategy's and its baseline's, [N] each, in time order. */
export interface PnlPair {
  pnl: ArrayLike<number>;
  baseline: ArrayLike<number>;
}

/** Options of {@link pooledDifference}. */
export interface PooledDifferenceOptions {
  /** ℓ, windows per jackknife block; cut to ⌊N/2⌋ when the record is shorter than two blocks. */
  blockLength: number;
  /** m, consecutive windows sharing a day (⌈T / stride⌉), for the overlap correction; default 1. */
  overlap?: number;
  /** Coverage of the interval; default 0.95. */
  level?: number;
}

/** A difference pooled over several pairs, with its block-jackknife-t interval. */
export interface PooledDifference {
  /** (1/K) Σ_k [ρ(pnl_k) − ρ(baseline_k)]. */
  estimate: number;
  lower: number;
  upper: number;
  standardError: number;
  level: number;
  /** N, windows of every record. */
  windows: number;
  /** ℓ actually used, in windows. */
  blockLength: number;
  /** J, blocks of the jackknife (the interval is NaN-wide below 2). */
  blocks: number;
}

/**
 * The mean over K pairs of records on the same N windows of ρ(strategy) − ρ(baseline), with a
 * delete-one-block jackknife-t interval: each jackknife value drops the same block of windows from
 * every record, so the interval carries the dependence between the pairs (hedge sets share their
 * windows' dates) as the paired comparisons' jackknife-t does for one pair (`comparePaired`, which
 * this equals for K = 1). The standard error is scaled by the overlap correction
 * ({@link overlapCorrection}) and the half-width is Student's t with J − 1 degrees of freedom.
 *
 * @param statistic - ρ, a risk measure of one record (`(x) => entropicRisk(x, 1.3)`).
 * @returns the estimate, and NaN ends when the record holds fewer than two windows per block.
 * @example pooledDifference([{ pnl: a, baseline: b }], (x) => entropicRisk(x, 1.3), { blockLength: 120, overlap: 30 })
 */
export function pooledDifference(
  pairs: readonly PnlPair[],
  statistic: (x: Float64Array) => number,
  options: PooledDifferenceOptions,
): PooledDifference {
  const { overlap = 1, level = 0.95 } = options;
  assertOption(pairs.length >= 1, "pairs", pairs.length, "needs one pair or more");
  const n = pairs[0]!.pnl.length;
  for (const pair of pairs) {
    assertOption(pair.pnl.length === n, "pnl", pair.pnl.length, `must have the first record's ${n} windows`);
    assertOption(pair.baseline.length === n, "baseline", pair.baseline.length, `must have ${n} windows`);
  }
  assertOption(n >= 2, "pnl", n, "needs at least two windows");
  assertOption(level > 0 && level < 1, "level", level, "must be in (0, 1)");
  const records = pairs.map((p) => ({ a: Float64Array.from(p.pnl), b: Float64Array.from(p.baseline) }));
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const difference = (kept?: Int32Array): number => {
    let sum = 0;
    for (const { a, b } of records) {
      if (kept === undefined) {
        sum += statistic(a) - statistic(b);
        continue;
      }
      const m = kept.length;
      for (let i = 0; i < m; i++) {
        x[i] = a[kept[i]!]!;
        y[i] = b[kept[i]!]!;
      }
      sum += statistic(x.subarray(0, m)) - statistic(y.subarray(0, m));
    }
    return sum / records.length;
  };
  const estimate = difference();
  const length = Math.max(1, Math.min(Math.floor(options.blockLength), Math.floor(n / 2)));
  const values = blockJackknife(n, length, difference);
  const blocks = Math.floor(n / length);
  if (values.length < 2)
    return {
      estimate,
      lower: NaN,
      upper: NaN,
      standardError: NaN,
      level,
      windows: n,
      blockLength: length,
      blocks,
    };
  const standardError = jackknifeStandardError(values) * overlapCorrection(overlap, length);
  const half = studentTQuantile(1 - (1 - level) / 2, values.length - 1) * standardError;
  return {
    estimate,
    lower: estimate - half,
    upper: estimate + half,
    standardError,
    level,
    windows: n,
    blockLength: length,
    blocks,
  };
}
