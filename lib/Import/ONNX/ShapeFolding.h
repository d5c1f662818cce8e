//===- ShapeFolding.h - Evaluate a graph's shape arithmetic ---*- C++ -*-===//
//
// Exporters compute slice bounds and reshape targets at run time from
// `Shape` (PyTorch's `x.size(1) // 2` becomes Shape -> Gather -> Div), and
// build constants from shapes the same way (a shifted-window transformer's
// attention mask: ConstantOfShape, ScatterND, Reshape, Transpose, Sub,
// Equal, Where). With static input shapes all of these are constants. ONNX
// 1.12's shape inference propagates Shape's value only into a few consumers
// and offers no evaluator for the rest (onnx.reference arrived in 1.13, in
// Python), so the importer evaluates those subgraphs itself, replaces them
// with initializers, and runs shape inference again.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_LIB_IMPORT_ONNX_SHAPEFOLDING_H
#define EYERISS_LIB_IMPORT_ONNX_SHAPEFOLDING_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

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

/// What ONNX Slice keeps of an axis of `extent` for one (start, end, step),
/// step != 0: the first index and how many, every `step` apart (0 when the
/// slice is empty). Negative indices count from the end; ONNX clamps them
/// to [0, extent] going forwards, to [0, extent - 1] (start) and
/// [-1, extent - 1] (end) going backwards. Never overflows, whatever the
/// three values.
struct SliceRange {
  int64_t first = 0, count = 0;
};
SliceRange resolveSliceRange(int64_t start, int64_t end, int64_t step,
                             int64_t extent);

/// Evaluates every node of `graph` whose inputs are known: initializers,
/// Constant nodes and values folded before, of type int64, int32, bool or
/// float32, up to 2^20 elements (the float weights the importer holds aside
/// are not among them), and Shape of a value whose type in `valueTypes` is
/// fully static. Evaluated: Shape, ConstantOfShape, Identity, Cast,
/// Unsqueeze, Squeeze, Reshape, Expand, Transpose, Concat, Slice, Gather,
/// Range, ScatterND, Where, Trilu, Not, Neg, Abs, Floor, Ceil, Sqrt, Cos,
/// Sin, Add, Sub, Mul, Div, Mod, Pow, Equal, Less, Greater, LessOrEqual,
/// GreaterOrEqual, And, Or and Xor, with ONNX's semantics (numpy
/// broadcasting; integer Div truncating). Each folded node is removed and
/// its output becomes an initializer of its type when something still
/// reads it.
ShapeFoldingResult
foldShapeComputations(onnx::GraphProto &graph,
                      const llvm::StringMap<onnx::TypeProto> &valueTypes);

/// The op types foldShapeComputations evaluates, sorted.
llvm::ArrayRef<llvm::StringLiteral> foldableOpTypes();

} // namespace eyeriss

#endif // EYERISS_LIB_IMPORT_ONNX_SHAPEFOLDING_H
