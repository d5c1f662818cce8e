//===- SpectralOperators.cpp - DFT and STFT on the PE array ---------------===//

#include "SpectralOperators.h"
#include "NodeWriting.h"

#include "eyeriss/Support/TensorProtoPayload.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"

#include "onnx/defs/attr_proto_util.h"

#include <cmath>
#include <sstream>
#include <vector>

using namespace eyeriss;

namespace {

constexpr double kPi = 3.14159265358979323846;

using TypeLookup =
    llvm::function_ref<const onnx::TypeProto *(const std::string &)>;
using InitializerLookup =
    llvm::function_ref<const onnx::TensorProto *(const std::string &)>;

/// A constant input: its shape and values (integers exactly, up to 2^53).
struct ConstantInput {
  std::vector<int64_t> dims;
  std::vector<double> values;
};

/// The values of a tensor of a float or integer type, if it has them.
std::optional<ConstantInput> readTensor(const onnx::TensorProto &tensor) {
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL)
    return std::nullopt;
  ConstantInput c;
  c.dims.assign(tensor.dims().begin(), tensor.dims().end());
  int64_t count = 1;
  for (int64_t d : c.dims) {
    if (d < 0 || d > (int64_t(1) << 24))
      return std::nullopt;
    count *= d;
    if (count > (int64_t(1) << 24))
      return std::nullopt;
  }
  auto widen = [&](const auto &data) {
    c.values.assign(data.begin(), data.end());
  };
  bool ok = false;
  switch (tensor.data_type()) {
  case onnx::TensorProto::FLOAT: {
    std::vector<float> data;
    ok = readTensorProtoPayload(tensor, tensor.float_data(), count, data);
    widen(data);
    break;
  }
  case onnx::TensorProto::DOUBLE:
    ok = readTensorProtoPayload(tensor, tensor.double_data(), count, c.values);
    break;
  case onnx::TensorProto::FLOAT16:
  case onnx::TensorProto::BFLOAT16: {
    std::vector<float> data;
    std::string problem;
    ok = read16BitFloatPayload(tensor, count, data, problem);
    widen(data);
    break;
  }
  case onnx::TensorProto::INT64: {
    std::vector<int64_t> data;
    ok = readTensorProtoPayload(tensor, tensor.int64_data(), count, data);
    widen(data);
    break;
  }
  case onnx::TensorProto::INT32: {
    std::vector<int32_t> data;
    ok = readTensorProtoPayload(tensor, tensor.int32_data(), count, data);
    widen(data);
    break;
  }
  default:
    break;
  }
  return ok ? std::optional<ConstantInput>(std::move(c)) : std::nullopt;
}

int64_t intAttr(const onnx::NodeProto &node, llvm::StringRef name,
                int64_t defaultValue) {
  const onnx::AttributeProto *attr = findAttribute(node, name);
  return attr ? attr->i() : defaultValue;
}

/// Writes the nodes one DFT or STFT becomes, or says why it cannot. They
/// are written to `pending` and moved to `nodes` once the whole node is.
class Expander : public NodeWriter {
public:
  Expander(const onnx::NodeProto &node,
           google::protobuf::RepeatedPtrField<onnx::NodeProto> &nodes,
           const onnx::GraphProto &graph, TypeLookup typeOf,
           InitializerLookup initializerOf)
      : NodeWriter(node, pending), nodes(nodes), graph(graph), typeOf(typeOf),
        initializerOf(initializerOf) {}

  /// Writes the nodes; "" on success, else why not (nothing written).
  std::string expand();

private:
  std::string transpose(llvm::StringRef part, const std::string &x,
                        const std::vector<int64_t> &perm);
  std::string reshape(llvm::StringRef part, const std::string &x,
                      const std::vector<int64_t> &shape);
  std::string constant(llvm::StringRef part, const std::vector<int64_t> &dims,
                       const std::vector<float> &values);
  /// The constant value of input `i`: nullopt with `why` left empty when
  /// the input is absent, with `why` set when it is not a constant.
  std::optional<ConstantInput> constantInput(int i, llvm::StringRef what,
                                             std::string &why) const;
  /// A scalar constant integer input at least 1, or why not.
  std::optional<int64_t> positiveScalar(int i, llvm::StringRef what,
                                        std::string &why) const;
  /// Casts the signal to float32 if it is another type; the value to use.
  std::string signalAsFloat(int32_t elemType);
  /// The result, cast back to `elemType`, into the node's output.
  void finish(const std::string &result, int32_t elemType);

