//===- RowConvTest.cpp - The PE's row convolution kernels -----------------===//
//
// The reference kernel is checked by hand on small cases and against a
// from-scratch loop on exact integers; the fast kernel is then checked
// against the reference bit for bit (psums and every counter) on thousands of
// random shapes whose data is rich in zeros and extreme words.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Arith/FixedPoint.h"

#include "llvm/Support/Error.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <iterator>
#include <random>
#include <string>
#include <vector>

using namespace eyeriss::fixedpoint;
using namespace llvm;

namespace {

struct Operands {
  std::vector<int16_t> weights, ifmap, psums;
};

Operands sized(const RowConvShape &shape) {
  Operands o;
  o.weights.resize(shape.P * shape.Q * shape.S);
  o.ifmap.resize(shape.Q * shape.rowLength());
  o.psums.resize(shape.P * shape.F);
  return o;
}

/// Data with a given share of zeros and of extreme words.
void fill(std::vector<int16_t> &data, std::mt19937_64 &rng, double zeroFraction,
          double extremeFraction, int magnitude) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  static const int16_t kExtremes[] = {-32768, 32767, -32767, -1, 1};
  for (int16_t &v : data) {
    double u = unit(rng);
    if (u < zeroFraction)
      v = 0;
    else if (u < zeroFraction + extremeFraction)
      v = kExtremes[rng() % std::size(kExtremes)];
    else
      v = static_cast<int16_t>(int(rng() % (2 * magnitude + 1)) - magnitude);
  }
}

RowConvStats runReference(const RowConvShape &shape, Operands &o) {
  Expected<RowConvStats> stats =
      rowConvReference(shape, o.weights, o.ifmap, o.psums);
  if (!stats) {
    ADD_FAILURE() << toString(stats.takeError());
    return {};
  }
  return *stats;
}

RowConvStats runFast(const RowConvShape &shape, Operands &o) {
  Expected<RowConvStats> stats = rowConv(shape, o.weights, o.ifmap, o.psums);
  if (!stats) {
    ADD_FAILURE() << toString(stats.takeError());
    return {};
  }
  return *stats;
}

std::string describe(const RowConvShape &s) {
  return "S=" + std::to_string(s.S) + " F=" + std::to_string(s.F) +
         " U=" + std::to_string(s.U) + " D=" + std::to_string(s.D) +
         " P=" + std::to_string(s.P) + " Q=" + std::to_string(s.Q) +
         " W=" + std::to_string(s.W) + " shift=" + std::to_string(s.shift);
}

/// A small shape with any stride, dilation and window shift (-4 to 19).
RowConvShape smallRandomShape(std::mt19937_64 &rng) {
  RowConvShape shape;
  shape.S = 1 + rng() % 11;
  shape.U = 1 + rng() % 4;
  shape.D = 1 + rng() % 3;
  shape.F = 1 + rng() % 30;
  shape.P = 1 + rng() % 3;
  shape.Q = 1 + rng() % 3;
  shape.shift = int(rng() % 24) - 4;
  return shape;
}

/// The sum of psum (p, f)'s windowed products in exact integers, from
/// scratch (no shifts on negative values); adds its window saturations.
int64_t exactProducts(const RowConvShape &shape, const Operands &o, int64_t p,
                      int64_t f, int64_t &saturations) {
  int64_t sum = 0;
  for (int64_t q = 0; q < shape.Q; ++q)
    for (int64_t s = 0; s < shape.S; ++s) {
      int64_t prod = int64_t(o.weights[(p * shape.Q + q) * shape.S + s]) *
                     o.ifmap[q * shape.rowLength() + f * shape.U + s * shape.D];
      // Round half up: floor((prod + 2^(shift-1)) / 2^shift), with
      // division (not shifts) on the non-negative offset value.
      int64_t v = prod;
      if (shape.shift > 0) {
        int64_t d = int64_t(1) << shape.shift;
        int64_t up = prod + d / 2;
        v = up >= 0 ? up / d : -((-up + d - 1) / d);
      } else if (shape.shift < 0) {
        v = prod * (int64_t(1) << -shape.shift);
      }
      int64_t c = std::min<int64_t>(std::max<int64_t>(v, -32768), 32767);
      saturations += c != v;
      sum += c;
    }
  return sum;
}

