//===- ConvolutionTest.cpp - eyeriss.conv2d against a naive loop ----------===//

#include "ReferenceTestSupport.h"

#include "llvm/Support/FormatVariadic.h"

#include <chrono>

using namespace eyeriss::reference;
using namespace eyeriss::reference::testing;

namespace {

struct ConvCase {
  const char *name;
  int64_t N, C, H, W, M, R, S;
  int64_t strides[2], pads[4], dilations[2], groups;
  bool bias;
  const char *activation; // "", "relu" or "relu6"
};

std::ostream &operator<<(std::ostream &os, const ConvCase &c) {
  return os << c.name;
}

int64_t outputSize(int64_t in, int64_t kernel, int64_t stride,
                   int64_t padBegin, int64_t padEnd, int64_t dilation) {
  return (in + padBegin + padEnd - dilation * (kernel - 1) - 1) / stride + 1;
}

/// One output element at a time, straight from the definition, in double.
Tensor naiveConv(const ConvCase &c, const Tensor &x, const Tensor &w,
                 const Tensor *b) {
  int64_t E = outputSize(c.H, c.R, c.strides[0], c.pads[0], c.pads[2],
                         c.dilations[0]);
  int64_t F = outputSize(c.W, c.S, c.strides[1], c.pads[1], c.pads[3],
                         c.dilations[1]);
  int64_t Cg = c.C / c.groups, Mg = c.M / c.groups;
  Tensor y = Tensor::zeros({c.N, c.M, E, F});
  for (int64_t n = 0; n < c.N; ++n)
    for (int64_t m = 0; m < c.M; ++m)
      for (int64_t e = 0; e < E; ++e)
        for (int64_t f = 0; f < F; ++f) {
          double sum = b ? b->data[m] : 0.0;
          int64_t g = m / Mg;
          for (int64_t cg = 0; cg < Cg; ++cg)
            for (int64_t r = 0; r < c.R; ++r)
              for (int64_t s = 0; s < c.S; ++s) {
                int64_t h = e * c.strides[0] - c.pads[0] + r * c.dilations[0];
                int64_t wi =
                    f * c.strides[1] - c.pads[1] + s * c.dilations[1];
                if (h < 0 || h >= c.H || wi < 0 || wi >= c.W)
                  continue;
                sum += double(x.at({n, g * Cg + cg, h, wi})) *
                       w.at({m, cg, r, s});
              }
          if (std::string(c.activation) == "relu")
            sum = std::max(sum, 0.0);
          else if (std::string(c.activation) == "relu6")
            sum = std::min(std::max(sum, 0.0), 6.0);
          y.at({n, m, e, f}) = static_cast<float>(sum);
        }
  return y;
}

std::string convSource(const ConvCase &c, llvm::ArrayRef<int64_t> outShape) {
  std::string x = tensorType({c.N, c.C, c.H, c.W});
  std::string w = tensorType({c.M, c.C / c.groups, c.R, c.S});
  std::string b = tensorType({c.M});
  std::string y = tensorType(outShape);
  std::string act =
      *c.activation ? std::string(" activation ") + c.activation : "";
  return llvm::formatv(
      R"mlir(
func.func @main(%x: {0}, %w: {1}{2}) -> {3} {
  %y = eyeriss.conv2d %x, %w{4} strides [{5}, {6}] pads [{7}, {8}, {9}, {10}]
      dilations [{11}, {12}] groups {13}{14}
      : ({0}, {1}{15}) -> {3}
  return %y : {3}
}
)mlir",
      x, w, c.bias ? ", %b: " + b : "", y, c.bias ? ", %b" : "",
      c.strides[0], c.strides[1], c.pads[0], c.pads[1], c.pads[2], c.pads[3],
      c.dilations[0], c.dilations[1], c.groups, act,
      c.bias ? ", " + b : "");
}

class ConvTest : public ReferenceTest,
                 public ::testing::WithParamInterface<ConvCase> {};

