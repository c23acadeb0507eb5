/* Node-API entry points of the optimizer updates and elementwise loops (elementwise_kernels.h).
 *
 * Every function reads its typed arrays in place, checks them (one dtype, Float32Array or
 * Float64Array; every state array as long as the parameter) and throws on a bad call. An update whose
 * arrays overlap in memory returns false without touching them: the caller's own loop then runs,
 * whose load/store order decides what aliasing means. Otherwise it returns true, done. Large arrays
 * are split into chunks among the thread pool's threads; each element is computed alone, so the
 * split changes no result.
 *
 * adamUpdate(param, grad, expAvg, expAvgSq, maxExpAvgSq|null, beta1, beta2, oneMinusBeta1,
 *            oneMinusBeta2, negStepSize, bc2Sqrt, eps, decay, l2, flags, threads) -> boolean
 * sgdUpdate(param, grad, momentumBuffer|null, momentum, keep, negLr, l2, flags, threads) -> boolean
 * rmspropUpdate(param, grad, squareAvg, gradAvg|null, momentumBuffer|null, alpha, oneMinusAlpha, eps,
 *               momentum, negLr, l2, flags, threads) -> boolean
 * adagradUpdate(param, grad, sum, eps, negClr, l2, flags, threads) -> boolean
 * reluForward(input, out); reluBackward(output, grad, out)
 * addRowBias(out, bias, biasOffset, rowLength): out[r*rowLength + j] += bias[biasOffset + j]
 * elementwiseIsa() -> 'avx2' | 'generic'; setElementwiseIsa('avx2' | 'generic' | 'best') -> boolean */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cpu_features.h"
#include "elementwise_kernels.h"
#include "modules.h"
#include "napi_util.h"
#include "thread_pool.h"

/* ------------------------------------------------------------------ instruction set */

static int use_avx2;

/* ------------------------------------------------------------------ argument checks */

#define MAX_ARRAYS 6

typedef struct {
  napi_env env;
  const char *fn;
  char msg[160];
} checker;

static napi_value fail(checker *c, int range, const char *what) {
  snprintf(c->msg, sizeof c->msg, "%s: %s", c->fn, what);
  return throw_error(c->env, range, c->msg);
}

static int is_nullish(napi_env env, napi_value v) {
  napi_valuetype t;
  return napi_typeof(env, v, &t) == napi_ok && (t == napi_null || t == napi_undefined);
}

/* Reads argument `v` as a typed array of the first array's dtype and length (or, when optional,
 * null/undefined, giving data NULL). Returns 0 after throwing. */
static int take_array(checker *c, napi_value v, const array_view *first, int optional, const char *name,
                      array_view *out) {
  if (optional && is_nullish(c->env, v)) {
    out->data = NULL;
    out->length = 0;
    out->type = first ? first->type : napi_float32_array;
    return 1;
  }
  char what[96];
  if (!get_array(c->env, v, out)) {
    snprintf(what, sizeof what, "%s must be a Float32Array or Float64Array%s", name, optional ? " or null" : "");
    fail(c, 0, what);
    return 0;
  }
  if (out->type != napi_float32_array && out->type != napi_float64_array) {
    snprintf(what, sizeof what, "%s must be a Float32Array or Float64Array", name);
    fail(c, 0, what);
    return 0;
  }
  if (first && out->type != first->type) {
    snprintf(what, sizeof what, "%s must have the parameter's dtype", name);
    fail(c, 0, what);
    return 0;
  }
  if (first && out->length != first->length) {
    snprintf(what, sizeof what, "%s has %zu elements, the parameter %zu", name, out->length, first->length);
    fail(c, 1, what);
    return 0;
  }
  return 1;
}

static int take_number(checker *c, napi_value v, const char *name, double *out) {
  if (napi_get_value_double(c->env, v, out) != napi_ok) {
    char what[96];
    snprintf(what, sizeof what, "%s must be a number", name);
    fail(c, 0, what);
    return 0;
  }
  return 1;
}

static int take_int(checker *c, napi_value v, const char *name, int64_t lo, int64_t hi, int64_t *out) {
  if (!get_int(c->env, v, out) || *out < lo || *out > hi) {
    char what[96];
    snprintf(what, sizeof what, "%s must be an integer in [%lld, %lld]", name, (long long)lo, (long long)hi);
    fail(c, 1, what);
    return 0;
  }
  return 1;
}

