#define _GNU_SOURCE
#include "thread_pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#define MAX_WORKERS 63
/* Workers poll briefly before sleeping: back-to-back products (a training loop) then skip the
 * condition-variable wake-up, which costs tens of microseconds, while an idle pool still sleeps. */
#define SPIN_ROUNDS 4000

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_cond_t done_cv = PTHREAD_COND_INITIALIZER;
static atomic_flag busy = ATOMIC_FLAG_INIT;
static int nworkers;
static atomic_ulong generation;
static atomic_int remaining;
static pool_task_fn job_fn;
static void *job_arg;
static int job_parts;

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

/* Generation current when each worker was started, so it waits for the next job, not the last one. */
static unsigned long start_generation[MAX_WORKERS + 1];

/* Every worker acknowledges every job (those without a part only count down), so no worker can still
 * be reading one job's description when the next is published. */
static void *worker_main(void *p) {
  const int id = (int)(intptr_t)p; /* part number this worker runs: 1..MAX_WORKERS */
  unsigned long seen = start_generation[id];
  for (;;) {
    unsigned long g = atomic_load_explicit(&generation, memory_order_acquire);
    for (int i = 0; g == seen && i < SPIN_ROUNDS; i++) {
      cpu_relax();
      g = atomic_load_explicit(&generation, memory_order_acquire);
    }
    if (g == seen) {
      pthread_mutex_lock(&mu);
      while ((g = atomic_load_explicit(&generation, memory_order_acquire)) == seen) pthread_cond_wait(&wake, &mu);
      pthread_mutex_unlock(&mu);
    }
    seen = g;
    if (id < job_parts) job_fn(job_arg, id, job_parts);
    if (atomic_fetch_sub_explicit(&remaining, 1, memory_order_acq_rel) == 1) {
      pthread_mutex_lock(&mu);
      pthread_cond_signal(&done_cv);
      pthread_mutex_unlock(&mu);
    }
  }
  return NULL;
}

/* Grows the pool to n workers; returns how many exist (thread creation can fail). */
static int ensure_workers(int n) {
  if (n > MAX_WORKERS) n = MAX_WORKERS;
  while (nworkers < n) {
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    start_generation[nworkers + 1] = atomic_load_explicit(&generation, memory_order_relaxed);
    int rc = pthread_create(&t, &attr, worker_main, (void *)(intptr_t)(nworkers + 1));
    pthread_attr_destroy(&attr);
    if (rc != 0) break;
    nworkers++;
  }
  return nworkers;
}

void pool_run(pool_task_fn fn, void *arg, int nparts) {
  if (nparts <= 1 || atomic_flag_test_and_set_explicit(&busy, memory_order_acquire)) {
    for (int i = 0; i < (nparts < 1 ? 1 : nparts); i++) fn(arg, i, nparts < 1 ? 1 : nparts);
    return;
  }
  int have = ensure_workers(nparts - 1);
  if (have < nparts - 1) nparts = have + 1; /* thread creation failed: split the job in fewer parts */
  job_fn = fn;
  job_arg = arg;
  job_parts = nparts;
  atomic_store_explicit(&remaining, have, memory_order_relaxed);
  pthread_mutex_lock(&mu);
  atomic_fetch_add_explicit(&generation, 1, memory_order_release);
  pthread_cond_broadcast(&wake);
  pthread_mutex_unlock(&mu);
  fn(arg, 0, nparts);
  for (int i = 0; atomic_load_explicit(&remaining, memory_order_acquire) > 0 && i < SPIN_ROUNDS; i++) cpu_relax();
  if (atomic_load_explicit(&remaining, memory_order_acquire) > 0) {
    pthread_mutex_lock(&mu);
    while (atomic_load_explicit(&remaining, memory_order_acquire) > 0) pthread_cond_wait(&done_cv, &mu);
    pthread_mutex_unlock(&mu);
  }
  atomic_flag_clear_explicit(&busy, memory_order_release);
}
