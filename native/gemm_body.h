/* One GEMM implementation for one element type, written with GCC/Clang vector extensions so the same
 * text becomes SSE/NEON, AVX2 or AVX-512 code depending on VBYTES and the flags of the file that
 * includes it. BLIS-style: B is packed into KC x NR micro-panels (kept in L1 across the row loop),
 * A into MR x KC micro-panels of an MC x KC block (kept in L2), and an MR x NR register tile is
 * accumulated over KC with fused multiply-adds.
 *
 * The includer defines: T (element type), VL (elements per vector), MR, NV (vectors per tile row),
 * KC, MC, NC (cache blocks), and NAME(x) (a unique prefix for this variant and type). */

#define NR (NV * VL)

typedef T NAME(vec) __attribute__((vector_size(VL * sizeof(T))));
typedef NAME(vec) NAME(uvec) __attribute__((aligned(sizeof(T))));

/* A[i0:i0+mc, p0:p0+kc] into ceil(mc/MR) panels; panel element (k, r) at k*MR + r, padded rows zero. */
static void NAME(pack_a)(const T *a, int64_t rs, int64_t cs, int64_t mc, int64_t kc, T *restrict out) {
  for (int64_t i = 0; i < mc; i += MR) {
    const int64_t m = mc - i < MR ? mc - i : MR;
    const T *ai = a + i * rs;
    if (m == MR) {
      for (int64_t k = 0; k < kc; k++) {
        const T *ak = ai + k * cs;
        for (int r = 0; r < MR; r++) out[k * MR + r] = ak[r * rs];
      }
    } else {
      for (int64_t k = 0; k < kc; k++) {
        const T *ak = ai + k * cs;
        int r = 0;
        for (; r < m; r++) out[k * MR + r] = ak[r * rs];
        for (; r < MR; r++) out[k * MR + r] = 0;
      }
    }
    out += MR * kc;
  }
}

/* B[p0:p0+kc, j0:j0+nc] into ceil(nc/NR) panels; panel element (k, j) at k*NR + j, padded columns zero. */
static void NAME(pack_b)(const T *b, int64_t rs, int64_t cs, int64_t kc, int64_t nc, T *restrict out) {
  for (int64_t j = 0; j < nc; j += NR) {
    const int64_t n = nc - j < NR ? nc - j : NR;
    const T *bj = b + j * cs;
    if (cs == 1 && n == NR) {
      for (int64_t k = 0; k < kc; k++) {
        const T *bk = bj + k * rs;
        for (int c = 0; c < NR; c++) out[k * NR + c] = bk[c];
      }
    } else if (rs == 1) {
      /* B is a transposed view: walk each column down its contiguous run. */
      for (int c = 0; c < n; c++) {
        const T *bc = bj + c * cs;
        for (int64_t k = 0; k < kc; k++) out[k * NR + c] = bc[k];
      }
      for (int c = n; c < NR; c++)
        for (int64_t k = 0; k < kc; k++) out[k * NR + c] = 0;
    } else {
      for (int64_t k = 0; k < kc; k++) {
        const T *bk = bj + k * rs;
        int c = 0;
        for (; c < n; c++) out[k * NR + c] = bk[c * cs];
        for (; c < NR; c++) out[k * NR + c] = 0;
      }
    }
    out += NR * kc;
  }
}

/* C[0:m, 0:n] (+)= Apanel @ Bpanel; a full tile goes straight to C, an edge tile through a buffer. */
static inline void NAME(micro)(int64_t kc, const T *restrict ap, const T *restrict bp, T *restrict c,
                               int64_t ldc, int accumulate, int64_t m, int64_t n) {
  NAME(vec) acc[MR][NV];
#pragma GCC unroll 16
  for (int r = 0; r < MR; r++)
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) acc[r][v] = (NAME(vec)){0};
  for (int64_t k = 0; k < kc; k++) {
    NAME(vec) bv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) bv[v] = *(const NAME(vec) *)(bp + v * VL);
