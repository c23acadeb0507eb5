/* The kernel families besides GEMM, each in its own file, each adding its functions to the addon's
 * exports when the library loads. */
#ifndef TORCHLET_MODULES_H
#define TORCHLET_MODULES_H
#define NAPI_VERSION 8
#include <node_api.h>

/* elementwise.c: fused elementwise and optimizer-update loops. */
void register_elementwise_kernels(napi_env env, napi_value exports);
/* conv.c: im2col / col2im and pooling. */
void register_conv_kernels(napi_env env, napi_value exports);
/* libm.c: the platform's libm (log, sin, cos) for streams PyTorch computes with it. */
void register_libm_kernels(napi_env env, napi_value exports);

#endif
