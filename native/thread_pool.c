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

/* The entry word: job generation in the high 32 bits, a "closed" bit, and the number of workers
 * inside the job. A worker enters with a compare-and-swap that checks the generation and the closed
 * bit; the caller closes the job when its own part returns and waits for the count to reach zero, so
 * the job's description (on the caller's stack) outlives every participant. */
#define CLOSED (UINT64_C(1) << 31)
#define COUNT_MASK (CLOSED - 1)
static _Atomic uint64_t entry;
static atomic_int allowed; /* workers 1..allowed may join the current job */
static pool_job_fn job_fn;
static void *job_arg;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_cond_t left_cv = PTHREAD_COND_INITIALIZER;
static int caller_sleeping;
static atomic_flag busy = ATOMIC_FLAG_INIT;
static int nworkers;
static uint32_t generation;

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

static inline uint32_t gen_of(uint64_t v) { return (uint32_t)(v >> 32); }

static int try_enter(uint32_t gen) {
  uint64_t v = atomic_load_explicit(&entry, memory_order_acquire);
  for (;;) {
    if (gen_of(v) != gen || (v & CLOSED)) return 0;
    if (atomic_compare_exchange_weak_explicit(&entry, &v, v + 1, memory_order_acq_rel, memory_order_acquire)) return 1;
  }
}

static void leave(void) {
  const uint64_t before = atomic_fetch_sub_explicit(&entry, 1, memory_order_acq_rel);
  if ((before & CLOSED) && (before & COUNT_MASK) == 1) {
    pthread_mutex_lock(&mu);
    if (caller_sleeping) pthread_cond_signal(&left_cv);
    pthread_mutex_unlock(&mu);
  }
}

static void *worker_main(void *p) {
  const int id = (int)(intptr_t)p; /* 1..MAX_WORKERS */
  uint32_t seen = gen_of(atomic_load_explicit(&entry, memory_order_acquire));
  for (;;) {
    uint32_t g = gen_of(atomic_load_explicit(&entry, memory_order_acquire));
    for (int i = 0; g == seen && i < SPIN_ROUNDS; i++) {
      cpu_relax();
      g = gen_of(atomic_load_explicit(&entry, memory_order_acquire));
    }
    if (g == seen) {
      pthread_mutex_lock(&mu);
      while ((g = gen_of(atomic_load_explicit(&entry, memory_order_acquire))) == seen) pthread_cond_wait(&wake, &mu);
      pthread_mutex_unlock(&mu);
    }
    seen = g;
    if (id > atomic_load_explicit(&allowed, memory_order_acquire) || !try_enter(g)) continue;
    job_fn(job_arg);
    leave();
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
    if (rc != 0) break; /* fewer helpers: the job still completes on the caller */
    nworkers++;
  }
}

void pool_run(pool_job_fn fn, void *arg, int threads) {
  if (threads <= 1 || atomic_flag_test_and_set_explicit(&busy, memory_order_acquire)) {
    fn(arg);
    return;
  }
  ensure_workers(threads - 1);
  job_fn = fn;
  job_arg = arg;
  atomic_store_explicit(&allowed, threads - 1, memory_order_relaxed);
  const uint32_t gen = ++generation;
  pthread_mutex_lock(&mu);
  atomic_store_explicit(&entry, (uint64_t)gen << 32, memory_order_release);
  pthread_cond_broadcast(&wake);
  pthread_mutex_unlock(&mu);
  fn(arg);
  /* No work is left to claim: shut the door, then wait for the workers still inside. */
  atomic_fetch_or_explicit(&entry, CLOSED, memory_order_acq_rel);
  for (int i = 0; (atomic_load_explicit(&entry, memory_order_acquire) & COUNT_MASK) && i < SPIN_ROUNDS * 4; i++) cpu_relax();
  if (atomic_load_explicit(&entry, memory_order_acquire) & COUNT_MASK) {
    pthread_mutex_lock(&mu);
    caller_sleeping = 1;
    while (atomic_load_explicit(&entry, memory_order_acquire) & COUNT_MASK) pthread_cond_wait(&left_cv, &mu);
    caller_sleeping = 0;
    pthread_mutex_unlock(&mu);
  }
  atomic_flag_clear_explicit(&busy, memory_order_release);
}
