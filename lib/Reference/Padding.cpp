//===- Padding.cpp - Zeros around and between spatial elements ------------===//

#include "eyeriss/Reference/Kernels.h"

#include <algorithm>
#include <cassert>

using namespace eyeriss::reference;

Tensor eyeriss::reference::pad2d(const Tensor &input, const int64_t pads[4]) {
  assert(input.rank() == 4 && "N x C x H x W input");
  assert(std::all_of(pads, pads + 4, [](int64_t p) { return p >= 0; }) &&
         "non-negative pads");
  int64_t H = input.shape[2], W = input.shape[3];
  int64_t outH = H + pads[0] + pads[2], outW = W + pads[1] + pads[3];
  Tensor result =
      Tensor::zeros({input.shape[0], input.shape[1], outH, outW});
  int64_t planes = input.shape[0] * input.shape[1];
  for (int64_t p = 0; p < planes; ++p)
    for (int64_t h = 0; h < H; ++h) {
      const float *src = input.data.data() + (p * H + h) * W;
      float *dst =
          result.data.data() + (p * outH + h + pads[0]) * outW + pads[1];
      std::copy(src, src + W, dst);
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
