//===- QuantizedOperators.cpp - ONNX's integer operators as QDQ -----------===//

#include "QuantizedOperators.h"
#include "NodeWriting.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"

#include "onnx/defs/attr_proto_util.h"

#include <optional>
#include <vector>

using namespace eyeriss;

namespace {

/// Writes the nodes one integer operator becomes.
class Expander : public NodeWriter {
public:
  Expander(
      const onnx::NodeProto &node,
      google::protobuf::RepeatedPtrField<onnx::NodeProto> &nodes,
      llvm::function_ref<const onnx::TypeProto *(const std::string &)> typeOf)
      : NodeWriter(node, nodes), typeOf(typeOf) {}

  void expand();

private:
  /// A Constant of ones shaped like `like` (a scalar when it is absent or
  /// of unknown shape): the scale of an integer operator's dequantization,
  /// which ONNX wants of its zero point's shape.
  std::string ones(llvm::StringRef part, const std::string &like);
  /// DequantizeLinear(x, scale, zero point) along `axis`, into `part`.
  std::string dequantize(llvm::StringRef part, const std::string &x,
                         const std::string &scale, const std::string &zeroPoint,
                         std::optional<int64_t> axis);

  llvm::function_ref<const onnx::TypeProto *(const std::string &)> typeOf;
};

} // namespace

std::string Expander::ones(llvm::StringRef part, const std::string &like) {
  onnx::TensorProto tensor;
  tensor.set_data_type(onnx::TensorProto::FLOAT);
  int64_t count = 1;
  const onnx::TypeProto *type = like.empty() ? nullptr : typeOf(like);
  if (type && type->tensor_type().has_shape() &&
      llvm::all_of(type->tensor_type().shape().dim(),
                   [](const onnx::TensorShapeProto::Dimension &d) {
                     return d.has_dim_value();
                   }))
    for (const onnx::TensorShapeProto::Dimension &d :
         type->tensor_type().shape().dim()) {
      tensor.add_dims(d.dim_value());
      count *= d.dim_value();
    }
  for (int64_t i = 0; i < count; ++i)
    tensor.add_float_data(1.0f);
  std::string result = value(part);
  *add("Constant", part, {}, result).add_attribute() =
      onnx::MakeAttribute("value", tensor);
  return result;
}

std::string Expander::dequantize(llvm::StringRef part, const std::string &x,
                                 const std::string &scale,
                                 const std::string &zeroPoint,
                                 std::optional<int64_t> axis) {
  std::vector<std::string> inputs{x, scale};
  if (!zeroPoint.empty())
    inputs.push_back(zeroPoint);
  std::string result = value(part);
  onnx::NodeProto &n = add("DequantizeLinear", part, inputs, result);
  if (axis)
    *n.add_attribute() = onnx::MakeAttribute("axis", *axis);
  return result;
}

void Expander::expand() {
  const std::string &op = node.op_type();
  bool isConv = op == "QLinearConv" || op == "ConvInteger";
  bool isLinear = op == "QLinearConv" || op == "QLinearMatMul";
  std::string x, w;
  if (isLinear) {
    // x, x_scale, x_zero_point, w, w_scale, w_zero_point, ...: weights per
    // output channel (axis 0 of a filter) or per column (the last axis of a
    // matrix).
    x = dequantize("dequantize_x", input(0), input(1), input(2), std::nullopt);
    w = dequantize("dequantize_w", input(3), input(4), input(5),
                   isConv ? int64_t(0) : int64_t(-1));
  } else {
    // x, w, x_zero_point, w_zero_point: MatMulInteger's A per row (axis -2).
    x = dequantize("dequantize_x", input(0), ones("x_scale", input(2)),
                   input(2), isConv ? std::nullopt : std::optional(-2));
    w = dequantize("dequantize_w", input(1), ones("w_scale", input(3)),
                   input(3), isConv ? int64_t(0) : int64_t(-1));
  }
  std::vector<std::string> layerInputs{x, w};
  // QLinearConv's int32 bias is in units of x_scale * w_scale.
  if (op == "QLinearConv" && !input(8).empty()) {
    std::string biasScale = value("bias_scale");
    add("Mul", "bias_scale", {input(1), input(4)}, biasScale);
    layerInputs.push_back(
        dequantize("dequantize_bias", input(8), biasScale, "", int64_t(0)));
  }
  std::string product = value(isConv ? "conv" : "matmul");
  onnx::NodeProto &layer =
      add(isConv ? "Conv" : "MatMul", isConv ? "conv" : "matmul", layerInputs,
          product);
  if (isConv)
    for (const onnx::AttributeProto &attr : node.attribute())
      *layer.add_attribute() = attr;
  if (isLinear) {
    // y_scale and y_zero_point.
    add("QuantizeLinear", "quantize", {product, input(6), input(7)}, output);
    return;
  }
  std::string rounded = value("rounded");
  add("Round", "round", {product}, rounded);
  *add("Cast", "cast", {rounded}, output).add_attribute() =
      onnx::MakeAttribute("to", int64_t(onnx::TensorProto::INT32));
}

