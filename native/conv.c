/* Convolution and max pooling kernels.
 *
 * The convolution runs one sample at a time, samples shared among the thread pool's participants, and
 * writes each sample's [O, L] output in place (already the output's layout). Two ways:
 * - unit stride and dilation, no groups, output channels a multiple of 8, on a CPU with AVX2: a direct
 *   convolution (conv_avx2.c) over the padded sample, the channels along the vector lanes; the input
 *   gradient is the same kernel run on the output gradient with flipped weights, and the weight
 *   gradient a direct sum of the same shape;
 * - otherwise the receptive fields are unrolled (im2col) into a per-thread working array of
 *   [C·kh·kw, L] columns small enough to stay in the core's cache, and the GEMM multiplies them.
 * The backward repeats the unrolling instead of keeping a batch-sized copy from the forward: in C it
 * costs less than moving tens of megabytes through memory twice.
 *
 * The weight gradient sums over the batch. To give the same bits whatever the number of threads, the
 * batch is cut into a fixed number of runs of samples, each summed into its own accumulator, and the
 * accumulators are added in run order at the end.
 *
 * conv2dForward(geom, x, w, bias | null, out, threads)
 * conv2dBackward(geom, x, w, gout, gx | null, gw | null, gb | null, threads)
 *   geom: Int32Array [N, C, H, W, O, G, kh, kw, sh, sw, dh, dw, padTop, padLeft, oh, ow]; all the
 *   arrays are Float32Array, contiguous: x [N, C, H, W], w [O, C/G, kh, kw], out / gout [N, O, oh, ow].
 * maxPool2dForward(geom, x, out, idx, threads) / maxPool2dBackward(geom, gout, idx, gx, threads)
 *   geom: Int32Array [planes, H, W, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow]; x / gx [planes, H, W],
 *   out / gout [planes, oh, ow], all Float32Array or all Float64Array; idx Float64Array [planes, oh, ow]
 *   (flat positions in each plane, -1 for a window that saw only padding). Every output array is
 *   overwritten whole, so the caller need not zero it. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "cpu_features.h"
#include "gemm.h"
#include "modules.h"
#include "napi_util.h"
#include "thread_pool.h"

/* Runs of samples the weight gradient is summed over (see above); more runs than threads keeps the
 * participants busy to the end. */
#define GRAD_RUNS 8

/* ------------------------------------------------------------------ per-thread working memory */

typedef struct {
  void *mem;
  size_t size;
} work_area;

static pthread_key_t work_key;
static pthread_once_t work_once = PTHREAD_ONCE_INIT;

static void work_free(void *p) {
  work_area *w = (work_area *)p;
  free(w->mem);
  free(w);
}

static void work_init(void) { pthread_key_create(&work_key, work_free); }

/* This thread's working array of at least `bytes`, kept between calls; NULL when out of memory. */
static void *work_get(size_t bytes) {
  pthread_once(&work_once, work_init);
  work_area *w = (work_area *)pthread_getspecific(work_key);
  if (!w) {
    w = (work_area *)calloc(1, sizeof *w);
    if (!w) return NULL;
    pthread_setspecific(work_key, w);
  }
  if (w->size < bytes) {
    free(w->mem);
    w->size = 0;
    w->mem = aligned_alloc(64, (bytes + 63) & ~(size_t)63);
    if (!w->mem) return NULL;
    w->size = bytes;
  }
  return w->mem;
}

/* ------------------------------------------------------------------ geometry */

typedef struct {
  int64_t N, C, H, W, O, G, kh, kw, sh, sw, dh, dw, pad_top, pad_left, oh, ow;
} conv_geom;

static int64_t floor_div(int64_t a, int64_t b) { /* b > 0 */
  const int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}
static int64_t ceil_div_signed(int64_t a, int64_t b) { return -floor_div(-a, b); }
static int64_t clamp64(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }

/* Output columns [lo, hi) whose input column ox·sw + x_off lies in [0, W): the rest read padding. */
static void inside_range(int64_t ow, int64_t sw, int64_t x_off, int64_t W, int64_t *lo, int64_t *hi) {
  *lo = clamp64(ceil_div_signed(-x_off, sw), 0, ow);
  *hi = clamp64(ceil_div_signed(W - x_off, sw), *lo, ow);
}

/* Unit-stride rows are copied through a copy of the sample whose rows carry their horizontal padding
 * (zeros), Wp wide: every output row is then one run of ow values with no edge tests. Copies move four
 * floats at a time and may run up to three floats past a run's end; runs are written in increasing
 * order, so the next run overwrites the excess, and the arrays carry SLACK floats at their end. */
#define SLACK 4

static inline void copy4(float *dst, const float *src) { memcpy(dst, src, 4 * sizeof(float)); }

/* Width of the horizontally padded rows for unit stride: every ix = ox - padLeft + kj·dw, shifted by padLeft. */
static int64_t padded_width(const conv_geom *g) { return g->ow + (g->kw - 1) * g->dw; }

/* Columns [j0, j1) of a padded row that hold the input row (the rest are padding). */
static void padded_span(const conv_geom *g, int64_t wp, int64_t *j0, int64_t *j1) {
  *j0 = g->pad_left < wp ? g->pad_left : wp;
  *j1 = clamp64(g->pad_left + g->W, *j0, wp);
}

/* Floats of per-thread working memory one sample's unrolling needs besides its columns. */
static int64_t unroll_extra(const conv_geom *g) { return g->sw == 1 ? g->C * g->H * padded_width(g) + SLACK : 0; }

/* One sample's columns: cols[(c·kh + ki)·kw + kj][oy·ow + ox] = x[c][iy][ix], zero in the padding.
 * `rows` is working memory of unroll_extra(g) floats; cols has SLACK floats beyond its K·L. */
