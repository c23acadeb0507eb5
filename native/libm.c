/* The float64 samplers' transcendental steps, computed with the platform's own libm.
 *
 * PyTorch's CPU kernels call log/sin/cos from the C library. On glibc Linux that is the same
 * libm this file links against (and the same ifunc variant on the same CPU), so running the
 * samplers' arithmetic here, in PyTorch's order, reproduces its results to the last bit,
 * including the ~0.1% of arguments glibc rounds the other way from the correctly rounded result.
 * The TypeScript side decides when to use these (src/random/platform-libm.ts).
 *
 * Every function works in place on a typed array over a checked range; the uniforms are drawn by
 * the caller, so the generator state never leaves JavaScript.
 *
 * libmNormalBlocks(data, offset, blocks, mean, std)
 *   Box-Muller on `blocks` blocks of 16 uniforms starting at data[offset] (the contiguous n >= 16
 *   path): lane j of a block pairs uniform j (radius) with uniform j+8 (angle).
 * libmBoxMullerPairs(data, pairs)
 *   The scalar path's pairs: (u1, u2) at data[2k], data[2k+1] become the cosine sample and the
 *   sine sample, before mean and std (the caller caches the sine sample as PyTorch does).
 * libmScaledLog1m(data, count, scale)
 *   data[i] = scale * log(1 - data[i]) (exponential_ and multinomial's exponential keys).
 * libmLog(x), libmSin(x), libmCos(x): single values.
 * libmGlibcVersion(): the running glibc's version ("2.36"), or null when this C library is not
 *   glibc (then its log/sin/cos are not the ones PyTorch's Linux builds call).
 * normalF32Blocks(data, offset, blocks, mean, std[, portable])
 *   The float32 fill of PyTorch's AVX2 build (RNG_SPEC.md §4.1) on `blocks` blocks of 16 float32
 *   uniforms from data[offset]: its own polynomial log and sincos, no libm (see below).
 *   `portable` = true forces the variant without the FMA instruction (for tests).
 *
 * Floating-point contraction: in the float64 code no expression has the a*b+c shape a compiler
 * could fuse (so the results are the same with or without FMA hardware, -mfma or -ffp-contract);
 * the one fused step PyTorch's AVX2 build makes, the final `* std + mean`, is an explicit fma(). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <gnu/libc-version.h>
#endif

/* The float32 fill below must fuse exactly where PyTorch's AVX2 build fuses (the explicit
 * fused_f32 calls) and nowhere else. Without FMA hardware (x86-64 built without -mfma) a compiler
 * cannot fuse; where it can (aarch64, or -mfma), GCC would by default, so contraction is off. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__) && defined(__FP_FAST_FMAF)
#pragma GCC optimize("fp-contract=off")
#endif

#include "modules.h"
#include "napi_util.h"

/* 2*pi as PyTorch's double constant: 2.0 * c10::pi<double>, exact in double. */
static const double TWO_PI = 6.283185307179586476925286766559;

static void normal_block16(double *d, double mean, double std) {
  for (int j = 0; j < 8; j++) {
    const double u1 = 1.0 - d[j];
    const double u2 = d[j + 8];
    const double radius = sqrt(-2.0 * log(u1));
    const double theta = TWO_PI * u2;
    d[j] = fma(radius * cos(theta), std, mean);
    d[j + 8] = fma(radius * sin(theta), std, mean);
  }
}

static int get_number(napi_env env, napi_value v, double *out) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_number) return 0;
  return napi_get_value_double(env, v, out) == napi_ok;
}

/* A Float64Array argument and a count of elements from `offset` that must lie inside it. */
static double *f64_range(napi_env env, napi_value arr, int64_t offset, int64_t count, const char *fn) {
  array_view a;
  char msg[128];
  if (!get_array(env, arr, &a) || a.type != napi_float64_array) {
    snprintf(msg, sizeof msg, "%s: data must be a Float64Array", fn);
    throw_error(env, 0, msg);
    return NULL;
  }
  if (offset < 0 || count < 0 || offset > (int64_t)a.length || count > (int64_t)a.length - offset) {
    snprintf(msg, sizeof msg, "%s: range [%lld, %lld + %lld) is outside the array of %llu elements", fn,
             (long long)offset, (long long)offset, (long long)count, (unsigned long long)a.length);
    throw_error(env, 1, msg);
    return NULL;
  }
  return (double *)a.data + offset;
}

static size_t get_args(napi_env env, napi_callback_info info, napi_value *argv, size_t max) {
  size_t argc = max;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return 0;
  return argc;
}

