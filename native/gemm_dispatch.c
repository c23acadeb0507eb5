/* Chooses the instruction-set variant, splits a product across the thread pool and hands each thread
 * its own packing buffers. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "cpu_features.h"
#include "gemm.h"
#include "thread_pool.h"

/* ------------------------------------------------------------------ variants */

const gemm_isa *gemm_isa_by_name(const char *name) {
  if (strcmp(name, "generic") == 0) return &gemm_isa_generic;
#if defined(TORCHLET_X86)
  if (strcmp(name, "avx2") == 0 && cpu_has_avx2()) return &gemm_isa_avx2;
  if (strcmp(name, "avx512") == 0 && cpu_has_avx512()) return &gemm_isa_avx512;
  if (strcmp(name, "wide-avx2") == 0 && cpu_has_avx2()) return &gemm_isa_wide_avx2;
#endif
  return NULL;
}

const gemm_isa *gemm_isa_best(void) {
#if defined(TORCHLET_X86)
  if (cpu_has_avx512()) return &gemm_isa_avx512;
  if (cpu_has_avx2()) return &gemm_isa_avx2;
#endif
  return &gemm_isa_generic;
}

int gemm_isa_supported(const char *names[3], int for_tests) {
  int n = 0;
  if (for_tests) {
#if defined(TORCHLET_X86)
    if (cpu_has_avx2()) names[n++] = "wide-avx2";
#endif
    return n;
  }
  names[n++] = "generic";
#if defined(TORCHLET_X86)
  if (cpu_has_avx2()) names[n++] = "avx2";
  if (cpu_has_avx512()) names[n++] = "avx512";
#endif
  return n;
}

/* ------------------------------------------------------------------ scratch buffers */

/* Per-thread packing buffers, grown on demand and kept for the thread's life (freed at its exit). */
typedef struct {
  void *mem;
  size_t size;
} scratch;

static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;

static void scratch_free(void *p) {
  scratch *s = (scratch *)p;
  free(s->mem);
  free(s);
}

static void scratch_init(void) { pthread_key_create(&scratch_key, scratch_free); }

static void *scratch_get(size_t bytes) {
  pthread_once(&scratch_once, scratch_init);
  scratch *s = (scratch *)pthread_getspecific(scratch_key);
  if (!s) {
    s = (scratch *)calloc(1, sizeof *s);
    if (!s) return NULL;
    pthread_setspecific(scratch_key, s);
  }
  if (s->size < bytes) {
    free(s->mem);
    s->size = 0;
    s->mem = aligned_alloc(64, (bytes + 63) & ~(size_t)63);
    if (!s->mem) return NULL;
    s->size = bytes;
  }
  return s->mem;
}

/* ------------------------------------------------------------------ splitting */

static int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

/* Waiting for another participant: spin briefly, then yield the CPU, since on a machine busy with
 * other programs the thread being waited for may be the one that needs it. */
static inline void wait_a_little(int *spins) {
  if (++*spins < 2000) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
  } else {
    sched_yield();
  }
}

/* Packing scratch sizes (bytes) for kernel k on problem p: an MC x KC block of A, a KC x NC block of B. */
static size_t a_scratch_bytes(const gemm_problem *p, const gemm_kernel *k, size_t elem) {
  return ((size_t)k->mc * (size_t)min64(p->K, k->kc) * elem + 63) & ~(size_t)63;
}
static size_t b_scratch_bytes(const gemm_problem *p, const gemm_kernel *k, size_t elem) {
  return (size_t)min64(p->K, k->kc) * (size_t)(ceil_div(min64(p->N, k->nc), k->nr) * k->nr) * elem;
}

/* Claims the next index below `total` from a counter; -1 when all are taken. */
static int64_t claim_next(_Atomic int64_t *next, int64_t total) {
  int64_t i = atomic_fetch_add_explicit(next, 1, memory_order_acq_rel);
  return i < total ? i : -1;
}

/* ---- whole products per participant (batch at least twice the threads) */

typedef struct {
  const gemm_problem *p;
  const gemm_kernel *k;
  size_t elem;
  int64_t chunks;
  _Atomic int64_t next;
  atomic_int failed;
} batch_job;