static void im2col_sample(const float *x, const conv_geom *g, float *cols, float *rows) {
  const int64_t L = g->oh * g->ow, ow = g->ow;
  if (g->sw == 1) {
    const int64_t wp = padded_width(g);
    int64_t j0, j1;
    padded_span(g, wp, &j0, &j1);
    for (int64_t r = 0; r < g->C * g->H; r++) {
      float *dst = rows + r * wp;
      memset(dst, 0, (size_t)j0 * sizeof *dst);
      memcpy(dst + j0, x + r * g->W + (j0 - g->pad_left), (size_t)(j1 - j0) * sizeof *dst);
      memset(dst + j1, 0, (size_t)(wp - j1) * sizeof *dst);
    }
    memset(rows + g->C * g->H * wp, 0, SLACK * sizeof *rows);
    static const float zeros[4] = {0, 0, 0, 0};
    for (int64_t c = 0; c < g->C; c++) {
      for (int64_t ki = 0; ki < g->kh; ki++) {
        for (int64_t kj = 0; kj < g->kw; kj++) {
          float *row = cols + ((c * g->kh + ki) * g->kw + kj) * L;
          for (int64_t oy = 0; oy < g->oh; oy++) {
            float *dst = row + oy * ow;
            const int64_t iy = oy * g->sh - g->pad_top + ki * g->dh;
            if (iy < 0 || iy >= g->H) {
              for (int64_t ox = 0; ox < ow; ox += 4) copy4(dst + ox, zeros);
            } else {
              const float *src = rows + (c * g->H + iy) * wp + kj * g->dw;
              for (int64_t ox = 0; ox < ow; ox += 4) copy4(dst + ox, src + ox);
            }
          }
        }
      }
    }
    return;
  }
  for (int64_t c = 0; c < g->C; c++) {
    const float *plane = x + c * g->H * g->W;
    for (int64_t ki = 0; ki < g->kh; ki++) {
      for (int64_t kj = 0; kj < g->kw; kj++) {
        float *row = cols + ((c * g->kh + ki) * g->kw + kj) * L;
        const int64_t x_off = kj * g->dw - g->pad_left;
        int64_t lo, hi;
        inside_range(ow, g->sw, x_off, g->W, &lo, &hi);
        for (int64_t oy = 0; oy < g->oh; oy++) {
          float *dst = row + oy * ow;
          const int64_t iy = oy * g->sh - g->pad_top + ki * g->dh;
          if (iy < 0 || iy >= g->H) {
            memset(dst, 0, (size_t)ow * sizeof *dst);
            continue;
          }
          const float *src = plane + iy * g->W + x_off;
          for (int64_t ox = 0; ox < lo; ox++) dst[ox] = 0;
          for (int64_t ox = lo; ox < hi; ox++) dst[ox] = src[ox * g->sw];
          for (int64_t ox = hi; ox < ow; ox++) dst[ox] = 0;
        }
      }
    }
  }
}

/* im2col's adjoint for one sample: gx = the columns added back onto their input positions, each
 * position receiving its terms in the TypeScript loop's order. gx is overwritten; `rows` as above. */
static void col2im_sample(const float *cols, const conv_geom *g, float *gx, float *rows) {
  const int64_t L = g->oh * g->ow, ow = g->ow;
  if (g->sw == 1) {
    const int64_t wp = padded_width(g);
    memset(rows, 0, (size_t)(g->C * g->H * wp) * sizeof *rows);
    for (int64_t c = 0; c < g->C; c++) {
      for (int64_t ki = 0; ki < g->kh; ki++) {
        for (int64_t kj = 0; kj < g->kw; kj++) {
          const float *row = cols + ((c * g->kh + ki) * g->kw + kj) * L;
          for (int64_t oy = 0; oy < g->oh; oy++) {
            const int64_t iy = oy * g->sh - g->pad_top + ki * g->dh;
            if (iy < 0 || iy >= g->H) continue;
            const float *src = row + oy * ow;
            float *dst = rows + (c * g->H + iy) * wp + kj * g->dw;
            for (int64_t ox = 0; ox < ow; ox++) dst[ox] += src[ox];
          }
        }
      }
    }
    int64_t j0, j1;
    padded_span(g, wp, &j0, &j1);
    const int64_t from = j0 - g->pad_left, to = j1 - g->pad_left; /* input columns that received terms */
    for (int64_t r = 0; r < g->C * g->H; r++) {
      float *dst = gx + r * g->W;
      memset(dst, 0, (size_t)from * sizeof *dst);
      memcpy(dst + from, rows + r * wp + j0, (size_t)(to - from) * sizeof *dst);
      memset(dst + to, 0, (size_t)(g->W - to) * sizeof *dst);
    }
    return;
  }
  memset(gx, 0, (size_t)(g->C * g->H * g->W) * sizeof *gx);
  for (int64_t c = 0; c < g->C; c++) {
    float *plane = gx + c * g->H * g->W;
    for (int64_t ki = 0; ki < g->kh; ki++) {
      for (int64_t kj = 0; kj < g->kw; kj++) {
        const float *row = cols + ((c * g->kh + ki) * g->kw + kj) * L;
        const int64_t x_off = kj * g->dw - g->pad_left;
        int64_t lo, hi;
        inside_range(ow, g->sw, x_off, g->W, &lo, &hi);
        for (int64_t oy = 0; oy < g->oh; oy++) {
          const int64_t iy = oy * g->sh - g->pad_top + ki * g->dh;
          if (iy < 0 || iy >= g->H) continue;
          const float *src = row + oy * ow;
          float *dst = plane + iy * g->W + x_off;
          for (int64_t ox = lo; ox < hi; ox++) dst[ox * g->sw] += src[ox];
        }
      }
    }
  }
}

/* C = A @ B on this thread, float32; operands as (data, row stride, column stride). */
static int product(const gemm_isa *isa, int64_t M, int64_t K, int64_t N, const float *a, int64_t a_rs, int64_t a_cs,
                   const float *b, int64_t b_rs, int64_t b_cs, float *c) {
  if (K == 0) {
    memset(c, 0, (size_t)(M * N) * sizeof *c);
    return 0;
  }
  gemm_problem p = {1, M, K, N, {a, 0, 0, a_rs, a_cs}, {b, 0, 0, b_rs, b_cs}, c};
  return gemm_run(isa, 0, &p, 1);
}

/* ------------------------------------------------------------------ direct convolution */

/* A unit-stride, ungrouped convolution whose output channels fill whole 8-lane vectors runs as a
 * direct convolution on CPUs with AVX2 (native/conv_avx2.c): no unrolled columns, no packing. The
 * input gradient is such a convolution too: of the output gradient, with the weights flipped and
 * their channel axes swapped. */
#if defined(TORCHLET_X86)
int conv_direct_block_avx2(int64_t O);
void conv_direct_avx2(const float *xp, int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh,
                      int64_t kw, int64_t oh, int64_t ow, float *out);
void conv_grad_weight_avx2(const float *xp, int64_t Wp, const int64_t *tap_off, int64_t taps, const float *g,
                           int64_t O, int64_t oh, int64_t ow, float *acc);
void conv_rows_to_planes_avx2(const float *res, int64_t O, int64_t oh, int64_t ow, const float *bias, float *out);
void conv_planes_to_rows_avx2(const float *g, int64_t O, int64_t L, float *gt, double *sums);
#endif

static int direct_available(void) {
#if defined(TORCHLET_X86) && !defined(TORCHLET_CONV_NO_DIRECT)
  static int cached = -1;
  if (cached < 0) {
    cached = cpu_has_avx2();
  }
  return cached;
#else
  return 0;
#endif
}

/* One direct convolution: Cin channels of H x W in, O channels of oh x ow out, kernel kh x kw, the
 * input shifted by (pad_top, pad_left) (negative: cropped). */
