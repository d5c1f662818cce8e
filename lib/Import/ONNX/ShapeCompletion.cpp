//===- ShapeCompletion.cpp - Output shapes ONNX 1.12 infers no dims for ---===//

#include "ShapeCompletion.h"

#include "eyeriss/Support/TensorProtoPayload.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string>

using namespace eyeriss;

/// The static dimensions of `type`, if it is a tensor of known shape.
static std::optional<llvm::SmallVector<int64_t>>
staticShape(const onnx::TypeProto &type) {
  if (!type.has_tensor_type() || !type.tensor_type().has_shape())
    return std::nullopt;
  llvm::SmallVector<int64_t> dims;
  for (const auto &d : type.tensor_type().shape().dim()) {
    if (!d.has_dim_value())
      return std::nullopt;
    dims.push_back(d.dim_value());
  }
  return dims;
}

/// The output extents of an Einsum on inputs of `shapes`, or nothing when
/// the equation cannot be read.
static std::optional<llvm::SmallVector<int64_t>>
einsumShape(llvm::StringRef spaced,
            llvm::ArrayRef<llvm::SmallVector<int64_t>> shapes) {
  std::string equation;
  for (char c : spaced)
    if (c != ' ')
      equation.push_back(c);
  if (equation.find("...") != std::string::npos)
    return std::nullopt;
  auto [lhs, rhs] = llvm::StringRef(equation).split("->");
  llvm::SmallVector<llvm::StringRef> terms;
  lhs.split(terms, ',');
  if (terms.size() != shapes.size())
    return std::nullopt;
  std::map<char, int64_t> extents;
  for (size_t i = 0; i < terms.size(); ++i) {
    if (terms[i].size() != shapes[i].size())
      return std::nullopt;
    for (size_t d = 0; d < terms[i].size(); ++d) {
      char c = terms[i][d];
      if (!std::isalpha(static_cast<unsigned char>(c)))
        return std::nullopt;
      auto [it, inserted] = extents.emplace(c, shapes[i][d]);
      if (!inserted && it->second != shapes[i][d])
        return std::nullopt;
    }
  }
  std::string out;
  if (llvm::StringRef(equation).contains("->")) {
    out = rhs.str();
  } else {
    for (auto [c, extent] : extents) // std::map: alphabetical (ASCII) order
      if (std::count(lhs.begin(), lhs.end(), c) == 1)
        out.push_back(c);
  }
  llvm::SmallVector<int64_t> dims;
  for (char c : out) {
    auto it = extents.find(c);
    if (it == extents.end())
      return std::nullopt;
    dims.push_back(it->second);
  }
  return dims;
}

/// The depth of a OneHot: a scalar initializer of an integer or float type,
/// toward zero; nothing for any other.
static std::optional<int64_t> oneHotDepth(const onnx::TensorProto &t) {
  int64_t count = 1;
  for (int64_t d : t.dims())
    count *= d;
  if (count != 1 || t.data_location() == onnx::TensorProto::EXTERNAL)
    return std::nullopt;
  double depth;
  switch (t.data_type()) {
  case onnx::TensorProto::INT64: {
    std::vector<int64_t> v;
    if (!readTensorProtoPayload(t, t.int64_data(), 1, v))
      return std::nullopt;
    depth = double(v[0]);
    break;
  }
  case onnx::TensorProto::INT32: {
    std::vector<int32_t> v;
    if (!readTensorProtoPayload(t, t.int32_data(), 1, v))
      return std::nullopt;
    depth = double(v[0]);
    break;
  }
  case onnx::TensorProto::FLOAT: {
    std::vector<float> v;
    if (!readTensorProtoPayload(t, t.float_data(), 1, v))
      return std::nullopt;
    depth = double(v[0]);
    break;
  }
  default:
    return std::nullopt;
  }
  // Not a usable extent: left for the importer to refuse.
  if (!(depth >= 1 && depth <= double(int64_t(1) << 40)))
    return std::nullopt;
  return int64_t(depth);
}

