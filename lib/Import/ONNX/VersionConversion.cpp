//===- VersionConversion.cpp - ONNX's version converter, repaired ---------===//

#include "VersionConversion.h"

#include "onnx/shape_inference/implementation.h"
#include "onnx/version_converter/convert.h"

#include <memory>
#include <stdexcept>
#include <string>

using namespace ONNX_NAMESPACE;
using namespace ONNX_NAMESPACE::version_conversion;

namespace {

/// "node 'conv1_bias' (Add)": how a message names the node being adapted.
std::string describe(const Node *node) {
  std::string name = node->has_name() && !node->name().empty()
                         ? node->name()
                         : node->outputs()[0]->uniqueName();
  return "node '" + name + "' (" + node->kind().toString() + ")";
}

/// Opset 6 -> 7 for the binary arithmetic ops: legacy broadcasting made
/// numpy broadcasting. Before opset 7, `broadcast` = 1 lets B match A's
/// dims from `axis` on (default: A's last rank(B) dims); numpy matches
/// trailing dims, so B gets rank(A) - axis - rank(B) trailing ones.
class LegacyBroadcastForward final : public Adapter {
public:
  explicit LegacyBroadcastForward(const std::string &opName)
      : Adapter(opName, OpSetID(6), OpSetID(7)) {}

  Node *adapt(std::shared_ptr<Graph> graph, Node *node) const override {
    if (node->hasAttribute(kconsumed_inputs))
      node->removeAttribute(kconsumed_inputs);
    bool broadcast =
        node->hasAttribute(kbroadcast) && node->i(kbroadcast) != 0;
    if (broadcast && node->hasAttribute(kaxis) && node->inputs().size() == 2)
      unsqueezeTrailing(*graph, node);
    if (node->hasAttribute(kbroadcast))
      node->removeAttribute(kbroadcast);
    if (node->hasAttribute(kaxis))
      node->removeAttribute(kaxis);
    return node;
  }

private:
  static void unsqueezeTrailing(Graph &graph, Node *node) {
    Value *a = node->inputs()[0];
    Value *b = node->inputs()[1];
    if (!b->has_sizes() || !a->has_sizes())
      throw std::runtime_error(
          describe(node) + ": legacy broadcasting with axis " +
          std::to_string(node->i(kaxis)) +
          " needs the ranks of both inputs, which ONNX shape inference "
          "could not determine (declare them in the graph's value_info)");
    int64_t rankA = a->sizes().size();
    int64_t rankB = b->sizes().size();
    int64_t axis = node->i(kaxis);
    if (axis < 0)
      axis += rankA;
    int64_t trailing = rankA - axis - rankB;
    if (axis < 0 || trailing < 0)
      throw std::runtime_error(
          describe(node) + ": legacy broadcasting axis " +
          std::to_string(node->i(kaxis)) + " does not place B (rank " +
          std::to_string(rankB) + ") within A (rank " +
          std::to_string(rankA) + ")");
    if (trailing == 0 || rankB == 0)
      return;
    // Opset 7's Unsqueeze takes its axes as an attribute; the converter
    // moves them to an input at opset 13.
    Node *unsqueeze = graph.create(kUnsqueeze);
    unsqueeze->addInput(b);
    std::vector<int64_t> axes;
    std::vector<Dimension> sizes = b->sizes();
    for (int64_t i = 0; i < trailing; ++i) {
      axes.push_back(rankB + i);
      sizes.emplace_back(Dimension(1));
    }
    unsqueeze->is_(kaxes, std::move(axes));
    unsqueeze->insertBefore(node);
    unsqueeze->output()->setSizes(sizes);
    unsqueeze->output()->setElemType(b->elemType());
    node->replaceInput(1, unsqueeze->output());
  }
};

/// Reshape 4 -> 5: the `shape` attribute becomes a 1-D int64 constant input.
class ReshapeShapeToInput final : public Adapter {
public:
  ReshapeShapeToInput() : Adapter("Reshape", OpSetID(4), OpSetID(5)) {}