typedef struct {
  int64_t Cin, H, W, O, kh, kw, pad_top, pad_left, oh, ow;
  int64_t Hp, Wp; /* padded input size */
} direct_plan;

static int plan_direct(direct_plan *d, int64_t Cin, int64_t H, int64_t W, int64_t O, int64_t kh, int64_t kw,
                       int64_t pad_top, int64_t pad_left, int64_t oh, int64_t ow) {
  if (!direct_available() || O % 8 != 0) return 0;
  *d = (direct_plan){Cin, H, W, O, kh, kw, pad_top, pad_left, oh, ow, oh + kh - 1, ow + kw - 1};
  return 1;
}

/* Floats of working memory one sample needs: its padded input, then its output [oh][ow][O]. */
static int64_t direct_work(const direct_plan *d) { return d->Cin * d->Hp * d->Wp + d->oh * d->ow * d->O; }

/* xp [C][Hp][Wp] = x [C][H][W] moved down pad_top rows and right pad_left columns (negative: cropped),
 * zeros elsewhere. */
static void pad_planes(const float *x, int64_t C, int64_t H, int64_t W, int64_t pad_top, int64_t pad_left, int64_t Hp,
                       int64_t Wp, float *xp) {
  const int64_t j0 = clamp64(pad_left, 0, Wp), j1 = clamp64(pad_left + W, j0, Wp);
  for (int64_t c = 0; c < C; c++) {
    for (int64_t r = 0; r < Hp; r++) {
      float *dst = xp + (c * Hp + r) * Wp;
      const int64_t iy = r - pad_top;
      if (iy < 0 || iy >= H) {
        memset(dst, 0, (size_t)Wp * sizeof *dst);
        continue;
      }
      memset(dst, 0, (size_t)j0 * sizeof *dst);
      memcpy(dst + j0, x + (c * H + iy) * W + (j0 - pad_left), (size_t)(j1 - j0) * sizeof *dst);
      memset(dst + j1, 0, (size_t)(Wp - j1) * sizeof *dst);
    }
  }
}

/* out [O][oh][ow] (+ bias) for one sample x [Cin][H][W]; wt [Cin][kh][kw][O]; work as above. */
static void direct_sample(const direct_plan *d, const float *x, const float *wt, const float *bias, float *out, float *work) {
  float *xp = work, *res = work + d->Cin * d->Hp * d->Wp;
  pad_planes(x, d->Cin, d->H, d->W, d->pad_top, d->pad_left, d->Hp, d->Wp, xp);
#if defined(TORCHLET_X86)
  conv_direct_avx2(xp, d->Cin, d->Hp, d->Wp, wt, d->O, d->kh, d->kw, d->oh, d->ow, res);
  conv_rows_to_planes_avx2(res, d->O, d->oh, d->ow, bias, out);
#else
  (void)wt, (void)bias, (void)out, (void)res;
#endif
}

/* The weight gradient as a direct sum (AVX2): per sample, the padded input and the output gradient
 * laid out [L][O]; taps rounded up to whole tiles (the extra ones read tap 0 and are dropped). */
typedef struct {
  int64_t Hp, Wp, taps; /* padded input size; taps rounded up */
  int64_t *tap_off;     /* each tap's offset in the padded sample */
} grad_plan;

static int plan_grad_weight(grad_plan *p, const conv_geom *g) {
  if (!direct_available() || g->O % 8 != 0 || g->G != 1 || g->sh != 1 || g->sw != 1 || g->dh != 1 || g->dw != 1) return 0;
#if defined(TORCHLET_X86)
  const int64_t xb = conv_direct_block_avx2(g->O);
#else
  const int64_t xb = 1;
#endif
  const int64_t K = g->C * g->kh * g->kw;
  p->Hp = g->oh + g->kh - 1;
  p->Wp = g->ow + g->kw - 1;
  p->taps = (K + xb - 1) / xb * xb;
  if (!(p->tap_off = (int64_t *)malloc((size_t)p->taps * sizeof *p->tap_off))) return -1;
  for (int64_t t = 0; t < p->taps; t++) {
    const int64_t k = t < K ? t : 0, c = k / (g->kh * g->kw), ki = k / g->kw % g->kh, kj = k % g->kw;
    p->tap_off[t] = (c * p->Hp + ki) * p->Wp + kj;
  }
  return 1;
}

static int64_t grad_work(const grad_plan *p, const conv_geom *g) { return g->C * p->Hp * p->Wp + g->oh * g->ow * g->O; }

/* acc [taps][O] += this sample's transposed weight gradient; with sums, also each output channel's
 * sum of go (the bias gradient's share of this sample). */
static void grad_weight_sample(const grad_plan *p, const conv_geom *g, const float *x, const float *go, float *acc,
                               double *sums, float *work) {
  float *xp = work, *gt = work + g->C * p->Hp * p->Wp;
  pad_planes(x, g->C, g->H, g->W, g->pad_top, g->pad_left, p->Hp, p->Wp, xp);
#if defined(TORCHLET_X86)
  conv_planes_to_rows_avx2(go, g->O, g->oh * g->ow, gt, sums);
  conv_grad_weight_avx2(xp, p->Wp, p->tap_off, p->taps, gt, g->O, g->oh, g->ow, acc);
#else
  (void)acc, (void)sums, (void)go, (void)gt;
#endif
}

/* ------------------------------------------------------------------ forward */

typedef struct {
  conv_geom g;
  const gemm_isa *isa;
  const float *x, *w, *bias;
  float *out;
  const direct_plan *direct; /* with wt [C][kh][kw][O], or NULL */
  const float *wt;
  _Atomic int64_t next;
  atomic_int failed;
} forward_job;

static void forward_participant(void *arg) {
  forward_job *j = (forward_job *)arg;
  const conv_geom *g = &j->g;
  const int64_t L = g->oh * g->ow, Cg = g->C / g->G, Og = g->O / g->G, Kg = Cg * g->kh * g->kw;
  const int64_t K = g->C * g->kh * g->kw;
  float *cols = NULL;
  for (;;) {
    const int64_t n = atomic_fetch_add_explicit(&j->next, 1, memory_order_acq_rel);
    if (n >= g->N) return;
    const int64_t need = j->direct ? direct_work(j->direct) : K * L + SLACK + unroll_extra(g);
    if (!cols && !(cols = (float *)work_get((size_t)need * sizeof(float)))) {
      atomic_store(&j->failed, 1);
      continue;
    }
    if (j->direct) {
      direct_sample(j->direct, j->x + n * g->C * g->H * g->W, j->wt, j->bias, j->out + n * g->O * L, cols);
      continue;
    }
    im2col_sample(j->x + n * g->C * g->H * g->W, g, cols, cols + K * L + SLACK);
    float *out = j->out + n * g->O * L;
    for (int64_t gi = 0; gi < g->G; gi++) {
      /* [Og, L] = W_g [Og, Kg] @ cols_g [Kg, L] */
      if (product(j->isa, Og, Kg, L, j->w + gi * Og * Kg, Kg, 1, cols + gi * Kg * L, L, 1, out + gi * Og * L) != 0)
        atomic_store(&j->failed, 1);
    }
    if (j->bias) {
      for (int64_t o = 0; o < g->O; o++) {
        const float b = j->bias[o];
        float *row = out + o * L;
        for (int64_t l = 0; l < L; l++) row[l] += b;
      }
    }
  }
}

