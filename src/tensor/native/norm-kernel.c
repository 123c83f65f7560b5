/*
 * The post-norm residual of a transformer block, y = LN(x + r), forward and backward: the native
 * twin of the loops in src/tensor/ops/residual-layer-norm.ts (same formulas, vector partial sums).
 * Per row of F elements: s = x + r, μ = Σs/F, σ² = Σ(s − μ)²/F, ĥ = (s − μ)/√(σ² + ε),
 * y = γ ĥ + β; ĥ and 1/√(σ² + ε) (double) are kept for the backward pass.
 */
#include <math.h>

#include "kernel-config.h"

/** The sum of a vector's lanes, in double. */
static inline double hl_lanes(vreal v) {
  double total = 0;
  for (int l = 0; l < HL_W; l++) total += (double)v[l];
  return total;
}

/** y = γ ĥ + β of each of `rows` rows of `f` elements; ĥ into `h`, 1/√(σ² + ε) into `inv`. */
void HL_NAME(hl_residual_layer_norm)(const real *restrict x, const real *restrict r, const real *restrict gamma,
                                     const real *restrict beta, int rows, int f, double epsilon,
                                     real *restrict y, real *restrict h, double *restrict inv) {
  for (int row = 0; row < rows; row++) {
    const long base = (long)row * f;
    const real *xr = x + base, *rr = r + base;
    real *hr = h + base, *yr = y + base;
    vreal acc = hl_splat(0);
    int j = 0;
    for (; j + HL_W <= f; j += HL_W) {
      const vreal s = hl_load(xr + j) + hl_load(rr + j);
      hl_store(hr + j, s);
      acc += s;
    }
    double total = hl_lanes(acc);
    for (; j < f; j++) {
      const real s = xr[j] + rr[j];
      hr[j] = s;
      total += (double)s;
    }
    const double mu = total / f;
    const vreal m = hl_splat((real)mu);
    vreal squares = hl_splat(0);
    for (j = 0; j + HL_W <= f; j += HL_W) {
      const vreal c = hl_load(hr + j) - m;
      squares += c * c;
    }
    double variance = hl_lanes(squares);
    for (; j < f; j++) {
      const double c = (double)hr[j] - mu;
      variance += c * c;
    }
    const double s = 1 / sqrt(variance / f + epsilon);
    inv[row] = s;
    const vreal sv = hl_splat((real)s);
    for (j = 0; j + HL_W <= f; j += HL_W) {
      const vreal n = (hl_load(hr + j) - m) * sv;
      hl_store(hr + j, n);
      hl_store(yr + j, hl_load(gamma + j) * n + hl_load(beta + j));
    }
    for (; j < f; j++) {
      const real n = (real)(((double)hr[j] - mu) * s);
      hr[j] = n;
      yr[j] = gamma[j] * n + beta[j];
    }
  }
}

/** out[j] = v (mode 1) or out[j] += v (mode 2) for one row; mode 0 writes nothing. */
static inline void hl_put(real *out, int mode, int j, vreal v) {
  if (mode == 1) hl_store(out + j, v);
  else if (mode == 2) hl_store(out + j, hl_load(out + j) + v);
}

/**
 * The gradient of y = LN(x + r): ∂L/∂s = (1/√(σ² + ε))/F · (F·d − Σd − ĥ·Σ(d ⊙ ĥ)), d = γ ⊙ g, into
 * `dx` and `dr` (mode 0: not wanted, 1: written, 2: added; they may be one buffer: dx is done
 * first), and Σ_rows g ⊙ ĥ and Σ_rows g added into `dgamma` and `dbeta` (double, zeroed by the caller).
 */
void HL_NAME(hl_residual_layer_norm_backward)(const real *restrict g, const real *restrict gamma,
                                              const real *restrict h, const double *restrict inv, int rows, int f,
                                              real *dx, int dx_mode, real *dr, int dr_mode,
                                              double *restrict dgamma, double *restrict dbeta) {
  for (int row = 0; row < rows; row++) {
    const long base = (long)row * f;
    const real *gr = g + base, *hr = h + base;
    for (int j = 0; j < f; j++) {
      dgamma[j] += (double)gr[j] * (double)hr[j];
      dbeta[j] += (double)gr[j];
    }
    if (!dx_mode && !dr_mode) continue;
    vreal sum_d = hl_splat(0), sum_dh = hl_splat(0);
    int j = 0;
    for (; j + HL_W <= f; j += HL_W) {
      const vreal d = hl_load(gr + j) * hl_load(gamma + j);
      sum_d += d;
      sum_dh += d * hl_load(hr + j);
    }
    double total_d = hl_lanes(sum_d), total_dh = hl_lanes(sum_dh);
    for (; j < f; j++) {
      const double d = (double)gr[j] * (double)gamma[j];
      total_d += d;
      total_dh += d * (double)hr[j];
    }
    const double s = inv[row] / f;
    const vreal scale = hl_splat((real)(s * f)), shift = hl_splat((real)(s * total_d)),
                slope = hl_splat((real)(s * total_dh));
    real *dxr = dx_mode ? dx + base : NULL, *drr = dr_mode ? dr + base : NULL;
    for (j = 0; j + HL_W <= f; j += HL_W) {
      const vreal v = scale * hl_load(gr + j) * hl_load(gamma + j) - shift - hl_load(hr + j) * slope;
      hl_put(dxr, dx_mode, j, v);
      hl_put(drr, dr_mode, j, v);
    }
    for (; j < f; j++) {
      const real v = (real)(s * (f * (double)gr[j] * (double)gamma[j] - total_d - (double)hr[j] * total_dh));
      if (dx_mode) dxr[j] = (dx_mode == 2 ? dxr[j] : 0) + v;
      if (dr_mode) drr[j] = (dr_mode == 2 ? drr[j] : 0) + v;
    }
  }
}
