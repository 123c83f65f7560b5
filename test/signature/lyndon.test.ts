import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  isLyndonWord,
  logSignatureLength,
  lyndonBracket,
  lyndonWords,
  standardFactorization,
  wittDimension,
} from "../../src/signature/lyndon.js";
import { levelOffset, wordAt, wordIndex } from "../../src/signature/tensor-algebra.js";

interface BracketFixture {
  brackets: { dimension: number; word: number[]; terms: Record<string, number> }[];
}

const fixture = JSON.parse(
  readFileSync(new URL("fixtures/lyndon-brackets.json", import.meta.url), "utf8"),
) as BracketFixture;

/** Lyndon words of length k by brute force: all words w smaller than each proper rotation. */
function bruteForceLyndon(d: number, k: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < d ** k; i++) {
    const word = wordAt(d, levelOffset(d, k) + i);
    let lyndon = true;
    for (let r = 1; r < k; r++)
      if (compare(word, [...word.slice(r), ...word.slice(0, r)]) >= 0) lyndon = false;
    if (lyndon) out.push(word.join(","));
  }
  return out;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

describe("lyndonWords", () => {
  it("lists d = 2, m = 3 as 0, 1, 01, 001, 011 (by length, then lexicographic, as iisignature)", () => {
    expect(lyndonWords(2, 3)).toEqual([[0], [1], [0, 1], [0, 0, 1], [0, 1, 1]]);
  });

  it("lists d = 3, m = 3 in iisignature's basis order (1, 2, 3, [1,2], [1,3], [2,3], [1,[1,2]], …)", () => {
    expect(lyndonWords(3, 3).map((w) => w.join(""))).toEqual([
      "0",
      "1",
      "2",
      "01",
      "02",
      "12",
      "001",
      "002",
      "011",
      "012",
      "021",
      "022",
      "112",
      "122",
    ]);
  });

  for (const [d, m] of [
    [1, 5],
    [2, 8],
    [3, 6],
    [4, 4],
    [5, 3],
  ] as const) {
    it(`has Witt's count of words at each length and matches brute force (d = ${d}, m = ${m})`, () => {
      const words = lyndonWords(d, m);
      expect(words.length).toBe(logSignatureLength(d, m));
      for (let k = 1; k <= m; k++) {
        const ofLength = words.filter((w) => w.length === k).map((w) => w.join(","));
        expect(ofLength.length).toBe(wittDimension(d, k));
        expect(ofLength).toEqual(bruteForceLyndon(d, k));
      }
    });
  }

  it("gives Witt dimensions from the Möbius formula: d = 2 → 2, 1, 2, 3, 6, 9; d = 3, k = 4 → 18", () => {
    expect([1, 2, 3, 4, 5, 6].map((k) => wittDimension(2, k))).toEqual([2, 1, 2, 3, 6, 9]);
    expect(wittDimension(3, 4)).toBe(18);
    expect(logSignatureLength(3, 4)).toBe(32);
    expect(logSignatureLength(8, 3)).toBe(8 + 28 + 168);
  });
});

describe("isLyndonWord and standardFactorization", () => {
  it("recognises Lyndon words and rejects periodic or non-minimal ones", () => {
    expect([[0], [0, 1], [0, 0, 1], [0, 1, 2], [0, 2, 1], [0, 0, 1, 1]].every(isLyndonWord)).toBe(true);
    expect([[], [1, 0], [0, 1, 0, 1], [0, 0], [1, 0, 1]].some(isLyndonWord)).toBe(false);
  });

  it("splits w = uv with v the longest proper Lyndon suffix: 0011 → (0, 011), 021 → (02, 1)", () => {
    expect(standardFactorization([0, 0, 1, 1])).toEqual([[0], [0, 1, 1]]);
    expect(standardFactorization([0, 2, 1])).toEqual([[0, 2], [1]]);
    expect(standardFactorization([0, 1, 2])).toEqual([[0], [1, 2]]);
    expect(standardFactorization([0, 0, 1, 0, 1])).toEqual([
      [0, 0, 1],
      [0, 1],
    ]);
  });

  it("rejects a word that is not Lyndon, naming it", () => {
    expect(() => standardFactorization([1, 0])).toThrow(
      "invalid word: [1,0] (must be a Lyndon word of length ≥ 2)",
    );
  });
});

describe("lyndonBracket", () => {
  it("equals the brackets expanded by hand (fixtures/lyndon-brackets.json)", () => {
    for (const { dimension: d, word, terms } of fixture.brackets) {
      const bracket = lyndonBracket(word, d, word.length);
      const expected = new Float64Array(bracket.length);
      for (const [key, coefficient] of Object.entries(terms)) {
        expected[wordIndex(d, key.split(",").map(Number))] = coefficient;
      }
      expect(Array.from(bracket)).toEqual(Array.from(expected));
    }
  });

  for (const [d, m] of [
    [2, 6],
    [3, 4],
    [4, 3],
  ] as const) {
    it(`has leading word w with coefficient 1, all other words larger (triangularity, d = ${d}, m = ${m})`, () => {
      for (const word of lyndonWords(d, m)) {
        const bracket = lyndonBracket(word, d, m);
        const own = wordIndex(d, word);
        expect(bracket[own]).toBe(1);
        const offset = levelOffset(d, word.length);
        for (let i = 0; i < bracket.length; i++) {
          if (bracket[i] === 0) continue;
          // same level, and no smaller word of that level (row-major index order = lexicographic order)
          expect(i >= own && i < offset + d ** word.length).toBe(true);
        }
      }
    });
  }

  it("gives brackets whose coefficients sum to 0 at every level ≥ 2 (a commutator kills the all-ones functional)", () => {
    for (const word of lyndonWords(3, 4).filter((w) => w.length >= 2)) {
      expect(lyndonBracket(word, 3, 4).reduce((s, x) => s + x, 0)).toBe(0);
    }
  });

  it("rejects a word longer than the depth", () => {
    expect(() => lyndonBracket([0, 1, 1], 2, 2)).toThrow(
      "invalid word: [0,1,1] (must have length ≤ depth = 2)",
    );
  });
});
