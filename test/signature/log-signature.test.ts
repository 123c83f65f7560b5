import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createRandom } from "../../src/random/random-source.js";
import {
  logSignature,
  logSignatureSize,
  logSignatureToSignature,
  signatureToLogSignature,
  type LogSignatureMode,
} from "../../src/signature/log-signature.js";
import { lyndonBracket, lyndonWords } from "../../src/signature/lyndon.js";
import { signature } from "../../src/signature/signature.js";
import { signatureLength } from "../../src/signature/tensor-algebra.js";
import { maxDifference, pathOf, randomPaths } from "./paths.js";

interface PathFixture {
  dimension: number;
  depth: number;
  points: number[][];
  signature: string[];
  logSignatureExpanded: string[];
  logSignatureWords: string[];
  logSignatureLyndon: string[];
}

function loadFixture(name: string): PathFixture {
  return JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8")) as PathFixture;
}

/** "−19/6" → −19/6 as a double. */
function rational(text: string): number {
  const [numerator, denominator = "1"] = text.split("/");
  return Number(numerator) / Number(denominator);
}

describe("logSignature: known values (fixtures, exact rationals)", () => {
  for (const name of ["two-segment-path.json", "unit-square.json", "three-dimensional-path.json"]) {
    it(`gives the hand-derived signature and log-signature in every mode (${name})`, () => {
      const f = loadFixture(name);
      const path = pathOf(f.points);
      const options = { depth: f.depth };
      expect(maxDifference(signature(path, options), f.signature.map(rational))).toBeLessThan(1e-14);
      const modes: [LogSignatureMode, string[]][] = [
        ["expanded", f.logSignatureExpanded],
        ["words", f.logSignatureWords],
        ["lyndon", f.logSignatureLyndon],
      ];
      for (const [mode, expected] of modes) {
        expect(maxDifference(logSignature(path, { ...options, mode }), expected.map(rational))).toBeLessThan(
          1e-14,
        );
      }
      expect(maxDifference(logSignature(path, options), f.logSignatureLyndon.map(rational))).toBeLessThan(
        1e-14,
      );
    });
  }
});

