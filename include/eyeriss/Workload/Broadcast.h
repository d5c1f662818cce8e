//===- Broadcast.h - numpy broadcasting of two shapes -----------*- C++ -*-===//
//
// Ground floor (no MLIR): the ISA verifier and the float kernels the host
// ops run agree here on what shape an elementwise product has. The dialect's
// verifier uses MLIR's OpTrait::util::getBroadcastedShape, the same rule.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_WORKLOAD_BROADCAST_H
#define EYERISS_WORKLOAD_BROADCAST_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>

namespace eyeriss {

/// The shape numpy's (and ONNX's multidirectional) broadcasting gives two
/// shapes: aligned at the last dimension, a missing leading dimension is 1,
/// and each pair of extents is equal or one of them is 1. Nothing when they
/// do not broadcast.
std::optional<llvm::SmallVector<int64_t>>
broadcastShape(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs);

/// Row-major strides of `shape` seen as a shape of `rank` dimensions
/// (missing leading dimensions added), 0 where it broadcasts: stepping a
/// broadcast result's index moves each operand's offset by these.
llvm::SmallVector<int64_t> broadcastStrides(llvm::ArrayRef<int64_t> shape,
                                            size_t rank);

} // namespace eyeriss

#endif // EYERISS_WORKLOAD_BROADCAST_H