TEST(RowConvTest, SmallCaseByHand) {
  // JSSC 2017 Fig. 3: S = 3, W = 5, so F = 3.
  RowConvShape shape;
  shape.S = 3;
  shape.F = 3;
  Operands o = sized(shape);
  EXPECT_EQ(o.ifmap.size(), 5u);
  o.weights = {1, 2, 3};
  o.ifmap = {1, 0, 2, 0, 3};
  o.psums = {100, 0, -100};
  // f=0: 1*1 + 2*0 + 3*2 = 7; f=1: 0 + 4 + 0 = 4; f=2: 2 + 0 + 9 = 11.
  Operands fast = o;
  RowConvStats ref = runReference(shape, o);
  EXPECT_EQ(o.psums, (std::vector<int16_t>{107, 4, -89}));
  EXPECT_EQ(ref.macs, 9);
  EXPECT_EQ(ref.zeroIfmapMacs, 4); // x[1] twice, x[3] twice
  EXPECT_EQ(ref.windowSaturations, 0);
  EXPECT_EQ(ref.psumWraps, 0);
  EXPECT_EQ(runFast(shape, fast), ref);
  EXPECT_EQ(fast.psums, o.psums);
}

/// The worked example of docs/FixedPoint.md, step by step.
TEST(RowConvTest, DocsWorkedExample) {
  Format fw = cantFail(Format::get(8)), fx = cantFail(Format::get(7));
  Format fpsum = cantFail(Format::get(10)), fout = cantFail(Format::get(6));
  RowConvShape shape;
  shape.S = 3;
  shape.F = 2;
  shape.shift = windowShift(fw, fx, fpsum);
  EXPECT_EQ(shape.shift, 5);
  Operands o = sized(shape);
  const double w[] = {0.5, -0.25, 0.75}, x[] = {1.0, 0.0, 2.5, -1.0};
  for (int s = 0; s < 3; ++s)
    o.weights[s] = quantize(w[s], fw).word;
  for (int i = 0; i < 4; ++i)
    o.ifmap[i] = quantize(x[i], fx).word;
  EXPECT_EQ(o.weights, (std::vector<int16_t>{128, -64, 192}));
  EXPECT_EQ(o.ifmap, (std::vector<int16_t>{128, 0, 320, -128}));
  // The bias 0.125 is the initial psum.
  o.psums.assign(2, quantize(0.125, fpsum).word);
  EXPECT_EQ(o.psums[0], 128);
  RowConvStats stats = runFast(shape, o);
  EXPECT_EQ(o.psums, (std::vector<int16_t>{2560, -1280}));
  EXPECT_EQ(dequantize(o.psums[0], fpsum), 2.5);
  EXPECT_EQ(dequantize(o.psums[1], fpsum), -1.25);
  EXPECT_EQ(stats.zeroIfmapMacs, 2);
  EXPECT_EQ(outputStage(o.psums[0], fpsum, fout, true).word, 160);
  EXPECT_EQ(outputStage(o.psums[1], fpsum, fout, true).word, 0);
  EXPECT_EQ(outputStage(o.psums[1], fpsum, fout, false).word, -80);
  // Rounding half up: a product of -3 LSBs through a shift of 1.
  EXPECT_EQ(window(-3, 1, 1).word, -1);
  EXPECT_EQ(window(3, 1, 1).word, 2);
}