static napi_value NormalBlocks(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  if (get_args(env, info, argv, 5) < 5) return throw_error(env, 0, "libmNormalBlocks: expected 5 arguments");
  int64_t offset, blocks;
  double mean, std;
  if (!get_int(env, argv[1], &offset) || !get_int(env, argv[2], &blocks))
    return throw_error(env, 0, "libmNormalBlocks: offset and blocks must be integers");
  if (!get_number(env, argv[3], &mean) || !get_number(env, argv[4], &std))
    return throw_error(env, 0, "libmNormalBlocks: mean and std must be numbers");
  if (blocks < 0 || blocks > INT64_MAX / 16) return throw_error(env, 1, "libmNormalBlocks: blocks must be non-negative");
  double *d = f64_range(env, argv[0], offset, 16 * blocks, "libmNormalBlocks");
  if (!d) return NULL;
  for (int64_t b = 0; b < blocks; b++) normal_block16(d + 16 * b, mean, std);
  return NULL;
}

static napi_value BoxMullerPairs(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (get_args(env, info, argv, 2) < 2) return throw_error(env, 0, "libmBoxMullerPairs: expected 2 arguments");
  int64_t pairs;
  if (!get_int(env, argv[1], &pairs)) return throw_error(env, 0, "libmBoxMullerPairs: pairs must be an integer");
  if (pairs < 0 || pairs > INT64_MAX / 2) return throw_error(env, 1, "libmBoxMullerPairs: pairs must be non-negative");
  double *d = f64_range(env, argv[0], 0, 2 * pairs, "libmBoxMullerPairs");
  if (!d) return NULL;
  for (int64_t k = 0; k < pairs; k++) {
    const double u1 = d[2 * k];
    const double u2 = d[2 * k + 1];
    /* PyTorch 1.13.1's order: the radius from u2 (as log(1 - u2)), the angle from u1. */
    const double radius = sqrt(-2.0 * log(1.0 - u2));
    const double theta = TWO_PI * u1;
    d[2 * k] = radius * cos(theta);
    d[2 * k + 1] = radius * sin(theta);
  }
  return NULL;
}

static napi_value ScaledLog1m(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (get_args(env, info, argv, 3) < 3) return throw_error(env, 0, "libmScaledLog1m: expected 3 arguments");
  int64_t count;
  double scale;
  if (!get_int(env, argv[1], &count)) return throw_error(env, 0, "libmScaledLog1m: count must be an integer");
  if (!get_number(env, argv[2], &scale)) return throw_error(env, 0, "libmScaledLog1m: scale must be a number");
  double *d = f64_range(env, argv[0], 0, count, "libmScaledLog1m");
  if (!d) return NULL;
  for (int64_t i = 0; i < count; i++) d[i] = scale * log(1.0 - d[i]);
  return NULL;
}

static napi_value unary(napi_env env, napi_callback_info info, double (*fn)(double), const char *name) {
  napi_value argv[1], out;
  double x;
  char msg[64];
  if (get_args(env, info, argv, 1) < 1 || !get_number(env, argv[0], &x)) {
    snprintf(msg, sizeof msg, "%s: expected a number", name);
    return throw_error(env, 0, msg);
  }
  napi_create_double(env, fn(x), &out);
  return out;
}

static napi_value GlibcVersion(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
#ifdef __GLIBC__
  napi_create_string_utf8(env, gnu_get_libc_version(), NAPI_AUTO_LENGTH, &out);
#else
  napi_get_null(env, &out);
#endif
  return out;
}

static napi_value Log(napi_env env, napi_callback_info info) { return unary(env, info, log, "libmLog"); }
static napi_value Sin(napi_env env, napi_callback_info info) { return unary(env, info, sin, "libmSin"); }
static napi_value Cos(napi_env env, napi_callback_info info) { return unary(env, info, cos, "libmCos"); }

/* ---- float32 normal fill of PyTorch's AVX2 build (RNG_SPEC.md §4.1) ----------------------------
 * A port of src/random/avx2-normal-f32.ts: every float expression is one float32 operation
 * rounded once, and fused_f32 marks the steps GCC fused in PyTorch's build. */

/* a*b + c rounded once to float32. The product of two floats is exact in double, so the double
 * sum is off only by its own rounding, which can mislead the rounding to float32 only when it
 * lands exactly on a float32 midpoint; then fmaf (correctly rounded) settles it. */
#define ALWAYS_INLINE inline __attribute__((always_inline))