/// Why the scales and zero points of `node` do not fit its data, or "".
static std::string checkParameters(
    const onnx::NodeProto &node,
    llvm::function_ref<const onnx::TypeProto *(const std::string &)> typeOf) {
  // Each parameter: its input, its name, the data input it goes with, the
  // data's axis it may have one value per entry of (none: per tensor only;
  // counted from the end when negative) and what that axis is.
  struct Parameter {
    int input;
    const char *name;
    int data;
    std::optional<int> axis;
    const char *along;
  };
  const std::string &op = node.op_type();
  std::vector<Parameter> parameters;
  if (op == "QLinearConv")
    parameters = {{1, "x_scale", 0, std::nullopt, ""},
                  {2, "x_zero_point", 0, std::nullopt, ""},
                  {4, "w_scale", 3, 0, "output channel of w"},
                  {5, "w_zero_point", 3, 0, "output channel of w"},
                  {6, "y_scale", 0, std::nullopt, ""},
                  {7, "y_zero_point", 0, std::nullopt, ""}};
  else if (op == "QLinearMatMul")
    parameters = {{1, "a_scale", 0, std::nullopt, ""},
                  {2, "a_zero_point", 0, std::nullopt, ""},
                  {4, "b_scale", 3, -1, "column of b"},
                  {5, "b_zero_point", 3, -1, "column of b"},
                  {6, "y_scale", 0, std::nullopt, ""},
                  {7, "y_zero_point", 0, std::nullopt, ""}};
  else if (op == "ConvInteger")
    parameters = {{2, "x_zero_point", 0, std::nullopt, ""},
                  {3, "w_zero_point", 1, 0, "output channel of w"}};
  else
    parameters = {{2, "a_zero_point", 0, -2, "row of A"},
                  {3, "b_zero_point", 1, -1, "column of B"}};
  for (const Parameter &p : parameters) {
    if (p.input >= node.input_size())
      continue;
    std::optional<std::vector<int64_t>> shape =
        shapeOf(node.input(p.input), typeOf);
    if (!shape)
      continue;
    int64_t count = 1;
    for (int64_t d : *shape)
      count *= d;
    if (count == 1)
      continue;
    std::string what =
        std::string(p.name) + " has " + std::to_string(count) + " values";
    if (!p.axis)
      return what + "; it must hold one (per tensor)";
    std::optional<std::vector<int64_t>> data =
        shapeOf(node.input(p.data), typeOf);
    if (!data)
      continue;
    auto rank = int64_t(data->size());
    int64_t axis = *p.axis < 0 ? *p.axis + rank : *p.axis;
    if (shape->size() != 1 || axis < 0 || axis >= rank ||
        (*data)[size_t(axis)] != count)
      return what + "; it must hold one, or one per " + p.along + " (" +
             (axis >= 0 && axis < rank
                  ? std::to_string((*data)[size_t(axis)])
                  : std::string("none: its rank is ") + std::to_string(rank)) +
             ") as a 1-D tensor";
  }
  return "";
}

bool eyeriss::isQuantizedOperator(const onnx::NodeProto &node) {
  return isDefaultDomain(node) &&
         llvm::is_contained(
             {"QLinearConv", "QLinearMatMul", "ConvInteger", "MatMulInteger"},
             node.op_type()) &&
         node.output_size() == 1 && !node.output(0).empty();
}

QuantizedOperatorsResult eyeriss::expandQuantizedOperators(
    onnx::GraphProto &graph,
    llvm::function_ref<const onnx::TypeProto *(const std::string &)> typeOf) {
  QuantizedOperatorsResult result;
  google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
  for (const onnx::NodeProto &node : graph.node()) {
    if (!isQuantizedOperator(node)) {
      *nodes.Add() = node;
      continue;
    }
    if (std::string why = checkParameters(node, typeOf); !why.empty()) {
      result.badNode = node;
      result.message = why;
      return result;
    }
    Expander(node, nodes, typeOf).expand();
    ++result.expanded;
  }
  if (result.expanded)
    graph.mutable_node()->Swap(&nodes);
  return result;
}
