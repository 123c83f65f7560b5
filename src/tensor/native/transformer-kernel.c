/*
 * The transformer's non-product hot paths, native twins of the portable JavaScript loops in
 * src/tensor/ops (attention.ts, adaptive-layer-norm.ts, gelu-pass.ts): multi-head attention of one
 * (sequence, head) forward and backward with the softmax in registers, adaptive LayerNorm of a block
 * of sequences, GELU with its derivative, and an in-place product. Same formulas and layouts as
 * the JavaScript; float32 uses a vector exponential (Cephes' expf polynomial, about 1 ulp) where the
 * JavaScript uses its float32-accurate fast exponential; float64 uses libm's exp and erfc.
 */
#include <math.h>
#include <string.h>

#include "kernel-config.h"

#if HL_F64
typedef int64_t vint __attribute__((vector_size(HL_VECTOR_BYTES)));
#else
typedef int32_t vint __attribute__((vector_size(HL_VECTOR_BYTES)));
#endif

/** Lanes of `a` where `mask` is set, else those of `b` (mask lanes are all ones or zero). */
static inline vreal hl_select(vint mask, vreal a, vreal b) { return (vreal)((mask & (vint)a) | (~mask & (vint)b)); }

/** Elements rounded up to whole vectors. */
static inline int hl_round_up(int n) { return (n + HL_W - 1) / HL_W * HL_W; }

#if !HL_F64
/** e^x in float32 lanes, exact 0 below −87 (Cephes expf: x = k·ln 2 + r, |r| ≤ ln 2 / 2, 2^k in the exponent bits). */
static inline vreal hl_exp(vreal x) {
  const vint small = x < hl_splat(-87.0f);
  x = hl_select(small, hl_splat(-87.0f), x);
  const vreal magic = hl_splat(12582912.0f); /* 1.5·2^23: adding it rounds to an integer */
  const vreal k = (x * hl_splat(1.44269504088896341f) + magic) - magic;
  const vreal r = (x - k * hl_splat(0.693359375f)) + k * hl_splat(2.12194440e-4f);
  vreal p = hl_splat(1.9875691500e-4f);
  p = p * r + hl_splat(1.3981999507e-3f);
  p = p * r + hl_splat(8.3334519073e-3f);
  p = p * r + hl_splat(4.1665795894e-2f);
  p = p * r + hl_splat(1.6666665459e-1f);
  p = p * r + hl_splat(5.0000001201e-1f);
  p = p * r * r + r + hl_splat(1.0f);
  const vint bits = (__builtin_convertvector(k, vint) + 127) << 23;
  return (vreal)((vint)(p * (vreal)bits) & ~small);
}
#endif

/** row[j] = e^(row[j] − max) for j < n (row padded to whole vectors); returns Σ_j row[j] (double). */
static double exp_shifted(real *row, int n, real max) {
  double total = 0;
#if HL_F64
  for (int j = 0; j < n; j++) total += row[j] = exp(row[j] - max);
#else
  const int whole = n / HL_W * HL_W;
  vreal acc = hl_splat(0);
  for (int j = 0; j < whole; j += HL_W) {
    const vreal e = hl_exp(hl_load(row + j) - max);
    hl_store(row + j, e);
    acc += e;
  }
  if (whole < n) {
    real tail[HL_W];
    for (int l = 0; l < HL_W; l++) tail[l] = whole + l < n ? row[whole + l] - max : -100.0f;
    const vreal e = hl_exp(hl_load(tail));
    hl_store(tail, e);
    for (int j = whole; j < n; j++) row[j] = tail[j - whole];
    acc += e;
  }
  for (int l = 0; l < HL_W; l++) total += (double)acc[l];
#endif
  return total;
}

/** max_j row[j] for j < n, in whole vectors then the tail. */
static real row_max(const real *row, int n) {
  real max = -INFINITY;
  int j = 0;
  if (n >= HL_W) {
    vreal m = hl_load(row);
    for (j = HL_W; j + HL_W <= n; j += HL_W) {
      const vreal x = hl_load(row + j);
      m = hl_select(x > m, x, m);
    }
    for (int l = 0; l < HL_W; l++) max = m[l] > max ? m[l] : max;
  }
  for (; j < n; j++) max = row[j] > max ? row[j] : max;
  return max;
}

