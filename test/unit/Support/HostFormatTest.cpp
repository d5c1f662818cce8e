//===- HostFormatTest.cpp - float16 and bfloat16 rounding ----------------===//
//
// The bit-manipulating conversions are checked against llvm::APFloat over
// every 16-bit pattern, every rounding midpoint and random float32 values;
// the named cases pin the IEEE behaviour a reader can check by hand.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Support/HostFormat.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/bit.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>
#include <random>

using namespace eyeriss;
using namespace llvm;

namespace {

uint32_t bitsOf(float x) { return bit_cast<uint32_t>(x); }
float fromBits(uint32_t bits) { return bit_cast<float>(bits); }

/// APFloat's round-to-nearest-even conversion of `x` to `semantics`.
uint16_t apfloatBits(float x, const fltSemantics &semantics) {
  APFloat value(x);
  bool losesInfo;
  value.convert(semantics, APFloat::rmNearestTiesToEven, &losesInfo);
  return static_cast<uint16_t>(value.bitcastToAPInt().getZExtValue());
}

/// APFloat's (exact) float32 value of a 16-bit pattern of `semantics`.
uint32_t apfloatWidened(uint16_t bits, const fltSemantics &semantics) {
  APFloat value(semantics, APInt(16, bits));
  bool losesInfo;
  value.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven,
                &losesInfo);
  return static_cast<uint32_t>(value.bitcastToAPInt().getZExtValue());
}

/// Floats where rounding is decided: for each pattern, the midpoint to the
/// next one up and the floats either side of it, then random bit patterns.
std::vector<float> hardCases(float (*widen)(uint16_t)) {
  std::vector<float> cases;
  for (uint32_t h = 0; h < 0x10000; ++h) {
    float low = widen(static_cast<uint16_t>(h));
    float high = widen(static_cast<uint16_t>(h + 1));
    if (!std::isfinite(low) || !std::isfinite(high) ||
        std::signbit(low) != std::signbit(high))
      continue;
    float mid = static_cast<float>((double(low) + double(high)) / 2);
    cases.push_back(mid);
    cases.push_back(std::nextafter(mid, 0.0f));
    cases.push_back(std::nextafter(mid, 2 * mid));
  }
  std::mt19937 rng(42);
  for (int i = 0; i < 1000000; ++i)
    cases.push_back(fromBits(rng()));
  return cases;
}

TEST(HostFormat, Float16WidensEveryPatternAsAPFloat) {
  for (uint32_t h = 0; h < 0x10000; ++h)
    ASSERT_EQ(bitsOf(float16BitsToFloat(h)),
              apfloatWidened(h, APFloat::IEEEhalf()))
        << "half 0x" << std::hex << h;
}

TEST(HostFormat, Float16RoundsAsAPFloat) {
  for (float x : hardCases(float16BitsToFloat))
    ASSERT_EQ(floatToFloat16Bits(x), apfloatBits(x, APFloat::IEEEhalf()))
        << "float 0x" << std::hex << bitsOf(x);
}

TEST(HostFormat, Float16PatternsRoundTrip) {
  for (uint32_t h = 0; h < 0x10000; ++h) {
    float x = float16BitsToFloat(h);
    uint16_t back = floatToFloat16Bits(x);
    if ((h & 0x7c00) == 0x7c00 && (h & 0x3ff)) {
      // A NaN comes back a NaN of the same sign and payload, made quiet.
      EXPECT_TRUE(std::isnan(x)) << std::hex << h;
      EXPECT_EQ(back, h | 0x200) << std::hex << h;
    } else {
      EXPECT_EQ(back, h) << std::hex << h;
    }
  }
}

TEST(HostFormat, Float16TiesToEven) {
  // Between 1 and 1 + 2^-10, and between 1 + 2^-10 and 1 + 2^-9.
  EXPECT_EQ(roundToFormat(1.0f + 0x1p-11f, HostFormat::Float16), 1.0f);
  EXPECT_EQ(roundToFormat(1.0f + 3 * 0x1p-11f, HostFormat::Float16),
            1.0f + 0x1p-9f);
  // Just past a midpoint rounds away from the even neighbour.
  EXPECT_EQ(
      roundToFormat(std::nextafter(1.0f + 0x1p-11f, 2.0f), HostFormat::Float16),
      1.0f + 0x1p-10f);
  // Integers above 2048 step by 2.
  EXPECT_EQ(roundToFormat(2049.0f, HostFormat::Float16), 2048.0f);
  EXPECT_EQ(roundToFormat(2051.0f, HostFormat::Float16), 2052.0f);
  EXPECT_EQ(roundToFormat(-2051.0f, HostFormat::Float16), -2052.0f);
}