static void batch_participant(void *arg) {
  batch_job *j = (batch_job *)arg;
  const gemm_problem *p = j->p;
  const size_t a_bytes = a_scratch_bytes(p, j->k, j->elem);
  char *ws = NULL;
  for (int64_t c; (c = claim_next(&j->next, j->chunks)) >= 0;) {
    if (!ws && !(ws = (char *)scratch_get(a_bytes + b_scratch_bytes(p, j->k, j->elem)))) {
      atomic_store(&j->failed, 1);
      continue; /* keep claiming so the job drains; the caller reports the failure */
    }
    const int64_t b0 = p->batch * c / j->chunks, b1 = p->batch * (c + 1) / j->chunks;
    for (int64_t bi = b0; bi < b1; bi++) j->k->block(p, bi, 0, p->M, 0, p->N, ws, ws + a_bytes);
  }
}

/* ---- one product shared by all participants (BLIS-style) */

/* Phases walk (batch item, NC block, KC block). In each phase the participants first pack the
 * phase's KC x NC block of B into one shared buffer (pieces of a few NR panels), then compute
 * (MC-row block x column group) pieces, each packing its own A block. Every counter is tagged with
 * its phase in the high bits, so a participant that is late for a phase can never claim its work. */
#define TAG_SHIFT 40
#define IDX_MASK ((INT64_C(1) << TAG_SHIFT) - 1)

typedef struct {
  const gemm_problem *p;
  const gemm_kernel *k;
  size_t elem;
  void *packed_b;
  int64_t njc, npc, nphases;
  int64_t pack_pieces_max, pack_cols;  /* columns per packing piece (a multiple of NR) */
  int64_t mc, nic, col_group;          /* rows per A block (<= MC), A blocks, columns per group */
  _Atomic int64_t phase;
  _Atomic int64_t pack_next, pack_done, comp_next, comp_done; /* tag (phase) << TAG_SHIFT | count */
  atomic_int failed;
} shared_job;

typedef struct {
  int64_t bi, jc, nc, pc, kc;
} phase_geom;

static phase_geom geom_of(const shared_job *j, int64_t ph) {
  const gemm_problem *p = j->p;
  phase_geom g;
  g.bi = ph / (j->njc * j->npc);
  const int64_t r = ph % (j->njc * j->npc);
  g.jc = (r / j->npc) * j->k->nc;
  g.pc = (r % j->npc) * j->k->kc;
  g.nc = min64(j->k->nc, p->N - g.jc);
  g.kc = min64(j->k->kc, p->K - g.pc);
  return g;
}

/* Claims index < total from a tagged counter of phase ph; -1 when none (or the phase has moved on). */
static int64_t claim_tagged(_Atomic int64_t *w, int64_t ph, int64_t total) {
  int64_t v = atomic_load_explicit(w, memory_order_acquire);
  for (;;) {
    if ((v >> TAG_SHIFT) != ph || (v & IDX_MASK) >= total) return -1;
    if (atomic_compare_exchange_weak_explicit(w, &v, v + 1, memory_order_acq_rel, memory_order_acquire)) return v & IDX_MASK;
  }
}

static void shared_participant(void *arg) {
  shared_job *j = (shared_job *)arg;
  const gemm_problem *p = j->p;
  const gemm_kernel *k = j->k;
  void *pa = NULL;
  int spins = 0;
  for (;;) {
    const int64_t ph = atomic_load_explicit(&j->phase, memory_order_acquire);
    if (ph >= j->nphases) return;
    const phase_geom g = geom_of(j, ph);
    const int64_t pack_pieces = ceil_div(g.nc, j->pack_cols);
    int64_t piece = claim_tagged(&j->pack_next, ph, pack_pieces);
    if (piece >= 0) {
      const int64_t c0 = piece * j->pack_cols;
      spins = 0;
      k->pack_b(p, g.bi, g.pc, g.kc, g.jc, c0, min64(g.nc, c0 + j->pack_cols), j->packed_b);
      atomic_fetch_add_explicit(&j->pack_done, 1, memory_order_acq_rel);
      continue;
    }
    const int64_t done = atomic_load_explicit(&j->pack_done, memory_order_acquire);
    if ((done >> TAG_SHIFT) != ph || (done & IDX_MASK) < pack_pieces) {
      wait_a_little(&spins); /* B is still being packed by someone else (or the phase just changed) */
      continue;
    }
    const int64_t ncg = ceil_div(g.nc, j->col_group);
    piece = claim_tagged(&j->comp_next, ph, j->nic * ncg);
    if (piece >= 0) {
      spins = 0;
      if (!pa && !(pa = scratch_get(a_scratch_bytes(p, k, j->elem)))) atomic_store(&j->failed, 1);
      if (pa) {
        const int64_t ic = (piece / ncg) * j->mc, c0 = (piece % ncg) * j->col_group;
        k->compute(p, g.bi, g.pc, g.kc, g.jc, ic, min64(j->mc, p->M - ic), c0, min64(g.nc, c0 + j->col_group),
                   j->packed_b, pa);
      }
      const int64_t total = j->nic * ncg;
      if ((atomic_fetch_add_explicit(&j->comp_done, 1, memory_order_acq_rel) & IDX_MASK) + 1 == total) {
        /* Last piece of the phase: open the next one (its counters first, then the phase number). */
        const int64_t next = (ph + 1) << TAG_SHIFT;
        atomic_store_explicit(&j->pack_next, next, memory_order_relaxed);
        atomic_store_explicit(&j->pack_done, next, memory_order_relaxed);
        atomic_store_explicit(&j->comp_next, next, memory_order_relaxed);
        atomic_store_explicit(&j->comp_done, next, memory_order_relaxed);
        atomic_store_explicit(&j->phase, ph + 1, memory_order_release);
      }
      continue;
    }
    wait_a_little(&spins); /* all of this phase is claimed: wait for the next one */
  }
}

