//===- RowConv.cpp - The PE's 1-D row convolution kernels -----------------===//
//
// Two implementations of one primitive: rowConvReference, a loop over single
// MACs that reads like the definition, and rowConv, which the simulator runs.
// rowConv is fast because wrapping accumulation is associative: it can sum
// each psum's windowed products in a 32-bit accumulator in any order and wrap
// once at the end, and exact 32-bit sums also tell whether the final word
// wrapped. The loops are shaped for GCC's vectorizer: taps outside, psums
// (f) inside with unit-stride accumulators, the ifmap stride a compile-time
// constant for U = 1, 2, 4, everything in int32 and branch-free (clamps and
// counts written as selects).
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Arith/FixedPoint.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

using namespace eyeriss;
using namespace eyeriss::fixedpoint;
using namespace llvm;

static Error rowConvError(const Twine &message) {
  return createStringError(inconvertibleErrorCode(),
                           "row convolution: " + message);
}

Error fixedpoint::checkRowConv(const RowConvShape &shape, size_t numWeights,
                               size_t numIfmap, size_t numPsums,
                               size_t numCarries) {
  struct Extent {
    const char *name;
    int64_t value;
  };
  for (Extent extent :
       {Extent{"S", shape.S}, Extent{"F", shape.F}, Extent{"U", shape.U},
        Extent{"D", shape.D}, Extent{"P", shape.P}, Extent{"Q", shape.Q}}) {
    if (extent.value < 1 || extent.value > kMaxRowConvExtent)
      return rowConvError(formatv("{0} = {1} is outside [1, {2}]", extent.name,
                                  extent.value, kMaxRowConvExtent));
  }
  if (shape.W < 0 || shape.W > kMaxRowConvExtent)
    return rowConvError(
        formatv("W = {0} is outside [0, {1}]", shape.W, kMaxRowConvExtent));
  if (shape.W != 0 && shape.W < shape.minRowLength())
    return rowConvError(
        formatv("W = {0} is shorter than the {1} ifmap values the window "
                "reaches ((F-1)*U + (S-1)*D + 1)",
                shape.W, shape.minRowLength()));
  if (shape.Q * shape.S > kMaxRowConvTaps)
    return rowConvError(formatv("Q*S = {0} taps per psum exceed {1}",
                                shape.Q * shape.S, kMaxRowConvTaps));
  struct Operand {
    const char *name;
    const char *layout;
    size_t actual;
    int64_t expected;
  };
  for (Operand operand :
       {Operand{"weights", "P*Q*S", numWeights, shape.P * shape.Q * shape.S},
        Operand{"ifmap", "Q*W", numIfmap, shape.Q * shape.rowLength()},
        Operand{"psums", "P*F", numPsums, shape.P * shape.F}}) {
    if (operand.actual != static_cast<size_t>(operand.expected))
      return rowConvError(formatv("{0} has {1} elements, expected {2} = {3}",
                                  operand.name, operand.actual, operand.layout,
                                  operand.expected));
  }
  if (numCarries != 0 && numCarries != numPsums)
    return rowConvError(formatv("carries has {0} elements, expected none or "
                                "one per psum ({1})",
                                numCarries, numPsums));
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Reference
//===----------------------------------------------------------------------===//

Expected<RowConvStats>
fixedpoint::rowConvReference(const RowConvShape &shape,
                             ArrayRef<int16_t> weights, ArrayRef<int16_t> ifmap,
                             MutableArrayRef<int16_t> psums,
                             MutableArrayRef<int32_t> carries) {
  if (Error error = checkRowConv(shape, weights.size(), ifmap.size(),
                                 psums.size(), carries.size()))
    return std::move(error);
  const int64_t W = shape.rowLength();
  RowConvStats stats;
  for (int64_t p = 0; p < shape.P; ++p) {
    for (int64_t f = 0; f < shape.F; ++f) {
      int16_t &psum = psums[p * shape.F + f];
      int64_t exact = psum;
      for (int64_t q = 0; q < shape.Q; ++q) {
        for (int64_t s = 0; s < shape.S; ++s) {
          int16_t w = weights[(p * shape.Q + q) * shape.S + s];
          int16_t x = ifmap[q * W + f * shape.U + s * shape.D];
          SaturatedWord product = window(w, x, shape.shift);
          psum = accumulatePsum(psum, product.word);
          exact += product.word;
          ++stats.macs;
          stats.zeroIfmapMacs += x == 0;
          stats.windowSaturations += product.saturated;
        }
      }
      stats.psumWraps += exact < kWordMin || exact > kWordMax;
      if (!carries.empty())
        carries[size_t(p * shape.F + f)] += int32_t((exact - psum) / 65536);
    }
  }
  return stats;
}

//===----------------------------------------------------------------------===//
// Fast kernel
//===----------------------------------------------------------------------===//

namespace {

/// The window as the inner loops apply it: a right shift of at most 31 (an
/// int16 x int16 product has 31 significant bits, so larger shifts give the
/// same 0 or -1) or a left shift of at most 16 (see shiftSaturate) on a
/// pre-clamped product, so that everything stays in int32.
struct WindowParams {
  bool left = false;
  int32_t rightShift = 0, preShift = 0;
  int32_t leftMultiplier = 1;
  int32_t leftLow = 0, leftHigh = 0;

  explicit WindowParams(int shift) {
    if (shift >= 0) {
      rightShift = shift;
      // Rounding: ((p >> (shift-1)) + 1) >> 1; an int16 x int16 product
      // has 31 significant bits, so shifts past 32 give the same 0.
      preShift = std::min(shift - 1, 31);
      return;
    }
    left = true;
    int amount = std::min(-shift, 16);
    leftMultiplier = int32_t(1) << amount;
    // Products beyond +-2^(31-amount) saturate anyway; clamping them first
    // keeps product * 2^amount within int32 without changing the result.
    leftHigh = (int32_t(1) << (31 - amount)) - 1;
    leftLow = -leftHigh - 1;
  }
};

inline int32_t clampWord(int32_t v) {
  return std::min(std::max(v, kWordMin), kWordMax);
}

/// acc[f] += window(w[s] * x[f*U + s*D]) for all s, f; counts saturations.
/// `kU` is the stride when it is a compile-time constant, 0 otherwise.
template <int kU>
void accumulateTaps(int32_t *__restrict acc, const int16_t *__restrict w,
                    const int16_t *__restrict x, int64_t S, int64_t F,
                    int64_t runtimeU, int64_t D, const WindowParams &window,
                    int64_t &saturations) {
  const int64_t U = kU ? kU : runtimeU;
  int64_t sat = 0;
  if (!window.left) {
    const int32_t pre = window.preShift;
    const bool round = window.rightShift > 0;
    for (int64_t s = 0; s < S; ++s) {
      const int32_t ws = w[s];
      const int16_t *__restrict xs = x + s * D;
      int32_t tapSat = 0;
      for (int64_t f = 0; f < F; ++f) {
        int32_t product = ws * int32_t(xs[f * U]);
        int32_t v = round ? ((product >> pre) + 1) >> 1 : product;
        int32_t c = clampWord(v);
        tapSat += c != v;
        acc[f] += c;
      }
      sat += tapSat;
    }
  } else {
    const int32_t multiplier = window.leftMultiplier;
    const int32_t low = window.leftLow, high = window.leftHigh;
    for (int64_t s = 0; s < S; ++s) {
      const int32_t ws = w[s];
      const int16_t *__restrict xs = x + s * D;
      int32_t tapSat = 0;
      for (int64_t f = 0; f < F; ++f) {
        int32_t product = ws * int32_t(xs[f * U]);
        int32_t v = std::min(std::max(product, low), high) * multiplier;
        int32_t c = clampWord(v);
        tapSat += c != v;
        acc[f] += c;
      }
      sat += tapSat;
    }
  }
  saturations += sat;
}

/// Zero ifmap operands among the S x F MACs of one filter row over `x`.
template <int kU>
int64_t countZeroOperands(const int16_t *__restrict x, int64_t S, int64_t F,
                          int64_t runtimeU, int64_t D) {
  const int64_t U = kU ? kU : runtimeU;
  int64_t zeros = 0;
  for (int64_t s = 0; s < S; ++s) {
    const int16_t *__restrict xs = x + s * D;
    int32_t tapZeros = 0;
    for (int64_t f = 0; f < F; ++f)
      tapZeros += xs[f * U] == 0;
    zeros += tapZeros;
  }
  return zeros;
}

template <int kU>
RowConvStats rowConvImpl(const RowConvShape &shape, const int16_t *weights,
                         const int16_t *ifmap, int16_t *psums,
                         int32_t *carries) {
  const int64_t S = shape.S, F = shape.F, P = shape.P, Q = shape.Q;
  const int64_t U = shape.U, D = shape.D, W = shape.rowLength();
  const WindowParams window(shape.shift);
  RowConvStats stats;
  stats.macs = shape.numMACs();

  // The ifmap rows are the same for every filter: count their zeros once.
  int64_t zerosPerFilter = 0;
  for (int64_t q = 0; q < Q; ++q)
    zerosPerFilter += countZeroOperands<kU>(ifmap + q * W, S, F, U, D);
  stats.zeroIfmapMacs = zerosPerFilter * P;

  // A raw pointer: SmallVector's operator[] asserts (assertions are on in
  // this project), and the branch would stop vectorization.
  SmallVector<int32_t, 256> accStorage(F);
  int32_t *__restrict acc = accStorage.data();
  for (int64_t p = 0; p < P; ++p) {
    int16_t *__restrict row = psums + p * F;
    for (int64_t f = 0; f < F; ++f)
      acc[f] = row[f];
    for (int64_t q = 0; q < Q; ++q)
      accumulateTaps<kU>(acc, weights + (p * Q + q) * S, ifmap + q * W, S, F, U,
                         D, window, stats.windowSaturations);
    // Exact sums (checkRowConv bounds the taps): out of range means the
    // word wraps; the low 16 bits are the wrapped result.
    int32_t wraps = 0;
    for (int64_t f = 0; f < F; ++f) {
      int32_t a = acc[f];
      wraps += a != clampWord(a);
      row[f] = static_cast<int16_t>(static_cast<uint16_t>(a));
    }
    stats.psumWraps += wraps;
    if (carries && wraps)
      for (int64_t f = 0; f < F; ++f)
        carries[p * F + f] += (acc[f] - int32_t(row[f])) / 65536;
  }
  return stats;
}

} // namespace

Expected<RowConvStats> fixedpoint::rowConv(const RowConvShape &shape,
                                           ArrayRef<int16_t> weights,
                                           ArrayRef<int16_t> ifmap,
                                           MutableArrayRef<int16_t> psums,
                                           MutableArrayRef<int32_t> carries) {
  if (Error error = checkRowConv(shape, weights.size(), ifmap.size(),
                                 psums.size(), carries.size()))
    return std::move(error);
  int32_t *c = carries.empty() ? nullptr : carries.data();
  switch (shape.U) {
  case 1:
    return rowConvImpl<1>(shape, weights.data(), ifmap.data(), psums.data(),
                          c);
  case 2:
    return rowConvImpl<2>(shape, weights.data(), ifmap.data(), psums.data(),
                          c);
  case 4:
    return rowConvImpl<4>(shape, weights.data(), ifmap.data(), psums.data(),
                          c);
  default:
    return rowConvImpl<0>(shape, weights.data(), ifmap.data(), psums.data(),
                          c);
  }
}
