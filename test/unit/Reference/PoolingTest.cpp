//===- PoolingTest.cpp - max, average and global average pooling ----------===//
//
// The naive pooling walks every kernel tap and classifies it as inside the
// input, inside a pad, or past the end pad (possible only in ceil mode),
// rather than clipping ranges as the library does.
//
//===----------------------------------------------------------------------===//

#include "ReferenceTestSupport.h"

#include "llvm/Support/FormatVariadic.h"

#include <limits>

using namespace eyeriss::reference;
using namespace eyeriss::reference::testing;

namespace {

struct PoolCase {
  const char *name;
  bool max;
  int64_t N, C, H, W;
  int64_t kernel[2], strides[2], pads[4];
  bool ceilMode, countIncludePad;
};

std::ostream &operator<<(std::ostream &os, const PoolCase &c) {
  return os << c.name;
}

/// Output extent as ONNX defines it, ceil mode included.
int64_t outputSize(int64_t in, int64_t k, int64_t s, int64_t pb, int64_t pe,
                   bool ceilMode) {
  int64_t span = in + pb + pe - k;
  int64_t out = (ceilMode ? (span + s - 1) / s : span / s) + 1;
  // ONNX/PyTorch: the last window must start inside the input or the
  // begin pad.
  if (ceilMode && (out - 1) * s >= in + pb)
    --out;
  return out;
}

Tensor naivePool(const PoolCase &c, const Tensor &x) {
  int64_t E = outputSize(c.H, c.kernel[0], c.strides[0], c.pads[0],
                         c.pads[2], c.ceilMode);
  int64_t F = outputSize(c.W, c.kernel[1], c.strides[1], c.pads[1],
                         c.pads[3], c.ceilMode);
  Tensor y = Tensor::zeros({c.N, c.C, E, F});
  for (int64_t n = 0; n < c.N; ++n)
    for (int64_t ch = 0; ch < c.C; ++ch)
      for (int64_t e = 0; e < E; ++e)
        for (int64_t f = 0; f < F; ++f) {
          double best = -std::numeric_limits<double>::infinity();
          double sum = 0.0;
          int64_t inside = 0, padded = 0;
          for (int64_t kh = 0; kh < c.kernel[0]; ++kh)
            for (int64_t kw = 0; kw < c.kernel[1]; ++kw) {
              int64_t h = e * c.strides[0] - c.pads[0] + kh;
              int64_t w = f * c.strides[1] - c.pads[1] + kw;
              bool hInPads = h >= -c.pads[0] && h < c.H + c.pads[2];
              bool wInPads = w >= -c.pads[1] && w < c.W + c.pads[3];
              if (h >= 0 && h < c.H && w >= 0 && w < c.W) {
                double v = x.at({n, ch, h, w});
                best = std::max(best, v);
                sum += v;
                ++inside;
              }
              if (hInPads && wInPads)
                ++padded;
            }
          double value = c.max ? best
                               : sum / double(c.countIncludePad ? padded
                                                                : inside);
          y.at({n, ch, e, f}) = static_cast<float>(value);
        }
  return y;
}

class PoolTest : public ReferenceTest,
                 public ::testing::WithParamInterface<PoolCase> {};

TEST_P(PoolTest, MatchesNaiveLoop) {
  const PoolCase &c = GetParam();
  // All negative, so that a padded zero winning a max would show.
  Tensor x = randomTensor({c.N, c.C, c.H, c.W}, 41, -5.0f, -0.5f);
  Tensor expected = naivePool(c, x);
  std::string xT = tensorType(x.shape), yT = tensorType(expected.shape);
  std::string source = llvm::formatv(
      R"mlir(
func.func @main(%x: {0}) -> {1} {
  %y = eyeriss.{2} %x kernel [{3}, {4}] strides [{5}, {6}]
      pads [{7}, {8}, {9}, {10}]{11}{12} : {0} -> {1}
  return %y : {1}
}
)mlir",
      xT, yT, c.max ? "max_pool" : "avg_pool", c.kernel[0], c.kernel[1],
      c.strides[0], c.strides[1], c.pads[0], c.pads[1], c.pads[2], c.pads[3],
      c.ceilMode ? " ceil_mode" : "",
      c.countIncludePad ? " count_include_pad" : "");
  expectClose(runOne(source, {x}), expected, 1e-6);
}