  std::string expandDFT(const std::vector<int64_t> &shape, int32_t elemType);
  std::string expandSTFT(const std::vector<int64_t> &shape, int32_t elemType);

  google::protobuf::RepeatedPtrField<onnx::NodeProto> pending;
  google::protobuf::RepeatedPtrField<onnx::NodeProto> &nodes;
  const onnx::GraphProto &graph;
  TypeLookup typeOf;
  InitializerLookup initializerOf;
};

} // namespace

std::string Expander::transpose(llvm::StringRef part, const std::string &x,
                                const std::vector<int64_t> &perm) {
  std::string result = value(part);
  *add("Transpose", part, {x}, result).add_attribute() =
      onnx::MakeAttribute("perm", perm);
  return result;
}

std::string Expander::reshape(llvm::StringRef part, const std::string &x,
                              const std::vector<int64_t> &shape) {
  onnx::TensorProto tensor;
  tensor.set_data_type(onnx::TensorProto::INT64);
  tensor.add_dims(int64_t(shape.size()));
  for (int64_t d : shape)
    tensor.add_int64_data(d);
  std::string shapeValue = value(part.str() + "_shape");
  *add("Constant", part.str() + "_shape", {}, shapeValue).add_attribute() =
      onnx::MakeAttribute("value", tensor);
  std::string result = value(part);
  add("Reshape", part, {x, shapeValue}, result);
  return result;
}

std::string Expander::constant(llvm::StringRef part,
                               const std::vector<int64_t> &dims,
                               const std::vector<float> &values) {
  onnx::TensorProto tensor;
  tensor.set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t d : dims)
    tensor.add_dims(d);
  tensor.set_raw_data(values.data(), values.size() * sizeof(float));
  std::string result = value(part);
  *add("Constant", part, {}, result).add_attribute() =
      onnx::MakeAttribute("value", tensor);
  return result;
}

std::optional<ConstantInput>
Expander::constantInput(int i, llvm::StringRef what, std::string &why) const {
  const std::string in = input(i);
  if (in.empty())
    return std::nullopt;
  std::optional<ConstantInput> c;
  if (const onnx::TensorProto *init = initializerOf(in)) {
    c = readTensor(*init);
  } else {
    for (const onnx::NodeProto &n : graph.node()) {
      if (n.op_type() != "Constant" || n.output_size() != 1 ||
          n.output(0) != in)
        continue;
      if (const onnx::AttributeProto *v = findAttribute(n, "value");
          v && v->has_t())
        c = readTensor(v->t());
      else if (const onnx::AttributeProto *vi = findAttribute(n, "value_int"))
        c = ConstantInput{{}, {double(vi->i())}};
      else if (const onnx::AttributeProto *vf = findAttribute(n, "value_float"))
        c = ConstantInput{{}, {double(vf->f())}};
      else if (const onnx::AttributeProto *vfs =
                   findAttribute(n, "value_floats"))
        c = ConstantInput{{vfs->floats_size()},
                          {vfs->floats().begin(), vfs->floats().end()}};
      break;
    }
  }
  if (!c)
    why = what.str() + " ('" + in +
          "') must be a constant (an initializer or a Constant node; a graph "
          "input can be bound with --bind-input)";
  return c;
}

std::optional<int64_t> Expander::positiveScalar(int i, llvm::StringRef what,
                                                std::string &why) const {
  std::optional<ConstantInput> c = constantInput(i, what, why);
  if (!c)
    return std::nullopt;
  if (c->values.size() != 1) {
    why = what.str() + " must be a scalar; it holds " +
          std::to_string(c->values.size()) + " values";
    return std::nullopt;
  }
  double v = c->values[0];
  if (!(v >= 1) || v > double(int64_t(1) << 24) || v != std::floor(v)) {
    std::ostringstream text;
    text << what.str() << " is " << v
         << "; it must be a whole number from 1 to 2^24";
    why = text.str();
    return std::nullopt;
  }
  return int64_t(v);
}