TEST(RowConvTest, StrideDilationAndMultipleFiltersAndChannels) {
  RowConvShape shape;
  shape.S = 2;
  shape.F = 2;
  shape.U = 2;
  shape.D = 3;
  shape.P = 2;
  shape.Q = 2;
  shape.W = 8; // minimum is (2-1)*2 + (2-1)*3 + 1 = 6
  shape.shift = 1;
  Operands o = sized(shape);
  // weights[p][q][s]
  o.weights = {1, 2, /*q1*/ 3, 4, /*p1*/ -1, 0, /*q1*/ 5, 6};
  o.ifmap = {10, 11, 12, 13, 14, 15, 16, 17,  // q0
             -2, -3, -4, -5, -6, -7, -8, -9}; // q1
  o.psums = {0, 0, 1, 1};
  // psum[p][f] += sum_q sum_s floor((w[p][q][s] * x[q][2f + 3s] + 1) / 2)
  auto expected = [&](int p, int f) {
    int sum = p == 0 ? 0 : 1;
    for (int q = 0; q < 2; ++q)
      for (int s = 0; s < 2; ++s) {
        int prod =
            o.weights[(p * 2 + q) * 2 + s] * o.ifmap[q * 8 + 2 * f + 3 * s];
        int up = prod + 1; // Round half up, then floor-divide by 2.
        sum += up >= 0 ? up / 2 : -((-up + 1) / 2);
      }
    return sum;
  };
  std::vector<int16_t> want;
  for (int p = 0; p < 2; ++p)
    for (int f = 0; f < 2; ++f)
      want.push_back(static_cast<int16_t>(expected(p, f)));
  Operands fast = o;
  RowConvStats ref = runReference(shape, o);
  EXPECT_EQ(o.psums, want);
  EXPECT_EQ(ref.macs, 16);
  EXPECT_EQ(runFast(shape, fast), ref);
  EXPECT_EQ(fast.psums, want);
}

TEST(RowConvTest, CountsZeroOperandsPerMac) {
  RowConvShape shape;
  shape.S = 3;
  shape.F = 4;
  shape.U = 1;
  shape.P = 5; // each zero counts once per filter that uses it
  Operands o = sized(shape);
  o.ifmap = {0, 1, 0, 0, 2, 0};
  for (int16_t &w : o.weights)
    w = 1;
  // Windows: f0 {0,1,0}:2, f1 {1,0,0}:2, f2 {0,0,2}:2, f3 {0,2,0}:2.
  Operands fast = o;
  EXPECT_EQ(runReference(shape, o).zeroIfmapMacs, 8 * 5);
  EXPECT_EQ(runFast(shape, fast).zeroIfmapMacs, 8 * 5);
  // Zero weights are not gated: the chip looks at the ifmap only.
  o.ifmap = {1, 1, 1, 1, 1, 1};
  for (int16_t &w : o.weights)
    w = 0;
  EXPECT_EQ(runReference(shape, o).zeroIfmapMacs, 0);
}

TEST(RowConvTest, DetectsWrappedPsums) {
  RowConvShape shape;
  shape.S = 2;
  shape.F = 3;
  Operands o = sized(shape);
  o.weights = {1, 1};
  o.ifmap = {1, 1, -1, -1};
  o.psums = {32766, 32767, -32767};
  // f0: 32766 + 2 -> wraps; f1: 32767 + 0 stays; f2: -32767 - 2 -> wraps.
  Operands fast = o;
  RowConvStats ref = runReference(shape, o);
  EXPECT_EQ(o.psums, (std::vector<int16_t>{-32768, 32767, 32767}));
  EXPECT_EQ(ref.psumWraps, 2);
  EXPECT_EQ(runFast(shape, fast), ref);
  EXPECT_EQ(fast.psums, o.psums);

  // Out and back within one call: the final word is exact, so no wrap.
  shape.S = 2;
  shape.F = 1;
  o = sized(shape);
  o.weights = {1, -1};
  o.ifmap = {10, 10};
  o.psums = {32767};
  fast = o;
  ref = runReference(shape, o);
  EXPECT_EQ(o.psums[0], 32767);
  EXPECT_EQ(ref.psumWraps, 0);
  EXPECT_EQ(runFast(shape, fast), ref);
}

