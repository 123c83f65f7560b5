/*
 * The N-API face of the native kernels (build/hedgelab-native.node, loaded by src/tensor/native.ts).
 * JavaScript binds the engine's WebAssembly memory (`bind(memory.buffer)`, again after every
 * growth) and then passes byte offsets into it, exactly as to the WebAssembly kernels: the kernels
 * read and write tensors in place, no copies. Every operand's extent is checked against the bound
 * memory, so a wrong address is a RangeError, never a stray write.
 */
#include <node_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "native.h"

#define MAX_ARGS 16

/** Reads `n` numbers; throws a TypeError and returns NULL when one is missing or not a number. */
static hl_state *read_args(napi_env env, napi_callback_info info, size_t n, double *out, napi_value *argv) {
  napi_value local[MAX_ARGS];
  napi_value *values = argv ? argv : local;
  size_t argc = n;
  void *data = NULL;
  if (napi_get_cb_info(env, info, &argc, values, NULL, &data) != napi_ok) return NULL;
  if (argc < n) {
    napi_throw_type_error(env, NULL, "hedgelab native kernel: too few arguments");
    return NULL;
  }
  for (size_t i = 0; i < n && out; i++) {
    if (napi_get_value_double(env, values[i], &out[i]) != napi_ok) {
      napi_throw_type_error(env, NULL, "hedgelab native kernel: arguments must be numbers");
      return NULL;
    }
  }
  return data;
}

/**
 * The address of `count` elements of `size` bytes at byte `offset` of the bound memory, or NULL
 * after throwing a RangeError naming `what` when they do not lie inside it.
 */
static void *at(napi_env env, hl_state *s, const char *what, double offset, double count, int size) {
  if (!s->base) {
    napi_throw_error(env, NULL, "hedgelab native kernel: no engine memory bound");
    return NULL;
  }
  if (offset < 0 || offset != (double)(long)offset || count < 0 || offset + count * size > (double)s->length) {
    char message[160];
    snprintf(message, sizeof message, "hedgelab native kernel: %s (%.0f elements at byte %.0f) lies outside the engine memory (%zu bytes)",
             what, count, offset, s->length);
    napi_throw_range_error(env, NULL, message);
    return NULL;
  }
  return s->base + (size_t)offset;
}

hl_state *hl_read_args(napi_env env, napi_callback_info info, size_t n, double *out) {
  return read_args(env, info, n, out, NULL);
}
void *hl_at(napi_env env, hl_state *s, const char *what, double offset, double count, int size) {
  return at(env, s, what, offset, count, size);
}

/** Elements spanned by a row-major matrix of `rows` rows of `cols` with leading dimension `ld`. */
static double extent(double rows, double cols, double ld) { return rows <= 0 || cols <= 0 ? 0 : (rows - 1) * ld + cols; }

static napi_value bind(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  hl_state *s = read_args(env, info, 1, NULL, argv);
  if (!s) return NULL;
  void *data = NULL;
  size_t length = 0;
  if (napi_get_arraybuffer_info(env, argv[0], &data, &length) != napi_ok) {
    napi_throw_type_error(env, NULL, "hedgelab native kernel: bind() takes the engine memory's ArrayBuffer");
    return NULL;
  }
  s->base = data;
  s->length = length;
  return NULL;
}

