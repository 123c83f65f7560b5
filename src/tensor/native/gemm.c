/*
 * The threaded matrix product: C is split into column blocks (or row blocks) of whole register
 * tiles, one task per block, and each task runs the sequential product of its block with its own
 * packing buffers. The split never cuts the sum over k, so every element of C is computed by one
 * thread in the same order whatever the thread count: results are bit-identical for 1, 2, … threads.
 */
#include <stdlib.h>
#include <string.h>

#include "native.h"

void *hl_scratch_reserve(hl_scratch *s, size_t bytes) {
  if (s->bytes >= bytes) return s->pack;
  const size_t rounded = (bytes + 4095) & ~(size_t)4095;
  void *p = aligned_alloc(64, rounded);
  if (!p) return NULL;
  free(s->pack);
  s->pack = p;
  s->bytes = rounded;
  return p;
}

typedef struct {
  hl_state *state;
  const hl_gemm_args *args;
  int f64;
  int split_n; /* 1: blocks of columns; 0: blocks of rows */
  int step;    /* block size in rows or columns */
  atomic_int failed;
} gemm_job;

static void gemm_task(void *context, int task, int thread) {
  gemm_job *job = context;
  const hl_gemm_args *g = job->args;
  const hl_kernels *k = job->state->kernels;
  int m0 = 0, m1 = g->m, n0 = 0, n1 = g->n;
  if (job->split_n) {
    n0 = task * job->step;
    n1 = HL_MIN_I(g->n, n0 + job->step);
  } else {
    m0 = task * job->step;
    m1 = HL_MIN_I(g->m, m0 + job->step);
  }
  hl_scratch *scratch = &job->state->scratch[thread];
  const int rc = job->f64 ? k->gemm_block_f64(g, m0, m1, n0, n1, scratch)
                          : k->gemm_block_f32(g, m0, m1, n0, n1, scratch);
  if (rc) atomic_store(&job->failed, 1);
}

/** Products below this many multiply-adds run on the calling thread alone. */
#define HL_PARALLEL_MIN (1L << 22)

int hl_gemm(hl_state *state, int f64, const hl_gemm_args *g) {
  const hl_gemm_blocking *b = f64 ? state->kernels->blocking_f64 : state->kernels->blocking_f32;
  const int threads = hl_pool_threads(state->pool);
  gemm_job job = {.state = state, .args = g, .f64 = f64};
  atomic_init(&job.failed, 0);
  const long work = (long)g->m * g->n * (long)(g->k > 0 ? g->k : 1);
  int tasks = 1;
  job.split_n = 1;
  job.step = g->n;
  if (threads > 1 && work >= HL_PARALLEL_MIN) {
    /* Split the dimension whose split copies the smaller operand once per task. */
    const int tiles_n = (g->n + b->nr - 1) / b->nr, tiles_m = (g->m + b->mr - 1) / b->mr;
    job.split_n = g->m <= g->n ? tiles_n >= 2 : tiles_m < 2;
    const int tiles = job.split_n ? tiles_n : tiles_m;
    const int unit = job.split_n ? b->nr : b->mr;
    const int per = (tiles + threads - 1) / threads;
    job.step = per * unit;
    tasks = (tiles + per - 1) / per;
    if (!job.split_n && tasks == 1) job.step = g->m;
  }
  if (tasks == 1) {
    gemm_task(&job, 0, 0);
  } else {
    hl_pool_run(state->pool, tasks, gemm_task, &job);
  }
  return atomic_load(&job.failed) ? -1 : 0;
}
