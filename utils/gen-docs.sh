#!/usr/bin/env bash
# Regenerates docs/reference/ from the ODS definitions (the `mlir-doc` target).
# test/docs-up-to-date.test fails when the committed copy is stale.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${EYERISS_BUILD_DIR:-$root/build}
cmake --build "$build" --target mlir-doc
mkdir -p "$root/docs/reference"
cp "$build/docs/Dialects/EyerissDialect.md" "$root/docs/reference/EyerissDialect.md"
cp "$build/docs/EyerissPasses.md" "$root/docs/reference/EyerissPasses.md"
echo "docs/reference updated"
