//===- LayerShape.cpp - Shape of a layer the PE array runs ----------------===//

#include "eyeriss/Workload/LayerShape.h"

namespace eyeriss {

std::optional<int64_t> slidingWindowOutputSize(int64_t in, int64_t kernel,
                                               int64_t stride,
                                               int64_t padBegin,
                                               int64_t padEnd,
                                               int64_t dilation,
                                               bool ceilMode) {
  if (in < 1 || kernel < 1 || stride < 1 || dilation < 1 || padBegin < 0 ||
      padEnd < 0)
    return std::nullopt;
  int64_t span = dilation * (kernel - 1) + 1;
  int64_t room = in + padBegin + padEnd - span;
  if (room < 0)
    return std::nullopt;
  int64_t out = room / stride + 1;
  if (ceilMode && room % stride != 0) {
    // The extra window must start inside the input or the begin padding.
    if ((out) * stride < in + padBegin)
      ++out;
  }
  return out;
}

} // namespace eyeriss
