import { describe, expect, it } from "vitest";
import { createRandom } from "../../src/random/random-source.js";
import { addBasepoint, addTime, leadLag } from "../../src/signature/augmentations.js";
import { logSignature } from "../../src/signature/log-signature.js";
import { signature, type PathArray } from "../../src/signature/signature.js";

function path(values: number[], n: number, length: number, dimension: number): PathArray {
  return { values: Float64Array.from(values), n, length, dimension };
}

describe("addTime", () => {
  it("prepends t = 0, 1/(L − 1), …, 1 by default", () => {
    const out = addTime(path([5, 6, 7, 8, 9, 10], 2, 3, 1));
    expect(out).toMatchObject({ n: 2, length: 3, dimension: 2 });
    expect(Array.from(out.values)).toEqual([0, 5, 0.5, 6, 1, 7, 0, 8, 0.5, 9, 1, 10]);
  });

  it("uses the given times, shared by every path, and t = 0 for a single point", () => {
    const out = addTime(path([1, 2, 3, 4], 1, 2, 2), { times: [0.25, 3] });
    expect(Array.from(out.values)).toEqual([0.25, 1, 2, 3, 3, 4]);
    expect(Array.from(addTime(path([4, 2], 1, 1, 2)).values)).toEqual([0, 4, 2]);
  });

  it("leaves its input untouched and rejects times of the wrong length", () => {
    const input = path([1, 2, 3], 1, 3, 1);
    addTime(input);
    expect(Array.from(input.values)).toEqual([1, 2, 3]);
    expect(() => addTime(input, { times: [0, 1] })).toThrow(
      "invalid times: 2 (must have one time per point (3))",
    );
    expect(() => addTime(path([1, 2], 1, 3, 1))).toThrow("invalid paths: 2 (must hold N·L·d = 3 values)");
  });
});

describe("leadLag", () => {
  it("interleaves (X_j, X_j), (X_{j+1}, X_j): 2L − 1 points, channels [lead, lag]", () => {
    const out = leadLag(path([1, 4, 2], 1, 3, 1));
    expect(out).toMatchObject({ n: 1, length: 5, dimension: 2 });
    expect(Array.from(out.values)).toEqual([1, 1, 4, 1, 4, 4, 2, 4, 2, 2]);
  });

  it("keeps the d lead channels before the d lag channels for a 2-D batch", () => {
    const out = leadLag(path([0, 1, 2, 3, 10, 11, 12, 13], 2, 2, 2));
    expect(out).toMatchObject({ n: 2, length: 3, dimension: 4 });
    expect(Array.from(out.values)).toEqual([
      ...[0, 1, 0, 1, 2, 3, 0, 1, 2, 3, 2, 3],
      ...[10, 11, 10, 11, 12, 13, 10, 11, 12, 13, 12, 13],
    ]);
  });

  it("gives the quadratic variation: S^{lead,lag} − S^{lag,lead} = Σ (ΔX)² for a 1-D path", () => {
    const random = createRandom(5);
    const n = 4;
    const length = 20;
    const values = random.fillNormal(new Float64Array(n * length));
    const sig = signature(leadLag(path(Array.from(values), n, length, 1)), { depth: 2 });
    const area = logSignature(leadLag(path(Array.from(values), n, length, 1)), { depth: 2 });
    for (let e = 0; e < n; e++) {
      let variation = 0;
      for (let j = 1; j < length; j++)
        variation += (values[e * length + j]! - values[e * length + j - 1]!) ** 2;
      // level 2 of d = 2 is [S^{00}, S^{01}, S^{10}, S^{11}] at 2..5; lead = 0, lag = 1
      expect(sig[e * 6 + 3]! - sig[e * 6 + 4]!).toBeCloseTo(variation, 12);
      // the Lévy area (the log-signature's [lead, lag] coordinate) is half of it
      expect(area[e * 3 + 2]!).toBeCloseTo(variation / 2, 12);
    }
  });

  it("keeps a single point as a single point", () => {
    expect(Array.from(leadLag(path([3], 1, 1, 1)).values)).toEqual([3, 3]);
  });
});

describe("addBasepoint", () => {
  it("prepends the origin by default, or the given point", () => {
    expect(Array.from(addBasepoint(path([1, 2, 3, 4], 1, 2, 2)).values)).toEqual([0, 0, 1, 2, 3, 4]);
    const out = addBasepoint(path([1, 2, 3, 4], 2, 1, 2), [9, 8]);
    expect(out).toMatchObject({ n: 2, length: 2, dimension: 2 });
    expect(Array.from(out.values)).toEqual([9, 8, 1, 2, 9, 8, 3, 4]);
  });

  it("gives the signature that signature's basepoint option gives", () => {
    const input = path([0.5, -1, 2, 0.3, 1, 1], 1, 3, 2);
    const point = [0.2, 0.7];
    const augmented = signature(addBasepoint(input, point), { depth: 3 });
    expect(Array.from(augmented)).toEqual(Array.from(signature(input, { depth: 3, basepoint: point })));
  });

  it("rejects a point of the wrong dimension", () => {
    expect(() => addBasepoint(path([1, 2], 1, 1, 2), [1])).toThrow(
      "invalid point: 1 (must have 2 coordinates)",
    );
  });
});
