//===- ShapeFolding.cpp - Evaluate a graph's shape arithmetic -------------===//

#include "ShapeFolding.h"

#include "eyeriss/Support/TensorProtoPayload.h"
#include "eyeriss/Workload/Broadcast.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <optional>

using namespace eyeriss;

namespace {

/// A tensor known at import time. Integers (int64, int32) and bools are held
/// as int64, float32 as float; `type` is the ONNX element type, kept so that
/// what reads a folded value still type-checks.
struct Known {
  int32_t type = onnx::TensorProto::INT64;
  std::vector<int64_t> dims;
  std::vector<int64_t> ints;
  std::vector<float> floats;

  bool isFloat() const { return type == onnx::TensorProto::FLOAT; }
  bool isBool() const { return type == onnx::TensorProto::BOOL; }
  size_t count() const { return isFloat() ? floats.size() : ints.size(); }
  double at(size_t i) const {
    return isFloat() ? floats[i] : static_cast<double>(ints[i]);
  }
};

/// Shape arithmetic is small; what it builds from shapes (the attention mask
/// of a shifted-window transformer) a little larger. Larger tensors are not
/// evaluated: what computes them stays in the graph.
constexpr int64_t kMaxFoldedElements = 1 << 20;

/// The element count of `dims`, or nothing above the limit.
std::optional<int64_t> elementCount(llvm::ArrayRef<int64_t> dims) {
  int64_t count = 1;
  for (int64_t d : dims) {
    if (d < 0 || d > kMaxFoldedElements)
      return std::nullopt;
    count *= d;
    if (count > kMaxFoldedElements)
      return std::nullopt;
  }
  return count;
}

bool isIntegerType(int32_t type) {
  return type == onnx::TensorProto::INT64 || type == onnx::TensorProto::INT32;
}

std::optional<Known> fromProto(const onnx::TensorProto &tensor) {
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL)
    return std::nullopt;
  Known t;
  t.type = tensor.data_type();
  t.dims.assign(tensor.dims().begin(), tensor.dims().end());
  std::optional<int64_t> count = elementCount(t.dims);
  if (!count)
    return std::nullopt;
  bool ok = false;
  switch (t.type) {
  case onnx::TensorProto::INT64:
    ok = readTensorProtoPayload(tensor, tensor.int64_data(), *count, t.ints);
    break;
  case onnx::TensorProto::INT32: {
    std::vector<int32_t> narrow;
    ok = readTensorProtoPayload(tensor, tensor.int32_data(), *count, narrow);
    t.ints.assign(narrow.begin(), narrow.end());
    break;
  }
  case onnx::TensorProto::BOOL: {
    std::vector<uint8_t> bytes;
    ok = readTensorProtoPayload(tensor, tensor.int32_data(), *count, bytes);
    for (uint8_t b : bytes)
      t.ints.push_back(b != 0);
    break;
  }
  case onnx::TensorProto::FLOAT:
    ok = readTensorProtoPayload(tensor, tensor.float_data(), *count, t.floats);
    break;
  default:
    break;
  }
  return ok ? std::optional<Known>(std::move(t)) : std::nullopt;
}

