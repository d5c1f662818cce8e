//===- ControlFlow.h - If nodes of a condition known at import -*- C++ -*-===//
//
// Exporters write control flow that depends on shapes, not data: a scripted
// PyTorch module's `if x.size(1) > 1:` and `for i in range(x.size(1)):`,
// a converted TensorFlow graph's checks and scans, become ONNX If, Loop and
// Scan nodes whose condition or trip count is shape arithmetic or a static
// extent. With static shapes the
// importer evaluates that arithmetic (ShapeFolding.h), so the condition is
// a constant and the If is the branch it selects, the Loop its iterations
// one after the other: their nodes replace the If or Loop in the graph. The
// compile is ahead of time for fixed shapes: an If whose condition, or a
// Loop whose trip count or continuation, is computed from data cannot be
// translated, and is refused naming what is computed.
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

/// What unrollLoops or unrollScans did.
struct LoopUnrollingResult {
  /// Loop or Scan nodes replaced by their iterations.
  int unrolled = 0;
  /// A Loop that cannot be unrolled, and why.
  std::optional<onnx::NodeProto> badNode;
  std::string message;
};

/// The most iterations a Loop is unrolled to.
inline constexpr int64_t kMaxUnrolledIterations = 1024;

/// Replaces each Loop node of `graph` (the default domain) whose trip count
/// is a constant (an initializer or a Constant node, as above) of at most
/// kMaxUnrolledIterations, whose initial condition is absent or a constant
/// true and whose body passes its condition on unchanged (the condition
/// input, an Identity of it, or a constant true: a `for` loop), by its
/// iterations: each a copy of the body, its values named
/// `<loop output>::iter<k>::<value>` and its nodes `<loop>.iter<k>.<node>`,
/// the iteration number a Constant, the loop-carried values threaded from
/// one copy to the next; Identity nodes give the Loop's outputs the last
/// values and Unsqueeze/Concat stack the scan outputs. A Loop that does not
/// qualify is reported when `refuseOthers` is set (else left).
LoopUnrollingResult
unrollLoops(onnx::GraphProto &graph,
            llvm::function_ref<const onnx::TensorProto *(const std::string &)>
                initializerOf,
            bool refuseOthers);

/// Replaces each Scan node of `graph` (opset 9 on) whose scan inputs have a
/// static extent along their scan axes (`typeOf`, null when unknown), of
/// at most kMaxUnrolledIterations, by its iterations as unrollLoops does:
/// iteration t reads slice t (counted from the end for a reverse
/// direction) of each scan input along its axis, Slice and Squeeze; the
/// states are threaded from one copy of the body to the next; the scan
/// outputs are stacked along their axes (Unsqueeze, Concat), in reverse for
/// a reverse direction. A Scan that does not qualify is reported when
/// `refuseOthers` is set (else left).
LoopUnrollingResult unrollScans(
    onnx::GraphProto &graph,
    llvm::function_ref<const onnx::TypeProto *(const std::string &)> typeOf,
    bool refuseOthers);

} // namespace eyeriss

#endif // EYERISS_LIB_IMPORT_ONNX_CONTROLFLOW_H
