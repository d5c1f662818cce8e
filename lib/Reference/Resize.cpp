//===- Resize.cpp - ONNX Resize: nearest, linear and cubic resampling -----===//
//
// Follows the ONNX reference implementation (onnx/backend/test/case/node/
// resize.py), whose outputs are the node tests' expected values: every
// output coordinate is mapped to the input in double, its neighbours and
// weights are those of the reference's interpolate_1d_with_x, and the
// dimensions are resampled one after the other, the last first (the
// reference's recursion), in double until the final rounding to float.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Reference/Kernels.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <optional>
#include <utility>

using namespace eyeriss::reference;

namespace {
/// The input elements (at most four) one output element of a dimension
/// reads, with their weights, or the extrapolation value.
struct Taps {
  int64_t index[4] = {0, 0, 0, 0};
  double weight[4] = {0, 0, 0, 0};
  int count = 0;
  bool extrapolate = false;
};

/// The input coordinate of output coordinate `x` of a dimension, or nullopt
/// when tf_crop_and_resize puts it outside the input.
std::optional<double> inputCoordinate(const ResizeParams &p, int64_t x,
                                      int64_t inLen, double scale,
                                      double roiStart, double roiEnd) {
  // The reference's length_resized: the scaled extent, not its floor.
  double lengthResized = scale * double(inLen);
  double xr = double(x);
  switch (p.coordinates) {
  case CoordinateTransform::HalfPixel:
    return (xr + 0.5) / scale - 0.5;
  case CoordinateTransform::PytorchHalfPixel:
    // One output element reads coordinate 0, as the ONNX spec and PyTorch
    // say; ONNX 1.12's reference uses -0.5, which gives the same for
    // nearest and linear (both clamp to element 0) but not for cubic.
    return lengthResized > 1 ? (xr + 0.5) / scale - 0.5 : 0.0;
  case CoordinateTransform::AlignCorners:
    return lengthResized == 1 ? 0.0
                              : xr * double(inLen - 1) / (lengthResized - 1);
  case CoordinateTransform::Asymmetric:
    return xr / scale;
  case CoordinateTransform::TFHalfPixelForNN:
    return (xr + 0.5) / scale;
  case CoordinateTransform::TFCropAndResize: {
    double span = double(inLen - 1);
    double xo = lengthResized == 1
                    ? (roiEnd - roiStart) * span / 2
                    : xr * (roiEnd - roiStart) * span / (lengthResized - 1);
    xo += roiStart * span;
    if (!(xo >= 0 && xo <= span)) // NaN too (infinite roi products)
      return std::nullopt;
    return xo;
  }
  }
  return 0.0;
}

/// The reference's cubic_coeffs(ratio, A) for the neighbours at offsets
/// -1, 0, 1, 2 from floor(x).
void cubicWeights(double r, double a, double *w) {
  auto far = [a](double t) { // 1 < |t| < 2
    return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
  };
  auto near = [a](double t) { // |t| <= 1
    return ((a + 2) * t - (a + 3)) * t * t + 1;
  };
  w[0] = far(r + 1);
  w[1] = near(r);
  w[2] = near(1 - r);
  w[3] = far(2 - r);
}

Taps tapsFor(const ResizeParams &p, int64_t x, int64_t inLen, double scale,
             double roiStart, double roiEnd) {
  Taps t;
  std::optional<double> xo =
      inputCoordinate(p, x, inLen, scale, roiStart, roiEnd);
  if (!xo) {
    t.extrapolate = true;
    return t;
  }
  // Past four elements beyond an edge every neighbour is outside, and the
  // result is the same as four elements out: clamping keeps the index
  // arithmetic in range whatever the scale.
  double coordinate = std::clamp(*xo, -4.0, double(inLen) + 3.0);
  // An integral coordinate is the reference's ratio 1 from the element
  // below it: every mode then puts all the weight on the element itself.
  double base = std::floor(coordinate);
  double ratio = coordinate - base;
  if (ratio == 0) {
    base -= 1;
    ratio = 1;
  }
  int64_t first = int64_t(base);
  switch (p.mode) {
  case Interpolation::Nearest: {
    bool up = true; // ratio 1
    if (ratio < 1) {
      switch (p.nearest) {
      case NearestRounding::RoundPreferFloor:
        up = ratio > 0.5;
        break;
      case NearestRounding::RoundPreferCeil:
        up = ratio >= 0.5;
        break;
      case NearestRounding::Floor:
        up = false;
        break;
      case NearestRounding::Ceil:
        up = true;
        break;
      }
    }
    t.count = 2;
    t.index[0] = first;
    t.index[1] = first + 1;
    t.weight[0] = up ? 0 : 1;
    t.weight[1] = up ? 1 : 0;
    break;
  }
  case Interpolation::Linear:
    t.count = 2;
    t.index[0] = first;
    t.index[1] = first + 1;
    t.weight[0] = 1 - ratio;
    t.weight[1] = ratio;
    break;
  case Interpolation::Cubic:
    t.count = 4;
    for (int i = 0; i < 4; ++i)
      t.index[i] = first - 1 + i;
    cubicWeights(ratio, p.cubicCoeffA, t.weight);
    break;
  }
  if (p.excludeOutside) {
    double sum = 0;
    double kept[4];
    for (int i = 0; i < t.count; ++i) {
      bool inside = t.index[i] >= 0 && t.index[i] < inLen;
      kept[i] = inside ? t.weight[i] : 0;
      sum += kept[i];
    }
    // With every weight outside (the reference divides by zero) the
    // neighbours keep their weights and repeat the edge.
    if (sum != 0)
      for (int i = 0; i < t.count; ++i)
        t.weight[i] = kept[i] / sum;
  }
  for (int i = 0; i < t.count; ++i)
    t.index[i] = std::min<int64_t>(std::max<int64_t>(t.index[i], 0), inLen - 1);
  return t;
}
} // namespace

