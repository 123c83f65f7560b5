// General matrix product for float64, WebAssembly SIMD (f64x2): the layout of gemm-f32.ts with a
// 4×4 microkernel (8 f64x2 accumulators). C[M×N] (+)= op(A)[M×K] · op(B)[K×N], row-major.

const MR: i32 = 4;
export const NR_F64: i32 = 4;
export const GEMM_F64_KC: i32 = 256;
export const GEMM_F64_MC: i32 = 64;

export function packBF64(b: usize, ldb: i32, transB: i32, pc: i32, kc: i32, N: i32, dstBase: usize): void {
  const panels = (N + NR_F64 - 1) / NR_F64;
  for (let jp = 0; jp < panels; jp++) {
    const j0 = jp * NR_F64;
    const dst = dstBase + (<usize>(jp * kc * NR_F64) << 3);
    const cols = min(NR_F64, N - j0);
    if (transB == 0 && cols == NR_F64) {
      for (let k = 0; k < kc; k++) {
        const src = b + ((<usize>(pc + k) * <usize>ldb + <usize>j0) << 3);
        v128.store(dst + (<usize>(k * NR_F64) << 3), v128.load(src));
        v128.store(dst + (<usize>(k * NR_F64 + 2) << 3), v128.load(src + 16));
      }
    } else {
      for (let k = 0; k < kc; k++) {
        for (let c = 0; c < NR_F64; c++) {
          let v: f64 = 0;
          if (c < cols) {
            v = transB == 0
              ? load<f64>(b + ((<usize>(pc + k) * <usize>ldb + <usize>(j0 + c)) << 3))
              : load<f64>(b + ((<usize>(j0 + c) * <usize>ldb + <usize>(pc + k)) << 3));
          }
          store<f64>(dst + (<usize>(k * NR_F64 + c) << 3), v);
        }
      }
    }
  }
}

export function packAF64(a: usize, lda: i32, transA: i32, ic: i32, mc: i32, pc: i32, kc: i32, dstBase: usize): void {
  const panels = (mc + MR - 1) / MR;
  for (let ip = 0; ip < panels; ip++) {
    const i0 = ic + ip * MR;
    const rows = min(MR, mc - ip * MR);
    const dst = dstBase + (<usize>(ip * kc * MR) << 3);
    if (transA != 0 && rows == MR) {
      for (let k = 0; k < kc; k++) {
        const src = a + ((<usize>(pc + k) * <usize>lda + <usize>i0) << 3);
        v128.store(dst + (<usize>(k * MR) << 3), v128.load(src));
        v128.store(dst + (<usize>(k * MR + 2) << 3), v128.load(src + 16));
      }
    } else {
      for (let r = 0; r < MR; r++) {
        for (let k = 0; k < kc; k++) {
          let v: f64 = 0;
          if (r < rows) {
            v = transA == 0
              ? load<f64>(a + ((<usize>(i0 + r) * <usize>lda + <usize>(pc + k)) << 3))
              : load<f64>(a + ((<usize>(pc + k) * <usize>lda + <usize>(i0 + r)) << 3));
          }
          store<f64>(dst + (<usize>(k * MR + r) << 3), v);
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
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(c, f64x2.mul(a, b));
}

// @ts-ignore: decorator
@inline
export function microF64(pa: usize, pb: usize, kc: i32, c: usize, ldc: i32, rows: i32, cols: i32, accumulate: bool, edge: usize): void {
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0);
  let c10 = f64x2.splat(0), c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0), c21 = f64x2.splat(0);
  let c30 = f64x2.splat(0), c31 = f64x2.splat(0);
  for (let k = 0; k < kc; k++) {
    const a01 = v128.load(pa + (<usize>(k * MR) << 3));
    const a23 = v128.load(pa + (<usize>(k * MR + 2) << 3));
    const b0 = v128.load(pb + (<usize>(k * NR_F64) << 3));
    const b1 = v128.load(pb + (<usize>(k * NR_F64 + 2) << 3));
    const a0 = v128.shuffle<f64>(a01, a01, 0, 0);
    const a1 = v128.shuffle<f64>(a01, a01, 1, 1);
    const a2 = v128.shuffle<f64>(a23, a23, 0, 0);
    const a3 = v128.shuffle<f64>(a23, a23, 1, 1);
    c00 = madd(a0, b0, c00);
    c01 = madd(a0, b1, c01);
    c10 = madd(a1, b0, c10);
    c11 = madd(a1, b1, c11);
    c20 = madd(a2, b0, c20);
    c21 = madd(a2, b1, c21);
    c30 = madd(a3, b0, c30);
    c31 = madd(a3, b1, c31);
  }
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
      const p = c + ((<usize>r * <usize>ldc + <usize>j) << 3);
      const v = load<f64>(edge + (<usize>(r * NR_F64 + j) << 3));
      store<f64>(p, accumulate ? load<f64>(p) + v : v);
    }
  }
}
