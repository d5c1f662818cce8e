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
    if (!std::isfinite(x) || std::trunc(x) != x)
      return llvm::createStringError(
          "element %zu of the indices is %g, not a whole number", i, double(x));
    if (!(x >= -float(extent) && x < float(extent)))
      return llvm::createStringError("index %.0f (element %zu of the indices) "
                                     "is out of range for extent %lld",
                                     double(x), i, (long long)extent);
    rows[i] = x < 0 ? int64_t(x) + extent : int64_t(x);
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
