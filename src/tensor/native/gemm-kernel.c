/*
 * General matrix product C[M×N] (+)= op(A)[M×K]·op(B)[K×N], row-major with leading dimensions,
 * op = identity or transpose, after the GotoBLAS/BLIS layout (Goto & van de Geijn, "Anatomy of
 * high-performance matrix multiplication", ACM TOMS 34(3), 2008; Van Zee & van de Geijn, "BLIS",
 * ACM TOMS 41(3), 2015): B is packed into panels of NR = 2 vectors of columns ([kc][NR]), A into
 * panels of MR rows ([kc][MR]), and an MR×NR microkernel keeps its 2·MR accumulator vectors in
 * registers (AVX-512: 12×32 float32, 24 zmm; AVX2: 6×16, 12 ymm).
 *
 * Every element of C is summed in the same order (K blocks in order, k in order within a block, one
 * fused multiply-add per term) whatever the part of C a call computes, so splitting C over threads
 * gives bit-identical results for any thread count.
 */
#include <string.h>

#include "kernel-config.h"

/* The thin shapes (gemm-skinny.c). */
int HL_NAME(hl_gemm_is_narrow)(const hl_gemm_args *g);
int HL_NAME(hl_gemm_is_short)(const hl_gemm_args *g);
int HL_NAME(hl_gemm_narrow)(const hl_gemm_args *g, int m0, int m1, int n0, int n1, hl_scratch *scratch);
int HL_NAME(hl_gemm_short)(const hl_gemm_args *g, int m0, int m1, int n0, int n1, hl_scratch *scratch);

enum { MR = HL_MR, NR = 2 * HL_W };
#if HL_F64
enum { KC = 256, MC = 8 * HL_MR, NC = 2048 };
#else
enum { KC = 256, MC = 12 * HL_MR, NC = 4096 };
#endif

/** dst[p][j] = op(B)[p0 + p][j0 + j] for p < kc, in panels of NR columns (zero past n). */
static void pack_b(const real *b, long ldb, int trans, int p0, int kc, int j0, int n, real *dst) {
  for (int jp = 0; jp < n; jp += NR) {
    const int cols = HL_MIN(NR, n - jp);
    real *d = dst + (long)jp * kc;
    if (!trans) {
      const real *src = b + (long)p0 * ldb + j0 + jp;
      if (cols == NR) {
        for (int p = 0; p < kc; p++, src += ldb, d += NR) {
          hl_store(d, hl_load(src));
          hl_store(d + HL_W, hl_load(src + HL_W));
        }
      } else {
        for (int p = 0; p < kc; p++, src += ldb, d += NR) {
          for (int j = 0; j < NR; j++) d[j] = j < cols ? src[j] : 0;
        }
      }
    } else {
      /* op(B) = Bᵀ with Bt stored [N][K]: B[p][j] = Bt[j][p]. */
      for (int j = 0; j < NR; j++) {
        if (j < cols) {
          const real *src = b + (long)(j0 + jp + j) * ldb + p0;
          for (int p = 0; p < kc; p++) d[p * NR + j] = src[p];
        } else {
          for (int p = 0; p < kc; p++) d[p * NR + j] = 0;
        }
      }
    }
  }
}

/** dst[p][i] = op(A)[i0 + i][p0 + p] for p < kc, in panels of MR rows (zero past mc). */
static void pack_a(const real *a, long lda, int trans, int i0, int mc, int p0, int kc, real *dst) {
  for (int ip = 0; ip < mc; ip += MR) {
    const int rows = HL_MIN(MR, mc - ip);
    real *d = dst + (long)ip * kc;
    if (!trans) {
      const real *row[MR];
      for (int r = 0; r < MR; r++) row[r] = a + (long)(i0 + ip + HL_MIN(r, rows - 1)) * lda + p0;
      if (rows == MR) {
        for (int p = 0; p < kc; p++, d += MR) {
#pragma GCC unroll 16
          for (int r = 0; r < MR; r++) d[r] = row[r][p];
        }
      } else {
        for (int p = 0; p < kc; p++, d += MR) {
          for (int r = 0; r < MR; r++) d[r] = r < rows ? row[r][p] : 0;
        }
      }
    } else {
      /* op(A) = Aᵀ with At stored [K][M]: A[i][p] = At[p][i]. */
      const real *src = a + (long)p0 * lda + i0 + ip;
      for (int p = 0; p < kc; p++, src += lda, d += MR) {
        for (int r = 0; r < MR; r++) d[r] = r < rows ? src[r] : 0;
      }
    }
  }
}

/**
 * C[rows×cols] (+)= Ã·B̃ for one MR-row panel of packed A and one NR-column panel of packed B;
 * `add` adds to C (accumulate, or a later K block). Edge tiles go through a buffer on the stack.
 */