static int take_args(checker *c, napi_callback_info info, size_t want, napi_value *argv) {
  size_t argc = want;
  if (napi_get_cb_info(c->env, info, &argc, argv, NULL, NULL) != napi_ok || argc < want) {
    char what[64];
    snprintf(what, sizeof what, "expected %zu arguments", want);
    fail(c, 0, what);
    return 0;
  }
  return 1;
}

/* True when two of the arrays share a byte. */
static int any_overlap(const array_view *a, int n) {
  for (int i = 0; i < n; i++) {
    if (!a[i].data) continue;
    const size_t es = a[i].type == napi_float64_array ? 8 : 4;
    const uintptr_t lo = (uintptr_t)a[i].data, hi = lo + a[i].length * es;
    for (int j = i + 1; j < n; j++) {
      if (!a[j].data) continue;
      const uintptr_t lo2 = (uintptr_t)a[j].data, hi2 = lo2 + a[j].length * es;
      if (lo < hi2 && lo2 < hi) return 1;
    }
  }
  return 0;
}

static napi_value boolean(napi_env env, bool b) {
  napi_value out;
  napi_get_boolean(env, b, &out);
  return out;
}

/* ------------------------------------------------------------------ chunked, threaded loops */

enum kind { K_ADAM, K_SGD, K_RMSPROP, K_ADAGRAD, K_RELU_FWD, K_RELU_BWD };

typedef struct {
  enum kind kind;
  int f64;
  void *a[MAX_ARRAYS];
  const void *hyper;
  int64_t n, chunk;
  atomic_llong next;
} job;

static void run_range(job *j, int64_t lo, int64_t hi) {
  void **a = j->a;
  if (j->f64) {
    switch (j->kind) {
      case K_ADAM: adam_scalar_f64(a[0], a[1], a[2], a[3], a[4], j->hyper, lo, hi); break;
      case K_SGD: sgd_scalar_f64(a[0], a[1], a[2], j->hyper, lo, hi); break;
      case K_RMSPROP: rmsprop_scalar_f64(a[0], a[1], a[2], a[3], a[4], j->hyper, lo, hi); break;
      case K_ADAGRAD: adagrad_scalar_f64(a[0], a[1], a[2], j->hyper, lo, hi); break;
      case K_RELU_FWD: {
        const double *v = a[0];
        double *out = a[1];
        for (int64_t i = lo; i < hi; i++) out[i] = v[i] > 0 ? v[i] : v[i] != v[i] ? v[i] : 0.0;
        break;
      }
      case K_RELU_BWD: {
        const double *y = a[0], *g = a[1];
        double *out = a[2];
        for (int64_t i = lo; i < hi; i++) out[i] = y[i] > 0 ? g[i] : 0.0;
        break;
      }
    }
    return;
  }
  switch (j->kind) {
    case K_ADAM:
#if defined(TORCHLET_X86)
      if (use_avx2) {
        adam_avx2_f32(a[0], a[1], a[2], a[3], a[4], j->hyper, lo, hi);
        break;
      }
#endif
      adam_scalar_f32(a[0], a[1], a[2], a[3], a[4], j->hyper, lo, hi);
      break;
    case K_SGD:
#if defined(TORCHLET_X86)
      if (use_avx2) {
        sgd_avx2_f32(a[0], a[1], a[2], j->hyper, lo, hi);
        break;
      }
#endif
      sgd_scalar_f32(a[0], a[1], a[2], j->hyper, lo, hi);
      break;
    case K_RMSPROP:
#if defined(TORCHLET_X86)
      if (use_avx2) {
        rmsprop_avx2_f32(a[0], a[1], a[2], a[3], a[4], j->hyper, lo, hi);
        break;
      }
#endif
      rmsprop_scalar_f32(a[0], a[1], a[2], a[3], a[4], j->hyper, lo, hi);
      break;
    case K_ADAGRAD: adagrad_scalar_f32(a[0], a[1], a[2], j->hyper, lo, hi); break;
    case K_RELU_FWD:
#if defined(TORCHLET_X86)
      if (use_avx2) {
        relu_forward_avx2_f32(a[0], a[1], lo, hi);
        break;
      }
#endif
      {
        const float *v = a[0];
        float *out = a[1];
        for (int64_t i = lo; i < hi; i++) out[i] = v[i] > 0 ? v[i] : v[i] != v[i] ? v[i] : 0.0f;
      }
      break;
    case K_RELU_BWD:
#if defined(TORCHLET_X86)
      if (use_avx2) {
        relu_backward_avx2_f32(a[0], a[1], a[2], lo, hi);
        break;
      }
#endif
      {
        const float *y = a[0], *g = a[1];
        float *out = a[2];
        for (int64_t i = lo; i < hi; i++) out[i] = y[i] > 0 ? g[i] : 0.0f;
      }
      break;
  }
}

