/* AVX-512F variant (built with -mavx512f): 12 x 2-vector tiles use 24 of the 32 zmm registers. */
#define ISA avx512
#define ISA_NAME "avx512"
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
