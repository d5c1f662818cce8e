//===- Elementwise.cpp - Activations, sums, products, concatenation -------===//

#include "eyeriss/Reference/Kernels.h"
#include "eyeriss/Workload/Broadcast.h"

#include <algorithm>
#include <cassert>
#include <cmath>

using namespace eyeriss::reference;

void eyeriss::reference::clampInPlace(Tensor &tensor, float lo, float hi) {
  // std::max(x, lo) is `x < lo ? lo : x`, so NaN fails both comparisons and
  // passes through, as in PyTorch's relu and clamp; the loop compiles to
  // branch-free SIMD max/min.
  for (float &x : tensor.data)
    x = std::min(std::max(x, lo), hi);
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

/// `op` of each pair of elements, the operands broadcast (numpy rules).
template <typename BinaryOp>
static Tensor broadcastBinary(const Tensor &lhs, const Tensor &rhs,
                              BinaryOp op) {
  std::optional<llvm::SmallVector<int64_t>> shape =
      eyeriss::broadcastShape(lhs.shape, rhs.shape);
  assert(shape && "shapes that broadcast");
  Tensor result = Tensor::zeros(*shape);
  size_t rank = shape->size();
  if (lhs.shape == rhs.shape) {
    for (size_t i = 0, e = lhs.data.size(); i < e; ++i)
      result.data[i] = op(lhs.data[i], rhs.data[i]);
    return result;
  }
  llvm::SmallVector<int64_t> ls = eyeriss::broadcastStrides(lhs.shape, rank);
  llvm::SmallVector<int64_t> rs = eyeriss::broadcastStrides(rhs.shape, rank);
  // An odometer over the result's indices, carrying both operands' offsets.
  llvm::SmallVector<int64_t> index(rank, 0);
  int64_t l = 0, r = 0;
  for (float &out : result.data) {
    out = op(lhs.data[l], rhs.data[r]);
    for (size_t d = rank; d-- > 0;) {
      l += ls[d];
      r += rs[d];
      if (++index[d] < (*shape)[d])
        break;
      l -= ls[d] * index[d];
      r -= rs[d] * index[d];
      index[d] = 0;
    }
  }
  return result;
}

Tensor eyeriss::reference::add(const Tensor &lhs, const Tensor &rhs) {
  return broadcastBinary(lhs, rhs, [](float a, float b) { return a + b; });
}

Tensor eyeriss::reference::mul(const Tensor &lhs, const Tensor &rhs) {
  return broadcastBinary(lhs, rhs, [](float a, float b) { return a * b; });
}

Tensor eyeriss::reference::erf(const Tensor &input) {
  Tensor result = input;
  for (float &x : result.data)
    x = std::erf(x);
  return result;
}

Tensor eyeriss::reference::sigmoid(const Tensor &input) {
  Tensor result = input;
  // exp of a non-positive argument only: no overflow, and the tails keep
  // their relative precision.
  for (float &x : result.data) {
    if (x >= 0) {
      x = 1.0f / (1.0f + std::exp(-x));
    } else {
      float e = std::exp(x);
      x = e / (1.0f + e);
    }
  }
  return result;
}

Tensor eyeriss::reference::hardSigmoid(const Tensor &input, float alpha,
                                       float beta) {
  Tensor result = input;
  for (float &x : result.data)
    x = std::min(std::max(alpha * x + beta, 0.0f), 1.0f);
  return result;
}
