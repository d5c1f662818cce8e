//===- FixedPointTest.cpp - Formats, quantization, window, accumulation ---===//
//
// Each operation is checked against an independent formulation: 64-bit
// integer floor division and explicit clamps for the shifts, std::nearbyint
// (ties to even in the default rounding mode) for quantization, exact
// integer sums for the wrapping adds. Random inputs are seeded and mixed
// with the extreme words -32768, -1, 0, 1 and 32767.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Arith/FixedPoint.h"

#include "llvm/Support/Error.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cfenv>
#include <cmath>
#include <iterator>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

using namespace eyeriss::fixedpoint;
using namespace llvm;

namespace {

Format fmt(int fracBits) { return cantFail(Format::get(fracBits)); }

std::string errorText(Error error) { return toString(std::move(error)); }

/// floor(a / b) for b > 0, without relying on shifts.
int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

/// The window's definition with wide arithmetic: v / 2^shift rounded half
/// up, floor((v + 2^(shift-1)) / 2^shift), or v * 2^-shift, then clamp;
/// __int128 so that no shift can overflow.
SaturatedWord referenceShift(int64_t value, int shift) {
  __int128 r;
  if (shift == 0) {
    r = value;
  } else if (shift >= 100) {
    r = 0; // |value| < 2^63: rounds to 0.
  } else if (shift > 0) {
    __int128 d = __int128(1) << shift, up = __int128(value) + d / 2;
    r = up >= 0 ? up / d : -((-up + d - 1) / d);
  } else {
    r = -shift >= 63 ? (value == 0  ? 0
                        : value < 0 ? -(__int128(1) << 100)
                                    : (__int128(1) << 100))
                     : __int128(value) * (__int128(1) << -shift);
  }
  if (r < -32768)
    return {-32768, true};
  if (r > 32767)
    return {32767, true};
  return {static_cast<int16_t>(r), false};
}

/// A word drawn so that extremes and zeros are frequent.
int16_t randomWord(std::mt19937_64 &rng) {
  static const int16_t kSpecial[] = {-32768, -32767, -1, 0, 1, 32766, 32767};
  switch (rng() % 4) {
  case 0:
    return kSpecial[rng() % std::size(kSpecial)];
  case 1:
    return static_cast<int16_t>(int(rng() % 257) - 128);
  default:
    return static_cast<int16_t>(rng());
  }
}

//===----------------------------------------------------------------------===//
// Formats
//===----------------------------------------------------------------------===//

TEST(FormatTest, AcceptsTheDocumentedRange) {
  for (int f = Format::kMinFracBits; f <= Format::kMaxFracBits; ++f) {
    Expected<Format> format = Format::get(f);
    ASSERT_TRUE(bool(format)) << toString(format.takeError());
    EXPECT_EQ(format->fracBits(), f);
    EXPECT_EQ(format->step(), std::ldexp(1.0, -f));
    EXPECT_EQ(format->maxValue(), 32767 * std::ldexp(1.0, -f));
    EXPECT_EQ(format->minValue(), -32768 * std::ldexp(1.0, -f));
    EXPECT_EQ(format->maxRoundingError(), std::ldexp(0.5, -f));
  }
  EXPECT_EQ(Format().fracBits(), 0);
  EXPECT_EQ(fmt(3), fmt(3));
  EXPECT_NE(fmt(3), fmt(4));
}

TEST(FormatTest, RejectsOutOfRangeFracBits) {
  for (int f : {-33, 48, -1000, 1000, std::numeric_limits<int>::min(),
                std::numeric_limits<int>::max()}) {
    EXPECT_FALSE(Format::isValid(f));
    Expected<Format> format = Format::get(f);
    ASSERT_FALSE(bool(format));
    EXPECT_EQ(errorText(format.takeError()),
              "fixed-point format: " + std::to_string(f) +
                  " fractional bits is outside [-32, 47]");
  }
}

//===----------------------------------------------------------------------===//
// Quantization
//===----------------------------------------------------------------------===//

TEST(QuantizeTest, RoundsTiesToEven) {
  struct Case {
    double value;
    int16_t word;
  };
  for (Case c : {Case{0.5, 0}, Case{1.5, 2}, Case{2.5, 2}, Case{3.5, 4},
                 Case{-0.5, 0}, Case{-1.5, -2}, Case{-2.5, -2},
                 Case{0.49999999999999994, 0}, Case{2.5000000000000004, 3},
                 Case{-2.5000000000000004, -3}, Case{1.25, 1}, Case{-1.75, -2},
                 Case{32766.5, 32766}, Case{-32767.5, -32768}}) {
    SaturatedWord q = quantize(c.value, Format());
    EXPECT_EQ(q.word, c.word) << c.value;
    EXPECT_FALSE(q.saturated) << c.value;
  }
  // With fractional bits: 0.375 * 2^2 = 1.5 -> 2; 0.625 * 4 = 2.5 -> 2.
  EXPECT_EQ(quantize(0.375, fmt(2)).word, 2);
  EXPECT_EQ(quantize(0.625, fmt(2)).word, 2);
  // Negative f: 40 / 16 = 2.5 -> 2; 56 / 16 = 3.5 -> 4.
  EXPECT_EQ(quantize(40, fmt(-4)).word, 2);
  EXPECT_EQ(quantize(56, fmt(-4)).word, 4);
}

TEST(QuantizeTest, SaturatesAndReportsIt) {
  struct Case {
    double value;
    int16_t word;
    bool saturated;
  };
  const double inf = std::numeric_limits<double>::infinity();
  for (Case c : {Case{32767.0, 32767, false}, Case{32767.49, 32767, false},
                 Case{32767.5, 32767, true}, // ties to even: 32768
                 Case{32768.0, 32767, true}, Case{1e300, 32767, true},
                 Case{inf, 32767, true}, Case{-32768.0, -32768, false},
                 Case{-32768.5, -32768, false}, // ties to even: -32768
                 Case{-32768.51, -32768, true}, Case{-1e300, -32768, true},
                 Case{-inf, -32768, true}, Case{65535.9, 32767, true},
                 Case{-65536.0, -32768, true}}) {
    SaturatedWord q = quantize(c.value, Format());
    EXPECT_EQ(q.word, c.word) << c.value;
    EXPECT_EQ(q.saturated, c.saturated) << c.value;
  }
  SaturatedWord nan = quantize(std::nan(""), fmt(8));
  EXPECT_EQ(nan.word, 0);
  EXPECT_TRUE(nan.saturated);
  // The range scales with the format.
  EXPECT_TRUE(quantize(1.0, fmt(15)).saturated);
  EXPECT_FALSE(quantize(-1.0, fmt(15)).saturated);
  EXPECT_EQ(quantize(-1.0, fmt(15)).word, -32768);
}

TEST(QuantizeTest, MatchesNearbyIntOnRandomValues) {
  ASSERT_EQ(std::fegetround(), FE_TONEAREST);
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> wide(-40000.0, 40000.0);
  std::uniform_int_distribution<int> halves(-80000, 80000);
  for (int i = 0; i < 200000; ++i) {
    int f = int(rng() % 80) - 32;
    // Half of the values are exact ties (k + 0.5) * 2^-f.
    double scaled = i % 2 ? wide(rng) : halves(rng) / 2.0;
    double value = std::ldexp(scaled, -f);
    double rounded = std::nearbyint(scaled);
    double clamped = std::clamp(rounded, -32768.0, 32767.0);
    SaturatedWord q = quantize(value, fmt(f));
    ASSERT_EQ(q.word, int16_t(clamped)) << value << " f=" << f;
    ASSERT_EQ(q.saturated, rounded != clamped) << value << " f=" << f;
  }
}

TEST(QuantizeTest, WordsMatchQuantizeOneByOne) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<float> wide(-40000.0f, 40000.0f);
  std::uniform_int_distribution<int> halves(-80000, 80000);
  std::vector<float> values = {0.0f, -0.0f, 0.5f, 1.5f, -2.5f, 65535.5f,
                               -65536.5f, 1e30f, -1e30f,
                               std::numeric_limits<float>::infinity(),
                               -std::numeric_limits<float>::infinity(),
                               std::numeric_limits<float>::quiet_NaN(),
                               std::numeric_limits<float>::denorm_min()};
  for (int i = 0; i < 100000; ++i)
    values.push_back(i % 2 ? wide(rng) : float(halves(rng)) / 2.0f);
  for (int f : {-32, -3, 0, 1, 8, 15, 16, 30, 47}) {
    std::vector<int16_t> words(values.size());
    quantizeWords(values, fmt(f), words);
    for (size_t i = 0; i < values.size(); ++i)
      ASSERT_EQ(words[i], quantize(values[i], fmt(f)).word)
          << values[i] << " f=" << f;
  }
}

