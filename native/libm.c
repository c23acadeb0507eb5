#include "modules.h"
#include "napi_util.h"

void register_libm_kernels(napi_env env, napi_value exports) {
  (void)env;
  (void)exports;
}
