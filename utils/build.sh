#!/usr/bin/env bash
# Configures (the first time) and builds eyeriss-mlir with Ninja and ccache.
# EYERISS_BUILD_DIR overrides the build directory (default: build/).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${EYERISS_BUILD_DIR:-$root/build}

# Paths relative to the checkout, so a fresh clone elsewhere (CI) hits the
# same ccache entries.
export CCACHE_BASEDIR="$root"
export CCACHE_NOHASHDIR=true

if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build" -- -j"${EYERISS_JOBS:-$(nproc)}"