TEST(QuantizeTest, DequantizeRoundTripsEveryWord) {
  for (int f : {-32, -7, 0, 1, 8, 15, 16, 31, 47}) {
    for (int w = -32768; w <= 32767; ++w) {
      double value = dequantize(int16_t(w), fmt(f));
      ASSERT_EQ(value, std::ldexp(double(w), -f));
      SaturatedWord q = quantize(value, fmt(f));
      ASSERT_EQ(q.word, w);
      ASSERT_FALSE(q.saturated);
      // Half an LSB either side rounds back (ties to the even word).
      SaturatedWord up = quantize(value + fmt(f).maxRoundingError(), fmt(f));
      if (w < 32767) {
        ASSERT_EQ(up.word, (w & 1) ? w + 1 : w);
      }
    }
  }
}

TEST(QuantizeTest, ErrorIsAtMostHalfAnLsbInRange) {
  std::mt19937_64 rng(2);
  for (int i = 0; i < 100000; ++i) {
    Format format = fmt(int(rng() % 80) - 32);
    std::uniform_real_distribution<double> in(format.minValue(),
                                              format.maxValue());
    double value = in(rng);
    SaturatedWord q = quantize(value, format);
    ASSERT_FALSE(q.saturated);
    ASSERT_LE(std::fabs(dequantize(q.word, format) - value),
              format.maxRoundingError());
  }
}

