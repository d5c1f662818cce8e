//===- HostFormat.cpp - The element types tensors are exchanged in -------===//
//
// Integer-only conversions, so that the result does not depend on the
// floating-point environment (flush-to-zero would break float16 subnormals
// computed with float arithmetic).
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Support/HostFormat.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/ErrorHandling.h"

#include <cassert>
#include <cmath>

using namespace eyeriss;
using namespace llvm;

static constexpr uint32_t kSignMask = 0x80000000u;
static constexpr uint32_t kFloatInfinity = 0x7f800000u;
static constexpr uint32_t kFloatQuietBit = 0x00400000u;

float eyeriss::float16BitsToFloat(uint16_t bits) {
  uint32_t sign = static_cast<uint32_t>(bits & 0x8000u) << 16;
  uint32_t exponent = (bits >> 10) & 0x1fu;
  uint32_t mantissa = bits & 0x3ffu;
  uint32_t result;
  if (exponent == 0x1f) {
    // Infinity, or a NaN made quiet (as a conversion does).
    result = sign | kFloatInfinity | (mantissa << 13) |
             (mantissa ? kFloatQuietBit : 0);
  } else if (exponent != 0) {
    // Normal: rebias the exponent from 15 to 127.
    result = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    result = sign;
  } else {
    // Subnormal, mantissa * 2^-24: normal in float32. Shift the leading one
    // into the implicit bit's place (bit 10), lowering the exponent from
    // that of 2^-14 (113 biased) once per shift.
    int shift = countl_zero(mantissa) - 21;
    result =
        sign | ((113 - shift) << 23) | (((mantissa << shift) & 0x3ffu) << 13);
  }
  return bit_cast<float>(result);
}

uint16_t eyeriss::floatToFloat16Bits(float x) {
  uint32_t bits = bit_cast<uint32_t>(x);
  uint16_t sign = static_cast<uint16_t>((bits & kSignMask) >> 16);
  uint32_t magnitude = bits & ~kSignMask;
  if (magnitude > kFloatInfinity) // NaN: keep the leading payload, quiet.
    return sign | 0x7e00u | ((magnitude >> 13) & 0x3ffu);
  // From 65520 (the midpoint between 65504, the largest finite value, and
  // 2^16, odd mantissa) up to infinity the result is infinity; the normal
  // path below gets there by carrying into the exponent for [65520, 2^16).
  if (magnitude >= 0x47800000u) // 2^16
    return sign | 0x7c00u;
  if (magnitude >= 0x38800000u) { // 2^-14, the smallest normal float16
    // Rebias the exponent and round the 13 dropped bits to nearest even:
    // adding 0xfff, plus 1 when the kept part is odd, carries into the kept
    // part exactly when the dropped bits exceed half (or equal it, odd).
    uint32_t odd = (magnitude >> 13) & 1;
    return sign | static_cast<uint16_t>(
                      (magnitude - (112u << 23) + 0xfffu + odd) >> 13);
  }
  // Subnormal or zero: the result counts units of 2^-24. A float32 with
  // biased exponent e and significand m (implicit one included) is
  // m * 2^(e - 150), so the count is m >> (126 - e), rounded.
  uint32_t exponent = magnitude >> 23;
  if (exponent < 102) // Below 2^-25: rounds to zero (2^-25 itself ties).
    return sign;
  uint32_t significand = (magnitude & 0x7fffffu) | 0x800000u;
  uint32_t shift = 126 - exponent; // 14..24
  uint32_t kept = significand >> shift;
  uint32_t dropped = significand & ((1u << shift) - 1);
  uint32_t half = 1u << (shift - 1);
  if (dropped > half || (dropped == half && (kept & 1)))
    ++kept; // May carry into the exponent: 0x400 is 2^-14, as it should be.
  return sign | static_cast<uint16_t>(kept);
}

float eyeriss::bfloat16BitsToFloat(uint16_t bits) {
  uint32_t result = static_cast<uint32_t>(bits) << 16;
  if ((result & ~kSignMask) > kFloatInfinity) // NaN: make it quiet.
    result |= kFloatQuietBit;
  return bit_cast<float>(result);
}

uint16_t eyeriss::floatToBFloat16Bits(float x) {
  uint32_t bits = bit_cast<uint32_t>(x);
  if ((bits & ~kSignMask) > kFloatInfinity) // NaN: keep the leading payload.
    return static_cast<uint16_t>(bits >> 16) | 0x0040u;
  // bfloat16 has float32's exponent range, so only the 16 low bits round;
  // as for float16, a carry out of the largest finite value gives infinity.
  uint32_t odd = (bits >> 16) & 1;
  return static_cast<uint16_t>((bits + 0x7fffu + odd) >> 16);
}

float eyeriss::roundToFormat(float x, HostFormat format) {
  switch (format) {
  case HostFormat::Float32:
  case HostFormat::Float64:
    return x;
  case HostFormat::Float16:
    return float16BitsToFloat(floatToFloat16Bits(x));
  case HostFormat::BFloat16:
    return bfloat16BitsToFloat(floatToBFloat16Bits(x));
  case HostFormat::Int64:
  case HostFormat::Int32:
  case HostFormat::UInt8:
  case HostFormat::Int8:
  case HostFormat::UInt16:
  case HostFormat::Int16:
  case HostFormat::UInt32:
  case HostFormat::UInt64:
    return std::nearbyint(x);
  case HostFormat::Bool:
    return x != 0.0f ? 1.0f : 0.0f;
  }
  llvm_unreachable("unknown host format");
}