  Node *adapt(std::shared_ptr<Graph> graph, Node *node) const override {
    if (node->hasAttribute(kconsumed_inputs))
      node->removeAttribute(kconsumed_inputs);
    if (!node->hasAttribute(kshape))
      throw std::runtime_error(describe(node) +
                               ": Reshape before opset 5 needs its 'shape' "
                               "attribute");
    Tensor shape;
    shape.elem_type() = TensorProto_DataType_INT64;
    shape.int64s() = node->is(kshape);
    shape.sizes() = {static_cast<int64_t>(shape.int64s().size())};
    Node *constant = graph->create(kConstant);
    constant->insertBefore(node);
    constant->t_(kvalue, shape);
    node->addInput(constant->output());
    node->removeAttribute(kshape);
    return node;
  }
};

/// Pad 1 -> 2: `paddings` is renamed `pads`; layout, mode and value are
/// unchanged.
class PadPaddingsToPads final : public Adapter {
public:
  PadPaddingsToPads() : Adapter("Pad", OpSetID(1), OpSetID(2)) {}

  Node *adapt(std::shared_ptr<Graph>, Node *node) const override {
    Symbol paddings("paddings");
    if (!node->hasAttribute(paddings))
      throw std::runtime_error(describe(node) +
                               ": Pad-1 needs its 'paddings' attribute");
    std::vector<int64_t> pads = node->is(paddings);
    node->removeAttribute(paddings);
    node->is_(kpads, std::move(pads));
    return node;
  }
};

/// Split 1 -> 2: the same op when the sizes are an attribute (or absent);
/// Split-1's alternative, a second input holding them, has no opset-2 form.
class SplitAttributeForm final : public Adapter {
public:
  SplitAttributeForm() : Adapter("Split", OpSetID(1), OpSetID(2)) {}

  Node *adapt(std::shared_ptr<Graph>, Node *node) const override {
    if (node->inputs().size() > 1)
      throw std::runtime_error(
          describe(node) +
          ": Split-1 with its sizes as an input ('split') is not supported; "
          "give them as the 'split' attribute");
    return node;
  }
};

/// BatchNormalization and Dropout 6 -> 7: `is_test` goes (opset 7 is
/// inference only). ONNX's adapter asserts on `is_test` = 0 with a message
/// that names neither the node nor the reason.
class InferenceModeOnly final : public Adapter {
public:
  explicit InferenceModeOnly(const std::string &opName)
      : Adapter(opName, OpSetID(6), OpSetID(7)) {}

  Node *adapt(std::shared_ptr<Graph>, Node *node) const override {
    if (!node->hasAttribute(kis_test))
      return node;
    if (node->i(kis_test) == 0)
      throw std::runtime_error(describe(node) +
                               ": is_test = 0 (training mode) is not "
                               "supported; export the model for inference");
    node->removeAttribute(kis_test);
    return node;
  }
};

class RepairedVersionConverter : public DefaultVersionConverter {
public:
  RepairedVersionConverter() {
    // A later registration for the same op and versions replaces ONNX's.
    for (const char *op : {"Add", "Sub", "Mul", "Div", "Pow"})
      registerAdapter(std::make_unique<LegacyBroadcastForward>(op));
    for (const char *op : {"BatchNormalization", "Dropout"})
      registerAdapter(std::make_unique<InferenceModeOnly>(op));
    registerAdapter(std::make_unique<ReshapeShapeToInput>());
    registerAdapter(std::make_unique<PadPaddingsToPads>());
    registerAdapter(std::make_unique<SplitAttributeForm>());
  }
};

} // namespace

ModelProto eyeriss::convertONNXOpset(const ModelProto &model,
                                     int64_t fromOpset, int64_t toOpset) {
  RepairedVersionConverter converter;
  if (fromOpset >= 7 || toOpset < 7)
    return converter.convert_version(model, OpSetID(fromOpset),
                                     OpSetID(toOpset));
  // The 6 -> 7 broadcast adapter needs the ranks of intermediate values. The
  // converter reads only declared ones, and the schemas of opsets 1-5 have
  // no shape inference: go to opset 6 first, infer there, then go on.
  ModelProto at6 = fromOpset < 6 ? converter.convert_version(
                                       model, OpSetID(fromOpset), OpSetID(6))
                                 : model;
  shape_inference::InferShapes(at6);
  return converter.convert_version(at6, OpSetID(6), OpSetID(toOpset));
}