/* gemm(m, n, k, a, lda, transA, b, ldb, transB, c, ldc, accumulate) */
static napi_value gemm(napi_env env, napi_callback_info info, int f64) {
  double v[12];
  hl_state *s = read_args(env, info, 12, v, NULL);
  if (!s) return NULL;
  const int size = f64 ? 8 : 4;
  const double m = v[0], n = v[1], k = v[2];
  if (m < 0 || n < 0 || k < 0 || m > 2147483647.0 || n > 2147483647.0 || k > 2147483647.0) {
    napi_throw_range_error(env, NULL, "hedgelab native kernel: gemm sizes must be non-negative integers");
    return NULL;
  }
  const int ta = v[5] != 0, tb = v[8] != 0;
  if (v[4] < (ta ? m : k) || v[7] < (tb ? k : n) || v[10] < n) {
    napi_throw_range_error(env, NULL, "hedgelab native kernel: gemm leading dimension shorter than a row");
    return NULL;
  }
  hl_gemm_args g = {.m = (int)m, .n = (int)n, .k = (int)k, .lda = (long)v[4], .trans_a = ta,
                    .ldb = (long)v[7], .trans_b = tb, .ldc = (long)v[10], .accumulate = v[11] != 0};
  if (!(g.a = at(env, s, "gemm operand A", v[3], extent(ta ? k : m, ta ? m : k, v[4]), size))) return NULL;
  if (!(g.b = at(env, s, "gemm operand B", v[6], extent(tb ? n : k, tb ? k : n, v[7]), size))) return NULL;
  if (!(g.c = at(env, s, "gemm output C", v[9], extent(m, n, v[10]), size))) return NULL;
  if (hl_gemm(s, f64, &g)) napi_throw_error(env, NULL, "hedgelab native kernel: out of memory for gemm");
  return NULL;
}
static napi_value gemm_f32(napi_env env, napi_callback_info info) { return gemm(env, info, 0); }
static napi_value gemm_f64(napi_env env, napi_callback_info info) { return gemm(env, info, 1); }

/* biasActivation(y, bias, rows, cols, relu); bias 0 means none. */
static napi_value bias_activation(napi_env env, napi_callback_info info, int f64) {
  double v[5];
  hl_state *s = read_args(env, info, 5, v, NULL);
  if (!s) return NULL;
  const int size = f64 ? 8 : 4;
  void *y = at(env, s, "biasActivation y", v[0], v[2] * v[3], size);
  if (!y) return NULL;
  void *bias = NULL;
  if (v[1] != 0 && !(bias = at(env, s, "biasActivation bias", v[1], v[3], size))) return NULL;
  if (f64) s->kernels->bias_activation_f64(y, bias, (int)v[2], (int)v[3], v[4] != 0);
  else s->kernels->bias_activation_f32(y, bias, (int)v[2], (int)v[3], v[4] != 0);
  return NULL;
}
static napi_value bias_activation_f32(napi_env e, napi_callback_info i) { return bias_activation(e, i, 0); }
static napi_value bias_activation_f64(napi_env e, napi_callback_info i) { return bias_activation(e, i, 1); }

/* reluGrad(g, y, out, n) */
static napi_value relu_grad(napi_env env, napi_callback_info info, int f64) {
  double v[4];
  hl_state *s = read_args(env, info, 4, v, NULL);
  if (!s) return NULL;
  const int size = f64 ? 8 : 4;
  void *g = at(env, s, "reluGrad g", v[0], v[3], size), *y = g ? at(env, s, "reluGrad y", v[1], v[3], size) : NULL;
  void *out = y ? at(env, s, "reluGrad out", v[2], v[3], size) : NULL;
  if (!out) return NULL;
  if (f64) s->kernels->relu_grad_f64(g, y, out, (long)v[3]);
  else s->kernels->relu_grad_f32(g, y, out, (long)v[3]);
  return NULL;
}
static napi_value relu_grad_f32(napi_env e, napi_callback_info i) { return relu_grad(e, i, 0); }
static napi_value relu_grad_f64(napi_env e, napi_callback_info i) { return relu_grad(e, i, 1); }

/* columnSum(g, rows, cols, out, accumulate) */
static napi_value column_sum(napi_env env, napi_callback_info info, int f64) {
  double v[5];
  hl_state *s = read_args(env, info, 5, v, NULL);
  if (!s) return NULL;
  const int size = f64 ? 8 : 4;
  void *g = at(env, s, "columnSum g", v[0], v[1] * v[2], size);
  void *out = g ? at(env, s, "columnSum out", v[3], v[2], size) : NULL;
  if (!out) return NULL;
  if (f64) s->kernels->column_sum_f64(g, (int)v[1], (int)v[2], out, v[4] != 0);
  else s->kernels->column_sum_f32(g, (int)v[1], (int)v[2], out, v[4] != 0);
  return NULL;
}
static napi_value column_sum_f32(napi_env e, napi_callback_info i) { return column_sum(e, i, 0); }
static napi_value column_sum_f64(napi_env e, napi_callback_info i) { return column_sum(e, i, 1); }

