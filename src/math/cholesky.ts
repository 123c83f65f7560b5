import { assertOption, HedgelabError } from "../errors.js";

/**
 * The Cholesky factor L of a symmetric positive definite matrix A = L Lᵀ.
 *
 * Cholesky–Banachiewicz order (row by row); only the lower triangle of `matrix` is read, so the
 * caller is trusted for the symmetry. L is lower triangular with a positive diagonal; its strict
 * upper triangle is 0. Cost n³/3 multiply–adds.
 *
 * Shape: `matrix` is [n, n] row-major (A[i][j] at i·n + j); the result is [n, n] row-major.
 *
 * Throws a {@link HedgelabError} naming the pivot when A is not (numerically) positive definite:
 * a pivot A[k][k] − Σⱼ L[k][j]² ≤ 0 or NaN.
 *
 * Reference: G. H. Golub and C. F. Van Loan, Matrix Computations, 4th ed., section 4.2 (the Cholesky
 * factorisation).
 *
 * @param n - the order of the matrix, a non-negative integer.
 */
export function cholesky(matrix: Float64Array, n: number): Float64Array {
  assertOption(Number.isInteger(n) && n >= 0, "n", n, "must be a non-negative integer");
  assertOption(matrix.length === n * n, "matrix length", matrix.length, `must be n² = ${n * n}`);
  const lower = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = matrix[i * n + j]!;
      for (let k = 0; k < j; k++) s -= lower[i * n + k]! * lower[j * n + k]!;
      if (i === j) {
        if (!(s > 0)) {
          throw new HedgelabError(
            `matrix is not positive definite: pivot ${i} is ${s} (the leading ${i + 1}×${i + 1} block is singular or indefinite)`,
          );
        }
        lower[i * n + i] = Math.sqrt(s);
      } else {
        lower[i * n + j] = s / lower[j * n + j]!;
      }
    }
  }
  return lower;
}