TEST(HostFormat, Float16OverflowsToInfinityAt65520) {
  float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(floatToFloat16Bits(65504.0f), 0x7bff);
  EXPECT_EQ(roundToFormat(65504.0f, HostFormat::Float16), 65504.0f);
  EXPECT_EQ(roundToFormat(std::nextafter(65520.0f, 0.0f), HostFormat::Float16),
            65504.0f);
  EXPECT_EQ(roundToFormat(65520.0f, HostFormat::Float16), inf);
  EXPECT_EQ(roundToFormat(-65520.0f, HostFormat::Float16), -inf);
  EXPECT_EQ(floatToFloat16Bits(1e10f), 0x7c00);
  EXPECT_EQ(floatToFloat16Bits(inf), 0x7c00);
  EXPECT_EQ(floatToFloat16Bits(-inf), 0xfc00);
}

TEST(HostFormat, Float16Subnormals) {
  // 2^-24 is the smallest subnormal; 2^-25, halfway to it, ties to zero.
  EXPECT_EQ(floatToFloat16Bits(0x1p-24f), 0x0001);
  EXPECT_EQ(roundToFormat(0x1p-24f, HostFormat::Float16), 0x1p-24f);
  EXPECT_EQ(floatToFloat16Bits(0x1p-25f), 0x0000);
  EXPECT_EQ(floatToFloat16Bits(std::nextafter(0x1p-25f, 1.0f)), 0x0001);
  EXPECT_EQ(floatToFloat16Bits(3 * 0x1p-25f), 0x0002);
  EXPECT_EQ(floatToFloat16Bits(0x1p-30f), 0x0000);
  // The largest subnormal, and rounding up from it into the normals.
  EXPECT_EQ(float16BitsToFloat(0x03ff), 1023 * 0x1p-24f);
  EXPECT_EQ(floatToFloat16Bits(1023.5f * 0x1p-24f), 0x0400);
  EXPECT_EQ(floatToFloat16Bits(0x1p-14f), 0x0400);
  EXPECT_EQ(floatToFloat16Bits(-0x1p-24f), 0x8001);
}

TEST(HostFormat, NaNStaysNaN) {
  float nan = std::numeric_limits<float>::quiet_NaN();
  for (HostFormat format : {HostFormat::Float16, HostFormat::BFloat16}) {
    EXPECT_TRUE(std::isnan(roundToFormat(nan, format)));
    EXPECT_TRUE(std::isnan(roundToFormat(-nan, format)));
    EXPECT_TRUE(std::signbit(roundToFormat(-nan, format)));
    // A signaling NaN whose payload is all in the dropped bits: still NaN.
    EXPECT_TRUE(std::isnan(roundToFormat(fromBits(0x7f800001), format)));
  }
  EXPECT_EQ(floatToFloat16Bits(nan), 0x7e00);
  EXPECT_EQ(floatToFloat16Bits(fromBits(0x7f800001)), 0x7e00);
  EXPECT_EQ(floatToBFloat16Bits(fromBits(0xff800001)), 0xffc0);
}

TEST(HostFormat, NegativeZeroKeepsItsSign) {
  for (HostFormat format : {HostFormat::Float16, HostFormat::BFloat16})
    EXPECT_EQ(bitsOf(roundToFormat(-0.0f, format)), 0x80000000u);
  // Underflow keeps the sign too.
  EXPECT_EQ(bitsOf(roundToFormat(-1e-30f, HostFormat::Float16)), 0x80000000u);
  EXPECT_EQ(floatToFloat16Bits(-0.0f), 0x8000);
  EXPECT_EQ(floatToBFloat16Bits(-0.0f), 0x8000);
}

