/* The AVX-512 tile shapes (64-byte vectors, 12 x 2 tiles) compiled for AVX2, where the compiler splits
 * each vector in two. Slow (registers spill) and never chosen automatically: it lets a machine without
 * AVX-512 test the blocking and edge handling that the AVX-512 variant uses. */
#define ISA wide_avx2
#define ISA_NAME "wide-avx2"
#define VBYTES 64
#define MR32 12
#define NV32 2
#define MR64 12
#define NV64 2
/* KC x 32 floats of B (24 KB at KC = 192) stay in a 48 KB L1 beside the A micro-panel. */
#define KC32 192
#define KC64 192
#define MC32 (12 * 20)
#define MC64 (12 * 20)
#include "gemm_variant.h"
