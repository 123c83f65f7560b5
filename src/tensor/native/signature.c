/*
 * Signatures over the thread pool: paths are independent, so the batch is split into contiguous
 * blocks of paths, one task per block; each path is computed by one thread in the same order
 * whatever the thread count.
 */
#include "native.h"

typedef struct {
  hl_state *state;
  int f64, backward, form, batch, steps, d, m, per;
  const void *dx, *out, *grad_out;
  void *target; /* out (forward) or grad_dx (backward) */
  atomic_int failed;
} signature_job;

static void signature_task(void *context, int task, int thread) {
  (void)thread;
  signature_job *j = context;
  const hl_kernels *k = j->state->kernels;
  const int b0 = task * j->per, b1 = HL_MIN_I(j->batch, b0 + j->per);
  int rc;
  if (!j->backward) {
    rc = j->f64 ? k->signature_f64(j->form, j->dx, b0, b1, j->steps, j->d, j->m, j->target)
                : k->signature_f32(j->form, j->dx, b0, b1, j->steps, j->d, j->m, j->target);
  } else {
    rc = j->f64 ? k->signature_backward_f64(j->form, j->dx, b0, b1, j->steps, j->d, j->m, j->out,
                                            j->grad_out, j->target)
                : k->signature_backward_f32(j->form, j->dx, b0, b1, j->steps, j->d, j->m, j->out,
                                            j->grad_out, j->target);
  }
  if (rc) atomic_store(&j->failed, 1);
}

int hl_signature(hl_state *state, int f64, int backward, int form, const void *dx, int batch, int steps,
                 int d, int m, const void *out, const void *grad_out, void *grad_dx) {
  signature_job j = {.state = state, .f64 = f64, .backward = backward, .form = form, .batch = batch,
                     .steps = steps, .d = d, .m = m, .dx = dx, .out = out, .grad_out = grad_out,
                     .target = backward ? grad_dx : (void *)out};
  atomic_init(&j.failed, 0);
  const int threads = hl_pool_threads(state->pool);
  /* Small batches stay on one thread: a task should carry at least ~10^5 path-steps. */
  const long work = (long)batch * steps;
  int tasks = threads;
  if (work < 100000L * threads) tasks = (int)(work / 100000L);
  if (tasks < 1) tasks = 1;
  if (tasks > batch) tasks = batch > 0 ? batch : 1;
  j.per = (batch + tasks - 1) / tasks;
  if (j.per < 1) j.per = 1;
  tasks = batch > 0 ? (batch + j.per - 1) / j.per : 1;
  hl_pool_run(state->pool, tasks, signature_task, &j);
  return atomic_load(&j.failed) ? -1 : 0;
}