TEST(HostFormat, BFloat16WidensEveryPatternAsAPFloat) {
  for (uint32_t h = 0; h < 0x10000; ++h)
    ASSERT_EQ(bitsOf(bfloat16BitsToFloat(h)),
              apfloatWidened(h, APFloat::BFloat()))
        << "bfloat16 0x" << std::hex << h;
}

TEST(HostFormat, BFloat16RoundsAsAPFloat) {
  for (float x : hardCases(bfloat16BitsToFloat))
    ASSERT_EQ(floatToBFloat16Bits(x), apfloatBits(x, APFloat::BFloat()))
        << "float 0x" << std::hex << bitsOf(x);
}

TEST(HostFormat, BFloat16PatternsRoundTrip) {
  for (uint32_t h = 0; h < 0x10000; ++h) {
    float x = bfloat16BitsToFloat(h);
    EXPECT_EQ(bitsOf(x) >> 16, h | (std::isnan(x) ? 0x40 : 0)) << std::hex << h;
    EXPECT_EQ(floatToBFloat16Bits(x), bitsOf(x) >> 16) << std::hex << h;
  }
}

TEST(HostFormat, BFloat16TiesToEvenAndOverflows) {
  EXPECT_EQ(roundToFormat(1.0f + 0x1p-8f, HostFormat::BFloat16), 1.0f);
  EXPECT_EQ(roundToFormat(1.0f + 3 * 0x1p-8f, HostFormat::BFloat16),
            1.0f + 0x1p-6f);
  EXPECT_EQ(roundToFormat(257.0f, HostFormat::BFloat16), 256.0f);
  EXPECT_EQ(roundToFormat(259.0f, HostFormat::BFloat16), 260.0f);
  // 0x7f7f is the largest finite bfloat16; above its midpoint with
  // infinity, float32's largest values overflow.
  EXPECT_EQ(floatToBFloat16Bits(fromBits(0x7f7f7fff)), 0x7f7f);
  EXPECT_EQ(floatToBFloat16Bits(std::numeric_limits<float>::max()), 0x7f80);
  // float32 subnormals are bfloat16 subnormals.
  EXPECT_EQ(floatToBFloat16Bits(fromBits(0x00010000)), 0x0001);
}

TEST(HostFormat, Float32AndFloat64LeaveValuesAlone) {
  for (float x : {1.0f + 0x1p-23f, 1e-45f, 3.4e38f, -0.0f, 65520.0f})
    for (HostFormat format : {HostFormat::Float32, HostFormat::Float64})
      EXPECT_EQ(bitsOf(roundToFormat(x, format)), bitsOf(x));
}

TEST(HostFormat, Int64HoldsWholeNumbers) {
  // Rounding to int64 is to the nearest whole number, ties to even;
  // wholeNumber accepts exactly the whole floats within int64's range.
  EXPECT_EQ(roundToFormat(2.5f, HostFormat::Int64), 2.0f);
  EXPECT_EQ(roundToFormat(-3.5f, HostFormat::Int64), -4.0f);
  EXPECT_EQ(roundToFormat(7.0f, HostFormat::Int64), 7.0f);
  EXPECT_EQ(wholeNumber(16777216.0f), std::optional<int64_t>(16777216));
  EXPECT_EQ(wholeNumber(-9223372036854775808.0f),
            std::optional<int64_t>(INT64_MIN));
  for (float x :
       {0.5f, 9223372036854775808.0f, std::numeric_limits<float>::infinity(),
        std::numeric_limits<float>::quiet_NaN()})
    EXPECT_EQ(wholeNumber(x), std::nullopt) << x;
}

TEST(HostFormat, Int32HoldsWholeNumbersInItsRange) {
  EXPECT_EQ(roundToFormat(2.5f, HostFormat::Int32), 2.0f);
  EXPECT_EQ(wholeNumberOf(-2147483648.0f, HostFormat::Int32),
            std::optional<int64_t>(INT32_MIN));
  EXPECT_EQ(wholeNumberOf(2147483648.0f, HostFormat::Int32), std::nullopt);
  EXPECT_EQ(wholeNumberOf(2147483648.0f, HostFormat::Int64),
            std::optional<int64_t>(2147483648));
  EXPECT_EQ(wholeNumberOf(0.5f, HostFormat::Int32), std::nullopt);
  EXPECT_TRUE(isIntegerFormat(HostFormat::Int32));
  EXPECT_TRUE(isIntegerFormat(HostFormat::Bool));
  EXPECT_TRUE(isIntegerFormat(HostFormat::Int64));
  EXPECT_FALSE(isIntegerFormat(HostFormat::Float64));
}

