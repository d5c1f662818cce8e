//===- Padding.cpp - Zeros around and between spatial elements ------------===//

#include "eyeriss/Reference/Kernels.h"

#include <algorithm>
#include <cassert>

using namespace eyeriss::reference;

/// The input index that output index `i` (of a dimension padded by
/// `before`) reads, or -1 for the constant.
static int64_t sourceIndex(int64_t i, int64_t before, int64_t extent,
                           PadMode mode) {
  int64_t x = i - before;
  if (x >= 0 && x < extent)
    return x;
  switch (mode) {
  case PadMode::Constant:
    return -1;
  case PadMode::Edge:
    return x < 0 ? 0 : extent - 1;
  case PadMode::Reflect:
    // One reflection: the verifiers keep pads below the extent.
    return x < 0 ? -x : 2 * (extent - 1) - x;
  }
  return -1;
}

Tensor eyeriss::reference::pad2d(const Tensor &input, const int64_t pads[4],
                                 PadMode mode, float value) {
  assert(input.rank() == 4 && "N x C x H x W input");
  assert(std::all_of(pads, pads + 4, [](int64_t p) { return p >= 0; }) &&
         "non-negative pads");
  int64_t H = input.shape[2], W = input.shape[3];
  assert((mode != PadMode::Reflect ||
          (pads[0] < H && pads[2] < H && pads[1] < W && pads[3] < W)) &&
         "reflect pads below the extent");
  int64_t outH = H + pads[0] + pads[2], outW = W + pads[1] + pads[3];
  Tensor result =
      Tensor::zeros({input.shape[0], input.shape[1], outH, outW});
  std::vector<int64_t> cols(outW);
  for (int64_t w = 0; w < outW; ++w)
    cols[w] = sourceIndex(w, pads[1], W, mode);
  int64_t planes = input.shape[0] * input.shape[1];
  for (int64_t p = 0; p < planes; ++p)
    for (int64_t h = 0; h < outH; ++h) {
      int64_t row = sourceIndex(h, pads[0], H, mode);
      float *dst = result.data.data() + (p * outH + h) * outW;
      const float *src =
          row < 0 ? nullptr : input.data.data() + (p * H + row) * W;
      for (int64_t w = 0; w < outW; ++w)
        dst[w] = src && cols[w] >= 0 ? src[cols[w]] : value;
    }
  return result;
}

Tensor eyeriss::reference::insertZeros(const Tensor &input, int64_t fh,
                                       int64_t fw) {
  assert(input.rank() == 4 && fh >= 1 && fw >= 1 && "N x C x H x W, factors");
  int64_t H = input.shape[2], W = input.shape[3];
  int64_t outH = (H - 1) * fh + 1, outW = (W - 1) * fw + 1;
  Tensor result =
      Tensor::zeros({input.shape[0], input.shape[1], outH, outW});
  int64_t planes = input.shape[0] * input.shape[1];
  for (int64_t p = 0; p < planes; ++p)
    for (int64_t h = 0; h < H; ++h) {
      const float *src = input.data.data() + (p * H + h) * W;
      float *dst = result.data.data() + (p * outH + h * fh) * outW;
      for (int64_t w = 0; w < W; ++w)
        dst[w * fw] = src[w];
    }
  return result;
}
