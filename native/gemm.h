/* Shared declarations of the native GEMM library: the problem description handed from the Node-API
 * binding to the dispatcher, and the table each instruction-set variant fills for one element type. */
#ifndef TORCHLET_GEMM_H
#define TORCHLET_GEMM_H

#include <stddef.h>
#include <stdint.h>

/* One strided operand [batch, rows, cols]; strides are in elements and may be zero (broadcast). */
typedef struct {
  const void *data;
  int64_t offset, batch_stride, row_stride, col_stride;
} gemm_operand;

/* C[b] = A[b] @ B[b] for b < batch, C contiguous [batch, M, N]. */
typedef struct {
  int64_t batch, M, K, N;
  gemm_operand a, b;
  void *c;
} gemm_problem;

/* Computes rows [i0, i1) and columns [j0, j1) of C[bi]; ws_a and ws_b are 64-byte aligned scratch of
 * at least mc*kc and kc*round_up(nc, nr) elements. */
typedef void (*gemm_block_fn)(const gemm_problem *p, int64_t bi, int64_t i0, int64_t i1, int64_t j0,
                              int64_t j1, void *ws_a, void *ws_b);

/* Packs columns [j0, j1) of B's kc x nc block at (pc, jc) into the packed block pb. */
typedef void (*gemm_pack_b_fn)(const gemm_problem *p, int64_t bi, int64_t pc, int64_t kc, int64_t jc, int64_t j0,
                               int64_t j1, void *pb);
/* C[bi][ic:ic+mc, jc+j0:jc+j1] (+)= A block @ packed B block; pa is scratch for the packed A block. */
typedef void (*gemm_compute_fn)(const gemm_problem *p, int64_t bi, int64_t pc, int64_t kc, int64_t jc, int64_t ic,
                                int64_t mc, int64_t j0, int64_t j1, const void *pb, void *pa);

typedef struct {
  int mr, nr, kc, mc, nc;
  gemm_block_fn block;
  gemm_pack_b_fn pack_b;
  gemm_compute_fn compute;
} gemm_kernel;

typedef struct {
  const char *name;
  gemm_kernel f32, f64;
} gemm_isa;

/* Each variant is the same source (gemm_body.h) compiled with its own vector width and flags. */
extern const gemm_isa gemm_isa_generic;
#if defined(TORCHLET_X86)
extern const gemm_isa gemm_isa_avx2;
extern const gemm_isa gemm_isa_avx512;
extern const gemm_isa gemm_isa_wide_avx2;
#endif

/* Dispatcher (gemm_dispatch.c). */
const gemm_isa *gemm_isa_by_name(const char *name); /* NULL when unknown or unsupported here */
const gemm_isa *gemm_isa_best(void);
/* Fills names with the variants this CPU runs (with for_tests, the test-only ones instead); returns how many. */
int gemm_isa_supported(const char *names[3], int for_tests);
int gemm_run(const gemm_isa *isa, int is_f64, const gemm_problem *p, int nthreads);

#endif
