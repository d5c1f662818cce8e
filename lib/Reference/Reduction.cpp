//===- Reduction.cpp - Sums, means, extrema and norms over dimensions -----===//

#include "eyeriss/Reference/Kernels.h"

#include "llvm/ADT/STLExtras.h"

#include <cassert>
#include <cmath>
#include <limits>

using namespace eyeriss::reference;

Tensor eyeriss::reference::reduce(const Tensor &input, Reduction fn,
                                  llvm::ArrayRef<int64_t> axes,
                                  bool keepDims) {
  int64_t rank = input.rank();
  assert(llvm::all_of(axes, [&](int64_t a) { return a >= 0 && a < rank; }) &&
         "axes in range");
  // Row-major strides; the reduced dimensions' offsets are enumerated once
  // and reused for every output element.
  llvm::SmallVector<int64_t> strides(rank, 1);
  for (int64_t d = rank - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * input.shape[d + 1];
  llvm::SmallVector<int64_t> kept, outShape;
  std::vector<int64_t> reducedOffsets = {0};
  for (int64_t d = 0; d < rank; ++d) {
    if (llvm::is_contained(axes, d)) {
      std::vector<int64_t> next;
      next.reserve(reducedOffsets.size() * input.shape[d]);
      for (int64_t offset : reducedOffsets)
        for (int64_t i = 0; i < input.shape[d]; ++i)
          next.push_back(offset + i * strides[d]);
      reducedOffsets = std::move(next);
      if (keepDims)
        outShape.push_back(1);
    } else {
      kept.push_back(d);
      outShape.push_back(input.shape[d]);
    }
  }
  Tensor result = Tensor::zeros(outShape);
  const double count = double(reducedOffsets.size());
  // An odometer over the kept dimensions gives each output's base offset.
  llvm::SmallVector<int64_t> index(kept.size(), 0);
  int64_t base = 0;
  for (float &out : result.data) {
    double acc = 0;
    switch (fn) {
    case Reduction::ArgMax:
    case Reduction::ArgMin:
    case Reduction::ArgMaxLast:
    case Reduction::ArgMinLast: {
      assert(axes.size() == 1 && "an index along one axis");
      bool isMax = fn == Reduction::ArgMax || fn == Reduction::ArgMaxLast;
      bool last = fn == Reduction::ArgMaxLast || fn == Reduction::ArgMinLast;
      double extreme = isMax ? -std::numeric_limits<double>::infinity()
                             : std::numeric_limits<double>::infinity();
      int64_t best = 0, nanAt = -1;
      for (auto [i, offset] : llvm::enumerate(reducedOffsets)) {
        double v = input.data[base + offset];
        if (std::isnan(v)) {
          nanAt = int64_t(i);
          if (!last)
            break;
          continue;
        }
        // Ties go to the first index, or with *Last to the last one.
        bool better = isMax ? (last ? v >= extreme : v > extreme)
                            : (last ? v <= extreme : v < extreme);
        if (better) {
          best = int64_t(i);
          extreme = v;
        }
      }
      acc = double(nanAt >= 0 ? nanAt : best);
      break;
    }
    case Reduction::Max:
    case Reduction::Min: {
      bool isMax = fn == Reduction::Max;
      acc = isMax ? -std::numeric_limits<double>::infinity()
                  : std::numeric_limits<double>::infinity();
      for (int64_t offset : reducedOffsets) {
        double v = input.data[base + offset];
        if (std::isnan(v)) {
          acc = v;
          break;
        }
        acc = isMax ? std::max(acc, v) : std::min(acc, v);
      }
      break;
    }
    case Reduction::Prod:
      acc = 1;
      for (int64_t offset : reducedOffsets)
        acc *= input.data[base + offset];
      break;
    case Reduction::LogSumExp: {
      double top = -std::numeric_limits<double>::infinity();
      for (int64_t offset : reducedOffsets)
        top = std::max(top, double(input.data[base + offset]));
      if (std::isinf(top)) { // all -inf (or +inf): exp of no finite shift
        acc = top;
        break;
      }
      for (int64_t offset : reducedOffsets)
        acc += std::exp(double(input.data[base + offset]) - top);
      acc = top + std::log(acc);
      break;
    }
    default:
      for (int64_t offset : reducedOffsets) {
        double v = input.data[base + offset];
        acc += fn == Reduction::L1                                   ? std::fabs(v)
               : fn == Reduction::L2 || fn == Reduction::SumSquare ? v * v
                                                                     : v;
      }
      if (fn == Reduction::Mean)
        acc /= count;
      else if (fn == Reduction::L2)
        acc = std::sqrt(acc);
      else if (fn == Reduction::LogSum)
        acc = std::log(acc);
      break;
    }
    out = float(acc);
    for (size_t k = kept.size(); k-- > 0;) {
      int64_t d = kept[k];
      base += strides[d];
      if (++index[k] < input.shape[d])
        break;
      base -= strides[d] * index[k];
      index[k] = 0;
    }
  }
  return result;
}

Tensor eyeriss::reference::cumsum(const Tensor &input, int64_t axis,
                                  bool exclusive, bool reverse) {
  assert(axis >= 0 && axis < int64_t(input.shape.size()) && "axis in range");
  // The tensor as outer x extent x inner, the axis in the middle.
  int64_t extent = input.shape[axis], outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= input.shape[d];
  for (int64_t d = axis + 1; d < int64_t(input.shape.size()); ++d)
    inner *= input.shape[d];
  Tensor result = Tensor::zeros(input.shape);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      float sum = 0.0f;
      for (int64_t step = 0; step < extent; ++step) {
        int64_t k = reverse ? extent - 1 - step : step;
        size_t at = size_t((o * extent + k) * inner + i);
        if (exclusive) {
          result.data[at] = sum;
          sum += input.data[at];
        } else {
          sum += input.data[at];
          result.data[at] = sum;
        }
      }
    }
  return result;
}
