/* Direct unit-stride convolution of one sample, AVX2 + FMA (chosen at run time by conv.c, which
 * keeps the unrolling + GEMM path for every other case and CPU).
 *
 * The output channels lie along the vector lanes: a register tile holds OB vectors of 8 channels at
 * XB neighbouring positions of an output row, and each weight tap adds OB weight vectors times XB
 * broadcast input values. No unrolled copy of the input is built and nothing is packed: the padded
 * sample and the weights (laid out [C][kh][kw][O]) are read in place from cache.
 *
 * conv_direct_avx2(xp, C, Hp, Wp, wt, O, kh, kw, oh, ow, out):
 *   xp  [C][Hp][Wp]: the sample with its padding, Hp >= oh + kh - 1, Wp >= ow + kw - 1;
 *   wt  [C][kh][kw][O], O a multiple of 8;
 *   out [oh][ow][O]: every position, channel by channel. */
#include <immintrin.h>
#include <stdint.h>

/* Positions per register tile for O channels (O a multiple of 8): 12 accumulators, and a channel
 * group of OB vectors that divides O. */
int conv_direct_block_avx2(int64_t O) { return O % 32 == 0 ? 3 : O % 24 == 0 ? 4 : O % 16 == 0 ? 6 : 12; }


/* Each tile keeps its accumulators in named variables (an array of them would live on the stack):
 * XB positions x OB vectors of 8 channels, over every tap (c, ki, kj). The full tiles hold 12
 * accumulators; the narrower ones finish a row whose width is not a multiple of the full tile's. */

static void tile_1x4(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps(), a0_1 = _mm256_setzero_ps(), a0_2 = _mm256_setzero_ps(), a0_3 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 w1 = _mm256_loadu_ps(wr + 8);
        const __m256 w2 = _mm256_loadu_ps(wr + 16);
        const __m256 w3 = _mm256_loadu_ps(wr + 24);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0); a0_1 = _mm256_fmadd_ps(w1, x0, a0_1); a0_2 = _mm256_fmadd_ps(w2, x0, a0_2); a0_3 = _mm256_fmadd_ps(w3, x0, a0_3);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0); _mm256_storeu_ps(out + 0 * O + 8, a0_1); _mm256_storeu_ps(out + 0 * O + 16, a0_2); _mm256_storeu_ps(out + 0 * O + 24, a0_3);
}

static void tile_2x4(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps(), a0_1 = _mm256_setzero_ps(), a0_2 = _mm256_setzero_ps(), a0_3 = _mm256_setzero_ps();
  __m256 a1_0 = _mm256_setzero_ps(), a1_1 = _mm256_setzero_ps(), a1_2 = _mm256_setzero_ps(), a1_3 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 w1 = _mm256_loadu_ps(wr + 8);
        const __m256 w2 = _mm256_loadu_ps(wr + 16);
        const __m256 w3 = _mm256_loadu_ps(wr + 24);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0); a0_1 = _mm256_fmadd_ps(w1, x0, a0_1); a0_2 = _mm256_fmadd_ps(w2, x0, a0_2); a0_3 = _mm256_fmadd_ps(w3, x0, a0_3);
        const __m256 x1 = _mm256_broadcast_ss(xr + 1);
        a1_0 = _mm256_fmadd_ps(w0, x1, a1_0); a1_1 = _mm256_fmadd_ps(w1, x1, a1_1); a1_2 = _mm256_fmadd_ps(w2, x1, a1_2); a1_3 = _mm256_fmadd_ps(w3, x1, a1_3);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0); _mm256_storeu_ps(out + 0 * O + 8, a0_1); _mm256_storeu_ps(out + 0 * O + 16, a0_2); _mm256_storeu_ps(out + 0 * O + 24, a0_3);
  _mm256_storeu_ps(out + 1 * O + 0, a1_0); _mm256_storeu_ps(out + 1 * O + 8, a1_1); _mm256_storeu_ps(out + 1 * O + 16, a1_2); _mm256_storeu_ps(out + 1 * O + 24, a1_3);
}

static void tile_3x4(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps(), a0_1 = _mm256_setzero_ps(), a0_2 = _mm256_setzero_ps(), a0_3 = _mm256_setzero_ps();
  __m256 a1_0 = _mm256_setzero_ps(), a1_1 = _mm256_setzero_ps(), a1_2 = _mm256_setzero_ps(), a1_3 = _mm256_setzero_ps();
  __m256 a2_0 = _mm256_setzero_ps(), a2_1 = _mm256_setzero_ps(), a2_2 = _mm256_setzero_ps(), a2_3 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 w1 = _mm256_loadu_ps(wr + 8);
        const __m256 w2 = _mm256_loadu_ps(wr + 16);
        const __m256 w3 = _mm256_loadu_ps(wr + 24);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0); a0_1 = _mm256_fmadd_ps(w1, x0, a0_1); a0_2 = _mm256_fmadd_ps(w2, x0, a0_2); a0_3 = _mm256_fmadd_ps(w3, x0, a0_3);
        const __m256 x1 = _mm256_broadcast_ss(xr + 1);
        a1_0 = _mm256_fmadd_ps(w0, x1, a1_0); a1_1 = _mm256_fmadd_ps(w1, x1, a1_1); a1_2 = _mm256_fmadd_ps(w2, x1, a1_2); a1_3 = _mm256_fmadd_ps(w3, x1, a1_3);
        const __m256 x2 = _mm256_broadcast_ss(xr + 2);
        a2_0 = _mm256_fmadd_ps(w0, x2, a2_0); a2_1 = _mm256_fmadd_ps(w1, x2, a2_1); a2_2 = _mm256_fmadd_ps(w2, x2, a2_2); a2_3 = _mm256_fmadd_ps(w3, x2, a2_3);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0); _mm256_storeu_ps(out + 0 * O + 8, a0_1); _mm256_storeu_ps(out + 0 * O + 16, a0_2); _mm256_storeu_ps(out + 0 * O + 24, a0_3);
  _mm256_storeu_ps(out + 1 * O + 0, a1_0); _mm256_storeu_ps(out + 1 * O + 8, a1_1); _mm256_storeu_ps(out + 1 * O + 16, a1_2); _mm256_storeu_ps(out + 1 * O + 24, a1_3);
  _mm256_storeu_ps(out + 2 * O + 0, a2_0); _mm256_storeu_ps(out + 2 * O + 8, a2_1); _mm256_storeu_ps(out + 2 * O + 16, a2_2); _mm256_storeu_ps(out + 2 * O + 24, a2_3);
}

static void tile_1x3(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps(), a0_1 = _mm256_setzero_ps(), a0_2 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 w1 = _mm256_loadu_ps(wr + 8);
        const __m256 w2 = _mm256_loadu_ps(wr + 16);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0); a0_1 = _mm256_fmadd_ps(w1, x0, a0_1); a0_2 = _mm256_fmadd_ps(w2, x0, a0_2);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0); _mm256_storeu_ps(out + 0 * O + 8, a0_1); _mm256_storeu_ps(out + 0 * O + 16, a0_2);
}

static void tile_2x3(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps(), a0_1 = _mm256_setzero_ps(), a0_2 = _mm256_setzero_ps();
  __m256 a1_0 = _mm256_setzero_ps(), a1_1 = _mm256_setzero_ps(), a1_2 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 w1 = _mm256_loadu_ps(wr + 8);
        const __m256 w2 = _mm256_loadu_ps(wr + 16);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0); a0_1 = _mm256_fmadd_ps(w1, x0, a0_1); a0_2 = _mm256_fmadd_ps(w2, x0, a0_2);
        const __m256 x1 = _mm256_broadcast_ss(xr + 1);
        a1_0 = _mm256_fmadd_ps(w0, x1, a1_0); a1_1 = _mm256_fmadd_ps(w1, x1, a1_1); a1_2 = _mm256_fmadd_ps(w2, x1, a1_2);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0); _mm256_storeu_ps(out + 0 * O + 8, a0_1); _mm256_storeu_ps(out + 0 * O + 16, a0_2);
  _mm256_storeu_ps(out + 1 * O + 0, a1_0); _mm256_storeu_ps(out + 1 * O + 8, a1_1); _mm256_storeu_ps(out + 1 * O + 16, a1_2);
}