TEST_P(ConvTest, MatchesNaiveLoop) {
  const ConvCase &c = GetParam();
  Tensor x = randomTensor({c.N, c.C, c.H, c.W}, 1, -3.0f, 3.0f);
  Tensor w = randomTensor({c.M, c.C / c.groups, c.R, c.S}, 2);
  Tensor b = randomTensor({c.M}, 3);
  Tensor expected = naiveConv(c, x, w, c.bias ? &b : nullptr);
  llvm::SmallVector<Tensor> inputs = {x, w};
  if (c.bias)
    inputs.push_back(b);
  Tensor actual = runOne(convSource(c, expected.shape), inputs);
  expectClose(actual, expected, 1e-4);

  // The activation cases must actually clamp something.
  std::string act = c.activation;
  if (!act.empty()) {
    EXPECT_TRUE(llvm::is_contained(actual.data, 0.0f));
    if (act == "relu6") {
      EXPECT_TRUE(llvm::is_contained(actual.data, 6.0f));
    }
  }
}

// Calibration's float sums: the same kernel, within float32 rounding of the
// naive double loop (no activation: the kernel alone).
TEST_P(ConvTest, FloatAccumulationMatchesNaiveLoop) {
  const ConvCase &c = GetParam();
  Tensor x = randomTensor({c.N, c.C, c.H, c.W}, 1, -3.0f, 3.0f);
  Tensor w = randomTensor({c.M, c.C / c.groups, c.R, c.S}, 2);
  Tensor b = randomTensor({c.M}, 3);
  ConvCase linear = c;
  linear.activation = "";
  Tensor expected = naiveConv(linear, x, w, c.bias ? &b : nullptr);
  Conv2DParams params;
  std::copy(std::begin(c.strides), std::end(c.strides), params.strides);
  std::copy(std::begin(c.pads), std::end(c.pads), params.pads);
  std::copy(std::begin(c.dilations), std::end(c.dilations), params.dilations);
  params.groups = c.groups;
  params.accumulation = Accumulation::Float;
  Tensor actual = conv2d(x, w, c.bias ? &b : nullptr, params);
  expectClose(actual, expected, 1e-4);
}

INSTANTIATE_TEST_SUITE_P(
    Reference, ConvTest,
    ::testing::Values(
        ConvCase{"Stride2AsymmetricPads", 1, 3, 9, 8, 4, 3, 3, {2, 2},
                 {1, 0, 2, 1}, {1, 1}, 1, false, ""},
        ConvCase{"Dilation2", 1, 2, 10, 11, 3, 3, 2, {1, 1}, {2, 1, 2, 0},
                 {2, 2}, 1, true, ""},
        ConvCase{"MixedStrideAndDilation", 2, 2, 11, 9, 5, 3, 3, {2, 1},
                 {0, 1, 1, 2}, {1, 2}, 1, true, ""},
        ConvCase{"Groups2BiasReLU", 2, 4, 7, 7, 6, 3, 3, {1, 1},
                 {1, 1, 1, 1}, {1, 1}, 2, true, "relu"},
        ConvCase{"DepthwiseReLU6", 1, 6, 8, 8, 6, 3, 3, {1, 1},
                 {1, 1, 1, 1}, {1, 1}, 6, true, "relu6"},
        ConvCase{"DepthwiseMultiplier2Stride2", 1, 3, 9, 9, 6, 3, 3, {2, 2},
                 {1, 1, 1, 1}, {1, 1}, 3, false, ""},
        ConvCase{"Pointwise", 2, 5, 4, 6, 7, 1, 1, {1, 1}, {0, 0, 0, 0},
                 {1, 1}, 1, true, ""},
        ConvCase{"AlexNetConv1Like", 1, 3, 31, 31, 5, 11, 11, {4, 4},
                 {0, 0, 0, 0}, {1, 1}, 1, true, "relu"},
        // Depth 32 * 3 * 3 = 288 and 20 * 20 = 400 outputs exceed one
        // packed block in both directions; 6 filters leave a partial row
        // panel.
        ConvCase{"BeyondOneBlock", 1, 32, 20, 20, 6, 3, 3, {1, 1},
                 {1, 1, 1, 1}, {1, 1}, 1, true, ""}),
    [](const ::testing::TestParamInfo<ConvCase> &info) {
      return std::string(info.param.name);
    });

