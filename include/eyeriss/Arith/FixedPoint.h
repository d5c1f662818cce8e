//===- FixedPoint.h - The PE datapath's 16-bit fixed point ------*- C++ -*-===//
//
// Eyeriss computes in 16-bit fixed point: every ifmap, filter weight and psum
// is an int16 word, and the 32-bit product of a MAC is cut back to 16 bits
// through a configurable bit window (JSSC 2017, Sec. V-C). The compiler's
// quantization pass and the cycle-level simulator must agree on these
// semantics bit for bit, so they are written down once, here:
//
//  - a tensor's format is its number of fractional bits f: value = word/2^f;
//  - quantization rounds to nearest, ties to even, and saturates;
//  - the product window shifts right, rounding half up, and saturates;
//  - psum accumulation wraps (two's complement), which makes it associative:
//    the result cannot depend on the order in which PEs, PE sets and passes
//    add their psums, and a plain reference loop is bit-exact with the
//    simulator. Wraps are detected and counted, never silently relied on;
//  - output requantization shifts the same way and saturates.
//
// See docs/FixedPoint.md for the rationale and worked examples.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_ARITH_FIXEDPOINT_H
#define EYERISS_ARITH_FIXEDPOINT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <limits>

namespace eyeriss {
namespace fixedpoint {

inline constexpr int32_t kWordMin = std::numeric_limits<int16_t>::min();
inline constexpr int32_t kWordMax = std::numeric_limits<int16_t>::max();

//===----------------------------------------------------------------------===//
// Formats
//===----------------------------------------------------------------------===//

/// The fixed-point format of a tensor: its number of fractional bits f, so a
/// word w stands for w * 2^-f. f may be negative (a coarse grid for large
/// values) or above 15 (all values well below 1). A Format is valid by
/// construction; build one from untrusted data with Format::get.
class Format {
public:
  /// Limits on f. Beyond them a format could only hold 0 and saturated
  /// values for any data a CNN produces; keeping f small also keeps every
  /// shift derived from formats (fw + fx - fpsum) far from int overflow.
  static constexpr int kMinFracBits = -32;
  static constexpr int kMaxFracBits = 47;

  /// The integer format (f = 0).
  constexpr Format() = default;

  static constexpr bool isValid(int fracBits) {
    return fracBits >= kMinFracBits && fracBits <= kMaxFracBits;
  }
  /// Returns the format with `fracBits` fractional bits, or an error naming
  /// the allowed range.
  static llvm::Expected<Format> get(int fracBits);

  constexpr int fracBits() const { return f; }
  /// The value of one LSB, 2^-f.
  double step() const;
  /// Smallest and largest representable values: -32768 and 32767 LSBs.
  double minValue() const;
  double maxValue() const;
  /// Largest error of quantizing a value inside [minValue() - step/2,
  /// maxValue() + step/2]: half an LSB (round to nearest).
  double maxRoundingError() const;

