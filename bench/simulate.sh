#!/usr/bin/env bash
# Benchmark: eyeriss-run, cycle-level and bit-exact, on compiled programs.
# Reports wall time on one core, simulated MACs per second and simulated core
# cycles per second. Default: grouped AlexNet at batch 4 (the CONV stack is
# JSSC Table V's 2.66 GMAC), whole network and CONV layers alone.
# Usage: bench/simulate.sh [model ...]   (zoo names; default alexnet-grouped)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${EYERISS_BUILD_DIR:-$root/build}
zoo=${EYERISS_ZOO_DIR:-$build/zoo}
batch=${BATCH:-4}
runs=${RUNS:-3}
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(alexnet-grouped)

PYTHONPATH="$root/python" /usr/bin/python3 -m eyeriss.zoo --out "$zoo" \
  --models "$(IFS=,; echo "${models[*]}")" --opsets 13 >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); one core used (taskset -c 0)"
echo "command: taskset -c 0 eyeriss-run <model>.eyb --stats s.json --quiet (batch $batch, best of $runs)"
for m in "${models[@]}"; do
  "$build/bin/eyeriss-compile" "$zoo/$m/opset13/model.onnx" --batch="$batch" \
    -o "$tmp/$m.eyb"
  best=""
  for _ in $(seq "$runs"); do
    start=$(date +%s.%N)
    taskset -c 0 "$build/bin/eyeriss-run" "$tmp/$m.eyb" --stats "$tmp/s.json" --quiet
    t=$(echo "$(date +%s.%N) - $start" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  /usr/bin/python3 - "$tmp/s.json" "$best" "$m" <<'PY'
import json, sys
stats, wall, name = json.load(open(sys.argv[1])), float(sys.argv[2]), sys.argv[3]
t = stats["totals"]
conv = [l for l in stats["layers"] if l["kind"] == "conv"]
conv_macs = sum(l["macs"] for l in conv)
print(f"== {name}: {wall:.2f} s wall for {t['macs'] / 1e9:.3f} GMAC "
      f"({conv_macs / 1e9:.3f} GMAC in CONV layers), "
      f"{t['cycles'] / 1e6:.1f} M simulated core cycles")
print(f"   {t['macs'] / wall / 1e6:.0f} M simulated MAC/s, "
      f"{t['cycles'] / wall / 1e6:.1f} M simulated cycles/s")
PY
done
