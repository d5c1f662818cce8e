//===- Layout.cpp - Slices, transposes and channel shuffles ---------------===//

#include "eyeriss/Reference/Kernels.h"

#include "llvm/ADT/SmallVector.h"

#include <algorithm>
#include <cassert>
#include <cmath>

using namespace eyeriss::reference;

Tensor eyeriss::reference::slice(const Tensor &input, int64_t axis,
                                 int64_t start, int64_t step, int64_t count) {
  assert(axis >= 0 && axis < input.rank() && "axis in range");
  assert(step != 0 && count >= 1 && start >= 0 && start < input.shape[axis] &&
         start + (count - 1) * step >= 0 &&
         start + (count - 1) * step < input.shape[axis] && "range in bounds");
  // Row-major: `outer` blocks of (extent x inner) values, each cut the same.
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= input.shape[d];
  for (int64_t d = axis + 1; d < input.rank(); ++d)
    inner *= input.shape[d];
  llvm::SmallVector<int64_t> shape(input.shape);
  shape[axis] = count;
  Tensor result = Tensor::zeros(shape);
  int64_t extent = input.shape[axis];
  float *dst = result.data.data();
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < count; ++i) {
      const float *src =
          input.data.data() + (o * extent + start + i * step) * inner;
      dst = std::copy(src, src + inner, dst);
    }
  return result;
}

/// Index `x` (element `position` of the indices) as a position in an axis of
/// `extent` entries: a whole number, negative ones counting from the end.
static llvm::Expected<int64_t> resolveIndex(float x, size_t position,
                                            int64_t extent) {
  if (!std::isfinite(x) || std::trunc(x) != x)
    return llvm::createStringError(
        "element %zu of the indices is %g, not a whole number", position,
        double(x));
  if (!(x >= -float(extent) && x < float(extent)))
    return llvm::createStringError("index %.0f (element %zu of the indices) "
                                   "is out of range for extent %lld",
                                   double(x), position, (long long)extent);
  return x < 0 ? int64_t(x) + extent : int64_t(x);
}

