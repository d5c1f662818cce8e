//===- FunctionInlining.cpp - Expand ONNX functions into their bodies -----===//

#include "FunctionInlining.h"

#include "onnx/defs/function.h"
#include "onnx/defs/schema.h"

#include <algorithm>
#include <exception>
#include <vector>

using namespace eyeriss;

/// The body of `node`'s op at `opset`, or none if it has no function body.
/// Throws what ONNX throws when a context-dependent body cannot be built.
static std::optional<onnx::FunctionProto> buildBody(
    const onnx::NodeProto &node, int64_t opset,
    llvm::function_ref<const onnx::TypeProto *(const std::string &)> typeOf) {
  const onnx::OpSchema *schema =
      onnx::OpSchemaRegistry::Schema(node.op_type(), int(opset), "");
  if (!schema)
    return std::nullopt;
  if (schema->HasFunction())
    return *schema->GetFunction();
  if (!schema->HasContextDependentFunction())
    return std::nullopt;
  // A missing or untyped input gets an empty TypeProto, as ONNX's own
  // callers pass.
  std::vector<onnx::TypeProto> inputTypes;
  for (const std::string &input : node.input()) {
    const onnx::TypeProto *type = input.empty() ? nullptr : typeOf(input);
    inputTypes.push_back(type ? *type : onnx::TypeProto());
  }
  onnx::FunctionBodyBuildContextImpl context(node, inputTypes);
  onnx::FunctionProto body;
  if (!schema->BuildContextDependentFunction(context, body))
    throw std::runtime_error("ONNX cannot build the function body for "
                             "these attributes and input types");
  return body;
}

FunctionInliningResult eyeriss::inlineFunctionBodies(
    onnx::GraphProto &graph, int64_t opset,
    llvm::function_ref<bool(llvm::StringRef)> isTranslated,
    llvm::function_ref<const onnx::TypeProto *(const std::string &)> typeOf) {
  FunctionInliningResult result;
  google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
  for (const onnx::NodeProto &node : graph.node()) {
    bool isDefaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
    std::optional<onnx::FunctionProto> body;
    if (isDefaultDomain && !isTranslated(node.op_type())) {
      try {
        body = buildBody(node, opset, typeOf);
      } catch (const std::exception &e) {
        result.badNode = node;
        result.message = e.what();
        return result;
      }
    }
    if (!body) {
      *nodes.Add() = node;
      continue;
    }
    std::string name = !node.name().empty()     ? node.name()
                       : node.output_size() > 0 ? node.output(0)
                                                : node.op_type();
    // FunctionExpandHelper names the inner values after the node's name;
    // an unnamed node gets ours rather than one made of its address.
    onnx::NodeProto named = node;
    named.set_name(name);
    onnx::GraphProto expansion;
    try {
      onnx::FunctionExpandHelper(named, *body, expansion, name);
    } catch (const std::exception &e) {
      result.badNode = node;
      result.message = e.what();
      return result;
    }
    for (onnx::NodeProto &inner : *expansion.mutable_node()) {
      // For an attribute the node leaves out, ONNX 1.12's expansion passes
      // the schema's default to the inner nodes that refer to it, and an
      // attribute without a default (SoftmaxCrossEntropyLoss's
      // ignore_index) as an empty one of no type, which the inner node
      // would read as 0: drop those, so that the inner node's own default
      // (none) holds.
      auto *attributes = inner.mutable_attribute();
      attributes->erase(std::remove_if(attributes->begin(), attributes->end(),
                                       [](const onnx::AttributeProto &attr) {
                                         return attr.type() ==
                                                onnx::AttributeProto::UNDEFINED;
                                       }),
                        attributes->end());
      std::string innerName = inner.output_size() > 0 ? inner.output(0) : "";
      // The node's own outputs keep their names; an inner value's name is
      // Func_<name><inner name>: show the inner name.
      llvm::StringRef shown(innerName);
      shown.consume_front("Func_" + name);
      inner.set_name(name + "." + shown.str());
      *nodes.Add() = std::move(inner);
    }
    ++result.inlined;
  }
  if (result.inlined)
    graph.mutable_node()->Swap(&nodes);
  return result;
}