/** The mean and biased variance of a row in two passes of vector partial sums, lanes reduced in double. */
static void row_moments(const real *x, int n, double *mean, double *variance) {
  vreal s = hl_splat(0), q = hl_splat(0);
  int j = 0;
  for (; j + HL_W <= n; j += HL_W) s += hl_load(x + j);
  double total = 0;
  for (int l = 0; l < HL_W; l++) total += (double)s[l];
  for (; j < n; j++) total += x[j];
  const double mu = total / n;
  const vreal m = hl_splat((real)mu);
  for (j = 0; j + HL_W <= n; j += HL_W) {
    const vreal d = hl_load(x + j) - m;
    q += d * d;
  }
  double squares = 0;
  for (int l = 0; l < HL_W; l++) squares += (double)q[l];
  for (; j < n; j++) squares += (x[j] - mu) * (x[j] - mu);
  *mean = mu;
  *variance = squares / n;
}

/** t[c·tp + j] = m[j·ld + c]: a [steps, d] block transposed, rows padded with zeros to tp. */
static void transpose_block(const real *m, long ld, int steps, int d, int tp, real *t) {
  for (int c = 0; c < d; c++) {
    for (int j = 0; j < steps; j++) t[(long)c * tp + j] = m[j * ld + c];
    for (int j = steps; j < tp; j++) t[(long)c * tp + j] = 0;
  }
}

/**
 * C[r] (+)= Σ_j A(r, j)·B[j] for r < m, j < n: A(r, j) = a[r·ar + j·aj] (a small matrix or its
 * transpose), B rows of d elements `ldb` apart, C rows `ldc` apart (heads in place). Eight rows of C
 * at a time share each load of B[j] (eight independent chains; d a whole number of vectors), one summation order per element.
 */
static void combine_rows(const real *a, long ar, long aj, int m, int n, const real *b, long ldb, real *c, long ldc,
                         int d, int accumulate) {
  if (d % HL_W != 0) {
    for (int r = 0; r < m; r++) {
      real *cr = c + r * ldc;
      for (int x = 0; x < d; x++) {
        real total = 0;
        for (int j = 0; j < n; j++) total += a[r * ar + j * aj] * b[j * ldb + x];
        cr[x] = accumulate ? cr[x] + total : total;
      }
    }
    return;
  }
  int r = 0;
  for (; r + 8 <= m; r += 8) {
    for (int x = 0; x < d; x += HL_W) {
      vreal acc[8];
      for (int u = 0; u < 8; u++) acc[u] = hl_splat(0);
      const real *ap = a + r * ar;
      for (int j = 0; j < n; j++, ap += aj) {
        const vreal bj = hl_load(b + j * ldb + x);
        for (int u = 0; u < 8; u++) acc[u] += hl_splat(ap[u * ar]) * bj;
      }
      real *cr = c + r * ldc + x;
      for (int u = 0; u < 8; u++) hl_store(cr + u * ldc, accumulate ? acc[u] + hl_load(cr + u * ldc) : acc[u]);
    }
  }
  for (; r < m; r++) {
    for (int x = 0; x < d; x += HL_W) {
      vreal c0 = hl_splat(0);
      for (int j = 0; j < n; j++) c0 += hl_splat(a[r * ar + j * aj]) * hl_load(b + j * ldb + x);
      real *cr = c + r * ldc + x;
      hl_store(cr, accumulate ? c0 + hl_load(cr) : c0);
    }
  }
}

/** Scratch elements of one attention head: K and V transposed, a spare row, P and dP [steps, tp]. */
long HL_NAME(hl_attention_scratch)(int steps, int d) {
  const long tp = hl_round_up(steps);
  return 2L * d * tp + tp + 2L * tp * steps;
}

/**
 * One head of one sequence: O = softmax(scale·Q Kᵀ + mask) V into out, and each row's log-sum-exp
 * m_i + log Σ_j e^{scale·s_ij − m_i} into lse [steps]. The weights stay in the scratch (cache), never
 * in memory: the backward pass recomputes them from lse. q, k, v, out point at the head's first
 * element, rows `ld` apart; scratch 64-byte aligned.
 */
void HL_NAME(hl_attention_head)(const real *q, const real *k, const real *v, real *out, real *lse, long ld,
                                int steps, int d, real scale, int causal, real *scratch) {
  const int tp = hl_round_up(steps);
  real *kt = scratch, *rows = kt + 2L * d * tp + tp;
  transpose_block(k, ld, steps, d, tp, kt);
  /* S = Q Kᵀ, rows padded to tp, then the softmax of scale·S row by row (masked weights are zeros). */
  combine_rows(q, ld, 1, steps, d, kt, tp, rows, tp, tp, 0);
  for (int i = 0; i < steps; i++) {
    const int n = causal ? i + 1 : steps;
    real *row = rows + (long)i * tp;
    for (int j = 0; j < n; j++) row[j] *= scale;
    const real max = row_max(row, n);
    const double total = exp_shifted(row, n, max);
    const real inv = (real)(1.0 / total);
    for (int j = 0; j < n; j++) row[j] *= inv;
    for (int j = n; j < steps; j++) row[j] = 0;
    lse[i] = (real)(max + log(total));
  }
  combine_rows(rows, tp, 1, steps, steps, v, ld, out, ld, d, 0);
}