static void tile_3x3(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps(), a0_1 = _mm256_setzero_ps(), a0_2 = _mm256_setzero_ps();
  __m256 a1_0 = _mm256_setzero_ps(), a1_1 = _mm256_setzero_ps(), a1_2 = _mm256_setzero_ps();
  __m256 a2_0 = _mm256_setzero_ps(), a2_1 = _mm256_setzero_ps(), a2_2 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 w1 = _mm256_loadu_ps(wr + 8);
        const __m256 w2 = _mm256_loadu_ps(wr + 16);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0); a0_1 = _mm256_fmadd_ps(w1, x0, a0_1); a0_2 = _mm256_fmadd_ps(w2, x0, a0_2);
        const __m256 x1 = _mm256_broadcast_ss(xr + 1);
        a1_0 = _mm256_fmadd_ps(w0, x1, a1_0); a1_1 = _mm256_fmadd_ps(w1, x1, a1_1); a1_2 = _mm256_fmadd_ps(w2, x1, a1_2);
        const __m256 x2 = _mm256_broadcast_ss(xr + 2);
        a2_0 = _mm256_fmadd_ps(w0, x2, a2_0); a2_1 = _mm256_fmadd_ps(w1, x2, a2_1); a2_2 = _mm256_fmadd_ps(w2, x2, a2_2);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0); _mm256_storeu_ps(out + 0 * O + 8, a0_1); _mm256_storeu_ps(out + 0 * O + 16, a0_2);
  _mm256_storeu_ps(out + 1 * O + 0, a1_0); _mm256_storeu_ps(out + 1 * O + 8, a1_1); _mm256_storeu_ps(out + 1 * O + 16, a1_2);
  _mm256_storeu_ps(out + 2 * O + 0, a2_0); _mm256_storeu_ps(out + 2 * O + 8, a2_1); _mm256_storeu_ps(out + 2 * O + 16, a2_2);
}

static void tile_4x3(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps(), a0_1 = _mm256_setzero_ps(), a0_2 = _mm256_setzero_ps();
  __m256 a1_0 = _mm256_setzero_ps(), a1_1 = _mm256_setzero_ps(), a1_2 = _mm256_setzero_ps();
  __m256 a2_0 = _mm256_setzero_ps(), a2_1 = _mm256_setzero_ps(), a2_2 = _mm256_setzero_ps();
  __m256 a3_0 = _mm256_setzero_ps(), a3_1 = _mm256_setzero_ps(), a3_2 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 w1 = _mm256_loadu_ps(wr + 8);
        const __m256 w2 = _mm256_loadu_ps(wr + 16);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0); a0_1 = _mm256_fmadd_ps(w1, x0, a0_1); a0_2 = _mm256_fmadd_ps(w2, x0, a0_2);
        const __m256 x1 = _mm256_broadcast_ss(xr + 1);
        a1_0 = _mm256_fmadd_ps(w0, x1, a1_0); a1_1 = _mm256_fmadd_ps(w1, x1, a1_1); a1_2 = _mm256_fmadd_ps(w2, x1, a1_2);
        const __m256 x2 = _mm256_broadcast_ss(xr + 2);
        a2_0 = _mm256_fmadd_ps(w0, x2, a2_0); a2_1 = _mm256_fmadd_ps(w1, x2, a2_1); a2_2 = _mm256_fmadd_ps(w2, x2, a2_2);
        const __m256 x3 = _mm256_broadcast_ss(xr + 3);
        a3_0 = _mm256_fmadd_ps(w0, x3, a3_0); a3_1 = _mm256_fmadd_ps(w1, x3, a3_1); a3_2 = _mm256_fmadd_ps(w2, x3, a3_2);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0); _mm256_storeu_ps(out + 0 * O + 8, a0_1); _mm256_storeu_ps(out + 0 * O + 16, a0_2);
  _mm256_storeu_ps(out + 1 * O + 0, a1_0); _mm256_storeu_ps(out + 1 * O + 8, a1_1); _mm256_storeu_ps(out + 1 * O + 16, a1_2);
  _mm256_storeu_ps(out + 2 * O + 0, a2_0); _mm256_storeu_ps(out + 2 * O + 8, a2_1); _mm256_storeu_ps(out + 2 * O + 16, a2_2);
  _mm256_storeu_ps(out + 3 * O + 0, a3_0); _mm256_storeu_ps(out + 3 * O + 8, a3_1); _mm256_storeu_ps(out + 3 * O + 16, a3_2);
}

static void tile_1x2(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps(), a0_1 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 w1 = _mm256_loadu_ps(wr + 8);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0); a0_1 = _mm256_fmadd_ps(w1, x0, a0_1);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0); _mm256_storeu_ps(out + 0 * O + 8, a0_1);
}

static void tile_2x2(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps(), a0_1 = _mm256_setzero_ps();
  __m256 a1_0 = _mm256_setzero_ps(), a1_1 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 w1 = _mm256_loadu_ps(wr + 8);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0); a0_1 = _mm256_fmadd_ps(w1, x0, a0_1);
        const __m256 x1 = _mm256_broadcast_ss(xr + 1);
        a1_0 = _mm256_fmadd_ps(w0, x1, a1_0); a1_1 = _mm256_fmadd_ps(w1, x1, a1_1);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0); _mm256_storeu_ps(out + 0 * O + 8, a0_1);
  _mm256_storeu_ps(out + 1 * O + 0, a1_0); _mm256_storeu_ps(out + 1 * O + 8, a1_1);
}

static void tile_3x2(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps(), a0_1 = _mm256_setzero_ps();
  __m256 a1_0 = _mm256_setzero_ps(), a1_1 = _mm256_setzero_ps();
  __m256 a2_0 = _mm256_setzero_ps(), a2_1 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 w1 = _mm256_loadu_ps(wr + 8);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0); a0_1 = _mm256_fmadd_ps(w1, x0, a0_1);
        const __m256 x1 = _mm256_broadcast_ss(xr + 1);
        a1_0 = _mm256_fmadd_ps(w0, x1, a1_0); a1_1 = _mm256_fmadd_ps(w1, x1, a1_1);
        const __m256 x2 = _mm256_broadcast_ss(xr + 2);
        a2_0 = _mm256_fmadd_ps(w0, x2, a2_0); a2_1 = _mm256_fmadd_ps(w1, x2, a2_1);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0); _mm256_storeu_ps(out + 0 * O + 8, a0_1);
  _mm256_storeu_ps(out + 1 * O + 0, a1_0); _mm256_storeu_ps(out + 1 * O + 8, a1_1);
  _mm256_storeu_ps(out + 2 * O + 0, a2_0); _mm256_storeu_ps(out + 2 * O + 8, a2_1);
}

static void tile_4x2(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps(), a0_1 = _mm256_setzero_ps();
  __m256 a1_0 = _mm256_setzero_ps(), a1_1 = _mm256_setzero_ps();
  __m256 a2_0 = _mm256_setzero_ps(), a2_1 = _mm256_setzero_ps();
  __m256 a3_0 = _mm256_setzero_ps(), a3_1 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 w1 = _mm256_loadu_ps(wr + 8);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0); a0_1 = _mm256_fmadd_ps(w1, x0, a0_1);
        const __m256 x1 = _mm256_broadcast_ss(xr + 1);
        a1_0 = _mm256_fmadd_ps(w0, x1, a1_0); a1_1 = _mm256_fmadd_ps(w1, x1, a1_1);
        const __m256 x2 = _mm256_broadcast_ss(xr + 2);
        a2_0 = _mm256_fmadd_ps(w0, x2, a2_0); a2_1 = _mm256_fmadd_ps(w1, x2, a2_1);
        const __m256 x3 = _mm256_broadcast_ss(xr + 3);
        a3_0 = _mm256_fmadd_ps(w0, x3, a3_0); a3_1 = _mm256_fmadd_ps(w1, x3, a3_1);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0); _mm256_storeu_ps(out + 0 * O + 8, a0_1);
  _mm256_storeu_ps(out + 1 * O + 0, a1_0); _mm256_storeu_ps(out + 1 * O + 8, a1_1);
  _mm256_storeu_ps(out + 2 * O + 0, a2_0); _mm256_storeu_ps(out + 2 * O + 8, a2_1);
  _mm256_storeu_ps(out + 3 * O + 0, a3_0); _mm256_storeu_ps(out + 3 * O + 8, a3_1);
}

