// The matrix-product driver shared by float32 and float64 (GotoBLAS loop order: K blocks, then B
// packed once per block, then M blocks of A packed, then the microkernel over register tiles). The
// packing and microkernels of each type live in gemm-f32.ts and gemm-f64.ts.
import { GEMM_F32_KC, GEMM_F32_MC, NR_F32, microF32, packAF32, packBF32 } from "./gemm-f32";
import { GEMM_F64_KC, GEMM_F64_MC, NR_F64, microF64, packAF64, packBF64 } from "./gemm-f64";

const MR: i32 = 4;

/**
 * C (+)= op(A) · op(B) for T = f32 or f64. `scratch` must hold MC·KC elements for packed A, then
 * ⌈N/NR⌉·NR·KC for packed B, then 32 elements for edge tiles (16-byte aligned).
 */
// @ts-ignore: decorator
@inline
function gemm<T>(
  M: i32, N: i32, K: i32,
  a: usize, lda: i32, transA: i32,
  b: usize, ldb: i32, transB: i32,
  c: usize, ldc: i32, accumulate: i32,
  scratch: usize,
): void {
  const f32 = sizeof<T>() == 4;
  const NR = f32 ? NR_F32 : NR_F64;
  const KC = f32 ? GEMM_F32_KC : GEMM_F64_KC;
  const MC = f32 ? GEMM_F32_MC : GEMM_F64_MC;
  const size = <usize>sizeof<T>();
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (accumulate == 0) for (let i = 0; i < M; i++) memory.fill(c + <usize>i * <usize>ldc * size, 0, <usize>N * size);
    return;
  }
  const panelsN = (N + NR - 1) / NR;
  const pa = scratch;
  const pbBase = pa + <usize>(MC * KC) * size;
  const edge = pbBase + <usize>(panelsN * NR * KC) * size;
  for (let pc = 0; pc < K; pc += KC) {
    const kc = min(KC, K - pc);
    const acc = accumulate != 0 || pc > 0;
    if (f32) packBF32(b, ldb, transB, pc, kc, N, pbBase);
    else packBF64(b, ldb, transB, pc, kc, N, pbBase);
    for (let ic = 0; ic < M; ic += MC) {
      const mc = min(MC, M - ic);
      if (f32) packAF32(a, lda, transA, ic, mc, pc, kc, pa);
      else packAF64(a, lda, transA, ic, mc, pc, kc, pa);
      const panelsM = (mc + MR - 1) / MR;
      for (let jp = 0; jp < panelsN; jp++) {
        const pb = pbBase + <usize>(jp * kc * NR) * size;
        const cols = min(NR, N - jp * NR);
        for (let ip = 0; ip < panelsM; ip++) {
          const rows = min(MR, mc - ip * MR);
          const cp = c + (<usize>(ic + ip * MR) * <usize>ldc + <usize>(jp * NR)) * size;
          const ap = pa + <usize>(ip * kc * MR) * size;
          if (f32) microF32(ap, pb, kc, cp, ldc, rows, cols, acc, edge);
          else microF64(ap, pb, kc, cp, ldc, rows, cols, acc, edge);
        }
      }
    }
  }
}

/** C (+)= op(A) · op(B) in float32 (see {@link gemm}). */
export function gemmF32(
  M: i32, N: i32, K: i32,
  a: usize, lda: i32, transA: i32,
  b: usize, ldb: i32, transB: i32,
  c: usize, ldc: i32, accumulate: i32,
  scratch: usize,
): void {
  gemm<f32>(M, N, K, a, lda, transA, b, ldb, transB, c, ldc, accumulate, scratch);
}

/** C (+)= op(A) · op(B) in float64 (see {@link gemm}). */
export function gemmF64(
  M: i32, N: i32, K: i32,
  a: usize, lda: i32, transA: i32,
  b: usize, ldb: i32, transB: i32,
  c: usize, ldc: i32, accumulate: i32,
  scratch: usize,
): void {
  gemm<f64>(M, N, K, a, lda, transA, b, ldb, transB, c, ldc, accumulate, scratch);
}
