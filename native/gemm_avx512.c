/* AVX-512F variant (built with -mavx512f): 12 x 2-vector tiles use 24 of the 32 zmm registers. */
#define ISA avx512
#define ISA_NAME "avx512"
#define VBYTES 64
#define MR32 12
#define NV32 2
#define MR64 12
#define NV64 2
#include "gemm_variant.h"
