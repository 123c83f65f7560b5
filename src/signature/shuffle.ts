import { assertOption } from "../errors.js";
import { elementCount, wordIndex } from "./tensor-algebra.js";

/**
 * The shuffle algebra: linear combinations of words, their shuffle and concatenation products, and
 * the linear functionals ⟨ℓ, S⟩ they define on signatures.
 *
 * A word is an array of letters 0..d−1 (the empty word [] stands for the unit). A linear combination
 * is a {@link WordSeries}: a Map from the word's key ({@link wordKey}: letters joined by commas, "" for
 * the empty word) to its coefficient.
 */

/** A word: letters in 0..d−1; [] is the empty word (Reutenauer 1993, §1.1). */
export type Word = readonly number[];

/**
 * A finite linear combination of words, key ({@link wordKey}) → coefficient: an element of the
 * shuffle algebra (Reutenauer 1993, §1.4).
 */
export type WordSeries = Map<string, number>;

/** The key of a word in a {@link WordSeries}: "0,2,1" for (0, 2, 1), "" for the empty word (hedgelab's convention). */
export function wordKey(word: Word): string {
  return word.join(",");
}

/** The word of a key (inverse of {@link wordKey}): "0,2,1" → [0, 2, 1], "" → []. */
export function keyWord(key: string): number[] {
  return key === "" ? [] : key.split(",").map(Number);
}

/** The series holding one word with a coefficient (default 1): e_w as an element of the shuffle algebra. */
export function wordSeries(word: Word, coefficient = 1): WordSeries {
  return new Map([[wordKey(word), coefficient]]);
}

/**
 * The shuffle product of two words: the sum of all interleavings of u and v that keep the order of
 * the letters of each, counted with multiplicity. Recursively, au ⧢ bv = a(u ⧢ bv) + b(au ⧢ v) and
 * w ⧢ ∅ = ∅ ⧢ w = w. It has C(|u| + |v|, |u|) terms with multiplicity; e.g. 0 ⧢ 0 = 2·(0,0),
 * (0) ⧢ (1) = (0,1) + (1,0), (0,1) ⧢ (2) = (0,1,2) + (0,2,1) + (2,0,1).
 *
 * The shuffle identity makes it the product of signature coordinates: ⟨u, S⟩⟨v, S⟩ = ⟨u ⧢ v, S⟩ for
 * every signature S (Ree 1958).
 *
 * Reference: Ree, "Lie elements and an algebra associated with shuffles", Ann. Math. 68 (1958);
 * Reutenauer, _Free Lie Algebras_ (1993), §1.4.
 */
export function shuffleProduct(u: Word, v: Word): WordSeries {
  // table[i][j] = u[i:] ⧢ v[j:], filled from the ends.
  const table: WordSeries[][] = Array.from(
    { length: u.length + 1 },
    () => new Array<WordSeries>(v.length + 1),
  );
  for (let i = u.length; i >= 0; i--) {
    for (let j = v.length; j >= 0; j--) {
      if (i === u.length) table[i]![j] = wordSeries(v.slice(j));
      else if (j === v.length) table[i]![j] = wordSeries(u.slice(i));
      else {
        const out: WordSeries = new Map();
        prependInto(out, u[i]!, table[i + 1]![j]!);
        prependInto(out, v[j]!, table[i]![j + 1]!);
        table[i]![j] = out;
      }
    }
  }
  return table[0]![0]!;
}

/** The shuffle product extended bilinearly to linear combinations: a ⧢ b = Σ a_u b_v (u ⧢ v). */
export function shuffleSeries(a: WordSeries, b: WordSeries): WordSeries {
  const out: WordSeries = new Map();
  for (const [ku, cu] of a) {
    for (const [kv, cv] of b) {
      for (const [k, c] of shuffleProduct(keyWord(ku), keyWord(kv))) add(out, k, cu * cv * c);
    }
  }
  return dropZeros(out);
}

/**
 * The k-th shuffle power w^{⧢k} = w ⧢ … ⧢ w (k factors; the empty word for k = 0). For a letter,
 * e_i^{⧢k} = k!·(i, …, i), so that ⟨e_i^{⧢k}, S⟩ = ⟨e_i, S⟩^k = (ΔX^i)^k.
 *
 * Reference: Reutenauer (1993), §1.4.
 */
export function shufflePower(word: Word, k: number): WordSeries {
  assertOption(Number.isInteger(k) && k >= 0, "k", k, "must be a non-negative integer");
  let out = wordSeries([]);
  const factor = wordSeries(word);
  for (let j = 0; j < k; j++) out = shuffleSeries(out, factor);
  return out;
}

/**
 * The concatenation product extended bilinearly: a·b = Σ a_u b_v (uv). With a letter on the right it
 * is an integral: ⟨u·i, S(X)_{0,T}⟩ = ∫_0^T ⟨u, S(X)_{0,t}⟩ dX^i_t.
 *
 * Reference: Reutenauer (1993), §1.4; Lyons, Caruana & Lévy (2007), §2.2.
 */
export function concatenateSeries(a: WordSeries, b: WordSeries): WordSeries {
  const out: WordSeries = new Map();
  for (const [ku, cu] of a) {
    for (const [kv, cv] of b) add(out, ku === "" ? kv : kv === "" ? ku : `${ku},${kv}`, cu * cv);
  }
  return dropZeros(out);
}

/**
 * The linear functional of a combination of words on signatures: ⟨ℓ, S⟩ = Σ_w ℓ_w ⟨w, S⟩, with
 * ⟨∅, S⟩ = 1 and ⟨w, S⟩ the coordinate of S at the word w.
 *
 * Shapes: `signatures` [len] or [N, len] (layout of `tensor-algebra.ts`); result [N].
 * Every word must have letters in 0..d−1 and length ≤ m.
 *
 * Reference: Lyons, Caruana & Lévy (2007), §2.2; Reutenauer (1993), §1.4.
 */
export function linearFunctional(
  terms: WordSeries,
  signatures: Float64Array,
  dimension: number,
  depth: number,
): Float64Array {
  const { length, count } = elementCount(signatures, dimension, depth);
  let constant = 0;
  const indices: number[] = [];
  const coefficients: number[] = [];
  for (const [key, coefficient] of terms) {
    const word = keyWord(key);
    if (word.length === 0) {
      constant += coefficient;
      continue;
    }
    assertOption(word.length <= depth, "word", word, `must have length ≤ depth = ${depth}`);
    indices.push(wordIndex(dimension, word));
    coefficients.push(coefficient);
  }
  const out = new Float64Array(count);
  for (let e = 0; e < count; e++) {
    let total = constant;
    const base = e * length;
    for (let t = 0; t < indices.length; t++) total += coefficients[t]! * signatures[base + indices[t]!]!;
    out[e] = total;
  }
  return out;
}

function prependInto(out: WordSeries, letter: number, series: WordSeries): void {
  for (const [key, coefficient] of series)
    add(out, key === "" ? `${letter}` : `${letter},${key}`, coefficient);
}

function add(out: WordSeries, key: string, value: number): void {
  out.set(key, (out.get(key) ?? 0) + value);
}

function dropZeros(series: WordSeries): WordSeries {
  for (const [key, coefficient] of series) if (coefficient === 0) series.delete(key);
  return series;
}
