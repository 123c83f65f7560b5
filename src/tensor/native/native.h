/* State of the addon for one JavaScript environment (see addon.c), and the threaded drivers. */
#ifndef HEDGELAB_NATIVE_H
#define HEDGELAB_NATIVE_H

#include <node_api.h>
#include <stdatomic.h>

#include "hedgelab.h"

#define HL_MIN_I(a, b) ((a) < (b) ? (a) : (b))

typedef struct {
  /* The bound engine memory: a WebAssembly.Memory's buffer. */
  char *base;
  size_t length;
  const hl_kernels *kernels;
  hl_pool *pool;
  hl_scratch *scratch; /* one per thread */
  const char *blas;    /* the system BLAS in use, or NULL */
} hl_state;

/** C (+)= op(A)·op(B) over the pool; returns 0, or -1 when packing buffers could not be allocated. */
int hl_gemm(hl_state *state, int f64, const hl_gemm_args *g);

/** Signatures (or their gradient) of `batch` paths, split over the pool by paths; 0 or -1. */
int hl_signature(hl_state *state, int f64, int backward, int form, const void *dx, int batch, int steps,
                 int d, int m, const void *out, const void *grad_out, void *grad_dx);

/** read_args and at of addon.c, for the other N-API files: `n` numbers; an operand's address in the bound memory. */
hl_state *hl_read_args(napi_env env, napi_callback_info info, size_t n, double *out);
void *hl_at(napi_env env, hl_state *s, const char *what, double offset, double count, int size);

/** Adds the transformer kernels (transformer.c) to the addon's exports. */
void hl_define_transformer(napi_env env, napi_value exports, hl_state *s);

#endif
