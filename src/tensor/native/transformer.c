/*
 * The transformer kernels over the thread pool, and their N-API face. Attention is split over
 * (sequence, head) pairs and adaptive LayerNorm over sequences, one task per block: each output
 * element is computed by one thread in one order whatever the thread count, so results are
 * bit-identical for 1, 2, … threads. Addresses are byte offsets into the bound engine memory, each
 * operand's extent checked, as in addon.c.
 */
#include <stdlib.h>

#include "native.h"

typedef struct {
  hl_state *state;
  int f64, backward;
  const char *q, *k, *v, *p, *g;
  char *out, *gq, *gk, *gv;
  int batch, steps, width, heads, causal, accumulate, per;
  double scale;
  atomic_int failed;
} attention_job;

static void attention_task(void *context, int task, int thread) {
  attention_job *j = context;
  const hl_kernels *k = j->state->kernels;
  const int size = j->f64 ? 8 : 4, d = j->width / j->heads;
  const long need = (j->f64 ? k->attention_scratch_f64 : k->attention_scratch_f32)(j->steps, d) * size;
  void *scratch = hl_scratch_reserve(&j->state->scratch[thread], (size_t)need);
  if (!scratch) {
    atomic_store(&j->failed, 1);
    return;
  }
  const int total = j->batch * j->heads;
  for (int t = task * j->per; t < total && t < (task + 1) * j->per; t++) {
    const int b = t / j->heads, h = t % j->heads;
    const long at = ((long)b * j->steps * j->width + (long)h * d) * size;
    const long w = (long)t * j->steps * size; /* the head's row log-sum-exps */
#define P(base) ((base) ? (base) + at : NULL)
    if (!j->backward) {
      if (j->f64)
        k->attention_head_f64((const double *)(j->q + at), (const double *)(j->k + at), (const double *)(j->v + at),
                              (double *)(j->out + at), (double *)(j->p + w), j->width, j->steps, d, j->scale,
                              j->causal, scratch);
      else
        k->attention_head_f32((const float *)(j->q + at), (const float *)(j->k + at), (const float *)(j->v + at),
                              (float *)(j->out + at), (float *)(j->p + w), j->width, j->steps, d, (float)j->scale,
                              j->causal, scratch);
    } else if (j->f64) {
      k->attention_head_backward_f64((const double *)(j->q + at), (const double *)(j->k + at),
                                     (const double *)(j->v + at), (const double *)(j->p + w),
                                     (const double *)(j->g + at), (double *)P(j->gq), (double *)P(j->gk),
                                     (double *)P(j->gv), j->width, j->steps, d, j->scale, j->causal,
                                     j->accumulate, scratch);
    } else {
      k->attention_head_backward_f32((const float *)(j->q + at), (const float *)(j->k + at),
                                     (const float *)(j->v + at), (const float *)(j->p + w),
                                     (const float *)(j->g + at), (float *)P(j->gq), (float *)P(j->gk),
                                     (float *)P(j->gv), j->width, j->steps, d, (float)j->scale, j->causal,
                                     j->accumulate, scratch);
    }
#undef P
  }
}

/** Tasks of `per` items out of `total`, about `tasks_per_thread` per thread (at least one item each). */
static int split(hl_state *state, int total, int *per) {
  const int threads = hl_pool_threads(state->pool);
  int tasks = threads > 1 ? threads * 4 : 1;
  if (tasks > total) tasks = total > 0 ? total : 1;
  *per = (total + tasks - 1) / tasks;
  if (*per < 1) *per = 1;
  return total > 0 ? (total + *per - 1) / *per : 1;
}