static void tile_5x2(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps(), a0_1 = _mm256_setzero_ps();
  __m256 a1_0 = _mm256_setzero_ps(), a1_1 = _mm256_setzero_ps();
  __m256 a2_0 = _mm256_setzero_ps(), a2_1 = _mm256_setzero_ps();
  __m256 a3_0 = _mm256_setzero_ps(), a3_1 = _mm256_setzero_ps();
  __m256 a4_0 = _mm256_setzero_ps(), a4_1 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 w1 = _mm256_loadu_ps(wr + 8);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0); a0_1 = _mm256_fmadd_ps(w1, x0, a0_1);
        const __m256 x1 = _mm256_broadcast_ss(xr + 1);
        a1_0 = _mm256_fmadd_ps(w0, x1, a1_0); a1_1 = _mm256_fmadd_ps(w1, x1, a1_1);
        const __m256 x2 = _mm256_broadcast_ss(xr + 2);
        a2_0 = _mm256_fmadd_ps(w0, x2, a2_0); a2_1 = _mm256_fmadd_ps(w1, x2, a2_1);
        const __m256 x3 = _mm256_broadcast_ss(xr + 3);
        a3_0 = _mm256_fmadd_ps(w0, x3, a3_0); a3_1 = _mm256_fmadd_ps(w1, x3, a3_1);
        const __m256 x4 = _mm256_broadcast_ss(xr + 4);
        a4_0 = _mm256_fmadd_ps(w0, x4, a4_0); a4_1 = _mm256_fmadd_ps(w1, x4, a4_1);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0); _mm256_storeu_ps(out + 0 * O + 8, a0_1);
  _mm256_storeu_ps(out + 1 * O + 0, a1_0); _mm256_storeu_ps(out + 1 * O + 8, a1_1);
  _mm256_storeu_ps(out + 2 * O + 0, a2_0); _mm256_storeu_ps(out + 2 * O + 8, a2_1);
  _mm256_storeu_ps(out + 3 * O + 0, a3_0); _mm256_storeu_ps(out + 3 * O + 8, a3_1);
  _mm256_storeu_ps(out + 4 * O + 0, a4_0); _mm256_storeu_ps(out + 4 * O + 8, a4_1);
}

static void tile_6x2(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps(), a0_1 = _mm256_setzero_ps();
  __m256 a1_0 = _mm256_setzero_ps(), a1_1 = _mm256_setzero_ps();
  __m256 a2_0 = _mm256_setzero_ps(), a2_1 = _mm256_setzero_ps();
  __m256 a3_0 = _mm256_setzero_ps(), a3_1 = _mm256_setzero_ps();
  __m256 a4_0 = _mm256_setzero_ps(), a4_1 = _mm256_setzero_ps();
  __m256 a5_0 = _mm256_setzero_ps(), a5_1 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 w1 = _mm256_loadu_ps(wr + 8);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0); a0_1 = _mm256_fmadd_ps(w1, x0, a0_1);
        const __m256 x1 = _mm256_broadcast_ss(xr + 1);
        a1_0 = _mm256_fmadd_ps(w0, x1, a1_0); a1_1 = _mm256_fmadd_ps(w1, x1, a1_1);
        const __m256 x2 = _mm256_broadcast_ss(xr + 2);
        a2_0 = _mm256_fmadd_ps(w0, x2, a2_0); a2_1 = _mm256_fmadd_ps(w1, x2, a2_1);
        const __m256 x3 = _mm256_broadcast_ss(xr + 3);
        a3_0 = _mm256_fmadd_ps(w0, x3, a3_0); a3_1 = _mm256_fmadd_ps(w1, x3, a3_1);
        const __m256 x4 = _mm256_broadcast_ss(xr + 4);
        a4_0 = _mm256_fmadd_ps(w0, x4, a4_0); a4_1 = _mm256_fmadd_ps(w1, x4, a4_1);
        const __m256 x5 = _mm256_broadcast_ss(xr + 5);
        a5_0 = _mm256_fmadd_ps(w0, x5, a5_0); a5_1 = _mm256_fmadd_ps(w1, x5, a5_1);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0); _mm256_storeu_ps(out + 0 * O + 8, a0_1);
  _mm256_storeu_ps(out + 1 * O + 0, a1_0); _mm256_storeu_ps(out + 1 * O + 8, a1_1);
  _mm256_storeu_ps(out + 2 * O + 0, a2_0); _mm256_storeu_ps(out + 2 * O + 8, a2_1);
  _mm256_storeu_ps(out + 3 * O + 0, a3_0); _mm256_storeu_ps(out + 3 * O + 8, a3_1);
  _mm256_storeu_ps(out + 4 * O + 0, a4_0); _mm256_storeu_ps(out + 4 * O + 8, a4_1);
  _mm256_storeu_ps(out + 5 * O + 0, a5_0); _mm256_storeu_ps(out + 5 * O + 8, a5_1);
}

static void tile_1x1(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0);
}

static void tile_2x1(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps();
  __m256 a1_0 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0);
        const __m256 x1 = _mm256_broadcast_ss(xr + 1);
        a1_0 = _mm256_fmadd_ps(w0, x1, a1_0);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0);
  _mm256_storeu_ps(out + 1 * O + 0, a1_0);
}

static void tile_3x1(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps();
  __m256 a1_0 = _mm256_setzero_ps();
  __m256 a2_0 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0);
        const __m256 x1 = _mm256_broadcast_ss(xr + 1);
        a1_0 = _mm256_fmadd_ps(w0, x1, a1_0);
        const __m256 x2 = _mm256_broadcast_ss(xr + 2);
        a2_0 = _mm256_fmadd_ps(w0, x2, a2_0);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0);
  _mm256_storeu_ps(out + 1 * O + 0, a1_0);
  _mm256_storeu_ps(out + 2 * O + 0, a2_0);
}

static void tile_4x1(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps();
  __m256 a1_0 = _mm256_setzero_ps();
  __m256 a2_0 = _mm256_setzero_ps();
  __m256 a3_0 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0);
        const __m256 x1 = _mm256_broadcast_ss(xr + 1);
        a1_0 = _mm256_fmadd_ps(w0, x1, a1_0);
        const __m256 x2 = _mm256_broadcast_ss(xr + 2);
        a2_0 = _mm256_fmadd_ps(w0, x2, a2_0);
        const __m256 x3 = _mm256_broadcast_ss(xr + 3);
        a3_0 = _mm256_fmadd_ps(w0, x3, a3_0);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0);
  _mm256_storeu_ps(out + 1 * O + 0, a1_0);
  _mm256_storeu_ps(out + 2 * O + 0, a2_0);
  _mm256_storeu_ps(out + 3 * O + 0, a3_0);
}

static void tile_5x1(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps();
  __m256 a1_0 = _mm256_setzero_ps();
  __m256 a2_0 = _mm256_setzero_ps();
  __m256 a3_0 = _mm256_setzero_ps();
  __m256 a4_0 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0);
        const __m256 x1 = _mm256_broadcast_ss(xr + 1);
        a1_0 = _mm256_fmadd_ps(w0, x1, a1_0);
        const __m256 x2 = _mm256_broadcast_ss(xr + 2);
        a2_0 = _mm256_fmadd_ps(w0, x2, a2_0);
        const __m256 x3 = _mm256_broadcast_ss(xr + 3);
        a3_0 = _mm256_fmadd_ps(w0, x3, a3_0);
        const __m256 x4 = _mm256_broadcast_ss(xr + 4);
        a4_0 = _mm256_fmadd_ps(w0, x4, a4_0);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0);
  _mm256_storeu_ps(out + 1 * O + 0, a1_0);
  _mm256_storeu_ps(out + 2 * O + 0, a2_0);
  _mm256_storeu_ps(out + 3 * O + 0, a3_0);
  _mm256_storeu_ps(out + 4 * O + 0, a4_0);
}

