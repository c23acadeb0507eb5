/* AVX2 + FMA variant (built with -mavx2 -mfma): 6 x 2-vector tiles use 12 of the 16 ymm registers. */
#define ISA avx2
#define ISA_NAME "avx2"
#define VBYTES 32
#define MR32 6
#define NV32 2
#define MR64 6
#define NV64 2
/* KC x 16 floats of B (16 KB) stay in a 32 KB L1; the MC x KC block of A (144 KB) in L2. */
#define MC32 (6 * 24)
#include "gemm_variant.h"
