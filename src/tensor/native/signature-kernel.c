/*
 * Truncated signatures of piecewise-linear paths and their gradient: the native twins of
 * src/tensor/assembly/signature.ts, same layout and algorithm (docs/notes/signatures.md).
 * Layout: levels 1..m concatenated, level k row-major d^k.
 * Forward: S_s = S_{s−1} ⊗ exp(Δ_s), level k updated in Horner form from the old lower levels:
 *   t = Δ/k;  t ← (t + S_j) ⊗ Δ/(k − j) for j = 1..k−1;  S_k += t.
 * Levels run from m down to 1, so a whole-path signature is updated in place. The common
 * dimensions (d = 2, 4, 8, 16) get copies of the step with d known at compile time, so the rows of
 * the outer products are whole vectors.
 */
#include <stdlib.h>
#include <string.h>

#include "kernel-config.h"

typedef struct {
  int d, m, dm, len;
  int offsets[65]; /* offsets[k] = d + … + d^(k−1): the start of level k */
  real *zeros, *work, *running, *chain, *state, *other, *d_delta, *neg_delta;
  void *block;
} areas;

static int prepare(areas *a, int d, int m) {
  if (m > 64) return -1;
  a->d = d;
  a->m = m;
  long power = 1, offset = 0;
  a->offsets[0] = 0;
  for (int k = 1; k <= m; k++) {
    a->offsets[k] = (int)offset;
    power *= d;
    offset += power;
  }
  a->dm = (int)power;
  a->len = (int)offset;
  const size_t elems = 3 * (size_t)a->dm + 4 * (size_t)a->len + 2 * (size_t)d + 64;
  real *p = aligned_alloc(64, (sizeof(real) * elems + 63) & ~(size_t)63);
  if (!p) return -1;
  a->block = p;
  memset(p, 0, sizeof(real) * a->dm);
  a->zeros = p;
  a->work = p + a->dm;
  a->running = a->work + 2 * a->dm;
  a->chain = a->running + a->len;
  a->state = a->chain + a->len;
  a->other = a->state + a->len;
  a->d_delta = a->other + a->len;
  a->neg_delta = a->d_delta + d;
  return 0;
}

/**
 * next[u·d + v] = x_u·Δ[v] with x_u = (t[u] + s[u])·c, or, when `add` is not NULL,
 * next[u·d + v] = add[u·d + v] + x_u·Δ[v] (`add` may equal `next`).
 */
static inline __attribute__((always_inline)) void outer_rows(const real *t, const real *s, real c, int size,
                                                            const real *restrict delta, int d, real *next,
                                                            const real *add) {
  for (int u = 0; u < size; u++) {
    const real x = (t[u] + s[u]) * c;
    real *o = next + (long)u * d;
    if (add) {
      const real *in = add + (long)u * d;
      for (int v = 0; v < d; v++) o[v] = in[v] + x * delta[v];
    } else {
      for (int v = 0; v < d; v++) o[v] = x * delta[v];
    }
  }
}

#if defined(__AVX512F__) && !HL_F64
#include <immintrin.h>
/*
 * outer_rows for d = 8 in float32 with AVX-512: two rows of 8 per 16-lane vector, x_u and x_(u+1)
 * spread over the halves by a lane permutation, Δ repeated in both halves. The same multiply-adds
 * in the same order as outer_rows, so the results are identical. `size` is a multiple of 8.
 */
/* pair_index[p]: lanes 0–7 take lane 2p, lanes 8–15 lane 2p + 1. */
static const int pair_index[8][16] __attribute__((aligned(64))) = {
#define HL_PAIR(p) {2 * p, 2 * p, 2 * p, 2 * p, 2 * p, 2 * p, 2 * p, 2 * p, \
                    2 * p + 1, 2 * p + 1, 2 * p + 1, 2 * p + 1, 2 * p + 1, 2 * p + 1, 2 * p + 1, 2 * p + 1}
    HL_PAIR(0), HL_PAIR(1), HL_PAIR(2), HL_PAIR(3), HL_PAIR(4), HL_PAIR(5), HL_PAIR(6), HL_PAIR(7),
#undef HL_PAIR
};

