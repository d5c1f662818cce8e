//===- HostOps.h - The ops the host CPU runs between layers -----*- C++ -*-===//
//
// A host-op descriptor (docs/ISA.md, host_ops) evaluated in float32 with the
// reference executor's kernels, so the simulator's host side computes what
// the golden model computes. The fused activation follows the op.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_RUNTIME_HOSTOPS_H
#define EYERISS_RUNTIME_HOSTOPS_H

#include "eyeriss/ISA/Program.h"
#include "eyeriss/Reference/Tensor.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

namespace eyeriss {
namespace runtime {

/// Runs `op` on `inputs` (one per descriptor input, shaped as their tensors);
/// the result has the output tensor's shape `outputShape`.
llvm::Expected<reference::Tensor>
runHostOp(const eyb::HostOpDesc &op, llvm::ArrayRef<reference::Tensor> inputs,
          llvm::ArrayRef<int64_t> outputShape);

} // namespace runtime
} // namespace eyeriss

#endif // EYERISS_RUNTIME_HOSTOPS_H
