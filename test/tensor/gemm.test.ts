import { describe, expect, it } from "vitest";
import { gemm } from "../../src/tensor/gemm.js";
import { tensor, tidy, zeros, type DType } from "../../src/tensor/tensor.js";
import { randomValues } from "./gradient-check.js";

function naive(
  m: number,
  n: number,
  k: number,
  a: number[],
  transA: boolean,
  b: number[],
  transB: boolean,
): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++)
        s += a[transA ? p * m + i : i * k + p]! * b[transB ? j * k + p : p * n + j]!;
      c[i * n + j] = s;
    }
  }
  return c;
}

function maxError(got: ArrayLike<number>, expected: Float64Array, factor: number): number {
  let max = 0;
  for (let i = 0; i < expected.length; i++) max = Math.max(max, Math.abs(got[i]! - factor * expected[i]!));
  return max;
}

describe("gemm (WebAssembly SIMD kernels)", () => {
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [4, 8, 4],
    [5, 9, 3],
    [37, 21, 300],
    [100, 70, 17],
    [130, 9, 260],
  ];
  for (const dtype of ["float32", "float64"] as DType[]) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        it(`${dtype} C = ${transA ? "Aᵀ" : "A"}·${transB ? "Bᵀ" : "B"} equals the naive triple loop on edge shapes`, () => {
          tidy(() => {
            for (const [m, n, k] of shapes) {
              const a = randomValues(m * k, m + k);
              const b = randomValues(k * n, n + 3 * k);
              const ta = tensor(a, [m * k], dtype);
              const tb = tensor(b, [k * n], dtype);
              const tc = zeros([m * n], dtype);
              gemm(
                dtype,
                m,
                n,
                k,
                ta.address,
                transA ? m : k,
                transA,
                tb.address,
                transB ? k : n,
                transB,
                tc.address,
                n,
                false,
              );
              const expected = naive(m, n, k, a, transA, b, transB);
              const got = tc.values();
              const tol = dtype === "float32" ? 1e-4 * Math.sqrt(k) : 1e-12 * k;
              expect(maxError(got, expected, 1)).toBeLessThan(tol);
              // Accumulating adds the product once more.
              gemm(
                dtype,
                m,
                n,
                k,
                ta.address,
                transA ? m : k,
                transA,
                tb.address,
                transB ? k : n,
                transB,
                tc.address,
                n,
                true,
              );
              const twice = tc.values();
              expect(maxError(twice, expected, 2)).toBeLessThan(2 * tol);
            }
          });
        });
      }
    }
  }

  it("with K = 0 writes zeros (or leaves C when accumulating)", () => {
    tidy(() => {
      const c = tensor([1, 2, 3, 4], [4], "float32");
      gemm("float32", 2, 2, 0, c.address, 0, false, c.address, 2, false, c.address, 2, true);
      expect(Array.from(c.values())).toEqual([1, 2, 3, 4]);
      gemm("float32", 2, 2, 0, c.address, 0, false, c.address, 2, false, c.address, 2, false);
      expect(Array.from(c.values())).toEqual([0, 0, 0, 0]);
    });
  });
});
