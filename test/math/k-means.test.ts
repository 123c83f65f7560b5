import { describe, expect, it } from "vitest";
import { kMeans, kMeansPlusPlus } from "../../src/math/k-means.js";
import { createRandom } from "../../src/random/random-source.js";

/** N rows around each of the given 2-D centers, standard normal noise of scale `spread`; returns the data and true labels. */
function blobs(centers: number[][], perCluster: number, spread: number, seed: number) {
  const random = createRandom(seed);
  const data = new Float64Array(centers.length * perCluster * 2);
  const labels = new Int32Array(centers.length * perCluster);
  centers.forEach(([x, y], k) => {
    for (let i = 0; i < perCluster; i++) {
      const row = k * perCluster + i;
      data[2 * row] = x! + spread * random.normal();
      data[2 * row + 1] = y! + spread * random.normal();
      labels[row] = k;
    }
  });
  return { data, labels, n: centers.length * perCluster };
}

const CENTERS = [
  [0, 0],
  [10, 0],
  [0, 10],
  [10, 10],
];

describe("kMeansPlusPlus", () => {
  it("returns k distinct rows of the data", () => {
    const { data, n } = blobs(CENTERS, 25, 1, 1);
    const centers = kMeansPlusPlus(data, n, 2, 6, createRandom(2));
    const rows = new Set<number>();
    for (let j = 0; j < 6; j++) {
      let found = -1;
      for (let i = 0; i < n; i++) {
        if (data[2 * i] === centers[2 * j] && data[2 * i + 1] === centers[2 * j + 1]) found = i;
      }
      expect(found).toBeGreaterThanOrEqual(0);
      rows.add(found);
    }
    expect(rows.size).toBe(6);
  });

  it("puts one seed in each of 4 far-apart clusters (D² weighting makes a repeat cluster ~1e-3 likely)", () => {
    const { data, n } = blobs(CENTERS, 25, 0.3, 3);
    const centers = kMeansPlusPlus(data, n, 2, 4, createRandom(4));
    const clusters = new Set<string>();
    for (let j = 0; j < 4; j++)
      clusters.add(`${Math.round(centers[2 * j]! / 10)},${Math.round(centers[2 * j + 1]! / 10)}`);
    expect(clusters.size).toBe(4);
  });

  it("still returns k rows, without NaN, when the data have fewer than k distinct rows", () => {
    const data = Float64Array.of(1, 1, 1, 1, 2, 2, 2, 2);
    const centers = kMeansPlusPlus(data, 4, 2, 3, createRandom(5));
    expect(Array.from(centers).every((x) => x === 1 || x === 2)).toBe(true);
    expect(new Set(Array.from(centers)).size).toBe(2);
  });

  it("is deterministic for a seed", () => {
    const { data, n } = blobs(CENTERS, 25, 1, 1);
    expect(kMeansPlusPlus(data, n, 2, 4, createRandom(9))).toEqual(
      kMeansPlusPlus(data, n, 2, 4, createRandom(9)),
    );
  });
});

describe("kMeans", () => {
  it("recovers 4 well-separated clusters exactly (labels equal the truth up to a permutation)", () => {
    const { data, labels: truth, n } = blobs(CENTERS, 50, 1, 7);
    const result = kMeans(data, n, 2, 4, createRandom(8));
    expect(result.converged).toBe(true);
    const mapping = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const expected = mapping.get(result.labels[i]!) ?? truth[i]!;
      mapping.set(result.labels[i]!, expected);
      expect(truth[i]).toBe(expected);
    }
    expect(new Set(mapping.values()).size).toBe(4);
    // Each center within 3 standard errors (1/√50 per coordinate) of its true center.
    for (let j = 0; j < 4; j++) {
      const [x, y] = CENTERS[mapping.get(j)!]!;
      expect(Math.abs(result.centers[2 * j]! - x!)).toBeLessThan(3 / Math.sqrt(50));
      expect(Math.abs(result.centers[2 * j + 1]! - y!)).toBeLessThan(3 / Math.sqrt(50));
    }
  });

  it("returns the inertia Σᵢ ‖xᵢ − c_{labelᵢ}‖² and labels that are each row's nearest center", () => {
    const { data, n } = blobs(CENTERS, 30, 3, 11);
    const { centers, labels, inertia } = kMeans(data, n, 2, 3, createRandom(12));
    let total = 0;
    for (let i = 0; i < n; i++) {
      const distances = [0, 1, 2].map(
        (j) => (data[2 * i]! - centers[2 * j]!) ** 2 + (data[2 * i + 1]! - centers[2 * j + 1]!) ** 2,
      );
      expect(distances[labels[i]!]).toBe(Math.min(...distances));
      total += distances[labels[i]!]!;
    }
    expect(inertia).toBeCloseTo(total, 9);
  });

  it("with k = 1 puts the center at the column means, with inertia N × the total population variance", () => {
    const data = Float64Array.of(0, 0, 2, 0, 0, 4, 2, 4);
    const result = kMeans(data, 4, 2, 1, createRandom(1));
    expect(Array.from(result.centers)).toEqual([1, 2]);
    expect(result.inertia).toBe(4 * (1 + 4));
  });

  it("is deterministic for a seed", () => {
    const { data, n } = blobs(CENTERS, 30, 3, 11);
    expect(kMeans(data, n, 2, 3, createRandom(5))).toEqual(kMeans(data, n, 2, 3, createRandom(5)));
  });

  it("rejects invalid k, shapes, non-finite data and options with `invalid …` messages", () => {
    const data = Float64Array.of(0, 0, 1, 1);
    const random = createRandom(1);
    expect(() => kMeans(data, 2, 2, 0, random)).toThrow("invalid k: 0 (must be an integer in 1..N = 2)");
    expect(() => kMeans(data, 2, 2, 3, random)).toThrow("invalid k: 3");
    expect(() => kMeans(data, 3, 2, 1, random)).toThrow("invalid data length: 4 (must be N·D = 6)");
    expect(() => kMeans(Float64Array.of(0, Number.NaN), 1, 2, 1, random)).toThrow(
      "invalid data: NaN (must be finite; row 0, column 1)",
    );
    expect(() => kMeans(data, 2, 2, 1, random, { maxIterations: 0 })).toThrow("invalid maxIterations: 0");
    expect(() => kMeans(data, 2, 2, 1, random, { tolerance: -1 })).toThrow("invalid tolerance: -1");
  });
});
