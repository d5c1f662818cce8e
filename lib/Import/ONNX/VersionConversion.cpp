//===- VersionConversion.cpp - ONNX's version converter, repaired ---------===//

#include "VersionConversion.h"

#include "onnx/shape_inference/implementation.h"
#include "onnx/version_converter/convert.h"

#include <algorithm>
#include <cctype>
#include <cstring>
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

/// Opset 6 -> 7 for the binary arithmetic, comparison and logical ops:
/// legacy broadcasting made numpy broadcasting (ONNX 1.12 has no adapter
/// for the comparisons and logical ops at all). Before opset 7, `broadcast` = 1
/// lets B match A's dims from `axis` on (default: A's last rank(B) dims); numpy
/// matches trailing dims, so B gets rank(A) - axis - rank(B) trailing ones.
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

/// The one integer a constant scalar input of `node` holds (an initializer
/// or a Constant node's value, int64 or int32, in typed or raw data).
int64_t constantInteger(const Graph &graph, Node *node, size_t index,
                        const char *what) {
  Value *value = node->inputs()[index];
  const Tensor *tensor = nullptr;
  if (value->node()->kind() == kConstant &&
      value->node()->hasAttribute(kvalue)) {
    tensor = &value->node()->t(kvalue);
  } else {
    for (const Tensor &initializer : graph.initializers())
      if (initializer.name() == value->uniqueName())
        tensor = &initializer;
  }
  if (!tensor)
    throw std::runtime_error(describe(node) + ": its '" + what +
                             "' input must be a constant");
  int64_t count = 1;
  for (int64_t d : tensor->sizes())
    count *= d;
  int32_t type = tensor->elem_type();
  if (count != 1 || (type != TensorProto_DataType_INT64 &&
                     type != TensorProto_DataType_INT32))
    throw std::runtime_error(describe(node) + ": its '" + what +
                             "' input must hold one integer");
  if (tensor->is_raw_data()) {
    const std::string &raw = tensor->raw();
    if (type == TensorProto_DataType_INT64 && raw.size() == 8) {
      int64_t v;
      std::memcpy(&v, raw.data(), 8);
      return v;
    }
    if (type == TensorProto_DataType_INT32 && raw.size() == 4) {
      int32_t v;
      std::memcpy(&v, raw.data(), 4);
      return v;
    }
    throw std::runtime_error(describe(node) + ": its '" + what +
                             "' input has malformed raw data");
  }
  if (type == TensorProto_DataType_INT64 && tensor->int64s().size() == 1)
    return tensor->int64s()[0];
  if (type == TensorProto_DataType_INT32 && tensor->int32s().size() == 1)
    return tensor->int32s()[0];
  throw std::runtime_error(describe(node) + ": its '" + what +
                           "' input holds no value");
}

/// Cast 5 -> 6 (ONNX has no adapter): Cast-1 names its target type
/// ("FLOAT16"), Cast-6 gives its TensorProto.DataType number.
class CastTypeNameToNumber final : public Adapter {
public:
  CastTypeNameToNumber() : Adapter("Cast", OpSetID(5), OpSetID(6)) {}

  Node *adapt(std::shared_ptr<Graph>, Node *node) const override {
    Symbol to("to");
    if (!node->hasAttribute(to) || node->kindOf(to) != AttributeKind::s)
      throw std::runtime_error(describe(node) +
                               ": Cast-1 needs its 'to' attribute, a type "
                               "name");
    std::string name = node->s(to);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return std::toupper(c); });
    TensorProto_DataType type;
    if (!TensorProto_DataType_Parse(name, &type))
      throw std::runtime_error(describe(node) + ": Cast-1's 'to' is '" +
                               node->s(to) + "', not an ONNX data type");
    node->removeAttribute(to);
    node->i_(to, int64_t(type));
    return node;
  }
};

/// Tile 5 -> 6 (ONNX has no adapter): Tile-1 repeats the input `tiles`
/// times along `axis`, both scalar inputs; Tile-6 takes one repeat count
/// per dimension. Both scalars must be constants and the input's rank
/// known; the repeats become a Constant.
class TileRepeatsInput final : public Adapter {
public:
  TileRepeatsInput() : Adapter("Tile", OpSetID(5), OpSetID(6)) {}

