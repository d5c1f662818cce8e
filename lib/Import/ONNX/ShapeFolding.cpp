//===- ShapeFolding.cpp - Evaluate a graph's shape arithmetic -------------===//

#include "ShapeFolding.h"

#include "eyeriss/Support/TensorProtoPayload.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <optional>

using namespace eyeriss;

namespace {

/// An integer tensor known at import time. Shape arithmetic is small: larger
/// integer tensors are not evaluated.
struct IntTensor {
  std::vector<int64_t> dims;
  std::vector<int64_t> values;
  /// Equal's result: written back as a BOOL initializer, so that what reads
  /// it still type-checks.
  bool isBool = false;
};
constexpr int64_t kMaxFoldedElements = 1 << 16;

std::optional<IntTensor> fromProto(const onnx::TensorProto &tensor) {
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL)
    return std::nullopt;
  IntTensor t;
  int64_t count = 1;
  for (int64_t d : tensor.dims()) {
    if (d < 0 || d > kMaxFoldedElements)
      return std::nullopt;
    t.dims.push_back(d);
    count *= d;
    if (count > kMaxFoldedElements)
      return std::nullopt;
  }
  bool ok = false;
  if (tensor.data_type() == onnx::TensorProto::INT64) {
    ok = readTensorProtoPayload(tensor, tensor.int64_data(), count, t.values);
  } else if (tensor.data_type() == onnx::TensorProto::INT32) {
    std::vector<int32_t> narrow;
    ok = readTensorProtoPayload(tensor, tensor.int32_data(), count, narrow);
    t.values.assign(narrow.begin(), narrow.end());
  }
  return ok ? std::optional<IntTensor>(std::move(t)) : std::nullopt;
}

onnx::TensorProto toProto(const std::string &name, const IntTensor &t) {
  onnx::TensorProto tensor;
  tensor.set_name(name);
  tensor.set_data_type(t.isBool ? onnx::TensorProto::BOOL
                                : onnx::TensorProto::INT64);
  for (int64_t d : t.dims)
    tensor.add_dims(d);
  for (int64_t v : t.values) {
    if (t.isBool)
      tensor.add_int32_data(v != 0);
    else
      tensor.add_int64_data(v);
  }
  return tensor;
}