/* attention(q, k, v, out, lse, batch, steps, width, heads, scale, causal); lse [batch, heads, steps] */
static napi_value attention(napi_env env, napi_callback_info info, int f64) {
  double a[11];
  hl_state *s = hl_read_args(env, info, 11, a);
  if (!s) return NULL;
  const int size = f64 ? 8 : 4;
  const double elements = a[5] * a[6] * a[7], weights = a[5] * a[8] * a[6];
  attention_job j = {.state = s, .f64 = f64, .batch = (int)a[5], .steps = (int)a[6], .width = (int)a[7],
                     .heads = (int)a[8], .scale = a[9], .causal = a[10] != 0};
  if (j.heads < 1 || j.width % j.heads != 0) {
    napi_throw_range_error(env, NULL, "hedgelab native kernel: attention width must divide into heads");
    return NULL;
  }
  if (!(j.q = hl_at(env, s, "attention q", a[0], elements, size))) return NULL;
  if (!(j.k = hl_at(env, s, "attention k", a[1], elements, size))) return NULL;
  if (!(j.v = hl_at(env, s, "attention v", a[2], elements, size))) return NULL;
  if (!(j.out = hl_at(env, s, "attention output", a[3], elements, size))) return NULL;
  if (!(j.p = hl_at(env, s, "attention log-sum-exps", a[4], weights, size))) return NULL;
  atomic_init(&j.failed, 0);
  const int tasks = split(s, j.batch * j.heads, &j.per);
  hl_pool_run(s->pool, tasks, attention_task, &j);
  if (atomic_load(&j.failed)) napi_throw_error(env, NULL, "hedgelab native kernel: out of memory for attention");
  return NULL;
}
static napi_value attention_f32(napi_env e, napi_callback_info i) { return attention(e, i, 0); }
static napi_value attention_f64(napi_env e, napi_callback_info i) { return attention(e, i, 1); }

/* attentionBackward(q, k, v, lse, gradOut, gq, gk, gv, batch, steps, width, heads, scale, causal, accumulate);
   gq, gk, gv 0: not needed; accumulate bits 1, 2, 4: gq, gk, gv add to what is there. */
static napi_value attention_backward(napi_env env, napi_callback_info info, int f64) {
  double a[15];
  hl_state *s = hl_read_args(env, info, 15, a);
  if (!s) return NULL;
  const int size = f64 ? 8 : 4;
  const double elements = a[8] * a[9] * a[10], weights = a[8] * a[11] * a[9];
  attention_job j = {.state = s, .f64 = f64, .backward = 1, .batch = (int)a[8], .steps = (int)a[9],
                     .width = (int)a[10], .heads = (int)a[11], .scale = a[12], .causal = a[13] != 0,
                     .accumulate = (int)a[14]};
  if (j.heads < 1 || j.width % j.heads != 0) {
    napi_throw_range_error(env, NULL, "hedgelab native kernel: attention width must divide into heads");
    return NULL;
  }
  if (!(j.q = hl_at(env, s, "attention q", a[0], elements, size))) return NULL;
  if (!(j.k = hl_at(env, s, "attention k", a[1], elements, size))) return NULL;
  if (!(j.v = hl_at(env, s, "attention v", a[2], elements, size))) return NULL;
  if (!(j.p = hl_at(env, s, "attention log-sum-exps", a[3], weights, size))) return NULL;
  if (!(j.g = hl_at(env, s, "attention output gradient", a[4], elements, size))) return NULL;
  if (a[5] != 0 && !(j.gq = hl_at(env, s, "attention q gradient", a[5], elements, size))) return NULL;
  if (a[6] != 0 && !(j.gk = hl_at(env, s, "attention k gradient", a[6], elements, size))) return NULL;
  if (a[7] != 0 && !(j.gv = hl_at(env, s, "attention v gradient", a[7], elements, size))) return NULL;
  atomic_init(&j.failed, 0);
  const int tasks = split(s, j.batch * j.heads, &j.per);
  hl_pool_run(s->pool, tasks, attention_task, &j);
  if (atomic_load(&j.failed)) napi_throw_error(env, NULL, "hedgelab native kernel: out of memory for attention");
  return NULL;
}
static napi_value attention_backward_f32(napi_env e, napi_callback_info i) { return attention_backward(e, i, 0); }
static napi_value attention_backward_f64(napi_env e, napi_callback_info i) { return attention_backward(e, i, 1); }

typedef struct {
  hl_state *state;
  int f64, backward, batch, length, f, accumulate, per;
  double epsilon;
  const char *x, *mod, *g;
  char *y, *normalized, *inv, *dx, *dmod;
  atomic_int failed;
} norm_job;

