import { assertOption } from "../errors.js";

/**
 * The random draws k-means++ needs: uniforms in [0, 1). A `RandomSource` (src/random) is one; the
 * structural type keeps `src/math` from importing `src/random`.
 */
export interface UniformSource {
  /** A uniform draw in [0, 1). */
  uniform(): number;
}

/**
 * k-means++ seeding: k distinct rows of the data, each drawn with probability proportional to its
 * squared distance to the nearest row chosen so far.
 *
 * Algorithm: the first center is a uniform draw among the N rows; center j + 1 is row i with
 * probability D(xᵢ)² / Σₗ D(xₗ)², where D(x) is the Euclidean distance from x to the nearest of
 * the j centers already chosen (the "D² weighting", which gives an O(log k)-competitive clustering
 * in expectation). Rows already chosen have D = 0 and are never drawn again, so the centers are
 * distinct rows; if fewer than k distinct rows exist (Σ D² = 0), the remaining centers are drawn
 * uniformly among the rows not chosen yet (so some centers then coincide in value). This is the
 * paper's algorithm, without scikit-learn's greedy local trials. Cost O(N k D).
 *
 * Shape: `data` is [N, D] row-major (row i at i·D); the result is [k, D] row-major.
 *
 * Reference: D. Arthur and S. Vassilvitskii, "k-means++: the advantages of careful seeding",
 * Proc. 18th ACM-SIAM SODA (2007) 1027–1035, section 2.2.
 *
 * @param n - N, the number of rows, an integer ≥ k.
 * @param dimension - D, the number of columns, an integer ≥ 1.
 * @param k - the number of centers, an integer in 1..N.
 * @param random - the seeded source of the draws (k draws in all).
 */
export function kMeansPlusPlus(
  data: ArrayLike<number>,
  n: number,
  dimension: number,
  k: number,
  random: UniformSource,
): Float64Array {
  assertData(data, n, dimension);
  assertOption(Number.isInteger(k) && k >= 1 && k <= n, "k", k, `must be an integer in 1..N = ${n}`);
  const centers = new Float64Array(k * dimension);
  const chosen = new Uint8Array(n);
  const nearest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  let index = Math.min(n - 1, Math.floor(random.uniform() * n));
  for (let j = 0; j < k; j++) {
    chosen[index] = 1;
    for (let d = 0; d < dimension; d++) centers[j * dimension + d] = data[index * dimension + d]!;
    if (j === k - 1) break;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const distance = squaredDistance(data, i, centers, j, dimension);
      if (distance < nearest[i]!) nearest[i] = distance;
      total += nearest[i]!;
    }
    index = total > 0 ? drawWeighted(nearest, total, random) : drawUnchosen(chosen, random);
  }
  return centers;
}

/** Options of {@link kMeans}. */
export interface KMeansOptions {
  /** The most Lloyd iterations; a positive integer, default 300 (scikit-learn's). */
  maxIterations?: number;
  /**
   * Stop when the total squared movement of the centers in one iteration, Σⱼ ‖cⱼ′ − cⱼ‖², is at
   * most `tolerance` × (the mean over columns of the data's variance); default 1e-4 (scikit-learn's
   * convention). Lloyd also stops, converged, as soon as no label changes.
   */
  tolerance?: number;
}

/** The result of {@link kMeans}. */
export interface KMeansResult {
  /** The cluster centers, [k, D] row-major. */
  centers: Float64Array;
  /** The index of the nearest center of each row, [N], values in 0..k − 1. */
  labels: Int32Array;
  /** Σᵢ ‖xᵢ − c_{labelᵢ}‖², the within-cluster sum of squares (in squared data units). */
  inertia: number;
  /** The Lloyd iterations run (center updates). */
  iterations: number;
  /** Whether a stopping rule held within `maxIterations`. */
  converged: boolean;
}

/**
 * k-means clustering by Lloyd's algorithm from k-means++ seeds.
 *
 * Algorithm: seed with {@link kMeansPlusPlus}, label every row by its nearest center, then repeat
 * (1) move each center to the mean of its rows, (2) relabel, until no label changes or the centers
 * move by less than the tolerance. A cluster left empty is moved to the row farthest from its own
 * center (as scikit-learn does), so every returned center owns at least one row when the data have
 * k distinct rows. The returned labels are the nearest centers of the returned centers (ties go
 * to the lower index). Each iteration can only lower the inertia; the result is a local minimum.
 *
 * Shape: `data` is [N, D] row-major; see {@link KMeansResult}.
 *
 * Reference: S. P. Lloyd, "Least squares quantization in PCM", IEEE Trans. Inf. Theory 28 (1982)
 * 129–137; seeding by Arthur and Vassilvitskii (2007), see {@link kMeansPlusPlus}.
 *
 * @param k - the number of clusters, an integer in 1..N.
 * @param random - the seeded source of the k-means++ draws.
 */