const onnx::AttributeProto *findAttr(const onnx::NodeProto &node,
                                     const char *name) {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

/// Why a node with known inputs cannot be evaluated.
struct EvalError {
  std::string message;
};

/// The outcome of evaluating one node: not foldable (some input unknown, or
/// an op or form this file does not evaluate), its outputs, or an error.
struct Evaluation {
  bool foldable = false;
  std::vector<IntTensor> outputs;
  std::optional<EvalError> error;
};

class Folder {
public:
  explicit Folder(const llvm::StringMap<onnx::TypeProto> &valueTypes)
      : valueTypes(valueTypes) {}

  llvm::StringMap<IntTensor> known;

  Evaluation evaluate(const onnx::NodeProto &node);

private:
  const IntTensor *input(const onnx::NodeProto &node, int i) const {
    if (i >= node.input_size() || node.input(i).empty())
      return nullptr;
    auto it = known.find(node.input(i));
    return it == known.end() ? nullptr : &it->second;
  }
  bool allInputsKnown(const onnx::NodeProto &node) const {
    return llvm::all_of(node.input(), [&](const std::string &name) {
      return name.empty() || known.count(name);
    });
  }
  std::optional<IntTensor> staticShape(const std::string &name) const;

  const llvm::StringMap<onnx::TypeProto> &valueTypes;
};

Evaluation done(IntTensor t) {
  Evaluation e;
  e.foldable = true;
  e.outputs.push_back(std::move(t));
  return e;
}
Evaluation fail(std::string message) {
  Evaluation e;
  e.foldable = true;
  e.error = EvalError{std::move(message)};
  return e;
}
Evaluation notFoldable() { return Evaluation(); }

std::optional<IntTensor> Folder::staticShape(const std::string &name) const {
  auto it = valueTypes.find(name);
  if (it == valueTypes.end() || !it->second.has_tensor_type() ||
      !it->second.tensor_type().has_shape())
    return std::nullopt;
  IntTensor t;
  for (const auto &dim : it->second.tensor_type().shape().dim()) {
    if (!dim.has_dim_value())
      return std::nullopt;
    t.values.push_back(dim.dim_value());
  }
  t.dims = {static_cast<int64_t>(t.values.size())};
  return t;
}

Evaluation Folder::evaluate(const onnx::NodeProto &node) {
  const std::string &op = node.op_type();
  if (!node.domain().empty() && node.domain() != "ai.onnx")
    return notFoldable();

  if (op == "Shape") {
    std::optional<IntTensor> shape = staticShape(node.input(0));
    if (!shape)
      return notFoldable();
    int64_t rank = shape->dims[0];
    const onnx::AttributeProto *startAttr = findAttr(node, "start");
    const onnx::AttributeProto *endAttr = findAttr(node, "end");
    int64_t start = clampSliceIndex(startAttr ? startAttr->i() : 0, rank);
    int64_t end = clampSliceIndex(endAttr ? endAttr->i() : rank, rank);
    IntTensor t;
    if (start < end)
      t.values.assign(shape->values.begin() + start,
                      shape->values.begin() + end);
    t.dims = {static_cast<int64_t>(t.values.size())};
    return done(std::move(t));
  }

  if (op == "ConstantOfShape") {
    // The fill value is an integer one-element tensor (an absent value is a
    // float 0: not shape arithmetic).
    const IntTensor *shape = input(node, 0);
    const onnx::AttributeProto *value = findAttr(node, "value");
    std::optional<IntTensor> fill;
    if (value && value->has_t())
      fill = fromProto(value->t());
    if (!shape || shape->dims.size() != 1 || !fill || fill->values.size() != 1)
      return notFoldable();
    IntTensor t;
    int64_t count = 1;
    for (int64_t d : shape->values) {
      if (d < 0 || (d > 0 && count > kMaxFoldedElements / d))
        return notFoldable();
      count *= d;
    }
    t.dims = shape->values;
    t.values.assign(count, fill->values[0]);
    return done(std::move(t));
  }

  static const llvm::StringSet<> kEvaluated = {
      "Gather", "Unsqueeze", "Squeeze", "Concat", "Add",   "Sub",
      "Mul",    "Div",       "Cast",    "Slice",  "Identity", "Equal",
      "Where"};
  if (!kEvaluated.contains(op) || !allInputsKnown(node) ||
      node.input_size() == 0 || !input(node, 0))
    return notFoldable();
  const IntTensor &x = *input(node, 0);

  if (op == "Identity")
    return done(x);

  if (op == "Cast") {
    const onnx::AttributeProto *to = findAttr(node, "to");
    if (!to || to->i() != onnx::TensorProto::INT64)
      return notFoldable();
    return done(x);
  }

  if (op == "Gather") {
    const IntTensor *indices = input(node, 1);
    const onnx::AttributeProto *axisAttr = findAttr(node, "axis");
    int64_t axis = axisAttr ? axisAttr->i() : 0;
    if (!indices || x.dims.size() != 1 || (axis != 0 && axis != -1))
      return notFoldable();
    IntTensor t;
    t.dims = indices->dims;
    int64_t extent = x.dims[0];
    for (int64_t i : indices->values) {
      if (i < -extent || i >= extent)
        return fail("index " + std::to_string(i) + " is out of range for " +
                    std::to_string(extent) + " values");
      t.values.push_back(x.values[i < 0 ? i + extent : i]);
    }
    return done(std::move(t));
  }

  if (op == "Unsqueeze" || op == "Squeeze") {
    const IntTensor *axesInput = input(node, 1);
    std::vector<int64_t> axes =
        axesInput ? axesInput->values : std::vector<int64_t>();
    IntTensor t;
    t.values = x.values;
    if (op == "Unsqueeze") {
      int64_t rank = static_cast<int64_t>(x.dims.size() + axes.size());
      for (int64_t &a : axes)
        if (a < 0)
          a += rank;
      llvm::sort(axes);
      if (std::adjacent_find(axes.begin(), axes.end()) != axes.end() ||
          (!axes.empty() && (axes.front() < 0 || axes.back() >= rank)))
        return fail("Unsqueeze axes are out of range or repeated");
      size_t next = 0;
      for (int64_t d = 0; d < rank; ++d) {
        if (llvm::is_contained(axes, d))
          t.dims.push_back(1);
        else
          t.dims.push_back(x.dims[next++]);
      }
      return done(std::move(t));
    }
    int64_t rank = static_cast<int64_t>(x.dims.size());
    for (int64_t &a : axes)
      if (a < 0)
        a += rank;
    for (int64_t d = 0; d < rank; ++d) {
      bool listed = llvm::is_contained(axes, d);
      if (listed && x.dims[d] != 1)
        return fail("Squeeze of dimension " + std::to_string(d) +
                    ", which is not 1");
      if (!(listed || (axes.empty() && x.dims[d] == 1)))
        t.dims.push_back(x.dims[d]);
    }
    return done(std::move(t));
  }

  if (op == "Concat") {
    const onnx::AttributeProto *axisAttr = findAttr(node, "axis");
    int64_t axis = axisAttr ? axisAttr->i() : 0;
    if (axis != 0 && axis != -1)
      return notFoldable();
    IntTensor t;
    for (int i = 0; i < node.input_size(); ++i) {
      const IntTensor *part = input(node, i);
      if (!part || part->dims.size() != 1)
        return notFoldable();
      llvm::append_range(t.values, part->values);
    }
    t.dims = {static_cast<int64_t>(t.values.size())};
    return done(std::move(t));
  }

  if (op == "Slice") {
    const IntTensor *starts = input(node, 1), *ends = input(node, 2);
    const IntTensor *axes = input(node, 3), *steps = input(node, 4);
    if (x.dims.size() != 1 || !starts || !ends ||
        starts->values.size() != 1 || ends->values.size() != 1 ||
        (axes && (axes->values.size() != 1 ||
                  (axes->values[0] != 0 && axes->values[0] != -1))) ||
        (steps && steps->values.size() != 1))
      return notFoldable();
    int64_t step = steps ? steps->values[0] : 1;
    if (step <= 0)
      return notFoldable();
    int64_t extent = x.dims[0];
    int64_t start = clampSliceIndex(starts->values[0], extent);
    int64_t end = clampSliceIndex(ends->values[0], extent);
    IntTensor t;
    for (int64_t i = start; i < end; i += step)
      t.values.push_back(x.values[i]);
    t.dims = {static_cast<int64_t>(t.values.size())};
    return done(std::move(t));
  }

  if (op == "Where") {
    // Elementwise select: equal shapes, or single values.
    const IntTensor *a = input(node, 1), *b = input(node, 2);
    if (!a || !b)
      return notFoldable();
    size_t count = std::max({x.values.size(), a->values.size(),
                             b->values.size()});
    const IntTensor *widest =
        x.values.size() == count ? &x : a->values.size() == count ? a : b;
    for (const IntTensor *t : {&x, a, b})
      if (t->values.size() != 1 && t->dims != widest->dims)
        return notFoldable();
    IntTensor t;
    t.dims = widest->dims;
    for (size_t i = 0; i < count; ++i) {
      auto at = [&](const IntTensor *v) {
        return v->values[v->values.size() == 1 ? 0 : i];
      };
      t.values.push_back(at(&x) ? at(a) : at(b));
    }
    return done(std::move(t));
  }

  // Add, Sub, Mul, Div, Equal: equal shapes, or one side a single value.
  const IntTensor *y = input(node, 1);
  if (!y)
    return notFoldable();
  bool xScalar = x.values.size() == 1, yScalar = y->values.size() == 1;
  if (x.dims != y->dims && !xScalar && !yScalar)
    return notFoldable();
  IntTensor t;
  t.dims = (xScalar && !yScalar) || (xScalar && yScalar &&
                                     y->dims.size() > x.dims.size())
               ? y->dims
               : x.dims;
  size_t count = std::max(x.values.size(), y->values.size());
  for (size_t i = 0; i < count; ++i) {
    int64_t a = x.values[xScalar ? 0 : i], b = y->values[yScalar ? 0 : i];
    if (op == "Add")
      t.values.push_back(a + b);
    else if (op == "Sub")
      t.values.push_back(a - b);
    else if (op == "Mul")
      t.values.push_back(a * b);
    else if (op == "Equal")
      t.values.push_back(a == b);
    else {
      if (b == 0)
        return fail("integer division by zero");
      // C++'s division truncates toward zero, as integer Div does in ONNX
      // Runtime; shape arithmetic divides non-negative values.
      t.values.push_back(a / b);
    }
  }
  t.isBool = op == "Equal";
  return done(std::move(t));
}

} // namespace