/* dot(a, b, n) -> number */
static napi_value dot(napi_env env, napi_callback_info info, int f64) {
  double v[3];
  hl_state *s = read_args(env, info, 3, v, NULL);
  if (!s) return NULL;
  const int size = f64 ? 8 : 4;
  void *a = at(env, s, "dot a", v[0], v[2], size), *b = a ? at(env, s, "dot b", v[1], v[2], size) : NULL;
  if (!b) return NULL;
  const double r = f64 ? s->kernels->dot_f64(a, b, (long)v[2]) : s->kernels->dot_f32(a, b, (long)v[2]);
  napi_value result;
  napi_create_double(env, r, &result);
  return result;
}
static napi_value dot_f32(napi_env e, napi_callback_info i) { return dot(e, i, 0); }
static napi_value dot_f64(napi_env e, napi_callback_info i) { return dot(e, i, 1); }

/* axpy(alpha, x, y, n, accumulate) */
static napi_value axpy(napi_env env, napi_callback_info info, int f64) {
  double v[5];
  hl_state *s = read_args(env, info, 5, v, NULL);
  if (!s) return NULL;
  const int size = f64 ? 8 : 4;
  void *x = at(env, s, "axpy x", v[1], v[3], size), *y = x ? at(env, s, "axpy y", v[2], v[3], size) : NULL;
  if (!y) return NULL;
  if (f64) s->kernels->axpy_f64(v[0], x, y, (long)v[3], v[4] != 0);
  else s->kernels->axpy_f32(v[0], x, y, (long)v[3], v[4] != 0);
  return NULL;
}
static napi_value axpy_f32(napi_env e, napi_callback_info i) { return axpy(e, i, 0); }
static napi_value axpy_f64(napi_env e, napi_callback_info i) { return axpy(e, i, 1); }

/* signature(form, dx, batch, steps, d, m, out) and signatureBackward(form, dx, batch, steps, d, m,
   out, gradOut, gradDx); form 0 = every prefix, 1 = whole paths. */
static napi_value signature(napi_env env, napi_callback_info info, int f64, int backward) {
  double v[9];
  hl_state *s = read_args(env, info, backward ? 9 : 7, v, NULL);
  if (!s) return NULL;
  const int size = f64 ? 8 : 4;
  const int form = v[0] != 0, batch = (int)v[2], steps = (int)v[3], d = (int)v[4], m = (int)v[5];
  double len = 0, power = 1;
  for (int k = 1; k <= m; k++) len += (power *= d);
  const double outCount = form == HL_SIGNATURE_FINAL ? batch * len : (double)batch * steps * len;
  const void *dx = at(env, s, "signature increments", v[1], (double)batch * steps * d, size);
  const void *out = dx ? at(env, s, "signature output", v[6], outCount, size) : NULL;
  if (!out) return NULL;
  const void *grad_out = NULL;
  void *grad_dx = NULL;
  if (backward) {
    if (!(grad_out = at(env, s, "signature output gradient", v[7], outCount, size))) return NULL;
    if (!(grad_dx = at(env, s, "signature increments gradient", v[8], (double)batch * steps * d, size))) return NULL;
  }
  if (hl_signature(s, f64, backward, form, dx, batch, steps, d, m, out, grad_out, grad_dx))
    napi_throw_error(env, NULL, "hedgelab native kernel: out of memory for a signature");
  return NULL;
}
static napi_value signature_f32(napi_env e, napi_callback_info i) { return signature(e, i, 0, 0); }
static napi_value signature_f64(napi_env e, napi_callback_info i) { return signature(e, i, 1, 0); }
static napi_value signature_backward_f32(napi_env e, napi_callback_info i) { return signature(e, i, 0, 1); }
static napi_value signature_backward_f64(napi_env e, napi_callback_info i) { return signature(e, i, 1, 1); }

/* residualLayerNorm(x, r, gamma, beta, rows, f, epsilon, y, h, inv): y = LN(x + r) of each row,
   the normalised rows into h and 1/sqrt(var + eps) (float64) into inv. */
