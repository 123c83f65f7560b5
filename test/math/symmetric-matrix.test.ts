import { describe, expect, it } from "vitest";
import { cholesky } from "../../src/math/cholesky.js";
import {
  choleskyLogDeterminant,
  nearestPositiveDefinite,
  solveLowerTriangular,
  symmetricEigen,
} from "../../src/math/symmetric-matrix.js";
import { createRandom } from "../../src/random/random-source.js";

/** A random symmetric n×n matrix B + Bᵀ with standard normal B. */
function randomSymmetric(n: number, seed: number): Float64Array {
  const b = createRandom(seed).fillNormal(new Float64Array(n * n));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = b[i * n + j]! + b[j * n + i]!;
  return a;
}

describe("choleskyLogDeterminant", () => {
  it("is 2 Σ log Lᵢᵢ: log 36 for the textbook matrix with L diagonal (2, 1, 3)", () => {
    const a = Float64Array.of(4, 12, -16, 12, 37, -43, -16, -43, 98);
    expect(choleskyLogDeterminant(cholesky(a, 3), 3)).toBeCloseTo(Math.log(36), 14);
  });

  it("stays finite where the determinant itself underflows (200 eigenvalues of 1e-4: det = 1e-800)", () => {
    const n = 200;
    const lower = new Float64Array(n * n);
    for (let i = 0; i < n; i++) lower[i * n + i] = 1e-2;
    expect(choleskyLogDeterminant(lower, n)).toBeCloseTo(-800 * Math.LN10, 9);
  });
});

describe("solveLowerTriangular", () => {
  it("solves L y = b exactly for a hand-made system, also in place", () => {
    const lower = Float64Array.of(2, 0, 0, 6, 1, 0, -8, 5, 3);
    // y = (1, 2, 3): b = L y = (2, 8, 11).
    expect(Array.from(solveLowerTriangular(lower, 3, [2, 8, 11]))).toEqual([1, 2, 3]);
    const b = Float64Array.of(2, 8, 11);
    expect(solveLowerTriangular(lower, 3, b, b)).toBe(b);
    expect(Array.from(b)).toEqual([1, 2, 3]);
  });

  it("gives ‖y‖² = bᵀ A⁻¹ b with L the Cholesky factor of A", () => {
    const a = Float64Array.of(4, 2, 2, 3); // A⁻¹ = [3, −2; −2, 4] / 8
    const y = solveLowerTriangular(cholesky(a, 2), 2, [1, 1]);
    expect(y[0]! ** 2 + y[1]! ** 2).toBeCloseTo((3 - 4 + 4) / 8, 15);
  });

  it("rejects mismatched lengths with an `invalid …` message", () => {
    expect(() => solveLowerTriangular(new Float64Array(4), 2, [1])).toThrow(
      "invalid b length: 1 (must be n = 2)",
    );
    expect(() => solveLowerTriangular(new Float64Array(3), 2, [1, 1])).toThrow("invalid lower length: 3");
  });
});

describe("symmetricEigen", () => {
  it("finds eigenvalues 1 and 3 of [2, 1; 1, 2] with eigenvectors (1, ∓1)/√2", () => {
    const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
    expect(values[0]).toBeCloseTo(1, 15);
    expect(values[1]).toBeCloseTo(3, 15);
    expect(Math.abs(vectors[0]!)).toBeCloseTo(Math.SQRT1_2, 15);
    expect(vectors[0]! * vectors[2]!).toBeCloseTo(-0.5, 15); // (1, −1)/√2 up to sign
  });

  it("returns ascending eigenvalues and orthonormal V with V diag(λ) Vᵀ = A for a random 7×7 matrix", () => {
    const n = 7;
    const a = randomSymmetric(n, 3);
    const { values, vectors } = symmetricEigen(a, n);
    for (let i = 1; i < n; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let reconstructed = 0;
        let gram = 0;
        for (let k = 0; k < n; k++) {
          reconstructed += vectors[i * n + k]! * values[k]! * vectors[j * n + k]!;
          gram += vectors[k * n + i]! * vectors[k * n + j]!;
        }
        expect(reconstructed).toBeCloseTo(a[i * n + j]!, 12);
        expect(gram).toBeCloseTo(i === j ? 1 : 0, 14);
      }
    }
  });

  it("handles a diagonal matrix and n = 0", () => {
    expect(Array.from(symmetricEigen([3, 0, 0, -1], 2).values)).toEqual([-1, 3]);
    expect(symmetricEigen([], 0).values.length).toBe(0);
  });
});

describe("nearestPositiveDefinite", () => {
  it("clips the eigenvalue −1 of [1, 2; 2, 1] to δ: the result is [3 + δ, 3 − δ; 3 − δ, 3 + δ]/2, with a Cholesky factor", () => {
    const repair = nearestPositiveDefinite([1, 2, 2, 1], 2, 1e-8);
    expect(repair.raised).toBe(1);
    expect(repair.smallestEigenvalue).toBeCloseTo(-1, 14);
    const [a, b, c, d] = repair.matrix;
    expect(a).toBeCloseTo((3 + 1e-8) / 2, 14);
    expect(d).toBeCloseTo((3 + 1e-8) / 2, 14);
    expect(b).toBeCloseTo((3 - 1e-8) / 2, 14);
    expect(c).toBe(b);
    expect(() => cholesky(repair.matrix, 2)).not.toThrow();
    expect(symmetricEigen(repair.matrix, 2).values[0]).toBeCloseTo(1e-8, 14);
  });

  it("returns the symmetric part unchanged when it is already positive definite", () => {
    const repair = nearestPositiveDefinite([4, 1, 3, 5], 2);
    expect(repair.raised).toBe(0);
    expect(Array.from(repair.matrix)).toEqual([4, 2, 2, 5]);
  });

  it("repairs a singular covariance (rank 1) so that cholesky succeeds with the default δ", () => {
    const singular = Float64Array.of(1, 2, 3, 2, 4, 6, 3, 6, 9); // v vᵀ with v = (1, 2, 3)
    expect(() => cholesky(singular, 3)).toThrow("not positive definite");
    const repair = nearestPositiveDefinite(singular, 3);
    expect(repair.raised).toBe(2);
    expect(() => cholesky(repair.matrix, 3)).not.toThrow();
    for (let i = 0; i < 9; i++) expect(repair.matrix[i]).toBeCloseTo(singular[i]!, 8);
  });

  it("rejects a non-positive minEigenvalue and non-finite entries", () => {
    expect(() => nearestPositiveDefinite([1], 1, 0)).toThrow(
      "invalid minEigenvalue: 0 (must be a finite number > 0)",
    );
    expect(() => nearestPositiveDefinite([Number.NaN], 1)).toThrow(
      "invalid matrix: NaN (must have finite entries)",
    );
  });
});