int64_t eyeriss::clampSliceIndex(int64_t index, int64_t extent) {
  if (index < 0)
    index += extent;
  return std::clamp<int64_t>(index, 0, extent);
}

ShapeFoldingResult
eyeriss::foldShapeComputations(onnx::GraphProto &graph,
                               const llvm::StringMap<onnx::TypeProto> &types) {
  ShapeFoldingResult result;
  Folder folder(types);
  for (const onnx::TensorProto &init : graph.initializer())
    if (std::optional<IntTensor> t = fromProto(init))
      folder.known[init.name()] = std::move(*t);

  std::vector<bool> remove(graph.node_size(), false);
  std::vector<onnx::TensorProto> added;
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto &node = graph.node(i);
    if (node.op_type() == "Constant" && node.output_size() == 1) {
      if (const onnx::AttributeProto *value = findAttr(node, "value")) {
        if (std::optional<IntTensor> t = fromProto(value->t()))
          folder.known[node.output(0)] = std::move(*t);
      } else if (const onnx::AttributeProto *v = findAttr(node, "value_int")) {
        folder.known[node.output(0)] = IntTensor{{}, {v->i()}};
      } else if (const onnx::AttributeProto *vs =
                     findAttr(node, "value_ints")) {
        folder.known[node.output(0)] =
            IntTensor{{vs->ints_size()},
                      std::vector<int64_t>(vs->ints().begin(),
                                           vs->ints().end())};
      }
      continue;
    }
    if (node.output_size() != 1)
      continue;
    Evaluation e = folder.evaluate(node);
    if (!e.foldable)
      continue;
    if (e.error) {
      result.badNode = &node;
      result.message = e.error->message;
      return result;
    }
    folder.known[node.output(0)] = e.outputs[0];
    added.push_back(toProto(node.output(0), e.outputs[0]));
    remove[i] = true;
    ++result.folded;
  }
  if (!result.folded)
    return result;

  auto *nodes = graph.mutable_node();
  int kept = 0;
  for (int i = 0; i < nodes->size(); ++i) {
    if (remove[i])
      continue;
    if (kept != i)
      nodes->SwapElements(kept, i);
    ++kept;
  }
  while (nodes->size() > kept)
    nodes->RemoveLast();
  // Only the folded values something still reads become initializers: an
  // intermediate of the arithmetic (Equal's bool mask, read by a folded
  // Where) is dropped with the nodes.
  llvm::StringSet<> read;
  for (const onnx::NodeProto &node : graph.node())
    for (const std::string &name : node.input())
      read.insert(name);
  for (const onnx::ValueInfoProto &output : graph.output())
    read.insert(output.name());
  for (onnx::TensorProto &tensor : added)
    if (read.contains(tensor.name()))
      graph.add_initializer()->Swap(&tensor);
  return result;
}
