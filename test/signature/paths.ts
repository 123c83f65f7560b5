import { expect } from "vitest";
import type { PathArray } from "../../src/signature/signature.js";
import { createRandom } from "../../src/random/random-source.js";

/** One path from its points (each a list of d coordinates). */
export function pathOf(points: number[][]): PathArray {
  return {
    values: Float64Array.from(points.flat()),
    n: 1,
    length: points.length,
    dimension: points[0]!.length,
  };
}

/** N seeded random paths of `length` points in R^d, coordinates N(0, scale²). */
export function randomPaths(n: number, length: number, d: number, seed: number, scale = 0.5): PathArray {
  const values = createRandom(seed).fillNormal(new Float64Array(n * length * d));
  for (let i = 0; i < values.length; i++) values[i]! *= scale;
  return { values, n, length, dimension: d };
}

/** max |a_i − b_i| over two arrays of one length (the length is checked too). */
export function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