onnx::TensorProto toProto(const std::string &name, const Known &t) {
  onnx::TensorProto tensor;
  tensor.set_name(name);
  tensor.set_data_type(t.type);
  for (int64_t d : t.dims)
    tensor.add_dims(d);
  if (t.isFloat()) {
    tensor.set_raw_data(t.floats.data(), t.floats.size() * sizeof(float));
  } else if (t.type == onnx::TensorProto::INT64) {
    for (int64_t v : t.ints)
      tensor.add_int64_data(v);
  } else {
    for (int64_t v : t.ints)
      tensor.add_int32_data(static_cast<int32_t>(v));
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

int64_t intAttr(const onnx::NodeProto &node, const char *name,
                int64_t otherwise) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  return attr ? attr->i() : otherwise;
}

/// Row-major strides of `dims`.
llvm::SmallVector<int64_t> strides(llvm::ArrayRef<int64_t> dims) {
  llvm::SmallVector<int64_t> s(dims.size(), 1);
  for (size_t i = dims.size(); i-- > 1;)
    s[i - 1] = s[i] * dims[i];
  return s;
}

/// Calls `visit(outIndex, offsets)` for every element of a result of shape
/// `out`, with the offsets of the element each operand (of the shapes in
/// `shapes`, numpy-broadcast to `out`) contributes.
template <typename Visit>
void forEachBroadcast(llvm::ArrayRef<int64_t> out,
                      llvm::ArrayRef<std::vector<int64_t>> shapes,
                      Visit visit) {
  size_t rank = out.size();
  llvm::SmallVector<llvm::SmallVector<int64_t>> operandStrides;
  for (const std::vector<int64_t> &s : shapes)
    operandStrides.push_back(broadcastStrides(s, rank));
  int64_t total = 1;
  for (int64_t d : out)
    total *= d;
  llvm::SmallVector<int64_t> index(rank, 0);
  llvm::SmallVector<int64_t> offsets(shapes.size(), 0);
  for (int64_t o = 0; o < total; ++o) {
    visit(o, llvm::ArrayRef<int64_t>(offsets));
    // Step the row-major index; each operand's offset follows its strides.
    for (size_t d = rank; d-- > 0;) {
      for (size_t k = 0; k < shapes.size(); ++k)
        offsets[k] += operandStrides[k][d];
      if (++index[d] < out[d])
        break;
      for (size_t k = 0; k < shapes.size(); ++k)
        offsets[k] -= operandStrides[k][d] * out[d];
      index[d] = 0;
    }
  }
}

/// Why a node with known inputs cannot be evaluated.
struct EvalError {
  std::string message;
};

/// The outcome of evaluating one node: not foldable (some input unknown, or
/// an op or form this file does not evaluate), its output, or an error.
struct Evaluation {
  bool foldable = false;
  std::optional<Known> output;
  std::optional<EvalError> error;
};

Evaluation done(Known t) {
  Evaluation e;
  e.foldable = true;
  e.output = std::move(t);
  return e;
}
Evaluation fail(std::string message) {
  Evaluation e;
  e.foldable = true;
  e.error = EvalError{std::move(message)};
  return e;
}
Evaluation notFoldable() { return Evaluation(); }

/// A result of the given type and shape, zero-filled; nothing when it would
/// exceed the size limit.
std::optional<Known> makeKnown(int32_t type, llvm::ArrayRef<int64_t> dims) {
  std::optional<int64_t> count = elementCount(dims);
  if (!count)
    return std::nullopt;
  Known t;
  t.type = type;
  t.dims.assign(dims.begin(), dims.end());
  if (t.isFloat())
    t.floats.assign(*count, 0.0f);
  else
    t.ints.assign(*count, 0);
  return t;
}

/// Copies element `from` of `src` to element `to` of `dst` (same type).
void copyElement(Known &dst, int64_t to, const Known &src, int64_t from) {
  if (dst.isFloat())
    dst.floats[to] = src.floats[from];
  else
    dst.ints[to] = src.ints[from];
}

class Folder {
public:
  explicit Folder(const llvm::StringMap<onnx::TypeProto> &valueTypes)
      : valueTypes(valueTypes) {}

  llvm::StringMap<Known> known;

  Evaluation evaluate(const onnx::NodeProto &node);

private:
  const Known *input(const onnx::NodeProto &node, int i) const {
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
  std::optional<std::vector<int64_t>>
  staticShape(const std::string &name) const;

  Evaluation shape(const onnx::NodeProto &node);
  Evaluation size(const onnx::NodeProto &node);
  Evaluation eyeLike(const onnx::NodeProto &node);
  Evaluation constantOfShape(const onnx::NodeProto &node);
  Evaluation cast(const onnx::NodeProto &node, const Known &x);
  Evaluation squeezeOrUnsqueeze(const onnx::NodeProto &node, const Known &x);
  Evaluation reshape(const onnx::NodeProto &node, const Known &x);
  Evaluation expand(const onnx::NodeProto &node, const Known &x);
  Evaluation transpose(const onnx::NodeProto &node, const Known &x);
  Evaluation concat(const onnx::NodeProto &node);
  Evaluation slice(const onnx::NodeProto &node, const Known &x);
  Evaluation gather(const onnx::NodeProto &node, const Known &x);
  Evaluation range(const onnx::NodeProto &node);
  Evaluation melWeightMatrix(const onnx::NodeProto &node);
  Evaluation scatterND(const onnx::NodeProto &node, const Known &x);
  Evaluation where(const onnx::NodeProto &node, const Known &x);
  Evaluation trilu(const onnx::NodeProto &node, const Known &x);
  Evaluation unary(const onnx::NodeProto &node, const Known &x);
  Evaluation binary(const onnx::NodeProto &node, const Known &x);

  const llvm::StringMap<onnx::TypeProto> &valueTypes;
};

std::optional<std::vector<int64_t>>
Folder::staticShape(const std::string &name) const {
  auto it = valueTypes.find(name);
  if (it == valueTypes.end() || !it->second.has_tensor_type() ||
      !it->second.tensor_type().has_shape())
    return std::nullopt;
  std::vector<int64_t> dims;
  for (const auto &dim : it->second.tensor_type().shape().dim()) {
    if (!dim.has_dim_value())
      return std::nullopt;
    dims.push_back(dim.dim_value());
  }
  return dims;
}

Evaluation Folder::shape(const onnx::NodeProto &node) {
  // A value folded before has no entry among the inferred types yet.
  const Known *value = input(node, 0);
  std::optional<std::vector<int64_t>> dims =
      value ? value->dims : staticShape(node.input(0));
  if (!dims)
    return notFoldable();
  int64_t rank = static_cast<int64_t>(dims->size());
  int64_t start = clampSliceIndex(intAttr(node, "start", 0), rank);
  int64_t end = clampSliceIndex(intAttr(node, "end", rank), rank);
  Known t;
  if (start < end)
    t.ints.assign(dims->begin() + start, dims->begin() + end);
  t.dims = {static_cast<int64_t>(t.ints.size())};
  return done(std::move(t));
}

/// Size of a statically shaped tensor: its element count, an int64 scalar.
Evaluation Folder::size(const onnx::NodeProto &node) {
  const Known *value = input(node, 0);
  std::optional<std::vector<int64_t>> dims =
      value ? value->dims : staticShape(node.input(0));
  if (!dims)
    return notFoldable();
  Known t;
  t.ints = {1};
  for (int64_t d : *dims)
    t.ints[0] *= d;
  return done(std::move(t));
}

/// EyeLike of a statically shaped 2-D tensor: ones on the diagonal `k`,
/// in `dtype` (float32, int64, int32 or bool) or the input's type.
Evaluation Folder::eyeLike(const onnx::NodeProto &node) {
  const Known *value = input(node, 0);
  std::optional<std::vector<int64_t>> dims =
      value ? value->dims : staticShape(node.input(0));
  if (!dims || dims->size() != 2)
    return notFoldable();
  int32_t type = onnx::TensorProto::UNDEFINED;
  if (findAttr(node, "dtype"))
    type = static_cast<int32_t>(intAttr(node, "dtype", 0));
  else if (value)
    type = value->type;
  else if (auto it = valueTypes.find(node.input(0)); it != valueTypes.end())
    type = it->second.tensor_type().elem_type();
  if (type != onnx::TensorProto::FLOAT && type != onnx::TensorProto::BOOL &&
      !isIntegerType(type))
    return notFoldable();
  std::optional<Known> t = makeKnown(type, *dims);
  if (!t)
    return notFoldable();
  int64_t rows = (*dims)[0], cols = (*dims)[1], k = intAttr(node, "k", 0);
  for (int64_t i = 0; i < rows; ++i)
    if (int64_t j = i + k; j >= 0 && j < cols) {
      if (t->isFloat())
        t->floats[i * cols + j] = 1.0f;
      else
        t->ints[i * cols + j] = 1;
    }
  return done(std::move(*t));
}

Evaluation Folder::constantOfShape(const onnx::NodeProto &node) {
  const Known *shapeInput = input(node, 0);
  if (!shapeInput || shapeInput->isFloat() || shapeInput->dims.size() != 1)
    return notFoldable();
  // Without a value, the fill is a float32 zero.
  Known fill;
  fill.type = onnx::TensorProto::FLOAT;
  fill.floats = {0.0f};
  if (const onnx::AttributeProto *value = findAttr(node, "value")) {
    std::optional<Known> given =
        value->has_t() ? fromProto(value->t()) : std::nullopt;
    if (!given || given->count() != 1)
      return notFoldable();
    fill = std::move(*given);
  }
  for (int64_t d : shapeInput->ints)
    if (d < 0)
      return fail("ConstantOfShape of a negative dimension " +
                  std::to_string(d));
  std::optional<Known> t = makeKnown(fill.type, shapeInput->ints);
  if (!t)
    return notFoldable();
  if (t->isFloat())
    std::fill(t->floats.begin(), t->floats.end(), fill.floats[0]);
  else
    std::fill(t->ints.begin(), t->ints.end(), fill.ints[0]);
  return done(std::move(*t));
}

Evaluation Folder::cast(const onnx::NodeProto &node, const Known &x) {
  const onnx::AttributeProto *to = findAttr(node, "to");
  if (!to)
    return notFoldable();
  Known t;
  t.type = static_cast<int32_t>(to->i());
  t.dims = x.dims;
  if (t.isFloat()) {
    if (x.isFloat())
      t.floats = x.floats;
    else
      for (int64_t v : x.ints)
        t.floats.push_back(static_cast<float>(v));
    return done(std::move(t));
  }
  if (t.isBool()) {
    for (size_t i = 0; i < x.count(); ++i)
      t.ints.push_back(x.at(i) != 0);
    return done(std::move(t));
  }
  if (!isIntegerType(t.type))
    return notFoldable();
  bool narrow = t.type == onnx::TensorProto::INT32;
  double lo = narrow ? std::numeric_limits<int32_t>::min()
                     : -9.2233720368547758e18; // -2^63
  double hi = -lo;
  for (size_t i = 0; i < x.count(); ++i) {
    if (!x.isFloat()) {
      int64_t v = x.ints[i];
      if (narrow && (v < std::numeric_limits<int32_t>::min() ||
                     v > std::numeric_limits<int32_t>::max()))
        return notFoldable(); // wraps in ONNX Runtime: not shape arithmetic
      t.ints.push_back(v);
      continue;
    }
    // A float converts toward zero; NaN or out of range is undefined.
    double v = std::trunc(x.floats[i]);
    if (!(v >= lo && v < hi)) {
      char shown[32];
      std::snprintf(shown, sizeof shown, "%g", x.floats[i]);
      return fail(std::string("Cast of ") + shown +
                  " to an integer is out of range");
    }
    t.ints.push_back(static_cast<int64_t>(v));
  }
  return done(std::move(t));
}

Evaluation Folder::squeezeOrUnsqueeze(const onnx::NodeProto &node,
                                      const Known &x) {
  const Known *axesInput = input(node, 1);
  if (axesInput && axesInput->isFloat())
    return notFoldable();
  std::vector<int64_t> axes =
      axesInput ? axesInput->ints : std::vector<int64_t>();
  Known t = x;
  t.dims.clear();
  if (node.op_type() == "Unsqueeze") {
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

Evaluation Folder::reshape(const onnx::NodeProto &node, const Known &x) {
  const Known *target = input(node, 1);
  if (!target || target->isFloat() || target->dims.size() != 1)
    return notFoldable();
  bool allowZero = intAttr(node, "allowzero", 0) != 0;
  std::vector<int64_t> dims;
  int64_t inferred = -1, known = 1;
  for (size_t i = 0; i < target->ints.size(); ++i) {
    int64_t d = target->ints[i];
    if (d == 0 && !allowZero) {
      if (i >= x.dims.size())
        return fail("Reshape copies dimension " + std::to_string(i) +
                    " of a rank-" + std::to_string(x.dims.size()) + " input");
      d = x.dims[i];
    }
    if (d == -1) {
      if (inferred >= 0)
        return fail("Reshape infers more than one dimension");
      inferred = static_cast<int64_t>(i);
    } else if (d < 0) {
      return fail("Reshape to a negative dimension " + std::to_string(d));
    } else if (llvm::MulOverflow(known, d, known)) {
      return fail("Reshape to more elements than int64 counts");
    }
    dims.push_back(d);
  }
  int64_t count = static_cast<int64_t>(x.count());
  if (inferred >= 0) {
    if (known == 0 || count % known != 0)
      return fail("Reshape cannot infer a dimension: " + std::to_string(count) +
                  " elements into parts of " + std::to_string(known));
    dims[inferred] = count / known;
  } else if (known != count) {
    return fail("Reshape of " + std::to_string(count) + " elements to " +
                std::to_string(known));
  }
  Known t = x;
  t.dims = std::move(dims);
  return done(std::move(t));
}

Evaluation Folder::expand(const onnx::NodeProto &node, const Known &x) {
  const Known *target = input(node, 1);
  if (!target || target->isFloat() || target->dims.size() != 1)
    return notFoldable();
  std::optional<llvm::SmallVector<int64_t>> dims =
      broadcastShape(x.dims, target->ints);
  if (!dims)
    return fail("Expand's shape does not broadcast with the input's");
  std::optional<Known> t = makeKnown(x.type, *dims);
  if (!t)
    return notFoldable();
  forEachBroadcast(*dims, {x.dims}, [&](int64_t o, llvm::ArrayRef<int64_t> in) {
    copyElement(*t, o, x, in[0]);
  });
  return done(std::move(*t));
}

Evaluation Folder::transpose(const onnx::NodeProto &node, const Known &x) {
  int64_t rank = static_cast<int64_t>(x.dims.size());
  std::vector<int64_t> perm(rank);
  if (const onnx::AttributeProto *attr = findAttr(node, "perm"))
    perm.assign(attr->ints().begin(), attr->ints().end());
  else
    for (int64_t i = 0; i < rank; ++i)
      perm[i] = rank - 1 - i;
  std::vector<int64_t> sorted = perm;
  llvm::sort(sorted);
  bool isPermutation = static_cast<int64_t>(sorted.size()) == rank;
  for (int64_t i = 0; isPermutation && i < rank; ++i)
    isPermutation = sorted[i] == i;
  if (!isPermutation)
    return fail("Transpose's perm is not a permutation of the input's "
                "dimensions");
  std::vector<int64_t> dims;
  for (int64_t p : perm)
    dims.push_back(x.dims[p]);
  Known t = x;
  t.dims = dims;
  llvm::SmallVector<int64_t> inStrides = strides(x.dims);
  llvm::SmallVector<int64_t> permuted;
  for (int64_t p : perm)
    permuted.push_back(inStrides[p]);
  // Walk the output in order, following the input through its strides.
  llvm::SmallVector<int64_t> index(rank, 0);
  int64_t offset = 0;
  for (size_t o = 0; o < x.count(); ++o) {
    copyElement(t, o, x, offset);
    for (int64_t d = rank; d-- > 0;) {
      offset += permuted[d];
      if (++index[d] < dims[d])
        break;
      offset -= permuted[d] * dims[d];
      index[d] = 0;
    }
  }
  return done(std::move(t));
}

Evaluation Folder::concat(const onnx::NodeProto &node) {
  const Known *first = input(node, 0);
  int64_t rank = static_cast<int64_t>(first->dims.size());
  int64_t axis = intAttr(node, "axis", 0);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis >= rank)
    return fail("Concat axis out of range");
  std::vector<int64_t> dims = first->dims;
  dims[axis] = 0;
  for (int i = 0; i < node.input_size(); ++i) {
    const Known *part = input(node, i);
    if (!part || part->type != first->type ||
        static_cast<int64_t>(part->dims.size()) != rank)
      return notFoldable();
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis && part->dims[d] != first->dims[d])
        return fail("Concat of parts whose shapes differ off the axis");
    dims[axis] += part->dims[axis];
  }
  std::optional<Known> t = makeKnown(first->type, dims);
  if (!t)
    return notFoldable();
  // Each part contributes, per outer index, a contiguous run.
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= dims[d];
  for (int64_t d = axis + 1; d < rank; ++d)
    inner *= dims[d];
  int64_t o = 0;
  for (int64_t i = 0; i < outer; ++i)
    for (int k = 0; k < node.input_size(); ++k) {
      const Known *part = input(node, k);
      int64_t run = part->dims[axis] * inner;
      for (int64_t j = 0; j < run; ++j)
        copyElement(*t, o++, *part, i * run + j);
    }
  return done(std::move(*t));
}

Evaluation Folder::slice(const onnx::NodeProto &node, const Known &x) {
  const Known *starts = input(node, 1), *ends = input(node, 2);
  const Known *axesInput = input(node, 3), *stepsInput = input(node, 4);
  for (const Known *k : {starts, ends, axesInput, stepsInput})
    if (k && (k->isFloat() || k->dims.size() != 1))
      return notFoldable();
  if (!starts || !ends || starts->ints.size() != ends->ints.size() ||
      (axesInput && axesInput->ints.size() != starts->ints.size()) ||
      (stepsInput && stepsInput->ints.size() != starts->ints.size()))
    return notFoldable();
  int64_t rank = static_cast<int64_t>(x.dims.size());
  std::vector<int64_t> begin(rank, 0), step(rank, 1), dims = x.dims;
  std::vector<bool> seen(rank, false);
  for (size_t i = 0; i < starts->ints.size(); ++i) {
    int64_t axis = axesInput ? axesInput->ints[i] : static_cast<int64_t>(i);
    if (axis < 0)
      axis += rank;
    if (axis < 0 || axis >= rank || seen[axis])
      return fail("Slice axes are out of range or repeated");
    seen[axis] = true;
    int64_t s = stepsInput ? stepsInput->ints[i] : 1;
    if (s == 0)
      return fail("Slice step 0");
    auto [first, count] =
        resolveSliceRange(starts->ints[i], ends->ints[i], s, x.dims[axis]);
    begin[axis] = first;
    // One element needs no step (a huge one would overflow the walk below).
    step[axis] = count > 1 ? s : 1;
    dims[axis] = count;
  }
  std::optional<Known> t = makeKnown(x.type, dims);
  if (!t)
    return notFoldable();
  llvm::SmallVector<int64_t> inStrides = strides(x.dims);
  int64_t base = 0;
  for (int64_t d = 0; d < rank; ++d)
    base += begin[d] * inStrides[d];
  llvm::SmallVector<int64_t> index(rank, 0);
  int64_t offset = base;
  for (size_t o = 0; o < t->count(); ++o) {
    copyElement(*t, o, x, offset);
    for (int64_t d = rank; d-- > 0;) {
      offset += step[d] * inStrides[d];
      if (++index[d] < dims[d])
        break;
      offset -= step[d] * inStrides[d] * dims[d];
      index[d] = 0;
    }
  }
  return done(std::move(*t));
}

Evaluation Folder::gather(const onnx::NodeProto &node, const Known &x) {
  const Known *indices = input(node, 1);
  if (!indices || indices->isFloat())
    return notFoldable();
  int64_t rank = static_cast<int64_t>(x.dims.size());
  int64_t axis = intAttr(node, "axis", 0);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis >= rank)
    return fail("Gather axis out of range");
  std::vector<int64_t> dims(x.dims.begin(), x.dims.begin() + axis);
  llvm::append_range(dims, indices->dims);
  dims.insert(dims.end(), x.dims.begin() + axis + 1, x.dims.end());
  std::optional<Known> t = makeKnown(x.type, dims);
  if (!t)
    return notFoldable();
  int64_t outer = 1, inner = 1, extent = x.dims[axis];
  for (int64_t d = 0; d < axis; ++d)
    outer *= x.dims[d];
  for (int64_t d = axis + 1; d < rank; ++d)
    inner *= x.dims[d];
  int64_t o = 0;
  for (int64_t i = 0; i < outer; ++i)
    for (int64_t index : indices->ints) {
      if (index < -extent || index >= extent)
        return fail("index " + std::to_string(index) + " is out of range for " +
                    std::to_string(extent) + " values");
      if (index < 0)
        index += extent;
      for (int64_t j = 0; j < inner; ++j)
        copyElement(*t, o++, x, (i * extent + index) * inner + j);
    }
  return done(std::move(*t));
}

Evaluation Folder::range(const onnx::NodeProto &node) {
  const Known *start = input(node, 0), *limit = input(node, 1),
              *delta = input(node, 2);
  if (!start || !limit || !delta || start->count() != 1 ||
      limit->count() != 1 || delta->count() != 1 ||
      start->type != limit->type || start->type != delta->type)
    return notFoldable();
  Known t;
  t.type = start->type;
  if (t.isFloat()) {
    float s = start->floats[0], l = limit->floats[0], d = delta->floats[0];
    if (d == 0 || !std::isfinite(s) || !std::isfinite(l) || !std::isfinite(d))
      return fail("Range with a zero or non-finite bound or delta");
    double n = std::max(std::ceil((double(l) - s) / d), 0.0);
    if (n > kMaxFoldedElements)
      return notFoldable();
    for (int64_t i = 0; i < static_cast<int64_t>(n); ++i)
      t.floats.push_back(s + static_cast<float>(i) * d);
  } else if (isIntegerType(t.type)) {
    int64_t s = start->ints[0], l = limit->ints[0], d = delta->ints[0];
    if (d == 0)
      return fail("Range with delta 0");
    // ceil((limit - start) / delta) values, in unsigned arithmetic, which
    // holds the distance between any two int64 values.
    bool up = d > 0;
    uint64_t distance = up ? (l > s ? uint64_t(l) - uint64_t(s) : 0)
                           : (s > l ? uint64_t(s) - uint64_t(l) : 0);
    uint64_t magnitude = up ? uint64_t(d) : uint64_t(-(d + 1)) + 1;
    uint64_t n = distance ? (distance - 1) / magnitude + 1 : 0;
    if (n > uint64_t(kMaxFoldedElements))
      return notFoldable();
    // Every value lies between start and limit: none overflows.
    for (uint64_t i = 0; i < n; ++i)
      t.ints.push_back(int64_t(uint64_t(s) + i * uint64_t(d)));
  } else {
    return notFoldable();
  }
  t.dims = {static_cast<int64_t>(t.count())};
  return done(std::move(t));
}

/// MelWeightMatrix (opset 17) as ONNX 1.12 defines it by its reference
/// (the node test's): triangular filters between mel-spaced DFT bins, the
/// mel scale's step being its range over num_mel_bins + 2. The mel edges
/// are float32 arithmetic, the bins float64, as numpy computes them there.
Evaluation Folder::melWeightMatrix(const onnx::NodeProto &node) {
  const Known *melBins = input(node, 0), *dftLength = input(node, 1),
              *sampleRate = input(node, 2), *lower = input(node, 3),
              *upper = input(node, 4);
  if (!melBins || !dftLength || !sampleRate || !lower || !upper)
    return notFoldable();
  for (const Known *k : {melBins, dftLength, sampleRate, lower, upper})
    if (k->count() != 1)
      return fail("MelWeightMatrix's inputs must be scalars");
  if (!isIntegerType(melBins->type) || !isIntegerType(dftLength->type) ||
      !isIntegerType(sampleRate->type) || !lower->isFloat() ||
      !upper->isFloat())
    return notFoldable();
  if (intAttr(node, "output_datatype", onnx::TensorProto::FLOAT) !=
      onnx::TensorProto::FLOAT)
    return notFoldable();
  int64_t mels = melBins->ints[0], length = dftLength->ints[0],
          rate = sampleRate->ints[0];
  float low = lower->floats[0], high = upper->floats[0];
  if (mels < 1 || length < 1 || rate < 1)
    return fail("MelWeightMatrix needs num_mel_bins, dft_length and "
                "sample_rate of at least 1");
  if (!(low >= 0) || !(high > low) || !std::isfinite(high))
    return fail("MelWeightMatrix needs 0 <= lower_edge_hertz < "
                "upper_edge_hertz");
  int64_t spectrumBins = length / 2 + 1;
  std::optional<Known> t =
      makeKnown(onnx::TensorProto::FLOAT, {spectrumBins, mels});
  if (!t)
    return notFoldable();
  auto mel = [](float hz) { return 2595.0f * std::log10(1.0f + hz / 700.0f); };
  float lowMel = mel(low);
  float step = (mel(high) - lowMel) / float(mels + 2);
  std::vector<int64_t> edges;
  for (int64_t i = 0; i < mels + 2; ++i) {
    double m = double(i) * double(step) + double(lowMel);
    double hz = 700.0 * (std::pow(10.0, m / 2595.0) - 1.0);
    edges.push_back(
        int64_t(std::floor(double(length + 1) * hz / double(rate))));
  }
  // An edge beyond the spectrum (upper_edge_hertz above the Nyquist
  // frequency) has no row to write; the last is an exclusive bound.
  for (size_t i = 0; i < edges.size(); ++i)
    if (edges[i] >= spectrumBins + int64_t(i + 1 == edges.size()))
      return fail(llvm::formatv("MelWeightMatrix's upper_edge_hertz {0} lies "
                                "beyond the {1} bins of a {2}-point DFT at "
                                "{3} Hz (up to {4} Hz)",
                                high, spectrumBins, length, rate, rate / 2)
                      .str());
  auto at = [&](int64_t row, int64_t col) -> float & {
    return t->floats[size_t(row * mels + col)];
  };
  for (int64_t i = 0; i < mels; ++i) {
    int64_t left = edges[size_t(i)], center = edges[size_t(i + 1)],
            right = edges[size_t(i + 2)];
    if (center == left)
      at(center, i) = 1;
    else
      for (int64_t j = left; j <= center; ++j)
        at(j, i) = float(double(j - left) / double(center - left));
    for (int64_t j = center; j < right; ++j)
      at(j, i) = float(double(right - j) / double(right - center));
  }
  return done(std::move(*t));
}

Evaluation Folder::scatterND(const onnx::NodeProto &node, const Known &x) {
  const Known *indices = input(node, 1), *updates = input(node, 2);
  if (!indices || !updates || indices->isFloat() || updates->type != x.type ||
      indices->dims.empty())
    return notFoldable();
  std::string reduction = "none";
  if (const onnx::AttributeProto *attr = findAttr(node, "reduction"))
    reduction = attr->s();
  if (reduction != "none" && reduction != "add" && reduction != "mul" &&
      reduction != "max" && reduction != "min")
    return notFoldable();
  int64_t rank = static_cast<int64_t>(x.dims.size());
  int64_t k = indices->dims.back();
  if (k < 1 || k > rank)
    return fail("ScatterND index tuples of " + std::to_string(k) +
                " values into a rank-" + std::to_string(rank) + " tensor");
  // updates' shape: the indices' leading dims, then data's past k.
  std::vector<int64_t> expected(indices->dims.begin(), indices->dims.end() - 1);
  expected.insert(expected.end(), x.dims.begin() + k, x.dims.end());
  if (updates->dims != expected)
    return fail("ScatterND updates have the wrong shape");
  llvm::SmallVector<int64_t> dataStrides = strides(x.dims);
  int64_t slice = rank > k ? dataStrides[k - 1] : 1;
  Known t = x;
  int64_t tuples = static_cast<int64_t>(indices->ints.size()) / k;
  for (int64_t u = 0; u < tuples; ++u) {
    int64_t offset = 0;
    for (int64_t j = 0; j < k; ++j) {
      int64_t i = indices->ints[u * k + j], extent = x.dims[j];
      if (i < -extent || i >= extent)
        return fail("ScatterND index " + std::to_string(i) +
                    " is out of range for " + std::to_string(extent) +
                    " values");
      offset += (i < 0 ? i + extent : i) * dataStrides[j];
    }
    for (int64_t e = 0; e < slice; ++e) {
      int64_t to = offset + e, from = u * slice + e;
      if (reduction == "none") {
        copyElement(t, to, *updates, from);
        continue;
      }
      auto combine = [&](auto a, auto b) -> decltype(a) {
        if (reduction == "add")
          return a + b;
        if (reduction == "mul")
          return a * b;
        return reduction == "max" ? std::max(a, b) : std::min(a, b);
      };
      if (t.isFloat())
        t.floats[to] = combine(t.floats[to], updates->floats[from]);
      else
        t.ints[to] = combine(t.ints[to], updates->ints[from]);
    }
  }
  return done(std::move(t));
}

Evaluation Folder::where(const onnx::NodeProto &node, const Known &x) {
  const Known *a = input(node, 1), *b = input(node, 2);
  if (!a || !b || x.isFloat() || a->type != b->type)
    return notFoldable();
  std::optional<llvm::SmallVector<int64_t>> ab =
      broadcastShape(a->dims, b->dims);
  std::optional<llvm::SmallVector<int64_t>> dims =
      ab ? broadcastShape(x.dims, *ab) : std::nullopt;
  if (!dims)
    return fail("Where's operands do not broadcast");
  std::optional<Known> t = makeKnown(a->type, *dims);
  if (!t)
    return notFoldable();
  forEachBroadcast(*dims, {x.dims, a->dims, b->dims},
                   [&](int64_t o, llvm::ArrayRef<int64_t> in) {
                     if (x.ints[in[0]])
                       copyElement(*t, o, *a, in[1]);
                     else
                       copyElement(*t, o, *b, in[2]);
                   });
  return done(std::move(*t));
}

Evaluation Folder::trilu(const onnx::NodeProto &node, const Known &x) {
  // The upper (lower) triangle of each matrix in the last two dimensions:
  // element (i, j) stays where j - i >= k (<= k); the others are zero.
  // A causal attention mask: torch.triu(torch.full((L, L), -inf), 1).
  size_t rank = x.dims.size();
  if (rank < 2)
    return fail("Trilu's input has rank " + std::to_string(rank) +
                "; it needs at least 2");
  int64_t k = 0;
  if (const Known *diagonal = input(node, 1)) {
    if (diagonal->type != onnx::TensorProto::INT64 || diagonal->count() != 1)
      return fail("Trilu's k must be one int64");
    k = diagonal->ints[0];
  }
  bool upper = intAttr(node, "upper", 1) != 0;
  int64_t rows = x.dims[rank - 2], cols = x.dims[rank - 1];
  Known t = x;
  for (size_t e = 0; e < t.count(); ++e) {
    int64_t j = int64_t(e) % cols, i = int64_t(e) / cols % rows;
    bool kept = upper ? j - i >= k : j - i <= k;
    if (kept)
      continue;
    if (t.isFloat())
      t.floats[e] = 0.0f;
    else
      t.ints[e] = 0;
  }
  return done(std::move(t));
}

Evaluation Folder::unary(const onnx::NodeProto &node, const Known &x) {
  const std::string &op = node.op_type();
  Known t = x;
  if (op == "Not") {
    if (!x.isBool())
      return notFoldable();
    for (int64_t &v : t.ints)
      v = !v;
    return done(std::move(t));
  }
  if (x.isBool())
    return notFoldable();
  if (x.isFloat()) {
    float (*fn)(float) =
        llvm::StringSwitch<float (*)(float)>(op)
            .Case("Neg", [](float v) { return -v; })
            .Case("Abs", [](float v) { return std::fabs(v); })
            .Case("Floor", [](float v) { return std::floor(v); })
            .Case("Ceil", [](float v) { return std::ceil(v); })
            .Case("Cos", [](float v) { return std::cos(v); })
            .Case("Sin", [](float v) { return std::sin(v); })
            .Default([](float v) { return std::sqrt(v); });
    for (float &v : t.floats)
      v = fn(v);
    return done(std::move(t));
  }
  bool neg = op == "Neg";
  if (!neg && op != "Abs")
    return notFoldable();
  for (int64_t &v : t.ints) {
    if (v == std::numeric_limits<int64_t>::min())
      return fail(op + " of the smallest int64 overflows");
    v = neg ? -v : std::abs(v);
  }
  return done(std::move(t));
}

enum class BinaryOp {
  Add,
  Sub,
  Mul,
  Div,
  Mod,
  Pow,
  Equal,
  Less,
  Greater,
  LessOrEqual,
  GreaterOrEqual,
  And,
  Or,
  Xor
};

/// `a op b` of a comparison, on integers or floats alike.
template <typename T> bool compare(BinaryOp op, T a, T b) {
  switch (op) {
  case BinaryOp::Equal:
    return a == b;
  case BinaryOp::Less:
    return a < b;
  case BinaryOp::Greater:
    return a > b;
  case BinaryOp::LessOrEqual:
    return a <= b;
  default:
    return a >= b;
  }
}

/// Integer arithmetic as ONNX Runtime does it, or why not: a result outside
/// int64 (which would wrap there) is not shape arithmetic.
std::optional<int64_t> integerArithmetic(BinaryOp op, int64_t a, int64_t b,
                                         bool fmod, std::string &why) {
  int64_t r = 0;
  switch (op) {
  case BinaryOp::Add:
    if (!llvm::AddOverflow(a, b, r))
      return r;
    break;
  case BinaryOp::Sub:
    if (!llvm::SubOverflow(a, b, r))
      return r;
    break;
  case BinaryOp::Mul:
    if (!llvm::MulOverflow(a, b, r))
      return r;
    break;
  case BinaryOp::Div:
  case BinaryOp::Mod:
    if (b == 0) {
      why = std::string("integer ") +
            (op == BinaryOp::Div ? "division" : "modulo") + " by zero";
      return std::nullopt;
    }
    if (a == std::numeric_limits<int64_t>::min() && b == -1)
      break;
    if (op == BinaryOp::Div)
      // C++'s division truncates toward zero, as integer Div does in ONNX
      // Runtime; shape arithmetic divides non-negative values.
      return a / b;
    // fmod = 0: the sign of the divisor, as Python's %; 1: of the dividend.
    r = a % b;
    if (!fmod && r != 0 && ((r < 0) != (b < 0)))
      r += b;
    return r;
  default: { // Pow, of a non-negative integer exponent.
    double p = std::pow(static_cast<double>(a), static_cast<double>(b));
    if (b >= 0 && std::fabs(p) < 9.0e15)
      return static_cast<int64_t>(p);
    why = "integer Pow outside the integers";
    return std::nullopt;
  }
  }
  why = "integer arithmetic overflows int64";
  return std::nullopt;
}

Evaluation Folder::binary(const onnx::NodeProto &node, const Known &x) {
  const std::string &name = node.op_type();
  BinaryOp op = llvm::StringSwitch<BinaryOp>(name)
                    .Case("Add", BinaryOp::Add)
                    .Case("Sub", BinaryOp::Sub)
                    .Case("Mul", BinaryOp::Mul)
                    .Case("Div", BinaryOp::Div)
                    .Case("Mod", BinaryOp::Mod)
                    .Case("Pow", BinaryOp::Pow)
                    .Case("Equal", BinaryOp::Equal)
                    .Case("Less", BinaryOp::Less)
                    .Case("Greater", BinaryOp::Greater)
                    .Case("LessOrEqual", BinaryOp::LessOrEqual)
                    .Case("GreaterOrEqual", BinaryOp::GreaterOrEqual)
                    .Case("And", BinaryOp::And)
                    .Case("Or", BinaryOp::Or)
                    .Default(BinaryOp::Xor);
  const Known *y = input(node, 1);
  // ONNX requires one type on both sides, but for Pow's exponent.
  bool pow = op == BinaryOp::Pow;
  if (!y || (!pow && x.type != y->type) || (pow && (x.isBool() || y->isBool())))
    return notFoldable();
  bool comparison = op >= BinaryOp::Equal && op <= BinaryOp::GreaterOrEqual;
  bool logical = op >= BinaryOp::And;
  // Logic on bools only; arithmetic and ordering on numbers; Equal on both.
  if (logical ? !x.isBool() : (x.isBool() && op != BinaryOp::Equal))
    return notFoldable();
  std::optional<llvm::SmallVector<int64_t>> dims =
      broadcastShape(x.dims, y->dims);
  if (!dims)
    return fail(name + "'s operands do not broadcast");
  std::optional<Known> t = makeKnown(
      comparison || logical ? onnx::TensorProto::BOOL : x.type, *dims);
  if (!t)
    return notFoldable();
  bool fmod = intAttr(node, "fmod", 0) != 0;
  if (op == BinaryOp::Mod && x.isFloat() && !fmod)
    return fail("Mod of floats needs fmod = 1");
  std::string why;
  forEachBroadcast(
      *dims, {x.dims, y->dims}, [&](int64_t o, llvm::ArrayRef<int64_t> in) {
        if (!why.empty())
          return;
        if (comparison) {
          t->ints[o] = x.isFloat()
                           ? compare(op, x.floats[in[0]], y->floats[in[1]])
                           : compare(op, x.ints[in[0]], y->ints[in[1]]);
        } else if (logical) {
          bool a = x.ints[in[0]], b = y->ints[in[1]];
          t->ints[o] = op == BinaryOp::And  ? (a && b)
                       : op == BinaryOp::Or ? (a || b)
                                            : (a != b);
        } else if (x.isFloat()) {
          float a = x.floats[in[0]], b = static_cast<float>(y->at(in[1]));
          t->floats[o] = op == BinaryOp::Add   ? a + b
                         : op == BinaryOp::Sub ? a - b
                         : op == BinaryOp::Mul ? a * b
                         : op == BinaryOp::Div ? a / b
                         : op == BinaryOp::Mod ? std::fmod(a, b)
                                               : std::pow(a, b);
        } else if (y->isFloat()) {
          // An integer to a float power: computed in double and truncated,
          // as ONNX Runtime does.
          double p = std::pow(static_cast<double>(x.ints[in[0]]),
                              static_cast<double>(y->floats[in[1]]));
          if (std::fabs(p) < 9.0e15)
            t->ints[o] = static_cast<int64_t>(p);
          else
            why = "integer Pow outside the integers";
        } else if (std::optional<int64_t> r = integerArithmetic(
                       op, x.ints[in[0]], y->ints[in[1]], fmod, why)) {
          t->ints[o] = *r;
        }
      });
  if (!why.empty())
    return fail(why);
  return done(std::move(*t));
}

Evaluation Folder::evaluate(const onnx::NodeProto &node) {
  const std::string &op = node.op_type();
  if (!node.domain().empty() && node.domain() != "ai.onnx")
    return notFoldable();
  // These need the input's static shape, not its values.
  if (op == "Shape")
    return shape(node);
  if (op == "Size")
    return size(node);
  if (op == "EyeLike")
    return eyeLike(node);
  if (!allInputsKnown(node) || node.input_size() == 0 || !input(node, 0))
    return notFoldable();
  if (op == "ConstantOfShape")
    return constantOfShape(node);
  if (op == "Range")
    return range(node);
  if (op == "MelWeightMatrix")
    return melWeightMatrix(node);
  if (op == "Concat")
    return concat(node);
  const Known &x = *input(node, 0);
  if (op == "Identity")
    return done(x);
  if (op == "Cast")
    return cast(node, x);
  if (op == "Unsqueeze" || op == "Squeeze")
    return squeezeOrUnsqueeze(node, x);
  if (op == "Reshape")
    return reshape(node, x);
  if (op == "Expand")
    return expand(node, x);
  if (op == "Transpose")
    return transpose(node, x);
  if (op == "Slice")
    return slice(node, x);
  if (op == "Gather")
    return gather(node, x);
  if (op == "ScatterND")
    return scatterND(node, x);
  if (op == "Where")
    return where(node, x);
  if (op == "Trilu")
    return trilu(node, x);
  // Cos and Sin: a window function's body (HannWindow's) of a constant
  // size, which an STFT needs as a constant.
  static const llvm::StringSet<> kUnary = {"Not",  "Neg",  "Abs", "Floor",
                                           "Ceil", "Sqrt", "Cos", "Sin"};
  if (kUnary.contains(op))
    return unary(node, x);
  static const llvm::StringSet<> kBinary = {"Add",
                                            "Sub",
                                            "Mul",
                                            "Div",
                                            "Mod",
                                            "Pow",
                                            "Equal",
                                            "Less",
                                            "Greater",
                                            "LessOrEqual",
                                            "GreaterOrEqual",
                                            "And",
                                            "Or",
                                            "Xor"};
  if (kBinary.contains(op))
    return binary(node, x);
  return notFoldable();
}

/// The value a Constant node holds, if it is one this file reads.
std::optional<Known> constantValue(const onnx::NodeProto &node) {
  if (const onnx::AttributeProto *value = findAttr(node, "value"))
    return value->has_t() ? fromProto(value->t()) : std::nullopt;
  Known t;
  if (const onnx::AttributeProto *v = findAttr(node, "value_int")) {
    t.ints = {v->i()};
  } else if (const onnx::AttributeProto *vs = findAttr(node, "value_ints")) {
    t.ints.assign(vs->ints().begin(), vs->ints().end());
    t.dims = {vs->ints_size()};
  } else if (const onnx::AttributeProto *f = findAttr(node, "value_float")) {
    t.type = onnx::TensorProto::FLOAT;
    t.floats = {f->f()};
  } else if (const onnx::AttributeProto *fs = findAttr(node, "value_floats")) {
    t.type = onnx::TensorProto::FLOAT;
    t.floats.assign(fs->floats().begin(), fs->floats().end());
    t.dims = {fs->floats_size()};
  } else {
    return std::nullopt;
  }
  return t;
}

} // namespace