static void job_main(void *arg) {
  job *j = arg;
  for (;;) {
    const int64_t lo = atomic_fetch_add_explicit(&j->next, j->chunk, memory_order_relaxed);
    if (lo >= j->n) return;
    run_range(j, lo, lo + j->chunk < j->n ? lo + j->chunk : j->n);
  }
}

/* Below this many elements one thread does the whole loop: waking another costs more. */
#define PARALLEL_MIN 65536
#define CHUNK 16384

static void run_job(enum kind kind, const array_view *arrays, int count, const void *hyper, int64_t n,
                    int64_t threads) {
  job j;
  j.kind = kind;
  j.f64 = arrays[0].type == napi_float64_array;
  for (int i = 0; i < MAX_ARRAYS; i++) j.a[i] = i < count ? arrays[i].data : NULL;
  j.hyper = hyper;
  j.n = n;
  j.chunk = CHUNK;
  atomic_init(&j.next, 0);
  if (n < PARALLEL_MIN || threads <= 1) {
    run_range(&j, 0, n);
    return;
  }
  int64_t useful = (n + CHUNK - 1) / CHUNK;
  if (useful > 64) useful = 64;
  pool_run(job_main, &j, (int)(threads < useful ? threads : useful));
}

/* ------------------------------------------------------------------ optimizer updates */

static napi_value AdamUpdate(napi_env env, napi_callback_info info) {
  checker c = {env, "adamUpdate", {0}};
  napi_value argv[16];
  if (!take_args(&c, info, 16, argv)) return NULL;
  array_view a[5];
  if (!take_array(&c, argv[0], NULL, 0, "param", &a[0]) || !take_array(&c, argv[1], &a[0], 0, "grad", &a[1]) ||
      !take_array(&c, argv[2], &a[0], 0, "exp_avg", &a[2]) ||
      !take_array(&c, argv[3], &a[0], 0, "exp_avg_sq", &a[3]) ||
      !take_array(&c, argv[4], &a[0], 1, "max_exp_avg_sq", &a[4]))
    return NULL;
  adam_hyper h;
  int64_t flags, threads;
  if (!take_number(&c, argv[5], "beta1", &h.beta1) || !take_number(&c, argv[6], "beta2", &h.beta2) ||
      !take_number(&c, argv[7], "oneMinusBeta1", &h.one_minus_beta1) ||
      !take_number(&c, argv[8], "oneMinusBeta2", &h.one_minus_beta2) ||
      !take_number(&c, argv[9], "negStepSize", &h.neg_step_size) ||
      !take_number(&c, argv[10], "bc2Sqrt", &h.bc2_sqrt) || !take_number(&c, argv[11], "eps", &h.eps) ||
      !take_number(&c, argv[12], "decay", &h.decay) || !take_number(&c, argv[13], "l2", &h.l2) ||
      !take_int(&c, argv[14], "flags", 0, EW_MAXIMIZE | EW_L2 | EW_DECOUPLED, &flags) ||
      !take_int(&c, argv[15], "threads", 1, INT32_MAX, &threads))
    return NULL;
  h.flags = (int)flags;
  if (any_overlap(a, 5)) return boolean(env, false);
  run_job(K_ADAM, a, 5, &h, (int64_t)a[0].length, threads);
  return boolean(env, true);
}

static napi_value SgdUpdate(napi_env env, napi_callback_info info) {
  checker c = {env, "sgdUpdate", {0}};
  napi_value argv[9];
  if (!take_args(&c, info, 9, argv)) return NULL;
  array_view a[3];
  if (!take_array(&c, argv[0], NULL, 0, "param", &a[0]) || !take_array(&c, argv[1], &a[0], 0, "grad", &a[1]) ||
      !take_array(&c, argv[2], &a[0], 1, "momentum_buffer", &a[2]))
    return NULL;
  sgd_hyper h;
  int64_t flags, threads;
  if (!take_number(&c, argv[3], "momentum", &h.momentum) || !take_number(&c, argv[4], "keep", &h.keep) ||
      !take_number(&c, argv[5], "negLr", &h.neg_lr) || !take_number(&c, argv[6], "l2", &h.l2) ||
      !take_int(&c, argv[7], "flags", 0, EW_MAXIMIZE | EW_L2 | EW_NESTEROV | EW_FRESH, &flags) ||
      !take_int(&c, argv[8], "threads", 1, INT32_MAX, &threads))
    return NULL;
  h.flags = (int)flags;
  if (any_overlap(a, 3)) return boolean(env, false);
  run_job(K_SGD, a, 3, &h, (int64_t)a[0].length, threads);
  return boolean(env, true);
}

