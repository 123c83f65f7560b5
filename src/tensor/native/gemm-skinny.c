/*
 * Matrix products with a thin C, where the register tiles of gemm-kernel.c would mostly multiply
 * padding: C with fewer columns than one vector (a recurrent net's output layer, N = 1…5), or with
 * only a few rows (the weight gradient of a small input layer). No packing of A; each element of C
 * is summed in one fixed order that does not depend on the block of C a call computes, so threads
 * still give bit-identical results.
 */
#include "kernel-config.h"

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

/** True when C has fewer columns than one vector: the dot and axpy forms below are used. */
int HL_NAME(hl_gemm_is_narrow)(const hl_gemm_args *g) { return g->n < HL_W; }

/** True when C has fewer rows than half a register tile and B is stored [K][N]. */
int HL_NAME(hl_gemm_is_short)(const hl_gemm_args *g) { return g->m * 2 < HL_MR && !g->trans_b && g->n >= HL_W; }

/** The sum of the lanes in a fixed pairwise order (halves added, then their halves…). */
static inline real reduce(vreal v) {
#if defined(__AVX512F__)
#if HL_F64
  return _mm512_reduce_add_pd((__m512d)v);
#else
  return _mm512_reduce_add_ps((__m512)v);
#endif
#else
  real t[HL_W];
  *(vreal_u *)t = v;
  for (int w = HL_W / 2; w >= 1; w /= 2)
    for (int l = 0; l < w; l++) t[l] += t[l + w];
  return t[0];
#endif
}

static inline void put(real *c, real v, int accumulate) { *c = accumulate ? *c + v : v; }

/**
 * C[i, j] = Σ_k A[i, k]·B[k, j] for A stored [M][K] (rows contiguous in k): one inner product per
 * element, vector partial sums over k, then the lanes, then the tail of k. `bt` holds column j of
 * op(B) contiguously (op(B) = Bᵀ stored [N][K], or B packed by the caller).
 */
static void dot_rows(const hl_gemm_args *g, int m0, int m1, int n0, int n1, const real *bt, long ldbt) {
  const real *a = g->a;
  real *c = g->c;
  const int K = g->k, kv = K - K % HL_W;
  int i = m0;
  /* Four rows at a time: four independent sums in flight, each B column loaded once for the four. */
  for (; i + 4 <= m1; i += 4) {
    const real *a0 = a + (long)i * g->lda, *a1 = a0 + g->lda, *a2 = a1 + g->lda, *a3 = a2 + g->lda;
    for (int j = n0; j < n1; j++) {
      const real *bj = bt + (long)(j - n0) * ldbt;
      vreal s0 = hl_splat(0), s1 = s0, s2 = s0, s3 = s0;
      for (int k = 0; k < kv; k += HL_W) {
        const vreal b = hl_load(bj + k);
        s0 += hl_load(a0 + k) * b;
        s1 += hl_load(a1 + k) * b;
        s2 += hl_load(a2 + k) * b;
        s3 += hl_load(a3 + k) * b;
      }
      real r0 = reduce(s0), r1 = reduce(s1), r2 = reduce(s2), r3 = reduce(s3);
      for (int k = kv; k < K; k++) {
        r0 += a0[k] * bj[k];
        r1 += a1[k] * bj[k];
        r2 += a2[k] * bj[k];
        r3 += a3[k] * bj[k];
      }
      real *cj = c + (long)i * g->ldc + j;
      put(cj, r0, g->accumulate);
      put(cj + g->ldc, r1, g->accumulate);
      put(cj + 2 * g->ldc, r2, g->accumulate);
      put(cj + 3 * g->ldc, r3, g->accumulate);
    }
  }
  for (; i < m1; i++) {
    const real *ai = a + (long)i * g->lda;
    for (int j = n0; j < n1; j++) {
      const real *bj = bt + (long)(j - n0) * ldbt;
      vreal acc = hl_splat(0);
      for (int k = 0; k < kv; k += HL_W) acc += hl_load(ai + k) * hl_load(bj + k);
      real s = reduce(acc);
      for (int k = kv; k < K; k++) s += ai[k] * bj[k];
      put(c + (long)i * g->ldc + j, s, g->accumulate);
    }
  }
}

