/*
 * Row-wise elementwise kernels of the engine's hot paths, the native twins of
 * src/tensor/assembly/elementwise.ts: bias + activation, the ReLU gradient, the bias gradient
 * (column sums), inner products and axpy. Plain loops the compiler vectorises for each build.
 */
#include <string.h>

#include "kernel-config.h"

/** y[r, j] = act(y[r, j] + bias[j]) in place; act = identity (relu 0) or ReLU (1); bias may be NULL. */
void HL_NAME(hl_bias_activation)(real *restrict y, const real *restrict bias, int rows, int cols, int relu) {
  for (int r = 0; r < rows; r++) {
    real *row = y + (long)r * cols;
    if (bias && relu) {
      for (int j = 0; j < cols; j++) {
        const real v = row[j] + bias[j];
        row[j] = v > 0 ? v : 0;
      }
    } else if (bias) {
      for (int j = 0; j < cols; j++) row[j] += bias[j];
    } else if (relu) {
      for (int j = 0; j < cols; j++) row[j] = row[j] > 0 ? row[j] : 0;
    }
  }
}

/** out[i] = y[i] > 0 ? g[i] : 0 (the gradient through a ReLU whose output is y). */
void HL_NAME(hl_relu_grad)(const real *restrict g, const real *restrict y, real *restrict out, long n) {
  for (long i = 0; i < n; i++) out[i] = y[i] > 0 ? g[i] : 0;
}

/** out[j] (+)= Σ_r g[r, j]: the gradient of a bias. */
void HL_NAME(hl_column_sum)(const real *restrict g, int rows, int cols, real *restrict out, int accumulate) {
  if (!accumulate) memset(out, 0, sizeof(real) * (size_t)cols);
  for (int r = 0; r < rows; r++) {
    const real *row = g + (long)r * cols;
    for (int j = 0; j < cols; j++) out[j] += row[j];
  }
}

/** Σ_i a[i]·b[i] in vector partial sums, then the lanes and the tail, in double. */
double HL_NAME(hl_dot)(const real *restrict a, const real *restrict b, long n) {
  vreal acc0 = hl_splat(0), acc1 = hl_splat(0);
  long i = 0;
  for (; i + 2 * HL_W <= n; i += 2 * HL_W) {
    acc0 += hl_load(a + i) * hl_load(b + i);
    acc1 += hl_load(a + i + HL_W) * hl_load(b + i + HL_W);
  }
  const vreal acc = acc0 + acc1;
  double total = 0;
  for (int l = 0; l < HL_W; l++) total += (double)acc[l];
  for (; i < n; i++) total += (double)a[i] * (double)b[i];
  return total;
}

/** y[i] (+)= α·x[i]: written when `accumulate` is 0, added otherwise. */
void HL_NAME(hl_axpy)(double alpha, const real *restrict x, real *restrict y, long n, int accumulate) {
  const real a = (real)alpha;
  if (accumulate)
    for (long i = 0; i < n; i++) y[i] += a * x[i];
  else
    for (long i = 0; i < n; i++) y[i] = a * x[i];
}