TEST(ChooseFormatTest, PicksTheFinestFormatThatFits) {
  EXPECT_EQ(cantFail(chooseFormat(1.0)).fracBits(), 14);
  EXPECT_EQ(cantFail(chooseFormat(32767.0 / 32768.0)).fracBits(), 15);
  EXPECT_EQ(cantFail(chooseFormat(0.99999)).fracBits(), 14); // rounds to 2^15
  EXPECT_EQ(cantFail(chooseFormat(32767.0)).fracBits(), 0);
  EXPECT_EQ(cantFail(chooseFormat(32767.5)).fracBits(), -1);
  EXPECT_EQ(cantFail(chooseFormat(100.0)).fracBits(), 8);
  EXPECT_EQ(cantFail(chooseFormat(0.0)).fracBits(), 47);
  EXPECT_EQ(cantFail(chooseFormat(-1.0, 0.5)).fracBits(), 15);
  EXPECT_EQ(cantFail(chooseFormat(-1.0, 1.0)).fracBits(), 14);
  EXPECT_EQ(cantFail(chooseFormat(2.0, 3.0)).fracBits(), 13);
  EXPECT_EQ(cantFail(chooseFormat(32767.0 * std::ldexp(1.0, 32))).fracBits(),
            -32);

  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> exponent(-40.0, 45.0);
  for (int i = 0; i < 20000; ++i) {
    double maxAbs = std::exp2(exponent(rng));
    Format format = cantFail(chooseFormat(maxAbs));
    EXPECT_FALSE(quantize(maxAbs, format).saturated);
    EXPECT_FALSE(quantize(-maxAbs, format).saturated);
    if (format.fracBits() < Format::kMaxFracBits) {
      EXPECT_TRUE(quantize(maxAbs, fmt(format.fracBits() + 1)).saturated);
    }
  }
}

TEST(ChooseFormatTest, RejectsBadRanges) {
  EXPECT_EQ(errorText(chooseFormat(-1.0).takeError()),
            "fixed-point format: maximum magnitude -1 is not a non-negative "
            "number");
  EXPECT_FALSE(bool(chooseFormat(std::nan(""))));
  consumeError(chooseFormat(std::nan("")).takeError());
  EXPECT_EQ(
      errorText(
          chooseFormat(std::numeric_limits<double>::infinity()).takeError()),
      "fixed-point format: range [-inf, inf] is not finite");
  EXPECT_EQ(errorText(chooseFormat(1.0, -1.0).takeError()),
            "fixed-point format: empty range [1, -1]");
  Expected<Format> tooWide = chooseFormat(1e20);
  ASSERT_FALSE(bool(tooWide));
  EXPECT_NE(errorText(tooWide.takeError())
                .find("exceeds the coarsest format (-32 fractional bits"),
            std::string::npos);
}