  friend constexpr bool operator==(Format a, Format b) { return a.f == b.f; }
  friend constexpr bool operator!=(Format a, Format b) { return a.f != b.f; }

private:
  explicit constexpr Format(int fracBits) : f(fracBits) {}
  int f = 0;
};

//===----------------------------------------------------------------------===//
// Scalar operations
//===----------------------------------------------------------------------===//

/// A 16-bit word and whether producing it clamped a value that did not fit.
struct SaturatedWord {
  int16_t word = 0;
  bool saturated = false;
};

/// A 16-bit word and whether producing it wrapped around (two's complement).
struct WrappedWord {
  int16_t word = 0;
  bool wrapped = false;
};

/// Clamps `value` to [-32768, 32767].
SaturatedWord saturate(int64_t value);

/// Rounds value * 2^f to the nearest integer, ties to even, and saturates.
/// +-infinity saturate; NaN gives word 0 and is reported as saturated (it is
/// not representable). Floats convert to double exactly, so one overload
/// serves both.
SaturatedWord quantize(double value, Format format);

/// quantize(values[i], format).word for every i, into `words` (the same
/// size): the compiler's path for whole weight tensors, a branch-free loop.
void quantizeWords(llvm::ArrayRef<float> values, Format format,
                   llvm::MutableArrayRef<int16_t> words);

/// word * 2^-f, exact in double.
double dequantize(int16_t word, Format format);

/// The largest f (within the Format limits) such that every value in
/// [-maxAbs, maxAbs] quantizes without saturating. maxAbs = 0 gives the
/// finest format. Fails for a negative, infinite or NaN maxAbs, and for one
/// too large for the coarsest format.
llvm::Expected<Format> chooseFormat(double maxAbs);

/// As above for an asymmetric calibrated range [minValue, maxValue]: the
/// largest f such that both ends (hence, quantization being monotone, all
/// of the range) quantize without saturating. This can use the extra
/// negative code -32768: [-1, 0.5] fits in f = 15. Fails for non-finite ends,
/// minValue > maxValue, or a range too wide for the coarsest format.
llvm::Expected<Format> chooseFormat(double minValue, double maxValue);

/// value / 2^shift rounded half up, floor((value + 2^(shift-1)) / 2^shift),
/// for shift > 0; value * 2^-shift for shift <= 0; saturated to int16.
/// Defined for every shift: a right shift past the top bit gives 0, a left
/// shift of a non-zero value by 16 or more always saturates. Rounding (a
/// carry into the selected window's lowest bit) keeps the error of each
/// product zero-mean; with floor, the K products of a psum are biased by
/// -K/2 LSB, which wrecks deep networks (docs/FixedPoint.md).
SaturatedWord shiftSaturate(int64_t value, int shift);

/// The window shift that takes a product of formats `weight` and `ifmap`
/// (fw + fx fractional bits) to the psum format: fw + fx - fpsum. The chip
/// selects 16 of the 32 product bits, i.e. a shift in [0, 16]; any other
/// shift is well defined here too (see shiftSaturate).
constexpr int windowShift(Format weight, Format ifmap, Format psum) {
  return weight.fracBits() + ifmap.fracBits() - psum.fracBits();
}

/// The MAC's product window: (w * x) >> shift, rounded half up, saturated.
/// The 32-bit product of two int16 words is exact.
inline SaturatedWord window(int16_t weight, int16_t ifmap, int shift) {
  return shiftSaturate(int32_t(weight) * int32_t(ifmap), shift);
}

/// Psum accumulation: a + b modulo 2^16 (two's complement wrap). Wrapping,
/// unlike saturating, is associative, so sums are order independent.
inline int16_t accumulatePsum(int16_t a, int16_t b) {
  return static_cast<int16_t>(static_cast<uint16_t>(static_cast<uint16_t>(a) +
                                                    static_cast<uint16_t>(b)));
}

/// accumulatePsum(a, b), reporting whether the exact sum left int16's range.
inline WrappedWord accumulatePsumChecked(int16_t a, int16_t b) {
  int32_t exact = int32_t(a) + int32_t(b);
  return {accumulatePsum(a, b), exact < kWordMin || exact > kWordMax};
}

/// One MAC as a PE performs it: psum + window(w * x, shift), wrapping.
inline int16_t mac(int16_t psum, int16_t weight, int16_t ifmap, int shift) {
  return accumulatePsum(psum, window(weight, ifmap, shift).word);
}

inline int16_t relu(int16_t value) { return value < 0 ? 0 : value; }

/// Converts a psum word to the ofmap format: shift by fpsum - fout,
/// rounding half up (right) or exactly (left), saturating either way.
inline SaturatedWord requantize(int16_t psum, Format psumFormat,
                                Format outFormat) {
  return shiftSaturate(psum, psumFormat.fracBits() - outFormat.fracBits());
}

/// The ofmap stage: optional ReLU, then requantize. (ReLU commutes with
/// requantize, which is monotone and keeps the sign, so the order is moot.)
inline SaturatedWord outputStage(int16_t psum, Format psumFormat,
                                 Format outFormat, bool applyRelu) {
  return requantize(applyRelu ? relu(psum) : psum, psumFormat, outFormat);
}

//===----------------------------------------------------------------------===//
// The PE's 1-D row convolution
//===----------------------------------------------------------------------===//

/// The shape of one PE primitive (JSSC 2017 Sec. IV-A, Fig. 3 and 6): P filter
/// rows of Q channels each, S taps wide, slide over Q ifmap rows and
/// accumulate into P rows of F psums:
///
///   psum[p][f] += sum over q < Q, s < S of
///                 window(w[p][q][s] * x[q][f*U + s*D], shift)
///
/// Layouts (all row-major, sizes checked exactly):
///   weights  P x Q x S
///   ifmap    Q x W, each row already padded; W = 0 means the minimum,
///            (F-1)*U + (S-1)*D + 1
///   psums    P x F
struct RowConvShape {
  int64_t S = 1; ///< Filter row width (taps).
  int64_t F = 1; ///< Psums per row (ofmap row width).
  int64_t U = 1; ///< Stride.
  int64_t D = 1; ///< Dilation.
  int64_t P = 1; ///< Filters interleaved in the PE.
  int64_t Q = 1; ///< Channels interleaved in the PE.
  int64_t W = 0; ///< Ifmap row length in `ifmap`; 0: minRowLength().
  int shift = 0; ///< Product window shift (see windowShift).