/**
 * The gradient of one head, with P = e^{scale·Q Kᵀ − lse} recomputed and dO = g: dP = dO Vᵀ,
 * dS = P ⊙ (dP − rowsum(dP ⊙ P))·scale, dQ (+)= dS K, dK (+)= dSᵀ Q, dV (+)= Pᵀ dO. gq, gk, gv may be
 * NULL (not needed); `accumulate` bits 1, 2, 4 say whether dQ, dK, dV add to what is there. Written
 * in the order dQ, dK, dV, the order in which the caller creates them, so that aliased inputs
 * (q = k, one gradient buffer) add correctly.
 */
void HL_NAME(hl_attention_head_backward)(const real *q, const real *k, const real *v, const real *lse,
                                         const real *g, real *gq, real *gk, real *gv, long ld, int steps, int d,
                                         real scale, int causal, int accumulate, real *scratch) {
  const int tp = hl_round_up(steps);
  real *kt = scratch, *vt = kt + (long)d * tp, *pb = vt + (long)d * tp + tp, *ds = pb + (long)tp * steps;
  transpose_block(k, ld, steps, d, tp, kt);
  combine_rows(q, ld, 1, steps, d, kt, tp, pb, tp, tp, 0);
  for (int i = 0; i < steps; i++) {
    const int n = causal ? i + 1 : steps;
    real *row = pb + (long)i * tp;
    for (int j = 0; j < n; j++) row[j] *= scale;
    exp_shifted(row, n, lse[i]);
    for (int j = n; j < tp; j++) row[j] = 0;
  }
  if (gq || gk) {
    transpose_block(v, ld, steps, d, tp, vt);
    combine_rows(g, ld, 1, steps, d, vt, tp, ds, tp, tp, 0); /* dP = dO Vᵀ */
    for (int i = 0; i < steps; i++) {
      const real *pi = pb + (long)i * tp;
      real *row = ds + (long)i * tp;
      double dot = 0;
      for (int j = 0; j < steps; j++) dot += (double)row[j] * pi[j];
      const real dt = (real)dot;
      for (int j = 0; j < steps; j++) row[j] = pi[j] * (row[j] - dt) * scale;
    }
    if (gq) combine_rows(ds, tp, 1, steps, steps, k, ld, gq, ld, d, accumulate & 1);
    if (gk) combine_rows(ds, 1, tp, steps, steps, q, ld, gk, ld, d, accumulate & 2);
  }
  if (gv) combine_rows(pb, 1, tp, steps, steps, g, ld, gv, ld, d, accumulate & 4);
}

/**
 * Adaptive LayerNorm of sequences [b0, b1): y = (x − μ)/√(σ² + ε) ⊙ (1 + scale_b) + shift_b per row of
 * f features, [scale_b, shift_b] = mod[b]; the normalised rows into `normalized` and 1/√(σ² + ε)
 * into inv[row] (both for the backward pass). Mean and variance in double.
 */
void HL_NAME(hl_adaptive_layer_norm)(const real *x, const real *mod, real *y, real *normalized, real *inv, int b0,
                                     int b1, int length, int f, double epsilon) {
  for (int b = b0; b < b1; b++) {
    const real *scale = mod + 2L * f * b, *shift = scale + f;
    for (long r = (long)b * length; r < (long)(b + 1) * length; r++) {
      const real *xr = x + r * f;
      double mu, variance;
      row_moments(xr, f, &mu, &variance);
      const double s = 1 / sqrt(variance + epsilon);
      inv[r] = (real)s;
      real *yr = y + r * f, *nr = normalized + r * f;
      const real m = (real)mu, sr = (real)s;
      for (int j = 0; j < f; j++) {
        const real h = (xr[j] - m) * sr;
        nr[j] = h;
        yr[j] = h * (1 + scale[j]) + shift[j];
      }
    }
  }
}

/**
 * The gradient of adaptive LayerNorm for sequences [b0, b1): with d = g ⊙ (1 + scale_b) and h the
 * normalised row, dx = inv/f·(f·d − Σd − h·Σ(d ⊙ h)), dscale_b = Σ_rows g ⊙ h, dshift_b = Σ_rows g.
 * dx may be NULL; `accumulate` bit 1: dx adds, bit 2: dmod adds. `sums` holds 2f doubles.
 */