/* ------------------------------------------------------------------ backward */

typedef struct {
  conv_geom g;
  const gemm_isa *isa;
  const float *x, *w, *gout;
  float *gx;
  float *gw_runs;            /* runs accumulators of the transposed weight gradient [G][Kg][Og], or NULL */
  double *gb_rows;           /* [N, O]: each sample's sum of each output channel, or NULL */
  const direct_plan *direct; /* the input gradient as a direct convolution with wt, or NULL */
  const float *wt;
  const grad_plan *grad;     /* the weight gradient as a direct sum, or NULL */
  int64_t runs, run_size;    /* accumulators and the floats of each (the direct sum rounds taps up) */
  _Atomic int64_t next;
  atomic_int failed;
} backward_job;

static void backward_participant(void *arg) {
  backward_job *j = (backward_job *)arg;
  const conv_geom *g = &j->g;
  const int64_t L = g->oh * g->ow, Cg = g->C / g->G, Og = g->O / g->G, Kg = Cg * g->kh * g->kw;
  const int64_t K = g->C * g->kh * g->kw, gw_size = g->O * Kg;
  float *cols = NULL, *part = NULL, *rows = NULL;
  for (;;) {
    const int64_t r = atomic_fetch_add_explicit(&j->next, 1, memory_order_acq_rel);
    if (r >= j->runs) return;
    if (!cols) {
      int64_t extra = unroll_extra(g);
      if (j->direct && direct_work(j->direct) > extra) extra = direct_work(j->direct);
      if (j->grad && grad_work(j->grad, g) > extra) extra = grad_work(j->grad, g);
      cols = (float *)work_get((size_t)(K * L + SLACK + gw_size + extra) * sizeof(float));
      if (!cols) {
        atomic_store(&j->failed, 1);
        continue;
      }
      part = cols + K * L + SLACK;
      rows = part + gw_size;
    }
    const int64_t n0 = g->N * r / j->runs, n1 = g->N * (r + 1) / j->runs;
    float *acc = j->gw_runs ? j->gw_runs + r * j->run_size : NULL;
    if (acc && j->grad) memset(acc, 0, (size_t)j->run_size * sizeof *acc);
    for (int64_t n = n0; n < n1; n++) {
      const float *go = j->gout + n * g->O * L;
      /* On the direct path the bias gradient's sums come with the weight gradient's transposition. */
      double *sums = j->gb_rows ? j->gb_rows + n * g->O : NULL;
      if (sums && !(acc && j->grad)) {
        for (int64_t o = 0; o < g->O; o++) {
          /* Four interleaved sums (the adds of one would wait on each other), always combined alike. */
          const float *row = go + o * L;
          double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
          int64_t l = 0;
          for (; l + 4 <= L; l += 4) s0 += row[l], s1 += row[l + 1], s2 += row[l + 2], s3 += row[l + 3];
          for (; l < L; l++) s0 += row[l];
          j->gb_rows[n * g->O + o] = (s0 + s1) + (s2 + s3);
        }
      }
      if (acc && j->grad) {
        grad_weight_sample(j->grad, g, j->x + n * g->C * g->H * g->W, go, acc, sums, rows);
      } else if (acc) {
        im2col_sample(j->x + n * g->C * g->H * g->W, g, cols, rows);
        for (int64_t gi = 0; gi < g->G; gi++) {
          /* The transposed gradient [Kg, Og] = cols_g [Kg, L] @ gout_gᵀ [L, Og]: this way round the long
           * operand is packed from contiguous rows (the other way its packing reads with stride L). */
          if (product(j->isa, Kg, L, Og, cols + gi * Kg * L, L, 1, go + gi * Og * L, 1, L, part + gi * Og * Kg) != 0)
            atomic_store(&j->failed, 1);
        }
        if (n == n0) memcpy(acc, part, (size_t)gw_size * sizeof *acc);
        else for (int64_t i = 0; i < gw_size; i++) acc[i] += part[i];
      }
      if (j->gx && j->direct) {
        direct_sample(j->direct, go, j->wt, NULL, j->gx + n * g->C * g->H * g->W, rows);
      } else if (j->gx) {
        for (int64_t gi = 0; gi < g->G; gi++) {
          /* [Kg, L] = W_gᵀ [Kg, Og] @ gout_g [Og, L] */
          if (product(j->isa, Kg, Og, L, j->w + gi * Og * Kg, 1, Kg, go + gi * Og * L, L, 1, cols + gi * Kg * L) != 0)
            atomic_store(&j->failed, 1);
        }
        col2im_sample(cols, g, j->gx + n * g->C * g->H * g->W, rows);
      }
    }
  }
}

/* ------------------------------------------------------------------ argument checks */

/* Reads an Int32Array of exactly n entries into out; 0 when it is not one. */
static int get_geometry(napi_env env, napi_value v, int n, int64_t *out) {
  array_view a;
  if (!get_array(env, v, &a) || a.type != napi_int32_array || a.length != (size_t)n) return 0;
  for (int i = 0; i < n; i++) out[i] = ((const int32_t *)a.data)[i];
  return 1;
}

/* A Float32Array of at least `need` elements (or, with nullable, null / undefined: *data = NULL). */
static int get_floats(napi_env env, napi_value v, double need, int nullable, float **data) {
  napi_valuetype t;
  if (nullable && napi_typeof(env, v, &t) == napi_ok && (t == napi_null || t == napi_undefined)) {
    *data = NULL;
    return 1;
  }
  array_view a;
  if (!get_array(env, v, &a) || a.type != napi_float32_array || (double)a.length < need) return 0;
  *data = (float *)a.data;
  return 1;
}

