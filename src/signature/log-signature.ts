import { assertOption } from "../errors.js";
import { logSignatureLength, lyndonBracketTerms, lyndonWords } from "./lyndon.js";
import { signature, type PathArray, type SignatureOptions } from "./signature.js";
import { assertDimensionDepth, levelOffset, signatureLength } from "./tensor-algebra.js";
import { tensorExp, tensorLog } from "./tensor-log-exp.js";

/**
 * How a log-signature log S (a Lie element) is written down:
 * - `"lyndon"`: its coordinates c_w in the Lyndon basis, log S = Σ_w c_w P_w over the Lyndon words w
 *   of length ≤ m (P_w the standard bracketing): iisignature's default `logsig` and signatory's
 *   `mode="brackets"`;
 * - `"words"`: the coefficients ℓ_w = ⟨w, log S⟩ of log S at the Lyndon words (signatory's default
 *   `mode="words"`): the same information, cheaper, but not coordinates in a Hall basis;
 * - `"expanded"`: all d + … + d^m tensor coordinates of log S (signatory's `"expand"`, iisignature's
 *   `"x"` method).
 * Lyndon words are ordered by length, then lexicographically (iisignature's and signatory's order).
 */
export type LogSignatureMode = "lyndon" | "words" | "expanded";

/** The default mode: the Lyndon basis, as iisignature's `logsig`. */
export const DEFAULT_LOG_SIGNATURE_MODE: LogSignatureMode = "lyndon";

/** Options of {@link logSignature}: those of `signature` and the representation. */
export interface LogSignatureOptions extends SignatureOptions {
  /** How the log-signature is written; default "lyndon" ({@link LogSignatureMode}). */
  mode?: LogSignatureMode;
}

/**
 * Log-signatures of piecewise-linear paths: log S(X) truncated at depth m, computed as the tensor
 * logarithm of the float64 signature (`signature`, then `tensorLog`) and written in the chosen mode.
 *
 * Shapes: `paths` [N, L, d]; result [N, size] or, with `stream`, [N, segments, size], where size is
 * {@link logSignatureSize}(d, m, mode): Σ_k Witt(d, k) for "lyndon" and "words", d + … + d^m for
 * "expanded".
 *
 * Example: the unit square loop (0,0) → (1,0) → (1,1) → (0,1) → (0,0) at depth 2 gives
 * [0, 0, 1]: no increment and Lévy area ½(S^{01} − S^{10}) = 1, the enclosed area.
 *
 * Reference: Reizenstein & Graham, "Algorithm 1004: The iisignature library", ACM TOMS 46 (2020);
 * Kidger & Lyons, "Signatory", ICLR 2021; docs/notes/signatures.md §4–5.
 */
export function logSignature(paths: PathArray, options: LogSignatureOptions): Float64Array {
  const { mode = DEFAULT_LOG_SIGNATURE_MODE, ...signatureOptions } = options;
  assertMode(mode);
  const signatures = signature(paths, signatureOptions);
  return signatureToLogSignature(signatures, paths.dimension, options.depth, mode);
}

/**
 * Signatures → log-signatures: log S = Σ_{n=1}^{m} (−1)^{n+1} (S − 1)^{⊗n}/n, then, for "lyndon", the
 * coordinates c in the Lyndon basis from ℓ_w = ⟨w, log S⟩ by forward substitution: the matrix
 * M_{uw} = ⟨u, P_w⟩ over Lyndon words u, w of one length is unitriangular in lexicographic order
 * (P_w = w + larger words), so c_u = ℓ_u − Σ_{w<u} M_{uw} c_w. The sparse matrix is built once per
 * (d, m) and cached.
 *
 * Shapes: `signatures` [len] or [N, len]; result [N, size] ({@link logSignatureSize}).
 *
 * Reference: Reutenauer, _Free Lie Algebras_ (1993), Thm 5.1; Reizenstein & Graham (2020), §4.
 */
export function signatureToLogSignature(
  signatures: Float64Array,
  dimension: number,
  depth: number,
  mode: LogSignatureMode = DEFAULT_LOG_SIGNATURE_MODE,
): Float64Array {
  assertMode(mode);
  const logs = tensorLog(signatures, dimension, depth);
  if (mode === "expanded") return logs;
  const length = signatureLength(dimension, depth);
  const basis = lyndonBasis(dimension, depth);
  const size = basis.words.length;
  const count = logs.length / length;
  const out = new Float64Array(count * size);
  for (let e = 0; e < count; e++) {
    const target = out.subarray(e * size, (e + 1) * size);
    for (let i = 0; i < size; i++) target[i] = logs[e * length + basis.indices[i]!]!;
    if (mode === "lyndon") solveLower(basis, target);
  }
  return out;
}

/**
 * Log-signatures → signatures: the Lie element y = Σ_w c_w P_w in tensor coordinates (for "words",
 * c is first recovered from ℓ by the triangular solve of {@link signatureToLogSignature}), then
 * S = exp(y) = 1 + Σ y^{⊗n}/n!. Turns a log-signature produced by a model into a signature.
 *
 * Shapes: `coordinates` [size] or [N, size] ({@link logSignatureSize}); result [N, d + … + d^m].
 *
 * Reference: Reutenauer (1993), §3.2 and §5.1; docs/notes/signatures.md §4–5.
 */