static napi_value residual_layer_norm(napi_env env, napi_callback_info info, int f64) {
  double v[10];
  hl_state *s = read_args(env, info, 10, v, NULL);
  if (!s) return NULL;
  const int size = f64 ? 8 : 4, rows = (int)v[4], f = (int)v[5];
  const double count = (double)rows * f;
  const void *x = at(env, s, "layer norm x", v[0], count, size);
  const void *r = x ? at(env, s, "layer norm r", v[1], count, size) : NULL;
  const void *gamma = r ? at(env, s, "layer norm gamma", v[2], f, size) : NULL;
  const void *beta = gamma ? at(env, s, "layer norm beta", v[3], f, size) : NULL;
  void *y = beta ? at(env, s, "layer norm output", v[7], count, size) : NULL;
  void *h = y ? at(env, s, "layer norm rows", v[8], count, size) : NULL;
  double *inv = h ? at(env, s, "layer norm scales", v[9], rows, 8) : NULL;
  if (!inv) return NULL;
  if (f64) s->kernels->residual_layer_norm_f64(x, r, gamma, beta, rows, f, v[6], y, h, inv);
  else s->kernels->residual_layer_norm_f32(x, r, gamma, beta, rows, f, v[6], y, h, inv);
  return NULL;
}
static napi_value residual_layer_norm_f32(napi_env e, napi_callback_info i) { return residual_layer_norm(e, i, 0); }
static napi_value residual_layer_norm_f64(napi_env e, napi_callback_info i) { return residual_layer_norm(e, i, 1); }

/* residualLayerNormBackward(g, gamma, h, inv, rows, f, dx, dxMode, dr, drMode, dgamma, dbeta); a mode
   is 0 (no gradient wanted: the address is ignored), 1 (written) or 2 (added). */
static napi_value residual_layer_norm_backward(napi_env env, napi_callback_info info, int f64) {
  double v[12];
  hl_state *s = read_args(env, info, 12, v, NULL);
  if (!s) return NULL;
  const int size = f64 ? 8 : 4, rows = (int)v[4], f = (int)v[5], dx_mode = (int)v[7], dr_mode = (int)v[9];
  const double count = (double)rows * f;
  const void *g = at(env, s, "layer norm gradient", v[0], count, size);
  const void *gamma = g ? at(env, s, "layer norm gamma", v[1], f, size) : NULL;
  const void *h = gamma ? at(env, s, "layer norm rows", v[2], count, size) : NULL;
  const double *inv = h ? at(env, s, "layer norm scales", v[3], rows, 8) : NULL;
  double *dgamma = inv ? at(env, s, "layer norm gamma gradient", v[10], f, 8) : NULL;
  double *dbeta = dgamma ? at(env, s, "layer norm beta gradient", v[11], f, 8) : NULL;
  if (!dbeta) return NULL;
  void *dx = NULL, *dr = NULL;
  if (dx_mode && !(dx = at(env, s, "layer norm x gradient", v[6], count, size))) return NULL;
  if (dr_mode && !(dr = at(env, s, "layer norm r gradient", v[8], count, size))) return NULL;
  if (f64)
    s->kernels->residual_layer_norm_backward_f64(g, gamma, h, inv, rows, f, dx, dx_mode, dr, dr_mode, dgamma, dbeta);
  else
    s->kernels->residual_layer_norm_backward_f32(g, gamma, h, inv, rows, f, dx, dx_mode, dr, dr_mode, dgamma, dbeta);
  return NULL;
}
static napi_value residual_layer_norm_backward_f32(napi_env e, napi_callback_info i) {
  return residual_layer_norm_backward(e, i, 0);
}
static napi_value residual_layer_norm_backward_f64(napi_env e, napi_callback_info i) {
  return residual_layer_norm_backward(e, i, 1);
}

static void set_string(napi_env env, napi_value object, const char *key, const char *value) {
  napi_value v;
  if (value) napi_create_string_utf8(env, value, NAPI_AUTO_LENGTH, &v);
  else napi_get_null(env, &v);
  napi_set_named_property(env, object, key, v);
}

/* info() -> { isa, threads, blas } */
static napi_value describe(napi_env env, napi_callback_info info) {
  hl_state *s = read_args(env, info, 0, NULL, NULL);
  if (!s) return NULL;
  napi_value object, threads;
  napi_create_object(env, &object);
  set_string(env, object, "isa", s->kernels->isa);
  napi_create_int32(env, hl_pool_threads(s->pool), &threads);
  napi_set_named_property(env, object, "threads", threads);
  set_string(env, object, "blas", s->blas);
  return object;
}