static napi_value RmspropUpdate(napi_env env, napi_callback_info info) {
  checker c = {env, "rmspropUpdate", {0}};
  napi_value argv[13];
  if (!take_args(&c, info, 13, argv)) return NULL;
  array_view a[5];
  if (!take_array(&c, argv[0], NULL, 0, "param", &a[0]) || !take_array(&c, argv[1], &a[0], 0, "grad", &a[1]) ||
      !take_array(&c, argv[2], &a[0], 0, "square_avg", &a[2]) ||
      !take_array(&c, argv[3], &a[0], 1, "grad_avg", &a[3]) ||
      !take_array(&c, argv[4], &a[0], 1, "momentum_buffer", &a[4]))
    return NULL;
  rmsprop_hyper h;
  int64_t flags, threads;
  if (!take_number(&c, argv[5], "alpha", &h.alpha) ||
      !take_number(&c, argv[6], "oneMinusAlpha", &h.one_minus_alpha) || !take_number(&c, argv[7], "eps", &h.eps) ||
      !take_number(&c, argv[8], "momentum", &h.momentum) || !take_number(&c, argv[9], "negLr", &h.neg_lr) ||
      !take_number(&c, argv[10], "l2", &h.l2) ||
      !take_int(&c, argv[11], "flags", 0, EW_MAXIMIZE | EW_L2, &flags) ||
      !take_int(&c, argv[12], "threads", 1, INT32_MAX, &threads))
    return NULL;
  h.flags = (int)flags;
  if (any_overlap(a, 5)) return boolean(env, false);
  run_job(K_RMSPROP, a, 5, &h, (int64_t)a[0].length, threads);
  return boolean(env, true);
}

static napi_value AdagradUpdate(napi_env env, napi_callback_info info) {
  checker c = {env, "adagradUpdate", {0}};
  napi_value argv[8];
  if (!take_args(&c, info, 8, argv)) return NULL;
  array_view a[3];
  if (!take_array(&c, argv[0], NULL, 0, "param", &a[0]) || !take_array(&c, argv[1], &a[0], 0, "grad", &a[1]) ||
      !take_array(&c, argv[2], &a[0], 0, "sum", &a[2]))
    return NULL;
  adagrad_hyper h;
  int64_t flags, threads;
  if (!take_number(&c, argv[3], "eps", &h.eps) || !take_number(&c, argv[4], "negClr", &h.neg_clr) ||
      !take_number(&c, argv[5], "l2", &h.l2) || !take_int(&c, argv[6], "flags", 0, EW_MAXIMIZE | EW_L2, &flags) ||
      !take_int(&c, argv[7], "threads", 1, INT32_MAX, &threads))
    return NULL;
  h.flags = (int)flags;
  if (any_overlap(a, 3)) return boolean(env, false);
  run_job(K_ADAGRAD, a, 3, &h, (int64_t)a[0].length, threads);
  return boolean(env, true);
}

/* ------------------------------------------------------------------ elementwise ops */

static napi_value ReluForward(napi_env env, napi_callback_info info) {
  checker c = {env, "reluForward", {0}};
  napi_value argv[2];
  if (!take_args(&c, info, 2, argv)) return NULL;
  array_view a[2];
  if (!take_array(&c, argv[0], NULL, 0, "input", &a[0]) || !take_array(&c, argv[1], &a[0], 0, "out", &a[1]))
    return NULL;
  /* In place (the same elements) is fine elementwise; a shifted overlap is not. */
  if (a[0].data != a[1].data && any_overlap(a, 2)) return fail(&c, 1, "input and out overlap");
  run_job(K_RELU_FWD, a, 2, NULL, (int64_t)a[0].length, 1);
  return NULL;
}