static void norm_task(void *context, int task, int thread) {
  norm_job *j = context;
  const hl_kernels *k = j->state->kernels;
  const int b0 = task * j->per, b1 = HL_MIN_I(j->batch, b0 + j->per);
  if (!j->backward) {
    if (j->f64)
      k->adaptive_layer_norm_f64((const double *)j->x, (const double *)j->mod, (double *)j->y,
                                 (double *)j->normalized, (double *)j->inv, b0, b1, j->length, j->f, j->epsilon);
    else
      k->adaptive_layer_norm_f32((const float *)j->x, (const float *)j->mod, (float *)j->y, (float *)j->normalized,
                                 (float *)j->inv, b0, b1, j->length, j->f, j->epsilon);
    return;
  }
  double *sums = hl_scratch_reserve(&j->state->scratch[thread], sizeof(double) * 2 * (size_t)j->f);
  if (!sums) {
    atomic_store(&j->failed, 1);
    return;
  }
  if (j->f64)
    k->adaptive_layer_norm_backward_f64((const double *)j->g, (const double *)j->mod, (const double *)j->normalized,
                                        (const double *)j->inv, (double *)j->dx, (double *)j->dmod, b0, b1,
                                        j->length, j->f, j->accumulate, sums);
  else
    k->adaptive_layer_norm_backward_f32((const float *)j->g, (const float *)j->mod, (const float *)j->normalized,
                                        (const float *)j->inv, (float *)j->dx, (float *)j->dmod, b0, b1, j->length,
                                        j->f, j->accumulate, sums);
}

/* adaptiveLayerNorm(x, modulation, y, normalized, inv, batch, length, f, epsilon) */
static napi_value adaptive_layer_norm(napi_env env, napi_callback_info info, int f64) {
  double a[9];
  hl_state *s = hl_read_args(env, info, 9, a);
  if (!s) return NULL;
  const int size = f64 ? 8 : 4;
  const double rows = a[5] * a[6], elements = rows * a[7];
  norm_job j = {.state = s, .f64 = f64, .batch = (int)a[5], .length = (int)a[6], .f = (int)a[7], .epsilon = a[8]};
  if (!(j.x = hl_at(env, s, "adaptiveLayerNorm x", a[0], elements, size))) return NULL;
  if (!(j.mod = hl_at(env, s, "adaptiveLayerNorm modulation", a[1], a[5] * 2 * a[7], size))) return NULL;
  if (!(j.y = hl_at(env, s, "adaptiveLayerNorm y", a[2], elements, size))) return NULL;
  if (!(j.normalized = hl_at(env, s, "adaptiveLayerNorm normalized", a[3], elements, size))) return NULL;
  if (!(j.inv = hl_at(env, s, "adaptiveLayerNorm inv", a[4], rows, size))) return NULL;
  atomic_init(&j.failed, 0);
  hl_pool_run(s->pool, split(s, j.batch, &j.per), norm_task, &j);
  return NULL;
}
static napi_value adaptive_layer_norm_f32(napi_env e, napi_callback_info i) { return adaptive_layer_norm(e, i, 0); }
static napi_value adaptive_layer_norm_f64(napi_env e, napi_callback_info i) { return adaptive_layer_norm(e, i, 1); }

