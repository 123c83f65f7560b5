// General matrix product for float32, WebAssembly SIMD (f32x4), after the GotoBLAS layout
// (Goto & van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS 34(3), 2008):
// C[M×N] (+)= op(A)[M×K] · op(B)[K×N], row-major with leading dimensions, op = identity or transpose.
// B is packed into panels of NR = 8 columns ([kc][8]), A into panels of MR = 4 rows ([kc][4]); a 4×8
// microkernel keeps its 8 accumulators (f32x4) in registers, A's values broadcast from memory. Operands
// under 2^-100 are packed as 0 (see FLUSH_F32). Packing buffers are passed by the caller.

const MR: i32 = 4;
export const NR_F32: i32 = 8;
export const GEMM_F32_KC: i32 = 256;
export const GEMM_F32_MC: i32 = 96;

/**
 * Packed operands below 2^-100 (7.9e-31) in magnitude become +0 (NaN and infinities kept): the
 * WebAssembly counterpart of the native kernels' flush-to-zero and denormals-are-zero, which
 * WebAssembly cannot set. On x86 a multiply-add with a denormal operand or result takes a microcode
 * path (about 150 cycles): the SigFormer's backward products (W5), whose gradients are scaled by the
 * entropic loss's path weights and hold 2–4% denormals and 2% more under 1e-30, ran at 5–7 GFLOP/s
 * instead of 37, and at 22–25 with only denormal operands flushed (their products with weights of
 * order 0.05 are denormal too). Flushing under 2^-100 keeps every product with an operand above
 * 2^-26 normal; a dropped term is under 2^-100 times the other operand.
 */
const FLUSH_F32: f32 = 7.88860905e-31;

/** {@link FLUSH_F32}'s flush of four lanes. */
// @ts-ignore: decorator
@inline
function flush4(v: v128): v128 {
  return v128.andnot(v, f32x4.lt(f32x4.abs(v), f32x4.splat(FLUSH_F32)));
}

/** {@link flush4} of one element. */
// @ts-ignore: decorator
@inline
function flush1(v: f32): f32 {
  return abs<f32>(v) < FLUSH_F32 ? 0 : v;
}

export function packBF32(b: usize, ldb: i32, transB: i32, pc: i32, kc: i32, N: i32, dstBase: usize): void {
  const panels = (N + NR_F32 - 1) / NR_F32;
  for (let jp = 0; jp < panels; jp++) {
    const j0 = jp * NR_F32;
    const dst = dstBase + (<usize>(jp * kc * NR_F32) << 2);
    const cols = min(NR_F32, N - j0);
    if (transB == 0) {
      if (cols == NR_F32) {
        for (let k = 0; k < kc; k++) {
          const src = b + ((<usize>(pc + k) * <usize>ldb + <usize>j0) << 2);
          v128.store(dst + (<usize>(k * NR_F32) << 2), flush4(v128.load(src)));
          v128.store(dst + (<usize>(k * NR_F32 + 4) << 2), flush4(v128.load(src + 16)));
        }
      } else {
        for (let k = 0; k < kc; k++) {
          const src = b + ((<usize>(pc + k) * <usize>ldb + <usize>j0) << 2);
          for (let c = 0; c < NR_F32; c++) {
            store<f32>(dst + (<usize>(k * NR_F32 + c) << 2), c < cols ? flush1(load<f32>(src + (<usize>c << 2))) : 0);
          }
        }
      }
    } else {
      // op(B) = Bᵀ with Bt stored [N][K]: B[k][j] = Bt[j][k].
      for (let c = 0; c < NR_F32; c++) {
        if (c < cols) {
          const src = b + ((<usize>(j0 + c) * <usize>ldb + <usize>pc) << 2);
          for (let k = 0; k < kc; k++) store<f32>(dst + (<usize>(k * NR_F32 + c) << 2), flush1(load<f32>(src + (<usize>k << 2))));
        } else {
          for (let k = 0; k < kc; k++) store<f32>(dst + (<usize>(k * NR_F32 + c) << 2), 0);
        }
      }
    }
  }
}