static inline __attribute__((always_inline)) void outer_rows_d8(const float *t, const float *s, float c, int size,
                                                               const float *restrict delta, float *next,
                                                               const float *add) {
  const __m256 d8 = _mm256_loadu_ps(delta);
  const __m512 dd = _mm512_insertf32x8(_mm512_castps256_ps512(d8), d8, 1);
  const __m512 cv = _mm512_set1_ps(c);
  for (int u = 0; u < size; u += 16) {
    const int rows = HL_MIN(16, size - u);
    __m512 x;
    if (rows == 16) {
      x = _mm512_mul_ps(_mm512_add_ps(_mm512_loadu_ps(t + u), _mm512_loadu_ps(s + u)), cv);
    } else {
      const __m256 x8 = _mm256_mul_ps(_mm256_add_ps(_mm256_loadu_ps(t + u), _mm256_loadu_ps(s + u)),
                                      _mm512_castps512_ps256(cv));
      x = _mm512_castps256_ps512(x8);
    }
    if (rows == 16) {
#pragma GCC unroll 8
      for (int p = 0; p < 8; p++) {
        const __m512 xp = _mm512_permutexvar_ps(_mm512_load_si512(pair_index[p]), x);
        const long at = (long)(u + 2 * p) * 8;
        _mm512_storeu_ps(next + at, add ? _mm512_fmadd_ps(xp, dd, _mm512_loadu_ps(add + at)) : _mm512_mul_ps(xp, dd));
      }
    } else {
#pragma GCC unroll 4
      for (int p = 0; p < 4; p++) {
        const __m512 xp = _mm512_permutexvar_ps(_mm512_load_si512(pair_index[p]), x);
        const long at = (long)(u + 2 * p) * 8;
        _mm512_storeu_ps(next + at, add ? _mm512_fmadd_ps(xp, dd, _mm512_loadu_ps(add + at)) : _mm512_mul_ps(xp, dd));
      }
    }
  }
}
#define HL_OUTER_D8 1
#endif

/** outer_rows, with the AVX-512 two-rows-per-vector form where d = 8 in float32. */
static inline __attribute__((always_inline)) void outer_step(const real *t, const real *s, real c, int size,
                                                            const real *restrict delta, int d, real *next,
                                                            const real *add) {
#ifdef HL_OUTER_D8
  if (d == 8 && size % 8 == 0) {
    outer_rows_d8(t, s, c, size, delta, next, add);
    return;
  }
#endif
  outer_rows(t, s, c, size, delta, d, next, add);
}

/** One Chen step: cur = prev ⊗ exp(Δ), all levels; prev NULL is the identity; cur may equal prev. */
static inline __attribute__((always_inline)) void chen_step(const areas *a, const real *prev,
                                                           const real *restrict delta, int d, real *cur) {
  const int m = a->m;
  real *ta = a->work, *tb = a->work + a->dm;
  for (int k = m; k >= 1; k--) {
    const real *prev_k = prev ? prev + a->offsets[k] : a->zeros;
    if (k == 1) {
      for (int v = 0; v < d; v++) cur[v] = prev_k[v] + delta[v];
      continue;
    }
    real *t = ta, *next = tb;
    const real inv_k = (real)1 / (real)k;
    for (int v = 0; v < d; v++) t[v] = delta[v] * inv_k;
    int size = d;
    for (int j = 1; j < k; j++) {
      const real *s_j = prev ? prev + a->offsets[j] : a->zeros;
      const real c = (real)1 / (real)(k - j);
      if (j == k - 1) {
        outer_step(t, s_j, c, size, delta, d, cur + a->offsets[k], prev_k);
      } else {
        outer_step(t, s_j, c, size, delta, d, next, NULL);
        real *swap = t;
        t = next;
        next = swap;
      }
      size *= d;
    }
  }
}

/* chen_step with d known at compile time for the common dimensions. */
#define HL_CHEN_DISPATCH(a, prev, delta, cur)                                                              \
  switch ((a)->d) {                                                                                     \
    case 2: chen_step(a, prev, delta, 2, cur); break;                                                   \
    case 4: chen_step(a, prev, delta, 4, cur); break;                                                   \
    case 8: chen_step(a, prev, delta, 8, cur); break;                                                   \
    case 16: chen_step(a, prev, delta, 16, cur); break;                                                 \
    default: chen_step(a, prev, delta, (a)->d, cur); break;                                             \
  }

#if !HL_F64
/*
 * One Chen step for d = 8, depth 3, float32, the case of the long-path benchmark and the SigFormer's
 * default: the same Horner chain as chen_step with every row a vector of 8 (S1, the chain and the
 * level-3 multipliers stay in registers or on the stack; the compiler broadcasts each multiplier
 * from memory into its multiply-add). `prev` NULL is the identity; `cur` may equal `prev`.
 */
typedef float v8f __attribute__((vector_size(32), aligned(4)));

