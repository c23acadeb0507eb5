/* Baseline variant: 128-bit vectors (SSE2 on x86-64, NEON on arm64), 16 vector registers. */
#define ISA generic
#define ISA_NAME "generic"
#define VBYTES 16
#define MR32 4
#define NV32 2
#define MR64 4
#define NV64 2
#include "gemm_variant.h"