/// A Sobel filter on 1..9 with bias 0.5, worked by hand.
TEST_F(ReferenceTest, ConvSobelByHand) {
  Tensor x({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  Tensor w({1, 1, 3, 3}, {1, 0, -1, 2, 0, -2, 1, 0, -1});
  Tensor b({1}, {0.5f});
  Tensor y = runOne(R"mlir(
func.func @main(%x: tensor<1x1x3x3xf32>, %w: tensor<1x1x3x3xf32>,
                %b: tensor<1xf32>) -> tensor<1x1x3x3xf32> {
  %y = eyeriss.conv2d %x, %w, %b strides [1, 1] pads [1, 1, 1, 1]
      dilations [1, 1] groups 1
      : (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>, tensor<1xf32>)
      -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}
)mlir",
                    {x, w, b});
  // Centre: (1 - 3) + 2 * (4 - 6) + (7 - 9) + 0.5 = -7.5; top-left sees
  // only 2, 5 on its right (negated) and nothing on its left:
  // -(2 * 2 + 5) + 0.5 = -8.5.
  EXPECT_EQ(y.data, (std::vector<float>{-8.5f, -5.5f, 9.5f, -19.5f, -7.5f,
                                        20.5f, -20.5f, -5.5f, 21.5f}));
}

/// A ResNet-50 3x3 layer (64 -> 64 channels, 56 x 56): checks a sample of
/// outputs against the naive sum and prints the throughput that
/// docs/ReferenceExecutor.md quotes.
TEST_F(ReferenceTest, ConvThroughputResNetLayer) {
  ConvCase c{"ResNet", 1, 64, 56, 56, 64, 3, 3, {1, 1}, {1, 1, 1, 1},
             {1, 1}, 1, true, "relu"};
  Tensor x = randomTensor({1, 64, 56, 56}, 11);
  Tensor w = randomTensor({64, 64, 3, 3}, 12, -0.1f, 0.1f);
  Tensor b = randomTensor({64}, 13);
  mlir::func::FuncOp func = parse(convSource(c, {1, 64, 56, 56}));
  ASSERT_TRUE(func);
  auto start = std::chrono::steady_clock::now();
  mlir::FailureOr<llvm::SmallVector<Tensor>> y = runFunction(func, {x, w, b});
  double seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();
  ASSERT_TRUE(succeeded(y)) << diagnostics;
  const Tensor &out = y->front();
  double macs = 64.0 * 56 * 56 * 64 * 3 * 3;
  std::printf("conv 64->64 3x3 56x56: %.1f MMAC in %.4f s = %.2f GMAC/s\n",
              macs / 1e6, seconds, macs / seconds / 1e9);

  std::mt19937 rng(14);
  for (int sample = 0; sample < 200; ++sample) {
    int64_t m = rng() % 64, e = rng() % 56, f = rng() % 56;
    double sum = b.data[m];
    for (int64_t ch = 0; ch < 64; ++ch)
      for (int64_t r = 0; r < 3; ++r)
        for (int64_t s = 0; s < 3; ++s) {
          int64_t h = e - 1 + r, wi = f - 1 + s;
          if (h >= 0 && h < 56 && wi >= 0 && wi < 56)
            sum += double(x.at({0, ch, h, wi})) * w.at({m, ch, r, s});
        }
    EXPECT_NEAR(out.at({0, m, e, f}), std::max(sum, 0.0), 1e-4)
        << "at " << m << "," << e << "," << f;
  }
}

} // namespace