#pragma GCC unroll 16
    for (int r = 0; r < MR; r++) {
      const T ar = ap[r];
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) acc[r][v] += bv[v] * ar;
    }
    ap += MR;
    bp += NR;
  }
  if (m == MR && n == NR) {
#pragma GCC unroll 16
    for (int r = 0; r < MR; r++)
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) {
        NAME(uvec) *dst = (NAME(uvec) *)(c + r * ldc + v * VL);
        *dst = accumulate ? *dst + acc[r][v] : acc[r][v];
      }
  } else {
    NAME(vec) tile[MR][NV];
#pragma GCC unroll 16
    for (int r = 0; r < MR; r++)
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) tile[r][v] = acc[r][v];
    const T *t = (const T *)tile;
    for (int64_t r = 0; r < m; r++)
      for (int64_t j = 0; j < n; j++)
        c[r * ldc + j] = accumulate ? c[r * ldc + j] + t[r * NR + j] : t[r * NR + j];
  }
}

/* Packs columns [j0, j1) of the kc x nc block of B at (pc, jc) into its place in pb, the packed
 * block (j0 a multiple of NR), so several threads can pack disjoint parts of one shared block. */
static void NAME(pack_b_part)(const gemm_problem *p, int64_t bi, int64_t pc, int64_t kc, int64_t jc, int64_t j0,
                              int64_t j1, void *pb) {
  const T *b = (const T *)p->b.data + p->b.offset + bi * p->b.batch_stride;
  NAME(pack_b)(b + pc * p->b.row_stride + (jc + j0) * p->b.col_stride, p->b.row_stride, p->b.col_stride, kc, j1 - j0,
               (T *)pb + j0 * kc);
}

/* C[bi][ic:ic+mc, jc+j0:jc+j1] (+)= A[bi][ic:ic+mc, pc:pc+kc] @ (packed block pb), packing the A
 * block into pa first. The first kc block of K stores, later ones accumulate. */
static void NAME(compute_part)(const gemm_problem *p, int64_t bi, int64_t pc, int64_t kc, int64_t jc, int64_t ic,
                               int64_t mc, int64_t j0, int64_t j1, const void *pb, void *pa) {
  const T *a = (const T *)p->a.data + p->a.offset + bi * p->a.batch_stride;
  T *c = (T *)p->c + bi * p->M * p->N;
  const int64_t ldc = p->N;
  NAME(pack_a)(a + ic * p->a.row_stride + pc * p->a.col_stride, p->a.row_stride, p->a.col_stride, mc, kc, (T *)pa);
  for (int64_t jr = j0; jr < j1; jr += NR) {
    const int64_t n = j1 - jr < NR ? j1 - jr : NR;
    for (int64_t ir = 0; ir < mc; ir += MR) {
      const int64_t m = mc - ir < MR ? mc - ir : MR;
      NAME(micro)(kc, (const T *)pa + ir * kc, (const T *)pb + jr * kc, c + (ic + ir) * ldc + jc + jr, ldc, pc > 0, m, n);
    }
  }
}

/* One thread's whole share: rows [i0, i1) and columns [j0, j1) of C[bi], blocked NC / KC / MC. */
static void NAME(block)(const gemm_problem *p, int64_t bi, int64_t i0, int64_t i1, int64_t j0, int64_t j1,
                        void *ws_a, void *ws_b) {
  for (int64_t jc = j0; jc < j1; jc += NC) {
    const int64_t nc = j1 - jc < NC ? j1 - jc : NC;
    for (int64_t pc = 0; pc < p->K; pc += KC) {
      const int64_t kc = p->K - pc < KC ? p->K - pc : KC;
      NAME(pack_b_part)(p, bi, pc, kc, jc, 0, nc, ws_b);
      for (int64_t ic = i0; ic < i1; ic += MC) {
        const int64_t mc = i1 - ic < MC ? i1 - ic : MC;
        NAME(compute_part)(p, bi, pc, kc, jc, ic, mc, 0, nc, ws_b, ws_a);
      }
    }
  }
}

#undef NR
