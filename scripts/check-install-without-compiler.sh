#!/usr/bin/env bash
# A machine without a C compiler must still install torchlet and pass its tests on the portable
# kernels. This simulates one: a clean clone of this checkout, a PATH that holds every program of the
# current PATH except C/C++ compilers, then `npm install` (whose native build must say it skipped and
# exit 0) and `npm test` (or the test-path filters given as arguments).
#
#   scripts/check-install-without-compiler.sh [test-path-filter ...]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Every executable on PATH (first one of each name wins, as in a lookup), compilers left out.
bin="$work/bin"
mkdir -p "$bin"
IFS=: read -r -a dirs <<< "$PATH"
for d in "${dirs[@]}"; do
  [ -d "$d" ] || continue
  for f in "$d"/*; do
    name="$(basename "$f")"
    [ -x "$f" ] && [ ! -d "$f" ] || continue
    [ -e "$bin/$name" ] && continue
    if [[ "$name" =~ ^(cc|c\+\+|c89|c99|gcc|g\+\+|cpp|clang|clang\+\+|tcc|icc|icx)(-[0-9.]+)?$ ]] ||
       [[ "$name" =~ ^[a-z0-9_]+-linux-gnu-(gcc|g\+\+|cpp|c\+\+)(-[0-9.]+)?$ ]] || [[ "$name" =~ ^clang-[0-9]+$ ]]; then
      continue
    fi
    ln -s "$f" "$bin/$name"
  done
done
export PATH="$bin"
unset CC CXX TORCHLET_EXPECT_TIERS TORCHLET_KERNEL_TIER TORCHLET_KERNEL_DISPATCH TORCHLET_NATIVE_PATH
for c in cc gcc clang c++ g++; do
  if command -v "$c" >/dev/null 2>&1; then echo "no-compiler check: $c is still on PATH" >&2; exit 1; fi
done

git clone --quiet --no-hardlinks "$repo" "$work/torchlet"
cd "$work/torchlet"
export npm_config_progress=false npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
npm install 2>&1 | tee "$work/install.log"
grep -q 'native kernels not built (no C compiler found' "$work/install.log" \
  || { echo "no-compiler check: the install did not report the skipped native build" >&2; exit 1; }
[ ! -e native/build/torchlet_native.node ] \
  || { echo "no-compiler check: a native library was built without a compiler" >&2; exit 1; }
echo "no-compiler check: installed without a compiler; running the tests on the portable kernels"
if [ "$#" -gt 0 ]; then
  npm run build >/dev/null && node scripts/run-tests.mjs "$@"
else
  npm test
fi
echo "no-compiler check: passed"