int gemm_run(const gemm_isa *isa, int is_f64, const gemm_problem *p, int nthreads) {
  const size_t elem = is_f64 ? sizeof(double) : sizeof(float);
  if (p->batch <= 0 || p->M <= 0 || p->N <= 0) return 0;
  if (p->K <= 0) {
    memset(p->c, 0, (size_t)(p->batch * p->M * p->N) * elem);
    return 0;
  }
  const gemm_kernel *k = is_f64 ? &isa->f64 : &isa->f32;
  const int threads = nthreads < 1 ? 1 : nthreads;
  const size_t a_bytes = a_scratch_bytes(p, k, elem), b_bytes = b_scratch_bytes(p, k, elem);
  if (threads == 1) {
    char *ws = (char *)scratch_get(a_bytes + b_bytes);
    if (!ws) return -1;
    for (int64_t bi = 0; bi < p->batch; bi++) k->block(p, bi, 0, p->M, 0, p->N, ws, ws + a_bytes);
    return 0;
  }
  if (p->batch >= 2 * (int64_t)threads) {
    batch_job j = {p, k, elem, min64(p->batch, 4 * (int64_t)threads), 0, 0};
    pool_run(batch_participant, &j, threads);
    return atomic_load(&j.failed) ? -1 : 0;
  }
  /* The shared B block lives in the caller's scratch after the caller's own A block (participants
   * take their A block from the start of their thread's scratch). */
  char *ws = (char *)scratch_get(a_bytes + b_bytes);
  if (!ws) return -1;
  void *packed_b = ws + a_bytes;
  shared_job j;
  memset(&j, 0, sizeof j);
  j.p = p;
  j.k = k;
  j.elem = elem;
  j.packed_b = packed_b;
  j.njc = ceil_div(p->N, k->nc);
  j.npc = ceil_div(p->K, k->kc);
  j.nphases = p->batch * j.njc * j.npc;
  /* A blocks of equal height (a multiple of MR, at most MC), so pieces cost alike. */
  j.nic = ceil_div(p->M, k->mc);
  j.mc = ceil_div(ceil_div(p->M, j.nic), k->mr) * k->mr;
  j.nic = ceil_div(p->M, j.mc);
  const int64_t ncols = min64(p->N, k->nc), panels = ceil_div(ncols, k->nr);
  /* About two packing pieces per thread. Compute pieces: at least four per thread, and a multiple of
   * the thread count where a few more column groups make it one, so no thread idles through a last
   * odd piece; when there are few A blocks, the columns are split into groups too. */
  j.pack_cols = ceil_div(panels, 2 * (int64_t)threads) * k->nr;
  int64_t groups = min64(panels, ceil_div(4 * (int64_t)threads, j.nic));
  for (int64_t g = groups; g <= min64(panels, 2 * groups); g++) {
    const int64_t even = ceil_div(panels, ceil_div(panels, g)); /* groups actually formed */
    if ((j.nic * even) % threads == 0) {
      groups = g;
      break;
    }
  }
  j.col_group = ceil_div(panels, groups) * k->nr;
  pool_run(shared_participant, &j, threads);
  return atomic_load(&j.failed) ? -1 : 0;
}
