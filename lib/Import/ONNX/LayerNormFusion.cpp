//===- LayerNormFusion.cpp - Raise decomposed layer norms -----------------===//

#include "LayerNormFusion.h"
#include "NodeWriting.h"

#include "eyeriss/Support/TensorProtoPayload.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <optional>
#include <vector>

using namespace eyeriss;

namespace {

/// The graph's def-use structure, by value name.
class GraphIndex {
public:
  GraphIndex(
      const onnx::GraphProto &graph,
      const std::function<const onnx::TensorProto *(const std::string &)>
          &initializer)
      : graph(graph), initializer(initializer) {
    for (int i = 0; i < graph.node_size(); ++i) {
      const onnx::NodeProto &node = graph.node(i);
      for (const std::string &output : node.output())
        producers[output] = i;
      for (const std::string &input : node.input()) {
        ++uses[input];
        consumers[input] = i;
      }
      if (node.op_type() == "Constant" && isDefaultDomain(node) &&
          node.output_size() == 1)
        if (const onnx::AttributeProto *value = findAttribute(node, "value"))
          if (value->has_t())
            constantNodes[node.output(0)] = &value->t();
    }
    for (const onnx::ValueInfoProto &output : graph.output())
      graphOutputs.insert(output.name());
  }

  /// The index of the node of type `opType` that produces `name`, if any.
  std::optional<int> producer(const std::string &name,
                              llvm::StringRef opType) const {
    auto it = producers.find(name);
    if (it == producers.end())
      return std::nullopt;
    const onnx::NodeProto &node = graph.node(it->second);
    if (node.op_type() != opType || !isDefaultDomain(node))
      return std::nullopt;
    return it->second;
  }

  /// Whether `name` is read by exactly `count` node inputs and is no graph
  /// output: an intermediate the chain alone uses.
  bool usedOnlyInside(const std::string &name, int count) const {
    auto it = uses.find(name);
    return it != uses.end() && it->second == count &&
           !graphOutputs.contains(name);
  }

  /// The single node reading `name` (see usedOnlyInside).
  std::optional<int> soleConsumer(const std::string &name,
                                  llvm::StringRef opType) const {
    if (!usedOnlyInside(name, 1))
      return std::nullopt;
    const onnx::NodeProto &node = graph.node(consumers.lookup(name));
    if (node.op_type() != opType || !isDefaultDomain(node))
      return std::nullopt;
    return consumers.lookup(name);
  }

  /// The tensor of a constant value: an initializer or a Constant node.
  const onnx::TensorProto *constant(const std::string &name) const {
    if (const onnx::TensorProto *tensor = initializer(name))
      return tensor;
    return constantNodes.lookup(name);
  }

