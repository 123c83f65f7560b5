import { assertOption } from "../errors.js";
import { normalCdf, normalQuantile } from "../math/normal.js";
import { quantileSorted } from "../math/quantile.js";
import { standardDeviation } from "../math/variance.js";
import type { RandomSource } from "../random/random-source.js";

/**
 * How a bootstrap interval is read from the bootstrap draws θ*_b of a statistic with estimate θ̂
 * (Efron & Tibshirani 1993; Davison & Hinkley 1997, ch. 5), at level 1 − 2α:
 * - `"percentile"`: [q_α, q_{1−α}] of the draws;
 * - `"basic"`: [2θ̂ − q_{1−α}, 2θ̂ − q_α], the percentile interval reflected about θ̂ (right when the
 *   draws are skewed the wrong way, as those of tail measures are: a resample that misses the worst
 *   windows is less risky, so the percentile interval of a risk lies mostly below its estimate);
 * - `"normal"`: θ̂ ± z_{1−α} · sd(θ*);
 * - `"bca"`: bias-corrected and accelerated percentiles, with z₀ = Φ⁻¹(#{θ* < θ̂}/B) and the
 *   acceleration from a delete-one-block jackknife (blocks of the bootstrap's length);
 * - `"jackknife-t"`: θ̂ ± t_{J−1, 1−α} · se_J, with se_J² = (J − 1)/J · Σ_j (θ_(j) − θ̄)² the
 *   delete-one-block jackknife variance over J = ⌊n/ℓ⌋ blocks and Student's t with J − 1 degrees of
 *   freedom (few blocks, few degrees of freedom: the interval widens as it should);
 * - `"studentized"`: the block bootstrap-t, [θ̂ − t*_{1−α} se_J, θ̂ − t*_α se_J] with t*_b =
 *   (θ*_b − θ̂)/se*_b, se*_b the delete-one-block jackknife standard error of resample b and se_J
 *   that of the sample: the t* quantiles carry the skewness of the statistic's distribution
 *   (Davison & Hinkley 1997, section 5.2.1).
 * Which one holds its level on overlapping market windows is measured, not assumed: see
 * docs/evaluation.md and `bench/interval-coverage.ts`.
 */
export type IntervalMethod = "percentile" | "basic" | "normal" | "bca" | "jackknife-t" | "studentized";

/** The interval methods, in the order of {@link IntervalMethod}. */
export const INTERVAL_METHODS = [
  "percentile",
  "basic",
  "normal",
  "bca",
  "jackknife-t",
  "studentized",
] as const satisfies readonly IntervalMethod[];

/** True for the methods that need the delete-one-block jackknife values. */
export function needsJackknife(method: IntervalMethod): boolean {
  return method === "bca" || method === "jackknife-t" || method === "studentized";
}

/**
 * The interval of `method` at `level` from the bootstrap draws of a statistic.
 *
 * @param estimate - θ̂, the statistic on the sample.
 * @param draws - θ*_b, [B] (reordered in place: sorted).
 * @param jackknife - for `"bca"`, `"jackknife-t"` and `"studentized"`: the delete-one-block jackknife values θ_(j), [J].
 * @param scales - for `"studentized"`: se*_b, the jackknife standard error of each resample, [B].
 * @param jackknifeScale - factor on the jackknife standard error of the jackknife methods (see
 *   {@link overlapCorrection}); default 1.
 * @returns the interval's ends.
 */
export function intervalFromDraws(
  estimate: number,
  draws: Float64Array,
  level: number,
  method: IntervalMethod,
  jackknife?: Float64Array,
  scales?: Float64Array,
  jackknifeScale = 1,
): { lower: number; upper: number } {
  assertOption(level > 0 && level < 1, "level", level, "must be in (0, 1)");
  const alpha = (1 - level) / 2;
  if (method === "normal") {
    const half = normalQuantile(1 - alpha) * standardDeviation(draws);
    return { lower: estimate - half, upper: estimate + half };
  }
  if (method === "jackknife-t" || method === "studentized") {
    if (!jackknife || jackknife.length < 2)
      throw new Error(`the ${method} interval needs two or more blocks`);
    const se = jackknifeStandardError(jackknife) * jackknifeScale;
    if (method === "jackknife-t") {
      const half = studentTQuantile(1 - alpha, jackknife.length - 1) * se;
      return { lower: estimate - half, upper: estimate + half };
    }
    if (!scales || scales.length !== draws.length)
      throw new Error("the studentized interval needs the standard error of every resample");
    const t = new Float64Array(draws.length);
    for (let b = 0; b < draws.length; b++) {
      const d = draws[b]! - estimate;
      t[b] = d === 0 ? 0 : scales[b]! > 0 ? d / scales[b]! : Math.sign(d) * Number.MAX_VALUE;
    }
    t.sort();
    return {
      lower: estimate - quantileSorted(t, 1 - alpha) * se,
      upper: estimate - quantileSorted(t, alpha) * se,
    };
  }
  const sorted = draws.sort();
  const q = (p: number): number => quantileSorted(sorted, p);
  if (method === "percentile") return { lower: q(alpha), upper: q(1 - alpha) };
  if (method === "basic") return { lower: 2 * estimate - q(1 - alpha), upper: 2 * estimate - q(alpha) };
  if (!jackknife) throw new Error("the BCa interval needs the jackknife values");
  let below = 0;
  for (const x of sorted) if (x < estimate) below++;
  // Clamp the proportion away from 0 and 1 so that z₀ stays finite.
  const share = Math.min(Math.max(below / sorted.length, 0.5 / sorted.length), 1 - 0.5 / sorted.length);
  const z0 = normalQuantile(share);
  let average = 0;
  for (const x of jackknife) average += x / jackknife.length;
  let squares = 0;
  let cubes = 0;
  for (const x of jackknife) {
    const d = average - x;
    squares += d * d;
    cubes += d * d * d;
  }
  const acceleration = squares > 0 ? cubes / (6 * squares ** 1.5) : 0;
  const adjusted = (z: number): number => normalCdf(z0 + (z0 + z) / (1 - acceleration * (z0 + z)));
  return { lower: q(adjusted(normalQuantile(alpha))), upper: q(adjusted(normalQuantile(1 - alpha))) };
}

