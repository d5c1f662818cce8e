//===- Pooling.cpp - Max, average and global average pooling --------------===//
//
// The window of output o along a dimension covers
// [o * stride - padBegin, + kernel), clipped to the input for the values.
// For the count_include_pad divisor it is clipped to the end of the end pad
// only: a ceil-mode window can reach past the end pad, ONNX's text does not
// say whether those positions count, and PyTorch (which exported the models
// we check against) does not count them.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Reference/Kernels.h"
#include "eyeriss/Workload/LayerShape.h"

#include <algorithm>
#include <cassert>
#include <limits>
#include <optional>

using namespace eyeriss;
using namespace eyeriss::reference;

namespace {
/// One dimension of a window: the part inside the input, and the extent the
/// count_include_pad divisor counts.
struct WindowSpan {
  int64_t begin, end; // Inside the input: [begin, end).
  int64_t padded;     // Positions inside the input or the pads.
};
} // namespace

/// The window of output `out` along a dimension of extent `in`.
static WindowSpan windowSpan(int64_t out, int64_t in, int64_t kernel,
                             int64_t stride, int64_t padBegin,
                             int64_t padEnd) {
  int64_t start = out * stride - padBegin;
  int64_t stop = std::min(start + kernel, in + padEnd);
  return {std::max<int64_t>(start, 0), std::min(stop, in), stop - start};
}

/// Pools every plane of an NCHW input: `visit` gets one input plane, its
/// width and a window's spans, and returns that window's output.
template <typename Fn>
static Tensor pool2d(const Tensor &input, const Pool2DParams &params,
                     Fn visit) {
  assert(input.rank() == 4 && "NCHW pooling");
  const int64_t N = input.shape[0], C = input.shape[1], H = input.shape[2],
                W = input.shape[3];
  std::optional<int64_t> E = slidingWindowOutputSize(
      H, params.kernel[0], params.strides[0], params.pads[0], params.pads[2],
      /*dilation=*/1, params.ceilMode);
  std::optional<int64_t> F = slidingWindowOutputSize(
      W, params.kernel[1], params.strides[1], params.pads[1], params.pads[3],
      /*dilation=*/1, params.ceilMode);
  assert(E && F && "the window fits the padded input");
  Tensor result = Tensor::zeros({N, C, *E, *F});
  for (int64_t plane = 0; plane < N * C; ++plane) {
    const float *in = input.data.data() + plane * H * W;
    float *out = result.data.data() + plane * *E * *F;
    for (int64_t e = 0; e < *E; ++e) {
      WindowSpan rows = windowSpan(e, H, params.kernel[0], params.strides[0],
                                   params.pads[0], params.pads[2]);
      for (int64_t f = 0; f < *F; ++f) {
        WindowSpan cols =
            windowSpan(f, W, params.kernel[1], params.strides[1],
                       params.pads[1], params.pads[3]);
        out[e * *F + f] = visit(in, W, rows, cols);
      }
    }
  }
  return result;
}

Tensor eyeriss::reference::maxPool2d(const Tensor &input,
                                     const Pool2DParams &params) {
  return pool2d(input, params,
                [](const float *in, int64_t W, WindowSpan rows,
                   WindowSpan cols) {
                  // The verifier keeps every window overlapping the input,
                  // so -inf never survives.
                  float best = -std::numeric_limits<float>::infinity();
                  for (int64_t h = rows.begin; h < rows.end; ++h)
                    for (int64_t w = cols.begin; w < cols.end; ++w)
                      best = std::max(best, in[h * W + w]);
                  return best;
                });
}

Tensor eyeriss::reference::avgPool2d(const Tensor &input,
                                     const Pool2DParams &params,
                                     bool countIncludePad) {
  return pool2d(input, params,
                [countIncludePad](const float *in, int64_t W,
                                  WindowSpan rows, WindowSpan cols) {
                  float sum = 0.0f;
                  for (int64_t h = rows.begin; h < rows.end; ++h)
                    for (int64_t w = cols.begin; w < cols.end; ++w)
                      sum += in[h * W + w];
                  int64_t count =
                      countIncludePad
                          ? rows.padded * cols.padded
                          : (rows.end - rows.begin) * (cols.end - cols.begin);
                  return sum / static_cast<float>(count);
                });
}

Tensor eyeriss::reference::globalAvgPool(const Tensor &input) {
  assert(input.rank() == 4 && "NCHW pooling");
  const int64_t planes = input.shape[0] * input.shape[1];
  const int64_t size = input.shape[2] * input.shape[3];
  Tensor result = Tensor::zeros({input.shape[0], input.shape[1], 1, 1});
  // A double sum: planes are up to 56 x 56 here, and the cost is nothing
  // beside the convolutions.
  for (int64_t plane = 0; plane < planes; ++plane) {
    double sum = 0.0;
    for (int64_t i = 0; i < size; ++i)
      sum += input.data[plane * size + i];
    result.data[plane] = static_cast<float>(sum / static_cast<double>(size));
  }
  return result;
}
