/*
 * The kernel table of one instruction set: compiled once per build (-DHL_ISA=<isa>) beside the
 * float32 and float64 builds of the kernel files, it names that build's functions.
 */
#include "hedgelab.h"

#ifndef HL_ISA
#error "compile with -DHL_ISA=<isa> (scripts/build-native.mjs)"
#endif

#define HL_STR_(x) #x
#define HL_STR(x) HL_STR_(x)
#define F32(name) HL_CAT3(name, f32, HL_ISA)
#define F64(name) HL_CAT3(name, f64, HL_ISA)

#define DECLARE(T, NAME)                                                                                \
  extern const hl_gemm_blocking NAME(hl_gemm_blocking);                                                 \
  int NAME(hl_gemm_block)(const hl_gemm_args *g, int m0, int m1, int n0, int n1, hl_scratch *scratch);   \
  void NAME(hl_bias_activation)(T * y, const T *bias, int rows, int cols, int relu);                     \
  void NAME(hl_relu_grad)(const T *g, const T *y, T *out, long n);                                      \
  void NAME(hl_column_sum)(const T *g, int rows, int cols, T *out, int accumulate);                     \
  double NAME(hl_dot)(const T *a, const T *b, long n);                                                  \
  void NAME(hl_axpy)(double alpha, const T *x, T *y, long n, int accumulate);                           \
  int NAME(hl_signature)(int form, const T *dx, int b0, int b1, int steps, int d, int m, T *out);       \
  int NAME(hl_signature_backward)(int form, const T *dx, int b0, int b1, int steps, int d, int m,       \
                                  const T *out, const T *grad_out, T *grad_dx);                           \
  long NAME(hl_attention_scratch)(int steps, int d);                                                    \
  void NAME(hl_attention_head)(const T *q, const T *k, const T *v, T *out, T *lse, long ld, int steps, int d, \
                               T scale, int causal, T *scratch);                                        \
  void NAME(hl_attention_head_backward)(const T *q, const T *k, const T *v, const T *lse, const T *g, T *gq,  \
                                        T *gk, T *gv, long ld, int steps, int d, T scale, int causal,      \
                                        int accumulate, T *scratch);                                     \
  void NAME(hl_adaptive_layer_norm)(const T *x, const T *mod, T *y, T *normalized, T *inv, int b0, int b1,  \
                                    int length, int f, double epsilon);                                  \
  void NAME(hl_adaptive_layer_norm_backward)(const T *g, const T *mod, const T *normalized, const T *inv,   \
                                             T *dx, T *dmod, int b0, int b1, int length, int f,             \
                                             int accumulate, double *sums);                              \
  void NAME(hl_gelu)(T * z, T *y, long n, int derivative);                                               \
  void NAME(hl_multiply)(T * a, const T *b, long n);                                                     \
  void NAME(hl_residual_layer_norm)(const T *x, const T *r, const T *gamma, const T *beta, int rows, int f, \
                                    double epsilon, T *y, T *h, double *inv);                           \
  void NAME(hl_residual_layer_norm_backward)(const T *g, const T *gamma, const T *h, const double *inv,   \
                                             int rows, int f, T *dx, int dx_mode, T *dr, int dr_mode,    \
                                             double *dgamma, double *dbeta);

DECLARE(float, F32)
DECLARE(double, F64)

/** This build's kernels (hl_kernels_<isa>). */
const hl_kernels HL_CAT3(hl, kernels, HL_ISA) = {
    .isa = HL_STR(HL_ISA),
    .blocking_f32 = &F32(hl_gemm_blocking),
    .blocking_f64 = &F64(hl_gemm_blocking),
    .gemm_block_f32 = F32(hl_gemm_block),
    .gemm_block_f64 = F64(hl_gemm_block),
    .bias_activation_f32 = F32(hl_bias_activation),
    .bias_activation_f64 = F64(hl_bias_activation),
    .relu_grad_f32 = F32(hl_relu_grad),
    .relu_grad_f64 = F64(hl_relu_grad),
    .column_sum_f32 = F32(hl_column_sum),
    .column_sum_f64 = F64(hl_column_sum),
    .dot_f32 = F32(hl_dot),
    .dot_f64 = F64(hl_dot),
    .axpy_f32 = F32(hl_axpy),
    .axpy_f64 = F64(hl_axpy),
    .signature_f32 = F32(hl_signature),
    .signature_f64 = F64(hl_signature),
    .signature_backward_f32 = F32(hl_signature_backward),
    .signature_backward_f64 = F64(hl_signature_backward),
    .attention_scratch_f32 = F32(hl_attention_scratch),
    .attention_scratch_f64 = F64(hl_attention_scratch),
    .attention_head_f32 = F32(hl_attention_head),
    .attention_head_f64 = F64(hl_attention_head),
    .attention_head_backward_f32 = F32(hl_attention_head_backward),
    .attention_head_backward_f64 = F64(hl_attention_head_backward),
    .adaptive_layer_norm_f32 = F32(hl_adaptive_layer_norm),
    .adaptive_layer_norm_f64 = F64(hl_adaptive_layer_norm),
    .adaptive_layer_norm_backward_f32 = F32(hl_adaptive_layer_norm_backward),
    .adaptive_layer_norm_backward_f64 = F64(hl_adaptive_layer_norm_backward),
    .gelu_f32 = F32(hl_gelu),
    .gelu_f64 = F64(hl_gelu),
    .multiply_f32 = F32(hl_multiply),
    .multiply_f64 = F64(hl_multiply),
    .residual_layer_norm_f32 = F32(hl_residual_layer_norm),
    .residual_layer_norm_f64 = F64(hl_residual_layer_norm),
    .residual_layer_norm_backward_f32 = F32(hl_residual_layer_norm_backward),
    .residual_layer_norm_backward_f64 = F64(hl_residual_layer_norm_backward),
};