std::string Expander::signalAsFloat(int32_t elemType) {
  if (elemType == onnx::TensorProto::FLOAT)
    return input(0);
  std::string result = value("signal_f32");
  *add("Cast", "signal_f32", {input(0)}, result).add_attribute() =
      onnx::MakeAttribute("to", int64_t(onnx::TensorProto::FLOAT));
  return result;
}

void Expander::finish(const std::string &result, int32_t elemType) {
  if (elemType == onnx::TensorProto::FLOAT) {
    // The last node writes the DFT's output.
    pending[pending.size() - 1].set_output(0, output);
    return;
  }
  *add("Cast", "cast_back", {result}, output).add_attribute() =
      onnx::MakeAttribute("to", int64_t(elemType));
}

/// The (re, im) basis weight of input sample n (part `from`, 0 real, 1
/// imaginary) for output bin k into output part `to`.
static double basisWeight(int64_t n, int from, int64_t k, int to,
                          int64_t length, bool inverse) {
  // (k n) mod L keeps the angle small, so that cos and sin are exact to
  // double precision whatever the length.
  double angle = 2.0 * kPi * double((k * n) % length) / double(length);
  if (!inverse)
    angle = -angle;
  double scale = inverse ? 1.0 / double(length) : 1.0;
  double c = std::cos(angle) * scale, s = std::sin(angle) * scale;
  // (xr + i xi)(c + i s) = (xr c - xi s) + i (xr s + xi c).
  if (from == 0)
    return to == 0 ? c : s;
  return to == 0 ? -s : c;
}

std::string Expander::expandDFT(const std::vector<int64_t> &shape,
                                int32_t elemType) {
  auto rank = int64_t(shape.size());
  if (rank < 3)
    return "the input has rank " + std::to_string(rank) +
           "; a DFT's is [batch, signal dimensions..., 1 or 2] (rank 3 or "
           "more)";
  int64_t parts = shape.back();
  if (parts != 1 && parts != 2)
    return "the input's last dimension is " + std::to_string(parts) +
           "; it must be 1 (real) or 2 (complex)";
  int64_t axis = intAttr(node, "axis", 1);
  if (axis < -rank || axis > rank - 2 || axis == -1)
    return "axis " + std::to_string(axis) + " is outside [-" +
           std::to_string(rank) + ", -2] and [0, " + std::to_string(rank - 2) +
           "] (the last axis holds the real and imaginary parts)";
  if (axis < 0)
    axis += rank;
  bool inverse = intAttr(node, "inverse", 0) != 0;
  bool onesided = intAttr(node, "onesided", 0) != 0;
  if (onesided && parts == 2)
    return "onesided = 1 with a complex input (last dimension 2) is not "
           "possible (ONNX: only a real signal's spectrum is conjugate "
           "symmetric)";
  int64_t extent = shape[size_t(axis)];
  int64_t length = extent;
  std::string why;
  if (!input(1).empty()) {
    std::optional<int64_t> l = positiveScalar(1, "dft_length", why);
    if (!l)
      return why;
    length = *l;
  }
  int64_t bins = onesided ? length / 2 + 1 : length;
  int64_t rowsIn = extent * parts, colsOut = bins * 2;
  if (rowsIn * colsOut > (int64_t(1) << 26))
    return "the basis would hold " + std::to_string(rowsIn) + " x " +
           std::to_string(colsOut) + " values (at most 2^26)";

  std::string x = signalAsFloat(elemType);
  // The transformed axis next to the (re, im) axis.
  std::vector<int64_t> perm;
  for (int64_t d = 0; d < rank - 1; ++d)
    if (d != axis)
      perm.push_back(d);
  perm.push_back(axis);
  perm.push_back(rank - 1);
  bool moved = axis != rank - 2;
  if (moved)
    x = transpose("to_last", x, perm);
  std::vector<int64_t> outer;
  for (size_t i = 0; i + 2 < perm.size(); ++i)
    outer.push_back(shape[size_t(perm[i])]);
  std::vector<int64_t> flatShape = outer;
  flatShape.push_back(rowsIn);
  x = reshape("samples", x, flatShape);

  std::vector<float> basis(size_t(rowsIn * colsOut), 0.0f);
  for (int64_t n = 0; n < std::min(extent, length); ++n)
    for (int from = 0; from < parts; ++from)
      for (int64_t k = 0; k < bins; ++k)
        for (int to = 0; to < 2; ++to)
          basis[size_t((n * parts + from) * colsOut + k * 2 + to)] =
              float(basisWeight(n, from, k, to, length, inverse));
  std::string w = constant("basis", {rowsIn, colsOut}, basis);
  std::string product = value("matmul");
  add("MatMul", "matmul", {x, w}, product);
  std::vector<int64_t> binShape = outer;
  binShape.push_back(bins);
  binShape.push_back(2);
  std::string result = reshape("bins", product, binShape);
  if (moved) {
    std::vector<int64_t> back(perm.size());
    for (size_t i = 0; i < perm.size(); ++i)
      back[size_t(perm[i])] = int64_t(i);
    result = transpose("from_last", result, back);
  }
  finish(result, elemType);
  return "";
}

