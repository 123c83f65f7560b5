import { describe, expect, it } from "vitest";
import { createRandom } from "../../src/random/random-source.js";
import { signature } from "../../src/signature/signature.js";
import { segmentSignature, signatureLength, tensorProduct } from "../../src/signature/tensor-algebra.js";
import { tensorExp, tensorLog } from "../../src/signature/tensor-log-exp.js";
import { maxDifference } from "./paths.js";

/** Signatures of N random-walk paths of L points in R^d: [N, len]. */
function randomSignatures(n: number, length: number, d: number, m: number, seed: number): Float64Array {
  const random = createRandom(seed);
  const values = random.fillNormal(new Float64Array(n * length * d)).map((x) => 0.4 * x);
  return signature({ values, n, length, dimension: d }, { depth: m });
}

/** A random Lie element: a sum of brackets [x, y] of random vectors plus a random level 1, scaled. */
function randomLieElement(d: number, m: number, seed: number): Float64Array {
  const random = createRandom(seed);
  const len = signatureLength(d, m);
  const vector = (): Float64Array => {
    const v = new Float64Array(len);
    for (let i = 0; i < d; i++) v[i] = 0.5 * random.normal();
    return v;
  };
  const out = vector();
  for (let term = 0; term < 3; term++) {
    // a nested bracket [x, [y, z]] truncated at m is a Lie element of levels 2..m
    const [x, y, z] = [vector(), vector(), vector()];
    const bracket = (a: Float64Array, b: Float64Array): Float64Array => {
      const ab = tensorProduct(a, b, d, m, 0, 0);
      const ba = tensorProduct(b, a, d, m, 0, 0);
      return ab.map((v, i) => v - ba[i]!);
    };
    const yz = bracket(y, z);
    const xyz = bracket(x, yz);
    for (let i = 0; i < len; i++) out[i]! += yz[i]! + xyz[i]!;
  }
  return out;
}

describe("tensorLog and tensorExp", () => {
  for (const [d, m] of [
    [2, 4],
    [3, 5],
    [5, 3],
    [1, 4],
  ] as const) {
    it(`exp(log(S)) = S for random signatures (d = ${d}, m = ${m})`, () => {
      const signatures = randomSignatures(4, 6, d, m, 10 * d + m);
      const back = tensorExp(tensorLog(signatures, d, m), d, m);
      expect(maxDifference(back, signatures)).toBeLessThan(1e-13);
    });

    it(`log(exp(y)) = y for random Lie elements (d = ${d}, m = ${m})`, () => {
      const y = randomLieElement(d, m, 7 * d + m);
      expect(maxDifference(tensorLog(tensorExp(y, d, m), d, m), y)).toBeLessThan(1e-13);
    });
  }

  it("log of a segment signature is the increment alone (levels ≥ 2 vanish)", () => {
    const increment = [0.7, -1.3, 0.4];
    const log = tensorLog(segmentSignature(increment, 5), 3, 5);
    expect(Array.from(log.subarray(0, 3))).toEqual(increment.map((x) => expect.closeTo(x, 14)));
    expect(maxDifference(log.subarray(3), new Float64Array(log.length - 3))).toBeLessThan(1e-14);
  });

  it("exp of a vector is the segment signature (Δ^{⊗k}/k!)", () => {
    const increment = [0.3, 2, -0.5, 1.1];
    const y = new Float64Array(signatureLength(4, 4));
    y.set(increment);
    expect(maxDifference(tensorExp(y, 4, 4), segmentSignature(increment, 4))).toBeLessThan(1e-14);
  });

  it("log turns Chen's product of two segments into the BCH series a + b + ½[a, b] at depth 2", () => {
    const [a, b] = [
      [1, 2],
      [3, -1],
    ];
    const log = tensorLog(tensorProduct(segmentSignature(a, 2), segmentSignature(b, 2), 2, 2), 2, 2);
    const area = (a[0]! * b[1]! - a[1]! * b[0]!) / 2;
    expect(Array.from(log)).toEqual([4, 1, 0, area, -area, 0].map((x) => expect.closeTo(x, 14)));
  });

  it("works element by element on a batch [N, len]", () => {
    const signatures = randomSignatures(3, 4, 2, 3, 5);
    const len = signatureLength(2, 3);
    const batch = tensorLog(signatures, 2, 3);
    for (let e = 0; e < 3; e++) {
      const single = tensorLog(signatures.slice(e * len, (e + 1) * len), 2, 3);
      expect(maxDifference(batch.subarray(e * len, (e + 1) * len), single)).toBe(0);
    }
  });

  it("rejects an array that is not a whole number of elements, naming it", () => {
    expect(() => tensorLog(new Float64Array(5), 2, 2)).toThrow(
      "invalid signatures: 5 (length must be a multiple of d + … + d^m = 6)",
    );
    expect(() => tensorExp(new Float64Array(6), 2, 0)).toThrow(
      "invalid depth: 0 (must be a positive integer)",
    );
  });
});
