#!/usr/bin/env bash
# README command 2 (and .ci/run): set up, build, and run every test — lit
# (FileCheck) suites, GoogleTest units and Python tests, all through ctest.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${EYERISS_BUILD_DIR:-$root/build}

start=$(date +%s)
bash "$root/utils/setup.sh"
bash "$root/utils/build.sh"
cd "$build"
# The long set (ResNet-50, VGG-16 and torchvision AlexNet end to end) runs
# only on request.
label_filter=(-LE long)
[ "${EYERISS_LONG_TESTS:-0}" = 1 ] && label_filter=()
ctest --output-on-failure -j"${EYERISS_JOBS:-$(nproc)}" "${label_filter[@]}"
echo "test.sh: set-up, build and tests took $(( $(date +%s) - start )) s"