Tensor eyeriss::reference::resize(const Tensor &input,
                                  llvm::ArrayRef<int64_t> outputShape,
                                  const ResizeParams &params) {
  int64_t rank = input.rank();
  assert(int64_t(outputShape.size()) == rank && "same rank");
  assert(int64_t(params.scales.size()) == rank && "one scale per dimension");
  assert((params.coordinates != CoordinateTransform::TFCropAndResize ||
          int64_t(params.roi.size()) == 2 * rank) &&
         "a start and an end per dimension");
  llvm::SmallVector<int64_t> shape(input.shape);
  std::vector<double> current(input.data.begin(), input.data.end());
  for (int64_t d = rank - 1; d >= 0; --d) {
    int64_t inLen = shape[d], outLen = outputShape[d];
    double roiStart = 0, roiEnd = 1;
    if (params.coordinates == CoordinateTransform::TFCropAndResize) {
      roiStart = params.roi[d];
      roiEnd = params.roi[rank + d];
    }
    std::vector<Taps> taps(outLen);
    for (int64_t x = 0; x < outLen; ++x)
      taps[x] = tapsFor(params, x, inLen, params.scales[d], roiStart, roiEnd);
    int64_t outer = 1, inner = 1;
    for (int64_t i = 0; i < d; ++i)
      outer *= shape[i];
    for (int64_t i = d + 1; i < rank; ++i)
      inner *= shape[i];
    std::vector<double> next(size_t(outer * outLen * inner));
    for (int64_t o = 0; o < outer; ++o) {
      const double *src = current.data() + o * inLen * inner;
      double *dst = next.data() + o * outLen * inner;
      for (int64_t x = 0; x < outLen; ++x) {
        const Taps &t = taps[x];
        double *row = dst + x * inner;
        if (t.extrapolate) {
          std::fill(row, row + inner, double(params.extrapolationValue));
          continue;
        }
        for (int64_t i = 0; i < inner; ++i) {
          double sum = 0;
          for (int k = 0; k < t.count; ++k)
            sum += t.weight[k] * src[t.index[k] * inner + i];
          row[i] = sum;
        }
      }
    }
    current = std::move(next);
    shape[d] = outLen;
  }
  return Tensor(outputShape,
                std::vector<float>(current.begin(), current.end()));
}