std::string Expander::expandSTFT(const std::vector<int64_t> &shape,
                                 int32_t elemType) {
  if (shape.size() != 3 || (shape[2] != 1 && shape[2] != 2))
    return "the signal must be [batch, length, 1 or 2] (real or complex)";
  int64_t batch = shape[0], length = shape[1], parts = shape[2];
  bool onesided = intAttr(node, "onesided", 1) != 0;
  if (onesided && parts == 2)
    return "onesided = 1 with a complex signal (last dimension 2) is not "
           "possible (ONNX: only a real signal's spectrum is conjugate "
           "symmetric)";
  std::string why;
  std::optional<int64_t> step = positiveScalar(1, "frame_step", why);
  if (!step)
    return why;
  std::optional<ConstantInput> window = constantInput(2, "the window", why);
  if (!why.empty())
    return why;
  std::optional<int64_t> frameLength;
  if (!input(3).empty()) {
    frameLength = positiveScalar(3, "frame_length", why);
    if (!frameLength)
      return why;
  }
  if (window && window->dims.size() != 1)
    return "the window must be 1-D; it has rank " +
           std::to_string(window->dims.size());
  if (!window && !frameLength)
    return "neither a window nor frame_length is given: the frame length is "
           "unknown";
  int64_t frame = frameLength ? *frameLength : window->dims[0];
  if (window && window->dims[0] != frame)
    return "the window has " + std::to_string(window->dims[0]) +
           " values; frame_length is " + std::to_string(frame);
  if (frame > length)
    return "frames of " + std::to_string(frame) + " samples do not fit a " +
           std::to_string(length) + "-sample signal";
  int64_t frames = 1 + (length - frame) / *step;
  int64_t bins = onesided ? frame / 2 + 1 : frame;
  if (frame * parts * 2 * bins > (int64_t(1) << 26))
    return "the basis would hold " + std::to_string(frame * parts) + " x " +
           std::to_string(2 * bins) + " values (at most 2^26)";
  // The gather's constant indices: one per sample of every frame.
  if (frames * frame > (int64_t(1) << 24))
    return std::to_string(frames) + " frames of " + std::to_string(frame) +
           " samples gather " + std::to_string(frames * frame) +
           " positions (at most 2^24)";

  std::string x = signalAsFloat(elemType);
  // Frame t is samples t * step + n, n < frame: a gather on the host.
  onnx::TensorProto positions;
  positions.set_data_type(onnx::TensorProto::INT64);
  positions.add_dims(frames);
  positions.add_dims(frame);
  for (int64_t t = 0; t < frames; ++t)
    for (int64_t n = 0; n < frame; ++n)
      positions.add_int64_data(t * *step + n);
  std::string positionsValue = value("positions");
  *add("Constant", "positions", {}, positionsValue).add_attribute() =
      onnx::MakeAttribute("value", positions);
  std::string framed = value("frames");
  *add("Gather", "frames", {x, positionsValue}, framed).add_attribute() =
      onnx::MakeAttribute("axis", int64_t(1));
  x = reshape("samples", framed, {batch, frames, frame * parts});
  // The basis times the window.
  std::vector<float> basis(size_t(frame * parts * 2 * bins));
  for (int64_t n = 0; n < frame; ++n)
    for (int from = 0; from < parts; ++from)
      for (int64_t k = 0; k < bins; ++k)
        for (int to = 0; to < 2; ++to)
          basis[size_t((n * parts + from) * 2 * bins + k * 2 + to)] =
              float((window ? window->values[size_t(n)] : 1.0) *
                    basisWeight(n, from, k, to, frame, false));
  std::string w = constant("basis", {frame * parts, 2 * bins}, basis);
  std::string product = value("matmul");
  add("MatMul", "matmul", {x, w}, product);
  std::string result = reshape("bins", product, {batch, frames, bins, 2});
  finish(result, elemType);
  return "";
}