/**
 * C[i, j] = Σ_k At[k, i]·B(k, j) for A stored transposed [K][M] (columns of A contiguous in i):
 * vectors over i, one multiply-add per k in order; rows past the last whole vector take the same
 * multiply-adds one lane at a time.
 */
static void axpy_columns(const hl_gemm_args *g, int m0, int m1, int n0, int n1) {
  const real *a = g->a, *b = g->b;
  real *c = g->c;
  const int K = g->k;
  const long bk = g->trans_b ? 1 : g->ldb, bj = g->trans_b ? g->ldb : 1;
  int i = m0;
  for (; i + 2 * HL_W <= m1; i += 2 * HL_W) {
    for (int j = n0; j < n1; j++) {
      vreal acc0 = hl_splat(0), acc1 = hl_splat(0);
      const real *bcol = b + j * bj;
      for (int k = 0; k < K; k++) {
        const real *ak = a + (long)k * g->lda + i;
        const real x = bcol[k * bk];
        acc0 += hl_load(ak) * x;
        acc1 += hl_load(ak + HL_W) * x;
      }
      for (int l = 0; l < HL_W; l++) {
        put(c + (long)(i + l) * g->ldc + j, acc0[l], g->accumulate);
        put(c + (long)(i + HL_W + l) * g->ldc + j, acc1[l], g->accumulate);
      }
    }
  }
  for (; i < m1; i++) {
    for (int j = n0; j < n1; j++) {
      const real *bcol = b + j * bj;
      real s = 0;
      for (int k = 0; k < K; k++) s += a[(long)k * g->lda + i] * bcol[k * bk];
      put(c + (long)i * g->ldc + j, s, g->accumulate);
    }
  }
}

/** C[m0:m1, n0:n1] for a C with fewer columns than one vector; 0, or -1 when out of memory. */
int HL_NAME(hl_gemm_narrow)(const hl_gemm_args *g, int m0, int m1, int n0, int n1, hl_scratch *scratch) {
  if (g->trans_a) {
    axpy_columns(g, m0, m1, n0, n1);
    return 0;
  }
  if (g->trans_b) {
    dot_rows(g, m0, m1, n0, n1, (const real *)g->b + (long)n0 * g->ldb, g->ldb);
    return 0;
  }
  /* Columns n0..n1 of B, each made contiguous. */
  const int K = g->k;
  real *bt = hl_scratch_reserve(scratch, sizeof(real) * (size_t)(n1 - n0) * K);
  if (!bt) return -1;
  const real *b = g->b;
  for (int k = 0; k < K; k++)
    for (int j = n0; j < n1; j++) bt[(long)(j - n0) * K + k] = b[(long)k * g->ldb + j];
  dot_rows(g, m0, m1, n0, n1, bt, K);
  return 0;
}

/**
 * C[m0:m1, n0:n1] for a C of fewer rows than half a register tile, B stored [K][N]: each row of C is
 * a sum of rows of B scaled by the elements of A, vectors over j (a tail of j one lane at a time).
 */
int HL_NAME(hl_gemm_short)(const hl_gemm_args *g, int m0, int m1, int n0, int n1, hl_scratch *scratch) {
  (void)scratch;
  const real *a = g->a, *b = g->b;
  real *c = g->c;
  const int K = g->k;
  const long ak = g->trans_a ? g->lda : 1, ai = g->trans_a ? 1 : g->lda;
  for (int i = m0; i < m1; i++) {
    const real *arow = a + i * ai;
    int j = n0;
    for (; j + 2 * HL_W <= n1; j += 2 * HL_W) {
      vreal acc0 = hl_splat(0), acc1 = hl_splat(0);
      for (int k = 0; k < K; k++) {
        const real x = arow[k * ak];
        const real *bk = b + (long)k * g->ldb + j;
        acc0 += x * hl_load(bk);
        acc1 += x * hl_load(bk + HL_W);
      }
      real *ci = c + (long)i * g->ldc + j;
      if (g->accumulate) {
        acc0 += hl_load(ci);
        acc1 += hl_load(ci + HL_W);
      }
      hl_store(ci, acc0);
      hl_store(ci + HL_W, acc1);
    }
    for (; j < n1; j++) {
      real s = 0;
      for (int k = 0; k < K; k++) s += arow[k * ak] * b[(long)k * g->ldb + j];
      put(c + (long)i * g->ldc + j, s, g->accumulate);
    }
  }
  return 0;
}
