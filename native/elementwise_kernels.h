/* The optimizer updates and elementwise loops shared by the portable file (elementwise.c) and the
 * AVX2 one (elementwise_avx2.c).
 *
 * Their results must equal, bit for bit, the TypeScript loops they replace (src/optim, src/ops),
 * which follow PyTorch's op-by-op rounding. Those loops compute in doubles and round to float32 where
 * a tensor op would (Math.fround or a store into a Float32Array). One operation on float32 operands,
 * computed in double and rounded to float32, equals the float32 operation (double has more than
 * 2*24+2 bits), so most steps below are plain float arithmetic; the steps where TypeScript evaluates
 * a product and a sum in double before rounding once (`m + (1 - beta1) * g`) are computed in double
 * here too. Nothing may be fused into an FMA: that rounds once where the loops round twice. */
#ifndef TORCHLET_ELEMENTWISE_KERNELS_H
#define TORCHLET_ELEMENTWISE_KERNELS_H

#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include <math.h>
#include <stdint.h>
#include <string.h>

/* Option bits of the updates. */
#define EW_MAXIMIZE 1   /* follow -grad */
#define EW_L2 2         /* add weight_decay * param to the gradient */
#define EW_DECOUPLED 4  /* AdamW: scale the parameter by (1 - lr * weight_decay) first */
#define EW_NESTEROV 8   /* SGD */
#define EW_FRESH 16     /* SGD: the momentum buffer starts as the gradient */

/* Hyperparameters, already rounded to the parameter's dtype by the caller (as the TypeScript loops
 * round them), so the float32 kernels may narrow them exactly. */
typedef struct {
  double beta1, beta2, one_minus_beta1, one_minus_beta2, neg_step_size, bc2_sqrt, eps, decay, l2;
  int flags;
} adam_hyper;

typedef struct {
  double momentum, keep, neg_lr, l2;
  int flags;
} sgd_hyper;

typedef struct {
  double alpha, one_minus_alpha, eps, momentum, neg_lr, l2;
  int flags;
} rmsprop_hyper;

typedef struct {
  double eps, neg_clr, l2;
  int flags;
} adagrad_hyper;

/* The canonical quiet NaN, what a JavaScript NaN becomes when stored in a typed array. */
static inline float ew_nan_f(void) {
  const uint32_t u = 0x7fc00000u;
  float f;
  memcpy(&f, &u, sizeof f);
  return f;
}
static inline double ew_nan_d(void) {
  const uint64_t u = UINT64_C(0x7ff8000000000000);
  double d;
  memcpy(&d, &u, sizeof d);
  return d;
}

/* a + b * c evaluated in double and rounded once to T (JavaScript's `a + b * c` stored to T). */
#define EW_MULADD(T, a, b, c) ((T)((double)(a) + (double)(b) * (double)(c)))

/* max keeping nan: nan when either is nan, else the larger (the second on ties). */
#define EW_NANMAX(T, NAN_, p, s) ((p) != (p) || (s) != (s) ? (NAN_) : (p) > (s) ? (p) : (s))

/* The element loops, for T = float (SQRT = sqrtf) and T = double (SQRT = sqrt), over [lo, hi).
 * Each is the TypeScript loop it replaces with every rounding in place. */