/* Sizes in range and consistent, so that every index the kernels form stays inside the arrays. */
static const char *check_conv_geom(const conv_geom *g) {
  const int64_t pos[] = {g->N, g->C, g->H, g->W, g->O, g->G, g->kh, g->kw, g->sh, g->sw, g->dh, g->dw, g->oh, g->ow};
  for (size_t i = 0; i < sizeof pos / sizeof pos[0]; i++)
    if (pos[i] < 1) return "conv2d: sizes, strides, dilations and groups must be positive";
  if (g->pad_top < 0 || g->pad_left < 0) return "conv2d: padding must be non-negative";
  if (g->C % g->G != 0 || g->O % g->G != 0) return "conv2d: channels must be divisible by groups";
  /* Each factor is below 2^31, so these stay far from int64 overflow; the caps keep sizes addressable. */
  const double K = (double)g->C * (double)g->kh * (double)g->kw, L = (double)g->oh * (double)g->ow;
  if (K * L > 1e12 || (double)g->O * (K / (double)g->G) > 1e15 || (double)g->N * (double)g->C * (double)g->H * (double)g->W > 1e15 ||
      (double)g->N * (double)g->O * L > 1e15)
    return "conv2d: sizes too large";
  return NULL;
}

static int read_conv_geom(napi_env env, napi_value v, conv_geom *g, const char **why) {
  int64_t a[16];
  if (!get_geometry(env, v, 16, a)) {
    *why = "conv2d: geometry must be an Int32Array of 16 entries";
    return 0;
  }
  *g = (conv_geom){a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15]};
  *why = check_conv_geom(g);
  return *why == NULL;
}

static int get_threads(napi_env env, napi_value v, int *threads) {
  int64_t t;
  if (!get_int(env, v, &t)) return 0;
  *threads = t < 1 ? 1 : t > 64 ? 64 : (int)t;
  return 1;
}

/* ------------------------------------------------------------------ Node-API entry points */

static napi_value Conv2dForward(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 6)
    return throw_error(env, 0, "conv2dForward: expected 6 arguments");
  conv_geom g;
  const char *why;
  if (!read_conv_geom(env, argv[0], &g, &why)) return throw_error(env, 1, why);
  const double L = (double)g.oh * (double)g.ow;
  float *x, *w, *bias, *out;
  int threads;
  if (!get_floats(env, argv[1], (double)g.N * g.C * g.H * g.W, 0, &x))
    return throw_error(env, 1, "conv2dForward: x must be a Float32Array of N*C*H*W elements");
  if (!get_floats(env, argv[2], (double)g.O * (g.C / g.G) * g.kh * g.kw, 0, &w))
    return throw_error(env, 1, "conv2dForward: w must be a Float32Array of O*(C/G)*kh*kw elements");
  if (!get_floats(env, argv[3], (double)g.O, 1, &bias))
    return throw_error(env, 1, "conv2dForward: bias must be null or a Float32Array of O elements");
  if (!get_floats(env, argv[4], (double)g.N * g.O * L, 0, &out))
    return throw_error(env, 1, "conv2dForward: out must be a Float32Array of N*O*oh*ow elements");
  if (!get_threads(env, argv[5], &threads)) return throw_error(env, 0, "conv2dForward: threads must be an integer");
  direct_plan plan;
  float *wt = NULL;
  const int direct = g.sh == 1 && g.sw == 1 && g.dh == 1 && g.dw == 1 && g.G == 1 &&
                     plan_direct(&plan, g.C, g.H, g.W, g.O, g.kh, g.kw, g.pad_top, g.pad_left, g.oh, g.ow);
  if (direct) {
    /* wt [C][kh][kw][O]: a tap's weights for all output channels side by side. */
    const int64_t taps = g.C * g.kh * g.kw;
    if (!(wt = (float *)malloc((size_t)(taps * g.O) * sizeof(float))))
      return throw_error(env, 1, "conv2dForward: out of memory for the weights' layout");
    for (int64_t o = 0; o < g.O; o++)
      for (int64_t t = 0; t < taps; t++) wt[t * g.O + o] = w[o * taps + t];
  }
  forward_job j = {g, gemm_isa_best(), x, w, bias, out, direct ? &plan : NULL, wt, 0, 0};
  pool_run(forward_participant, &j, threads);
  free(wt);
  if (atomic_load(&j.failed)) return throw_error(env, 1, "conv2dForward: out of memory for working arrays");
  return NULL;
}

static napi_value Conv2dBackward(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 8)
    return throw_error(env, 0, "conv2dBackward: expected 8 arguments");
  conv_geom g;
  const char *why;
  if (!read_conv_geom(env, argv[0], &g, &why)) return throw_error(env, 1, why);
  const double L = (double)g.oh * (double)g.ow, x_size = (double)g.N * g.C * g.H * g.W;
  const int64_t Kg = (g.C / g.G) * g.kh * g.kw;
  float *x, *w, *gout, *gx, *gw, *gb;
  int threads;
  if (!get_floats(env, argv[1], x_size, 0, &x))
    return throw_error(env, 1, "conv2dBackward: x must be a Float32Array of N*C*H*W elements");
  if (!get_floats(env, argv[2], (double)g.O * Kg, 0, &w))
    return throw_error(env, 1, "conv2dBackward: w must be a Float32Array of O*(C/G)*kh*kw elements");
  if (!get_floats(env, argv[3], (double)g.N * g.O * L, 0, &gout))
    return throw_error(env, 1, "conv2dBackward: gout must be a Float32Array of N*O*oh*ow elements");
  if (!get_floats(env, argv[4], x_size, 1, &gx))
    return throw_error(env, 1, "conv2dBackward: gx must be null or a Float32Array of N*C*H*W elements");
  if (!get_floats(env, argv[5], (double)g.O * Kg, 1, &gw))
    return throw_error(env, 1, "conv2dBackward: gw must be null or a Float32Array of O*(C/G)*kh*kw elements");
  if (!get_floats(env, argv[6], (double)g.O, 1, &gb))
    return throw_error(env, 1, "conv2dBackward: gb must be null or a Float32Array of O elements");
  if (!get_threads(env, argv[7], &threads)) return throw_error(env, 0, "conv2dBackward: threads must be an integer");

  grad_plan gplan = {0, 0, 0, NULL};
  const int grad_direct = gw ? plan_grad_weight(&gplan, &g) : 0;
  const int64_t runs = g.N < GRAD_RUNS ? g.N : GRAD_RUNS;
  const int64_t run_size = grad_direct > 0 ? gplan.taps * g.O : g.O * Kg;
  float *gw_runs = gw ? (float *)malloc((size_t)(runs * run_size) * sizeof(float)) : NULL;
  double *gb_rows = gb ? (double *)malloc((size_t)(g.N * g.O) * sizeof(double)) : NULL;
  if ((gw && !gw_runs) || (gb && !gb_rows) || grad_direct < 0) {
    free(gw_runs);
    free(gb_rows);
    free(gplan.tap_off);
    return throw_error(env, 1, "conv2dBackward: out of memory for the partial sums");
  }
  if (gw || gx || gb) {
    direct_plan plan;
    float *wt = NULL;
    /* gx = the output gradient convolved with the flipped weights, channels swapped; the padding that
     * brings gout's row oy = iy + padTop - ki under output row iy is kh - 1 - padTop. */
    const int direct = gx && g.sh == 1 && g.sw == 1 && g.dh == 1 && g.dw == 1 && g.G == 1 &&
                       plan_direct(&plan, g.O, g.oh, g.ow, g.C, g.kh, g.kw, g.kh - 1 - g.pad_top, g.kw - 1 - g.pad_left,
                                   g.H, g.W);
    if (direct) {
      /* wt [O][kh][kw][C] = w[o][c][kh-1-ki][kw-1-kj] */
      if (!(wt = (float *)malloc((size_t)(g.O * g.C * g.kh * g.kw) * sizeof(float)))) {
        free(gw_runs);
        free(gb_rows);
        free(gplan.tap_off);
        return throw_error(env, 1, "conv2dBackward: out of memory for the weights' layout");
      }
      for (int64_t o = 0; o < g.O; o++)
        for (int64_t c = 0; c < g.C; c++)
          for (int64_t ki = 0; ki < g.kh; ki++)
            for (int64_t kj = 0; kj < g.kw; kj++)
              wt[((o * g.kh + (g.kh - 1 - ki)) * g.kw + (g.kw - 1 - kj)) * g.C + c] = w[((o * g.C + c) * g.kh + ki) * g.kw + kj];
    }
    backward_job j = {g, gemm_isa_best(), x, w, gout, gx, gw_runs, gb_rows, direct ? &plan : NULL, wt,
                      grad_direct > 0 ? &gplan : NULL, runs, run_size, 0, 0};
    pool_run(backward_participant, &j, threads);
    free(wt);
    free(gplan.tap_off);
    gplan.tap_off = NULL;
    if (atomic_load(&j.failed)) {
      free(gw_runs);
      free(gb_rows);
      return throw_error(env, 1, "conv2dBackward: out of memory for working arrays");
    }
  }
  if (gw) {
    /* The runs hold the transposed gradient, group by group: [G][Kg][Og]. */
    const int64_t Og = g.O / g.G;
    for (int64_t gi = 0; gi < g.G; gi++)
      for (int64_t k = 0; k < Kg; k++)
        for (int64_t o = 0; o < Og; o++) {
          const int64_t at = gi * Kg * Og + k * Og + o;
          float s = gw_runs[at];
          for (int64_t r = 1; r < runs; r++) s += gw_runs[r * run_size + at];
          gw[(gi * Og + o) * Kg + k] = s;
        }
    free(gw_runs);
  }
  if (gb) {
    for (int64_t o = 0; o < g.O; o++) {
      double s = 0;
      for (int64_t n = 0; n < g.N; n++) s += gb_rows[n * g.O + o];
      gb[o] = (float)s;
    }
    free(gb_rows);
  }
  return NULL;
}

