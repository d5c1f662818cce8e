#!/usr/bin/env bash
# README command 1: set up, build, and run the compiler on the bundled
# default model (grouped AlexNet, batch 4) for the eyeriss-v1 chip.
# Usage: utils/run.sh [model.mlir] [architecture name or .json]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${EYERISS_BUILD_DIR:-$root/build}
model=${1:-$root/examples/alexnet-grouped.mlir}
arch=${2:-eyeriss-v1}

bash "$root/utils/setup.sh"
bash "$root/utils/build.sh"

out="$build/out"
mkdir -p "$out"
name=$(basename "$model" .mlir)
echo
echo "== $name on $arch: layers the PE array runs =="
"$build/bin/eyeriss-opt" "$model" \
  --eyeriss-attach-target="arch=$arch" \
  --eyeriss-print-workload \
  -o "$out/$name.mlir"
"$build/bin/eyeriss-opt" "$model" --eyeriss-attach-target="arch=$arch" \
  --eyeriss-print-workload=format=json -o /dev/null > "$out/$name.workload.json"
echo
echo "IR with its target: $out/$name.mlir"
echo "workload as JSON:   $out/$name.workload.json"