llvm::ArrayRef<llvm::StringLiteral> eyeriss::foldableOpTypes() {
  // Folder::evaluate's dispatch, sorted.
  static const llvm::StringLiteral types[] = {"Abs",
                                              "Add",
                                              "And",
                                              "Cast",
                                              "Ceil",
                                              "Concat",
                                              "ConstantOfShape",
                                              "Cos",
                                              "Div",
                                              "Equal",
                                              "Expand",
                                              "EyeLike",
                                              "Floor",
                                              "Gather",
                                              "Greater",
                                              "GreaterOrEqual",
                                              "Identity",
                                              "Less",
                                              "LessOrEqual",
                                              "MelWeightMatrix",
                                              "Mod",
                                              "Mul",
                                              "Neg",
                                              "Not",
                                              "Or",
                                              "Pow",
                                              "Range",
                                              "Reshape",
                                              "ScatterND",
                                              "Shape",
                                              "Sin",
                                              "Size",
                                              "Slice",
                                              "Sqrt",
                                              "Squeeze",
                                              "Sub",
                                              "Transpose",
                                              "Trilu",
                                              "Unsqueeze",
                                              "Where",
                                              "Xor"};
  return types;
}

int64_t eyeriss::clampSliceIndex(int64_t index, int64_t extent) {
  if (index < 0)
    index += extent;
  return std::clamp<int64_t>(index, 0, extent);
}

