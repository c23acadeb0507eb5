/* Argument checking shared by the Node-API entry points: every function validates its arguments
 * (integers, typed arrays, index ranges) and throws a JavaScript error naming the problem instead of
 * touching memory it was not given. */
#ifndef TORCHLET_NAPI_UTIL_H
#define TORCHLET_NAPI_UTIL_H
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdint.h>

static inline napi_value throw_error(napi_env env, int range, const char *msg) {
  if (range) napi_throw_range_error(env, NULL, msg);
  else napi_throw_type_error(env, NULL, msg);
  return NULL;
}

static inline int get_int(napi_env env, napi_value v, int64_t *out) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok) return 0;
  if (!(d >= -9007199254740991.0 && d <= 9007199254740991.0) || d != (double)(int64_t)d) return 0;
  *out = (int64_t)d;
  return 1;
}

typedef struct {
  napi_typedarray_type type;
  size_t length;
  void *data;
} array_view;

static inline int get_array(napi_env env, napi_value v, array_view *out) {
  bool is_ta = false;
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta) return 0;
  return napi_get_typedarray_info(env, v, &out->type, &out->length, &out->data, NULL, NULL) == napi_ok;
}

/* True when every element index offset + b*bs + r*rs + c*cs (within the sizes) lies in [0, length). */
static inline int in_bounds(int64_t length, int64_t offset, const int64_t sizes[3], const int64_t strides[3]) {
  int64_t lo = offset, hi = offset;
  for (int d = 0; d < 3; d++) {
    if (sizes[d] == 0) return 1;
    const double span = (double)(sizes[d] - 1) * (double)strides[d];
    if (span > 9e15 || span < -9e15) return 0;
    if (strides[d] >= 0) hi += (sizes[d] - 1) * strides[d];
    else lo += (sizes[d] - 1) * strides[d];
  }
  return lo >= 0 && hi < length;
}

#endif
