/* Node-API binding of the GEMM library. It reads the operands' memory in place through
 * napi_get_typedarray_info (no copies), checks every index the product will touch against the
 * arrays' lengths, and runs synchronously on the calling thread (plus the pool's workers).
 *
 * gemm(batch, M, K, N, aData, aOffset, aBatchStride, aRowStride, aColStride,
 *      bData, bOffset, bBatchStride, bRowStride, bColStride, c, threads)
 * isa() -> name of the variant in use; isas() -> names usable on this CPU; setIsa(name) -> boolean;
 * testIsas() -> test-only variants usable here (they check the wide tiles' logic on narrower CPUs). */
#include <stdio.h>
#include <string.h>

#include "gemm.h"
#include "modules.h"
#include "napi_util.h"

static const gemm_isa *current_isa;

static napi_value Gemm(napi_env env, napi_callback_info info) {
  size_t argc = 16;
  napi_value argv[16];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 16)
    return throw_error(env, 0, "gemm: expected 16 arguments");
  int64_t dims[4], a_int[4], b_int[4], threads;
  for (int i = 0; i < 4; i++)
    if (!get_int(env, argv[i], &dims[i]) || dims[i] < 0) return throw_error(env, 1, "gemm: sizes must be non-negative integers");
  for (int i = 0; i < 4; i++)
    if (!get_int(env, argv[5 + i], &a_int[i]) || !get_int(env, argv[10 + i], &b_int[i]))
      return throw_error(env, 0, "gemm: offsets and strides must be integers");
  if (!get_int(env, argv[15], &threads)) return throw_error(env, 0, "gemm: threads must be an integer");
  array_view a, b, c;
  if (!get_array(env, argv[4], &a) || !get_array(env, argv[9], &b) || !get_array(env, argv[14], &c))
    return throw_error(env, 0, "gemm: operands must be typed arrays");
  if (a.type != b.type || a.type != c.type || (a.type != napi_float32_array && a.type != napi_float64_array))
    return throw_error(env, 0, "gemm: operands must all be Float32Array or all Float64Array");
  const int64_t batch = dims[0], M = dims[1], K = dims[2], N = dims[3];
  const int64_t a_sizes[3] = {batch, M, K}, b_sizes[3] = {batch, K, N};
  if (!in_bounds((int64_t)a.length, a_int[0], a_sizes, a_int + 1)) return throw_error(env, 1, "gemm: A's view reaches outside its storage");
  if (!in_bounds((int64_t)b.length, b_int[0], b_sizes, b_int + 1)) return throw_error(env, 1, "gemm: B's view reaches outside its storage");
  if ((double)batch * (double)M * (double)N > (double)c.length) return throw_error(env, 1, "gemm: C is smaller than batch*M*N");

  gemm_problem p = {batch, M, K, N, {a.data, a_int[0], a_int[1], a_int[2], a_int[3]},
                    {b.data, b_int[0], b_int[1], b_int[2], b_int[3]}, c.data};
  if (threads > 64) threads = 64;
  if (gemm_run(current_isa, a.type == napi_float64_array, &p, (int)threads) != 0)
    return throw_error(env, 1, "gemm: out of memory for packing buffers");
  return NULL;
}

static napi_value Isa(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  napi_create_string_utf8(env, current_isa->name, NAPI_AUTO_LENGTH, &out);
  return out;
}

static napi_value isa_list(napi_env env, int for_tests) {
  const char *names[3];
  const int n = gemm_isa_supported(names, for_tests);
  napi_value arr, s;
  napi_create_array_with_length(env, (size_t)n, &arr);
  for (int i = 0; i < n; i++) {
    napi_create_string_utf8(env, names[i], NAPI_AUTO_LENGTH, &s);
    napi_set_element(env, arr, (uint32_t)i, s);
  }
  return arr;
}

static napi_value Isas(napi_env env, napi_callback_info info) {
  (void)info;
  return isa_list(env, 0);
}

static napi_value TestIsas(napi_env env, napi_callback_info info) {
  (void)info;
  return isa_list(env, 1);
}

static napi_value SetIsa(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  char name[32] = {0};
  size_t len = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  const gemm_isa *isa = NULL;
  if (argc >= 1 && napi_get_value_string_utf8(env, argv[0], name, sizeof name, &len) == napi_ok)
    isa = strcmp(name, "best") == 0 ? gemm_isa_best() : gemm_isa_by_name(name);
  if (isa) current_isa = isa;
  napi_value out;
  napi_get_boolean(env, isa != NULL, &out);
  return out;
}

NAPI_MODULE_INIT() {
  if (!current_isa) current_isa = gemm_isa_best();
  napi_property_descriptor props[] = {
      {"gemm", NULL, Gemm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"isa", NULL, Isa, NULL, NULL, NULL, napi_enumerable, NULL},
      {"isas", NULL, Isas, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setIsa", NULL, SetIsa, NULL, NULL, NULL, napi_enumerable, NULL},
      {"testIsas", NULL, TestIsas, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  register_elementwise_kernels(env, exports);
  register_conv_kernels(env, exports);
  register_libm_kernels(env, exports);
  return exports;
}