static inline __attribute__((always_inline)) void chen_d8m3(const float *prev, const float *restrict delta,
                                                           float *cur) {
  const v8f D = *(const v8f *)delta;
  const v8f zero = {0};
  const v8f S1 = prev ? *(const v8f *)prev : zero;
  const float *prev2 = prev ? prev + 8 : NULL, *prev3 = prev ? prev + 72 : NULL;
  /* Level 3: p = (Δ/3 + S1)/2; x3[8u + w] = p[u]·Δ[w] + S2[8u + w]; S3[8i + v] += x3[i]·Δ[v]. */
  const v8f P = (D * (1.0f / 3.0f) + S1) * 0.5f;
  float x3[64] __attribute__((aligned(32)));
  for (int u = 0; u < 8; u++) {
    const v8f next = P[u] * D;
    *(v8f *)(x3 + 8 * u) = prev2 ? next + *(const v8f *)(prev2 + 8 * u) : next;
  }
  float *cur3 = cur + 72;
#if defined(__AVX512F__)
  const __m512 dd = _mm512_insertf32x8(_mm512_castps256_ps512((__m256)D), (__m256)D, 1);
  for (int q = 0; q < 4; q++) {
    const __m512 x = _mm512_load_ps(x3 + 16 * q);
#pragma GCC unroll 8
    for (int p = 0; p < 8; p++) {
      const long at = 8 * (16 * q + 2 * p);
      const __m512 xp = _mm512_permutexvar_ps(_mm512_load_si512(pair_index[p]), x);
      _mm512_storeu_ps(cur3 + at, prev3 ? _mm512_fmadd_ps(xp, dd, _mm512_loadu_ps(prev3 + at)) : _mm512_mul_ps(xp, dd));
    }
  }
#else
  for (int i = 0; i < 64; i++) {
    const v8f row = x3[i] * D;
    *(v8f *)(cur3 + 8 * i) = prev3 ? *(const v8f *)(prev3 + 8 * i) + row : row;
  }
#endif
  /* Level 2: S2[8u + v] += (Δ/2 + S1)[u]·Δ[v]. Level 1: S1 += Δ. */
  const v8f X2 = D * 0.5f + S1;
  for (int u = 0; u < 8; u++) {
    const v8f row = X2[u] * D;
    *(v8f *)(cur + 8 + 8 * u) = prev2 ? *(const v8f *)(prev2 + 8 * u) + row : row;
  }
  *(v8f *)cur = S1 + D;
}
#define HL_CHEN_D8M3 1
#endif

/**
 * Signatures of paths b0..b1−1 of increments dx [B, L, d]: every prefix (form stream, out
 * [B, L, len]) or the whole path (form final, out [B, len]). Returns 0, or -1 when out of memory.
 */
int HL_NAME(hl_signature)(int form, const real *dx, int b0, int b1, int steps, int d, int m, real *out) {
#ifdef HL_CHEN_D8M3
  if (d == 8 && m == 3) {
    for (int b = b0; b < b1; b++) {
      const float *path = dx + (long)b * steps * 8;
      if (form == HL_SIGNATURE_STREAM) {
        float *o = out + (long)b * steps * 584;
        for (int s = 0; s < steps; s++) chen_d8m3(s == 0 ? NULL : o + (long)(s - 1) * 584, path + 8L * s, o + 584L * s);
      } else {
        float *state = out + (long)b * 584;
        memset(state, 0, sizeof(float) * 584);
        for (int s = 0; s < steps; s++) chen_d8m3(state, path + 8L * s, state);
      }
    }
    return 0;
  }
#endif
  areas a;
  if (prepare(&a, d, m)) return -1;
  const int len = a.len;
  for (int b = b0; b < b1; b++) {
    const real *path = dx + (long)b * steps * d;
    if (form == HL_SIGNATURE_STREAM) {
      real *o = out + (long)b * steps * len;
      for (int s = 0; s < steps; s++) {
        const real *prev = s == 0 ? NULL : o + (long)(s - 1) * len;
        HL_CHEN_DISPATCH(&a, prev, path + (long)s * d, o + (long)s * len);
      }
    } else {
      real *state = out + (long)b * len;
      memset(state, 0, sizeof(real) * len);
      for (int s = 0; s < steps; s++) HL_CHEN_DISPATCH(&a, state, path + (long)s * d, state);
    }
  }
  free(a.block);
  return 0;
}

