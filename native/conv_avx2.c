/* Direct unit-stride convolution of one sample, AVX2 + FMA (chosen at run time by conv.c, which
 * keeps the unrolling + GEMM path for every other case and CPU).
 *
 * The output channels lie along the vector lanes: a register tile holds OB vectors of 8 channels at
 * XB neighbouring positions of an output row, and each weight tap adds OB weight vectors times XB
 * broadcast input values. No unrolled copy of the input is built and nothing is packed: the padded
 * sample and the weights (laid out [C][kh][kw][O]) are read in place from cache.
 *
 * conv_direct_avx2(xp, C, Hp, Wp, wt, O, kh, kw, oh, owr, out):
 *   xp  [C][Hp][Wp]: the sample with its padding, Hp >= oh + kh - 1, Wp >= owr + kw - 1;
 *   wt  [C][kh][kw][O], O a multiple of 8;
 *   out [oh][owr][O]: every position, channel by channel; owr is a multiple of conv_direct_block(O). */
#include <immintrin.h>
#include <stdint.h>

/* Positions per register tile for O channels (O a multiple of 8): 12 accumulators, and a channel
 * group of OB vectors that divides O. */
int conv_direct_block_avx2(int64_t O) { return O % 32 == 0 ? 3 : O % 24 == 0 ? 4 : O % 16 == 0 ? 6 : 12; }


/* Each tile keeps its accumulators in named variables (an array of them would live on the stack):
 * XB positions x OB vectors of 8 channels, over every tap (c, ki, kj). */

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

void conv_direct_avx2(const float *xp, int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh,
                      int64_t kw, int64_t oh, int64_t owr, float *out) {
  const int XB = conv_direct_block_avx2(O);
  const int64_t group = XB == 3 ? 32 : XB == 4 ? 24 : XB == 6 ? 16 : 8;
  for (int64_t y = 0; y < oh; y++) {
    for (int64_t x = 0; x < owr; x += XB) {
      const float *x0 = xp + y * Wp + x;
      float *o0 = out + (y * owr + x) * O;
      for (int64_t ob = 0; ob < O; ob += group) {
        if (XB == 3) tile_3x4(C, Hp, Wp, wt + ob, O, kh, kw, x0, o0 + ob);
        else if (XB == 4) tile_4x3(C, Hp, Wp, wt + ob, O, kh, kw, x0, o0 + ob);
        else if (XB == 6) tile_6x2(C, Hp, Wp, wt + ob, O, kh, kw, x0, o0 + ob);
        else tile_12x1(C, Hp, Wp, wt + ob, O, kh, kw, x0, o0 + ob);
      }
    }
  }
}