static void tile_6x1(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps();
  __m256 a1_0 = _mm256_setzero_ps();
  __m256 a2_0 = _mm256_setzero_ps();
  __m256 a3_0 = _mm256_setzero_ps();
  __m256 a4_0 = _mm256_setzero_ps();
  __m256 a5_0 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0);
        const __m256 x1 = _mm256_broadcast_ss(xr + 1);
        a1_0 = _mm256_fmadd_ps(w0, x1, a1_0);
        const __m256 x2 = _mm256_broadcast_ss(xr + 2);
        a2_0 = _mm256_fmadd_ps(w0, x2, a2_0);
        const __m256 x3 = _mm256_broadcast_ss(xr + 3);
        a3_0 = _mm256_fmadd_ps(w0, x3, a3_0);
        const __m256 x4 = _mm256_broadcast_ss(xr + 4);
        a4_0 = _mm256_fmadd_ps(w0, x4, a4_0);
        const __m256 x5 = _mm256_broadcast_ss(xr + 5);
        a5_0 = _mm256_fmadd_ps(w0, x5, a5_0);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0);
  _mm256_storeu_ps(out + 1 * O + 0, a1_0);
  _mm256_storeu_ps(out + 2 * O + 0, a2_0);
  _mm256_storeu_ps(out + 3 * O + 0, a3_0);
  _mm256_storeu_ps(out + 4 * O + 0, a4_0);
  _mm256_storeu_ps(out + 5 * O + 0, a5_0);
}

static void tile_7x1(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps();
  __m256 a1_0 = _mm256_setzero_ps();
  __m256 a2_0 = _mm256_setzero_ps();
  __m256 a3_0 = _mm256_setzero_ps();
  __m256 a4_0 = _mm256_setzero_ps();
  __m256 a5_0 = _mm256_setzero_ps();
  __m256 a6_0 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0);
        const __m256 x1 = _mm256_broadcast_ss(xr + 1);
        a1_0 = _mm256_fmadd_ps(w0, x1, a1_0);
        const __m256 x2 = _mm256_broadcast_ss(xr + 2);
        a2_0 = _mm256_fmadd_ps(w0, x2, a2_0);
        const __m256 x3 = _mm256_broadcast_ss(xr + 3);
        a3_0 = _mm256_fmadd_ps(w0, x3, a3_0);
        const __m256 x4 = _mm256_broadcast_ss(xr + 4);
        a4_0 = _mm256_fmadd_ps(w0, x4, a4_0);
        const __m256 x5 = _mm256_broadcast_ss(xr + 5);
        a5_0 = _mm256_fmadd_ps(w0, x5, a5_0);
        const __m256 x6 = _mm256_broadcast_ss(xr + 6);
        a6_0 = _mm256_fmadd_ps(w0, x6, a6_0);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0);
  _mm256_storeu_ps(out + 1 * O + 0, a1_0);
  _mm256_storeu_ps(out + 2 * O + 0, a2_0);
  _mm256_storeu_ps(out + 3 * O + 0, a3_0);
  _mm256_storeu_ps(out + 4 * O + 0, a4_0);
  _mm256_storeu_ps(out + 5 * O + 0, a5_0);
  _mm256_storeu_ps(out + 6 * O + 0, a6_0);
}

static void tile_8x1(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps();
  __m256 a1_0 = _mm256_setzero_ps();
  __m256 a2_0 = _mm256_setzero_ps();
  __m256 a3_0 = _mm256_setzero_ps();
  __m256 a4_0 = _mm256_setzero_ps();
  __m256 a5_0 = _mm256_setzero_ps();
  __m256 a6_0 = _mm256_setzero_ps();
  __m256 a7_0 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0);
        const __m256 x1 = _mm256_broadcast_ss(xr + 1);
        a1_0 = _mm256_fmadd_ps(w0, x1, a1_0);
        const __m256 x2 = _mm256_broadcast_ss(xr + 2);
        a2_0 = _mm256_fmadd_ps(w0, x2, a2_0);
        const __m256 x3 = _mm256_broadcast_ss(xr + 3);
        a3_0 = _mm256_fmadd_ps(w0, x3, a3_0);
        const __m256 x4 = _mm256_broadcast_ss(xr + 4);
        a4_0 = _mm256_fmadd_ps(w0, x4, a4_0);
        const __m256 x5 = _mm256_broadcast_ss(xr + 5);
        a5_0 = _mm256_fmadd_ps(w0, x5, a5_0);
        const __m256 x6 = _mm256_broadcast_ss(xr + 6);
        a6_0 = _mm256_fmadd_ps(w0, x6, a6_0);
        const __m256 x7 = _mm256_broadcast_ss(xr + 7);
        a7_0 = _mm256_fmadd_ps(w0, x7, a7_0);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0);
  _mm256_storeu_ps(out + 1 * O + 0, a1_0);
  _mm256_storeu_ps(out + 2 * O + 0, a2_0);
  _mm256_storeu_ps(out + 3 * O + 0, a3_0);
  _mm256_storeu_ps(out + 4 * O + 0, a4_0);
  _mm256_storeu_ps(out + 5 * O + 0, a5_0);
  _mm256_storeu_ps(out + 6 * O + 0, a6_0);
  _mm256_storeu_ps(out + 7 * O + 0, a7_0);
}

static void tile_9x1(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps();
  __m256 a1_0 = _mm256_setzero_ps();
  __m256 a2_0 = _mm256_setzero_ps();
  __m256 a3_0 = _mm256_setzero_ps();
  __m256 a4_0 = _mm256_setzero_ps();
  __m256 a5_0 = _mm256_setzero_ps();
  __m256 a6_0 = _mm256_setzero_ps();
  __m256 a7_0 = _mm256_setzero_ps();
  __m256 a8_0 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0);
        const __m256 x1 = _mm256_broadcast_ss(xr + 1);
        a1_0 = _mm256_fmadd_ps(w0, x1, a1_0);
        const __m256 x2 = _mm256_broadcast_ss(xr + 2);
        a2_0 = _mm256_fmadd_ps(w0, x2, a2_0);
        const __m256 x3 = _mm256_broadcast_ss(xr + 3);
        a3_0 = _mm256_fmadd_ps(w0, x3, a3_0);
        const __m256 x4 = _mm256_broadcast_ss(xr + 4);
        a4_0 = _mm256_fmadd_ps(w0, x4, a4_0);
        const __m256 x5 = _mm256_broadcast_ss(xr + 5);
        a5_0 = _mm256_fmadd_ps(w0, x5, a5_0);
        const __m256 x6 = _mm256_broadcast_ss(xr + 6);
        a6_0 = _mm256_fmadd_ps(w0, x6, a6_0);
        const __m256 x7 = _mm256_broadcast_ss(xr + 7);
        a7_0 = _mm256_fmadd_ps(w0, x7, a7_0);
        const __m256 x8 = _mm256_broadcast_ss(xr + 8);
        a8_0 = _mm256_fmadd_ps(w0, x8, a8_0);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0);
  _mm256_storeu_ps(out + 1 * O + 0, a1_0);
  _mm256_storeu_ps(out + 2 * O + 0, a2_0);
  _mm256_storeu_ps(out + 3 * O + 0, a3_0);
  _mm256_storeu_ps(out + 4 * O + 0, a4_0);
  _mm256_storeu_ps(out + 5 * O + 0, a5_0);
  _mm256_storeu_ps(out + 6 * O + 0, a6_0);
  _mm256_storeu_ps(out + 7 * O + 0, a7_0);
  _mm256_storeu_ps(out + 8 * O + 0, a8_0);
}