/* ------------------------------------------------------------------ max pooling */

typedef struct {
  int64_t planes, H, W, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow;
} pool_geom;

static int read_pool_geom(napi_env env, napi_value v, pool_geom *g, const char **why) {
  int64_t a[13];
  if (!get_geometry(env, v, 13, a)) {
    *why = "maxPool2d: geometry must be an Int32Array of 13 entries";
    return 0;
  }
  *g = (pool_geom){a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12]};
  *why = NULL;
  if (g->planes < 0 || g->H < 1 || g->W < 1 || g->kh < 1 || g->kw < 1 || g->sh < 1 || g->sw < 1 || g->dh < 1 ||
      g->dw < 1 || g->ph < 0 || g->pw < 0 || g->oh < 0 || g->ow < 0)
    *why = "maxPool2d: sizes must be positive (padding and counts non-negative)";
  else if ((double)g->planes * (double)g->H * (double)g->W > 1e15 || (double)g->planes * (double)g->oh * (double)g->ow > 1e15)
    *why = "maxPool2d: sizes too large";
  return *why == NULL;
}

/* The window scan of the TypeScript kernel: row by row, the first nan wins and ends the scan. */
#define MAX_POOL_FORWARD(T)                                                                             \
  static void max_pool_forward_##T(const pool_geom *g, const T *x, T *out, double *idx) {              \
    for (int64_t p = 0; p < g->planes; p++) {                                                          \
      const T *plane = x + p * g->H * g->W;                                                            \
      for (int64_t oy = 0; oy < g->oh; oy++) {                                                         \
        const int64_t y0 = oy * g->sh - g->ph;                                                         \
        for (int64_t ox = 0; ox < g->ow; ox++) {                                                       \
          const int64_t x0 = ox * g->sw - g->pw;                                                       \
          T best = -INFINITY;                                                                          \
          int64_t best_at = -1;                                                                        \
          int found_nan = 0;                                                                           \
          for (int64_t ki = 0; ki < g->kh && !found_nan; ki++) {                                       \
            const int64_t iy = y0 + ki * g->dh;                                                        \
            if (iy < 0 || iy >= g->H) continue;                                                        \
            for (int64_t kj = 0; kj < g->kw; kj++) {                                                   \
              const int64_t ix = x0 + kj * g->dw;                                                      \
              if (ix < 0 || ix >= g->W) continue;                                                      \
              const T v = plane[iy * g->W + ix];                                                       \
              if (v > best || isnan(v)) {                                                              \
                best = v;                                                                              \
                best_at = iy * g->W + ix;                                                              \
                if (isnan(v)) {                                                                        \
                  found_nan = 1;                                                                       \
                  break;                                                                               \
                }                                                                                      \
              }                                                                                        \
            }                                                                                          \
          }                                                                                            \
          const int64_t oi = (p * g->oh + oy) * g->ow + ox;                                            \
          out[oi] = best;                                                                              \
          idx[oi] = (double)best_at;                                                                   \
        }                                                                                              \
      }                                                                                                \
    }                                                                                                  \
  }