  bool isDefined(const std::string &name) const {
    return producers.contains(name) || initializer(name) ||
           uses.contains(name);
  }

private:
  const onnx::GraphProto &graph;
  const std::function<const onnx::TensorProto *(const std::string &)>
      &initializer;
  llvm::StringMap<int> producers, uses, consumers;
  llvm::StringMap<const onnx::TensorProto *> constantNodes;
  llvm::StringSet<> graphOutputs;
};

/// The value of a float32 constant holding one element.
std::optional<float> scalarValue(const onnx::TensorProto *tensor) {
  if (!tensor || tensor->data_type() != onnx::TensorProto::FLOAT)
    return std::nullopt;
  int64_t count = 1;
  for (int64_t d : tensor->dims())
    count *= d;
  std::vector<float> data;
  if (count != 1 ||
      !readTensorProtoPayload(*tensor, tensor->float_data(), 1, data))
    return std::nullopt;
  return data[0];
}

/// The static dims of a value, if shape inference gave them all.
std::optional<std::vector<int64_t>>
staticShape(const llvm::StringMap<onnx::TypeProto> &valueTypes,
            const std::string &name) {
  auto it = valueTypes.find(name);
  if (it == valueTypes.end() || !it->second.has_tensor_type() ||
      !it->second.tensor_type().has_shape())
    return std::nullopt;
  std::vector<int64_t> dims;
  for (const onnx::TensorShapeProto::Dimension &d :
       it->second.tensor_type().shape().dim()) {
    if (!d.has_dim_value() || d.dim_value() < 1)
      return std::nullopt;
    dims.push_back(d.dim_value());
  }
  return dims;
}

/// The first reduced axis of a keepdims ReduceMean over the last dims of a
/// rank-`rank` input, if that is what the node computes.
std::optional<int64_t> trailingReduction(const onnx::NodeProto &node,
                                         int64_t rank) {
  // Opset 17's ReduceMean takes its axes as an attribute.
  if (node.input_size() != 1)
    return std::nullopt;
  if (const onnx::AttributeProto *keep = findAttribute(node, "keepdims"))
    if (keep->i() != 1)
      return std::nullopt;
  std::vector<int64_t> axes;
  if (const onnx::AttributeProto *attr = findAttribute(node, "axes")) {
    for (int64_t a : attr->ints()) {
      if (a < -rank || a >= rank)
        return std::nullopt;
      axes.push_back(a < 0 ? a + rank : a);
    }
  } else {
    for (int64_t a = 0; a < rank; ++a)
      axes.push_back(a);
  }
  std::sort(axes.begin(), axes.end());
  if (axes.empty() || std::adjacent_find(axes.begin(), axes.end()) != axes.end() ||
      axes.back() != rank - 1 ||
      axes.front() != rank - static_cast<int64_t>(axes.size()))
    return std::nullopt;
  return axes.front();
}

/// One decomposed layer norm found in the graph.
struct Chain {
  llvm::SmallVector<int> nodes;
  std::string input, scale, bias, output, scope;
  int64_t axis = 0;
  float epsilon = 0;
  std::vector<int64_t> normalizedShape;
};

/// If `operand` of the binary node `node` (the other one being `value`) is
/// a float constant of exactly `shape`, its name.
std::optional<std::string> affineOperand(const GraphIndex &index,
                                         const onnx::NodeProto &node,
                                         const std::string &value,
                                         const std::vector<int64_t> &shape) {
  if (node.input_size() != 2)
    return std::nullopt;
  const std::string &other =
      node.input(0) == value ? node.input(1) : node.input(0);
  if (other == value)
    return std::nullopt;
  const onnx::TensorProto *tensor = index.constant(other);
  if (!tensor || tensor->data_type() != onnx::TensorProto::FLOAT ||
      std::vector<int64_t>(tensor->dims().begin(), tensor->dims().end()) !=
          shape)
    return std::nullopt;
  return other;
}

/// The chain ending in the Div node `divIndex`, if it is a layer norm.
std::optional<Chain>
matchChain(const onnx::GraphProto &graph, const GraphIndex &index,
           const llvm::StringMap<onnx::TypeProto> &valueTypes, int divIndex) {
  const onnx::NodeProto &div = graph.node(divIndex);
  if (div.input_size() != 2)
    return std::nullopt;
  const std::string &centered = div.input(0);
  std::optional<int> sqrt = index.producer(div.input(1), "Sqrt");
  if (!sqrt || !index.usedOnlyInside(div.input(1), 1))
    return std::nullopt;
  const std::string &shifted = graph.node(*sqrt).input(0);
  std::optional<int> addEps = index.producer(shifted, "Add");
  if (!addEps || !index.usedOnlyInside(shifted, 1))
    return std::nullopt;
  const onnx::NodeProto &addNode = graph.node(*addEps);
  // Either operand order: var + eps or eps + var.
  std::optional<float> epsilon;
  std::string variance;
  for (int side = 0; side < 2 && !epsilon; ++side)
    if ((epsilon = scalarValue(index.constant(addNode.input(1 - side)))))
      variance = addNode.input(side);
  if (!epsilon || !(*epsilon >= 0))
    return std::nullopt;
  std::optional<int> varMean = index.producer(variance, "ReduceMean");
  if (!varMean || !index.usedOnlyInside(variance, 1))
    return std::nullopt;
  const std::string &squared = graph.node(*varMean).input(0);
  std::optional<int> pow = index.producer(squared, "Pow");
  if (!pow || !index.usedOnlyInside(squared, 1) ||
      graph.node(*pow).input(0) != centered ||
      scalarValue(index.constant(graph.node(*pow).input(1))) != 2.0f)
    return std::nullopt;
  std::optional<int> sub = index.producer(centered, "Sub");
  if (!sub || !index.usedOnlyInside(centered, 2))
    return std::nullopt;
  const std::string &input = graph.node(*sub).input(0);
  const std::string &mean = graph.node(*sub).input(1);
  std::optional<int> inputMean = index.producer(mean, "ReduceMean");
  if (!inputMean || !index.usedOnlyInside(mean, 1) ||
      graph.node(*inputMean).input(0) != input)
    return std::nullopt;

  std::optional<std::vector<int64_t>> shape = staticShape(valueTypes, input);
  if (!shape)
    return std::nullopt;
  int64_t rank = shape->size();
  std::optional<int64_t> axis =
      trailingReduction(graph.node(*inputMean), rank);
  if (!axis || trailingReduction(graph.node(*varMean), rank) != axis)
    return std::nullopt;

  Chain chain;
  chain.nodes = {*inputMean, *sub, *pow, *varMean, *addEps, *sqrt, divIndex};
  chain.input = input;
  chain.axis = *axis;
  chain.epsilon = *epsilon;
  chain.normalizedShape.assign(shape->begin() + *axis, shape->end());
  chain.output = div.output(0);
  // Scale, then bias, when they are constants of the normalized shape.
  if (std::optional<int> mul = index.soleConsumer(chain.output, "Mul"))
    if (std::optional<std::string> scale = affineOperand(
            index, graph.node(*mul), chain.output, chain.normalizedShape)) {
      chain.scale = *scale;
      chain.nodes.push_back(*mul);
      chain.output = graph.node(*mul).output(0);
      if (std::optional<int> add = index.soleConsumer(chain.output, "Add"))
        if (std::optional<std::string> bias =
                affineOperand(index, graph.node(*add), chain.output,
                              chain.normalizedShape)) {
          chain.bias = *bias;
          chain.nodes.push_back(*add);
          chain.output = graph.node(*add).output(0);
        }
    }
  // Named after the scope of its first node: PyTorch's
  // "/encoder/layers/encoder_layer_0/ln_1/ReduceMean" gives ".../ln_1".
  llvm::StringRef first = graph.node(*inputMean).name();
  size_t slash = first.rfind('/');
  chain.scope = (slash != llvm::StringRef::npos && slash > 0)
                    ? first.take_front(slash).str()
                    : (first.empty() ? chain.output : first.str());
  return chain;
}

} // namespace

