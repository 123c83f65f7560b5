/*
 * A fixed pool of worker threads. hl_pool_run hands out `count` tasks: the calling thread and the
 * workers take task numbers from a shared counter until none are left, and the call returns when
 * every task has finished. Which thread runs a task does not change its result (each task writes
 * its own part of the output), so results do not depend on scheduling. Workers sleep on a condition
 * variable between runs.
 */
#include <pthread.h>
#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
/*
 * Flush-to-zero and denormals-are-zero (MXCSR bits 15 and 6) while a kernel runs: a product or sum
 * that falls below 1.2e-38 in float32 becomes 0 instead of a denormal, which x86 cores compute
 * through microcode assists about a hundred times slower. A SigFormer trained one step far from its
 * start (the paper's whole-set batches) took 1.6 min per epoch instead of 19 s. Set for good on the
 * pool's own threads; saved and restored around each run on the caller's thread, whose other
 * floating point (JavaScript's) keeps IEEE denormals.
 */
#define HL_FLUSH_DENORMALS 0x8040u
static inline unsigned hl_flush_begin(void) {
  const unsigned saved = _mm_getcsr();
  _mm_setcsr(saved | HL_FLUSH_DENORMALS);
  return saved;
}
static inline void hl_flush_end(unsigned saved) { _mm_setcsr(saved); }
#else
static inline unsigned hl_flush_begin(void) { return 0; }
static inline void hl_flush_end(unsigned saved) { (void)saved; }
#endif
#include <stdatomic.h>
#include <stdlib.h>

#include "hedgelab.h"

struct hl_pool {
  int threads;
  pthread_t *workers;
  pthread_mutex_t lock;
  pthread_cond_t wake, done;
  unsigned long generation;
  int stopping;
  int busy; /* workers still inside the current run */
  /* The current run. */
  hl_task task;
  void *context;
  int count;
  atomic_int next;
};

typedef struct {
  hl_pool *pool;
  int id;
} worker_start;

static void take_tasks(hl_pool *p, int thread) {
  for (;;) {
    const int t = atomic_fetch_add(&p->next, 1);
    if (t >= p->count) return;
    p->task(p->context, t, thread);
  }
}

static void *worker_main(void *arg) {
  (void)hl_flush_begin();
  worker_start start = *(worker_start *)arg;
  free(arg);
  hl_pool *p = start.pool;
  unsigned long seen = 0;
  pthread_mutex_lock(&p->lock);
  for (;;) {
    while (p->generation == seen && !p->stopping) pthread_cond_wait(&p->wake, &p->lock);
    if (p->stopping) break;
    seen = p->generation;
    pthread_mutex_unlock(&p->lock);
    take_tasks(p, start.id);
    pthread_mutex_lock(&p->lock);
    if (--p->busy == 0) pthread_cond_signal(&p->done);
  }
  pthread_mutex_unlock(&p->lock);
  return NULL;
}

/** A pool of `threads` threads in all (the caller counts as one): threads − 1 workers. */
hl_pool *hl_pool_create(int threads) {
  hl_pool *p = calloc(1, sizeof(hl_pool));
  if (!p) return NULL;
  p->threads = 1;
  pthread_mutex_init(&p->lock, NULL);
  pthread_cond_init(&p->wake, NULL);
  pthread_cond_init(&p->done, NULL);
  if (threads > 1) p->workers = calloc((size_t)threads - 1, sizeof(pthread_t));
  for (int i = 1; i < threads && p->workers; i++) {
    worker_start *start = malloc(sizeof(worker_start));
    if (!start) break;
    start->pool = p;
    start->id = i;
    if (pthread_create(&p->workers[i - 1], NULL, worker_main, start) != 0) {
      free(start);
      break;
    }
    p->threads = i + 1;
  }
  return p;
}

/** Threads that run tasks, the caller included. */
int hl_pool_threads(const hl_pool *pool) { return pool->threads; }

/** Runs task(context, t, thread) for t = 0..count−1 on the caller and the workers; returns when all are done. */
void hl_pool_run(hl_pool *p, int count, hl_task task, void *context) {
  const unsigned saved = hl_flush_begin();
  if (p->threads == 1 || count <= 1) {
    for (int t = 0; t < count; t++) task(context, t, 0);
    hl_flush_end(saved);
    return;
  }
  pthread_mutex_lock(&p->lock);
  p->task = task;
  p->context = context;
  p->count = count;
  atomic_store(&p->next, 0);
  p->busy = p->threads - 1;
  p->generation++;
  pthread_cond_broadcast(&p->wake);
  pthread_mutex_unlock(&p->lock);
  take_tasks(p, 0);
  pthread_mutex_lock(&p->lock);
  while (p->busy > 0) pthread_cond_wait(&p->done, &p->lock);
  pthread_mutex_unlock(&p->lock);
  hl_flush_end(saved);
}

/** Stops and joins the workers and frees the pool. */
void hl_pool_destroy(hl_pool *p) {
  if (!p) return;
  pthread_mutex_lock(&p->lock);
  p->stopping = 1;
  pthread_cond_broadcast(&p->wake);
  pthread_mutex_unlock(&p->lock);
  for (int i = 0; i < p->threads - 1; i++) pthread_join(p->workers[i], NULL);
  pthread_mutex_destroy(&p->lock);
  pthread_cond_destroy(&p->wake);
  pthread_cond_destroy(&p->done);
  free(p->workers);
  free(p);
}
