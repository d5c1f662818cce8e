//===- Convolution.cpp - CONV layers --------------------------------------===//
//
// Each (image, group) is one matrix product: the group's filters as an
// Mg x (Cg*R*S) matrix, read in place, times the im2col matrix of the
// image, (Cg*R*S) x (E*F), which is never built whole: the packing callback
// gathers one block of it at a time straight from the input, writing zeros
// for padded positions, so no bounds check is left in the inner loop.
//
//===----------------------------------------------------------------------===//

#include "MatMul.h"

#include "eyeriss/Reference/Kernels.h"
#include "eyeriss/Workload/LayerShape.h"

#include <algorithm>
#include <cassert>
#include <optional>
#include <vector>

using namespace eyeriss;
using namespace eyeriss::reference;
using namespace eyeriss::reference::detail;

Tensor eyeriss::reference::conv2d(const Tensor &input, const Tensor &filter,
                                  const Tensor *bias,
                                  const Conv2DParams &params) {
  assert(input.rank() == 4 && filter.rank() == 4 && "NCHW conv");
  const int64_t N = input.shape[0], C = input.shape[1], H = input.shape[2],
                W = input.shape[3];
  const int64_t M = filter.shape[0], R = filter.shape[2], S = filter.shape[3];
  const int64_t G = params.groups, Cg = C / G, Mg = M / G;
  assert(C % G == 0 && M % G == 0 && filter.shape[1] == Cg &&
         "channels and filters split into the groups");
  assert((!bias || bias->numElements() == M) && "one bias per filter");
  const int64_t strideH = params.strides[0], strideW = params.strides[1];
  const int64_t padTop = params.pads[0], padLeft = params.pads[1];
  const int64_t dilH = params.dilations[0], dilW = params.dilations[1];
  std::optional<int64_t> E = slidingWindowOutputSize(
      H, R, strideH, padTop, params.pads[2], dilH);
  std::optional<int64_t> F = slidingWindowOutputSize(
      W, S, strideW, padLeft, params.pads[3], dilW);
  assert(E && F && "the filter fits the padded input");

  Tensor result = Tensor::zeros({N, M, *E, *F});
  const int64_t P = *E * *F, K = Cg * R * S;
  for (int64_t m = 0; m < M; ++m) {
    float b = bias ? bias->data[m] : 0.0f;
    for (int64_t n = 0; n < N; ++n)
      std::fill_n(result.data.begin() + (n * M + m) * P, P, b);
  }

  // Top-left input position of each output position's window, per block.
  std::vector<int64_t> rowOrigin, colOrigin;
  for (int64_t n = 0; n < N; ++n) {
    for (int64_t g = 0; g < G; ++g) {
      const float *groupInput = input.data.data() + (n * C + g * Cg) * H * W;
      auto pack = [&](int64_t k0, int64_t kc, int64_t j0, int64_t nc,
                      float *panels) {
        rowOrigin.resize(nc);
        colOrigin.resize(nc);
        for (int64_t j = 0; j < nc; ++j) {
          rowOrigin[j] = (j0 + j) / *F * strideH - padTop;
          colOrigin[j] = (j0 + j) % *F * strideW - padLeft;
        }
        for (int64_t jp = 0; jp < nc; jp += kPanelWidth) {
          int64_t width = std::min(kPanelWidth, nc - jp);
          float *panel = panels + jp * kc;
          for (int64_t k = k0; k < k0 + kc; ++k) {
            int64_t c = k / (R * S), r = k / S % R, s = k % S;
            const float *plane = groupInput + c * H * W;
            float *row = panel + (k - k0) * kPanelWidth;
            for (int64_t j = 0; j < width; ++j) {
              int64_t h = rowOrigin[jp + j] + r * dilH;
              int64_t w = colOrigin[jp + j] + s * dilW;
              row[j] = h >= 0 && h < H && w >= 0 && w < W ? plane[h * W + w]
                                                          : 0.0f;
            }
            std::fill(row + width, row + kPanelWidth, 0.0f);
          }
        }
      };
      MatrixView groupFilter{filter.data.data() + g * Mg * K, Mg, K, K, 1};
      matmulAccumulate(groupFilter, P, pack, 1.0f,
                       result.data.data() + (n * M + g * Mg) * P, P,
                       params.accumulation);
    }
  }
  return result;
}
