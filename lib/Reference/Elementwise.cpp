//===- Elementwise.cpp - Activations, addition and concatenation ----------===//

#include "eyeriss/Reference/Kernels.h"

#include <algorithm>
#include <cassert>

using namespace eyeriss::reference;

void eyeriss::reference::clampInPlace(Tensor &tensor, float lo, float hi) {
  // std::max(x, lo) is `x < lo ? lo : x`, so NaN fails both comparisons and
  // passes through, as in PyTorch's relu and clamp; the loop compiles to
  // branch-free SIMD max/min.
  for (float &x : tensor.data)
    x = std::min(std::max(x, lo), hi);
}

Tensor eyeriss::reference::add(const Tensor &lhs, const Tensor &rhs) {
  assert(lhs.shape == rhs.shape && "operands of one shape");
  Tensor result = Tensor::zeros(lhs.shape);
  for (size_t i = 0, e = lhs.data.size(); i < e; ++i)
    result.data[i] = lhs.data[i] + rhs.data[i];
  return result;
}

Tensor eyeriss::reference::concat(llvm::ArrayRef<Tensor> inputs,
                                  int64_t axis) {
  assert(!inputs.empty() && axis >= 0 && axis < inputs[0].rank() &&
         "axis in range");
  llvm::SmallVector<int64_t> shape = inputs[0].shape;
  shape[axis] = 0;
  for (const Tensor &input : inputs)
    shape[axis] += input.shape[axis];
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  Tensor result = Tensor::zeros(shape);
  // Row-major order: for each index before the axis, every input
  // contributes one contiguous chunk in turn.
  float *out = result.data.data();
  for (int64_t o = 0; o < outer; ++o) {
    for (const Tensor &input : inputs) {
      int64_t chunk = Tensor::numElements(
          llvm::ArrayRef<int64_t>(input.shape).drop_front(axis));
      const float *begin = input.data.data() + o * chunk;
      out = std::copy(begin, begin + chunk, out);
    }
  }
  return result;
}