/// Row-major strides of `shape`.
static llvm::SmallVector<int64_t> stridesOf(llvm::ArrayRef<int64_t> shape) {
  llvm::SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t d = int64_t(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

llvm::Expected<Tensor> eyeriss::reference::gather(const Tensor &data,
                                                  const Tensor &indices,
                                                  int64_t axis) {
  assert(axis >= 0 && axis < data.rank() && "axis in range");
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= data.shape[d];
  for (int64_t d = axis + 1; d < data.rank(); ++d)
    inner *= data.shape[d];
  int64_t extent = data.shape[axis];
  // Resolve every index first: a bad one fails the op before any work.
  std::vector<int64_t> rows(indices.data.size());
  for (auto [i, x] : llvm::enumerate(indices.data)) {
    llvm::Expected<int64_t> row = resolveIndex(x, i, extent);
    if (!row)
      return row.takeError();
    rows[i] = *row;
  }
  llvm::SmallVector<int64_t> shape(data.shape.begin(),
                                   data.shape.begin() + axis);
  shape.append(indices.shape.begin(), indices.shape.end());
  shape.append(data.shape.begin() + axis + 1, data.shape.end());
  Tensor result = Tensor::zeros(shape);
  float *dst = result.data.data();
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t row : rows) {
      const float *src = data.data.data() + (o * extent + row) * inner;
      dst = std::copy(src, src + inner, dst);
    }
  return result;
}

/// The data offset of each element of `indices` (of data's rank): its own
/// position with the index it holds along `axis`, in row-major order of the
/// indices. GatherElements and ScatterElements address data this way.
static llvm::Expected<std::vector<int64_t>>
elementOffsets(const Tensor &data, const Tensor &indices, int64_t axis) {
  assert(axis >= 0 && axis < data.rank() && indices.rank() == data.rank() &&
         "one rank, axis in range");
  llvm::SmallVector<int64_t> strides = stridesOf(data.shape);
  std::vector<int64_t> offsets(indices.data.size());
  llvm::SmallVector<int64_t> position(indices.rank(), 0);
  int64_t base = 0; // the offset of `position` with 0 along the axis
  for (size_t i = 0; i < indices.data.size(); ++i) {
    llvm::Expected<int64_t> at =
        resolveIndex(indices.data[i], i, data.shape[axis]);
    if (!at)
      return at.takeError();
    offsets[i] = base + *at * strides[axis];
    // Next position (odometer); the axis does not move the base.
    for (int64_t d = indices.rank() - 1; d >= 0; --d) {
      if (d != axis)
        base += strides[d];
      if (++position[d] < indices.shape[d])
        break;
      if (d != axis)
        base -= strides[d] * indices.shape[d];
      position[d] = 0;
    }
  }
  return offsets;
}

llvm::Expected<Tensor> eyeriss::reference::gatherElements(const Tensor &data,
                                                          const Tensor &indices,
                                                          int64_t axis) {
  llvm::Expected<std::vector<int64_t>> offsets =
      elementOffsets(data, indices, axis);
  if (!offsets)
    return offsets.takeError();
  Tensor result = Tensor::zeros(indices.shape);
  for (size_t i = 0; i < offsets->size(); ++i)
    result.data[i] = data.data[(*offsets)[i]];
  return result;
}

/// `element` combined with `update` by `reduction`.
static void combine(float &element, float update, ScatterReduction reduction) {
  switch (reduction) {
  case ScatterReduction::None:
    element = update;
    break;
  case ScatterReduction::Add:
    element += update;
    break;
  case ScatterReduction::Mul:
    element *= update;
    break;
  }
}

llvm::Expected<Tensor>
eyeriss::reference::scatterElements(const Tensor &data, const Tensor &indices,
                                    const Tensor &updates, int64_t axis,
                                    ScatterReduction reduction) {
  assert(updates.shape == indices.shape && "updates shaped as the indices");
  llvm::Expected<std::vector<int64_t>> offsets =
      elementOffsets(data, indices, axis);
  if (!offsets)
    return offsets.takeError();
  Tensor result = data;
  for (size_t i = 0; i < offsets->size(); ++i)
    combine(result.data[(*offsets)[i]], updates.data[i], reduction);
  return result;
}

llvm::Expected<Tensor>
eyeriss::reference::scatterND(const Tensor &data, const Tensor &indices,
                              const Tensor &updates,
                              ScatterReduction reduction) {
  int64_t k = indices.shape.back();
  assert(k >= 1 && k <= data.rank() && "k fits the data");
  int64_t slice = 1;
  for (int64_t d = k; d < data.rank(); ++d)
    slice *= data.shape[d];
  llvm::SmallVector<int64_t> strides = stridesOf(data.shape);
  int64_t rows = int64_t(indices.data.size()) / k;
  assert(int64_t(updates.data.size()) == rows * slice &&
         "updates: a slice per index row");
  // Resolve every row first: a bad index fails the op before any write.
  std::vector<int64_t> offsets(rows, 0);
  for (int64_t row = 0; row < rows; ++row)
    for (int64_t j = 0; j < k; ++j) {
      size_t position = size_t(row * k + j);
      llvm::Expected<int64_t> at =
          resolveIndex(indices.data[position], position, data.shape[j]);
      if (!at)
        return at.takeError();
      offsets[row] += *at * strides[j];
    }
  Tensor result = data;
  for (int64_t row = 0; row < rows; ++row)
    for (int64_t i = 0; i < slice; ++i)
      combine(result.data[offsets[row] + i], updates.data[row * slice + i],
              reduction);
  return result;
}

llvm::Expected<Tensor> eyeriss::reference::gatherND(const Tensor &data,
                                                    const Tensor &indices,
                                                    int64_t batchDims) {
  assert(batchDims >= 0 && batchDims < indices.rank() &&
         batchDims < data.rank() && "batch_dims below both ranks");
  int64_t k = indices.shape.back();
  assert(k >= 1 && k <= data.rank() - batchDims && "k fits the data");
  int64_t batches = 1, slice = 1;
  for (int64_t d = 0; d < batchDims; ++d) {
    assert(data.shape[d] == indices.shape[d] && "batch dimensions agree");
    batches *= data.shape[d];
  }
  for (int64_t d = batchDims + k; d < data.rank(); ++d)
    slice *= data.shape[d];
  llvm::SmallVector<int64_t> strides = stridesOf(data.shape);
  // Each batch holds `rowsPerBatch` index rows and one data block.
  int64_t rows = int64_t(indices.data.size()) / k;
  int64_t rowsPerBatch = std::max<int64_t>(rows / batches, 1);
  int64_t batchBlock = batchDims ? strides[batchDims - 1] : 0;
  llvm::SmallVector<int64_t> shape(indices.shape.begin(),
                                   indices.shape.end() - 1);
  shape.append(data.shape.begin() + batchDims + k, data.shape.end());
  Tensor result = Tensor::zeros(shape);
  float *dst = result.data.data();
  for (int64_t row = 0; row < rows; ++row) {
    int64_t offset = (row / rowsPerBatch) * batchBlock;
    for (int64_t j = 0; j < k; ++j) {
      size_t position = size_t(row * k + j);
      llvm::Expected<int64_t> at = resolveIndex(
          indices.data[position], position, data.shape[batchDims + j]);
      if (!at)
        return at.takeError();
      offset += *at * strides[batchDims + j];
    }
    const float *src = data.data.data() + offset;
    dst = std::copy(src, src + slice, dst);
  }
  return result;
}

Tensor eyeriss::reference::topK(const Tensor &input, int64_t axis, int64_t k,
                                bool smallest, bool wantIndices) {
  assert(axis >= 0 && axis < input.rank() && k >= 1 && k <= input.shape[axis] &&
         "axis in range, 1 <= k <= extent");
  int64_t extent = input.shape[axis], outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= input.shape[d];
  for (int64_t d = axis + 1; d < input.rank(); ++d)
    inner *= input.shape[d];
  llvm::SmallVector<int64_t> shape(input.shape);
  shape[axis] = k;
  Tensor result = Tensor::zeros(shape);
  std::vector<int64_t> order(extent);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      auto at = [&](int64_t j) {
        return input.data[size_t((o * extent + j) * inner + i)];
      };
      // Whether element a comes before b: a NaN is the largest value, and
      // ties keep the lower index first (stable order of the positions).
      auto before = [&](int64_t a, int64_t b) {
        float x = at(a), y = at(b);
        bool xNaN = std::isnan(x), yNaN = std::isnan(y);
        if (xNaN || yNaN)
          return smallest ? !xNaN && yNaN : xNaN && !yNaN;
        return smallest ? x < y : x > y;
      };
      for (int64_t j = 0; j < extent; ++j)
        order[j] = j;
      std::stable_sort(order.begin(), order.end(), before);
      for (int64_t j = 0; j < k; ++j)
        result.data[size_t((o * k + j) * inner + i)] =
            wantIndices ? float(order[j]) : at(order[j]);
    }
  return result;
}

