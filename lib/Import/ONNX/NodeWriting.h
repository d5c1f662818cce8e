//===- NodeWriting.h - Reading and writing ONNX nodes ---------*- C++ -*-===//
//
// What the importer's ONNX-level rewrites share (QuantizedOperators,
// SpectralOperators, ControlFlow, LayerNormFusion): attribute lookup and a
// writer of the nodes one node becomes, named after it; a value's static
// shape.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_LIB_IMPORT_ONNX_NODEWRITING_H
#define EYERISS_LIB_IMPORT_ONNX_NODEWRITING_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include "onnx/onnx_pb.h"

#include <optional>
#include <string>
#include <vector>

namespace eyeriss {

/// The attribute of `node` named `name`, or null.
inline const onnx::AttributeProto *findAttribute(const onnx::NodeProto &node,
                                                 llvm::StringRef name) {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

/// True for a node of ONNX's default domain.
inline bool isDefaultDomain(const onnx::NodeProto &node) {
  return node.domain().empty() || node.domain() == "ai.onnx";
}

/// The first output of `node` present ("" if none): unique in the graph,
/// so a prefix for the values written in the node's place.
inline std::string firstOutput(const onnx::NodeProto &node) {
  for (const std::string &output : node.output())
    if (!output.empty())
      return output;
  return "";
}

/// The node's name, else its first output present, else its op type: what
/// the nodes written in its place are named after.
inline std::string nodeName(const onnx::NodeProto &node) {
  if (!node.name().empty())
    return node.name();
  std::string output = firstOutput(node);
  return output.empty() ? node.op_type() : output;
}

/// The shape of value `name`, if `typeOf` (null when it does not know the
/// value) gives it fully.
inline std::optional<std::vector<int64_t>> shapeOf(
    const std::string &name,
    llvm::function_ref<const onnx::TypeProto *(const std::string &)> typeOf) {
  const onnx::TypeProto *type = name.empty() ? nullptr : typeOf(name);
  if (!type || !type->tensor_type().has_shape())
    return std::nullopt;
  std::vector<int64_t> shape;
  for (const onnx::TensorShapeProto::Dimension &d :
       type->tensor_type().shape().dim()) {
    if (!d.has_dim_value())
      return std::nullopt;
    shape.push_back(d.dim_value());
  }
  return shape;
}

/// Writes, into `target`, the nodes that replace `node`: named
/// `<node>.<part>` (`<node>` its name, else its first output), their inner
/// values `<output>::<part>`, so that a diagnostic or a report names where
/// each came from.
class NodeWriter {
public:
  NodeWriter(const onnx::NodeProto &node,
             google::protobuf::RepeatedPtrField<onnx::NodeProto> &target)
      : node(node), target(target),
        name(!node.name().empty() ? node.name() : node.output(0)),
        output(node.output(0)) {}

  /// Input `i` of the node, or "" when it is absent.
  std::string input(int i) const {
    return i < node.input_size() ? node.input(i) : std::string();
  }
  /// An inner value's name.
  std::string value(llvm::StringRef part) const {
    return output + "::" + part.str();
  }
  /// Adds node `<node>.<part>` of `opType`, from `inputs` to `result`.
  onnx::NodeProto &add(llvm::StringRef opType, llvm::StringRef part,
                       const std::vector<std::string> &inputs,
                       const std::string &result) {
    onnx::NodeProto *n = target.Add();
    n->set_op_type(opType.str());
    n->set_name(name + "." + part.str());
    for (const std::string &in : inputs)
      n->add_input(in);
    n->add_output(result);
    return *n;
  }

protected:
  const onnx::NodeProto &node;
  google::protobuf::RepeatedPtrField<onnx::NodeProto> &target;
  /// The node's name (or first output) and first output.
  std::string name, output;
};

} // namespace eyeriss

#endif // EYERISS_LIB_IMPORT_ONNX_NODEWRITING_H
