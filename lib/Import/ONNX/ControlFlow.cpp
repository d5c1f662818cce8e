//===- ControlFlow.cpp - If nodes of a condition known at import ----------===//

#include "ControlFlow.h"
#include "NodeWriting.h"

#include "eyeriss/Support/TensorProtoPayload.h"

#include "llvm/ADT/StringMap.h"

#include <vector>

using namespace eyeriss;

/// The one value of a bool (or integer) condition tensor, if it has one.
static std::optional<bool> conditionValue(const onnx::TensorProto &tensor) {
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL)
    return std::nullopt;
  int64_t count = 1;
  for (int64_t d : tensor.dims())
    count *= d;
  if (count != 1)
    return std::nullopt;
  switch (tensor.data_type()) {
  case onnx::TensorProto::BOOL: {
    std::vector<uint8_t> v;
    if (readTensorProtoPayload(tensor, tensor.int32_data(), 1, v))
      return v[0] != 0;
    return std::nullopt;
  }
  case onnx::TensorProto::INT64: {
    std::vector<int64_t> v;
    if (readTensorProtoPayload(tensor, tensor.int64_data(), 1, v))
      return v[0] != 0;
    return std::nullopt;
  }
  case onnx::TensorProto::INT32: {
    std::vector<int32_t> v;
    if (readTensorProtoPayload(tensor, tensor.int32_data(), 1, v))
      return v[0] != 0;
    return std::nullopt;
  }
  default:
    return std::nullopt;
  }
}

static const onnx::GraphProto *branch(const onnx::NodeProto &node,
                                      const char *name) {
  const onnx::AttributeProto *attr = findAttribute(node, name);
  return attr && attr->has_g() ? &attr->g() : nullptr;
}

BranchInliningResult eyeriss::inlineSelectedBranches(
    onnx::GraphProto &graph,
    llvm::function_ref<const onnx::TensorProto *(const std::string &)>
        initializerOf,
    bool refuseComputed) {
  BranchInliningResult result;
  // Constant nodes of the graph, by output.
  llvm::StringMap<const onnx::TensorProto *> constants;
  for (const onnx::NodeProto &node : graph.node())
    if (node.op_type() == "Constant" && node.output_size() == 1)
      if (const onnx::AttributeProto *value = findAttribute(node, "value");
          value && value->has_t())
        constants[node.output(0)] = &value->t();

  google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
  std::vector<onnx::TensorProto> initializers;
  for (const onnx::NodeProto &node : graph.node()) {
    bool isIf = node.op_type() == "If" && isDefaultDomain(node);
    if (!isIf) {
      *nodes.Add() = node;
      continue;
    }
    const std::string cond = node.input_size() ? node.input(0) : "";
    const onnx::TensorProto *tensor = initializerOf(cond);
    if (!tensor)
      tensor = constants.lookup(cond);
    std::optional<bool> value =
        tensor ? conditionValue(*tensor) : std::optional<bool>();
    if (!value) {
      if (refuseComputed && !result.badNode) {
        result.badNode = node;
        result.message =
            "the condition ('" + cond + "') is " +
            (tensor ? "not one bool value"
                    : "computed at run time; an If is translated only when "
                      "its condition is known at import (a constant, shape "
                      "arithmetic the importer evaluates, or a graph input "
                      "bound with --bind-input), as the branch it selects");
      }
      *nodes.Add() = node;
      continue;
    }
    const char *which = *value ? "then_branch" : "else_branch";
    const onnx::GraphProto *body = branch(node, which);
    if (!body) {
      *nodes.Add() = node;
      continue;
    }
    if (body->output_size() != node.output_size()) {
      result.badNode = node;
      result.message =
          std::string(which) + " has " + std::to_string(body->output_size()) +
          " outputs; the If has " + std::to_string(node.output_size());
      return result;
    }
    std::string prefix = (node.name().empty() ? node.output(0) : node.name()) +
                         (*value ? ".then." : ".else.");
    for (const onnx::TensorProto &init : body->initializer())
      initializers.push_back(init);
    for (const onnx::NodeProto &inner : body->node()) {
      onnx::NodeProto *copy = nodes.Add();
      *copy = inner;
      copy->set_name(prefix + (inner.name().empty() && inner.output_size()
                                   ? inner.output(0)
                                   : inner.name()));
    }
    for (int i = 0; i < node.output_size(); ++i) {
      if (node.output(i).empty())
        continue;
      onnx::NodeProto *copy = nodes.Add();
      copy->set_op_type("Identity");
      copy->set_name(prefix + node.output(i));
      copy->add_input(body->output(i).name());
      copy->add_output(node.output(i));
    }
    ++result.inlined;
  }
  if (result.inlined) {
    graph.mutable_node()->Swap(&nodes);
    for (onnx::TensorProto &init : initializers)
      graph.add_initializer()->Swap(&init);
  }
  return result;
}