TEST(HostFormat, BoolHoldsZeroAndOne) {
  // A cast to bool: any nonzero value, NaN included, is true.
  EXPECT_EQ(roundToFormat(-0.0f, HostFormat::Bool), 0.0f);
  EXPECT_EQ(roundToFormat(0.25f, HostFormat::Bool), 1.0f);
  EXPECT_EQ(
      roundToFormat(std::numeric_limits<float>::quiet_NaN(), HostFormat::Bool),
      1.0f);
  EXPECT_EQ(wholeNumberOf(1.0f, HostFormat::Bool), std::optional<int64_t>(1));
  EXPECT_EQ(wholeNumberOf(0.0f, HostFormat::Bool), std::optional<int64_t>(0));
  for (float x : {2.0f, -1.0f, 0.5f})
    EXPECT_EQ(wholeNumberOf(x, HostFormat::Bool), std::nullopt) << x;
}

TEST(HostFormat, SeededIntegersCoverNarrowTypes) {
  // Calibration's and eyeriss-run's random integers that index nothing: an
  // 8- or 16-bit type's whole range (a uint8 image), else 0 and 1 (masks).
  using Range = std::pair<int64_t, int64_t>;
  EXPECT_EQ(seededIntegerRange(HostFormat::UInt8), Range(0, 255));
  EXPECT_EQ(seededIntegerRange(HostFormat::Int8), Range(-128, 127));
  EXPECT_EQ(seededIntegerRange(HostFormat::UInt16), Range(0, 65535));
  EXPECT_EQ(seededIntegerRange(HostFormat::Int16), Range(-32768, 32767));
  for (HostFormat f : {HostFormat::Int64, HostFormat::Int32, HostFormat::UInt32,
                       HostFormat::UInt64, HostFormat::Bool})
    EXPECT_EQ(seededIntegerRange(f), Range(0, 1)) << static_cast<int>(f);
}

TEST(HostFormat, NamesAndNumbers) {
  // A binary format stores the numbers.
  EXPECT_EQ(static_cast<int>(HostFormat::Float32), 0);
  EXPECT_EQ(static_cast<int>(HostFormat::Float16), 1);
  EXPECT_EQ(static_cast<int>(HostFormat::BFloat16), 2);
  EXPECT_EQ(static_cast<int>(HostFormat::Float64), 3);
  EXPECT_EQ(static_cast<int>(HostFormat::Int64), 4);
  EXPECT_EQ(static_cast<int>(HostFormat::Int32), 5);
  EXPECT_EQ(static_cast<int>(HostFormat::Bool), 6);
  EXPECT_EQ(stringifyHostFormat(HostFormat::Float32), "float32");
  EXPECT_EQ(stringifyHostFormat(HostFormat::Float16), "float16");
  EXPECT_EQ(stringifyHostFormat(HostFormat::BFloat16), "bfloat16");
  EXPECT_EQ(stringifyHostFormat(HostFormat::Float64), "float64");
  EXPECT_EQ(stringifyHostFormat(HostFormat::Int64), "int64");
  EXPECT_EQ(stringifyHostFormat(HostFormat::Int32), "int32");
  EXPECT_EQ(stringifyHostFormat(HostFormat::Bool), "bool");
  for (HostFormat format :
       {HostFormat::Float32, HostFormat::Float16, HostFormat::BFloat16,
        HostFormat::Float64, HostFormat::Int64, HostFormat::Int32,
        HostFormat::Bool})
    EXPECT_EQ(symbolizeHostFormat(stringifyHostFormat(format)), format);
  for (StringRef name : {"", "f16", "Float16", "half", "float"})
    EXPECT_EQ(symbolizeHostFormat(name), std::nullopt) << name.str();
}

} // namespace
