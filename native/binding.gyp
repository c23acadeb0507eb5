# node-gyp description of the same library that scripts/build-native.mjs builds directly with the C
# compiler (the install uses that script: it needs no Python and no header download). Kept for
# `node-gyp rebuild` users; each instruction-set variant is a static library with its own flags.
{
  "variables": {
    "common_cflags": ["-std=gnu11", "-O3", "-fvisibility=hidden", "-pthread"]
  },
  "target_defaults": {
    "conditions": [["target_arch=='x64'", {"defines": ["TORCHLET_X86"]}]],
    "cflags": ["<@(common_cflags)"],
    "cflags!": ["-O2", "-O0"]
  },
  "targets": [
    {
      "target_name": "torchlet_native",
      "sources": ["addon.c", "gemm_dispatch.c", "thread_pool.c", "gemm_generic.c"],
      "libraries": ["-pthread"],
      "conditions": [["target_arch=='x64'", {"dependencies": ["gemm_avx2", "gemm_avx512", "gemm_wide_avx2"]}]]
    },
    {
      "target_name": "gemm_avx2", "type": "static_library", "sources": ["gemm_avx2.c"],
      "cflags": ["-fPIC", "-mavx2", "-mfma"]
    },
    {
      "target_name": "gemm_avx512", "type": "static_library", "sources": ["gemm_avx512.c"],
      "cflags": ["-fPIC", "-mavx512f", "-mavx2", "-mfma"]
    },
    {
      "target_name": "gemm_wide_avx2", "type": "static_library", "sources": ["gemm_wide_avx2.c"],
      "cflags": ["-fPIC", "-mavx2", "-mfma"]
    }
  ]
}
