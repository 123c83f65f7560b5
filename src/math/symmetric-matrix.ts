import { assertOption } from "../errors.js";

/**
 * Helpers for symmetric (positive definite) matrices stored flat and row-major, [n, n] with A[i][j]
 * at i·n + j: the log-determinant and triangular solves that go with a Cholesky factor
 * ({@link cholesky} in `cholesky.ts`), a symmetric eigendecomposition, and the repair of a matrix
 * that should be positive definite but is not.
 */

/**
 * log det A from the Cholesky factor L of A = L Lᵀ.
 *
 * Formula: log det A = 2 Σᵢ log Lᵢᵢ. Summing logarithms never overflows or underflows, where the
 * product of the pivots can (det A of a 100×100 matrix with eigenvalues 1e-4 is 1e-400 = 0 in float64).
 *
 * Shape: `lower` is [n, n] row-major; only its diagonal is read.
 *
 * Reference: G. H. Golub and C. F. Van Loan, Matrix Computations, 4th ed., section 4.2.
 */
export function choleskyLogDeterminant(lower: ArrayLike<number>, n: number): number {
  assertSquare(lower, n, "lower");
  let total = 0;
  for (let i = 0; i < n; i++) total += Math.log(lower[i * n + i]!);
  return 2 * total;
}

/**
 * Solves L y = b for y by forward substitution, L lower triangular with a non-zero diagonal.
 *
 * Formula: yᵢ = (bᵢ − Σ_{j<i} Lᵢⱼ yⱼ) / Lᵢᵢ for i = 0, …, n − 1. With L the Cholesky factor of Σ,
 * ‖y‖² = bᵀ Σ⁻¹ b is the squared Mahalanobis length of b, computed without forming Σ⁻¹.
 * Only the lower triangle of `lower` is read. `out` may be `b` itself (the solve is in place).
 *
 * Shape: `lower` is [n, n] row-major, `b` and the result are [n].
 *
 * Reference: Golub and Van Loan, Matrix Computations, 4th ed., algorithm 3.1.1 (row-oriented forward
 * substitution).
 *
 * @param out - where to write y; default a new array.
 */
export function solveLowerTriangular(
  lower: ArrayLike<number>,
  n: number,
  b: ArrayLike<number>,
  out: Float64Array = new Float64Array(n),
): Float64Array {
  assertSquare(lower, n, "lower");
  assertOption(b.length === n, "b length", b.length, `must be n = ${n}`);
  assertOption(out.length === n, "out length", out.length, `must be n = ${n}`);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let j = 0; j < i; j++) s -= lower[i * n + j]! * out[j]!;
    out[i] = s / lower[i * n + i]!;
  }
  return out;
}

/** The eigendecomposition A = V diag(λ) Vᵀ of a symmetric matrix. */
export interface SymmetricEigen {
  /** The eigenvalues λ in ascending order, [n]. */
  values: Float64Array;
  /** The orthonormal eigenvectors as the columns of V, [n, n] row-major: vector j is V[·][j]. */
  vectors: Float64Array;
}

