import { assertOption } from "../errors.js";
import type { PathArray } from "./signature.js";

/**
 * Path augmentations applied before taking signatures: a time channel, the lead-lag transform and a
 * basepoint. Each maps a batch of paths [N, L, d] to a new batch and leaves its input untouched.
 */

/** Options of {@link addTime}. */
export interface AddTimeOptions {
  /** The time of each point, length L (shared by the N paths); default t_j = j/(L − 1), from 0 to 1. */
  times?: ArrayLike<number>;
}

/**
 * Prepends a time channel: point j of each path becomes (t_j, X_j). Makes the signature see the
 * parametrisation (and makes the path injective, so that the signature determines it).
 *
 * Shapes: `paths` [N, L, d]; result [N, L, d + 1], channel 0 the time. Default times 0, 1/(L − 1), …, 1
 * (t = 0 for a single point).
 *
 * Reference: Chevyrev & Kormilitzin, "A Primer on the Signature Method in Machine Learning",
 * arXiv:1603.03788 (2016), §2.1 (time-joined paths); Kidger & Lyons, "Signatory", ICLR 2021.
 */
export function addTime(paths: PathArray, options: AddTimeOptions = {}): PathArray {
  const { values, n, length, dimension: d } = assertPaths(paths);
  const times = options.times ?? Array.from({ length }, (_, j) => (length === 1 ? 0 : j / (length - 1)));
  assertOption(times.length === length, "times", times.length, `must have one time per point (${length})`);
  for (let j = 0; j < length; j++)
    assertOption(Number.isFinite(times[j]), "times", times[j], "must be finite");
  const out = new Float64Array(n * length * (d + 1));
  for (let e = 0; e < n; e++) {
    for (let j = 0; j < length; j++) {
      const row = (e * length + j) * (d + 1);
      out[row] = times[j]!;
      out.set(values.subarray((e * length + j) * d, (e * length + j + 1) * d), row + 1);
    }
  }
  return { values: out, n, length, dimension: d + 1 };
}

/**
 * The lead-lag transform: from points X_0, …, X_{L−1} in R^d, the path in R^{2d} with 2L − 1 points
 *
 * Z_{2j} = (X_j, X_j),   Z_{2j+1} = (X_{j+1}, X_j),
 *
 * channels [lead (d), lag (d)]: the lead moves first, then the lag catches up. For a 1-D path its
 * depth-2 signature holds the quadratic variation in its antisymmetric part:
 * S^{lead,lag} − S^{lag,lead} = Σ_j (X_{j+1} − X_j)² (twice the Lévy area between lead and lag).
 *
 * Shapes: `paths` [N, L, d]; result [N, 2L − 1, 2d].
 *
 * Reference: Chevyrev & Kormilitzin, arXiv:1603.03788 (2016), §2.1 (lead-lag, Definition and
 * Example on quadratic variation); Flint, Hambly & Lyons, "Discretely sampled signals and the rough
 * Hoff process", Stoch. Proc. Appl. 126 (2016).
 */
export function leadLag(paths: PathArray): PathArray {
  const { values, n, length, dimension: d } = assertPaths(paths);
  assertOption(length >= 1, "paths", length, "need at least one point");
  const points = 2 * length - 1;
  const out = new Float64Array(n * points * 2 * d);
  for (let e = 0; e < n; e++) {
    const point = (j: number): Float64Array =>
      values.subarray((e * length + j) * d, (e * length + j + 1) * d);
    for (let p = 0; p < points; p++) {
      const row = (e * points + p) * 2 * d;
      const lag = Math.floor(p / 2);
      out.set(point(p - lag), row); // lead: X_{j} at 2j, X_{j+1} at 2j + 1
      out.set(point(lag), row + d);
    }
  }
  return { values: out, n, length: points, dimension: 2 * d };
}

/**
 * Prepends a basepoint to every path: the result starts at `point` (default the origin), so that its
 * signature also sees the first point's position. `signature(addBasepoint(p, x0), o)` equals
 * `signature(p, { ...o, basepoint: x0 })`.
 *
 * Shapes: `paths` [N, L, d], `point` [d]; result [N, L + 1, d].
 *
 * Reference: Kidger & Lyons, "Signatory", ICLR 2021 (`basepoint`); Chevyrev & Kormilitzin (2016), §2.
 */
export function addBasepoint(paths: PathArray, point?: ArrayLike<number>): PathArray {
  const { values, n, length, dimension: d } = assertPaths(paths);
  const start = point ?? new Float64Array(d);
  assertOption(start.length === d, "point", start.length, `must have ${d} coordinates`);
  const out = new Float64Array(n * (length + 1) * d);
  for (let e = 0; e < n; e++) {
    const base = e * (length + 1) * d;
    for (let c = 0; c < d; c++) out[base + c] = start[c]!;
    out.set(values.subarray(e * length * d, (e + 1) * length * d), base + d);
  }
  return { values: out, n, length: length + 1, dimension: d };
}

function assertPaths(paths: PathArray): PathArray {
  const { values, n, length, dimension } = paths;
  assertOption(
    Number.isInteger(dimension) && dimension >= 1,
    "dimension",
    dimension,
    "must be a positive integer",
  );
  assertOption(
    values.length === n * length * dimension,
    "paths",
    values.length,
    `must hold N·L·d = ${n * length * dimension} values`,
  );
  return paths;
}
