# node-gyp description of the same library that scripts/build-native.mjs builds directly with the C
# compiler (the install uses that script: it needs no Python and no header download). Kept for
# `node-gyp rebuild` users. Like the script, it takes every *.c file here; the *_avx2.c and
# *_avx512.c instruction-set variants are static libraries with their own flags.
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
      "sources": ["<!@(node -p \"require('fs').readdirSync('.').filter((f) => /\\.c$/.test(f) && !/_avx(2|512)\\.c$/.test(f)).join(' ')\")"],
      "libraries": ["-pthread", "-lm"],
      "conditions": [["target_arch=='x64'", {"dependencies": ["variants_avx2", "variants_avx512"]}]]
    },
    {
      "target_name": "variants_avx2", "type": "static_library",
      "sources": ["<!@(node -p \"require('fs').readdirSync('.').filter((f) => /_avx2\\.c$/.test(f)).join(' ')\")"],
      "cflags": ["-fPIC", "-mavx2", "-mfma"]
    },
    {
      "target_name": "variants_avx512", "type": "static_library",
      "sources": ["<!@(node -p \"require('fs').readdirSync('.').filter((f) => /_avx512\\.c$/.test(f)).join(' ')\")"],
      "cflags": ["-fPIC", "-mavx512f", "-mavx2", "-mfma"]
    }
  ]
}
