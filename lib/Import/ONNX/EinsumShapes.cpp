//===- EinsumShapes.cpp - Output shapes ONNX 1.12 infers no dims for ------===//

#include "EinsumShapes.h"

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

bool eyeriss::completeEinsumShapes(onnx::GraphProto &graph) {
  llvm::StringMap<onnx::TypeProto *> types;
  for (onnx::ValueInfoProto &info : *graph.mutable_input())
    types[info.name()] = info.mutable_type();
  for (onnx::ValueInfoProto &info : *graph.mutable_value_info())
    types[info.name()] = info.mutable_type();
  for (onnx::ValueInfoProto &info : *graph.mutable_output())
    types[info.name()] = info.mutable_type();
  llvm::StringMap<llvm::SmallVector<int64_t>> initializerShapes;
  for (const onnx::TensorProto &init : graph.initializer())
    initializerShapes[init.name()] =
        llvm::SmallVector<int64_t>(init.dims().begin(), init.dims().end());

  bool changed = false;
  for (const onnx::NodeProto &node : graph.node()) {
    bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
    if (!defaultDomain || node.op_type() != "Einsum" || node.output_size() != 1)
      continue;
    onnx::TypeProto *&outType = types[node.output(0)];
    if (outType && staticShape(*outType))
      continue;
    llvm::SmallVector<llvm::SmallVector<int64_t>> shapes;
    for (const std::string &input : node.input()) {
      if (auto it = initializerShapes.find(input);
          it != initializerShapes.end()) {
        shapes.push_back(it->second);
        continue;
      }
      auto it = types.find(input);
      std::optional<llvm::SmallVector<int64_t>> shape =
          it != types.end() && it->second ? staticShape(*it->second)
                                          : std::nullopt;
      if (!shape)
        break;
      shapes.push_back(*shape);
    }
    if (static_cast<int>(shapes.size()) != node.input_size())
      continue;
    std::string equation;
    for (const onnx::AttributeProto &attr : node.attribute())
      if (attr.name() == "equation")
        equation = attr.s();
    std::optional<llvm::SmallVector<int64_t>> dims =
        einsumShape(equation, shapes);
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
