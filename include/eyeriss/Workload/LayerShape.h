//===- LayerShape.h - Shape of a layer the PE array runs --------*- C++ -*-===//
//
// The shape parameters of a CONV or FC layer in the papers' notation (JSSC
// 2017 Table I): N ifmaps of C channels, H x W, filtered by M filters of
// R x S into ofmaps of E x F, with stride U. Ground floor: the verifiers, the
// mapper and the simulator all compute output sizes and MAC counts here.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_WORKLOAD_LAYERSHAPE_H
#define EYERISS_WORKLOAD_LAYERSHAPE_H

#include <cstdint>
#include <optional>

namespace eyeriss {

/// Output extent of a sliding window (convolution or pooling) along one
/// dimension: floor (or ceil) of (in + padBegin + padEnd - dilation*(kernel-1)
/// - 1) / stride, plus one. With `ceilMode`, a last window that would start
/// inside the end padding is dropped, as ONNX and PyTorch define it.
/// Returns std::nullopt when no window fits (or an argument is out of range).
std::optional<int64_t> slidingWindowOutputSize(int64_t in, int64_t kernel,
                                               int64_t stride,
                                               int64_t padBegin,
                                               int64_t padEnd,
                                               int64_t dilation = 1,
                                               bool ceilMode = false);

/// A CONV layer (an FC layer is the case H = R, W = S, E = F = 1).
struct LayerShape {
  int64_t N = 1;  ///< Batch.
  int64_t C = 1;  ///< Input channels, all groups together.
  int64_t M = 1;  ///< Output channels (filters), all groups together.
  int64_t H = 1;  ///< Ifmap height, unpadded.
  int64_t W = 1;  ///< Ifmap width, unpadded.
  int64_t R = 1;  ///< Filter height.
  int64_t S = 1;  ///< Filter width.
  int64_t E = 1;  ///< Ofmap height.
  int64_t F = 1;  ///< Ofmap width.
  int64_t strideH = 1, strideW = 1;
  int64_t dilationH = 1, dilationW = 1;
  int64_t padTop = 0, padLeft = 0, padBottom = 0, padRight = 0;
  int64_t groups = 1;

  int64_t channelsPerGroup() const { return C / groups; }
  int64_t filtersPerGroup() const { return M / groups; }
  /// Multiply-accumulates of the whole layer (all N ifmaps).
  int64_t numMACs() const {
    return N * M * E * F * channelsPerGroup() * R * S;
  }
  int64_t numFilterWeights() const { return M * channelsPerGroup() * R * S; }
  int64_t numIfmapValues() const { return N * C * H * W; }
  int64_t numOfmapValues() const { return N * M * E * F; }
};

} // namespace eyeriss

#endif // EYERISS_WORKLOAD_LAYERSHAPE_H
