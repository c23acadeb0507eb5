/* What the CPU running the library can execute, for choosing among the *_avx2.c / *_avx512.c
 * variants (compiled with -mavx2 -mfma and -mavx512f respectively). */
#ifndef TORCHLET_CPU_FEATURES_H
#define TORCHLET_CPU_FEATURES_H

/* AVX2 and FMA: what every *_avx2.c file may use. */
static inline int cpu_has_avx2(void) {
#if defined(TORCHLET_X86)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return 0;
#endif
}

/* AVX-512F on top of AVX2 + FMA. The compiler's runtime also checks that the OS saves the zmm
 * state (XGETBV). */
static inline int cpu_has_avx512(void) {
#if defined(TORCHLET_X86)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && cpu_has_avx2();
#else
  return 0;
#endif
}

#endif