std::pair<int64_t, int64_t> eyeriss::heldIntegerRange(HostFormat format) {
  std::optional<IntegerFormat> type = integerFormat(format);
  assert(type && "an integer format");
  if (type->bits >= 32)
    return {type->isSigned ? -kMaxExactInteger : 0, kMaxExactInteger};
  int64_t hi = (int64_t(1) << (type->bits - (type->isSigned ? 1 : 0))) - 1;
  return {type->isSigned ? -hi - 1 : 0, hi};
}

std::pair<int64_t, int64_t> eyeriss::seededIntegerRange(HostFormat format) {
  std::optional<IntegerFormat> type = integerFormat(format);
  if (type && type->bits >= 8 && type->bits <= 16)
    return heldIntegerRange(format);
  return {0, 1};
}

std::string eyeriss::describeIntegerRange(HostFormat format) {
  if (format == HostFormat::Bool)
    return "0 or 1";
  std::optional<IntegerFormat> type = integerFormat(format);
  if (type && type->bits >= 32)
    return type->isSigned ? "a whole number of magnitude at most 2^24"
                          : "a whole number from 0 to 2^24";
  auto [lo, hi] = heldIntegerRange(format);
  return "a whole number from " + std::to_string(lo) + " to " +
         std::to_string(hi);
}

std::optional<IntegerFormat> eyeriss::integerFormat(HostFormat format) {
  switch (format) {
  case HostFormat::Int64:
    return IntegerFormat{64, true};
  case HostFormat::Int32:
    return IntegerFormat{32, true};
  case HostFormat::Bool:
    return IntegerFormat{1, false};
  case HostFormat::UInt8:
    return IntegerFormat{8, false};
  case HostFormat::Int8:
    return IntegerFormat{8, true};
  case HostFormat::UInt16:
    return IntegerFormat{16, false};
  case HostFormat::Int16:
    return IntegerFormat{16, true};
  case HostFormat::UInt32:
    return IntegerFormat{32, false};
  case HostFormat::UInt64:
    return IntegerFormat{64, false};
  default:
    return std::nullopt;
  }
}

std::optional<int64_t> eyeriss::wholeNumber(float x) {
  // 2^63 is a float; every float below it in magnitude converts exactly.
  constexpr float kLimit = 9223372036854775808.0f;
  if (!(x >= -kLimit && x < kLimit) || std::trunc(x) != x)
    return std::nullopt;
  return static_cast<int64_t>(x);
}

std::optional<int64_t> eyeriss::wholeNumberOf(float x, HostFormat format) {
  std::optional<int64_t> whole = wholeNumber(x);
  std::optional<IntegerFormat> type = integerFormat(format);
  if (!whole || !type || type->bits >= 64)
    return whole && (!type || type->isSigned || *whole >= 0) ? whole
                                                             : std::nullopt;
  // Bool is 1 bit wide, unsigned: 0 or 1.
  int64_t lo = type->isSigned ? -(int64_t(1) << (type->bits - 1)) : 0;
  int64_t hi = type->isSigned ? (int64_t(1) << (type->bits - 1)) - 1
                              : (int64_t(1) << type->bits) - 1;
  if (*whole < lo || *whole > hi)
    return std::nullopt;
  return whole;
}

StringRef eyeriss::stringifyHostFormat(HostFormat format) {
  switch (format) {
  case HostFormat::Float32:
    return "float32";
  case HostFormat::Float16:
    return "float16";
  case HostFormat::BFloat16:
    return "bfloat16";
  case HostFormat::Float64:
    return "float64";
  case HostFormat::Int64:
    return "int64";
  case HostFormat::Int32:
    return "int32";
  case HostFormat::Bool:
    return "bool";
  case HostFormat::UInt8:
    return "uint8";
  case HostFormat::Int8:
    return "int8";
  case HostFormat::UInt16:
    return "uint16";
  case HostFormat::Int16:
    return "int16";
  case HostFormat::UInt32:
    return "uint32";
  case HostFormat::UInt64:
    return "uint64";
  }
  llvm_unreachable("unknown host format");
}

std::optional<HostFormat> eyeriss::symbolizeHostFormat(StringRef name) {
  return StringSwitch<std::optional<HostFormat>>(name)
      .Case("float32", HostFormat::Float32)
      .Case("float16", HostFormat::Float16)
      .Case("bfloat16", HostFormat::BFloat16)
      .Case("float64", HostFormat::Float64)
      .Case("int64", HostFormat::Int64)
      .Case("int32", HostFormat::Int32)
      .Case("bool", HostFormat::Bool)
      .Case("uint8", HostFormat::UInt8)
      .Case("int8", HostFormat::Int8)
      .Case("uint16", HostFormat::UInt16)
      .Case("int16", HostFormat::Int16)
      .Case("uint32", HostFormat::UInt32)
      .Case("uint64", HostFormat::UInt64)
      .Default(std::nullopt);
}