Tensor eyeriss::reference::transpose(const Tensor &input,
                                     llvm::ArrayRef<int64_t> perm) {
  int64_t rank = input.rank();
  assert(static_cast<int64_t>(perm.size()) == rank && "one entry per dim");
  llvm::SmallVector<int64_t> shape, inputStrides(rank, 1);
  for (int64_t d = rank - 2; d >= 0; --d)
    inputStrides[d] = inputStrides[d + 1] * input.shape[d + 1];
  // The input stride of each result dimension, walked as an odometer.
  llvm::SmallVector<int64_t> strides;
  for (int64_t p : perm) {
    shape.push_back(input.shape[p]);
    strides.push_back(inputStrides[p]);
  }
  Tensor result = Tensor::zeros(shape);
  llvm::SmallVector<int64_t> index(rank, 0);
  int64_t from = 0;
  for (float &value : result.data) {
    value = input.data[from];
    for (int64_t d = rank - 1; d >= 0; --d) {
      from += strides[d];
      if (++index[d] < shape[d])
        break;
      from -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
  return result;
}

Tensor eyeriss::reference::channelShuffle(const Tensor &input,
                                          int64_t groups) {
  assert(input.rank() == 4 && groups >= 1 && input.shape[1] % groups == 0 &&
         "N x C x H x W input, groups divides C");
  int64_t C = input.shape[1], perGroup = C / groups;
  int64_t plane = input.shape[2] * input.shape[3];
  Tensor result = Tensor::zeros(input.shape);
  for (int64_t n = 0; n < input.shape[0]; ++n)
    for (int64_t i = 0; i < groups; ++i)
      for (int64_t j = 0; j < perGroup; ++j) {
        const float *src =
            input.data.data() + (n * C + i * perGroup + j) * plane;
        std::copy(src, src + plane,
                  result.data.data() + (n * C + j * groups + i) * plane);
      }
  return result;
}
