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

/* The largest register tile: XB positions (taps, in the weight gradient) by OB vectors of 8 channels,
 * XB x OB <= 12 accumulators. */
#define XB_MAX 12
#define OB_MAX 4

/* The tiles below are one body each, instantiated per (XB, OB) with both as constants: inlined at a
 * constant size, every loop over XB or OB unrolls and every accumulator index is a constant, so the
 * accumulator array is split into registers instead of living on the stack. */
#define ALWAYS_INLINE static inline __attribute__((always_inline))
#define UNROLL _Pragma("GCC unroll 12")

/* acc[p][v] += w[v] · (the input of position p) for every position p and channel vector v, that
 * input at b + off[p], or at b + p (neighbouring positions of a row) when off is NULL. Each input
 * is broadcast just before its FMAs, so a 12 x 1 tile needs only one broadcast register. */
ALWAYS_INLINE void fma_tile(const int XB, const int OB, __m256 acc[XB_MAX][OB_MAX], const __m256 w[OB_MAX],
                            const float *b, const int64_t *off) {
  UNROLL for (int p = 0; p < XB; p++) {
    const __m256 x = _mm256_broadcast_ss(b + (off ? off[p] : p));
    UNROLL for (int v = 0; v < OB; v++) acc[p][v] = _mm256_fmadd_ps(w[v], x, acc[p][v]);
  }
}

ALWAYS_INLINE void load_vectors(const int OB, __m256 w[OB_MAX], const float *src) {
  UNROLL for (int v = 0; v < OB; v++) w[v] = _mm256_loadu_ps(src + 8 * v);
}

/* Row p of the tile is the OB vectors at dst + p·O. */
ALWAYS_INLINE void store_tile(const int XB, const int OB, __m256 acc[XB_MAX][OB_MAX], float *dst, int64_t O) {
  UNROLL for (int p = 0; p < XB; p++) UNROLL for (int v = 0; v < OB; v++) _mm256_storeu_ps(dst + p * O + 8 * v, acc[p][v]);
}

/* One output tile, over every tap (c, ki, kj). The full tiles hold 12 accumulators; the narrower
 * ones finish a row whose width is not a multiple of the full tile's. */
ALWAYS_INLINE void conv_tile(const int XB, const int OB, int64_t C, int64_t Hp, int64_t Wp, const float *wt,
                             int64_t O, int64_t kh, int64_t kw, const float *x0, float *out) {
  __m256 acc[XB_MAX][OB_MAX];
  UNROLL for (int p = 0; p < XB; p++) UNROLL for (int v = 0; v < OB; v++) acc[p][v] = _mm256_setzero_ps();
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < kh; ki++) {
      const float *xr = x0 + (c * Hp + ki) * Wp;
      const float *wr = wt + (c * kh + ki) * kw * O;
      for (int64_t kj = 0; kj < kw; kj++, xr++, wr += O) {
        __m256 w[OB_MAX];
        load_vectors(OB, w, wr);
        fma_tile(XB, OB, acc, w, xr, NULL);
      }
    }
  }
  store_tile(XB, OB, acc, out, O);
}

#define TILE(XB, OB)                                                                                             \
  static void tile_##XB##x##OB(int64_t C, int64_t Hp, int64_t Wp, const float *wt, int64_t O, int64_t kh,          \
                               int64_t kw, const float *x0, float *out) {                                        \
    conv_tile(XB, OB, C, Hp, Wp, wt, O, kh, kw, x0, out);                                                       \
  }
TILE(1, 1) TILE(2, 1) TILE(3, 1) TILE(4, 1) TILE(5, 1) TILE(6, 1) TILE(7, 1) TILE(8, 1) TILE(9, 1) TILE(10, 1)
TILE(11, 1) TILE(12, 1)
TILE(1, 2) TILE(2, 2) TILE(3, 2) TILE(4, 2) TILE(5, 2) TILE(6, 2)
TILE(1, 3) TILE(2, 3) TILE(3, 3) TILE(4, 3)
TILE(1, 4) TILE(2, 4) TILE(3, 4)

typedef void (*tile_fn)(int64_t, int64_t, int64_t, const float *, int64_t, int64_t, int64_t, const float *, float *);
/* TILES[OB - 1][XB - 1]: the tile of XB positions by OB channel vectors (NULL past the full width). */
static const tile_fn TILES[OB_MAX][XB_MAX] = {
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
ALWAYS_INLINE void grad_tile(const int XB, const int OB, const float *xp, int64_t Wp, const int64_t *off,
                             const float *g, int64_t O, int64_t oh, int64_t ow, float *sum) {
  __m256 acc[XB_MAX][OB_MAX];
  /* A local copy: the offsets cannot alias the accumulators' memory, so they stay in registers
   * without the loop being versioned for overlap. */
  int64_t tap[XB_MAX];
  UNROLL for (int p = 0; p < XB; p++) tap[p] = off[p];
  UNROLL for (int p = 0; p < XB; p++) load_vectors(OB, acc[p], sum + p * O);
  for (int64_t y = 0; y < oh; y++) {
    const float *gr = g + y * ow * O;
    const int64_t row = y * Wp;
    for (int64_t x = 0; x < ow; x++, gr += O) {
      __m256 gv[OB_MAX];
      load_vectors(OB, gv, gr);
      fma_tile(XB, OB, acc, gv, xp + row + x, tap);
    }
  }
  store_tile(XB, OB, acc, sum, O);
}

#define GRAD_TILE(XB, OB)                                                                                        \
  static void grad_tile_##XB##x##OB(const float *xp, int64_t Wp, const int64_t *off, const float *g, int64_t O,  \
                                    int64_t oh, int64_t ow, float *acc) {                                       \
    grad_tile(XB, OB, xp, Wp, off, g, O, oh, ow, acc);                                                           \
  }
GRAD_TILE(3, 4) GRAD_TILE(4, 3) GRAD_TILE(6, 2) GRAD_TILE(12, 1)

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

/* r[i] = column i of the 4 x 4 block whose row j is the 4 floats at src + j·stride. */
ALWAYS_INLINE void load_transposed_4x4(const float *src, int64_t stride, __m128 r[4]) {
  UNROLL for (int j = 0; j < 4; j++) r[j] = _mm_loadu_ps(src + j * stride);
  _MM_TRANSPOSE4_PS(r[0], r[1], r[2], r[3]);
}

ALWAYS_INLINE void store_4x4(float *dst, int64_t stride, const __m128 r[4]) {
  UNROLL for (int i = 0; i < 4; i++) _mm_storeu_ps(dst + i * stride, r[i]);
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
        __m128 r[4];
        load_transposed_4x4(rrow + x * O + o, O, r);
        if (bias) UNROLL for (int i = 0; i < 4; i++) r[i] = _mm_add_ps(r[i], _mm_set1_ps(bias[o + i]));
        store_4x4(orow + o * L + x, L, r);
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
      __m128 r[4];
      load_transposed_4x4(g + o * L + l, L, r);
      store_4x4(gt + l * O + o, O, r);
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