/* configure(threads, isa): a pool of `threads` threads and the kernels of `isa` ("" = the best). */
static napi_value configure(napi_env env, napi_callback_info info) {
  double v[2];
  napi_value argv[2];
  size_t argc = 2;
  void *data = NULL;
  napi_get_cb_info(env, info, &argc, argv, NULL, &data);
  hl_state *s = data;
  char isa[32] = "";
  if (argc < 2 || napi_get_value_double(env, argv[0], &v[0]) != napi_ok ||
      napi_get_value_string_utf8(env, argv[1], isa, sizeof isa, NULL) != napi_ok) {
    napi_throw_type_error(env, NULL, "hedgelab native kernel: configure(threads, isa)");
    return NULL;
  }
  const hl_kernels *kernels = hl_kernels_for(isa[0] ? isa : hl_best_isa());
  if (!kernels) {
    char message[96];
    snprintf(message, sizeof message, "hedgelab native kernel: instruction set %s is not available here", isa);
    napi_throw_error(env, NULL, message);
    return NULL;
  }
  const int threads = v[0] < 1 ? 1 : v[0] > 256 ? 256 : (int)v[0];
  hl_pool *pool = hl_pool_create(threads);
  hl_scratch *scratch = pool ? calloc((size_t)hl_pool_threads(pool), sizeof(hl_scratch)) : NULL;
  if (!scratch) {
    hl_pool_destroy(pool);
    napi_throw_error(env, NULL, "hedgelab native kernel: cannot start the thread pool");
    return NULL;
  }
  if (s->pool) {
    for (int t = 0; t < hl_pool_threads(s->pool); t++) free(s->scratch[t].pack);
    free(s->scratch);
    hl_pool_destroy(s->pool);
  }
  s->kernels = kernels;
  s->pool = pool;
  s->scratch = scratch;
  return describe(env, info);
}

static void finalize(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  hl_state *s = data;
  if (s->pool) {
    for (int t = 0; t < hl_pool_threads(s->pool); t++) free(s->scratch[t].pack);
    free(s->scratch);
    hl_pool_destroy(s->pool);
  }
  free(s);
}

NAPI_MODULE_INIT() {
  hl_state *s = calloc(1, sizeof(hl_state));
  if (!s) return NULL;
  s->kernels = hl_kernels_for("generic");
  s->pool = hl_pool_create(1);
  s->scratch = calloc(1, sizeof(hl_scratch));
  napi_set_instance_data(env, s, finalize, NULL);
  const napi_property_descriptor functions[] = {
#define FN(name, fn) {name, NULL, fn, NULL, NULL, NULL, napi_default, s}
      FN("bind", bind),
      FN("configure", configure),
      FN("info", describe),
      FN("gemmF32", gemm_f32),
      FN("gemmF64", gemm_f64),
      FN("biasActivationF32", bias_activation_f32),
      FN("biasActivationF64", bias_activation_f64),
      FN("reluGradF32", relu_grad_f32),
      FN("reluGradF64", relu_grad_f64),
      FN("columnSumF32", column_sum_f32),
      FN("columnSumF64", column_sum_f64),
      FN("dotF32", dot_f32),
      FN("dotF64", dot_f64),
      FN("axpyF32", axpy_f32),
      FN("axpyF64", axpy_f64),
      FN("signatureF32", signature_f32),
      FN("signatureF64", signature_f64),
      FN("signatureBackwardF32", signature_backward_f32),
      FN("signatureBackwardF64", signature_backward_f64),
      FN("residualLayerNormF32", residual_layer_norm_f32),
      FN("residualLayerNormF64", residual_layer_norm_f64),
      FN("residualLayerNormBackwardF32", residual_layer_norm_backward_f32),
      FN("residualLayerNormBackwardF64", residual_layer_norm_backward_f64),
#undef FN
  };
  napi_define_properties(env, exports, sizeof functions / sizeof functions[0], functions);
  hl_define_transformer(env, exports, s);
  return exports;
}
