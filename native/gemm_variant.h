/* Instantiates gemm_body.h for float32 and float64 and publishes the variant's table. The includer
 * defines ISA (identifier), ISA_NAME (string), VBYTES, and MR/NV for each type (MR32, NV32, MR64, NV64). */
#include "gemm.h"

#define CAT_(a, b, c) a##_##b##_##c
#define CAT(a, b, c) CAT_(a, b, c)

#ifndef KC32
#define KC32 256
#endif
#ifndef KC64
#define KC64 256
#endif
#ifndef MC32
#define MC32 (MR32 * 16)
#endif
#ifndef MC64
#define MC64 (MR64 * 12)
#endif
#ifndef NC_ALL
#define NC_ALL 2048
#endif

#define T float
#define VL (VBYTES / 4)
#define MR MR32
#define NV NV32
#define KC KC32
#define MC MC32
#define NC NC_ALL
#define NAME(x) CAT(ISA, f32, x)
#include "gemm_body.h"
#undef T
#undef VL
#undef MR
#undef NV
#undef KC
#undef MC
#undef NAME

#define T double
#define VL (VBYTES / 8)
#define MR MR64
#define NV NV64
#define KC KC64
#define MC MC64
#define NAME(x) CAT(ISA, f64, x)
#include "gemm_body.h"
#undef NAME

#define ISA_TABLE_(isa) gemm_isa_##isa
#define ISA_TABLE(isa) ISA_TABLE_(isa)

const gemm_isa ISA_TABLE(ISA) = {
    ISA_NAME,
    {MR32, NV32 * (VBYTES / 4), KC32, MC32, NC_ALL, CAT(ISA, f32, block), CAT(ISA, f32, pack_b_part),
     CAT(ISA, f32, compute_part)},
    {MR64, NV64 * (VBYTES / 8), KC64, MC64, NC_ALL, CAT(ISA, f64, block), CAT(ISA, f64, pack_b_part),
     CAT(ISA, f64, compute_part)},
};
