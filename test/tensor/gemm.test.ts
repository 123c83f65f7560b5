import { describe, expect, it } from "vitest";
import { gemm } from "../../src/tensor/gemm.js";
import { loadKernels } from "../../src/tensor/kernels.js";
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

  it("float32 takes operands under 2⁻¹⁰⁰ as 0 (no denormal arithmetic) and keeps NaN and infinities", () => {
    // Called on the WebAssembly kernel itself (whatever the backend), each transposition, on shapes
    // with whole and partial register tiles: A holds 5e-31 (flushed), 1e-40 (a denormal: flushed),
    // 2e-29 (kept) and 0; B is of order 1e30, so that a flushed term would change C by a visible 5%.
    const { wasm } = loadKernels();
    const tiny = [5e-31, 2e-29, 1e-40, 0];
    const kept = (x: number): number => (Math.abs(x) < 2 ** -100 ? 0 : x);
    for (const [m, n, k] of [
      [9, 17, 8],
      [4, 8, 5],
      [1, 1, 3],
    ] as [number, number, number][]) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          tidy(() => {
            const a = Array.from({ length: m * k }, (_, i) => tiny[(3 * i + (i >> 2)) % 4]!);
            const b = Array.from({ length: k * n }, (_, i) => 1e30 * (1 + (i % 5) / 10));
            const [ta, tb, tc] = [tensor(a, [m * k]), tensor(b, [k * n]), zeros([m * n])];
            const scratch = zeros([(96 + 24) * 256 + 64]);
            const product = (): void =>
              wasm.gemmF32(
                m,
                n,
                k,
                ta.address,
                transA ? m : k,
                +transA,
                tb.address,
                transB ? k : n,
                +transB,
                tc.address,
                n,
                0,
                scratch.address,
              );
            product();
            const expected = naive(m, n, k, a.map(kept), transA, b, transB);
            tc.values().forEach((x, i) =>
              expect(Math.abs(x - expected[i]!)).toBeLessThan(1e-5 * Math.abs(expected[i]!) + 1e-30),
            );
            // A[0][0] is NaN and A[m − 1][k − 1] is ∞: C's first row is NaN, its last ∞ (B is positive).
            ta.values()[0] = Number.NaN;
            ta.values()[m * k - 1] = Number.POSITIVE_INFINITY;
            product();
            expect(Number.isNaN(tc.values()[0])).toBe(true);
            if (m > 1) expect(tc.values()[m * n - 1]).toBe(Number.POSITIVE_INFINITY);
          });
        }
      }
    }
  });
});
