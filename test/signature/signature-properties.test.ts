import { describe, expect, it } from "vitest";
import { HedgelabError } from "../../src/errors.js";
import { createRandom } from "../../src/random/random-source.js";
import { signature } from "../../src/signature/signature.js";
import {
  chenProduct,
  segmentSignature,
  signatureInverse,
  signatureLength,
} from "../../src/signature/tensor-algebra.js";
import { maxDifference, pathOf } from "./paths.js";

/** One random path of L points in R^d as a row-major number[][]. */
function randomPoints(length: number, d: number, seed: number, scale = 0.5): number[][] {
  const random = createRandom(seed);
  return Array.from({ length }, () => Array.from({ length: d }, () => scale * random.normal()));
}

const CASES = [
  [1, 5],
  [2, 6],
  [3, 4],
  [5, 3],
] as const;

describe("signature: properties", () => {
  for (const [d, m] of CASES) {
    it(`of a straight line is the tensor exponential of its increment (d = ${d}, m = ${m})`, () => {
      const [a, b] = randomPoints(2, d, d + m);
      const increment = b!.map((x, c) => x - a![c]!);
      // the same line through several collinear points
      const line = [0, 0.2, 0.7, 1].map((u) => a!.map((x, c) => x + u * increment[c]!));
      expect(
        maxDifference(signature(pathOf(line), { depth: m }), segmentSignature(increment, m)),
      ).toBeLessThan(1e-14);
    });

    it(`of concatenated paths is Chen's product of the signatures (d = ${d}, m = ${m})`, () => {
      const first = randomPoints(5, d, 2 * d + m);
      const second = randomPoints(4, d, 3 * d + m);
      // translate the second path to start where the first ends
      const shift = second[0]!.map((x, c) => first[4]![c]! - x);
      const moved = second.map((p) => p.map((x, c) => x + shift[c]!));
      const joined = [...first, ...moved.slice(1)];
      const product = chenProduct(
        signature(pathOf(first), { depth: m }),
        signature(pathOf(moved), { depth: m }),
        d,
        m,
      );
      expect(maxDifference(signature(pathOf(joined), { depth: m }), product)).toBeLessThan(1e-13);
    });

    it(`is invariant to inserting points on segments and to repeated points (d = ${d}, m = ${m})`, () => {
      const points = randomPoints(5, d, 4 * d + m);
      const random = createRandom(99);
      const refined: number[][] = [points[0]!];
      for (let s = 1; s < points.length; s++) {
        const [p, q] = [points[s - 1]!, points[s]!];
        // re-sample the segment at sorted random fractions, with a repeated point
        const fractions = [random.uniform(), random.uniform(), random.uniform()].sort((x, y) => x - y);
        for (const u of [...fractions, fractions[2]!, 1]) refined.push(p.map((x, c) => x + u * (q[c]! - x)));
      }
      expect(
        maxDifference(signature(pathOf(refined), { depth: m }), signature(pathOf(points), { depth: m })),
      ).toBeLessThan(1e-13);
    });

    it(`of a path followed by its reverse is 1 (all levels zero) (d = ${d}, m = ${m})`, () => {
      const points = randomPoints(6, d, 5 * d + m);
      const there = signature(pathOf(points), { depth: m });
      const back = signature(pathOf([...points].reverse()), { depth: m });
      const roundTrip = signature(pathOf([...points, ...[...points].reverse().slice(1)]), { depth: m });
      expect(maxDifference(roundTrip, new Float64Array(roundTrip.length))).toBeLessThan(1e-13);
      // signatureInverse is the reversed path's signature, and S ⊗ S⁻¹ = 1
      expect(maxDifference(signatureInverse(there, d, m), back)).toBeLessThan(1e-13);
      expect(maxDifference(chenProduct(there, back, d, m), new Float64Array(there.length))).toBeLessThan(
        1e-13,
      );
    });
  }

  it("is invariant to translation and sees the start only through a basepoint", () => {
    const points = randomPoints(4, 3, 31);
    const moved = points.map((p) => p.map((x, c) => x + [1, -2, 5][c]!));
    expect(
      maxDifference(signature(pathOf(moved), { depth: 3 }), signature(pathOf(points), { depth: 3 })),
    ).toBeLessThan(1e-13);
  });

  it("with a basepoint equals the signature of the path with that point prepended", () => {
    const points = randomPoints(4, 3, 32);
    const start = [0.3, -0.1, 0.8];
    expect(signature(pathOf(points), { depth: 3, basepoint: start })).toEqual(
      signature(pathOf([start, ...points]), { depth: 3 }),
    );
    expect(signature(pathOf(points), { depth: 3, basepoint: true })).toEqual(
      signature(pathOf([[0, 0, 0], ...points]), { depth: 3 }),
    );
  });

  it("streams: the last entry of the streaming form is the plain signature, entry s the prefix's", () => {
    const [n, length, d, m] = [3, 6, 2, 4];
    const random = createRandom(33);
    const values = random.fillNormal(new Float64Array(n * length * d));
    const paths = { values, n, length, dimension: d };
    const len = signatureLength(d, m);
    const stream = signature(paths, { depth: m, stream: true });
    const plain = signature(paths, { depth: m });
    expect(stream.length).toBe(n * (length - 1) * len);
    for (let e = 0; e < n; e++) {
      const last = stream.subarray(
        (e * (length - 1) + length - 2) * len,
        (e * (length - 1) + length - 1) * len,
      );
      expect(Array.from(last)).toEqual(Array.from(plain.subarray(e * len, (e + 1) * len)));
      for (let s = 0; s < length - 1; s++) {
        const prefix = {
          values: values.slice(e * length * d, (e * length + s + 2) * d),
          n: 1,
          length: s + 2,
          dimension: d,
        };
        const entry = stream.subarray((e * (length - 1) + s) * len, (e * (length - 1) + s + 1) * len);
        expect(Array.from(entry)).toEqual(Array.from(signature(prefix, { depth: m })));
      }
    }
  });

  it("streams with a basepoint: L entries, the first the segment from the basepoint", () => {
    const points = [
      [1, 2],
      [3, 3],
    ];
    const stream = signature(pathOf(points), { depth: 2, stream: true, basepoint: true });
    expect(stream.length).toBe(2 * 6);
    expect(Array.from(stream.subarray(0, 6))).toEqual(Array.from(segmentSignature([1, 2], 2)));
  });

  it("of a single point is 1 (all levels zero), and a batch is computed path by path", () => {
    expect(Array.from(signature(pathOf([[1, 2]]), { depth: 2 }))).toEqual([0, 0, 0, 0, 0, 0]);
    const a = randomPoints(3, 2, 40);
    const b = randomPoints(3, 2, 41);
    const batch = signature(
      { values: Float64Array.from([...a, ...b].flat()), n: 2, length: 3, dimension: 2 },
      { depth: 3 },
    );
    expect(Array.from(batch)).toEqual([
      ...signature(pathOf(a), { depth: 3 }),
      ...signature(pathOf(b), { depth: 3 }),
    ]);
  });

  it("rejects invalid options with messages that name them", () => {
    const path = pathOf([
      [0, 0],
      [1, 1],
    ]);
    const cases: [() => unknown, string][] = [
      [() => signature(path, { depth: 0 }), "invalid depth: 0 (must be a positive integer)"],
      [() => signature(path, { depth: 1.5 }), "invalid depth: 1.5 (must be a positive integer)"],
      [
        () => signature(path, { depth: 2, basepoint: [0, 0, 0] }),
        "invalid basepoint: [0,0,0] (must have 2 coordinates)",
      ],
      [
        () => signature({ values: new Float64Array(3), n: 1, length: 2, dimension: 2 }, { depth: 2 }),
        "invalid paths: 3 (must hold N·L·d = 4 values)",
      ],
      [
        () => signature({ values: new Float64Array(0), n: 1, length: 0, dimension: 0 }, { depth: 2 }),
        "invalid dimension: 0 (must be a positive integer)",
      ],
      [
        () => signature({ values: new Float64Array(0), n: 1, length: 0, dimension: 2 }, { depth: 2 }),
        "invalid paths: 0 (need at least one point)",
      ],
    ];
    for (const [call, message] of cases) {
      expect(call).toThrow(HedgelabError);
      expect(call).toThrow(message);
    }
  });
});
