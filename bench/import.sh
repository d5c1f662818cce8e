#!/usr/bin/env bash
# Benchmark: time eyeriss-compile's ONNX import (file read, protobuf parse,
# checker, version converter, shape inference, translation) on zoo models.
# Usage: bench/import.sh [model ...]   (default: resnet50 alexnet-grouped vgg16)
# Exports the models first if needed (python/eyeriss/zoo.py, deterministic).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${EYERISS_BUILD_DIR:-$root/build}
zoo=${EYERISS_ZOO_DIR:-$build/zoo}
runs=${RUNS:-5}
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(resnet50 alexnet-grouped vgg16)

PYTHONPATH="$root/python" /usr/bin/python3 -m eyeriss.zoo --out "$zoo" \
  --models "$(IFS=,; echo "${models[*]}")" --opsets 13 >/dev/null

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "command: eyeriss-compile <model> --compile-to=import -o /dev/null --mlir-timing (best of $runs)"
printf "%-18s %10s %12s %12s %12s %12s\n" model "MB" "total s" "parse s" "onnx s" "translate s"
for m in "${models[@]}"; do
  f="$zoo/$m/opset13/model.onnx"
  best=""
  for _ in $(seq "$runs"); do
    t=$("$build/bin/eyeriss-compile" "$f" --compile-to=import -o /dev/null --mlir-timing 2>&1 |
        awk '/Import ONNX/{tot=$1} /Parse protobuf/{p=$1} /ONNX tools/{o=$1} /Translate to eyeriss/{t=$1} END{print tot, p, o, t}')
    if [ -z "$best" ] || awk -v a="${t%% *}" -v b="${best%% *}" 'BEGIN{exit !(a<b)}'; then best=$t; fi
  done
  read -r tot p o t <<<"$best"
  printf "%-18s %10.0f %12s %12s %12s %12s\n" "$m" "$(( $(stat -c %s "$f") / 1000000 ))" "$tot" "$p" "$o" "$t"
done
