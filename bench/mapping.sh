#!/usr/bin/env bash
# Benchmark: time the eyeriss-map pass (the row-stationary mapping search for
# every CONV and FC layer) on zoo models, at batch 1 and 4, and the
# exhaustive search for comparison.
# Usage: bench/mapping.sh [model ...]   (default: resnet50 alexnet-grouped vgg16)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${EYERISS_BUILD_DIR:-$root/build}
zoo=${EYERISS_ZOO_DIR:-$build/zoo}
runs=${RUNS:-3}
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(resnet50 alexnet-grouped vgg16)

PYTHONPATH="$root/python" /usr/bin/python3 -m eyeriss.zoo --out "$zoo" \
  --models "$(IFS=,; echo "${models[*]}")" --opsets 13 >/dev/null

# Best-of-$runs wall time of the EyerissMap pass, from --mlir-timing.
map_time() {
  local best=""
  for _ in $(seq "$runs"); do
    t=$("$build/bin/eyeriss-compile" "$@" -o /dev/null --mlir-timing 2>&1 |
        awk '/EyerissMap/{print $1}')
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$t; fi
  done
  echo "$best"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "command: eyeriss-compile <model> --batch=N [--exhaustive-search] -o /dev/null --mlir-timing (EyerissMap, best of $runs)"
printf "%-18s %8s %14s %14s %18s\n" model layers "batch 1 s" "batch 4 s" "batch 1 exhaust. s"
for m in "${models[@]}"; do
  f="$zoo/$m/opset13/model.onnx"
  layers=$("$build/bin/eyeriss-compile" "$f" --compile-to=canonicalize --report=workload -o /dev/null |
           grep -cE ' (conv2d|fc) ')
  printf "%-18s %8s %14s %14s %18s\n" "$m" "$layers" "$(map_time "$f" --batch=1)" \
    "$(map_time "$f" --batch=4)" "$(map_time "$f" --batch=1 --exhaustive-search)"
done