/* 2x2 windows at stride 2, all inside the input: the same scan without the bounds tests. */
#define MAX_POOL_2X2(T)                                                                                 \
  static void max_pool_2x2_##T(const pool_geom *g, const T *x, T *out, double *idx) {                  \
    const int64_t W = g->W;                                                                            \
    for (int64_t p = 0; p < g->planes; p++) {                                                          \
      const T *plane = x + p * g->H * W;                                                               \
      T *o = out + p * g->oh * g->ow;                                                                  \
      double *id = idx + p * g->oh * g->ow;                                                            \
      for (int64_t oy = 0; oy < g->oh; oy++) {                                                         \
        const T *r0 = plane + 2 * oy * W, *r1 = r0 + W;                                                \
        for (int64_t ox = 0; ox < g->ow; ox++) {                                                       \
          const T a = r0[2 * ox], b = r0[2 * ox + 1], c = r1[2 * ox], d = r1[2 * ox + 1];              \
          const int64_t at = 2 * oy * W + 2 * ox;                                                      \
          T best = -INFINITY;                                                                          \
          int64_t best_at = -1;                                                                        \
          if (!isnan(a) && !isnan(b) && !isnan(c) && !isnan(d)) {                                      \
            /* Strictly greater wins, so ties keep the earlier position, as in the scan. */            \
            if (a > best) best = a, best_at = at;                                                      \
            if (b > best) best = b, best_at = at + 1;                                                  \
            if (c > best) best = c, best_at = at + W;                                                  \
            if (d > best) best = d, best_at = at + W + 1;                                              \
          } else {                                                                                     \
            best = isnan(a) ? a : isnan(b) ? b : isnan(c) ? c : d;                                     \
            best_at = isnan(a) ? at : isnan(b) ? at + 1 : isnan(c) ? at + W : at + W + 1;              \
          }                                                                                            \
          o[oy * g->ow + ox] = best;                                                                   \
          id[oy * g->ow + ox] = (double)best_at;                                                       \
        }                                                                                              \
      }                                                                                                \
    }                                                                                                  \
  }

/* gx = gout scattered to idx (overwritten); returns 0 when an index lies outside its plane (the caller throws). */
#define MAX_POOL_BACKWARD(T)                                                                            \
  static int max_pool_backward_##T(const pool_geom *g, const T *gout, const double *idx, T *gx) {      \
    const int64_t plane = g->H * g->W, L = g->oh * g->ow;                                              \
    memset(gx, 0, (size_t)(g->planes * plane) * sizeof *gx);                                           \
    for (int64_t p = 0; p < g->planes; p++) {                                                          \
      T *dst = gx + p * plane;                                                                         \
      const T *src = gout + p * L;                                                                     \
      const double *id = idx + p * L;                                                                  \
      for (int64_t i = 0; i < L; i++) {                                                                \
        const double at = id[i];                                                                       \
        if (!(at >= 0)) continue;                                                                      \
        if (!(at < (double)plane)) return 0;                                                           \
        dst[(int64_t)at] += src[i];                                                                    \
      }                                                                                                \
    }                                                                                                  \
    return 1;                                                                                          \
  }

MAX_POOL_FORWARD(float)
MAX_POOL_FORWARD(double)
MAX_POOL_2X2(float)
MAX_POOL_2X2(double)
MAX_POOL_BACKWARD(float)
MAX_POOL_BACKWARD(double)

#if defined(__SSE2__)
#include <emmintrin.h>

/* The float32 2x2 pooling four windows at a time, same choices as the scan: a candidate is taken when
 * it is greater than the best so far or is the window's first nan; positions as 32-bit offsets
 * (the caller keeps planes below 2^31 elements) and -1 for a window of -Infinity only. */
static void max_pool_2x2_sse(const pool_geom *g, const float *x, float *out, double *idx) {
  const int64_t W = g->W;
  const __m128i codes[4] = {_mm_set1_epi32(0), _mm_set1_epi32(1), _mm_set1_epi32((int)W), _mm_set1_epi32((int)W + 1)};
  for (int64_t p = 0; p < g->planes; p++) {
    const float *plane = x + p * g->H * W;
    float *o = out + p * g->oh * g->ow;
    double *id = idx + p * g->oh * g->ow;
    for (int64_t oy = 0; oy < g->oh; oy++) {
      const float *r0 = plane + 2 * oy * W, *r1 = r0 + W;
      int64_t ox = 0;
      for (; ox + 4 <= g->ow; ox += 4) {
        const __m128 u0 = _mm_loadu_ps(r0 + 2 * ox), u1 = _mm_loadu_ps(r0 + 2 * ox + 4);
        const __m128 v0 = _mm_loadu_ps(r1 + 2 * ox), v1 = _mm_loadu_ps(r1 + 2 * ox + 4);
        const __m128 cand[4] = {_mm_shuffle_ps(u0, u1, _MM_SHUFFLE(2, 0, 2, 0)), _mm_shuffle_ps(u0, u1, _MM_SHUFFLE(3, 1, 3, 1)),
                                _mm_shuffle_ps(v0, v1, _MM_SHUFFLE(2, 0, 2, 0)), _mm_shuffle_ps(v0, v1, _MM_SHUFFLE(3, 1, 3, 1))};
        __m128 best = _mm_set1_ps(-INFINITY), nan_taken = _mm_setzero_ps();
        __m128i at = _mm_set1_epi32(-1);
        for (int k = 0; k < 4; k++) {
          const __m128 v = cand[k], is_nan = _mm_cmpunord_ps(v, v);
          const __m128 take = _mm_andnot_ps(nan_taken, _mm_or_ps(_mm_cmpgt_ps(v, best), is_nan));
          best = _mm_or_ps(_mm_and_ps(take, v), _mm_andnot_ps(take, best));
          const __m128i t = _mm_castps_si128(take);
          at = _mm_or_si128(_mm_and_si128(t, codes[k]), _mm_andnot_si128(t, at));
          nan_taken = _mm_or_ps(nan_taken, _mm_and_ps(is_nan, take));
        }
        /* A taken window's position: its top-left corner plus the code of the candidate taken. */
        const int32_t corner = (int32_t)(2 * oy * W + 2 * ox);
        const __m128i corners = _mm_add_epi32(_mm_set1_epi32(corner), _mm_set_epi32(6, 4, 2, 0));
        const __m128i none = _mm_cmpeq_epi32(at, _mm_set1_epi32(-1));
        const __m128i pos = _mm_or_si128(_mm_andnot_si128(none, _mm_add_epi32(corners, at)), none);
        _mm_storeu_ps(o + oy * g->ow + ox, best);
        _mm_storeu_pd(id + oy * g->ow + ox, _mm_cvtepi32_pd(pos));
        _mm_storeu_pd(id + oy * g->ow + ox + 2, _mm_cvtepi32_pd(_mm_shuffle_epi32(pos, _MM_SHUFFLE(1, 0, 3, 2))));
      }
      for (; ox < g->ow; ox++) {
        const float a = r0[2 * ox], b = r0[2 * ox + 1], c = r1[2 * ox], d = r1[2 * ox + 1];
        const int64_t at = 2 * oy * W + 2 * ox;
        float best = -INFINITY;
        int64_t best_at = -1;
        if (!isnan(a) && !isnan(b) && !isnan(c) && !isnan(d)) {
          if (a > best) best = a, best_at = at;
          if (b > best) best = b, best_at = at + 1;
          if (c > best) best = c, best_at = at + W;
          if (d > best) best = d, best_at = at + W + 1;
        } else {
          best = isnan(a) ? a : isnan(b) ? b : isnan(c) ? c : d;
          best_at = isnan(a) ? at : isnan(b) ? at + 1 : isnan(c) ? at + W : at + W + 1;
        }
        o[oy * g->ow + ox] = best;
        id[oy * g->ow + ox] = (double)best_at;
      }
    }
  }
}
#endif

