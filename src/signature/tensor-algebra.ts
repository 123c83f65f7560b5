import { assertOption } from "../errors.js";

/**
 * The truncated tensor algebra T^(m)(R^d): the home of signatures and log-signatures.
 *
 * Layout (the one every function of `src/signature` uses): an element is a Float64Array of length
 * d + d² + … + d^m holding levels 1..m one after the other (level 0 is implicit: 1 for a signature,
 * 0 for a log-signature). Level k is a row-major d^k array: the coefficient of the word
 * (i₁, …, i_k), letters 0..d−1, sits at `levelOffset(d, k) + Σ_j i_j d^(k−j)`. This is the order of
 * iisignature and signatory (`signature(path, m)` flattened).
 */

/** Number of coordinates of levels 1..m: d + d² + … + d^m. */
export function signatureLength(dimension: number, depth: number): number {
  assertDimensionDepth(dimension, depth);
  let total = 0;
  let power = 1;
  for (let k = 1; k <= depth; k++) {
    power *= dimension;
    total += power;
  }
  return total;
}

/** Index of the first coordinate of level k (1-based) in the flat layout. */
export function levelOffset(dimension: number, level: number): number {
  let offset = 0;
  let power = 1;
  for (let k = 1; k < level; k++) {
    power *= dimension;
    offset += power;
  }
  return offset;
}

/** Flat index of a word (letters in 0..d−1, length ≥ 1). */
export function wordIndex(dimension: number, word: readonly number[]): number {
  let index = 0;
  for (const letter of word) {
    assertOption(
      Number.isInteger(letter) && letter >= 0 && letter < dimension,
      "letter",
      letter,
      `must be in 0..${dimension - 1}`,
    );
    index = index * dimension + letter;
  }
  return levelOffset(dimension, word.length) + index;
}

/** The word at a flat index (inverse of {@link wordIndex}). */
export function wordAt(dimension: number, index: number): number[] {
  let level = 1;
  let power = dimension;
  let rest = index;
  while (rest >= power) {
    rest -= power;
    level++;
    power *= dimension;
  }
  const word = new Array<number>(level);
  for (let j = level - 1; j >= 0; j--) {
    word[j] = rest % dimension;
    rest = Math.floor(rest / dimension);
  }
  return word;
}

/**
 * The truncated tensor product a ⊗ b of two elements with implicit level-0 terms `a0` and `b0`
 * (1 for signatures, 0 for Lie elements): level k of the result is
 * a0·b_k + a_k·b0 + Σ_{j=1}^{k−1} a_j ⊗ b_{k−j}. Its level-0 term is a0·b0.
 */
export function tensorProduct(
  a: Float64Array,
  b: Float64Array,
  dimension: number,
  depth: number,
  a0 = 1,
  b0 = 1,
): Float64Array {
  const length = signatureLength(dimension, depth);
  if (a.length !== length || b.length !== length)
    throw new Error(`tensorProduct: elements must have length ${length}`);
  const out = new Float64Array(length);
  const offsets = Array.from({ length: depth + 1 }, (_, k) => levelOffset(dimension, k));
  for (let k = 1; k <= depth; k++) {
    const ok = offsets[k]!;
    const size = dimension ** k;
    for (let i = 0; i < size; i++) out[ok + i] = a0 * b[ok + i]! + b0 * a[ok + i]!;
    for (let j = 1; j < k; j++) {
      const [oa, ob] = [offsets[j]!, offsets[k - j]!];
      const [na, nb] = [dimension ** j, dimension ** (k - j)];
      for (let u = 0; u < na; u++) {
        const x = a[oa + u]!;
        if (x === 0) continue;
        const row = ok + u * nb;
        for (let v = 0; v < nb; v++) out[row + v]! += x * b[ob + v]!;
      }
    }
  }
  return out;
}

/**
 * Chen's identity: the signature of a concatenated path is the product of the signatures,
 * S(X * Y) = S(X) ⊗ S(Y) (Chen 1954). Shapes: both [len], level 0 = 1.
 */
export function chenProduct(
  a: Float64Array,
  b: Float64Array,
  dimension: number,
  depth: number,
): Float64Array {
  return tensorProduct(a, b, dimension, depth, 1, 1);
}

/**
 * The signature of one straight segment with increment Δ: the tensor exponential
 * exp(Δ) = (Δ, Δ^⊗2/2!, …, Δ^⊗m/m!).
 *
 * @param increment - Δ, length d.
 */
export function segmentSignature(increment: ArrayLike<number>, depth: number): Float64Array {
  const d = increment.length;
  const out = new Float64Array(signatureLength(d, depth));
  for (let i = 0; i < d; i++) out[i] = increment[i]!;
  for (let k = 2; k <= depth; k++) {
    const [prev, cur] = [levelOffset(d, k - 1), levelOffset(d, k)];
    const size = d ** (k - 1);
    for (let u = 0; u < size; u++) {
      const x = out[prev + u]! / k;
      for (let v = 0; v < d; v++) out[cur + u * d + v] = x * increment[v]!;
    }
  }
  return out;
}

/**
 * The signature of the reversed path, S(X)⁻¹ (Chen: S(X) ⊗ S(reverse X) = 1). For a group-like
 * element the inverse is the antipode: the coefficient of word w in level k is
 * (−1)^k · S(reversed w).
 */
export function signatureInverse(signature: Float64Array, dimension: number, depth: number): Float64Array {
  const out = new Float64Array(signature.length);
  for (let k = 1; k <= depth; k++) {
    const offset = levelOffset(dimension, k);
    const size = dimension ** k;
    const sign = k % 2 === 0 ? 1 : -1;
    for (let i = 0; i < size; i++) {
      // Reverse the base-d digits of i.
      let rest = i;
      let reversed = 0;
      for (let j = 0; j < k; j++) {
        reversed = reversed * dimension + (rest % dimension);
        rest = Math.floor(rest / dimension);
      }
      out[offset + reversed] = sign * signature[offset + i]!;
    }
  }
  return out;
}

/** Checks d ≥ 1 and m ≥ 1 (integers) with the `invalid …` message. */
export function assertDimensionDepth(dimension: number, depth: number): void {
  assertOption(
    Number.isInteger(dimension) && dimension >= 1,
    "dimension",
    dimension,
    "must be a positive integer",
  );
  assertOption(Number.isInteger(depth) && depth >= 1, "depth", depth, "must be a positive integer");
}

/**
 * Checks (d, m) and that `values` holds a whole number of elements of length d + … + d^m (one
 * element or a batch [N, len]); returns the element length and the count N.
 */
export function elementCount(
  values: ArrayLike<number>,
  dimension: number,
  depth: number,
  name = "signatures",
): { length: number; count: number } {
  assertDimensionDepth(dimension, depth);
  const length = signatureLength(dimension, depth);
  assertOption(
    values.length % length === 0,
    name,
    values.length,
    `length must be a multiple of d + … + d^m = ${length}`,
  );
  return { length, count: values.length / length };
}