describe("logSignature", () => {
  it("gives the Lévy area ½(S^{01} − S^{10}) as the [0,1] coordinate of a 2-D path at depth 2", () => {
    // The unit square loop, counter-clockwise: enclosed area 1.
    const square = pathOf([
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ]);
    expect(Array.from(logSignature(square, { depth: 2 }))).toEqual([0, 0, 1]);
    // Clockwise, the area changes sign.
    const reversed = pathOf([
      [0, 0],
      [0, 1],
      [1, 1],
      [1, 0],
      [0, 0],
    ]);
    expect(Array.from(logSignature(reversed, { depth: 2 }))).toEqual([0, 0, -1]);
    // Random paths: increments at the letters, Lévy area at [0,1].
    const paths = randomPaths(5, 7, 2, 3);
    const sig = signature(paths, { depth: 2 });
    const log = logSignature(paths, { depth: 2 });
    for (let e = 0; e < 5; e++) {
      const s = sig.subarray(e * 6, (e + 1) * 6);
      const area = (s[3]! - s[4]!) / 2;
      expect(Array.from(log.subarray(e * 3, (e + 1) * 3))).toEqual(
        [s[0]!, s[1]!, area].map((x) => expect.closeTo(x, 14)),
      );
    }
  });

  it("is the sum of the increment and the Lyndon brackets with its coordinates: log S = Σ c_w P_w", () => {
    const [d, m] = [3, 4];
    const paths = randomPaths(2, 6, d, 11);
    const coordinates = logSignature(paths, { depth: m });
    const expanded = logSignature(paths, { depth: m, mode: "expanded" });
    const words = lyndonWords(d, m);
    const len = signatureLength(d, m);
    for (let e = 0; e < 2; e++) {
      const sum = new Float64Array(len);
      words.forEach((word, w) => {
        const bracket = lyndonBracket(word, d, m);
        for (let i = 0; i < len; i++) sum[i]! += coordinates[e * words.length + w]! * bracket[i]!;
      });
      expect(maxDifference(sum, expanded.subarray(e * len, (e + 1) * len))).toBeLessThan(1e-13);
    }
  });

  it('mode "words" reads the expanded log-signature at the Lyndon words', () => {
    const [d, m] = [3, 4];
    const paths = randomPaths(3, 5, d, 12);
    const expanded = logSignature(paths, { depth: m, mode: "expanded" });
    const words = logSignature(paths, { depth: m, mode: "words" });
    const lyndon = lyndonWords(d, m);
    const len = signatureLength(d, m);
    for (let e = 0; e < 3; e++) {
      lyndon.forEach((word, w) => {
        let index = 0;
        for (const letter of word) index = index * d + letter;
        const offset = (d ** word.length - d) / (d - 1);
        expect(words[e * lyndon.length + w]).toBe(expanded[e * len + offset + index]);
      });
    }
  });

  for (const mode of ["lyndon", "words", "expanded"] as const) {
    it(`round-trips logsig → sig → logsig to 1e-12 (mode "${mode}")`, () => {
      for (const [d, m, seed] of [
        [2, 6, 1],
        [3, 4, 2],
        [4, 3, 3],
        [5, 2, 4],
      ] as const) {
        const paths = randomPaths(3, 8, d, seed);
        const sig = signature(paths, { depth: m });
        const log = signatureToLogSignature(sig, d, m, mode);
        expect(log.length).toBe(3 * logSignatureSize(d, m, mode));
        const back = logSignatureToSignature(log, d, m, mode);
        expect(maxDifference(back, sig)).toBeLessThan(1e-12);
        expect(maxDifference(signatureToLogSignature(back, d, m, mode), log)).toBeLessThan(1e-12);
      }
    });
  }

  it("turns arbitrary Lyndon coordinates into a signature whose log-signature gives them back", () => {
    const [d, m] = [3, 5];
    const size = logSignatureSize(d, m);
    const coordinates = createRandom(21).fillNormal(new Float64Array(2 * size));
    const sig = logSignatureToSignature(coordinates, d, m);
    expect(maxDifference(signatureToLogSignature(sig, d, m), coordinates)).toBeLessThan(1e-12);
  });

  it("streams: entry s is the log-signature of the path up to point s + 1", () => {
    const paths = randomPaths(2, 5, 3, 9);
    const stream = logSignature(paths, { depth: 3, stream: true });
    const size = logSignatureSize(3, 3);
    for (let e = 0; e < 2; e++) {
      for (let s = 0; s < 4; s++) {
        const prefix = {
          values: paths.values.slice(e * 15, e * 15 + (s + 2) * 3),
          n: 1,
          length: s + 2,
          dimension: 3,
        };
        const start = (e * 4 + s) * size;
        expect(maxDifference(stream.subarray(start, start + size), logSignature(prefix, { depth: 3 }))).toBe(
          0,
        );
      }
    }
  });

  it("honours a basepoint like signature does (the first increment is the first point)", () => {
    const path = pathOf([
      [1, 2],
      [4, 1],
    ]);
    const log = logSignature(path, { depth: 3, basepoint: [0, 0] });
    const fixture = loadFixture("two-segment-path.json");
    expect(maxDifference(log, fixture.logSignatureLyndon.map(rational))).toBeLessThan(1e-14);
  });

  it("has sizes Σ Witt(d, k) and d + … + d^m: d = 2, m = 3 → 5 and 14", () => {
    expect(logSignatureSize(2, 3)).toBe(5);
    expect(logSignatureSize(2, 3, "words")).toBe(5);
    expect(logSignatureSize(2, 3, "expanded")).toBe(14);
  });

  it("rejects an unknown mode and a wrong number of coordinates, naming them", () => {
    const path = pathOf([
      [0, 0],
      [1, 1],
    ]);
    expect(() => logSignature(path, { depth: 2, mode: "hall" as LogSignatureMode })).toThrow(
      'invalid mode: "hall" (must be "lyndon", "words" or "expanded")',
    );
    expect(() => logSignature(path, { depth: 0 })).toThrow("invalid depth: 0 (must be a positive integer)");
    expect(() => logSignatureToSignature(new Float64Array(4), 2, 3)).toThrow(
      "invalid coordinates: 4 (length must be a multiple of the log-signature size 5)",
    );
  });
});