/* Two arrays of one float type with at least n_a and n_b elements. */
static int get_float_pair(napi_env env, napi_value va, double n_a, napi_value vb, double n_b, array_view *a, array_view *b) {
  if (!get_array(env, va, a) || !get_array(env, vb, b)) return 0;
  if (a->type != b->type || (a->type != napi_float32_array && a->type != napi_float64_array)) return 0;
  return (double)a->length >= n_a && (double)b->length >= n_b;
}

static int get_indices(napi_env env, napi_value v, double n, double **idx) {
  array_view a;
  if (!get_array(env, v, &a) || a.type != napi_float64_array || (double)a.length < n) return 0;
  *idx = (double *)a.data;
  return 1;
}

/* Pooling shares the planes out among the thread pool in fixed chunks (each output is computed alone,
 * so the split changes no bits). */
typedef struct {
  pool_geom g;
  int kind; /* 0: forward, 1: forward 2x2, 2: backward */
  int is_f64;
  const void *in; /* x (forward) or gout (backward) */
  void *out;      /* out (forward) or gx (backward) */
  double *idx;
  int64_t chunks;
  _Atomic int64_t next;
  atomic_int bad;
} pool_job;

static void pool_participant(void *arg) {
  pool_job *j = (pool_job *)arg;
  const size_t elem = j->is_f64 ? sizeof(double) : sizeof(float);
  const int64_t plane = j->g.H * j->g.W, L = j->g.oh * j->g.ow;
  for (;;) {
    const int64_t c = atomic_fetch_add_explicit(&j->next, 1, memory_order_acq_rel);
    if (c >= j->chunks) return;
    pool_geom g = j->g;
    const int64_t p0 = j->g.planes * c / j->chunks, p1 = j->g.planes * (c + 1) / j->chunks;
    g.planes = p1 - p0;
    double *idx = j->idx + p0 * L;
    if (j->kind == 2) {
      const char *gout = (const char *)j->in + (size_t)(p0 * L) * elem;
      char *gx = (char *)j->out + (size_t)(p0 * plane) * elem;
      const int ok = j->is_f64 ? max_pool_backward_double(&g, (const double *)gout, idx, (double *)gx)
                               : max_pool_backward_float(&g, (const float *)gout, idx, (float *)gx);
      if (!ok) atomic_store(&j->bad, 1);
      continue;
    }
    const char *x = (const char *)j->in + (size_t)(p0 * plane) * elem;
    char *out = (char *)j->out + (size_t)(p0 * L) * elem;
    if (j->kind == 1) {
      if (j->is_f64) max_pool_2x2_double(&g, (const double *)x, (double *)out, idx);
      else {
#if defined(__SSE2__)
        if (j->g.H * j->g.W < INT32_MAX - 16) max_pool_2x2_sse(&g, (const float *)x, (float *)out, idx);
        else
#endif
          max_pool_2x2_float(&g, (const float *)x, (float *)out, idx);
      }
    } else if (j->is_f64) {
      max_pool_forward_double(&g, (const double *)x, (double *)out, idx);
    } else {
      max_pool_forward_float(&g, (const float *)x, (float *)out, idx);
    }
  }
}

/* Runs the job on up to `threads` threads; small inputs stay on the calling thread. */
static void run_pool_job(pool_job *j, int threads) {
  const double work = (double)j->g.planes * (double)(j->g.H * j->g.W + j->g.oh * j->g.ow);
  if (work < 65536 || j->g.planes < 2) threads = 1;
  j->chunks = threads == 1 ? 1 : (j->g.planes < 4 * threads ? j->g.planes : 4 * threads);
  pool_run(pool_participant, j, threads);
}

static napi_value MaxPool2dForward(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 5)
    return throw_error(env, 0, "maxPool2dForward: expected 5 arguments");
  pool_geom g;
  const char *why;
  if (!read_pool_geom(env, argv[0], &g, &why)) return throw_error(env, 1, why);
  const double in_size = (double)g.planes * g.H * g.W, out_size = (double)g.planes * g.oh * g.ow;
  array_view x, out;
  double *idx;
  int threads;
  if (!get_float_pair(env, argv[1], in_size, argv[2], out_size, &x, &out))
    return throw_error(env, 1, "maxPool2dForward: x and out must be Float32Arrays or Float64Arrays of planes*H*W and planes*oh*ow elements");
  if (!get_indices(env, argv[3], out_size, &idx))
    return throw_error(env, 1, "maxPool2dForward: idx must be a Float64Array of planes*oh*ow elements");
  if (!get_threads(env, argv[4], &threads)) return throw_error(env, 0, "maxPool2dForward: threads must be an integer");
  const int fast = g.kh == 2 && g.kw == 2 && g.sh == 2 && g.sw == 2 && g.ph == 0 && g.pw == 0 && g.dh == 1 && g.dw == 1 &&
                   2 * g.oh <= g.H && 2 * g.ow <= g.W;
  pool_job j = {g, fast ? 1 : 0, x.type == napi_float64_array, x.data, out.data, idx, 0, 0, 0};
  run_pool_job(&j, threads);
  return NULL;
}

static napi_value MaxPool2dBackward(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 5)
    return throw_error(env, 0, "maxPool2dBackward: expected 5 arguments");
  pool_geom g;
  const char *why;
  if (!read_pool_geom(env, argv[0], &g, &why)) return throw_error(env, 1, why);
  const double in_size = (double)g.planes * g.H * g.W, out_size = (double)g.planes * g.oh * g.ow;
  array_view gout, gx;
  double *idx;
  int threads;
  if (!get_float_pair(env, argv[1], out_size, argv[3], in_size, &gout, &gx))
    return throw_error(env, 1, "maxPool2dBackward: gout and gx must be Float32Arrays or Float64Arrays of planes*oh*ow and planes*H*W elements");
  if (!get_indices(env, argv[2], out_size, &idx))
    return throw_error(env, 1, "maxPool2dBackward: idx must be a Float64Array of planes*oh*ow elements");
  if (!get_threads(env, argv[4], &threads)) return throw_error(env, 0, "maxPool2dBackward: threads must be an integer");
  pool_job j = {g, 2, gx.type == napi_float64_array, gout.data, gx.data, idx, 0, 0, 0};
  run_pool_job(&j, threads);
  if (atomic_load(&j.bad)) return throw_error(env, 1, "maxPool2dBackward: an index lies outside its plane");
  return NULL;
}

void register_conv_kernels(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"conv2dForward", NULL, Conv2dForward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"conv2dBackward", NULL, Conv2dBackward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"maxPool2dForward", NULL, MaxPool2dForward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"maxPool2dBackward", NULL, MaxPool2dBackward, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
}
