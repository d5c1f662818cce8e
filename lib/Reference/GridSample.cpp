//===- GridSample.cpp - Sampling an image at computed coordinates ---------===//
//
// ONNX GridSample (opset 16), as PyTorch's grid_sample computes it on the
// CPU (aten/src/ATen/native/GridSampler.h): the exporter's reference and
// ONNX's test data both come from there, so the coordinate arithmetic
// follows it step by step.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Reference/Kernels.h"

#include <cassert>
#include <cmath>

using namespace eyeriss::reference;

namespace {
/// A normalized coordinate in [-1, 1] as a pixel coordinate of an axis of
/// `size` pixels: the centres of the corner pixels (`alignCorners`) or
/// their outer edges are -1 and 1.
float unnormalize(float coord, int64_t size, bool alignCorners) {
  return alignCorners ? (coord + 1) / 2 * float(size - 1)
                      : ((coord + 1) * float(size) - 1) / 2;
}

float clip(float coord, int64_t size) {
  return std::min(float(size - 1), std::max(coord, 0.0f));
}

/// `coord` reflected into [twiceLow / 2, twiceHigh / 2] by the borders, as
/// often as it takes.
float reflect(float coord, int64_t twiceLow, int64_t twiceHigh) {
  if (twiceLow == twiceHigh)
    return 0;
  float low = float(twiceLow) / 2, span = float(twiceHigh - twiceLow) / 2;
  coord = std::fabs(coord - low);
  float extra = std::fmod(coord, span);
  int flips = int(std::floor(coord / span));
  return flips % 2 == 0 ? extra + low : span - extra + low;
}

/// A pixel coordinate brought inside the axis as the padding mode says
/// (zeros: left as it is; reads outside give 0).
float pad(float coord, int64_t size, GridSamplePadding padding,
          bool alignCorners) {
  if (padding == GridSamplePadding::Border)
    return clip(coord, size);
  if (padding == GridSamplePadding::Reflection)
    return clip(alignCorners ? reflect(coord, 0, 2 * (size - 1))
                             : reflect(coord, -1, 2 * size - 1),
                size);
  return coord;
}

/// The cubic convolution weights (A = -0.75) of the four taps around a
/// point at fraction `t` past the second.
void cubicWeights(float t, float weights[4]) {
  constexpr float A = -0.75f;
  auto near = [&](float x) { return ((A + 2) * x - (A + 3)) * x * x + 1; };
  auto far = [&](float x) { return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A; };
  weights[0] = far(t + 1);
  weights[1] = near(t);
  weights[2] = near(1 - t);
  weights[3] = far(2 - t);
}
} // namespace

Tensor eyeriss::reference::gridSample(const Tensor &input, const Tensor &grid,
                                      GridSampleMode mode,
                                      GridSamplePadding padding,
                                      bool alignCorners) {
  assert(input.rank() == 4 && grid.rank() == 4 && grid.shape[3] == 2 &&
         grid.shape[0] == input.shape[0] && "N x C x H x W, N x Ho x Wo x 2");
  int64_t N = input.shape[0], C = input.shape[1], H = input.shape[2],
          W = input.shape[3], Ho = grid.shape[1], Wo = grid.shape[2];
  Tensor result = Tensor::zeros({N, C, Ho, Wo});
  for (int64_t n = 0; n < N; ++n)
    for (int64_t h = 0; h < Ho; ++h)
      for (int64_t w = 0; w < Wo; ++w) {
        const float *g = &grid.data[size_t(((n * Ho + h) * Wo + w) * 2)];
        float x = unnormalize(g[0], W, alignCorners);
        float y = unnormalize(g[1], H, alignCorners);
        // Plane c of image n at integer pixel (px, py), 0 outside.
        auto at = [&](int64_t c, int64_t px, int64_t py) {
          if (px < 0 || px >= W || py < 0 || py >= H)
            return 0.0f;
          return input.data[size_t(((n * C + c) * H + py) * W + px)];
        };
        float *out = &result.data[size_t((n * C * Ho + h) * Wo + w)];
        size_t plane = size_t(Ho * Wo);
        if (mode == GridSampleMode::Bicubic) {
          // The taps are padded one by one; the point itself is not.
          float x0 = std::floor(x), y0 = std::floor(y);
          float wx[4], wy[4];
          cubicWeights(x - x0, wx);
          cubicWeights(y - y0, wy);
          for (int64_t c = 0; c < C; ++c) {
            float sum = 0;
            for (int j = 0; j < 4; ++j) {
              float row = 0;
              for (int i = 0; i < 4; ++i) {
                float px = pad(x0 - 1 + float(i), W, padding, alignCorners);
                float py = pad(y0 - 1 + float(j), H, padding, alignCorners);
                row += at(c, int64_t(px), int64_t(py)) * wx[i];
              }
              sum += row * wy[j];
            }
            out[size_t(c) * plane] = sum;
          }
          continue;
        }
        x = pad(x, W, padding, alignCorners);
        y = pad(y, H, padding, alignCorners);
        if (mode == GridSampleMode::Nearest) {
          // Half to even, as std::nearbyint in the default rounding mode.
          int64_t px = int64_t(std::nearbyint(x)),
                  py = int64_t(std::nearbyint(y));
          for (int64_t c = 0; c < C; ++c)
            out[size_t(c) * plane] = at(c, px, py);
          continue;
        }
        float x0 = std::floor(x), y0 = std::floor(y);
        float fx = x - x0, fy = y - y0;
        int64_t ix = int64_t(x0), iy = int64_t(y0);
        for (int64_t c = 0; c < C; ++c)
          out[size_t(c) * plane] = at(c, ix, iy) * (1 - fx) * (1 - fy) +
                                   at(c, ix + 1, iy) * fx * (1 - fy) +
                                   at(c, ix, iy + 1) * (1 - fx) * fy +
                                   at(c, ix + 1, iy + 1) * fx * fy;
      }
  return result;
}