export function packAF32(a: usize, lda: i32, transA: i32, ic: i32, mc: i32, pc: i32, kc: i32, dstBase: usize): void {
  const panels = (mc + MR - 1) / MR;
  for (let ip = 0; ip < panels; ip++) {
    const i0 = ic + ip * MR;
    const rows = min(MR, mc - ip * MR);
    const dst = dstBase + (<usize>(ip * kc * MR) << 2);
    if (transA == 0) {
      if (rows == MR) {
        const s0 = a + ((<usize>i0 * <usize>lda + <usize>pc) << 2);
        const s1 = s0 + (<usize>lda << 2);
        const s2 = s1 + (<usize>lda << 2);
        const s3 = s2 + (<usize>lda << 2);
        let k = 0;
        for (; k + 4 <= kc; k += 4) {
          // Transpose a 4×4 block: rows i0..i0+3, columns k..k+3.
          const off = <usize>k << 2;
          const r0 = flush4(v128.load(s0 + off));
          const r1 = flush4(v128.load(s1 + off));
          const r2 = flush4(v128.load(s2 + off));
          const r3 = flush4(v128.load(s3 + off));
          const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
          const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
          const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
          const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
          const d = dst + (<usize>(k * MR) << 2);
          v128.store(d, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
          v128.store(d + 16, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
          v128.store(d + 32, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
          v128.store(d + 48, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
        }
        for (; k < kc; k++) {
          const off = <usize>k << 2;
          const d = dst + (<usize>(k * MR) << 2);
          store<f32>(d, flush1(load<f32>(s0 + off)));
          store<f32>(d + 4, flush1(load<f32>(s1 + off)));
          store<f32>(d + 8, flush1(load<f32>(s2 + off)));
          store<f32>(d + 12, flush1(load<f32>(s3 + off)));
        }
      } else {
        for (let r = 0; r < MR; r++) {
          if (r < rows) {
            const src = a + ((<usize>(i0 + r) * <usize>lda + <usize>pc) << 2);
            for (let k = 0; k < kc; k++) store<f32>(dst + (<usize>(k * MR + r) << 2), flush1(load<f32>(src + (<usize>k << 2))));
          } else {
            for (let k = 0; k < kc; k++) store<f32>(dst + (<usize>(k * MR + r) << 2), 0);
          }
        }
      }
    } else {
      // op(A) = Aᵀ with At stored [K][M]: A[i][k] = At[k][i].
      if (rows == MR) {
        for (let k = 0; k < kc; k++) {
          v128.store(dst + (<usize>(k * MR) << 2), flush4(v128.load(a + ((<usize>(pc + k) * <usize>lda + <usize>i0) << 2))));
        }
      } else {
        for (let k = 0; k < kc; k++) {
          const src = a + ((<usize>(pc + k) * <usize>lda + <usize>i0) << 2);
          for (let r = 0; r < MR; r++) {
            store<f32>(dst + (<usize>(k * MR + r) << 2), r < rows ? flush1(load<f32>(src + (<usize>r << 2))) : 0);
          }
        }
      }
    }
  }
}

// a·b + c: one fused multiply-add where the build enables relaxed SIMD (and the CPU has FMA),
// else a multiply and an add.
// @ts-ignore: decorator
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

// @ts-ignore: decorator
@inline
export function microF32(pa: usize, pb: usize, kc: i32, c: usize, ldc: i32, rows: i32, cols: i32, accumulate: bool, edge: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    // A's four values broadcast straight from memory (load ports), not shuffled from one vector
    // (the shuffle port, which was the microkernel's bottleneck beside the multiply-adds).
    const ak = pa + (<usize>(k * MR) << 2);
    const b0 = v128.load(pb + (<usize>(k * NR_F32) << 2));
    const b1 = v128.load(pb + (<usize>(k * NR_F32 + 4) << 2));
    const a0 = v128.load32_splat(ak);
    const a1 = v128.load32_splat(ak, 4);
    const a2 = v128.load32_splat(ak, 8);
    const a3 = v128.load32_splat(ak, 12);
    c00 = madd(a0, b0, c00);
    c01 = madd(a0, b1, c01);
    c10 = madd(a1, b0, c10);
    c11 = madd(a1, b1, c11);
    c20 = madd(a2, b0, c20);
    c21 = madd(a2, b1, c21);
    c30 = madd(a3, b0, c30);
    c31 = madd(a3, b1, c31);
  }
  if (rows == MR && cols == NR_F32) {
    const r0 = c;
    const r1 = r0 + (<usize>ldc << 2);
    const r2 = r1 + (<usize>ldc << 2);
    const r3 = r2 + (<usize>ldc << 2);
    if (accumulate) {
      c00 = f32x4.add(c00, v128.load(r0));
      c01 = f32x4.add(c01, v128.load(r0 + 16));
      c10 = f32x4.add(c10, v128.load(r1));
      c11 = f32x4.add(c11, v128.load(r1 + 16));
      c20 = f32x4.add(c20, v128.load(r2));
      c21 = f32x4.add(c21, v128.load(r2 + 16));
      c30 = f32x4.add(c30, v128.load(r3));
      c31 = f32x4.add(c31, v128.load(r3 + 16));
    }
    v128.store(r0, c00);
    v128.store(r0 + 16, c01);
    v128.store(r1, c10);
    v128.store(r1 + 16, c11);
    v128.store(r2, c20);
    v128.store(r2 + 16, c21);
    v128.store(r3, c30);
    v128.store(r3 + 16, c31);
  } else {
    v128.store(edge, c00);
    v128.store(edge + 16, c01);
    v128.store(edge + 32, c10);
    v128.store(edge + 48, c11);
    v128.store(edge + 64, c20);
    v128.store(edge + 80, c21);
    v128.store(edge + 96, c30);
    v128.store(edge + 112, c31);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < cols; j++) {
        const p = c + ((<usize>r * <usize>ldc + <usize>j) << 2);
        const v = load<f32>(edge + (<usize>(r * NR_F32 + j) << 2));
        store<f32>(p, accumulate ? load<f32>(p) + v : v);
      }
    }
  }
}
