//===- ShapeFolding.h - Evaluate a graph's shape arithmetic ---*- C++ -*-===//
//
// Exporters compute slice bounds and reshape targets at run time from
// `Shape` (PyTorch's `x.size(1) // 2` becomes Shape -> Gather -> Div). With
// static input shapes those computations are constants. ONNX 1.12's shape
// inference propagates Shape's value only into a few consumers and offers no
// evaluator for the rest (onnx.reference arrived in 1.13, in Python), so the
// importer evaluates the small integer subgraphs itself, replaces them with
// initializers, and runs shape inference again.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_LIB_IMPORT_ONNX_SHAPEFOLDING_H
#define EYERISS_LIB_IMPORT_ONNX_SHAPEFOLDING_H

#include "llvm/ADT/StringMap.h"

#include "onnx/onnx_pb.h"

#include <string>

namespace eyeriss {

/// What foldShapeComputations did.
struct ShapeFoldingResult {
  /// Nodes replaced by initializers.
  int folded = 0;
  /// A node whose integer inputs are all known but that cannot be evaluated
  /// (division by zero, an index out of range): the node and why.
  const onnx::NodeProto *badNode = nullptr;
  std::string message;
};

/// ONNX Slice's rule for a start or end index on an axis of `extent` with a
/// positive step: negative indices count from the end, then clamp to
/// [0, extent].
int64_t clampSliceIndex(int64_t index, int64_t extent);

/// Evaluates every node of `graph` that computes an integer tensor from
/// known values: Shape of a value whose type in `valueTypes` is fully static,
/// ConstantOfShape with an integer value, and Gather, Unsqueeze, Squeeze,
/// Concat, Add, Sub, Mul, Div, Equal, Where, Cast (to an integer), Slice and
/// Identity of int64/int32 constants (initializers, Constant nodes and values
/// folded before). Each folded node is removed and its outputs become int64
/// initializers (Equal's, bool). Nodes on float data are left alone.
ShapeFoldingResult
foldShapeComputations(onnx::GraphProto &graph,
                      const llvm::StringMap<onnx::TypeProto> &valueTypes);

} // namespace eyeriss

#endif // EYERISS_LIB_IMPORT_ONNX_SHAPEFOLDING_H
