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

/** t[c·tp + j] = m[j·ld + c]: a [steps, d] block transposed, rows padded with zeros to tp. */
static void transpose_block(const real *m, long ld, int steps, int d, int tp, real *t) {
  for (int c = 0; c < d; c++) {
    for (int j = 0; j < steps; j++) t[(long)c * tp + j] = m[j * ld + c];
    for (int j = steps; j < tp; j++) t[(long)c * tp + j] = 0;
  }
}

/** row[j] = scale·Σ_c a[c]·t[c·tp + j] for every j < tp (a row times a transposed block). */
static void row_times(const real *a, const real *t, int d, int tp, real scale, real *row) {
  for (int jv = 0; jv < tp; jv += HL_W) {
    vreal acc = hl_splat(0);
    for (int c = 0; c < d; c++) acc += hl_splat(a[c]) * *(const vreal *)(t + (long)c * tp + jv);
    *(vreal *)(row + jv) = acc * scale;
  }
}

/**
 * C[r] (+)= Σ_j A(r, j)·B[j] for r < m, j < n: A(r, j) = a[r·ar + j·aj] (a small matrix or its
 * transpose), B rows of d elements `ldb` apart, C rows `ldc` apart (heads in place). Four rows of C
 * at a time share each load of B[j] (d a whole number of vectors), one summation order per element.
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
  for (; r + 4 <= m; r += 4) {
    for (int x = 0; x < d; x += HL_W) {
      vreal c0 = hl_splat(0), c1 = c0, c2 = c0, c3 = c0;
      const real *ap = a + r * ar;
      for (int j = 0; j < n; j++, ap += aj) {
        const vreal bj = hl_load(b + j * ldb + x);
        c0 += hl_splat(ap[0]) * bj;
        c1 += hl_splat(ap[ar]) * bj;
        c2 += hl_splat(ap[2 * ar]) * bj;
        c3 += hl_splat(ap[3 * ar]) * bj;
      }
      real *cr = c + r * ldc + x;
      if (accumulate) {
        c0 += hl_load(cr);
        c1 += hl_load(cr + ldc);
        c2 += hl_load(cr + 2 * ldc);
        c3 += hl_load(cr + 3 * ldc);
      }
      hl_store(cr, c0);
      hl_store(cr + ldc, c1);
      hl_store(cr + 2 * ldc, c2);
      hl_store(cr + 3 * ldc, c3);
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

/** Scratch elements of one attention head: a transposed block, a row and the [steps, steps] dS. */
long HL_NAME(hl_attention_scratch)(int steps, int d) {
  const long tp = hl_round_up(steps);
  return (long)d * tp + tp + tp * steps;
}

/**
 * One head of one sequence: P = softmax(scale·Q Kᵀ + mask) into p [steps, steps], O = P V into out.
 * q, k, v, out point at the head's first element; rows `ld` apart; scratch 64-byte aligned.
 */
void HL_NAME(hl_attention_head)(const real *q, const real *k, const real *v, real *out, real *p, long ld, int steps,
                                int d, real scale, int causal, real *scratch) {
  const int tp = hl_round_up(steps);
  real *kt = scratch, *row = kt + (long)d * tp;
  transpose_block(k, ld, steps, d, tp, kt);
  for (int i = 0; i < steps; i++) {
    const int n = causal ? i + 1 : steps;
    row_times(q + i * ld, kt, d, tp, scale, row);
    real max = -INFINITY;
    for (int j = 0; j < n; j++) max = row[j] > max ? row[j] : max;
    const real inv = (real)(1.0 / exp_shifted(row, n, max));
    real *pi = p + (long)i * steps;
    for (int j = 0; j < n; j++) pi[j] = row[j] * inv;
    for (int j = n; j < steps; j++) pi[j] = 0;
  }
  /* The masked weights are zeros: O = P V over every key. */
  combine_rows(p, steps, 1, steps, steps, v, ld, out, ld, d, 0);
}

/**
 * The gradient of one head: with dO = g, dV (+)= Pᵀ dO, dP = dO Vᵀ, dS = P ⊙ (dP − rowsum(dP ⊙ P))·scale,
 * dQ (+)= dS K, dK (+)= dSᵀ Q. gq, gk, gv may be NULL (not needed); `accumulate` bits 1, 2, 4 say
 * whether dQ, dK, dV add to what is there. Written in the order dQ, dK, dV, the order in which the
 * caller creates them, so that aliased inputs (q = k, one gradient buffer) add correctly.
 */
void HL_NAME(hl_attention_head_backward)(const real *q, const real *k, const real *v, const real *p, const real *g,
                                         real *gq, real *gk, real *gv, long ld, int steps, int d, real scale,
                                         int causal, int accumulate, real *scratch) {
  (void)causal; /* P, hence dS, is zero where masked */
  const int tp = hl_round_up(steps);
  real *vt = scratch, *row = vt + (long)d * tp, *ds = row + tp;
  if (gq || gk) transpose_block(v, ld, steps, d, tp, vt);
  for (int i = 0; i < steps && (gq || gk); i++) {
    const real *pi = p + (long)i * steps;
    row_times(g + i * ld, vt, d, tp, 1, row);
    double dot = 0;
    for (int j = 0; j < steps; j++) dot += (double)row[j] * pi[j];
    const real dt = (real)dot;
    real *di = ds + (long)i * steps;
    for (int j = 0; j < steps; j++) di[j] = pi[j] * (row[j] - dt) * scale;
  }
  if (gq) combine_rows(ds, steps, 1, steps, steps, k, ld, gq, ld, d, accumulate & 1);
  if (gk) combine_rows(ds, 1, steps, steps, steps, q, ld, gk, ld, d, accumulate & 2);
  if (gv) combine_rows(p, 1, steps, steps, steps, g, ld, gv, ld, d, accumulate & 4);
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
      double mu = 0, variance = 0;
      for (int j = 0; j < f; j++) mu += xr[j];
      mu /= f;
      for (int j = 0; j < f; j++) variance += (xr[j] - mu) * (xr[j] - mu);
      const double s = 1 / sqrt(variance / f + epsilon);
      inv[r] = (real)s;
      real *yr = y + r * f, *nr = normalized + r * f;
      for (int j = 0; j < f; j++) {
        const real h = (real)((xr[j] - mu) * s);
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
      double sumD = 0, sumDH = 0;
      for (int j = 0; j < f; j++) {
        const real d = gr[j] * (1 + scale[j]);
        sumD += d;
        sumDH += (double)d * hr[j];
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
  for (long i = 0; i < n; i += HL_W) {
    const int lanes = n - i < HL_W ? (int)(n - i) : HL_W;
    real in[HL_W], out[HL_W], slope[HL_W];
    for (int l = 0; l < HL_W; l++) in[l] = l < lanes ? z[i + l] : 0;
    const vreal v = hl_load(in);
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
    hl_store(out, v * c);
    hl_store(slope, c + v * hl_splat(0.3989422804014327f) * e);
    for (int l = 0; l < lanes; l++) {
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