INSTANTIATE_TEST_SUITE_P(
    Reference, PoolTest,
    ::testing::Values(
        PoolCase{"MaxResNetStem", true, 1, 3, 12, 12, {3, 3}, {2, 2},
                 {1, 1, 1, 1}, false, false},
        PoolCase{"MaxCeilMode", true, 2, 2, 8, 9, {3, 3}, {2, 2},
                 {0, 0, 0, 0}, true, false},
        PoolCase{"MaxAsymmetricPads", true, 1, 2, 7, 6, {2, 3}, {2, 1},
                 {0, 1, 1, 2}, false, false},
        PoolCase{"MaxCeilPastEndPad", true, 1, 2, 6, 6, {3, 3}, {2, 2},
                 {1, 1, 1, 1}, true, false},
        PoolCase{"AvgExcludePad", false, 1, 2, 7, 7, {3, 3}, {1, 1},
                 {1, 1, 1, 1}, false, false},
        PoolCase{"AvgIncludePad", false, 1, 2, 7, 7, {3, 3}, {1, 1},
                 {1, 1, 1, 1}, false, true},
        PoolCase{"AvgAsymmetricPadsInclude", false, 2, 1, 6, 5, {3, 2},
                 {2, 2}, {0, 1, 2, 0}, false, true},
        // H = W = 6, kernel 3, stride 2, pads 1: ceil mode adds a window
        // starting at 5 that reaches 7, one past the end pad; position 7
        // counts neither way.
        PoolCase{"AvgCeilPastEndPadInclude", false, 1, 2, 6, 6, {3, 3},
                 {2, 2}, {1, 1, 1, 1}, true, true},
        PoolCase{"AvgCeilPastEndPadExclude", false, 1, 2, 6, 6, {3, 3},
                 {2, 2}, {1, 1, 1, 1}, true, false},
        PoolCase{"AvgCeilNoPads", false, 1, 1, 5, 7, {2, 2}, {2, 2},
                 {0, 0, 0, 0}, true, true}),
    [](const ::testing::TestParamInfo<PoolCase> &info) {
      return std::string(info.param.name);
    });

/// [1, 2, 3, 4] with kernel 3, stride 2, pad 1 each side, ceil mode:
/// windows [-1, 2), [1, 4) and [3, 6), the last clipped to the end pad at
/// 5. The values are what PyTorch's avg_pool2d gives.
TEST_F(ReferenceTest, AvgPoolCeilModeByHand) {
  const char *source = R"mlir(
func.func @main(%x: tensor<1x1x1x4xf32>)
    -> (tensor<1x1x1x3xf32>, tensor<1x1x1x3xf32>) {
  %inc = eyeriss.avg_pool %x kernel [1, 3] strides [1, 2] pads [0, 1, 0, 1]
      ceil_mode count_include_pad : tensor<1x1x1x4xf32> -> tensor<1x1x1x3xf32>
  %exc = eyeriss.avg_pool %x kernel [1, 3] strides [1, 2] pads [0, 1, 0, 1]
      ceil_mode : tensor<1x1x1x4xf32> -> tensor<1x1x1x3xf32>
  return %inc, %exc : tensor<1x1x1x3xf32>, tensor<1x1x1x3xf32>
}
)mlir";
  llvm::SmallVector<Tensor> y =
      run(source, {Tensor({1, 1, 1, 4}, {1, 2, 3, 4})});
  ASSERT_EQ(y.size(), 2u);
  // Divisors 3 (pad + 2 values), 3 and 2 (value + pad) with the pads;
  // 2, 3 and 1 without.
  EXPECT_EQ(y[0].data, (std::vector<float>{1.0f, 3.0f, 2.0f}));
  EXPECT_EQ(y[1].data, (std::vector<float>{1.5f, 3.0f, 4.0f}));
}

/// Padded positions never win a max, even over negative values.
TEST_F(ReferenceTest, MaxPoolPadsNeverWin) {
  Tensor y = runOne(R"mlir(
func.func @main(%x: tensor<1x1x1x4xf32>) -> tensor<1x1x1x3xf32> {
  %y = eyeriss.max_pool %x kernel [1, 3] strides [1, 2] pads [0, 1, 0, 1]
      ceil_mode : tensor<1x1x1x4xf32> -> tensor<1x1x1x3xf32>
  return %y : tensor<1x1x1x3xf32>
}
)mlir",
                    {Tensor({1, 1, 1, 4}, {-1, -2, -3, -4})});
  EXPECT_EQ(y.data, (std::vector<float>{-1.0f, -2.0f, -4.0f}));
}

TEST_F(ReferenceTest, GlobalAvgPool) {
  Tensor x = randomTensor({2, 3, 5, 7}, 42);
  Tensor expected = Tensor::zeros({2, 3, 1, 1});
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t c = 0; c < 3; ++c) {
      double sum = 0.0;
      for (int64_t h = 0; h < 5; ++h)
        for (int64_t w = 0; w < 7; ++w)
          sum += x.at({n, c, h, w});
      expected.at({n, c, 0, 0}) = static_cast<float>(sum / 35.0);
    }
  Tensor y = runOne(R"mlir(
func.func @main(%x: tensor<2x3x5x7xf32>) -> tensor<2x3x1x1xf32> {
  %y = eyeriss.global_avg_pool %x : tensor<2x3x5x7xf32> -> tensor<2x3x1x1xf32>
  return %y : tensor<2x3x1x1xf32>
}
)mlir",
                    {x});
  expectClose(y, expected, 1e-6);
}

} // namespace