int eyeriss::fuseLayerNormalization(
    onnx::GraphProto &graph,
    const llvm::StringMap<onnx::TypeProto> &valueTypes,
    const std::function<const onnx::TensorProto *(const std::string &)>
        &initializer) {
  GraphIndex index(graph, initializer);
  std::vector<Chain> chains;
  llvm::DenseMap<int, int> chainOfNode;
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto &node = graph.node(i);
    if (node.op_type() != "Div" || !isDefaultDomain(node))
      continue;
    std::optional<Chain> chain = matchChain(graph, index, valueTypes, i);
    if (!chain || llvm::any_of(chain->nodes, [&](int n) {
          return chainOfNode.contains(n);
        }))
      continue;
    for (int n : chain->nodes)
      chainOfNode[n] = chains.size();
    chains.push_back(std::move(*chain));
  }
  if (chains.empty())
    return 0;

  llvm::StringSet<> taken;
  auto uniqueName = [&](std::string base) {
    std::string name = base;
    for (int k = 1; index.isDefined(name) || taken.contains(name); ++k)
      name = base + "_" + std::to_string(k);
    taken.insert(name);
    return name;
  };
  // Each chain's node takes the place of its last one, after every value it
  // reads is defined.
  llvm::DenseMap<int, onnx::NodeProto> replacement;
  for (Chain &chain : chains) {
    onnx::NodeProto node;
    node.set_op_type("LayerNormalization");
    node.set_name(uniqueName(chain.scope + "/LayerNormalization"));
    node.add_input(chain.input);
    if (chain.scale.empty()) {
      onnx::TensorProto *ones = graph.add_initializer();
      ones->set_name(uniqueName(chain.scope + "/scale_ones"));
      ones->set_data_type(onnx::TensorProto::FLOAT);
      int64_t count = 1;
      for (int64_t d : chain.normalizedShape) {
        ones->add_dims(d);
        count *= d;
      }
      for (int64_t k = 0; k < count; ++k)
        ones->add_float_data(1.0f);
      chain.scale = ones->name();
    }
    node.add_input(chain.scale);
    if (!chain.bias.empty())
      node.add_input(chain.bias);
    node.add_output(chain.output);
    onnx::AttributeProto *axis = node.add_attribute();
    axis->set_name("axis");
    axis->set_type(onnx::AttributeProto::INT);
    axis->set_i(chain.axis);
    onnx::AttributeProto *epsilon = node.add_attribute();
    epsilon->set_name("epsilon");
    epsilon->set_type(onnx::AttributeProto::FLOAT);
    epsilon->set_f(chain.epsilon);
    replacement[*std::max_element(chain.nodes.begin(), chain.nodes.end())] =
        std::move(node);
  }
  google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
  for (int i = 0; i < graph.node_size(); ++i) {
    auto it = replacement.find(i);
    if (it != replacement.end())
      *nodes.Add() = std::move(it->second);
    else if (!chainOfNode.contains(i))
      *nodes.Add() = std::move(*graph.mutable_node(i));
  }
  graph.mutable_node()->Swap(&nodes);
  return chains.size();
}
