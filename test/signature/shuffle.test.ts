import { describe, expect, it } from "vitest";
import {
  concatenateSeries,
  keyWord,
  linearFunctional,
  shufflePower,
  shuffleProduct,
  shuffleSeries,
  wordKey,
  wordSeries,
  type Word,
  type WordSeries,
} from "../../src/signature/shuffle.js";
import { signature } from "../../src/signature/signature.js";
import { wordIndex } from "../../src/signature/tensor-algebra.js";
import { randomPaths } from "./paths.js";

function sorted(series: WordSeries): [string, number][] {
  return [...series].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe("shuffleProduct", () => {
  it("interleaves words keeping each one's order: (0,1) ⧢ (2) = 012 + 021 + 201", () => {
    expect(sorted(shuffleProduct([0, 1], [2]))).toEqual([
      ["0,1,2", 1],
      ["0,2,1", 1],
      ["2,0,1", 1],
    ]);
  });

  it("counts coinciding interleavings: 0 ⧢ 0 = 2·00 and 01 ⧢ 0 = 2·001 + 010", () => {
    expect(sorted(shuffleProduct([0], [0]))).toEqual([["0,0", 2]]);
    expect(sorted(shuffleProduct([0, 1], [0]))).toEqual([
      ["0,0,1", 2],
      ["0,1,0", 1],
    ]);
  });

  it("has C(|u| + |v|, |u|) terms with multiplicity, and the empty word as unit", () => {
    const total = (s: WordSeries): number => [...s.values()].reduce((a, b) => a + b, 0);
    expect(total(shuffleProduct([0, 1, 2], [3, 4]))).toBe(10);
    expect(total(shuffleProduct([1, 1, 1], [1, 1, 1, 1]))).toBe(35);
    expect(sorted(shuffleProduct([], [2, 1]))).toEqual([["2,1", 1]]);
    expect(sorted(shuffleProduct([], []))).toEqual([["", 1]]);
  });

  it("is commutative and associative on words", () => {
    const [u, v, w]: [Word, Word, Word] = [
      [0, 1],
      [1, 2, 0],
      [2, 2],
    ];
    expect(sorted(shuffleProduct(u, v))).toEqual(sorted(shuffleProduct(v, u)));
    const left = shuffleSeries(shuffleProduct(u, v), wordSeries(w));
    const right = shuffleSeries(wordSeries(u), shuffleProduct(v, w));
    expect(sorted(left)).toEqual(sorted(right));
  });
});

describe("the shuffle identity ⟨u, S⟩⟨v, S⟩ = ⟨u ⧢ v, S⟩", () => {
  for (const [d, u, v] of [
    [2, [0], [1]],
    [2, [0, 1], [1, 0]],
    [3, [0, 2, 1], [2, 1]],
    [3, [1, 1], [1, 1, 1]],
    [4, [3, 0], [2, 1, 0, 3]],
  ] as [number, number[], number[]][]) {
    it(`holds on random paths for u = (${u.join(",")}), v = (${v.join(",")}), d = ${d}`, () => {
      const m = u.length + v.length;
      const sig = signature(randomPaths(4, 6, d, 3 * d + m, 0.6), { depth: m });
      const left = linearFunctional(wordSeries(u), sig, d, m);
      const right = linearFunctional(wordSeries(v), sig, d, m);
      const product = linearFunctional(shuffleProduct(u, v), sig, d, m);
      for (let e = 0; e < 4; e++) {
        expect(product[e]!).toBeCloseTo(left[e]! * right[e]!, 12);
      }
    });
  }
});

describe("shufflePower", () => {
  it("gives e_i^{⧢k} = k!·(i,…,i), so ⟨e_i^{⧢k}, S⟩ = (ΔX^i)^k", () => {
    expect(sorted(shufflePower([1], 4))).toEqual([["1,1,1,1", 24]]);
    expect(sorted(shufflePower([1], 0))).toEqual([["", 1]]);
    const [d, m] = [3, 5];
    const paths = randomPaths(3, 5, d, 7, 0.6);
    const sig = signature(paths, { depth: m });
    for (let k = 0; k <= m; k++) {
      for (let i = 0; i < d; i++) {
        const value = linearFunctional(shufflePower([i], k), sig, d, m);
        for (let e = 0; e < 3; e++) {
          const increment = paths.values[(e * 5 + 4) * d + i]! - paths.values[e * 5 * d + i]!;
          expect(value[e]!).toBeCloseTo(increment ** k, 12);
        }
      }
    }
  });

  it("gives (0,1)^{⧢2} = 4·0011 + 2·0101", () => {
    expect(sorted(shufflePower([0, 1], 2))).toEqual([
      ["0,0,1,1", 4],
      ["0,1,0,1", 2],
    ]);
  });

  it("rejects a negative power", () => {
    expect(() => shufflePower([0], -1)).toThrow("invalid k: -1 (must be a non-negative integer)");
  });
});

describe("concatenateSeries and linearFunctional", () => {
  it("concatenates bilinearly, with the empty word as unit", () => {
    const a = new Map([
      ["0", 2],
      ["", 1],
    ]);
    const b = new Map([
      ["1,2", 3],
      ["", -1],
    ]);
    expect(sorted(concatenateSeries(a, b))).toEqual([
      ["", -1],
      ["0", -2],
      ["0,1,2", 6],
      ["1,2", 3],
    ]);
  });

  it("integrates against the last letter: ⟨(0)·1, S⟩ = ∫ (X⁰ − X⁰₀) dX¹ on a two-segment path", () => {
    // (0,0) → (1,0) → (1,2): ∫ x dy = 1·2 on the second segment.
    const path = { values: Float64Array.of(0, 0, 1, 0, 1, 2), n: 1, length: 3, dimension: 2 };
    const sig = signature(path, { depth: 2 });
    expect(linearFunctional(concatenateSeries(wordSeries([0]), wordSeries([1])), sig, 2, 2)[0]).toBe(2);
  });

  it("sums coefficient × coordinate over the words, with ⟨∅, S⟩ = 1", () => {
    const sig = Float64Array.from({ length: 14 }, (_, i) => i + 1);
    const terms = new Map([
      ["", 0.5],
      ["1", 2],
      ["0,1,1", -1],
    ]);
    const expected = 0.5 + 2 * sig[1]! - sig[wordIndex(2, [0, 1, 1])]!;
    expect(linearFunctional(terms, sig, 2, 3)[0]).toBe(expected);
  });

  it("round-trips word keys, the empty word included", () => {
    for (const word of [[], [0], [3, 1, 2]]) expect(keyWord(wordKey(word))).toEqual(word);
  });

  it("rejects a word longer than the depth or with a letter outside 0..d−1", () => {
    const sig = new Float64Array(6);
    expect(() => linearFunctional(wordSeries([0, 1, 1]), sig, 2, 2)).toThrow(
      "invalid word: [0,1,1] (must have length ≤ depth = 2)",
    );
    expect(() => linearFunctional(wordSeries([2]), sig, 2, 2)).toThrow("invalid letter: 2 (must be in 0..1)");
    expect(() => linearFunctional(wordSeries([0]), new Float64Array(5), 2, 2)).toThrow(
      "invalid signatures: 5 (length must be a multiple of d + … + d^m = 6)",
    );
  });
});