std::string Expander::expand() {
  std::optional<std::vector<int64_t>> shape = shapeOf(input(0), typeOf);
  int32_t elemType = onnx::TensorProto::UNDEFINED;
  if (shape) {
    elemType = typeOf(input(0))->tensor_type().elem_type();
  } else if (const onnx::TensorProto *init = initializerOf(input(0))) {
    // A constant signal: initializers have no value type.
    shape.emplace(init->dims().begin(), init->dims().end());
    elemType = init->data_type();
  } else {
    return "the " + std::string(node.op_type() == "DFT" ? "input" : "signal") +
           "'s shape must be static";
  }
  if (elemType != onnx::TensorProto::FLOAT &&
      elemType != onnx::TensorProto::DOUBLE &&
      elemType != onnx::TensorProto::FLOAT16 &&
      elemType != onnx::TensorProto::BFLOAT16)
    return "the input must be of a float type";
  std::string why = node.op_type() == "DFT" ? expandDFT(*shape, elemType)
                                            : expandSTFT(*shape, elemType);
  if (!why.empty())
    return why;
  for (onnx::NodeProto &n : pending)
    nodes.Add()->Swap(&n);
  return "";
}

void eyeriss::deferSTFTShapeInference(onnx::ModelProto &model) {
  bool deferred = false;
  for (onnx::NodeProto &node : *model.mutable_graph()->mutable_node())
    if (node.op_type() == "STFT" && isDefaultDomain(node)) {
      node.set_domain(kDeferredSTFTDomain.str());
      deferred = true;
    }
  if (!deferred)
    return;
  onnx::OperatorSetIdProto *set = model.add_opset_import();
  set->set_domain(kDeferredSTFTDomain.str());
  set->set_version(1);
}

bool eyeriss::isSpectralOperator(const onnx::NodeProto &node) {
  bool dft = node.op_type() == "DFT" && isDefaultDomain(node);
  bool stft = node.op_type() == "STFT" &&
              (isDefaultDomain(node) || node.domain() == kDeferredSTFTDomain);
  return (dft || stft) && node.output_size() == 1 && !node.output(0).empty();
}

SpectralOperatorsResult
eyeriss::expandSpectralOperators(onnx::ModelProto &model, TypeLookup typeOf,
                                 InitializerLookup initializerOf) {
  SpectralOperatorsResult result;
  onnx::GraphProto &graph = *model.mutable_graph();
  google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
  for (const onnx::NodeProto &node : graph.node()) {
    if (!isSpectralOperator(node)) {
      *nodes.Add() = node;
      continue;
    }
    std::string why =
        Expander(node, nodes, graph, typeOf, initializerOf).expand();
    if (!why.empty()) {
      result.badNode = node;
      result.badNode->clear_domain();
      result.message = why;
      return result;
    }
    ++result.expanded;
  }
  if (result.expanded)
    graph.mutable_node()->Swap(&nodes);
  auto *imports = model.mutable_opset_import();
  for (int i = imports->size() - 1; i >= 0; --i)
    if (imports->Get(i).domain() == kDeferredSTFTDomain)
      imports->DeleteSubrange(i, 1);
  return result;
}
