import { assertOption } from "../errors.js";

/** Options of {@link largestDifferences}. */
export interface LargestDifferencesOptions {
  /** How many windows to pick; default 3. */
  count?: number;
  /**
   * Least distance between two picked window indices, so that overlapping windows (which share most of
   * their days) are not picked together; default 1 (any distinct windows). With windows cut every
   * `stride` days and T days long, ⌈T / stride⌉ picks windows that share no day. When fewer than
   * `count` windows are that far apart, the rest are filled with the largest remaining ones.
   */
  separation?: number;
}

/**
 * The indices of the windows where two strategies' P&L differ most, largest |a_i − b_i| first (ties:
 * the earlier window): picked greedily in that order, each at least `separation` windows from the ones
 * picked before it. Windows
 * where the two are equal (|a_i − b_i| = 0) are never picked: they show no difference.
 *
 * Shape: `a` and `b` [N]; the result has at most `count` indices.
 *
 * @example largestDifferences([0, 5, 1, -4], [0, 0, 0, 0], { count: 2 }) // [1, 3]
 */
export function largestDifferences(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: LargestDifferencesOptions = {},
): number[] {
  const { count = 3, separation = 1 } = options;
  assertOption(Number.isInteger(count) && count >= 0, "count", count, "must be an integer ≥ 0");
  assertOption(
    Number.isInteger(separation) && separation >= 1,
    "separation",
    separation,
    "must be an integer ≥ 1",
  );
  if (a.length !== b.length) throw new Error(`P&L have lengths ${a.length} and ${b.length}`);
  const order = Array.from({ length: a.length }, (_, i) => i)
    .filter((i) => Math.abs(a[i]! - b[i]!) > 0)
    .sort((i, j) => Math.abs(a[j]! - b[j]!) - Math.abs(a[i]! - b[i]!) || i - j);
  const picked: number[] = [];
  for (const i of order) {
    if (picked.length === count) break;
    if (picked.every((p) => Math.abs(p - i) >= separation)) picked.push(i);
  }
  for (const i of order) {
    if (picked.length === count) break;
    if (!picked.includes(i)) picked.push(i);
  }
  return picked.sort((i, j) => order.indexOf(i) - order.indexOf(j));
}