TEST(RowConvTest, CountsWindowSaturations) {
  RowConvShape shape;
  shape.S = 1;
  shape.F = 3;
  shape.shift = 0;
  Operands o = sized(shape);
  o.weights = {300};
  o.ifmap = {300, -300, 100};
  Operands fast = o;
  RowConvStats ref = runReference(shape, o);
  EXPECT_EQ(o.psums, (std::vector<int16_t>{32767, -32768, 30000}));
  EXPECT_EQ(ref.windowSaturations, 2);
  EXPECT_EQ(runFast(shape, fast), ref);
  EXPECT_EQ(fast.psums, o.psums);
}

/// Fast == reference, psums and counters, on random shapes and data.
TEST(RowConvTest, FastKernelMatchesReferenceOnRandomShapes) {
  std::mt19937_64 rng(11);
  int64_t totalMacs = 0, totalZeros = 0, totalSaturations = 0, totalWraps = 0;
  for (int trial = 0; trial < 6000; ++trial) {
    RowConvShape shape;
    shape.S = 1 + rng() % 11;
    shape.U = 1 + rng() % 4;
    shape.D = 1 + rng() % 3;
    shape.F = 1 + rng() % 60;
    shape.P = trial % 3 == 0 ? 1 + rng() % 4 : 1;
    shape.Q = trial % 5 == 0 ? 1 + rng() % 3 : 1;
    shape.W = rng() % 2 ? 0 : shape.minRowLength() + rng() % 5;
    // Mostly chip-like windows, sometimes far out either side.
    switch (rng() % 4) {
    case 0:
      shape.shift = int(rng() % 60) - 20;
      break;
    default:
      shape.shift = int(rng() % 17);
    }
    Operands o = sized(shape);
    double zeros = (rng() % 10) / 10.0;
    double extremes = (rng() % 4) / 10.0;
    int magnitude = rng() % 2 ? 32767 : 255;
    fill(o.weights, rng, zeros / 2, extremes, magnitude);
    fill(o.ifmap, rng, zeros, extremes, magnitude);
    fill(o.psums, rng, 0.1, extremes, 32767);
    Operands fast = o;
    RowConvStats ref = runReference(shape, o);
    RowConvStats got = runFast(shape, fast);
    ASSERT_EQ(fast.psums, o.psums) << describe(shape);
    ASSERT_EQ(got.macs, ref.macs) << describe(shape);
    ASSERT_EQ(got.zeroIfmapMacs, ref.zeroIfmapMacs) << describe(shape);
    ASSERT_EQ(got.windowSaturations, ref.windowSaturations) << describe(shape);
    ASSERT_EQ(got.psumWraps, ref.psumWraps) << describe(shape);
    ASSERT_EQ(ref.macs, shape.numMACs());

    // Zero operands, counted directly.
    int64_t zeroCount = 0;
    for (int64_t q = 0; q < shape.Q; ++q)
      for (int64_t s = 0; s < shape.S; ++s)
        for (int64_t f = 0; f < shape.F; ++f)
          zeroCount +=
              o.ifmap[q * shape.rowLength() + f * shape.U + s * shape.D] == 0;
    ASSERT_EQ(ref.zeroIfmapMacs, zeroCount * shape.P);

    totalMacs += ref.macs;
    totalZeros += ref.zeroIfmapMacs;
    totalSaturations += ref.windowSaturations;
    totalWraps += ref.psumWraps;
  }
  // The random data did exercise every counter.
  EXPECT_GT(totalZeros, 0);
  EXPECT_GT(totalSaturations, 0);
  EXPECT_GT(totalWraps, 0);
  EXPECT_LT(totalZeros, totalMacs);
}