static ALWAYS_INLINE float fused_f32(float a, float b, float c) {
  const double t = (double)a * (double)b + (double)c;
  const float r = (float)t;
  if ((double)r == t) return r;
  const double other = 2.0 * t - (double)r;
  if ((double)(float)other != other) return r;
  return fmaf(a, b, c);
}

/* hw is a constant at every call site (the kernel is inlined into one function per variant). */
static ALWAYS_INLINE float fused(int hw, float a, float b, float c) {
  return hw ? __builtin_fmaf(a, b, c) : fused_f32(a, b, c);
}

static inline uint32_t f32_bits(float x) {
  uint32_t b;
  memcpy(&b, &x, sizeof b);
  return b;
}

static inline float f32_from_bits(uint32_t b) {
  float x;
  memcpy(&x, &b, sizeof x);
  return x;
}

/* Cephes-style logf for x in (0, 1], as the AVX2 routine evaluates it. */
static ALWAYS_INLINE float log_avx2(float x, int hw) {
  const float MIN_NORMAL = 1.17549435e-38f;
  if (x < MIN_NORMAL) x = MIN_NORMAL;
  const uint32_t b = f32_bits(x);
  const int32_t exponent = (int32_t)(b >> 23) - 127;
  x = f32_from_bits((b & ~0x7f800000u) | 0x3f000000u); /* mantissa scaled into [0.5, 1) */
  float e = (float)(exponent + 1);
  const int below = x < 0.707106781186547524f;
  const float tmp = below ? x : 0.0f;
  x = x - 1.0f;
  e = e - (below ? 1.0f : 0.0f);
  x = x + tmp;
  const float z = x * x;
  float y = fused(hw, 7.0376836292e-2f, x, -1.1514610310e-1f);
  y = fused(hw, y, x, 1.1676998740e-1f);
  y = fused(hw, y, x, -1.2420140846e-1f);
  y = fused(hw, y, x, 1.4249322787e-1f);
  y = fused(hw, y, x, -1.6668057665e-1f);
  y = fused(hw, y, x, 2.0000714765e-1f);
  y = fused(hw, y, x, -2.4999993993e-1f);
  y = fused(hw, y, x, 3.3333331174e-1f);
  y = y * x;
  const float eq1 = e * -2.12194440e-4f;
  y = fused(hw, y, z, eq1);
  y = fused(hw, -z, 0.5f, y);
  x = x + y;
  return fused(hw, e, 0.693359375f, x);
}

/* Cephes-style sincosf, with the SIMD code's blends as adds and subtracts of +0. */
static ALWAYS_INLINE void sincos_avx2(float input, float *s_out, float *c_out, int hw) {
  const int sign_in = signbit(input) != 0;
  float x = fabsf(input);
  int32_t q = (int32_t)(x * 1.27323954473516f);
  q = (q + 1) & ~1;
  const float y = (float)q;
  const int negate_sin = sign_in != ((q & 4) != 0);
  const int cos_branch = (q & 2) == 0;
  const int negate_cos = (~(q - 2) & 4) != 0;
  x = fused(hw, y, -0.78515625f, x);
  x = fused(hw, y, -2.4187564849853515625e-4f, x);
  x = fused(hw, y, -3.77489497744594108e-8f, x);
  const float z = x * x;
  float yc = fused(hw, 2.443315711809948e-5f, z, -1.388731625493765e-3f);
  yc = fused(hw, yc, z, 4.166664568298827e-2f);
  yc = yc * z;
  const float half_z = z * 0.5f;
  yc = fused(hw, yc, z, -half_z);
  yc = yc + 1.0f;
  float ys = fused(hw, -1.9515295891e-4f, z, 8.3321608736e-3f);
  ys = fused(hw, ys, z, -1.6666654611e-1f);
  ys = ys * z;
  ys = fused(hw, ys, x, x);
  const float sin_part = cos_branch ? ys : 0.0f;
  const float cos_sel = cos_branch ? 0.0f : yc;
  const float s = cos_sel + sin_part;
  const float c = (yc - cos_sel) + (ys - sin_part);
  *s_out = negate_sin ? -s : s;
  *c_out = negate_cos ? -c : c;
}

