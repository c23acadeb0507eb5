/* Chooses the instruction-set variant, splits a product across the thread pool and hands each thread
 * its own packing buffers. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "gemm.h"
#include "thread_pool.h"

/* ------------------------------------------------------------------ variants */

static int cpu_has_avx2(void) {
#if defined(TORCHLET_X86)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return 0;
#endif
}

static int cpu_has_avx512(void) {
#if defined(TORCHLET_X86)
  /* The compiler's runtime also checks that the OS saves the zmm state (XGETBV). */
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && cpu_has_avx2();
#else
  return 0;
#endif
}

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

const char *const *gemm_isa_supported(int *count) {
  static const char *names[4];
  int n = 0;
  names[n++] = "generic";
#if defined(TORCHLET_X86)
  if (cpu_has_avx2()) names[n++] = "avx2";
  if (cpu_has_avx512()) names[n++] = "avx512";
  if (cpu_has_avx2()) names[n++] = "wide-avx2";
#endif
  *count = n;
  return names;
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

typedef struct {
  const gemm_problem *p;
  const gemm_kernel *k;
  size_t elem;
  int by_batch; /* each part takes whole products; otherwise each part takes a slice of every product */
  int by_rows;  /* slices are row ranges (else column ranges) */
  int failed;
} job;

static int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

/* Runs chunk `part` of `nparts`: a range of whole products, or the same slice of every product. */
static void run_part(void *arg, int part, int nparts) {
  job *j = (job *)arg;
  const gemm_problem *p = j->p;
  const gemm_kernel *k = j->k;
  const int64_t kc = p->K < k->kc ? p->K : k->kc;
  const int64_t nc = p->N < k->nc ? p->N : k->nc;
  const size_t a_bytes = ((size_t)k->mc * kc * j->elem + 63) & ~(size_t)63;
  const size_t b_bytes = (size_t)kc * (size_t)ceil_div(nc, k->nr) * k->nr * j->elem;
  char *ws = (char *)scratch_get(a_bytes + b_bytes);
  if (!ws) {
    j->failed = 1;
    return;
  }
  if (j->by_batch) {
    const int64_t b0 = p->batch * part / nparts, b1 = p->batch * (part + 1) / nparts;
    for (int64_t bi = b0; bi < b1; bi++) k->block(p, bi, 0, p->M, 0, p->N, ws, ws + a_bytes);
    return;
  }
  /* Slice boundaries fall on whole register tiles so no tile is shared. */
  const int64_t unit = j->by_rows ? k->mr : k->nr, extent = j->by_rows ? p->M : p->N;
  const int64_t tiles = ceil_div(extent, unit);
  int64_t s0 = tiles * part / nparts * unit, s1 = tiles * (part + 1) / nparts * unit;
  if (s1 > extent) s1 = extent;
  if (s0 >= s1) return;
  for (int64_t bi = 0; bi < p->batch; bi++) {
    if (j->by_rows) k->block(p, bi, s0, s1, 0, p->N, ws, ws + a_bytes);
    else k->block(p, bi, 0, p->M, s0, s1, ws, ws + a_bytes);
  }
}

int gemm_run(const gemm_isa *isa, int is_f64, const gemm_problem *p, int nthreads) {
  const size_t elem = is_f64 ? sizeof(double) : sizeof(float);
  if (p->batch <= 0 || p->M <= 0 || p->N <= 0) return 0;
  if (p->K <= 0) {
    memset(p->c, 0, (size_t)(p->batch * p->M * p->N) * elem);
    return 0;
  }
  job j = {p, is_f64 ? &isa->f64 : &isa->f32, elem, 0, 0, 0};
  const int64_t mt = ceil_div(p->M, j.k->mr), nt = ceil_div(p->N, j.k->nr);
  const int threads = nthreads < 1 ? 1 : nthreads;
  /* Each chunk of a row split packs all of B, each chunk of a column split all of A, so chunks are
   * few: one per thread for mid sizes, three per thread for large products, where the spare chunks
   * even out threads that the OS runs late or slowly. */
  const double macs = (double)p->batch * (double)p->M * (double)p->N * (double)p->K;
  int64_t chunks = threads == 1 ? 1 : macs < 6.7e7 ? threads : 3 * (int64_t)threads;
  if (p->batch >= chunks) {
    j.by_batch = 1;
  } else if (p->batch >= threads && p->batch % threads == 0) {
    j.by_batch = 1;
    chunks = threads;
  } else {
    /* Split the longer side (counted in register tiles): the copy each chunk repacks is the smaller. */
    j.by_rows = mt >= nt;
    const int64_t tiles = j.by_rows ? mt : nt;
    if (tiles < chunks) chunks = tiles;
  }
  if (chunks > 1) pool_run(run_part, &j, (int)chunks, threads);
  else run_part(&j, 0, 1);
  return j.failed ? -1 : 0;
}
