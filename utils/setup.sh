#!/usr/bin/env bash
# Installs every Debian package eyeriss-mlir needs to build, test and run.
# Idempotent: when everything is present it prints one line and touches nothing.
set -euo pipefail

PACKAGES=(
  # toolchain and build
  build-essential cmake ninja-build ccache git pkg-config
  # LLVM/MLIR 22: libraries, mlir-tblgen/mlir-opt, lit/FileCheck
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  # ONNX (checker, shape inference, version converter, parser) and protobuf
  libonnx-dev libonnx-testdata libprotobuf-dev protobuf-compiler
  # unit tests and Python bindings
  libgtest-dev libgmock-dev pybind11-dev python3-dev
  # Python side: model export, tests, pictures
  python3-numpy python3-onnx python3-torch python3-torchvision python3-pytest
  python3-matplotlib
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "setup: done"