export function kMeans(
  data: ArrayLike<number>,
  n: number,
  dimension: number,
  k: number,
  random: UniformSource,
  options: KMeansOptions = {},
): KMeansResult {
  const { maxIterations = 300, tolerance = 1e-4 } = options;
  assertOption(
    Number.isInteger(maxIterations) && maxIterations >= 1,
    "maxIterations",
    maxIterations,
    "must be a positive integer",
  );
  assertOption(
    Number.isFinite(tolerance) && tolerance >= 0,
    "tolerance",
    tolerance,
    "must be a finite number ≥ 0",
  );
  const centers = kMeansPlusPlus(data, n, dimension, k, random);
  const threshold = tolerance * meanColumnVariance(data, n, dimension);
  let labels = assignNearest(data, n, dimension, centers, k);
  let iterations = 0;
  let converged = false;
  const sums = new Float64Array(k * dimension);
  const counts = new Int32Array(k);
  while (iterations < maxIterations) {
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const j = labels[i]!;
      counts[j]!++;
      for (let d = 0; d < dimension; d++) sums[j * dimension + d]! += data[i * dimension + d]!;
    }
    let shift = 0;
    for (let j = 0; j < k; j++) {
      if (counts[j] === 0) continue;
      for (let d = 0; d < dimension; d++) {
        const updated = sums[j * dimension + d]! / counts[j]!;
        shift += (updated - centers[j * dimension + d]!) ** 2;
        centers[j * dimension + d] = updated;
      }
    }
    shift += relocateEmpty(data, n, dimension, centers, labels, counts);
    iterations++;
    const next = assignNearest(data, n, dimension, centers, k);
    let changed = false;
    for (let i = 0; i < n && !changed; i++) changed = next[i] !== labels[i];
    labels = next;
    if (!changed || shift <= threshold) {
      converged = true;
      break;
    }
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += squaredDistance(data, i, centers, labels[i]!, dimension);
  return { centers, labels, inertia, iterations, converged };
}

/**
 * Moves each empty cluster to the row farthest from its current center; returns the squared shift.
 */
function relocateEmpty(
  data: ArrayLike<number>,
  n: number,
  dimension: number,
  centers: Float64Array,
  labels: Int32Array,
  counts: Int32Array,
): number {
  let shift = 0;
  const taken = new Uint8Array(n);
  for (let j = 0; j < counts.length; j++) {
    if (counts[j] !== 0) continue;
    let far = -1;
    let farDistance = -1;
    for (let i = 0; i < n; i++) {
      if (taken[i]) continue;
      const distance = squaredDistance(data, i, centers, labels[i]!, dimension);
      if (distance > farDistance) {
        farDistance = distance;
        far = i;
      }
    }
    if (far < 0) break;
    taken[far] = 1;
    for (let d = 0; d < dimension; d++) {
      const value = data[far * dimension + d]!;
      shift += (value - centers[j * dimension + d]!) ** 2;
      centers[j * dimension + d] = value;
    }
  }
  return shift;
}

/**
 * The index of the nearest center (Euclidean) of each row, the lower index on ties: the assignment
 * step of Lloyd's algorithm.
 *
 * Shape: `data` is [N, D] row-major, `centers` [k, D] row-major; the result is [N], values in 0..k − 1.
 *
 * Reference: Lloyd (1982), see {@link kMeans}.
 */
export function assignNearest(
  data: ArrayLike<number>,
  n: number,
  dimension: number,
  centers: Float64Array,
  k: number,
): Int32Array {
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let j = 0; j < k; j++) {
      const distance = squaredDistance(data, i, centers, j, dimension);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = j;
      }
    }
    labels[i] = best;
  }
  return labels;
}

/** ‖row i of data − row j of centers‖². */
function squaredDistance(
  data: ArrayLike<number>,
  i: number,
  centers: Float64Array,
  j: number,
  dimension: number,
): number {
  let s = 0;
  for (let d = 0; d < dimension; d++) {
    const delta = data[i * dimension + d]! - centers[j * dimension + d]!;
    s += delta * delta;
  }
  return s;
}

/** The first index whose running sum of `weights` exceeds u·total, u uniform: P(i) = wᵢ / total. */
function drawWeighted(weights: Float64Array, total: number, random: UniformSource): number {
  const target = random.uniform() * total;
  let running = 0;
  let last = 0;
  for (let i = 0; i < weights.length; i++) {
    // The running sum repeats the additions that made `total`, so it reaches `total` > target
    // exactly; only rows of positive weight (D > 0, not yet chosen) can be the first to pass.
    running += weights[i]!;
    if (weights[i]! > 0) last = i;
    if (running > target) return i;
  }
  return last;
}

/** A uniform draw among the rows not chosen yet. */
function drawUnchosen(chosen: Uint8Array, random: UniformSource): number {
  let free = 0;
  for (let i = 0; i < chosen.length; i++) if (!chosen[i]) free++;
  let skip = Math.min(free - 1, Math.floor(random.uniform() * free));
  for (let i = 0; i < chosen.length; i++) {
    if (chosen[i]) continue;
    if (skip === 0) return i;
    skip--;
  }
  return 0;
}

/** (1/D) Σ_d Var(column d), population variances by two passes. */
function meanColumnVariance(data: ArrayLike<number>, n: number, dimension: number): number {
  let total = 0;
  for (let d = 0; d < dimension; d++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += data[i * dimension + d]!;
    m /= n;
    let s = 0;
    for (let i = 0; i < n; i++) s += (data[i * dimension + d]! - m) ** 2;
    total += s / n;
  }
  return total / dimension;
}

/**
 * Checks the shape and values of an [N, D] data array: N ≥ 1 and D ≥ 1 integers, length N·D,
 * every entry finite. Throws `invalid data: …` naming the first bad entry.
 */
export function assertData(data: ArrayLike<number>, n: number, dimension: number): void {
  assertOption(Number.isInteger(n) && n >= 1, "n", n, "must be a positive integer");
  assertOption(
    Number.isInteger(dimension) && dimension >= 1,
    "dimension",
    dimension,
    "must be a positive integer",
  );
  assertOption(data.length === n * dimension, "data length", data.length, `must be N·D = ${n * dimension}`);
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    if (!Number.isFinite(x)) {
      const row = Math.floor(i / dimension);
      assertOption(false, "data", x, `must be finite; row ${row}, column ${i - row * dimension}`);
    }
  }
}