/// The reference kernel against a from-scratch evaluation in int64.
TEST(RowConvTest, CarriesKeepTheExactSumAcrossCalls) {
  // Several calls build each psum, as the PEs of a set and the passes of a
  // layer do; word + 2^16 * carry must be the exact sum throughout, for
  // both kernels, while the words stay those of the carry-less kernels.
  std::mt19937_64 rng(31);
  int64_t overflowed = 0;
  for (int trial = 0; trial < 300; ++trial) {
    RowConvShape shape = smallRandomShape(rng);
    Operands o = sized(shape);
    fill(o.psums, rng, 0.1, 0.1, 32767);
    std::vector<int64_t> exact(o.psums.begin(), o.psums.end());
    std::vector<int32_t> refCarries(o.psums.size()), fastCarries(o.psums.size());
    std::vector<int16_t> plain = o.psums, fastPsums = o.psums;
    for (int call = 0; call < 4; ++call) {
      fill(o.weights, rng, 0.2, 0.1, 32767);
      fill(o.ifmap, rng, 0.4, 0.1, 32767);
      int64_t unused = 0;
      for (int64_t p = 0; p < shape.P; ++p)
        for (int64_t f = 0; f < shape.F; ++f)
          exact[p * shape.F + f] += exactProducts(shape, o, p, f, unused);
      Expected<RowConvStats> ref =
          rowConvReference(shape, o.weights, o.ifmap, o.psums, refCarries);
      Expected<RowConvStats> fast =
          rowConv(shape, o.weights, o.ifmap, fastPsums, fastCarries);
      Expected<RowConvStats> noCarries =
          rowConv(shape, o.weights, o.ifmap, plain);
      ASSERT_TRUE(ref && fast && noCarries) << describe(shape);
      EXPECT_EQ(*fast, *ref);
      EXPECT_EQ(*noCarries, *ref);
      ASSERT_EQ(fastPsums, o.psums) << describe(shape);
      ASSERT_EQ(plain, o.psums) << describe(shape);
      ASSERT_EQ(fastCarries, refCarries) << describe(shape);
      for (size_t i = 0; i < exact.size(); ++i)
        ASSERT_EQ(int64_t(o.psums[i]) + 65536 * int64_t(refCarries[i]),
                  exact[i])
            << describe(shape) << " psum " << i << " call " << call;
    }
    for (int32_t c : refCarries)
      overflowed += c != 0;
  }
  // The data is extreme enough that many sums end out of range.
  EXPECT_GT(overflowed, 100);
}

TEST(RowConvTest, ReferenceMatchesExactArithmetic) {
  std::mt19937_64 rng(12);
  for (int trial = 0; trial < 1000; ++trial) {
    RowConvShape shape = smallRandomShape(rng);
    Operands o = sized(shape);
    fill(o.weights, rng, 0.2, 0.1, 32767);
    fill(o.ifmap, rng, 0.4, 0.1, 32767);
    fill(o.psums, rng, 0.1, 0.1, 32767);
    std::vector<int16_t> initial = o.psums;
    RowConvStats ref = runReference(shape, o);
    int64_t wraps = 0, saturations = 0;
    for (int64_t p = 0; p < shape.P; ++p)
      for (int64_t f = 0; f < shape.F; ++f) {
        int64_t sum = initial[p * shape.F + f] +
                      exactProducts(shape, o, p, f, saturations);
        wraps += sum < -32768 || sum > 32767;
        ASSERT_EQ(o.psums[p * shape.F + f],
                  static_cast<int16_t>(static_cast<uint16_t>(sum & 0xffff)))
            << describe(shape);
      }
    ASSERT_EQ(ref.psumWraps, wraps);
    ASSERT_EQ(ref.windowSaturations, saturations);
  }
}

