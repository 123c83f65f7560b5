import { assertOption } from "../errors.js";
import { assertDimensionDepth, levelOffset, signatureLength } from "./tensor-algebra.js";

/** Options of {@link signature}. */
export interface SignatureOptions {
  /** Truncation depth m ≥ 1. */
  depth: number;
  /**
   * Start the path at the origin: prepend the point 0 (true) or a given point of length d, so that the
   * signature also sees the first point's position (signatory's `basepoint`); default false.
   */
  basepoint?: boolean | readonly number[];
  /** Return the signature of every prefix (the streaming form) instead of the whole path; default false. */
  stream?: boolean;
}

/** A batch of paths: N paths of L points in R^d, row-major [N, L, d]. */
export interface PathArray {
  values: Float64Array;
  n: number;
  length: number;
  dimension: number;
}

/**
 * Truncated signatures of piecewise-linear paths, in float64 (the layout of `tensor-algebra.ts`).
 *
 * Each path is read as the concatenation of its segments; the signature is built by Chen's identity,
 * one segment at a time: S ← S ⊗ exp(Δ), with the update of level k written in Horner form,
 * S_k += (((Δ/k + S_1) ⊗ Δ/(k−1) + S_2) ⊗ Δ/(k−2) + … + S_{k−1}) ⊗ Δ, levels from the top down
 * (as signatory does), about 1.15·len multiply-adds per segment.
 *
 * @returns [N, len] or, with `stream`, [N, S, len] where S is the number of segments (L − 1, or L with
 *   a basepoint): entry s is the signature of the path up to its point s + 1.
 */
export function signature(paths: PathArray, options: SignatureOptions): Float64Array {
  const { depth, basepoint = false, stream = false } = options;
  const { values, n, length, dimension: d } = paths;
  assertDimensionDepth(d, depth);
  assertOption(
    values.length === n * length * d,
    "paths",
    values.length,
    `must hold N·L·d = ${n * length * d} values`,
  );
  const start =
    basepoint === false ? undefined : basepoint === true ? new Float64Array(d) : Float64Array.from(basepoint);
  if (start) assertOption(start.length === d, "basepoint", basepoint, `must have ${d} coordinates`);
  const segments = start ? length : length - 1;
  assertOption(segments >= 0, "paths", length, "need at least one point");
  const len = signatureLength(d, depth);
  const out = new Float64Array(stream ? n * segments * len : n * len);
  const state = new Float64Array(len);
  const work = new Workspace(d, depth);
  const delta = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    state.fill(0);
    const base = i * length * d;
    for (let s = 0; s < segments; s++) {
      for (let c = 0; c < d; c++) {
        const to = values[base + (start ? s : s + 1) * d + c]!;
        const from = start && s === 0 ? start[c]! : values[base + (start ? s - 1 : s) * d + c]!;
        delta[c] = to - from;
      }
      chenStep(state, delta, work);
      if (stream) out.set(state, (i * segments + s) * len);
    }
    if (!stream) out.set(state, i * len);
  }
  return out;
}

/** Scratch buffers and level offsets of {@link chenStep} for one (d, m). */
export class Workspace {
  readonly dimension: number;
  readonly depth: number;
  readonly offsets: number[];
  readonly a: Float64Array;
  readonly b: Float64Array;

  constructor(dimension: number, depth: number) {
    this.dimension = dimension;
    this.depth = depth;
    this.offsets = Array.from({ length: depth + 1 }, (_, k) => levelOffset(dimension, k));
    this.a = new Float64Array(dimension ** depth);
    this.b = new Float64Array(dimension ** depth);
  }
}

/**
 * S ← S ⊗ exp(Δ) in place (Chen's identity with one segment), levels from the top down so that
 * every level reads the old lower levels.
 */
export function chenStep(state: Float64Array, delta: ArrayLike<number>, work: Workspace): void {
  const { dimension: d, depth: m, offsets } = work;
  for (let k = m; k >= 1; k--) {
    // t = Δ/k (level 1), then t ← (t + S_j) ⊗ Δ/(k − j) for j = 1..k−1; S_k += t.
    let t = work.a;
    let next = work.b;
    for (let v = 0; v < d; v++) t[v] = delta[v]! / k;
    let size = d;
    for (let j = 1; j < k; j++) {
      const offset = offsets[j]!;
      const scale = 1 / (k - j);
      for (let u = 0; u < size; u++) {
        const x = (t[u]! + state[offset + u]!) * scale;
        const row = u * d;
        for (let v = 0; v < d; v++) next[row + v] = x * delta[v]!;
      }
      size *= d;
      [t, next] = [next, t];
    }
    const offset = offsets[k]!;
    for (let u = 0; u < size; u++) state[offset + u]! += t[u]!;
  }
}