//===----------------------------------------------------------------------===//
// Window, shifts, requantization
//===----------------------------------------------------------------------===//

TEST(WindowTest, RoundsHalfUpAndSaturates) {
  // Round half up: -2.5 -> -2, 2.5 -> 3, -1.5 -> -1, -1.75 -> -2.
  EXPECT_EQ(window(-5, 1, 1).word, -2);
  EXPECT_EQ(window(5, 1, 1).word, 3);
  EXPECT_EQ(window(-3, 1, 1).word, -1);
  EXPECT_EQ(window(-7, 1, 2).word, -2);
  EXPECT_EQ(window(-1, 1, 4).word, 0);
  EXPECT_EQ(window(-1, 1, 100).word, 0);
  EXPECT_EQ(window(1, 1, 100).word, 0);
  EXPECT_EQ(window(-32768, 32767, 31).word, 0);
  EXPECT_EQ(window(-32768, -32768, 31).word, 1);
  // Largest product: 2^30.
  EXPECT_EQ(window(-32768, -32768, 15).word, 32767);
  EXPECT_TRUE(window(-32768, -32768, 15).saturated);
  EXPECT_EQ(window(-32768, -32768, 16).word, 16384);
  EXPECT_FALSE(window(-32768, -32768, 16).saturated);
  EXPECT_EQ(window(-32768, 32767, 15).word, -32767);
  EXPECT_EQ(window(300, 300, 0).word, 32767);
  EXPECT_EQ(window(-300, 300, 0).word, -32768);
  // Left shifts.
  EXPECT_EQ(window(3, 5, -2).word, 60);
  EXPECT_EQ(window(-1, 1, -15).word, -32768);
  EXPECT_FALSE(window(-1, 1, -15).saturated);
  EXPECT_TRUE(window(1, 1, -15).saturated);
  EXPECT_TRUE(window(-1, 1, -16).saturated);
  EXPECT_EQ(window(0, 7, -1000).word, 0);
  EXPECT_FALSE(window(0, 7, -1000).saturated);
}

TEST(WindowTest, MatchesWideReferenceOnRandomProducts) {
  std::mt19937_64 rng(4);
  for (int i = 0; i < 2000000; ++i) {
    int16_t w = randomWord(rng), x = randomWord(rng);
    int shift = int(rng() % 60) - 20; // [-20, 39]
    SaturatedWord got = window(w, x, shift);
    SaturatedWord want = referenceShift(int64_t(w) * x, shift);
    ASSERT_EQ(got.word, want.word) << w << " * " << x << " >> " << shift;
    ASSERT_EQ(got.saturated, want.saturated)
        << w << " * " << x << " >> " << shift;
  }
}

TEST(WindowTest, ShiftSaturateOnWideValues) {
  std::mt19937_64 rng(5);
  const int64_t kExtremes[] = {std::numeric_limits<int64_t>::min(),
                               std::numeric_limits<int64_t>::max(),
                               -(int64_t(1) << 40),
                               int64_t(1) << 40,
                               -65537,
                               -65536,
                               65536,
                               65535,
                               -1,
                               0,
                               1};
  for (int i = 0; i < 500000; ++i) {
    int64_t value = i % 3 == 0 ? kExtremes[rng() % std::size(kExtremes)]
                               : int64_t(rng()) >> (rng() % 64);
    int shift = int(rng() % 140) - 70;
    SaturatedWord got = shiftSaturate(value, shift);
    SaturatedWord want = referenceShift(value, shift);
    ASSERT_EQ(got.word, want.word) << value << " >> " << shift;
    ASSERT_EQ(got.saturated, want.saturated) << value << " >> " << shift;
  }
  // -2^63 / 2^1000 rounds to 0; -2^63 / 2^64 = -0.5 rounds up to 0.
  EXPECT_EQ(shiftSaturate(std::numeric_limits<int64_t>::min(), 1000).word, 0);
  EXPECT_EQ(shiftSaturate(std::numeric_limits<int64_t>::min(), 64).word, 0);
  EXPECT_EQ(shiftSaturate(std::numeric_limits<int64_t>::min(), 63).word, -1);
  EXPECT_EQ(shiftSaturate(std::numeric_limits<int>::max(), -1000).word, 32767);
}