export function logSignatureToSignature(
  coordinates: Float64Array,
  dimension: number,
  depth: number,
  mode: LogSignatureMode = DEFAULT_LOG_SIGNATURE_MODE,
): Float64Array {
  assertMode(mode);
  if (mode === "expanded") return tensorExp(coordinates, dimension, depth);
  const size = logSignatureSize(dimension, depth, mode);
  assertOption(
    coordinates.length % size === 0,
    "coordinates",
    coordinates.length,
    `length must be a multiple of the log-signature size ${size}`,
  );
  const basis = lyndonBasis(dimension, depth);
  const length = signatureLength(dimension, depth);
  const count = coordinates.length / size;
  const lie = new Float64Array(count * length);
  const c = new Float64Array(size);
  for (let e = 0; e < count; e++) {
    c.set(coordinates.subarray(e * size, (e + 1) * size));
    if (mode === "words") solveLower(basis, c);
    const target = lie.subarray(e * length, (e + 1) * length);
    for (let w = 0; w < size; w++) {
      const cw = c[w]!;
      if (cw === 0) continue;
      const { indices, coefficients } = basis.brackets[w]!;
      for (let t = 0; t < indices.length; t++) target[indices[t]!]! += cw * coefficients[t]!;
    }
  }
  return tensorExp(lie, dimension, depth);
}

/**
 * The number of coordinates of a log-signature in each mode: logSignatureLength(d, m) = Σ_k Witt(d, k)
 * for "lyndon" and "words", signatureLength(d, m) = d + … + d^m for "expanded".
 *
 * Reference: Reutenauer (1993), Cor. 4.14.
 */
export function logSignatureSize(
  dimension: number,
  depth: number,
  mode: LogSignatureMode = DEFAULT_LOG_SIGNATURE_MODE,
): number {
  assertMode(mode);
  return mode === "expanded" ? signatureLength(dimension, depth) : logSignatureLength(dimension, depth);
}

/** The Lyndon words of (d, m), their brackets and the triangular matrix, in flat tensor indices. */
interface LyndonBasis {
  words: number[][];
  /** Flat index of each Lyndon word in the tensor layout. */
  indices: Int32Array;
  /** P_w as flat indices and coefficients. */
  brackets: { indices: Int32Array; coefficients: Float64Array }[];
  /** Row u of the strictly lower part of M: columns w < u (same length) and M_{uw} = ⟨u, P_w⟩. */
  lower: { columns: Int32Array; values: Float64Array }[];
}

const bases = new Map<string, LyndonBasis>();

function lyndonBasis(dimension: number, depth: number): LyndonBasis {
  assertDimensionDepth(dimension, depth);
  const key = `${dimension},${depth}`;
  const cached = bases.get(key);
  if (cached) return cached;
  const words = lyndonWords(dimension, depth);
  const offsets = Array.from({ length: depth + 1 }, (_, k) => levelOffset(dimension, k));
  const positionOf = new Map<number, number>();
  const indices = new Int32Array(words.length);
  words.forEach((word, i) => {
    let index = 0;
    for (const letter of word) index = index * dimension + letter;
    indices[i] = offsets[word.length]! + index;
    positionOf.set(indices[i]!, i);
  });
  const memo = new Map<string, Map<number, number>>();
  const rows: { columns: number[]; values: number[] }[] = words.map(() => ({ columns: [], values: [] }));
  const brackets = words.map((word, w) => {
    const terms = lyndonBracketTerms(word, dimension, memo);
    const flat = new Int32Array(terms.size);
    const coefficients = new Float64Array(terms.size);
    let t = 0;
    for (const [index, coefficient] of terms) {
      flat[t] = offsets[word.length]! + index;
      coefficients[t++] = coefficient;
      const u = positionOf.get(offsets[word.length]! + index);
      if (u === undefined || u === w) continue;
      // Triangularity (P_w = w + larger words) is what makes the substitution valid.
      if (u < w) throw new Error(`lyndonBasis: P_${word.join("")} is not triangular`);
      rows[u]!.columns.push(w);
      rows[u]!.values.push(coefficient);
    }
    return { indices: flat, coefficients };
  });
  const lower = rows.map(({ columns, values }) => ({
    columns: Int32Array.from(columns),
    values: Float64Array.from(values),
  }));
  const basis = { words, indices, brackets, lower };
  bases.set(key, basis);
  return basis;
}

/** In place: ℓ → c with ℓ = M c, M unit lower-triangular (forward substitution in basis order). */
function solveLower(basis: LyndonBasis, values: Float64Array): void {
  for (let u = 0; u < values.length; u++) {
    const { columns, values: m } = basis.lower[u]!;
    let total = values[u]!;
    for (let t = 0; t < columns.length; t++) total -= m[t]! * values[columns[t]!]!;
    values[u] = total;
  }
}

function assertMode(mode: LogSignatureMode): void {
  assertOption(
    mode === "lyndon" || mode === "words" || mode === "expanded",
    "mode",
    mode,
    'must be "lyndon", "words" or "expanded"',
  );
}