static inline void micro(int kc, const real *restrict pa, const real *restrict pb, real *restrict c,
                         long ldc, int rows, int cols, int add) {
  vreal c0[MR], c1[MR];
#pragma GCC unroll 16
  for (int i = 0; i < MR; i++) c0[i] = c1[i] = hl_splat(0);
  for (int p = 0; p < kc; p++) {
    const vreal b0 = *(const vreal *)(pb + p * NR);
    const vreal b1 = *(const vreal *)(pb + p * NR + HL_W);
#pragma GCC unroll 16
    for (int i = 0; i < MR; i++) {
      const real ai = pa[p * MR + i];
      c0[i] += ai * b0;
      c1[i] += ai * b1;
    }
  }
  if (rows == MR && cols == NR) {
#pragma GCC unroll 16
    for (int i = 0; i < MR; i++) {
      real *ci = c + i * ldc;
      if (add) {
        c0[i] += hl_load(ci);
        c1[i] += hl_load(ci + HL_W);
      }
      hl_store(ci, c0[i]);
      hl_store(ci + HL_W, c1[i]);
    }
    return;
  }
  real tile[MR * NR] __attribute__((aligned(64)));
  for (int i = 0; i < MR; i++) {
    *(vreal *)(tile + i * NR) = c0[i];
    *(vreal *)(tile + i * NR + HL_W) = c1[i];
  }
  for (int i = 0; i < rows; i++) {
    real *ci = c + i * ldc;
    for (int j = 0; j < cols; j++) ci[j] = add ? ci[j] + tile[i * NR + j] : tile[i * NR + j];
  }
}

/** The register tile and cache blocks of this build (see hl_gemm_blocking). */
const hl_gemm_blocking HL_NAME(hl_gemm_blocking) = {MR, NR, KC, MC, NC};

/**
 * C[m0:m1, n0:n1] (+)= op(A)[m0:m1, :]·op(B)[:, n0:n1], with this thread's packing buffers.
 * Returns 0, or -1 when the buffers could not be allocated.
 */
int HL_NAME(hl_gemm_block)(const hl_gemm_args *g, int m0, int m1, int n0, int n1, hl_scratch *scratch) {
  const real *a = g->a, *b = g->b;
  real *c = g->c;
  const int K = g->k;
  if (m1 <= m0 || n1 <= n0) return 0;
  if (K <= 0) {
    if (!g->accumulate)
      for (int i = m0; i < m1; i++) memset(c + (long)i * g->ldc + n0, 0, sizeof(real) * (n1 - n0));
    return 0;
  }
  if (HL_NAME(hl_gemm_is_narrow)(g)) return HL_NAME(hl_gemm_narrow)(g, m0, m1, n0, n1, scratch);
  if (HL_NAME(hl_gemm_is_short)(g)) return HL_NAME(hl_gemm_short)(g, m0, m1, n0, n1, scratch);
  const int ncMax = HL_MIN(NC, ((n1 - n0 + NR - 1) / NR) * NR);
  const int kcMax = HL_MIN(KC, K);
  const int mcMax = HL_MIN(MC, ((m1 - m0 + MR - 1) / MR) * MR);
  const size_t aElems = (size_t)mcMax * kcMax, bElems = (size_t)ncMax * kcMax;
  real *pa = hl_scratch_reserve(scratch, sizeof(real) * (aElems + bElems) + 64);
  if (!pa) return -1;
  real *pb = pa + ((aElems + 15) & ~(size_t)15);
  for (int jc = n0; jc < n1; jc += NC) {
    const int nc = HL_MIN(NC, n1 - jc);
    for (int pc = 0; pc < K; pc += KC) {
      const int kc = HL_MIN(KC, K - pc);
      const int add = g->accumulate || pc > 0;
      pack_b(b, g->ldb, g->trans_b, pc, kc, jc, nc, pb);
      for (int ic = m0; ic < m1; ic += MC) {
        const int mc = HL_MIN(MC, m1 - ic);
        pack_a(a, g->lda, g->trans_a, ic, mc, pc, kc, pa);
        for (int jr = 0; jr < nc; jr += NR) {
          const int cols = HL_MIN(NR, nc - jr);
          const real *bp = pb + (long)jr * kc;
          for (int ir = 0; ir < mc; ir += MR) {
            const int rows = HL_MIN(MR, mc - ir);
            micro(kc, pa + (long)ir * kc, bp, c + (long)(ic + ir) * g->ldc + jc + jr, g->ldc, rows, cols,
                  add);
          }
        }
      }
    }
  }
  return 0;
}