#define EW_DEFINE_SCALAR(T, SFX, SQRT, NAN_)                                                            \
  static inline void adam_scalar_##SFX(T *x, const T *g, T *m, T *v, T *vmax, const adam_hyper *h,      \
                                       int64_t lo, int64_t hi) {                                        \
    const T b1 = (T)h->beta1, b2 = (T)h->beta2, c1 = (T)h->one_minus_beta1, c2 = (T)h->one_minus_beta2; \
    const T neg_step = (T)h->neg_step_size, bc2 = (T)h->bc2_sqrt, eps = (T)h->eps;                     \
    const T decay = (T)h->decay, l2 = (T)h->l2;                                                         \
    const int f = h->flags;                                                                             \
    for (int64_t i = lo; i < hi; i++) {                                                                 \
      T xi = x[i];                                                                                      \
      if (f & EW_DECOUPLED) xi = xi * decay;                                                            \
      T gi = (f & EW_MAXIMIZE) ? -g[i] : g[i];                                                          \
      if (f & EW_L2) gi = EW_MULADD(T, gi, l2, xi);                                                     \
      const T mi = EW_MULADD(T, m[i] * b1, c1, gi);                                                     \
      const T vi = EW_MULADD(T, v[i] * b2, c2 * gi, gi);                                                \
      m[i] = mi;                                                                                        \
      v[i] = vi;                                                                                        \
      T second = vi;                                                                                    \
      if (vmax) {                                                                                       \
        const T prev = vmax[i];                                                                         \
        second = EW_NANMAX(T, NAN_, prev, vi);                                                          \
        vmax[i] = second;                                                                               \
      }                                                                                                 \
      const T denom = SQRT(second) / bc2 + eps;                                                         \
      x[i] = xi + (neg_step * mi) / denom;                                                              \
    }                                                                                                   \
  }                                                                                                     \
                                                                                                        \
  static inline void sgd_scalar_##SFX(T *x, const T *g, T *buf, const sgd_hyper *h, int64_t lo,         \
                                      int64_t hi) {                                                     \
    const T mom = (T)h->momentum, keep = (T)h->keep, neg_lr = (T)h->neg_lr, l2 = (T)h->l2;              \
    const int f = h->flags;                                                                             \
    for (int64_t i = lo; i < hi; i++) {                                                                 \
      const T xi = x[i];                                                                                \
      T d = (f & EW_MAXIMIZE) ? -g[i] : g[i];                                                           \
      if (f & EW_L2) d = EW_MULADD(T, d, l2, xi);                                                       \
      if (buf) {                                                                                        \
        const T b = (f & EW_FRESH) ? d : EW_MULADD(T, buf[i] * mom, keep, d);                           \
        buf[i] = b;                                                                                     \
        d = (f & EW_NESTEROV) ? EW_MULADD(T, d, mom, b) : b;                                            \
      }                                                                                                 \
      x[i] = EW_MULADD(T, xi, neg_lr, d);                                                               \
    }                                                                                                   \
  }                                                                                                     \
                                                                                                        \
  static inline void rmsprop_scalar_##SFX(T *x, const T *g, T *sq, T *ga, T *buf,                       \
                                          const rmsprop_hyper *h, int64_t lo, int64_t hi) {             \
    const T a = (T)h->alpha, c = (T)h->one_minus_alpha, eps = (T)h->eps, mom = (T)h->momentum;          \
    const T neg_lr = (T)h->neg_lr, l2 = (T)h->l2;                                                       \
    const int f = h->flags;                                                                             \
    for (int64_t i = lo; i < hi; i++) {                                                                 \
      const T xi = x[i];                                                                                \
      T gi = (f & EW_MAXIMIZE) ? -g[i] : g[i];                                                          \
      if (f & EW_L2) gi = EW_MULADD(T, gi, l2, xi);                                                     \
      const T s = EW_MULADD(T, sq[i] * a, c * gi, gi);                                                  \
      sq[i] = s;                                                                                        \
      T avg;                                                                                            \
      if (ga) {                                                                                         \
        const T gav = EW_MULADD(T, ga[i] * a, c, gi);                                                   \
        ga[i] = gav;                                                                                    \
        avg = SQRT((T)((double)s - (double)gav * (double)gav));                                         \
      } else {                                                                                          \
        avg = SQRT(s);                                                                                  \
      }                                                                                                 \
      avg = avg + eps;                                                                                  \
      if (buf) {                                                                                        \
        const T b = buf[i] * mom + gi / avg;                                                            \
        buf[i] = b;                                                                                     \
        x[i] = EW_MULADD(T, xi, neg_lr, b);                                                             \
      } else {                                                                                          \
        x[i] = xi + (neg_lr * gi) / avg;                                                                \
      }                                                                                                 \
    }                                                                                                   \
  }                                                                                                     \
                                                                                                        \
  static inline void adagrad_scalar_##SFX(T *x, const T *g, T *sum, const adagrad_hyper *h,             \
                                          int64_t lo, int64_t hi) {                                     \
    const T eps = (T)h->eps, neg_clr = (T)h->neg_clr, l2 = (T)h->l2;                                    \
    const int f = h->flags;                                                                             \
    for (int64_t i = lo; i < hi; i++) {                                                                 \
      const T xi = x[i];                                                                                \
      T gi = (f & EW_MAXIMIZE) ? -g[i] : g[i];                                                          \
      if (f & EW_L2) gi = EW_MULADD(T, gi, l2, xi);                                                     \
      const T s = EW_MULADD(T, sum[i], gi, gi);                                                         \
      sum[i] = s;                                                                                       \
      x[i] = xi + (neg_clr * gi) / (SQRT(s) + eps);                                                     \
    }                                                                                                   \
  }

EW_DEFINE_SCALAR(float, f32, sqrtf, ew_nan_f())
EW_DEFINE_SCALAR(double, f64, sqrt, ew_nan_d())

/* The AVX2 variants (elementwise_avx2.c, x86-64 only): float32 over [lo, hi), any length. */
void adam_avx2_f32(float *x, const float *g, float *m, float *v, float *vmax, const adam_hyper *h, int64_t lo,
                   int64_t hi);
void sgd_avx2_f32(float *x, const float *g, float *buf, const sgd_hyper *h, int64_t lo, int64_t hi);
void rmsprop_avx2_f32(float *x, const float *g, float *sq, float *ga, float *buf, const rmsprop_hyper *h,
                      int64_t lo, int64_t hi);
void relu_forward_avx2_f32(const float *v, float *out, int64_t lo, int64_t hi);
void relu_backward_avx2_f32(const float *y, const float *g, float *out, int64_t lo, int64_t hi);

#endif
