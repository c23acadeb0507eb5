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

/* The job's claim word: generation in the high 32 bits, chunks not yet claimed in the low 32. A
 * worker claims chunk (n - 1) by moving n to n - 1 with a compare-and-swap that also checks the
 * generation, so it can never take a chunk of a job that has ended; and a job cannot end while a
 * claimed chunk is unfinished, so the job's description stays valid for whoever holds a chunk. */
static _Atomic uint64_t claim;
static atomic_int finished;   /* chunks of the current job completed */
static atomic_int wanted;     /* workers allowed to join the current job */
static pool_task_fn job_fn;
static void *job_arg;
static int job_chunks;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_cond_t done_cv = PTHREAD_COND_INITIALIZER;
static atomic_flag busy = ATOMIC_FLAG_INIT;
static int nworkers;
static uint32_t generation;
static int sleepers_wait_done; /* the caller sleeps on done_cv */

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

/* Claims one chunk of generation gen; returns its index, or -1 when none is left (or the job is over). */
static int claim_chunk(uint32_t gen) {
  uint64_t v = atomic_load_explicit(&claim, memory_order_acquire);
  for (;;) {
    if ((uint32_t)(v >> 32) != gen || (uint32_t)v == 0) return -1;
    if (atomic_compare_exchange_weak_explicit(&claim, &v, v - 1, memory_order_acq_rel, memory_order_acquire))
      return (int)((uint32_t)v - 1);
  }
}

static void finish_chunk(void) {
  const int total = job_chunks; /* read before the count: once it is complete a new job may start */
  if (atomic_fetch_add_explicit(&finished, 1, memory_order_acq_rel) + 1 == total) {
    pthread_mutex_lock(&mu);
    if (sleepers_wait_done) pthread_cond_signal(&done_cv);
    pthread_mutex_unlock(&mu);
  }
}

static void *worker_main(void *p) {
  const int id = (int)(intptr_t)p; /* 1..MAX_WORKERS */
  uint32_t seen = (uint32_t)(atomic_load_explicit(&claim, memory_order_acquire) >> 32);
  for (;;) {
    uint32_t g = (uint32_t)(atomic_load_explicit(&claim, memory_order_acquire) >> 32);
    for (int i = 0; g == seen && i < SPIN_ROUNDS; i++) {
      cpu_relax();
      g = (uint32_t)(atomic_load_explicit(&claim, memory_order_acquire) >> 32);
    }
    if (g == seen) {
      pthread_mutex_lock(&mu);
      while ((g = (uint32_t)(atomic_load_explicit(&claim, memory_order_acquire) >> 32)) == seen) pthread_cond_wait(&wake, &mu);
      pthread_mutex_unlock(&mu);
    }
    seen = g;
    if (id > atomic_load_explicit(&wanted, memory_order_acquire)) continue;
    for (int c; (c = claim_chunk(g)) >= 0;) {
      job_fn(job_arg, c, job_chunks);
      finish_chunk();
    }
  }
  return NULL;
}

static void ensure_workers(int n) {
  if (n > MAX_WORKERS) n = MAX_WORKERS;
  while (nworkers < n) {
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int rc = pthread_create(&t, &attr, worker_main, (void *)(intptr_t)(nworkers + 1));
    pthread_attr_destroy(&attr);
    if (rc != 0) break; /* the caller does the chunks no worker takes */
    nworkers++;
  }
}

void pool_run(pool_task_fn fn, void *arg, int nchunks, int threads) {
  if (nchunks <= 0) return;
  if (threads <= 1 || nchunks == 1 || atomic_flag_test_and_set_explicit(&busy, memory_order_acquire)) {
    for (int i = 0; i < nchunks; i++) fn(arg, i, nchunks);
    return;
  }
  ensure_workers(threads - 1);
  job_fn = fn;
  job_arg = arg;
  job_chunks = nchunks;
  atomic_store_explicit(&finished, 0, memory_order_relaxed);
  atomic_store_explicit(&wanted, threads - 1, memory_order_relaxed);
  const uint32_t gen = ++generation;
  pthread_mutex_lock(&mu);
  atomic_store_explicit(&claim, ((uint64_t)gen << 32) | (uint32_t)nchunks, memory_order_release);
  pthread_cond_broadcast(&wake);
  pthread_mutex_unlock(&mu);
  for (int c; (c = claim_chunk(gen)) >= 0;) {
    fn(arg, c, nchunks);
    atomic_fetch_add_explicit(&finished, 1, memory_order_acq_rel);
  }
  /* Everything is claimed; wait only for chunks other threads are still running. */
  for (int i = 0; atomic_load_explicit(&finished, memory_order_acquire) < nchunks && i < SPIN_ROUNDS * 4; i++) cpu_relax();
  if (atomic_load_explicit(&finished, memory_order_acquire) < nchunks) {
    pthread_mutex_lock(&mu);
    sleepers_wait_done = 1;
    while (atomic_load_explicit(&finished, memory_order_acquire) < nchunks) pthread_cond_wait(&done_cv, &mu);
    sleepers_wait_done = 0;
    pthread_mutex_unlock(&mu);
  }
  atomic_flag_clear_explicit(&busy, memory_order_release);
}