  /// The ifmap row length the sliding window reaches.
  int64_t minRowLength() const { return (F - 1) * U + (S - 1) * D + 1; }
  int64_t rowLength() const { return W == 0 ? minRowLength() : W; }
  int64_t numMACs() const { return P * Q * S * F; }
};

/// Most taps (Q * S) one psum may take in one call. It keeps the kernels'
/// 32-bit accumulators exact: (taps + 1) * 32768 < 2^31. The chip's filter
/// spad holds 224 weights.
inline constexpr int64_t kMaxRowConvTaps = int64_t(1) << 15;
/// Largest S, F, U, D, P, Q, W accepted (keeps every index product in
/// int64 range).
inline constexpr int64_t kMaxRowConvExtent = int64_t(1) << 20;

/// What a row convolution did, for the simulator's counters.
struct RowConvStats {
  /// MACs performed: P * Q * S * F.
  int64_t macs = 0;
  /// MACs whose ifmap operand was 0. The chip zero-gates these (no filter
  /// spad read, the datapath holds still): energy saved, not time.
  int64_t zeroIfmapMacs = 0;
  /// Products whose window saturated.
  int64_t windowSaturations = 0;
  /// Psums whose exact value after this call (initial psum plus all its
  /// windowed products, in exact arithmetic) lies outside int16: the stored
  /// word has wrapped and no longer equals the true sum. Excursions out of
  /// range and back within the call are harmless under wrapping and are not
  /// counted.
  int64_t psumWraps = 0;

  RowConvStats &operator+=(const RowConvStats &other) {
    macs += other.macs;
    zeroIfmapMacs += other.zeroIfmapMacs;
    windowSaturations += other.windowSaturations;
    psumWraps += other.psumWraps;
    return *this;
  }
  friend bool operator==(const RowConvStats &a, const RowConvStats &b) {
    return a.macs == b.macs && a.zeroIfmapMacs == b.zeroIfmapMacs &&
           a.windowSaturations == b.windowSaturations &&
           a.psumWraps == b.psumWraps;
  }
};

/// Checks a shape and the operand sizes against each other; the kernels call
/// it first. The message names the offending field or operand. Carries are
/// optional: none, or one per psum.
llvm::Error checkRowConv(const RowConvShape &shape, size_t numWeights,
                         size_t numIfmap, size_t numPsums,
                         size_t numCarries = 0);

/// The obvious loop, one scalar MAC (window, accumulate) at a time: the
/// definition the fast kernel is tested against.
///
/// `carries`, if not empty (one per psum), is not chip state but the
/// simulator's record of how far each psum's exact value is from its word:
/// exact = word + 2^16 * carry. Each call adds the wraps of its own sums,
/// so a final psum whose carry is not 0 has overflowed its format (its word
/// is wrong), however many calls and passes built it.
llvm::Expected<RowConvStats>
rowConvReference(const RowConvShape &shape, llvm::ArrayRef<int16_t> weights,
                 llvm::ArrayRef<int16_t> ifmap,
                 llvm::MutableArrayRef<int16_t> psums,
                 llvm::MutableArrayRef<int32_t> carries = {});

/// Bit-identical to rowConvReference (psums, carries and stats), written for
/// the compiler's auto-vectorizer: 32-bit accumulators over f, the tap loop
/// outside, strides 1, 2 and 4 specialised.
llvm::Expected<RowConvStats> rowConv(const RowConvShape &shape,
                                     llvm::ArrayRef<int16_t> weights,
                                     llvm::ArrayRef<int16_t> ifmap,
                                     llvm::MutableArrayRef<int16_t> psums,
                                     llvm::MutableArrayRef<int32_t> carries = {});

} // namespace fixedpoint
} // namespace eyeriss

#endif // EYERISS_ARITH_FIXEDPOINT_H
