//===- FunctionInlining.h - Expand ONNX functions into their bodies -*- C++
//-*-===//
//
// Some ONNX ops are defined as functions: their schema carries a body of
// other ops (DynamicQuantizeLinear), or builds one from the node's
// attributes and input types (NegativeLogLikelihoodLoss,
// SoftmaxCrossEntropyLoss). An op the importer does not translate itself
// but whose schema has a body is replaced by that body, built and expanded
// by ONNX's own code (OpSchema::BuildContextDependentFunction,
// FunctionExpandHelper), as ONNX Runtime does for a function op it has no
// kernel for.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_LIB_IMPORT_ONNX_FUNCTIONINLINING_H
#define EYERISS_LIB_IMPORT_ONNX_FUNCTIONINLINING_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include "onnx/onnx_pb.h"

#include <optional>
#include <string>

namespace eyeriss {

/// What inlineFunctionBodies did.
struct FunctionInliningResult {
  /// Nodes replaced by their bodies.
  int inlined = 0;
  /// A node whose body ONNX could not build or expand, and why.
  std::optional<onnx::NodeProto> badNode;
  std::string message;
};

/// Replaces every default-domain node of `graph` whose op `isTranslated`
/// rejects and whose schema at `opset` has a function body with the body's
/// nodes, in the node's place. The body's inner values are named
/// `Func_<node><inner name>` (ONNX's rule), its nodes `<node>.<inner
/// output>` (`<node>` being the node's name, else its first output), so a
/// diagnostic about an inner node names the node it came from. `typeOf`
/// gives the type of a value (null if unknown), which bodies built from the
/// context may read. One level: a body's own function ops are inlined by
/// the next call, after shape inference has typed their inputs.
FunctionInliningResult inlineFunctionBodies(
    onnx::GraphProto &graph, int64_t opset,
    llvm::function_ref<bool(llvm::StringRef)> isTranslated,
    llvm::function_ref<const onnx::TypeProto *(const std::string &)> typeOf);

} // namespace eyeriss

#endif // EYERISS_LIB_IMPORT_ONNX_FUNCTIONINLINING_H