/** pbar[u] = c Σ_v g[u·d + v] Δ[v];  dDelta[v] += c Σ_u g[u·d + v] p[u]. */
static void back_step(const real *g, const real *p, real c, int size, const real *delta, int d, real *pbar,
                      real *d_delta) {
  for (int u = 0; u < size; u++) {
    const real *row = g + (long)u * d;
    const real pu = p[u] * c;
    real total = 0;
    for (int v = 0; v < d; v++) {
      total += row[v] * delta[v];
      d_delta[v] += row[v] * pu;
    }
    pbar[u] = total * c;
  }
}

/**
 * Reverses one Chen step S_new = S_old ⊗ exp(Δ): on entry a->running holds ∂L/∂S_new, on exit
 * ∂L/∂S_old; ∂L/∂Δ is written to grad_delta. `prev` is S_old (NULL for the identity).
 */
static void step_backward(areas *a, const real *prev, const real *delta, real *grad_delta) {
  const int d = a->d, m = a->m;
  real *running = a->running, *chain = a->chain, *d_delta = a->d_delta;
  for (int v = 0; v < d; v++) d_delta[v] = running[v];
  for (int k = 2; k <= m; k++) {
    /* Recompute the chain of level k: p_1 = Δ/k + S_1, p_{j+1} = p_j ⊗ Δ/(k−j) + S_{j+1}. */
    const real inv_k = (real)1 / (real)k;
    for (int v = 0; v < d; v++) chain[v] = delta[v] * inv_k + (prev ? prev[v] : 0);
    int size = d;
    for (int j = 1; j < k - 1; j++) {
      const real *s_next = prev ? prev + a->offsets[j + 1] : a->zeros;
      outer_step(chain + a->offsets[j], a->zeros, (real)1 / (real)(k - j), size, delta, d,
                 chain + a->offsets[j + 1], s_next);
      size *= d;
    }
    /* Backward through the chain of level k: ḡ starts at R_k and ends at level 1. */
    const real *gbar = running + a->offsets[k];
    int gsize = size * d;
    for (int j = k - 1; j >= 1; j--) {
      const real c = (real)1 / (real)(k - j);
      const int psize = gsize / d;
      real *pbar = j % 2 == 0 ? a->work : a->work + a->dm;
      back_step(gbar, chain + a->offsets[j], c, psize, delta, d, pbar, d_delta);
      real *r_j = running + a->offsets[j];
      for (int u = 0; u < psize; u++) r_j[u] += pbar[u];
      gbar = pbar;
      gsize = psize;
    }
    for (int v = 0; v < d; v++) d_delta[v] += gbar[v] * inv_k;
  }
  memcpy(grad_delta, d_delta, sizeof(real) * d);
}

/**
 * Gradient of the signatures of paths b0..b1−1: given grad_out = ∂L/∂out and the forward `out`,
 * writes ∂L/∂dx into grad_dx [B, L, d]. The whole-path form rebuilds the intermediate signatures
 * backwards from the last one, S_{s−1} = S_s ⊗ exp(−Δ_s). Returns 0, or -1 when out of memory.
 */
int HL_NAME(hl_signature_backward)(int form, const real *dx, int b0, int b1, int steps, int d, int m,
                                   const real *out, const real *grad_out, real *grad_dx) {
  areas a;
  if (prepare(&a, d, m)) return -1;
  const int len = a.len;
  for (int b = b0; b < b1; b++) {
    const real *path = dx + (long)b * steps * d;
    real *gpath = grad_dx + (long)b * steps * d;
    if (form == HL_SIGNATURE_STREAM) {
      memset(a.running, 0, sizeof(real) * len);
      for (int s = steps - 1; s >= 0; s--) {
        const real *g = grad_out + ((long)b * steps + s) * len;
        for (int i = 0; i < len; i++) a.running[i] += g[i];
        const real *prev = s == 0 ? NULL : out + ((long)b * steps + s - 1) * len;
        step_backward(&a, prev, path + (long)s * d, gpath + (long)s * d);
      }
    } else {
      memcpy(a.running, grad_out + (long)b * len, sizeof(real) * len);
      memcpy(a.state, out + (long)b * len, sizeof(real) * len);
      for (int s = steps - 1; s >= 0; s--) {
        const real *delta = path + (long)s * d;
        const real *prev = NULL;
        if (s > 0) {
          for (int v = 0; v < d; v++) a.neg_delta[v] = -delta[v];
          chen_step(&a, a.state, a.neg_delta, d, a.other);
          prev = a.other;
        }
        step_backward(&a, prev, delta, gpath + (long)s * d);
        real *swap = a.state;
        a.state = a.other;
        a.other = swap;
      }
    }
  }
  free(a.block);
  return 0;
}
