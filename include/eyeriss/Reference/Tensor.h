//===- Tensor.h - Dense float tensors of the reference executor -*- C++ -*-===//
//
// The value type of the float32 reference executor: a shape and its elements
// in row-major (C) order. Plain C++ on LLVM's ADT, so the kernels can be used
// and tested without an MLIRContext.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_REFERENCE_TENSOR_H
#define EYERISS_REFERENCE_TENSOR_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <vector>

namespace eyeriss::reference {

/// A dense float32 tensor in row-major order. A rank-0 tensor (empty shape)
/// holds one element.
struct Tensor {
  llvm::SmallVector<int64_t> shape;
  std::vector<float> data;

  Tensor() = default;
  /// A tensor of `shape` holding `data`, which must have as many elements.
  Tensor(llvm::ArrayRef<int64_t> shape, std::vector<float> data);

  /// A zero-filled tensor of `shape`.
  static Tensor zeros(llvm::ArrayRef<int64_t> shape) {
    return Tensor(shape, std::vector<float>(numElements(shape), 0.0f));
  }

  /// The number of elements a tensor of `shape` holds.
  static int64_t numElements(llvm::ArrayRef<int64_t> shape);
  int64_t numElements() const { return numElements(shape); }
  int64_t rank() const { return static_cast<int64_t>(shape.size()); }

  /// Position in `data` of the element at `indices` (one per dimension, each
  /// in range).
  int64_t offset(llvm::ArrayRef<int64_t> indices) const;

  float &at(llvm::ArrayRef<int64_t> indices) { return data[offset(indices)]; }
  float at(llvm::ArrayRef<int64_t> indices) const {
    return data[offset(indices)];
  }
};

} // namespace eyeriss::reference

#endif // EYERISS_REFERENCE_TENSOR_H