SliceRange eyeriss::resolveSliceRange(int64_t start, int64_t end, int64_t step,
                                      int64_t extent) {
  assert(step != 0 && extent >= 0 && "a step and an extent");
  if (start < 0)
    start += extent;
  if (end < 0)
    end += extent;
  // The step's magnitude, without negating INT64_MIN.
  uint64_t magnitude = step > 0 ? uint64_t(step) : uint64_t(-(step + 1)) + 1;
  int64_t span;
  if (step > 0) {
    start = std::clamp<int64_t>(start, 0, extent);
    span = std::clamp<int64_t>(end, 0, extent) - start;
  } else {
    start = std::clamp<int64_t>(start, 0, extent - 1);
    span = start - std::clamp<int64_t>(end, -1, extent - 1);
  }
  SliceRange range;
  range.first = start;
  range.count = span > 0 ? int64_t((uint64_t(span) - 1) / magnitude) + 1 : 0;
  return range;
}

ShapeFoldingResult
eyeriss::foldShapeComputations(onnx::GraphProto &graph,
                               const llvm::StringMap<onnx::TypeProto> &types) {
  ShapeFoldingResult result;
  Folder folder(types);
  for (const onnx::TensorProto &init : graph.initializer())
    if (std::optional<Known> t = fromProto(init))
      folder.known[init.name()] = std::move(*t);

  std::vector<bool> remove(graph.node_size(), false);
  std::vector<onnx::TensorProto> added;
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto &node = graph.node(i);
    if (node.op_type() == "Constant" && node.output_size() == 1) {
      if (std::optional<Known> t = constantValue(node))
        folder.known[node.output(0)] = std::move(*t);
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
    folder.known[node.output(0)] = *e.output;
    added.push_back(toProto(node.output(0), *e.output));
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
  // An If's or Loop's branches read outer values by name too.
  std::function<void(const onnx::NodeProto &)> addReads =
      [&](const onnx::NodeProto &node) {
        for (const std::string &name : node.input())
          read.insert(name);
        for (const onnx::AttributeProto &attr : node.attribute()) {
          for (const onnx::NodeProto &inner : attr.g().node())
            addReads(inner);
          for (const onnx::GraphProto &g : attr.graphs())
            for (const onnx::NodeProto &inner : g.node())
              addReads(inner);
        }
      };
  for (const onnx::NodeProto &node : graph.node())
    addReads(node);
  for (const onnx::ValueInfoProto &output : graph.output())
    read.insert(output.name());
  llvm::StringSet<> folded;
  for (onnx::TensorProto &tensor : added) {
    folded.insert(tensor.name());
    if (read.contains(tensor.name()))
      graph.add_initializer()->Swap(&tensor);
  }
  // A folded value's type is its initializer's; a value_info entry left from
  // before (an exporter's, perhaps without a shape) would override it in
  // shape inference.
  auto *infos = graph.mutable_value_info();
  infos->erase(std::remove_if(infos->begin(), infos->end(),
                              [&](const onnx::ValueInfoProto &info) {
                                return folded.contains(info.name());
                              }),
               infos->end());
  return result;
}