TEST(RowConvTest, MostTapsStayExact) {
  // Q*S at the limit, every product saturating: the 32-bit
  // accumulators must not overflow.
  RowConvShape shape;
  shape.S = 8;
  shape.Q = kMaxRowConvTaps / 8;
  shape.F = 3;
  for (int sign : {1, -1}) {
    Operands o = sized(shape);
    for (int16_t &w : o.weights)
      w = -32768;
    for (int16_t &x : o.ifmap)
      x = static_cast<int16_t>(sign > 0 ? -32768 : 32767);
    for (int16_t &p : o.psums)
      p = static_cast<int16_t>(sign > 0 ? 32767 : -32768);
    Operands fast = o;
    RowConvStats ref = runReference(shape, o);
    EXPECT_EQ(runFast(shape, fast), ref);
    EXPECT_EQ(fast.psums, o.psums);
    EXPECT_EQ(ref.psumWraps, 3);
    EXPECT_EQ(ref.windowSaturations, ref.macs); // +-2^30 never fits
  }
}

TEST(RowConvTest, RejectsBadShapesAndOperands) {
  auto message = [](const RowConvShape &shape, size_t w, size_t x, size_t p) {
    std::vector<int16_t> weights(w), ifmap(x), psums(p);
    Expected<RowConvStats> ref = rowConvReference(shape, weights, ifmap, psums);
    Expected<RowConvStats> fast = rowConv(shape, weights, ifmap, psums);
    EXPECT_FALSE(bool(ref));
    EXPECT_FALSE(bool(fast));
    std::string refText = ref ? "" : toString(ref.takeError());
    std::string fastText = fast ? "" : toString(fast.takeError());
    EXPECT_EQ(refText, fastText);
    return refText;
  };
  RowConvShape good;
  good.S = 3;
  good.F = 4;
  {
    std::vector<int16_t> weights(3), ifmap(6), psums(4);
    EXPECT_EQ(toString(checkRowConv(good, 3, 6, 4)), "");
    Expected<RowConvStats> stats = rowConv(good, weights, ifmap, psums);
    ASSERT_TRUE(bool(stats)) << toString(stats.takeError());
  }

  RowConvShape s = good;
  s.S = 0;
  EXPECT_EQ(message(s, 0, 6, 4),
            "row convolution: S = 0 is outside [1, 1048576]");
  s = good;
  s.U = -1;
  EXPECT_EQ(message(s, 3, 6, 4),
            "row convolution: U = -1 is outside [1, 1048576]");
  s = good;
  s.Q = int64_t(1) << 40;
  EXPECT_EQ(message(s, 3, 6, 4),
            "row convolution: Q = 1099511627776 is outside [1, 1048576]");
  s = good;
  s.W = 5;
  EXPECT_EQ(message(s, 3, 5, 4),
            "row convolution: W = 5 is shorter than the 6 ifmap values the "
            "window reaches ((F-1)*U + (S-1)*D + 1)");
  {
    std::vector<int16_t> weights(3), ifmap(6), psums(4);
    std::vector<int32_t> carries(3);
    Expected<RowConvStats> ref =
        rowConvReference(good, weights, ifmap, psums, carries);
    Expected<RowConvStats> fast = rowConv(good, weights, ifmap, psums, carries);
    ASSERT_FALSE(bool(ref));
    ASSERT_FALSE(bool(fast));
    EXPECT_EQ(toString(ref.takeError()),
              "row convolution: carries has 3 elements, expected none or one "
              "per psum (4)");
    EXPECT_EQ(toString(fast.takeError()),
              "row convolution: carries has 3 elements, expected none or one "
              "per psum (4)");
  }
  s = good;
  s.W = -2;
  EXPECT_EQ(message(s, 3, 6, 4),
            "row convolution: W = -2 is outside [0, 1048576]");
  s = good;
  s.S = 1000;
  s.Q = 100;
  EXPECT_EQ(message(s, 100000, 100 * s.minRowLength(), 4),
            "row convolution: Q*S = 100000 taps per psum exceed 32768");
  EXPECT_EQ(message(good, 2, 6, 4),
            "row convolution: weights has 2 elements, expected P*Q*S = 3");
  EXPECT_EQ(message(good, 3, 7, 4),
            "row convolution: ifmap has 7 elements, expected Q*W = 6");
  EXPECT_EQ(message(good, 3, 6, 3),
            "row convolution: psums has 3 elements, expected P*F = 4");
}

} // namespace
