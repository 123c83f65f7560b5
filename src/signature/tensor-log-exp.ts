import { elementCount, tensorProduct } from "./tensor-algebra.js";

/**
 * The truncated tensor logarithm of group-like elements (signatures), element by element:
 *
 * log(1 + x) = Σ_{n=1}^{m} (−1)^{n+1} x^{⊗n} / n,
 *
 * where x is the signature without its level-0 term 1. The series is finite in T^(m)(R^d) because
 * x^{⊗n} vanishes on levels below n. The result is a Lie element (the log-signature in tensor
 * coordinates, signatory's mode "expand"); its implicit level-0 term is 0.
 *
 * Shapes: `signatures` [len] or [N, len] (N elements one after the other), len = d + d² + … + d^m in
 * the layout of `tensor-algebra.ts`; the result has the same shape.
 *
 * Reference: Reutenauer, _Free Lie Algebras_ (1993), §3.2; Lyons, Caruana & Lévy, _Differential
 * Equations Driven by Rough Paths_ (2007), §2.2; docs/notes/signatures.md §4.
 */
export function tensorLog(signatures: Float64Array, dimension: number, depth: number): Float64Array {
  const length = assertElements(signatures, dimension, depth, "signatures");
  const out = new Float64Array(signatures.length);
  for (let start = 0; start < signatures.length; start += length) {
    const x = signatures.subarray(start, start + length);
    const target = out.subarray(start, start + length);
    target.set(x);
    let power: Float64Array = x;
    for (let n = 2; n <= depth; n++) {
      power = tensorProduct(power, x, dimension, depth, 0, 0);
      const coefficient = (n % 2 === 0 ? -1 : 1) / n;
      for (let i = 0; i < length; i++) target[i]! += coefficient * power[i]!;
    }
  }
  return out;
}

/**
 * The truncated tensor exponential, element by element: exp(y) = 1 + Σ_{n=1}^{m} y^{⊗n} / n!, for y
 * with level-0 term 0 (a Lie element such as a log-signature). The inverse of {@link tensorLog}:
 * exp(log S) = S for every signature S and log(exp y) = y for every Lie element y.
 *
 * Shapes: `elements` [len] or [N, len]; the result (level 0 implicit and equal to 1) has the same shape.
 *
 * Reference: Reutenauer, _Free Lie Algebras_ (1993), §3.2; docs/notes/signatures.md §4.
 */
export function tensorExp(elements: Float64Array, dimension: number, depth: number): Float64Array {
  const length = assertElements(elements, dimension, depth, "elements");
  const out = new Float64Array(elements.length);
  for (let start = 0; start < elements.length; start += length) {
    const y = elements.subarray(start, start + length);
    const target = out.subarray(start, start + length);
    target.set(y);
    let power: Float64Array = y;
    for (let n = 2; n <= depth; n++) {
      // power = y^{⊗n} / n!
      power = tensorProduct(power, y, dimension, depth, 0, 0);
      for (let i = 0; i < length; i++) power[i]! /= n;
      for (let i = 0; i < length; i++) target[i]! += power[i]!;
    }
  }
  return out;
}

/** Checks (d, m) and that `values` holds a whole number of elements; returns len. */
function assertElements(values: Float64Array, dimension: number, depth: number, name: string): number {
  return elementCount(values, dimension, depth, name).length;
}
