//===- ControlFlow.h - If nodes of a condition known at import -*- C++ -*-===//
//
// Exporters write control flow that depends on shapes, not data: a scripted
// PyTorch module's `if x.size(1) > 1:`, a converted TensorFlow graph's
// checks, become ONNX If nodes whose condition is shape arithmetic. With
// static shapes the importer evaluates that arithmetic (ShapeFolding.h), so
// the condition is a constant and the If is the branch it selects: the
// branch's nodes and initializers replace the If in the graph, and an
// Identity gives each of the If's outputs the branch's. The compile is
// ahead of time for fixed shapes: an If whose condition is computed from
// data cannot be translated, and is refused naming its condition.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_LIB_IMPORT_ONNX_CONTROLFLOW_H
#define EYERISS_LIB_IMPORT_ONNX_CONTROLFLOW_H

#include "llvm/ADT/STLFunctionalExtras.h"

#include "onnx/onnx_pb.h"

#include <optional>
#include <string>

namespace eyeriss {

/// What inlineSelectedBranches did.
struct BranchInliningResult {
  /// If nodes replaced by their selected branch.
  int inlined = 0;
  /// An If whose condition is not a constant (or not one value), and why.
  std::optional<onnx::NodeProto> badNode;
  std::string message;
};

/// Replaces each If node of `graph` (the default domain) whose condition is
/// a constant, an initializer (`initializerOf`: the initializer of that
/// name, or null) or a Constant node, by the branch it selects: the
/// branch's initializers join the graph's, its nodes take the If's place
/// (named `<if>.then.<node>` or `<if>.else.<node>`, after the node's name or
/// first output) and `Identity` nodes copy the branch's outputs into the
/// If's. Branches nested in the selected one stay If nodes for the next
/// call. The first If whose condition is not constant is reported when
/// `refuseComputed` is set (else left as it is).
BranchInliningResult inlineSelectedBranches(
    onnx::GraphProto &graph,
    llvm::function_ref<const onnx::TensorProto *(const std::string &)>
        initializerOf,
    bool refuseComputed);

} // namespace eyeriss

#endif // EYERISS_LIB_IMPORT_ONNX_CONTROLFLOW_H