/**
 * The eigenvalues and eigenvectors of a symmetric matrix, by the cyclic Jacobi method.
 *
 * Each rotation zeroes one off-diagonal pair (the rotation angle computed in the stable form of
 * Golub and Van Loan, algorithm 8.5.1); sweeps over all pairs repeat until the off-diagonal mass
 * Σ_{i≠j} Aᵢⱼ² is at most (n·ε)² ‖A‖²_F. Jacobi is accurate to a few ulps of ‖A‖ on every
 * eigenvalue and costs about 6 n³ flops per sweep, typically 6 to 10 sweeps: meant for the small
 * matrices of this library (covariances of a handful of assets or features), not for n in the
 * hundreds. The matrix is symmetrised first, (A + Aᵀ)/2.
 *
 * Shape: `matrix` is [n, n] row-major; see {@link SymmetricEigen} for the result.
 *
 * Reference: Golub and Van Loan, Matrix Computations, 4th ed., section 8.5.2 (the cyclic Jacobi
 * algorithm); C. G. J. Jacobi (1846).
 */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): SymmetricEigen {
  assertSquare(matrix, n, "matrix");
  const a = new Float64Array(n * n);
  let frobenius = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const value = 0.5 * (matrix[i * n + j]! + matrix[j * n + i]!);
      assertOption(Number.isFinite(value), "matrix", value, "must have finite entries");
      a[i * n + j] = value;
      frobenius += value * value;
    }
  }
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const threshold = (n * Number.EPSILON) ** 2 * frobenius;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += 2 * a[p * n + q]! ** 2;
    if (off <= threshold) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        // The rotation [c s; −s c] that zeroes A[p][q]: t = tan θ, the smaller root of t² + 2τt − 1 = 0.
        const tau = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          // A ← A J (columns p and q).
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          // A ← Jᵀ A (rows p and q).
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        a[p * n + q] = 0;
        a[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i * n + i]! - a[j * n + j]!);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    values[to] = a[from * n + from]!;
    for (let k = 0; k < n; k++) vectors[k * n + to] = v[k * n + from]!;
  });
  return { values, vectors };
}

/** A matrix repaired to be positive definite, and how much repair it took. */
export interface PositiveDefiniteRepair {
  /** The repaired matrix, symmetric, [n, n] row-major. */
  matrix: Float64Array;
  /** How many eigenvalues were below `minEigenvalue` and raised to it (0: only symmetrised). */
  raised: number;
  /** The smallest eigenvalue of the symmetrised input (negative when it was indefinite). */
  smallestEigenvalue: number;
}

/**
 * The symmetric matrix nearest to A in the Frobenius norm among those with every eigenvalue at
 * least δ = `minEigenvalue`: the repair of a covariance that rounding, missing data or too few
 * observations left indefinite or singular.
 *
 * Formula: with the symmetric part B = (A + Aᵀ)/2 = V diag(λ) Vᵀ, the result is
 * V diag(max(λᵢ, δ)) Vᵀ (Higham 1988, theorem 2.1, for δ = 0; the same argument gives any δ ≥ 0).
 * When every λᵢ ≥ δ the result is B itself (`raised` = 0). The result is exactly symmetric.
 *
 * Shape: `matrix` is [n, n] row-major.
 *
 * Reference: N. J. Higham, "Computing a nearest symmetric positive semidefinite matrix", Linear
 * Algebra Appl. 103 (1988) 103–118.
 *
 * @param minEigenvalue - δ > 0, the smallest eigenvalue allowed; default 1e-10 × (the largest
 *   |eigenvalue|, or 1 for the zero matrix), so that the repaired matrix has a Cholesky factor.
 */
export function nearestPositiveDefinite(
  matrix: ArrayLike<number>,
  n: number,
  minEigenvalue?: number,
): PositiveDefiniteRepair {
  const { values, vectors } = symmetricEigen(matrix, n);
  const scale = n === 0 ? 1 : Math.max(Math.abs(values[0]!), Math.abs(values[n - 1]!)) || 1;
  const delta = minEigenvalue ?? 1e-10 * scale;
  assertOption(Number.isFinite(delta) && delta > 0, "minEigenvalue", delta, "must be a finite number > 0");
  let raised = 0;
  for (let i = 0; i < n; i++) if (values[i]! < delta) raised++;
  const result = new Float64Array(n * n);
  if (raised === 0) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) result[i * n + j] = 0.5 * (matrix[i * n + j]! + matrix[j * n + i]!);
    }
  } else {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let k = 0; k < n; k++)
          s += vectors[i * n + k]! * Math.max(values[k]!, delta) * vectors[j * n + k]!;
        result[i * n + j] = s;
        result[j * n + i] = s;
      }
    }
  }
  return { matrix: result, raised, smallestEigenvalue: n === 0 ? Number.NaN : values[0]! };
}

function assertSquare(matrix: ArrayLike<number>, n: number, name: string): void {
  assertOption(Number.isInteger(n) && n >= 0, "n", n, "must be a non-negative integer");
  assertOption(matrix.length === n * n, `${name} length`, matrix.length, `must be n² = ${n * n}`);
}
