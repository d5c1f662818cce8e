//===- Broadcast.cpp - numpy broadcasting of two shapes -------------------===//

#include "eyeriss/Workload/Broadcast.h"

#include <algorithm>

std::optional<llvm::SmallVector<int64_t>>
eyeriss::broadcastShape(llvm::ArrayRef<int64_t> lhs,
                        llvm::ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  llvm::SmallVector<int64_t> shape(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Dimension i from the end.
    int64_t a = i < lhs.size() ? lhs[lhs.size() - 1 - i] : 1;
    int64_t b = i < rhs.size() ? rhs[rhs.size() - 1 - i] : 1;
    if (a != b && a != 1 && b != 1)
      return std::nullopt;
    shape[rank - 1 - i] = a == 1 ? b : a;
  }
  return shape;
}

llvm::SmallVector<int64_t>
eyeriss::broadcastStrides(llvm::ArrayRef<int64_t> shape, size_t rank) {
  llvm::SmallVector<int64_t> strides(rank, 0);
  int64_t stride = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    size_t d = shape.size() - 1 - i;
    if (shape[d] != 1)
      strides[rank - 1 - i] = stride;
    stride *= shape[d];
  }
  return strides;
}