void HL_NAME(hl_adaptive_layer_norm_backward)(const real *g, const real *mod, const real *normalized,
                                              const real *inv, real *dx, real *dmod, int b0, int b1, int length,
                                              int f, int accumulate, double *sums) {
  for (int b = b0; b < b1; b++) {
    const real *scale = mod + 2L * f * b;
    for (int j = 0; j < 2 * f; j++) sums[j] = 0;
    for (long r = (long)b * length; r < (long)(b + 1) * length; r++) {
      const real *gr = g + r * f, *hr = normalized + r * f;
      vreal vd = hl_splat(0), vdh = hl_splat(0);
      int j = 0;
      for (; j + HL_W <= f; j += HL_W) {
        const vreal d = hl_load(gr + j) * (hl_splat(1) + hl_load(scale + j));
        vd += d;
        vdh += d * hl_load(hr + j);
      }
      double sumD = 0, sumDH = 0;
      for (int l = 0; l < HL_W; l++) {
        sumD += (double)vd[l];
        sumDH += (double)vdh[l];
      }
      for (; j < f; j++) {
        const real d = gr[j] * (1 + scale[j]);
        sumD += d;
        sumDH += (double)d * hr[j];
      }
      for (j = 0; j < f; j++) {
        sums[j] += (double)gr[j] * hr[j];
        sums[f + j] += gr[j];
      }
      if (!dx) continue;
      const real s = inv[r] / f, mean = (real)sumD, mix = (real)sumDH;
      real *dr = dx + r * f;
      for (int j = 0; j < f; j++) {
        const real v = s * (f * (gr[j] * (1 + scale[j])) - mean - hr[j] * mix);
        dr[j] = (accumulate & 1) ? dr[j] + v : v;
      }
    }
    real *dm = dmod + 2L * f * b;
    for (int j = 0; j < 2 * f; j++) dm[j] = (accumulate & 2) ? dm[j] + (real)sums[j] : (real)sums[j];
  }
}

#if !HL_F64
/** GELU(v) lanes and GELU'(v) into *slope: erf by Abramowitz & Stegun 7.1.26 sharing e^{−v²/2}. */
static inline vreal gelu_lanes(vreal v, vreal *slope) {
  const vint negative = v < hl_splat(0);
  const vreal a = hl_select(negative, -v, v);
  const vreal e = hl_exp(hl_splat(-0.5f) * v * v);
  const vreal t = hl_splat(1) / (hl_splat(1) + hl_splat(0.3275911f * 0.70710678118654752f) * a);
  vreal poly = hl_splat(1.061405429f) * t - hl_splat(1.453152027f);
  poly = poly * t + hl_splat(1.421413741f);
  poly = poly * t - hl_splat(0.284496736f);
  poly = poly * t + hl_splat(0.254829592f);
  const vreal tail = hl_splat(0.5f) * poly * t * e;
  const vreal c = hl_select(negative, tail, hl_splat(1) - tail);
  *slope = c + v * hl_splat(0.3989422804014327f) * e;
  return v * c;
}
#endif

/**
 * y = GELU(z) = z·Φ(z), and when `derivative` is set GELU'(z) = Φ(z) + z·φ(z) written over z.
 * float64: Φ = erfc(−z/√2)/2 (libm); float32: erf by Abramowitz & Stegun 7.1.26 (|error| ≤ 7.5e-8)
 * sharing e^{−z²/2} with the density, as gelu-pass.ts.
 */
void HL_NAME(hl_gelu)(real *z, real *y, long n, int derivative) {
#if HL_F64
  for (long i = 0; i < n; i++) {
    const double v = z[i], c = 0.5 * erfc(-v * M_SQRT1_2);
    y[i] = v * c;
    if (derivative) z[i] = c + v * 0.3989422804014327 * exp(-0.5 * v * v);
  }
#else
  long i = 0;
  for (; i + HL_W <= n; i += HL_W) {
    vreal slope;
    hl_store(y + i, gelu_lanes(hl_load(z + i), &slope));
    if (derivative) hl_store(z + i, slope);
  }
  if (i < n) {
    real in[HL_W], slope[HL_W], out[HL_W];
    for (int l = 0; l < HL_W; l++) in[l] = i + l < n ? z[i + l] : 0;
    vreal s;
    hl_store(out, gelu_lanes(hl_load(in), &s));
    hl_store(slope, s);
    for (long l = 0; i + l < n; l++) {
      y[i + l] = out[l];
      if (derivative) z[i + l] = slope[l];
    }
  }
#endif
}

/** a[i] *= b[i]. */
void HL_NAME(hl_multiply)(real *restrict a, const real *restrict b, long n) {
  for (long i = 0; i < n; i++) a[i] *= b[i];
}