TEST(WindowTest, WindowShiftFromFormats) {
  // 8-bit fractions on both operands, psum with 10: keep bits [6, 22).
  EXPECT_EQ(windowShift(fmt(8), fmt(8), fmt(10)), 6);
  EXPECT_EQ(windowShift(fmt(-2), fmt(0), fmt(3)), -5);
  // 0.5 * 0.75 in f=8 x f=8 to f=10: 128 * 192 = 24576 >> 6 = 384 = 0.375.
  int shift = windowShift(fmt(8), fmt(8), fmt(10));
  int16_t w = quantize(0.5, fmt(8)).word, x = quantize(0.75, fmt(8)).word;
  EXPECT_EQ(dequantize(window(w, x, shift).word, fmt(10)), 0.375);
}

TEST(RequantizeTest, RightShiftRoundsAndSaturates) {
  // psum f = 10 -> out f = 8: division by 4, rounded half up.
  EXPECT_EQ(requantize(7, fmt(10), fmt(8)).word, 2);
  EXPECT_EQ(requantize(-5, fmt(10), fmt(8)).word, -1);
  EXPECT_EQ(requantize(-6, fmt(10), fmt(8)).word, -1);
  EXPECT_EQ(requantize(-7, fmt(10), fmt(8)).word, -2);
  EXPECT_EQ(requantize(-4, fmt(10), fmt(8)).word, -1);
  EXPECT_EQ(requantize(-32768, fmt(10), fmt(8)).word, -8192);
  EXPECT_EQ(requantize(123, fmt(4), fmt(4)).word, 123);
  EXPECT_EQ(requantize(-1, fmt(47), fmt(-32)).word, 0);
  for (int p = -32768; p <= 32767; ++p) {
    for (int d : {0, 1, 3, 15, 16, 40}) {
      SaturatedWord r = requantize(int16_t(p), fmt(20), fmt(20 - d));
      int64_t want =
          d == 0 ? p
                 : floorDiv(p + (int64_t(1) << (d - 1)), int64_t(1) << d);
      ASSERT_EQ(r.word, want);
      ASSERT_FALSE(r.saturated);
    }
  }
}

TEST(RequantizeTest, LeftShiftSaturates) {
  // psum f = 8 -> out f = 10: multiply by 4.
  EXPECT_EQ(requantize(100, fmt(8), fmt(10)).word, 400);
  EXPECT_FALSE(requantize(100, fmt(8), fmt(10)).saturated);
  EXPECT_EQ(requantize(8191, fmt(8), fmt(10)).word, 32764);
  EXPECT_EQ(requantize(8192, fmt(8), fmt(10)).word, 32767);
  EXPECT_TRUE(requantize(8192, fmt(8), fmt(10)).saturated);
  EXPECT_EQ(requantize(-8192, fmt(8), fmt(10)).word, -32768);
  EXPECT_FALSE(requantize(-8192, fmt(8), fmt(10)).saturated);
  EXPECT_EQ(requantize(-8193, fmt(8), fmt(10)).word, -32768);
  EXPECT_TRUE(requantize(-8193, fmt(8), fmt(10)).saturated);
  EXPECT_EQ(requantize(1, fmt(-32), fmt(47)).word, 32767);
  EXPECT_EQ(requantize(0, fmt(-32), fmt(47)).word, 0);
  for (int p = -32768; p <= 32767; ++p) {
    for (int d : {1, 2, 7, 15, 16, 79}) {
      SaturatedWord r = requantize(int16_t(p), fmt(-32), fmt(-32 + d));
      SaturatedWord want = referenceShift(p, -d);
      ASSERT_EQ(r.word, want.word);
      ASSERT_EQ(r.saturated, want.saturated);
    }
  }
}

