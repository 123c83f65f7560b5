/*
 * hedgelab's native kernels: shared declarations. The kernels read and write tensors in place in the
 * engine's WebAssembly memory (a base pointer plus byte offsets). Each kernel file is compiled once
 * per instruction set (avx512, avx2, generic) and per element type (float32, float64) by
 * scripts/build-native.mjs; HL_NAME(x) gives each build's copy its own name, e.g. hl_gemm_f32_avx512.
 */
#ifndef HEDGELAB_H
#define HEDGELAB_H

#include <stddef.h>
#include <stdint.h>

/** One matrix product C (+)= op(A)·op(B), row-major; pointers already resolved. */
typedef struct {
  int m, n, k;
  const void *a;
  long lda;
  int trans_a;
  const void *b;
  long ldb;
  int trans_b;
  void *c;
  long ldc;
  int accumulate;
} hl_gemm_args;

/** Register tile and cache blocks of one build of the product kernel (in elements). */
typedef struct {
  int mr, nr, kc, mc, nc;
} hl_gemm_blocking;

/** Per-thread packing buffers, grown on demand (64-byte aligned). */
typedef struct {
  void *pack;
  size_t bytes;
} hl_scratch;

/** Makes `s` hold at least `bytes` bytes; returns its buffer or NULL when out of memory. */
void *hl_scratch_reserve(hl_scratch *s, size_t bytes);

/* The kernels of one instruction set. The signature kernels follow src/tensor/assembly/signature.ts. */
typedef struct {
  const char *isa;
  const hl_gemm_blocking *blocking_f32, *blocking_f64;
  /* C[m0:m1, n0:n1] of the product; `scratch` holds the packing buffers of this thread. */
  int (*gemm_block_f32)(const hl_gemm_args *g, int m0, int m1, int n0, int n1, hl_scratch *scratch);
  int (*gemm_block_f64)(const hl_gemm_args *g, int m0, int m1, int n0, int n1, hl_scratch *scratch);
  void (*bias_activation_f32)(float *y, const float *bias, int rows, int cols, int relu);
  void (*bias_activation_f64)(double *y, const double *bias, int rows, int cols, int relu);
  void (*relu_grad_f32)(const float *g, const float *y, float *out, long n);
  void (*relu_grad_f64)(const double *g, const double *y, double *out, long n);
  void (*column_sum_f32)(const float *g, int rows, int cols, float *out, int accumulate);
  void (*column_sum_f64)(const double *g, int rows, int cols, double *out, int accumulate);
  double (*dot_f32)(const float *a, const float *b, long n);
  double (*dot_f64)(const double *a, const double *b, long n);
  void (*axpy_f32)(double alpha, const float *x, float *y, long n, int accumulate);
  void (*axpy_f64)(double alpha, const double *x, double *y, long n, int accumulate);
  /* Signatures of paths [b0, b1) (see signature-kernel.c); return 0, or -1 when out of memory. */
  int (*signature_f32)(int form, const float *dx, int b0, int b1, int steps, int d, int m, float *out);
  int (*signature_f64)(int form, const double *dx, int b0, int b1, int steps, int d, int m, double *out);
  int (*signature_backward_f32)(int form, const float *dx, int b0, int b1, int steps, int d, int m,
                                const float *out, const float *grad_out, float *grad_dx);
  int (*signature_backward_f64)(int form, const double *dx, int b0, int b1, int steps, int d, int m,
                                const double *out, const double *grad_out, double *grad_dx);
  /* LN(x + r) and its gradient (see norm-kernel.c). */
  void (*residual_layer_norm_f32)(const float *x, const float *r, const float *gamma, const float *beta, int rows,
                                  int f, double epsilon, float *y, float *h, double *inv);
  void (*residual_layer_norm_f64)(const double *x, const double *r, const double *gamma, const double *beta,
                                  int rows, int f, double epsilon, double *y, double *h, double *inv);
  void (*residual_layer_norm_backward_f32)(const float *g, const float *gamma, const float *h, const double *inv,
                                           int rows, int f, float *dx, int dx_mode, float *dr, int dr_mode,
                                           double *dgamma, double *dbeta);
  void (*residual_layer_norm_backward_f64)(const double *g, const double *gamma, const double *h,
                                           const double *inv, int rows, int f, double *dx, int dx_mode,
                                           double *dr, int dr_mode, double *dgamma, double *dbeta);
  /* Transformer kernels (transformer-kernel.c): one attention head forward and backward, scratch
     elements a head needs, adaptive LayerNorm of sequences [b0, b1) and its gradient, GELU, a ⊙= b. */
  long (*attention_scratch_f32)(int steps, int d);
  long (*attention_scratch_f64)(int steps, int d);
  void (*attention_head_f32)(const float *q, const float *k, const float *v, float *out, float *lse, long ld,
                             int steps, int d, float scale, int causal, float *scratch);
  void (*attention_head_f64)(const double *q, const double *k, const double *v, double *out, double *lse,
                             long ld, int steps, int d, double scale, int causal, double *scratch);
  void (*attention_head_backward_f32)(const float *q, const float *k, const float *v, const float *lse,
                                      const float *g, float *gq, float *gk, float *gv, long ld, int steps,
                                      int d, float scale, int causal, int accumulate, float *scratch);
  void (*attention_head_backward_f64)(const double *q, const double *k, const double *v, const double *lse,
                                      const double *g, double *gq, double *gk, double *gv, long ld,
                                      int steps, int d, double scale, int causal, int accumulate,
                                      double *scratch);
  void (*adaptive_layer_norm_f32)(const float *x, const float *mod, float *y, float *normalized, float *inv,
                                  int b0, int b1, int length, int f, double epsilon);
  void (*adaptive_layer_norm_f64)(const double *x, const double *mod, double *y, double *normalized,
                                  double *inv, int b0, int b1, int length, int f, double epsilon);
  void (*adaptive_layer_norm_backward_f32)(const float *g, const float *mod, const float *normalized,
                                           const float *inv, float *dx, float *dmod, int b0, int b1,
                                           int length, int f, int accumulate, double *sums);
  void (*adaptive_layer_norm_backward_f64)(const double *g, const double *mod, const double *normalized,
                                           const double *inv, double *dx, double *dmod, int b0, int b1,
                                           int length, int f, int accumulate, double *sums);
  void (*gelu_f32)(float *z, float *y, long n, int derivative);
  void (*gelu_f64)(double *z, double *y, long n, int derivative);
  void (*multiply_f32)(float *a, const float *b, long n);
  void (*multiply_f64)(double *a, const double *b, long n);
} hl_kernels;

/** The signature forms: every prefix (stream) or the whole path (final). */
enum { HL_SIGNATURE_STREAM = 0, HL_SIGNATURE_FINAL = 1 };

/** The kernel table of an instruction set ("avx512", "avx2", "generic"), or NULL if not built. */
const hl_kernels *hl_kernels_for(const char *isa);
/** The best instruction set this CPU runs among the builds present. */
const char *hl_best_isa(void);

/* Thread pool: `count` tasks, run by the calling thread and the pool's workers. */
typedef struct hl_pool hl_pool;
typedef void (*hl_task)(void *context, int task, int thread);
hl_pool *hl_pool_create(int threads);
int hl_pool_threads(const hl_pool *pool);
void hl_pool_run(hl_pool *pool, int count, hl_task task, void *context);
void hl_pool_destroy(hl_pool *pool);

#define HL_CAT3_(a, b, c) a##_##b##_##c
#define HL_CAT3(a, b, c) HL_CAT3_(a, b, c)

#endif
