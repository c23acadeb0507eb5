/* AVX2 versions of the float32 loops in elementwise_kernels.h, eight elements at a time, with the
 * same roundings: float operations where the scalar loop rounds each one, and the two-operation steps
 * widened to double. Every multiply and add is a separate instruction (the header turns contraction
 * off, and no FMA intrinsic is used), so this file gives the same bits as the portable one. */
#include <immintrin.h>

#include "elementwise_kernels.h"

/* a + b * c, each operand widened to double and the result rounded once to float. */
static inline __m256 muladd_d(__m256 a, __m256 b, __m256 c) {
  const __m256d lo = _mm256_add_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(a)),
                                   _mm256_mul_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(b)),
                                                 _mm256_cvtps_pd(_mm256_castps256_ps128(c))));
  const __m256d hi = _mm256_add_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(a, 1)),
                                   _mm256_mul_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(b, 1)),
                                                 _mm256_cvtps_pd(_mm256_extractf128_ps(c, 1))));
  return _mm256_set_m128(_mm256_cvtpd_ps(hi), _mm256_cvtpd_ps(lo));
}

/* a - b * c, each operand widened to double and the result rounded once to float. */
static inline __m256 mulsub_d(__m256 a, __m256 b, __m256 c) {
  const __m256d lo = _mm256_sub_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(a)),
                                   _mm256_mul_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(b)),
                                                 _mm256_cvtps_pd(_mm256_castps256_ps128(c))));
  const __m256d hi = _mm256_sub_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(a, 1)),
                                   _mm256_mul_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(b, 1)),
                                                 _mm256_cvtps_pd(_mm256_extractf128_ps(c, 1))));
  return _mm256_set_m128(_mm256_cvtpd_ps(hi), _mm256_cvtpd_ps(lo));
}

void adam_avx2_f32(float *x, const float *g, float *m, float *v, float *vmax, const adam_hyper *h, int64_t lo,
                   int64_t hi) {
  const __m256 b1 = _mm256_set1_ps((float)h->beta1), b2 = _mm256_set1_ps((float)h->beta2);
  const __m256 c1 = _mm256_set1_ps((float)h->one_minus_beta1), c2 = _mm256_set1_ps((float)h->one_minus_beta2);
  const __m256 neg_step = _mm256_set1_ps((float)h->neg_step_size), bc2 = _mm256_set1_ps((float)h->bc2_sqrt);
  const __m256 eps = _mm256_set1_ps((float)h->eps), decay = _mm256_set1_ps((float)h->decay);
  const __m256 l2 = _mm256_set1_ps((float)h->l2), nan = _mm256_set1_ps(ew_nan_f());
  const __m256 sign = _mm256_set1_ps(-0.0f);
  const int f = h->flags;
  int64_t i = lo;
  for (; i + 8 <= hi; i += 8) {
    __m256 xi = _mm256_loadu_ps(x + i);
    if (f & EW_DECOUPLED) xi = _mm256_mul_ps(xi, decay);
    __m256 gi = _mm256_loadu_ps(g + i);
    if (f & EW_MAXIMIZE) gi = _mm256_xor_ps(gi, sign);
    if (f & EW_L2) gi = muladd_d(gi, l2, xi);
    const __m256 mi = muladd_d(_mm256_mul_ps(_mm256_loadu_ps(m + i), b1), c1, gi);
    const __m256 vi = muladd_d(_mm256_mul_ps(_mm256_loadu_ps(v + i), b2), _mm256_mul_ps(c2, gi), gi);
    _mm256_storeu_ps(m + i, mi);
    _mm256_storeu_ps(v + i, vi);
    __m256 second = vi;
    if (vmax) {
      const __m256 prev = _mm256_loadu_ps(vmax + i);
      second = _mm256_blendv_ps(vi, prev, _mm256_cmp_ps(prev, vi, _CMP_GT_OQ));
      second = _mm256_blendv_ps(second, nan, _mm256_cmp_ps(prev, vi, _CMP_UNORD_Q));
      _mm256_storeu_ps(vmax + i, second);
    }
    const __m256 denom = _mm256_add_ps(_mm256_div_ps(_mm256_sqrt_ps(second), bc2), eps);
    _mm256_storeu_ps(x + i, _mm256_add_ps(xi, _mm256_div_ps(_mm256_mul_ps(neg_step, mi), denom)));
  }
  adam_scalar_f32(x, g, m, v, vmax, h, i, hi);
}