static void tile_10x1(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps();
  __m256 a1_0 = _mm256_setzero_ps();
  __m256 a2_0 = _mm256_setzero_ps();
  __m256 a3_0 = _mm256_setzero_ps();
  __m256 a4_0 = _mm256_setzero_ps();
  __m256 a5_0 = _mm256_setzero_ps();
  __m256 a6_0 = _mm256_setzero_ps();
  __m256 a7_0 = _mm256_setzero_ps();
  __m256 a8_0 = _mm256_setzero_ps();
  __m256 a9_0 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0);
        const __m256 x1 = _mm256_broadcast_ss(xr + 1);
        a1_0 = _mm256_fmadd_ps(w0, x1, a1_0);
        const __m256 x2 = _mm256_broadcast_ss(xr + 2);
        a2_0 = _mm256_fmadd_ps(w0, x2, a2_0);
        const __m256 x3 = _mm256_broadcast_ss(xr + 3);
        a3_0 = _mm256_fmadd_ps(w0, x3, a3_0);
        const __m256 x4 = _mm256_broadcast_ss(xr + 4);
        a4_0 = _mm256_fmadd_ps(w0, x4, a4_0);
        const __m256 x5 = _mm256_broadcast_ss(xr + 5);
        a5_0 = _mm256_fmadd_ps(w0, x5, a5_0);
        const __m256 x6 = _mm256_broadcast_ss(xr + 6);
        a6_0 = _mm256_fmadd_ps(w0, x6, a6_0);
        const __m256 x7 = _mm256_broadcast_ss(xr + 7);
        a7_0 = _mm256_fmadd_ps(w0, x7, a7_0);
        const __m256 x8 = _mm256_broadcast_ss(xr + 8);
        a8_0 = _mm256_fmadd_ps(w0, x8, a8_0);
        const __m256 x9 = _mm256_broadcast_ss(xr + 9);
        a9_0 = _mm256_fmadd_ps(w0, x9, a9_0);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0);
  _mm256_storeu_ps(out + 1 * O + 0, a1_0);
  _mm256_storeu_ps(out + 2 * O + 0, a2_0);
  _mm256_storeu_ps(out + 3 * O + 0, a3_0);
  _mm256_storeu_ps(out + 4 * O + 0, a4_0);
  _mm256_storeu_ps(out + 5 * O + 0, a5_0);
  _mm256_storeu_ps(out + 6 * O + 0, a6_0);
  _mm256_storeu_ps(out + 7 * O + 0, a7_0);
  _mm256_storeu_ps(out + 8 * O + 0, a8_0);
  _mm256_storeu_ps(out + 9 * O + 0, a9_0);
}

static void tile_11x1(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps();
  __m256 a1_0 = _mm256_setzero_ps();
  __m256 a2_0 = _mm256_setzero_ps();
  __m256 a3_0 = _mm256_setzero_ps();
  __m256 a4_0 = _mm256_setzero_ps();
  __m256 a5_0 = _mm256_setzero_ps();
  __m256 a6_0 = _mm256_setzero_ps();
  __m256 a7_0 = _mm256_setzero_ps();
  __m256 a8_0 = _mm256_setzero_ps();
  __m256 a9_0 = _mm256_setzero_ps();
  __m256 a10_0 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0);
        const __m256 x1 = _mm256_broadcast_ss(xr + 1);
        a1_0 = _mm256_fmadd_ps(w0, x1, a1_0);
        const __m256 x2 = _mm256_broadcast_ss(xr + 2);
        a2_0 = _mm256_fmadd_ps(w0, x2, a2_0);
        const __m256 x3 = _mm256_broadcast_ss(xr + 3);
        a3_0 = _mm256_fmadd_ps(w0, x3, a3_0);
        const __m256 x4 = _mm256_broadcast_ss(xr + 4);
        a4_0 = _mm256_fmadd_ps(w0, x4, a4_0);
        const __m256 x5 = _mm256_broadcast_ss(xr + 5);
        a5_0 = _mm256_fmadd_ps(w0, x5, a5_0);
        const __m256 x6 = _mm256_broadcast_ss(xr + 6);
        a6_0 = _mm256_fmadd_ps(w0, x6, a6_0);
        const __m256 x7 = _mm256_broadcast_ss(xr + 7);
        a7_0 = _mm256_fmadd_ps(w0, x7, a7_0);
        const __m256 x8 = _mm256_broadcast_ss(xr + 8);
        a8_0 = _mm256_fmadd_ps(w0, x8, a8_0);
        const __m256 x9 = _mm256_broadcast_ss(xr + 9);
        a9_0 = _mm256_fmadd_ps(w0, x9, a9_0);
        const __m256 x10 = _mm256_broadcast_ss(xr + 10);
        a10_0 = _mm256_fmadd_ps(w0, x10, a10_0);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0);
  _mm256_storeu_ps(out + 1 * O + 0, a1_0);
  _mm256_storeu_ps(out + 2 * O + 0, a2_0);
  _mm256_storeu_ps(out + 3 * O + 0, a3_0);
  _mm256_storeu_ps(out + 4 * O + 0, a4_0);
  _mm256_storeu_ps(out + 5 * O + 0, a5_0);
  _mm256_storeu_ps(out + 6 * O + 0, a6_0);
  _mm256_storeu_ps(out + 7 * O + 0, a7_0);
  _mm256_storeu_ps(out + 8 * O + 0, a8_0);
  _mm256_storeu_ps(out + 9 * O + 0, a9_0);
  _mm256_storeu_ps(out + 10 * O + 0, a10_0);
}

static void tile_12x1(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh, int64_t kw,
                      const float *x0, float *out) {
  __m256 a0_0 = _mm256_setzero_ps();
  __m256 a1_0 = _mm256_setzero_ps();
  __m256 a2_0 = _mm256_setzero_ps();
  __m256 a3_0 = _mm256_setzero_ps();
  __m256 a4_0 = _mm256_setzero_ps();
  __m256 a5_0 = _mm256_setzero_ps();
  __m256 a6_0 = _mm256_setzero_ps();
  __m256 a7_0 = _mm256_setzero_ps();
  __m256 a8_0 = _mm256_setzero_ps();
  __m256 a9_0 = _mm256_setzero_ps();
  __m256 a10_0 = _mm256_setzero_ps();
  __m256 a11_0 = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        const __m256 w0 = _mm256_loadu_ps(wr + 0);
        const __m256 x0 = _mm256_broadcast_ss(xr + 0);
        a0_0 = _mm256_fmadd_ps(w0, x0, a0_0);
        const __m256 x1 = _mm256_broadcast_ss(xr + 1);
        a1_0 = _mm256_fmadd_ps(w0, x1, a1_0);
        const __m256 x2 = _mm256_broadcast_ss(xr + 2);
        a2_0 = _mm256_fmadd_ps(w0, x2, a2_0);
        const __m256 x3 = _mm256_broadcast_ss(xr + 3);
        a3_0 = _mm256_fmadd_ps(w0, x3, a3_0);
        const __m256 x4 = _mm256_broadcast_ss(xr + 4);
        a4_0 = _mm256_fmadd_ps(w0, x4, a4_0);
        const __m256 x5 = _mm256_broadcast_ss(xr + 5);
        a5_0 = _mm256_fmadd_ps(w0, x5, a5_0);
        const __m256 x6 = _mm256_broadcast_ss(xr + 6);
        a6_0 = _mm256_fmadd_ps(w0, x6, a6_0);
        const __m256 x7 = _mm256_broadcast_ss(xr + 7);
        a7_0 = _mm256_fmadd_ps(w0, x7, a7_0);
        const __m256 x8 = _mm256_broadcast_ss(xr + 8);
        a8_0 = _mm256_fmadd_ps(w0, x8, a8_0);
        const __m256 x9 = _mm256_broadcast_ss(xr + 9);
        a9_0 = _mm256_fmadd_ps(w0, x9, a9_0);
        const __m256 x10 = _mm256_broadcast_ss(xr + 10);
        a10_0 = _mm256_fmadd_ps(w0, x10, a10_0);
        const __m256 x11 = _mm256_broadcast_ss(xr + 11);
        a11_0 = _mm256_fmadd_ps(w0, x11, a11_0);
      }
    }
  }
  _mm256_storeu_ps(out + 0 * O + 0, a0_0);
  _mm256_storeu_ps(out + 1 * O + 0, a1_0);
  _mm256_storeu_ps(out + 2 * O + 0, a2_0);
  _mm256_storeu_ps(out + 3 * O + 0, a3_0);
  _mm256_storeu_ps(out + 4 * O + 0, a4_0);
  _mm256_storeu_ps(out + 5 * O + 0, a5_0);
  _mm256_storeu_ps(out + 6 * O + 0, a6_0);
  _mm256_storeu_ps(out + 7 * O + 0, a7_0);
  _mm256_storeu_ps(out + 8 * O + 0, a8_0);
  _mm256_storeu_ps(out + 9 * O + 0, a9_0);
  _mm256_storeu_ps(out + 10 * O + 0, a10_0);
  _mm256_storeu_ps(out + 11 * O + 0, a11_0);
}