/**
 * Fills `out` (length n) with the indices of one circular block bootstrap resample (Politis &
 * Romano 1992): ⌈n/ℓ⌉ blocks of ℓ consecutive indices from uniform starts, wrapping around the end,
 * cut to length n.
 */
export function blockResample(out: Int32Array, block: number, random: RandomSource): void {
  const n = out.length;
  const length = Math.min(Math.max(1, block), n);
  for (let filled = 0; filled < n;) {
    const start = random.integer(n);
    for (let k = 0; k < length && filled < n; k++) out[filled++] = (start + k) % n;
  }
}

/**
 * The delete-one-block jackknife of a statistic: the J = ⌊n/ℓ⌋ samples left when one block of ℓ
 * consecutive observations is removed (the last block takes the remainder), each passed to
 * `statistic` as an index list.
 *
 * @returns θ_(j), [J]; empty when J < 2.
 */
export function blockJackknife(
  n: number,
  block: number,
  statistic: (indices: Int32Array) => number,
): Float64Array {
  const length = Math.min(Math.max(1, block), n);
  const blocks = Math.floor(n / length);
  if (blocks < 2) return new Float64Array(0);
  const out = new Float64Array(blocks);
  for (let j = 0; j < blocks; j++) {
    const from = j * length;
    const to = j === blocks - 1 ? n : from + length;
    const kept = new Int32Array(n - (to - from));
    let k = 0;
    for (let i = 0; i < n; i++) if (i < from || i >= to) kept[k++] = i;
    out[j] = statistic(kept);
  }
  return out;
}

/**
 * Student's t quantile t_{ν, p}: in closed form for ν = 1 (the Cauchy quantile tan(π(p − ½))) and
 * ν = 2 ((2p − 1)/√(2p(1 − p))), where the expansion is far off (11.30 for t_{1, 0.975} = 12.71);
 * otherwise by the Cornish–Fisher expansion in 1/ν around the normal quantile z = Φ⁻¹(p)
 * (Abramowitz & Stegun 26.7.5, four terms): relative error below 1e-3 for ν ≥ 3, exact as ν → ∞.
 */
export function studentTQuantile(p: number, dof: number): number {
  assertOption(dof >= 1, "dof", dof, "must be ≥ 1");
  if (dof === 1) return Math.tan(Math.PI * (p - 0.5));
  if (dof === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  const z = normalQuantile(p);
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + g1 / dof + g2 / dof ** 2 + g3 / dof ** 3 + g4 / dof ** 4;
}

/** The jackknife standard error √((J − 1)/J · Σ_j (θ_(j) − θ̄)²) of delete-one-block values θ_(j), [J]. */
export function jackknifeStandardError(values: Float64Array): number {
  const j = values.length;
  let average = 0;
  for (const x of values) average += x / j;
  // Scaled by the largest deviation, so that huge values (a P&L of 1e300) do not overflow the squares.
  let largest = 0;
  for (const x of values) largest = Math.max(largest, Math.abs(x - average));
  if (largest === 0 || !Number.isFinite(largest)) return largest === 0 ? 0 : Number.NaN;
  let squares = 0;
  for (const x of values) squares += ((x - average) / largest) ** 2;
  return Math.sqrt(((j - 1) / j) * squares) * largest;
}

/**
 * The factor on a delete-one-block jackknife standard error for blocks of ℓ observations of which
 * m consecutive ones share days (m = ⌈T / stride⌉ for overlapping windows): neighbouring blocks
 * are then correlated, which biases the jackknife (and block bootstrap) variance of a moving sum,
 * whose autocovariance is triangular over m lags, by about −m/(3ℓ) (Künsch 1989); the factor is
 * 1/√(1 − m/(3ℓ)) (1 for m = 1; ℓ is taken at least m).
 */
export function overlapCorrection(overlap: number, block: number): number {
  if (overlap <= 1) return 1;
  return 1 / Math.sqrt(1 - overlap / (3 * Math.max(block, overlap)));
}
