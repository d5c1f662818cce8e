//===- FixedPoint.cpp - Formats, quantization, shifts ---------------------===//
//
// The scalar operations of the 16-bit datapath. Rounding is done by hand
// (floor, then look at the exact fraction) rather than with std::nearbyint,
// whose result depends on the floating-point environment's rounding mode.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Arith/FixedPoint.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <cassert>
#include <cmath>

#include <cmath>
#include <string>

using namespace eyeriss;
using namespace eyeriss::fixedpoint;
using namespace llvm;

Expected<Format> Format::get(int fracBits) {
  if (!isValid(fracBits))
    return createStringError(
        inconvertibleErrorCode(),
        formatv("fixed-point format: {0} fractional bits is outside [{1}, {2}]",
                fracBits, kMinFracBits, kMaxFracBits));
  return Format(fracBits);
}

double Format::step() const { return std::ldexp(1.0, -f); }
double Format::minValue() const { return std::ldexp(double(kWordMin), -f); }
double Format::maxValue() const { return std::ldexp(double(kWordMax), -f); }
double Format::maxRoundingError() const { return std::ldexp(0.5, -f); }

/// A number for a message: %g, so 1 prints as "1" (formatv's default for
/// doubles is fixed point with two decimals).
static std::string str(double value) {
  std::string text;
  raw_string_ostream(text) << format("%g", value);
  return text;
}

SaturatedWord fixedpoint::saturate(int64_t value) {
  if (value < kWordMin)
    return {static_cast<int16_t>(kWordMin), true};
  if (value > kWordMax)
    return {static_cast<int16_t>(kWordMax), true};
  return {static_cast<int16_t>(value), false};
}

SaturatedWord fixedpoint::quantize(double value, Format format) {
  if (std::isnan(value))
    return {0, true};
  // Exact: scaling by a power of two only changes the exponent (and the
  // formats are narrow enough that no in-range value becomes subnormal).
  double scaled = std::ldexp(value, format.fracBits());
  // Far out of range (also +-inf): saturate before converting to an integer.
  if (scaled >= 65536.0)
    return {static_cast<int16_t>(kWordMax), true};
  if (scaled <= -65536.0)
    return {static_cast<int16_t>(kWordMin), true};
  double lower = std::floor(scaled);
  double fraction = scaled - lower; // exact for |scaled| < 2^52
  int64_t rounded = static_cast<int64_t>(lower);
  if (fraction > 0.5 || (fraction == 0.5 && (rounded & 1) != 0))
    ++rounded;
  return saturate(rounded);
}

void fixedpoint::quantizeWords(ArrayRef<float> values, Format format,
                               MutableArrayRef<int16_t> words) {
  assert(values.size() == words.size() && "one word per value");
  // 2^f, exact: f is within [-32, 47].
  const double scale = std::ldexp(1.0, format.fracBits());
  // Adding and subtracting 1.5 * 2^52 rounds a double below 2^51 in
  // magnitude to an integer, ties to even (the default rounding mode), as
  // quantize does; clamping first keeps it in that range and saturates.
  const double magic = 6755399441055744.0;
  for (size_t i = 0; i < values.size(); ++i) {
    double scaled = double(values[i]) * scale;
    scaled = scaled < -65536.0 ? -65536.0 : scaled > 65536.0 ? 65536.0 : scaled;
    double rounded = (scaled + magic) - magic;
    rounded = rounded < double(kWordMin) ? double(kWordMin)
              : rounded > double(kWordMax) ? double(kWordMax)
                                           : rounded;
    // NaN fails every comparison above; it quantizes to 0.
    words[i] = rounded == rounded ? int16_t(rounded) : int16_t(0);
  }
}

double fixedpoint::dequantize(int16_t word, Format format) {
  return std::ldexp(double(word), -format.fracBits());
}

static bool fitsWithoutSaturation(double value, Format format) {
  return !quantize(value, format).saturated;
}

Expected<Format> fixedpoint::chooseFormat(double minValue, double maxValue) {
  if (!std::isfinite(minValue) || !std::isfinite(maxValue))
    return createStringError(
        inconvertibleErrorCode(),
        formatv("fixed-point format: range [{0}, {1}] is not finite",
                str(minValue), str(maxValue)));
  if (minValue > maxValue)
    return createStringError(
        inconvertibleErrorCode(),
        formatv("fixed-point format: empty range [{0}, {1}]", str(minValue),
                str(maxValue)));
  // Finer formats saturate sooner, so the first fit from the fine end is the
  // largest f that fits. 80 candidates: a loop is clearer than a logarithm.
  for (int f = Format::kMaxFracBits; f >= Format::kMinFracBits; --f) {
    Format format = cantFail(Format::get(f));
    if (fitsWithoutSaturation(minValue, format) &&
        fitsWithoutSaturation(maxValue, format))
      return format;
  }
  return createStringError(
      inconvertibleErrorCode(),
      formatv("fixed-point format: range [{0}, {1}] exceeds the coarsest "
              "format ({2} fractional bits: [{3}, {4}])",
              str(minValue), str(maxValue), Format::kMinFracBits,
              str(cantFail(Format::get(Format::kMinFracBits)).minValue()),
              str(cantFail(Format::get(Format::kMinFracBits)).maxValue())));
}

Expected<Format> fixedpoint::chooseFormat(double maxAbs) {
  if (std::isnan(maxAbs) || maxAbs < 0)
    return createStringError(
        inconvertibleErrorCode(),
        formatv("fixed-point format: maximum magnitude {0} is not a "
                "non-negative number",
                str(maxAbs)));
  return chooseFormat(-maxAbs, maxAbs);
}

SaturatedWord fixedpoint::shiftSaturate(int64_t value, int shift) {
  if (shift == 0)
    return saturate(value);
  if (shift > 0) {
    // Round half up: floor((v + 2^(shift-1)) / 2^shift), computed from
    // h = v >> (shift-1) as (h >> 1) + (h & 1) so that nothing can overflow
    // (arithmetic right shift is floor division, guaranteed since C++20 and
    // by GCC and Clang before). Past bit 63 only the sign is left, which
    // rounds to 0.
    int64_t half = value >> (shift > 64 ? 63 : shift - 1);
    return saturate((half >> 1) + (half & 1));
  }
  if (value == 0)
    return {0, false};
  // A non-zero value shifted left by 16 or more never fits in 16 bits, and
  // neither does one of magnitude 2^16 or more shifted by at least 1;
  // clamping both first keeps the shift below free of int64 overflow.
  int64_t amount = shift < -16 ? 16 : -int64_t(shift);
  constexpr int64_t kBound = int64_t(1) << 16;
  int64_t clamped = value < -kBound ? -kBound : value > kBound ? kBound : value;
  return saturate(clamped * (int64_t(1) << amount));
}