bool eyeriss::completeMissingShapes(onnx::GraphProto &graph) {
  llvm::StringMap<onnx::TypeProto *> types;
  for (onnx::ValueInfoProto &info : *graph.mutable_input())
    types[info.name()] = info.mutable_type();
  for (onnx::ValueInfoProto &info : *graph.mutable_value_info())
    types[info.name()] = info.mutable_type();
  for (onnx::ValueInfoProto &info : *graph.mutable_output())
    types[info.name()] = info.mutable_type();
  llvm::StringMap<llvm::SmallVector<int64_t>> initializerShapes;
  llvm::StringMap<const onnx::TensorProto *> initializers;
  for (const onnx::TensorProto &init : graph.initializer()) {
    initializerShapes[init.name()] =
        llvm::SmallVector<int64_t>(init.dims().begin(), init.dims().end());
    initializers[init.name()] = &init;
  }
  // Exporters give a OneHot's depth as a Constant node (F.one_hot).
  for (const onnx::NodeProto &node : graph.node())
    if (node.op_type() == "Constant" && node.output_size() == 1 &&
        (node.domain().empty() || node.domain() == "ai.onnx"))
      for (const onnx::AttributeProto &attr : node.attribute())
        if (attr.name() == "value" && attr.has_t()) {
          initializerShapes[node.output(0)] = llvm::SmallVector<int64_t>(
              attr.t().dims().begin(), attr.t().dims().end());
          initializers[node.output(0)] = &attr.t();
        }
  auto staticShapeOf = [&](const std::string &name)
      -> std::optional<llvm::SmallVector<int64_t>> {
    if (auto it = initializerShapes.find(name); it != initializerShapes.end())
      return it->second;
    auto it = types.find(name);
    return it != types.end() && it->second ? staticShape(*it->second)
                                           : std::nullopt;
  };

  bool changed = false;
  for (const onnx::NodeProto &node : graph.node()) {
    bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
    bool einsum = node.op_type() == "Einsum";
    bool oneHot = node.op_type() == "OneHot";
    if (!defaultDomain || !(einsum || oneHot) || node.output_size() != 1)
      continue;
    onnx::TypeProto *&outType = types[node.output(0)];
    if (outType && staticShape(*outType))
      continue;
    llvm::SmallVector<llvm::SmallVector<int64_t>> shapes;
    for (const std::string &input : node.input()) {
      std::optional<llvm::SmallVector<int64_t>> shape = staticShapeOf(input);
      if (!shape)
        break;
      shapes.push_back(*shape);
    }
    if (static_cast<int>(shapes.size()) != node.input_size())
      continue;
    std::optional<llvm::SmallVector<int64_t>> dims;
    if (einsum) {
      std::string equation;
      for (const onnx::AttributeProto &attr : node.attribute())
        if (attr.name() == "equation")
          equation = attr.s();
      dims = einsumShape(equation, shapes);
    } else if (node.input_size() == 3) {
      const onnx::TensorProto *depthTensor = initializers.lookup(node.input(1));
      std::optional<int64_t> depth =
          depthTensor ? oneHotDepth(*depthTensor) : std::nullopt;
      int64_t rank = int64_t(shapes[0].size()) + 1, axis = -1;
      for (const onnx::AttributeProto &attr : node.attribute())
        if (attr.name() == "axis")
          axis = attr.i();
      if (axis < 0)
        axis += rank;
      if (depth && axis >= 0 && axis < rank) {
        dims = shapes[0];
        dims->insert(dims->begin() + axis, *depth);
      }
    }
    if (!dims)
      continue;
    if (!outType) {
      onnx::ValueInfoProto *info = graph.add_value_info();
      info->set_name(node.output(0));
      outType = info->mutable_type();
    }
    onnx::TypeProto::Tensor *tensor = outType->mutable_tensor_type();
    if (!tensor->has_elem_type())
      tensor->set_elem_type(onnx::TensorProto::FLOAT);
    onnx::TensorShapeProto *shape = tensor->mutable_shape();
    shape->clear_dim();
    for (int64_t d : *dims)
      shape->add_dim()->set_dim_value(d);
    changed = true;
  }
  return changed;
}