typedef void (*tile_fn)(int64_t, int64_t, int64_t, const float *, int64_t, int64_t, int64_t, const float *, float *);
/* TILES[OB - 1][XB - 1]: the tile of XB positions by OB channel vectors (NULL past the full width). */
static const tile_fn TILES[4][12] = {
    {tile_1x1, tile_2x1, tile_3x1, tile_4x1, tile_5x1, tile_6x1, tile_7x1, tile_8x1, tile_9x1, tile_10x1, tile_11x1, tile_12x1},
    {tile_1x2, tile_2x2, tile_3x2, tile_4x2, tile_5x2, tile_6x2, NULL, NULL, NULL, NULL, NULL, NULL},
    {tile_1x3, tile_2x3, tile_3x3, tile_4x3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
    {tile_1x4, tile_2x4, tile_3x4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL}};

void conv_direct_avx2(const float *xp, int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh,
                      int64_t kw, int64_t oh, int64_t ow, float *out) {
  const int XB = conv_direct_block_avx2(O);
  const int OB = XB == 3 ? 4 : XB == 4 ? 3 : XB == 6 ? 2 : 1;
  const int64_t group = 8 * OB;
  for (int64_t y = 0; y < oh; y++) {
    for (int64_t x = 0; x < ow; x += XB) {
      const int64_t width = ow - x < XB ? ow - x : XB;
      const tile_fn tile = TILES[OB - 1][width - 1];
      const float *x0 = xp + y * Wp + x;
      float *o0 = out + (y * ow + x) * O;
      for (int64_t ob = 0; ob < O; ob += group) tile(C, Hp, Wp, wt + ob, O, kh, kw, x0, o0 + ob);
    }
  }
}


/* The weight gradient of one sample, added onto acc [taps][O] (O a multiple of 8):
 *   acc[t][o] += sum over output positions (y, x) of g[y·ow + x][o] · xp[tap_off[t] + y·Wp + x],
 * the positions summed in order onto acc. The taps lie along the tile (XB of them) and the channels
 * along the lanes; taps is a multiple of conv_direct_block_avx2(O), and tap_off holds each tap's
 * offset in the padded sample xp (its channel's plane, row ki, column kj). */

static void grad_tile_3x4(const float *xp, int64_t Wp, const int64_t *off, const float *g, int64_t O, int64_t oh,
                             int64_t ow, float *acc) {
  const float *x0 = xp + off[0];
  const float *x1 = xp + off[1];
  const float *x2 = xp + off[2];
  __m256 a0_0 = _mm256_loadu_ps(acc + 0 * O + 0), a0_1 = _mm256_loadu_ps(acc + 0 * O + 8), a0_2 = _mm256_loadu_ps(acc + 0 * O + 16), a0_3 = _mm256_loadu_ps(acc + 0 * O + 24);
  __m256 a1_0 = _mm256_loadu_ps(acc + 1 * O + 0), a1_1 = _mm256_loadu_ps(acc + 1 * O + 8), a1_2 = _mm256_loadu_ps(acc + 1 * O + 16), a1_3 = _mm256_loadu_ps(acc + 1 * O + 24);
  __m256 a2_0 = _mm256_loadu_ps(acc + 2 * O + 0), a2_1 = _mm256_loadu_ps(acc + 2 * O + 8), a2_2 = _mm256_loadu_ps(acc + 2 * O + 16), a2_3 = _mm256_loadu_ps(acc + 2 * O + 24);
  for (int64_t y = 0; y < oh; y++) {
    const float *gr = g + y * ow * O;
    const int64_t row = y * Wp;
    for (int64_t x = 0; x < ow; x++, gr += O) {
      const __m256 g0 = _mm256_loadu_ps(gr + 0);
      const __m256 g1 = _mm256_loadu_ps(gr + 8);
      const __m256 g2 = _mm256_loadu_ps(gr + 16);
      const __m256 g3 = _mm256_loadu_ps(gr + 24);
      const __m256 b0 = _mm256_broadcast_ss(x0 + row + x);
      a0_0 = _mm256_fmadd_ps(g0, b0, a0_0); a0_1 = _mm256_fmadd_ps(g1, b0, a0_1); a0_2 = _mm256_fmadd_ps(g2, b0, a0_2); a0_3 = _mm256_fmadd_ps(g3, b0, a0_3);
      const __m256 b1 = _mm256_broadcast_ss(x1 + row + x);
      a1_0 = _mm256_fmadd_ps(g0, b1, a1_0); a1_1 = _mm256_fmadd_ps(g1, b1, a1_1); a1_2 = _mm256_fmadd_ps(g2, b1, a1_2); a1_3 = _mm256_fmadd_ps(g3, b1, a1_3);
      const __m256 b2 = _mm256_broadcast_ss(x2 + row + x);
      a2_0 = _mm256_fmadd_ps(g0, b2, a2_0); a2_1 = _mm256_fmadd_ps(g1, b2, a2_1); a2_2 = _mm256_fmadd_ps(g2, b2, a2_2); a2_3 = _mm256_fmadd_ps(g3, b2, a2_3);
    }
  }
  _mm256_storeu_ps(acc + 0 * O + 0, a0_0); _mm256_storeu_ps(acc + 0 * O + 8, a0_1); _mm256_storeu_ps(acc + 0 * O + 16, a0_2); _mm256_storeu_ps(acc + 0 * O + 24, a0_3);
  _mm256_storeu_ps(acc + 1 * O + 0, a1_0); _mm256_storeu_ps(acc + 1 * O + 8, a1_1); _mm256_storeu_ps(acc + 1 * O + 16, a1_2); _mm256_storeu_ps(acc + 1 * O + 24, a1_3);
  _mm256_storeu_ps(acc + 2 * O + 0, a2_0); _mm256_storeu_ps(acc + 2 * O + 8, a2_1); _mm256_storeu_ps(acc + 2 * O + 16, a2_2); _mm256_storeu_ps(acc + 2 * O + 24, a2_3);
}

static void grad_tile_4x3(const float *xp, int64_t Wp, const int64_t *off, const float *g, int64_t O, int64_t oh,
                             int64_t ow, float *acc) {
  const float *x0 = xp + off[0];
  const float *x1 = xp + off[1];
  const float *x2 = xp + off[2];
  const float *x3 = xp + off[3];
  __m256 a0_0 = _mm256_loadu_ps(acc + 0 * O + 0), a0_1 = _mm256_loadu_ps(acc + 0 * O + 8), a0_2 = _mm256_loadu_ps(acc + 0 * O + 16);
  __m256 a1_0 = _mm256_loadu_ps(acc + 1 * O + 0), a1_1 = _mm256_loadu_ps(acc + 1 * O + 8), a1_2 = _mm256_loadu_ps(acc + 1 * O + 16);
  __m256 a2_0 = _mm256_loadu_ps(acc + 2 * O + 0), a2_1 = _mm256_loadu_ps(acc + 2 * O + 8), a2_2 = _mm256_loadu_ps(acc + 2 * O + 16);
  __m256 a3_0 = _mm256_loadu_ps(acc + 3 * O + 0), a3_1 = _mm256_loadu_ps(acc + 3 * O + 8), a3_2 = _mm256_loadu_ps(acc + 3 * O + 16);
  for (int64_t y = 0; y < oh; y++) {
    const float *gr = g + y * ow * O;
    const int64_t row = y * Wp;
    for (int64_t x = 0; x < ow; x++, gr += O) {
      const __m256 g0 = _mm256_loadu_ps(gr + 0);
      const __m256 g1 = _mm256_loadu_ps(gr + 8);
      const __m256 g2 = _mm256_loadu_ps(gr + 16);
      const __m256 b0 = _mm256_broadcast_ss(x0 + row + x);
      a0_0 = _mm256_fmadd_ps(g0, b0, a0_0); a0_1 = _mm256_fmadd_ps(g1, b0, a0_1); a0_2 = _mm256_fmadd_ps(g2, b0, a0_2);
      const __m256 b1 = _mm256_broadcast_ss(x1 + row + x);
      a1_0 = _mm256_fmadd_ps(g0, b1, a1_0); a1_1 = _mm256_fmadd_ps(g1, b1, a1_1); a1_2 = _mm256_fmadd_ps(g2, b1, a1_2);
      const __m256 b2 = _mm256_broadcast_ss(x2 + row + x);
      a2_0 = _mm256_fmadd_ps(g0, b2, a2_0); a2_1 = _mm256_fmadd_ps(g1, b2, a2_1); a2_2 = _mm256_fmadd_ps(g2, b2, a2_2);
      const __m256 b3 = _mm256_broadcast_ss(x3 + row + x);
      a3_0 = _mm256_fmadd_ps(g0, b3, a3_0); a3_1 = _mm256_fmadd_ps(g1, b3, a3_1); a3_2 = _mm256_fmadd_ps(g2, b3, a3_2);
    }
  }
  _mm256_storeu_ps(acc + 0 * O + 0, a0_0); _mm256_storeu_ps(acc + 0 * O + 8, a0_1); _mm256_storeu_ps(acc + 0 * O + 16, a0_2);
  _mm256_storeu_ps(acc + 1 * O + 0, a1_0); _mm256_storeu_ps(acc + 1 * O + 8, a1_1); _mm256_storeu_ps(acc + 1 * O + 16, a1_2);
  _mm256_storeu_ps(acc + 2 * O + 0, a2_0); _mm256_storeu_ps(acc + 2 * O + 8, a2_1); _mm256_storeu_ps(acc + 2 * O + 16, a2_2);
  _mm256_storeu_ps(acc + 3 * O + 0, a3_0); _mm256_storeu_ps(acc + 3 * O + 8, a3_1); _mm256_storeu_ps(acc + 3 * O + 16, a3_2);
}

static void grad_tile_6x2(const float *xp, int64_t Wp, const int64_t *off, const float *g, int64_t O, int64_t oh,
                             int64_t ow, float *acc) {
  const float *x0 = xp + off[0];
  const float *x1 = xp + off[1];
  const float *x2 = xp + off[2];
  const float *x3 = xp + off[3];
  const float *x4 = xp + off[4];
  const float *x5 = xp + off[5];
  __m256 a0_0 = _mm256_loadu_ps(acc + 0 * O + 0), a0_1 = _mm256_loadu_ps(acc + 0 * O + 8);
  __m256 a1_0 = _mm256_loadu_ps(acc + 1 * O + 0), a1_1 = _mm256_loadu_ps(acc + 1 * O + 8);
  __m256 a2_0 = _mm256_loadu_ps(acc + 2 * O + 0), a2_1 = _mm256_loadu_ps(acc + 2 * O + 8);
  __m256 a3_0 = _mm256_loadu_ps(acc + 3 * O + 0), a3_1 = _mm256_loadu_ps(acc + 3 * O + 8);
  __m256 a4_0 = _mm256_loadu_ps(acc + 4 * O + 0), a4_1 = _mm256_loadu_ps(acc + 4 * O + 8);
  __m256 a5_0 = _mm256_loadu_ps(acc + 5 * O + 0), a5_1 = _mm256_loadu_ps(acc + 5 * O + 8);
  for (int64_t y = 0; y < oh; y++) {
    const float *gr = g + y * ow * O;
    const int64_t row = y * Wp;
    for (int64_t x = 0; x < ow; x++, gr += O) {
      const __m256 g0 = _mm256_loadu_ps(gr + 0);
      const __m256 g1 = _mm256_loadu_ps(gr + 8);
      const __m256 b0 = _mm256_broadcast_ss(x0 + row + x);
      a0_0 = _mm256_fmadd_ps(g0, b0, a0_0); a0_1 = _mm256_fmadd_ps(g1, b0, a0_1);
      const __m256 b1 = _mm256_broadcast_ss(x1 + row + x);
      a1_0 = _mm256_fmadd_ps(g0, b1, a1_0); a1_1 = _mm256_fmadd_ps(g1, b1, a1_1);
      const __m256 b2 = _mm256_broadcast_ss(x2 + row + x);
      a2_0 = _mm256_fmadd_ps(g0, b2, a2_0); a2_1 = _mm256_fmadd_ps(g1, b2, a2_1);
      const __m256 b3 = _mm256_broadcast_ss(x3 + row + x);
      a3_0 = _mm256_fmadd_ps(g0, b3, a3_0); a3_1 = _mm256_fmadd_ps(g1, b3, a3_1);
      const __m256 b4 = _mm256_broadcast_ss(x4 + row + x);
      a4_0 = _mm256_fmadd_ps(g0, b4, a4_0); a4_1 = _mm256_fmadd_ps(g1, b4, a4_1);
      const __m256 b5 = _mm256_broadcast_ss(x5 + row + x);
      a5_0 = _mm256_fmadd_ps(g0, b5, a5_0); a5_1 = _mm256_fmadd_ps(g1, b5, a5_1);
    }
  }
  _mm256_storeu_ps(acc + 0 * O + 0, a0_0); _mm256_storeu_ps(acc + 0 * O + 8, a0_1);
  _mm256_storeu_ps(acc + 1 * O + 0, a1_0); _mm256_storeu_ps(acc + 1 * O + 8, a1_1);
  _mm256_storeu_ps(acc + 2 * O + 0, a2_0); _mm256_storeu_ps(acc + 2 * O + 8, a2_1);
  _mm256_storeu_ps(acc + 3 * O + 0, a3_0); _mm256_storeu_ps(acc + 3 * O + 8, a3_1);
  _mm256_storeu_ps(acc + 4 * O + 0, a4_0); _mm256_storeu_ps(acc + 4 * O + 8, a4_1);
  _mm256_storeu_ps(acc + 5 * O + 0, a5_0); _mm256_storeu_ps(acc + 5 * O + 8, a5_1);
}

static void grad_tile_12x1(const float *xp, int64_t Wp, const int64_t *off, const float *g, int64_t O, int64_t oh,
                             int64_t ow, float *acc) {
  const float *x0 = xp + off[0];
  const float *x1 = xp + off[1];
  const float *x2 = xp + off[2];
  const float *x3 = xp + off[3];
  const float *x4 = xp + off[4];
  const float *x5 = xp + off[5];
  const float *x6 = xp + off[6];
  const float *x7 = xp + off[7];
  const float *x8 = xp + off[8];
  const float *x9 = xp + off[9];
  const float *x10 = xp + off[10];
  const float *x11 = xp + off[11];
  __m256 a0_0 = _mm256_loadu_ps(acc + 0 * O + 0);
  __m256 a1_0 = _mm256_loadu_ps(acc + 1 * O + 0);
  __m256 a2_0 = _mm256_loadu_ps(acc + 2 * O + 0);
  __m256 a3_0 = _mm256_loadu_ps(acc + 3 * O + 0);
  __m256 a4_0 = _mm256_loadu_ps(acc + 4 * O + 0);
  __m256 a5_0 = _mm256_loadu_ps(acc + 5 * O + 0);
  __m256 a6_0 = _mm256_loadu_ps(acc + 6 * O + 0);
  __m256 a7_0 = _mm256_loadu_ps(acc + 7 * O + 0);
  __m256 a8_0 = _mm256_loadu_ps(acc + 8 * O + 0);
  __m256 a9_0 = _mm256_loadu_ps(acc + 9 * O + 0);
  __m256 a10_0 = _mm256_loadu_ps(acc + 10 * O + 0);
  __m256 a11_0 = _mm256_loadu_ps(acc + 11 * O + 0);
  for (int64_t y = 0; y < oh; y++) {
    const float *gr = g + y * ow * O;
    const int64_t row = y * Wp;
    for (int64_t x = 0; x < ow; x++, gr += O) {
      const __m256 g0 = _mm256_loadu_ps(gr + 0);
      const __m256 b0 = _mm256_broadcast_ss(x0 + row + x);
      a0_0 = _mm256_fmadd_ps(g0, b0, a0_0);
      const __m256 b1 = _mm256_broadcast_ss(x1 + row + x);
      a1_0 = _mm256_fmadd_ps(g0, b1, a1_0);
      const __m256 b2 = _mm256_broadcast_ss(x2 + row + x);
      a2_0 = _mm256_fmadd_ps(g0, b2, a2_0);
      const __m256 b3 = _mm256_broadcast_ss(x3 + row + x);
      a3_0 = _mm256_fmadd_ps(g0, b3, a3_0);
      const __m256 b4 = _mm256_broadcast_ss(x4 + row + x);
      a4_0 = _mm256_fmadd_ps(g0, b4, a4_0);
      const __m256 b5 = _mm256_broadcast_ss(x5 + row + x);
      a5_0 = _mm256_fmadd_ps(g0, b5, a5_0);
      const __m256 b6 = _mm256_broadcast_ss(x6 + row + x);
      a6_0 = _mm256_fmadd_ps(g0, b6, a6_0);
      const __m256 b7 = _mm256_broadcast_ss(x7 + row + x);
      a7_0 = _mm256_fmadd_ps(g0, b7, a7_0);
      const __m256 b8 = _mm256_broadcast_ss(x8 + row + x);
      a8_0 = _mm256_fmadd_ps(g0, b8, a8_0);
      const __m256 b9 = _mm256_broadcast_ss(x9 + row + x);
      a9_0 = _mm256_fmadd_ps(g0, b9, a9_0);
      const __m256 b10 = _mm256_broadcast_ss(x10 + row + x);
      a10_0 = _mm256_fmadd_ps(g0, b10, a10_0);
      const __m256 b11 = _mm256_broadcast_ss(x11 + row + x);
      a11_0 = _mm256_fmadd_ps(g0, b11, a11_0);
    }
  }
  _mm256_storeu_ps(acc + 0 * O + 0, a0_0);
  _mm256_storeu_ps(acc + 1 * O + 0, a1_0);
  _mm256_storeu_ps(acc + 2 * O + 0, a2_0);
  _mm256_storeu_ps(acc + 3 * O + 0, a3_0);
  _mm256_storeu_ps(acc + 4 * O + 0, a4_0);
  _mm256_storeu_ps(acc + 5 * O + 0, a5_0);
  _mm256_storeu_ps(acc + 6 * O + 0, a6_0);
  _mm256_storeu_ps(acc + 7 * O + 0, a7_0);
  _mm256_storeu_ps(acc + 8 * O + 0, a8_0);
  _mm256_storeu_ps(acc + 9 * O + 0, a9_0);
  _mm256_storeu_ps(acc + 10 * O + 0, a10_0);
  _mm256_storeu_ps(acc + 11 * O + 0, a11_0);
}

void conv_grad_weight_avx2(const float *xp, int64_t Wp, const int64_t *tap_off, int64_t taps, const float *g,
                           int64_t O, int64_t oh, int64_t ow, float *acc) {
  const int XB = conv_direct_block_avx2(O);
  const int64_t group = XB == 3 ? 32 : XB == 4 ? 24 : XB == 6 ? 16 : 8;
  for (int64_t t = 0; t < taps; t += XB) {
    for (int64_t ob = 0; ob < O; ob += group) {
      float *a = acc + t * O + ob;
      if (XB == 3) grad_tile_3x4(xp, Wp, tap_off + t, g + ob, O, oh, ow, a);
      else if (XB == 4) grad_tile_4x3(xp, Wp, tap_off + t, g + ob, O, oh, ow, a);
      else if (XB == 6) grad_tile_6x2(xp, Wp, tap_off + t, g + ob, O, oh, ow, a);
      else grad_tile_12x1(xp, Wp, tap_off + t, g + ob, O, oh, ow, a);
    }
  }
}

/* out [O][oh][ow] = res [oh][ow][O] (+ bias): 4 x 4 blocks moved through registers, so both sides
 * are read and written in runs of four. O is a multiple of 8. */
void conv_rows_to_planes_avx2(const float *res, int64_t O, int64_t oh, int64_t ow, const float *bias, float *out) {
  const int64_t L = oh * ow;
  for (int64_t y = 0; y < oh; y++) {
    const float *rrow = res + y * ow * O;
    float *orow = out + y * ow;
    int64_t x = 0;
    for (; x + 4 <= ow; x += 4) {
      for (int64_t o = 0; o < O; o += 4) {
        __m128 r0 = _mm_loadu_ps(rrow + (x + 0) * O + o), r1 = _mm_loadu_ps(rrow + (x + 1) * O + o);
        __m128 r2 = _mm_loadu_ps(rrow + (x + 2) * O + o), r3 = _mm_loadu_ps(rrow + (x + 3) * O + o);
        _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
        if (bias) {
          r0 = _mm_add_ps(r0, _mm_set1_ps(bias[o])), r1 = _mm_add_ps(r1, _mm_set1_ps(bias[o + 1]));
          r2 = _mm_add_ps(r2, _mm_set1_ps(bias[o + 2])), r3 = _mm_add_ps(r3, _mm_set1_ps(bias[o + 3]));
        }
        _mm_storeu_ps(orow + (o + 0) * L + x, r0), _mm_storeu_ps(orow + (o + 1) * L + x, r1);
        _mm_storeu_ps(orow + (o + 2) * L + x, r2), _mm_storeu_ps(orow + (o + 3) * L + x, r3);
      }
    }
    for (; x < ow; x++)
      for (int64_t o = 0; o < O; o++) orow[o * L + x] = bias ? rrow[x * O + o] + bias[o] : rrow[x * O + o];
  }
}

/* gt [L][O] = g [O][L] (4 x 4 blocks as above), and with sums, sums[o] = the sum of g's row o in
 * double, term by term in order (the lanes hold channels, so no sum waits on another). O is a
 * multiple of 8. */
void conv_planes_to_rows_avx2(const float *g, int64_t O, int64_t L, float *gt, double *sums) {
  int64_t l = 0;
  for (; l + 4 <= L; l += 4) {
    for (int64_t o = 0; o < O; o += 4) {
      __m128 r0 = _mm_loadu_ps(g + (o + 0) * L + l), r1 = _mm_loadu_ps(g + (o + 1) * L + l);
      __m128 r2 = _mm_loadu_ps(g + (o + 2) * L + l), r3 = _mm_loadu_ps(g + (o + 3) * L + l);
      _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
      _mm_storeu_ps(gt + (l + 0) * O + o, r0), _mm_storeu_ps(gt + (l + 1) * O + o, r1);
      _mm_storeu_ps(gt + (l + 2) * O + o, r2), _mm_storeu_ps(gt + (l + 3) * O + o, r3);
    }
  }
  for (; l < L; l++)
    for (int64_t o = 0; o < O; o++) gt[l * O + o] = g[o * L + l];
  if (!sums) return;
  for (int64_t o0 = 0; o0 < O; o0 += 8) {
    __m256d s0 = _mm256_setzero_pd(), s1 = _mm256_setzero_pd();
    const float *col = gt + o0;
    for (int64_t i = 0; i < L; i++, col += O) {
      s0 = _mm256_add_pd(s0, _mm256_cvtps_pd(_mm_loadu_ps(col)));
      s1 = _mm256_add_pd(s1, _mm256_cvtps_pd(_mm_loadu_ps(col + 4)));
    }
    _mm256_storeu_pd(sums + o0, s0);
    _mm256_storeu_pd(sums + o0 + 4, s1);
  }
}
