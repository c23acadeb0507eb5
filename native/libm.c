/* The float64 samplers' transcendental steps, computed with the platform's own libm.
 *
 * PyTorch's CPU kernels call log/sin/cos from the C library. On glibc Linux that is the same
 * libm this file links against (and the same ifunc variant on the same CPU), so running the
 * samplers' arithmetic here, in PyTorch's order, reproduces its results to the last bit,
 * including the ~0.1% of arguments glibc rounds the other way from the correctly rounded result.
 * The TypeScript side decides when to use these (src/random/platform-libm.ts).
 *
 * Every function works in place on a Float64Array over a checked range; the uniforms are drawn by
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
 *
 * Floating-point contraction: no expression below has the a*b+c shape a compiler could fuse (so
 * the results are the same with or without FMA hardware, -mfma or -ffp-contract); the one fused
 * step PyTorch's AVX2 build makes, the final `* std + mean`, is an explicit fma(). */
#include <math.h>
#include <stdio.h>

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

static napi_value Log(napi_env env, napi_callback_info info) { return unary(env, info, log, "libmLog"); }
static napi_value Sin(napi_env env, napi_callback_info info) { return unary(env, info, sin, "libmSin"); }
static napi_value Cos(napi_env env, napi_callback_info info) { return unary(env, info, cos, "libmCos"); }

void register_libm_kernels(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"libmNormalBlocks", NULL, NormalBlocks, NULL, NULL, NULL, napi_enumerable, NULL},
      {"libmBoxMullerPairs", NULL, BoxMullerPairs, NULL, NULL, NULL, napi_enumerable, NULL},
      {"libmScaledLog1m", NULL, ScaledLog1m, NULL, NULL, NULL, napi_enumerable, NULL},
      {"libmLog", NULL, Log, NULL, NULL, NULL, napi_enumerable, NULL},
      {"libmSin", NULL, Sin, NULL, NULL, NULL, napi_enumerable, NULL},
      {"libmCos", NULL, Cos, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
}