  Node *adapt(std::shared_ptr<Graph> graph, Node *node) const override {
    if (node->inputs().size() != 3)
      throw std::runtime_error(describe(node) +
                               ": Tile-1 takes input, tiles and axis");
    Value *input = node->inputs()[0];
    if (!input->has_sizes())
      throw std::runtime_error(describe(node) +
                               ": Tile-1 needs its input's rank, which ONNX "
                               "shape inference could not determine");
    int64_t rank = input->sizes().size();
    int64_t tiles = constantInteger(*graph, node, 1, "tiles");
    int64_t axis = constantInteger(*graph, node, 2, "axis");
    if (axis < 0 || axis >= rank)
      throw std::runtime_error(
          describe(node) + ": axis " + std::to_string(axis) +
          " is out of range for rank " + std::to_string(rank));
    Tensor repeats;
    repeats.elem_type() = TensorProto_DataType_INT64;
    repeats.sizes() = {rank};
    repeats.int64s().assign(rank, 1);
    repeats.int64s()[axis] = tiles;
    Node *constant = graph->create(kConstant);
    constant->insertBefore(node);
    constant->t_(kvalue, repeats);
    node->removeInput(2);
    node->removeInput(1);
    node->addInput(constant->output());
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

/// RNN, GRU and LSTM 6 -> 7 (ONNX has no adapter): version 7 drops
/// `output_sequence`, which only said that the Y output is optional (it is
/// in both); GRU 2 -> 3 (none either) adds `linear_before_reset`, whose
/// default 0 is GRU-1's form.
class RecurrentOutputSequence final : public Adapter {
public:
  RecurrentOutputSequence(const std::string &opName, int64_t from, int64_t to)
      : Adapter(opName, OpSetID(from), OpSetID(to)) {}

  Node *adapt(std::shared_ptr<Graph>, Node *node) const override {
    Symbol outputSequence("output_sequence");
    if (node->hasAttribute(outputSequence))
      node->removeAttribute(outputSequence);
    return node;
  }
};

/// Softmax (and LogSoftmax, Hardmax) 12 -> 13: before opset 13 they normalize
/// the input coerced to 2-D at `axis`; from 13, along `axis` alone. ONNX's
/// adapter rewrites it as Flatten, Softmax, Reshape back to a constant of
/// the input's shape, and
/// asserts when the converter does not know that shape (a Reshape to a
/// computed shape before it: the vision transformer at opset 11). Ours
/// reshapes to Shape(input) then, which the importer evaluates once shapes
/// are inferred.
class SoftmaxCoercedAxis final : public Adapter {
public:
  /// Softmax, LogSoftmax or Hardmax, whose axes changed alike (ONNX
  /// registers Hardmax 12 -> 13 as compatible, which it is not).
  explicit SoftmaxCoercedAxis(const char *op)
      : Adapter(op, OpSetID(12), OpSetID(13)) {}

  Node *adapt(std::shared_ptr<Graph> graph, Node *node) const override {
    Value *input = node->inputs()[0];
    int64_t axis = node->hasAttribute(kaxis) ? node->i(kaxis) : 1;
    bool knownRank = input->has_sizes() && !input->sizes().empty();
    int64_t rank = knownRank ? input->sizes().size() : 0;
    if (axis < 0 && knownRank)
      axis += rank;
    // Over the last axis the two semantics agree.
    if (axis == -1 || (knownRank && axis == rank - 1)) {
      node->i_(kaxis, -1);
      return node;
    }
    Node *flatten = graph->create(kFlatten);
    flatten->addInput(input);
    flatten->insertBefore(node);
    flatten->i_(kaxis, axis);
    node->replaceInput(0, flatten->output());
    node->i_(kaxis, -1);

    Value *target;
    bool staticShape = knownRank;
    for (const Dimension &d : knownRank ? input->sizes()
                                        : std::vector<Dimension>())
      staticShape &= d.is_int;
    if (staticShape) {
      Tensor shape;
      shape.elem_type() = TensorProto_DataType_INT64;
      shape.sizes() = {rank};
      for (const Dimension &d : input->sizes())
        shape.int64s().push_back(d.dim);
      Node *constant = graph->create(kConstant);
      constant->insertBefore(node);
      constant->t_(kvalue, shape);
      target = constant->output();
    } else {
      Node *shapeOf = graph->create(Symbol("Shape"));
      shapeOf->addInput(input);
      shapeOf->insertBefore(node);
      target = shapeOf->output();
    }

    // The Reshape takes over the Softmax's output name and its users.
    const std::string outputName = node->output()->uniqueName();
    const use_list uses(node->output()->uses());
    node->output()->setUniqueName(outputName + "_flat");
    Node *reshape = graph->create(kReshape);
    reshape->addInput(node->output());
    reshape->addInput(target);
    reshape->output()->setUniqueName(outputName);
    reshape->insertAfter(node);
    node->output()->wipeSizes();
    if (knownRank)
      reshape->output()->setSizes(input->sizes());
    reshape->output()->setElemType(node->output()->elemType());
    for (Use use : uses)
      use.user->replaceInputWith(node->output(), reshape->output());
    for (size_t i = 0; i < graph->outputs().size(); ++i)
      if (graph->outputs()[i] == node->output())
        graph->return_node()->replaceInput(i, reshape->output());
    return node;
  }
};

/// Resize 10 -> 11: ONNX's adapter moves the scales and adds a roi but
/// leaves opset 11's new attributes at their defaults (half_pixel,
/// round_prefer_floor), which changes the results (onnx/onnx#8480). Opset
/// 10's Resize, like the Upsample it replaced, maps an output coordinate x to
/// x / scale and takes the element at its floor.
class ResizeAsymmetricFloor final : public Adapter {
public:
  ResizeAsymmetricFloor() : Adapter("Resize", OpSetID(10), OpSetID(11)) {}

  Node *adapt(std::shared_ptr<Graph> graph, Node *node) const override {
    node = Resize_10_11().adapt(std::move(graph), node);
    node->s_(Symbol("coordinate_transformation_mode"), "asymmetric");
    node->s_(Symbol("nearest_mode"), "floor");
    return node;
  }
};

/// Any adapter, with its failures naming the node: ONNX's own say only
/// which check failed, in assertion form ("helper.cc:81: assertInputsAvailable:
/// Assertion `inputs[i]->has_sizes()` failed: Shape of input 3 is not
/// available.").
class NodeNamingAdapter final : public Adapter {
public:
  explicit NodeNamingAdapter(std::unique_ptr<Adapter> inner)
      : Adapter(inner->name(), inner->initial_version(),
                inner->target_version()),
        inner(std::move(inner)) {}

  Node *adapt(std::shared_ptr<Graph> graph, Node *node) const override {
    std::string where = describe(node);
    try {
      return inner->adapt(std::move(graph), node);
    } catch (const std::exception &e) {
      std::string message = eyeriss::cleanONNXMessage(e.what());
      // Ours name the node already.
      if (message.rfind("node '", 0) == 0)
        throw;
      throw std::runtime_error(
          where + ", opset " +
          std::to_string(inner->initial_version().version()) + " -> " +
          std::to_string(inner->target_version().version()) + ": " + message);
    }
  }

private:
  std::unique_ptr<Adapter> inner;
};

class RepairedVersionConverter : public DefaultVersionConverter {
public:
  RepairedVersionConverter() {
    registerRepairs();
    for (auto &byOp : adapters)
      for (auto &byFrom : byOp.second)
        for (auto &byTo : byFrom.second)
          byTo.second =
              std::make_unique<NodeNamingAdapter>(std::move(byTo.second));
  }

private:
  void registerRepairs() {
    // A later registration for the same op and versions replaces ONNX's.
    for (const char *op : {"Add", "Sub", "Mul", "Div", "Pow", "Equal", "Less",
                           "Greater", "And", "Or", "Xor"})
      registerAdapter(std::make_unique<LegacyBroadcastForward>(op));
    for (const char *op : {"BatchNormalization", "Dropout"})
      registerAdapter(std::make_unique<InferenceModeOnly>(op));
    registerAdapter(std::make_unique<ReshapeShapeToInput>());
    for (const char *op : {"Softmax", "LogSoftmax", "Hardmax"})
      registerAdapter(std::make_unique<SoftmaxCoercedAxis>(op));
    registerAdapter(std::make_unique<PadPaddingsToPads>());
    registerAdapter(std::make_unique<SplitAttributeForm>());
    registerAdapter(std::make_unique<ResizeAsymmetricFloor>());
    registerAdapter(std::make_unique<TileRepeatsInput>());
    registerAdapter(std::make_unique<CastTypeNameToNumber>());
    for (const char *op : {"RNN", "GRU", "LSTM"})
      registerAdapter(std::make_unique<RecurrentOutputSequence>(op, 6, 7));
    registerAdapter(std::make_unique<RecurrentOutputSequence>("GRU", 2, 3));
  }
};

} // namespace

/// ONNX shape inference on `model`, as far as it gets: some adapters need
/// the shapes of intermediate values (the 6 -> 7 broadcast one, Softmax
/// 12 -> 13), which the converter takes only from the model's value_info.
/// A conflict it finds is left for the importer's strict inference to
/// report after conversion.
static ModelProto withInferredShapes(const ModelProto &model) {
  ModelProto inferred = model;
  try {
    shape_inference::InferShapes(
        inferred, OpSchemaRegistry::Instance(),
        ShapeInferenceOptions(/*check_type_val=*/false, /*strict_mode_val=*/0,
                              /*data_prop_val=*/true));
  } catch (const std::exception &) {
    return model;
  }
  return inferred;
}

std::string eyeriss::cleanONNXMessage(const std::string &what) {
  // "<file>:<line>: <function>: Assertion `<condition>` failed: <message>"
  size_t assertion = what.find("Assertion `");
  if (assertion == std::string::npos)
    return what;
  size_t failed = what.find("` failed: ", assertion);
  if (failed == std::string::npos)
    return what;
  std::string message = what.substr(failed + std::strlen("` failed: "));
  return message.empty() ? what : message;
}

ModelProto eyeriss::convertONNXOpset(const ModelProto &model,
                                     int64_t fromOpset, int64_t toOpset) {
  RepairedVersionConverter converter;
  if (fromOpset >= 7 || toOpset < 7)
    return converter.convert_version(withInferredShapes(model),
                                     OpSetID(fromOpset), OpSetID(toOpset));
  // The schemas of opsets 1-5 have no shape inference: go to opset 6 first,
  // infer there, then go on.
  ModelProto at6 = fromOpset < 6 ? converter.convert_version(
                                       model, OpSetID(fromOpset), OpSetID(6))
                                 : model;
  return converter.convert_version(withInferredShapes(at6), OpSetID(6),
                                   OpSetID(toOpset));
}