static napi_value ReluBackward(napi_env env, napi_callback_info info) {
  checker c = {env, "reluBackward", {0}};
  napi_value argv[3];
  if (!take_args(&c, info, 3, argv)) return NULL;
  array_view a[3];
  if (!take_array(&c, argv[0], NULL, 0, "output", &a[0]) || !take_array(&c, argv[1], &a[0], 0, "grad", &a[1]) ||
      !take_array(&c, argv[2], &a[0], 0, "out", &a[2]))
    return NULL;
  if ((a[2].data != a[0].data && any_overlap((array_view[]){a[0], a[2]}, 2)) ||
      (a[2].data != a[1].data && any_overlap((array_view[]){a[1], a[2]}, 2)))
    return fail(&c, 1, "out overlaps an input");
  run_job(K_RELU_BWD, a, 3, NULL, (int64_t)a[0].length, 1);
  return NULL;
}

static napi_value AddRowBias(napi_env env, napi_callback_info info) {
  checker c = {env, "addRowBias", {0}};
  napi_value argv[4];
  if (!take_args(&c, info, 4, argv)) return NULL;
  array_view out, bias;
  int64_t offset, row;
  if (!take_array(&c, argv[0], NULL, 0, "out", &out) || !take_int(&c, argv[2], "biasOffset", 0, INT64_MAX, &offset) ||
      !take_int(&c, argv[3], "rowLength", 1, INT64_MAX, &row))
    return NULL;
  if (!get_array(env, argv[1], &bias) || bias.type != out.type)
    return fail(&c, 0, "bias must be a typed array of out's dtype");
  if ((int64_t)out.length % row != 0) return fail(&c, 1, "out's length is not a multiple of rowLength");
  if (offset > (int64_t)bias.length || row > (int64_t)bias.length - offset)
    return fail(&c, 1, "bias[biasOffset, biasOffset + rowLength) lies outside bias");
  array_view pair[2] = {out, bias};
  pair[1].length = (size_t)row;
  pair[1].data = (char *)bias.data + (size_t)offset * (out.type == napi_float64_array ? 8 : 4);
  if (any_overlap(pair, 2)) return fail(&c, 1, "out and bias overlap");
  const int64_t n = (int64_t)out.length;
  if (out.type == napi_float64_array) {
    double *o = out.data;
    const double *b = pair[1].data;
    for (int64_t r = 0; r < n; r += row)
      for (int64_t j = 0; j < row; j++) o[r + j] = o[r + j] + b[j];
  } else if (out.type == napi_float32_array) {
    float *o = out.data;
    const float *b = pair[1].data;
    for (int64_t r = 0; r < n; r += row)
      for (int64_t j = 0; j < row; j++) o[r + j] = o[r + j] + b[j];
  } else {
    return fail(&c, 0, "out must be a Float32Array or Float64Array");
  }
  return NULL;
}

/* ------------------------------------------------------------------ variant choice */

static napi_value ElementwiseIsa(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  napi_create_string_utf8(env, use_avx2 ? "avx2" : "generic", NAPI_AUTO_LENGTH, &out);
  return out;
}

static napi_value SetElementwiseIsa(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  char name[16] = {0};
  size_t len = 0;
  bool ok = false;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) == napi_ok && argc >= 1 &&
      napi_get_value_string_utf8(env, argv[0], name, sizeof name, &len) == napi_ok) {
    if (strcmp(name, "generic") == 0) {
      use_avx2 = 0;
      ok = true;
    } else if ((strcmp(name, "avx2") == 0 || strcmp(name, "best") == 0) && cpu_has_avx2()) {
      use_avx2 = 1;
      ok = true;
    } else if (strcmp(name, "best") == 0) {
      use_avx2 = 0;
      ok = true;
    }
  }
  return boolean(env, ok);
}

void register_elementwise_kernels(napi_env env, napi_value exports) {
  use_avx2 = cpu_has_avx2();
  napi_property_descriptor props[] = {
      {"adamUpdate", NULL, AdamUpdate, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sgdUpdate", NULL, SgdUpdate, NULL, NULL, NULL, napi_enumerable, NULL},
      {"rmspropUpdate", NULL, RmspropUpdate, NULL, NULL, NULL, napi_enumerable, NULL},
      {"adagradUpdate", NULL, AdagradUpdate, NULL, NULL, NULL, napi_enumerable, NULL},
      {"reluForward", NULL, ReluForward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"reluBackward", NULL, ReluBackward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"addRowBias", NULL, AddRowBias, NULL, NULL, NULL, napi_enumerable, NULL},
      {"elementwiseIsa", NULL, ElementwiseIsa, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setElementwiseIsa", NULL, SetElementwiseIsa, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
}
