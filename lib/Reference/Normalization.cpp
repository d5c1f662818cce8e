//===- Normalization.cpp - LRN, batch and layer normalization, softmax ----===//

#include "eyeriss/Reference/Kernels.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <vector>

using namespace eyeriss::reference;

Tensor eyeriss::reference::localResponseNorm(const Tensor &input, int64_t size,
                                             float alpha, float beta,
                                             float bias) {
  assert(input.rank() == 4 && size >= 1 && "NCHW LRN");
  const int64_t N = input.shape[0], C = input.shape[1];
  const int64_t planeSize = input.shape[2] * input.shape[3];
  // ONNX: channels [c - floor((size-1)/2), c + ceil((size-1)/2)], clipped.
  const int64_t before = (size - 1) / 2, after = size - 1 - before;
  const float scale = alpha / static_cast<float>(size);
  Tensor result = Tensor::zeros(input.shape);
  std::vector<float> squareSum(planeSize);
  for (int64_t n = 0; n < N; ++n) {
    const float *image = input.data.data() + n * C * planeSize;
    for (int64_t c = 0; c < C; ++c) {
      std::fill(squareSum.begin(), squareSum.end(), 0.0f);
      int64_t first = std::max<int64_t>(0, c - before);
      int64_t last = std::min<int64_t>(C - 1, c + after);
      for (int64_t cc = first; cc <= last; ++cc) {
        const float *plane = image + cc * planeSize;
        for (int64_t i = 0; i < planeSize; ++i)
          squareSum[i] += plane[i] * plane[i];
      }
      const float *x = image + c * planeSize;
      float *y = result.data.data() + (n * C + c) * planeSize;
      for (int64_t i = 0; i < planeSize; ++i)
        y[i] = x[i] / std::pow(bias + scale * squareSum[i], beta);
    }
  }
  return result;
}

Tensor eyeriss::reference::batchNorm(const Tensor &input, const Tensor &scale,
                                     const Tensor &bias, const Tensor &mean,
                                     const Tensor &variance, float epsilon) {
  assert(input.rank() == 4 && "NCHW batch norm");
  const int64_t N = input.shape[0], C = input.shape[1];
  const int64_t planeSize = input.shape[2] * input.shape[3];
  assert(scale.numElements() == C && bias.numElements() == C &&
         mean.numElements() == C && variance.numElements() == C &&
         "one parameter per channel");
  Tensor result = Tensor::zeros(input.shape);
  for (int64_t c = 0; c < C; ++c) {
    // y = x * factor + shift, with the per-channel constants in double so
    // that only the final multiply-add rounds in float.
    double factor = static_cast<double>(scale.data[c]) /
                    std::sqrt(static_cast<double>(variance.data[c]) + epsilon);
    float a = static_cast<float>(factor);
    float b = static_cast<float>(bias.data[c] - mean.data[c] * factor);
    for (int64_t n = 0; n < N; ++n) {
      const float *x = input.data.data() + (n * C + c) * planeSize;
      float *y = result.data.data() + (n * C + c) * planeSize;
      for (int64_t i = 0; i < planeSize; ++i)
        y[i] = x[i] * a + b;
    }
  }
  return result;
}

Tensor eyeriss::reference::softmax(const Tensor &input, int64_t axis) {
  assert(axis >= 0 && axis < input.rank() && "axis in range");
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= input.shape[d];
  for (int64_t d = axis + 1; d < input.rank(); ++d)
    inner *= input.shape[d];
  const int64_t extent = input.shape[axis];
  Tensor result = Tensor::zeros(input.shape);
  // An empty axis has no maximum to start from (and nothing to normalize).
  if (extent == 0)
    return result;
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      const float *x = input.data.data() + o * extent * inner + i;
      float *y = result.data.data() + o * extent * inner + i;
      float max = x[0];
      for (int64_t k = 1; k < extent; ++k)
        max = std::max(max, x[k * inner]);
      double sum = 0.0;
      for (int64_t k = 0; k < extent; ++k) {
        y[k * inner] = std::exp(x[k * inner] - max);
        sum += y[k * inner];
      }
      for (int64_t k = 0; k < extent; ++k)
        y[k * inner] = static_cast<float>(y[k * inner] / sum);
    }
  }
  return result;
}

Tensor eyeriss::reference::layerNorm(const Tensor &input, const Tensor &scale,
                                     const Tensor &bias, int64_t axis,
                                     float epsilon) {
  assert(axis >= 0 && axis < input.rank() && "axis in range");
  const int64_t inner = Tensor::numElements(
      llvm::ArrayRef<int64_t>(input.shape).drop_front(axis));
  assert(int64_t(scale.data.size()) == inner &&
         int64_t(bias.data.size()) == inner && "parameters per element");
  const int64_t outer = inner ? int64_t(input.data.size()) / inner : 0;
  Tensor result = Tensor::zeros(input.shape);
  for (int64_t o = 0; o < outer; ++o) {
    const float *x = input.data.data() + o * inner;
    float *y = result.data.data() + o * inner;
    // Two passes in double: the mean first, then the variance around it
    // (no cancellation when the mean is large against the spread).
    double sum = 0;
    for (int64_t i = 0; i < inner; ++i)
      sum += x[i];
    double mean = sum / double(inner);
    double squares = 0;
    for (int64_t i = 0; i < inner; ++i)
      squares += (x[i] - mean) * (x[i] - mean);
    double invStd = 1.0 / std::sqrt(squares / double(inner) + double(epsilon));
    for (int64_t i = 0; i < inner; ++i)
      y[i] = float((x[i] - mean) * invStd) * scale.data[i] + bias.data[i];
  }
  return result;
}