void sgd_avx2_f32(float *x, const float *g, float *buf, const sgd_hyper *h, int64_t lo, int64_t hi) {
  const __m256 mom = _mm256_set1_ps((float)h->momentum), keep = _mm256_set1_ps((float)h->keep);
  const __m256 neg_lr = _mm256_set1_ps((float)h->neg_lr), l2 = _mm256_set1_ps((float)h->l2);
  const __m256 sign = _mm256_set1_ps(-0.0f);
  const int f = h->flags;
  int64_t i = lo;
  for (; i + 8 <= hi; i += 8) {
    const __m256 xi = _mm256_loadu_ps(x + i);
    __m256 d = _mm256_loadu_ps(g + i);
    if (f & EW_MAXIMIZE) d = _mm256_xor_ps(d, sign);
    if (f & EW_L2) d = muladd_d(d, l2, xi);
    if (buf) {
      const __m256 b = (f & EW_FRESH) ? d : muladd_d(_mm256_mul_ps(_mm256_loadu_ps(buf + i), mom), keep, d);
      _mm256_storeu_ps(buf + i, b);
      d = (f & EW_NESTEROV) ? muladd_d(d, mom, b) : b;
    }
    _mm256_storeu_ps(x + i, muladd_d(xi, neg_lr, d));
  }
  sgd_scalar_f32(x, g, buf, h, i, hi);
}

void rmsprop_avx2_f32(float *x, const float *g, float *sq, float *ga, float *buf, const rmsprop_hyper *h,
                      int64_t lo, int64_t hi) {
  const __m256 a = _mm256_set1_ps((float)h->alpha), c = _mm256_set1_ps((float)h->one_minus_alpha);
  const __m256 eps = _mm256_set1_ps((float)h->eps), mom = _mm256_set1_ps((float)h->momentum);
  const __m256 neg_lr = _mm256_set1_ps((float)h->neg_lr), l2 = _mm256_set1_ps((float)h->l2);
  const __m256 sign = _mm256_set1_ps(-0.0f);
  const int f = h->flags;
  int64_t i = lo;
  for (; i + 8 <= hi; i += 8) {
    const __m256 xi = _mm256_loadu_ps(x + i);
    __m256 gi = _mm256_loadu_ps(g + i);
    if (f & EW_MAXIMIZE) gi = _mm256_xor_ps(gi, sign);
    if (f & EW_L2) gi = muladd_d(gi, l2, xi);
    const __m256 s = muladd_d(_mm256_mul_ps(_mm256_loadu_ps(sq + i), a), _mm256_mul_ps(c, gi), gi);
    _mm256_storeu_ps(sq + i, s);
    __m256 avg;
    if (ga) {
      const __m256 gav = muladd_d(_mm256_mul_ps(_mm256_loadu_ps(ga + i), a), c, gi);
      _mm256_storeu_ps(ga + i, gav);
      avg = _mm256_sqrt_ps(mulsub_d(s, gav, gav));
    } else {
      avg = _mm256_sqrt_ps(s);
    }
    avg = _mm256_add_ps(avg, eps);
    if (buf) {
      const __m256 b = _mm256_add_ps(_mm256_mul_ps(_mm256_loadu_ps(buf + i), mom), _mm256_div_ps(gi, avg));
      _mm256_storeu_ps(buf + i, b);
      _mm256_storeu_ps(x + i, muladd_d(xi, neg_lr, b));
    } else {
      _mm256_storeu_ps(x + i, _mm256_add_ps(xi, _mm256_div_ps(_mm256_mul_ps(neg_lr, gi), avg)));
    }
  }
  rmsprop_scalar_f32(x, g, sq, ga, buf, h, i, hi);
}

/* max(v, 0) keeping nan, with -0 turned into +0: v where v > 0 or v is nan, else +0. */
void relu_forward_avx2_f32(const float *v, float *out, int64_t lo, int64_t hi) {
  const __m256 zero = _mm256_setzero_ps();
  int64_t i = lo;
  for (; i + 8 <= hi; i += 8) {
    const __m256 a = _mm256_loadu_ps(v + i);
    const __m256 keep = _mm256_cmp_ps(a, zero, _CMP_NLE_UQ);
    _mm256_storeu_ps(out + i, _mm256_and_ps(a, keep));
  }
  for (; i < hi; i++) {
    const float a = v[i];
    out[i] = a > 0 ? a : a != a ? a : 0.0f;
  }
}

/* g where y > 0, else +0 (y nan or not positive). */
void relu_backward_avx2_f32(const float *y, const float *g, float *out, int64_t lo, int64_t hi) {
  const __m256 zero = _mm256_setzero_ps();
  int64_t i = lo;
  for (; i + 8 <= hi; i += 8) {
    const __m256 keep = _mm256_cmp_ps(_mm256_loadu_ps(y + i), zero, _CMP_GT_OQ);
    _mm256_storeu_ps(out + i, _mm256_and_ps(_mm256_loadu_ps(g + i), keep));
  }
  for (; i < hi; i++) out[i] = y[i] > 0 ? g[i] : 0.0f;
}