TEST(RequantizeTest, OutputStageAppliesRelu) {
  EXPECT_EQ(outputStage(-300, fmt(10), fmt(8), true).word, 0);
  EXPECT_EQ(outputStage(-300, fmt(10), fmt(8), false).word, -75);
  EXPECT_EQ(outputStage(301, fmt(10), fmt(8), true).word, 75);
  // ReLU commutes with requantize: check every psum both ways.
  for (int p = -32768; p <= 32767; ++p) {
    for (int d : {-3, 0, 5}) {
      SaturatedWord a = outputStage(int16_t(p), fmt(8), fmt(8 - d), true);
      SaturatedWord b = requantize(int16_t(p), fmt(8), fmt(8 - d));
      ASSERT_EQ(a.word, relu(b.word));
    }
  }
}

//===----------------------------------------------------------------------===//
// Accumulation
//===----------------------------------------------------------------------===//

TEST(AccumulateTest, WrapsAndDetectsIt) {
  EXPECT_EQ(accumulatePsum(32767, 1), -32768);
  EXPECT_EQ(accumulatePsum(-32768, -1), 32767);
  EXPECT_EQ(accumulatePsum(-32768, -32768), 0);
  EXPECT_EQ(accumulatePsum(100, -30), 70);
  WrappedWord up = accumulatePsumChecked(32767, 1);
  EXPECT_EQ(up.word, -32768);
  EXPECT_TRUE(up.wrapped);
  WrappedWord down = accumulatePsumChecked(-32768, -1);
  EXPECT_EQ(down.word, 32767);
  EXPECT_TRUE(down.wrapped);
  WrappedWord fine = accumulatePsumChecked(32766, 1);
  EXPECT_EQ(fine.word, 32767);
  EXPECT_FALSE(fine.wrapped);
  EXPECT_FALSE(accumulatePsumChecked(-32767, -1).wrapped);

  std::mt19937_64 rng(6);
  for (int i = 0; i < 1000000; ++i) {
    int16_t a = randomWord(rng), b = randomWord(rng);
    int32_t exact = int32_t(a) + b;
    WrappedWord sum = accumulatePsumChecked(a, b);
    ASSERT_EQ(sum.word, int16_t(uint16_t(uint32_t(exact) & 0xffff)));
    ASSERT_EQ(sum.word, accumulatePsum(a, b));
    ASSERT_EQ(sum.wrapped, exact < -32768 || exact > 32767);
  }
}

TEST(AccumulateTest, SumsDoNotDependOnOrder) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<int16_t> terms(1 + rng() % 100);
    for (int16_t &t : terms)
      t = randomWord(rng);
    auto sum = [](const std::vector<int16_t> &v) {
      int16_t s = 0;
      for (int16_t t : v)
        s = accumulatePsum(s, t);
      return s;
    };
    int16_t inOrder = sum(terms);
    std::shuffle(terms.begin(), terms.end(), rng);
    ASSERT_EQ(sum(terms), inOrder);
    // A tree of pairwise sums (how PE sets and passes combine) agrees too.
    std::vector<int16_t> level = terms;
    while (level.size() > 1) {
      std::vector<int16_t> next;
      for (size_t i = 0; i + 1 < level.size(); i += 2)
        next.push_back(accumulatePsum(level[i], level[i + 1]));
      if (level.size() % 2)
        next.push_back(level.back());
      level = std::move(next);
    }
    ASSERT_EQ(level.front(), inOrder);
  }
}

TEST(AccumulateTest, MacIsWindowThenWrap) {
  EXPECT_EQ(mac(10, 3, 4, 0), 22);
  EXPECT_EQ(mac(10, 3, 4, 1), 16);
  EXPECT_EQ(mac(32767, 1, 1, 0), -32768);
  EXPECT_EQ(mac(0, -32768, -32768, 0), 32767); // the window saturates first
  EXPECT_EQ(relu(-1), 0);
  EXPECT_EQ(relu(5), 5);
  EXPECT_EQ(saturate(70000).word, 32767);
  EXPECT_TRUE(saturate(-70000).saturated);
  EXPECT_FALSE(saturate(-32768).saturated);
}

} // namespace