static ALWAYS_INLINE void normal_block16_f32(float *d, float mean, float std, int hw) {
  const float TWO_PI_F = 6.28318548f; /* 2*pi rounded to float32 */
  const int plain = std == 1.0f && mean == 0.0f;
  for (int j = 0; j < 8; j++) {
    const float lg = log_avx2(1.0f - d[j], hw);
    float s, c;
    sincos_avx2(TWO_PI_F * d[j + 8], &s, &c, hw);
    const float radius = sqrtf(-2.0f * lg);
    const float n1 = radius * c;
    const float n2 = radius * s;
    if (plain) {
      d[j] = n1 + 0.0f;
      d[j + 8] = n2 + 0.0f;
    } else {
      d[j] = fused(hw, n1, std, mean);
      d[j + 8] = fused(hw, n2, std, mean);
    }
  }
}

/* The kernel twice: with the exact software fused step everywhere, and with the FMA instruction
 * on x86-64 CPUs that have it (a target attribute on this function only; the results are the
 * same, the instruction is several times faster). In the FMA variant the compiler could also fuse
 * on its own, but the kernel has no float product that feeds an addition except through the
 * explicit steps (its one candidate, `radius * c + 0.0f`, rounds the same fused or not). */
static void normal_blocks_f32_generic(float *d, int64_t blocks, float mean, float std) {
  for (int64_t b = 0; b < blocks; b++) normal_block16_f32(d + 16 * b, mean, std, 0);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_FMA_VARIANT 1
__attribute__((target("fma"))) static void normal_blocks_f32_fma(float *d, int64_t blocks, float mean, float std) {
  for (int64_t b = 0; b < blocks; b++) normal_block16_f32(d + 16 * b, mean, std, 1);
}
#endif

static void (*normal_blocks_f32)(float *, int64_t, float, float) = normal_blocks_f32_generic;

static napi_value NormalF32Blocks(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  const size_t argc = get_args(env, info, argv, 6);
  if (argc < 5) return throw_error(env, 0, "normalF32Blocks: expected 5 arguments");
  int64_t offset, blocks;
  double mean, std;
  if (!get_int(env, argv[1], &offset) || !get_int(env, argv[2], &blocks))
    return throw_error(env, 0, "normalF32Blocks: offset and blocks must be integers");
  if (!get_number(env, argv[3], &mean) || !get_number(env, argv[4], &std))
    return throw_error(env, 0, "normalF32Blocks: mean and std must be numbers");
  if (blocks < 0 || blocks > INT64_MAX / 16) return throw_error(env, 1, "normalF32Blocks: blocks must be non-negative");
  array_view a;
  if (!get_array(env, argv[0], &a) || a.type != napi_float32_array)
    return throw_error(env, 0, "normalF32Blocks: data must be a Float32Array");
  if (offset < 0 || offset > (int64_t)a.length || 16 * blocks > (int64_t)a.length - offset)
    return throw_error(env, 1, "normalF32Blocks: the blocks reach outside the array");
  float *d = (float *)a.data + offset;
  /* mean and std arrive as doubles and are used as float32, as PyTorch casts them. */
  const float mean32 = (float)mean, std32 = (float)std;
  /* An optional sixth argument `true` runs the portable variant (so tests can check it on any CPU). */
  bool portable = false;
  if (argc >= 6 && napi_get_value_bool(env, argv[5], &portable) != napi_ok)
    return throw_error(env, 0, "normalF32Blocks: the sixth argument must be a boolean");
  (portable ? normal_blocks_f32_generic : normal_blocks_f32)(d, blocks, mean32, std32);
  return NULL;
}

void register_libm_kernels(napi_env env, napi_value exports) {
#ifdef HAVE_FMA_VARIANT
  __builtin_cpu_init();
  if (__builtin_cpu_supports("fma")) normal_blocks_f32 = normal_blocks_f32_fma;
#endif
  napi_property_descriptor props[] = {
      {"libmNormalBlocks", NULL, NormalBlocks, NULL, NULL, NULL, napi_enumerable, NULL},
      {"libmBoxMullerPairs", NULL, BoxMullerPairs, NULL, NULL, NULL, napi_enumerable, NULL},
      {"libmScaledLog1m", NULL, ScaledLog1m, NULL, NULL, NULL, napi_enumerable, NULL},
      {"libmLog", NULL, Log, NULL, NULL, NULL, napi_enumerable, NULL},
      {"libmSin", NULL, Sin, NULL, NULL, NULL, napi_enumerable, NULL},
      {"libmCos", NULL, Cos, NULL, NULL, NULL, napi_enumerable, NULL},
      {"libmGlibcVersion", NULL, GlibcVersion, NULL, NULL, NULL, napi_enumerable, NULL},
      {"normalF32Blocks", NULL, NormalF32Blocks, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
}