/* adaptiveLayerNormBackward(g, modulation, normalized, inv, dx, dmod, batch, length, f, accumulate); dx 0: none */
static napi_value adaptive_layer_norm_backward(napi_env env, napi_callback_info info, int f64) {
  double a[10];
  hl_state *s = hl_read_args(env, info, 10, a);
  if (!s) return NULL;
  const int size = f64 ? 8 : 4;
  const double rows = a[6] * a[7], elements = rows * a[8];
  norm_job j = {.state = s, .f64 = f64, .backward = 1, .batch = (int)a[6], .length = (int)a[7], .f = (int)a[8],
                .accumulate = (int)a[9]};
  if (!(j.g = hl_at(env, s, "adaptiveLayerNorm gradient", a[0], elements, size))) return NULL;
  if (!(j.mod = hl_at(env, s, "adaptiveLayerNorm modulation", a[1], a[6] * 2 * a[8], size))) return NULL;
  if (!(j.normalized = hl_at(env, s, "adaptiveLayerNorm normalized", a[2], elements, size))) return NULL;
  if (!(j.inv = hl_at(env, s, "adaptiveLayerNorm inv", a[3], rows, size))) return NULL;
  if (a[4] != 0 && !(j.dx = hl_at(env, s, "adaptiveLayerNorm x gradient", a[4], elements, size))) return NULL;
  if (!(j.dmod = hl_at(env, s, "adaptiveLayerNorm modulation gradient", a[5], a[6] * 2 * a[8], size))) return NULL;
  atomic_init(&j.failed, 0);
  hl_pool_run(s->pool, split(s, j.batch, &j.per), norm_task, &j);
  if (atomic_load(&j.failed))
    napi_throw_error(env, NULL, "hedgelab native kernel: out of memory for adaptiveLayerNorm");
  return NULL;
}
static napi_value adaptive_layer_norm_backward_f32(napi_env e, napi_callback_info i) {
  return adaptive_layer_norm_backward(e, i, 0);
}
static napi_value adaptive_layer_norm_backward_f64(napi_env e, napi_callback_info i) {
  return adaptive_layer_norm_backward(e, i, 1);
}

/* gelu(z, y, n, derivative) */
static napi_value gelu(napi_env env, napi_callback_info info, int f64) {
  double a[4];
  hl_state *s = hl_read_args(env, info, 4, a);
  if (!s) return NULL;
  const int size = f64 ? 8 : 4;
  void *z = hl_at(env, s, "gelu z", a[0], a[2], size), *y = z ? hl_at(env, s, "gelu y", a[1], a[2], size) : NULL;
  if (!y) return NULL;
  if (f64) s->kernels->gelu_f64(z, y, (long)a[2], a[3] != 0);
  else s->kernels->gelu_f32(z, y, (long)a[2], a[3] != 0);
  return NULL;
}
static napi_value gelu_f32(napi_env e, napi_callback_info i) { return gelu(e, i, 0); }
static napi_value gelu_f64(napi_env e, napi_callback_info i) { return gelu(e, i, 1); }

/* multiply(a, b, n): a ⊙= b */
static napi_value multiply(napi_env env, napi_callback_info info, int f64) {
  double a[3];
  hl_state *s = hl_read_args(env, info, 3, a);
  if (!s) return NULL;
  const int size = f64 ? 8 : 4;
  void *x = hl_at(env, s, "multiply a", a[0], a[2], size), *y = x ? hl_at(env, s, "multiply b", a[1], a[2], size) : NULL;
  if (!y) return NULL;
  if (f64) s->kernels->multiply_f64(x, y, (long)a[2]);
  else s->kernels->multiply_f32(x, y, (long)a[2]);
  return NULL;
}
static napi_value multiply_f32(napi_env e, napi_callback_info i) { return multiply(e, i, 0); }
static napi_value multiply_f64(napi_env e, napi_callback_info i) { return multiply(e, i, 1); }

void hl_define_transformer(napi_env env, napi_value exports, hl_state *s) {
  const napi_property_descriptor functions[] = {
#define FN(name, fn) {name, NULL, fn, NULL, NULL, NULL, napi_default, s}
      FN("attentionF32", attention_f32),
      FN("attentionF64", attention_f64),
      FN("attentionBackwardF32", attention_backward_f32),
      FN("attentionBackwardF64", attention_backward_f64),
      FN("adaptiveLayerNormF32", adaptive_layer_norm_f32),
      FN("adaptiveLayerNormF64", adaptive_layer_norm_f64),
      FN("adaptiveLayerNormBackwardF32", adaptive_layer_norm_backward_f32),
      FN("adaptiveLayerNormBackwardF64", adaptive_layer_norm_backward_f64),
      FN("geluF32", gelu_f32),
      FN("geluF64", gelu_f64),
      FN("multiplyF32", multiply_f32),
      FN("multiplyF64", multiply_f64),
#undef FN
  };
  napi_define_properties(env, exports, sizeof functions / sizeof functions[0], functions);
}
