//===- NormalizationTest.cpp - LRN, batch and layer norm, softmax ---------===//

#include "ReferenceTestSupport.h"

using namespace eyeriss::reference;
using namespace eyeriss::reference::testing;

namespace {

TEST_F(ReferenceTest, LocalResponseNorm) {
  // Large inputs so that the normalization is far from the identity.
  Tensor x = randomTensor({2, 7, 3, 4}, 51, -20.0f, 20.0f);
  const int64_t size = 5;
  const double alpha = 0.01, beta = 0.75, bias = 2.0;
  Tensor expected = Tensor::zeros(x.shape);
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t c = 0; c < 7; ++c)
      for (int64_t h = 0; h < 3; ++h)
        for (int64_t w = 0; w < 4; ++w) {
          // ONNX: channels c - floor((size-1)/2) .. c + ceil((size-1)/2).
          double squares = 0.0;
          for (int64_t cc = c - 2; cc <= c + 2; ++cc)
            if (cc >= 0 && cc < 7)
              squares += double(x.at({n, cc, h, w})) * x.at({n, cc, h, w});
          expected.at({n, c, h, w}) = static_cast<float>(
              x.at({n, c, h, w}) /
              std::pow(bias + alpha / size * squares, beta));
        }
  Tensor y = runOne(R"mlir(
func.func @main(%x: tensor<2x7x3x4xf32>) -> tensor<2x7x3x4xf32> {
  %y = eyeriss.lrn %x size 5 alpha 0.01 beta 0.75 bias 2.0
      : tensor<2x7x3x4xf32>
  return %y : tensor<2x7x3x4xf32>
}
)mlir",
                    {x});
  expectClose(y, expected, 1e-5);
}

/// With size 1 each channel is normalized by itself alone:
/// 2 / (1 + 3/1 * 2^2)^0.5 = 2 / sqrt(13).
TEST_F(ReferenceTest, LocalResponseNormByHand) {
  Tensor y = runOne(R"mlir(
func.func @main(%x: tensor<1x2x1x1xf32>) -> tensor<1x2x1x1xf32> {
  %y = eyeriss.lrn %x size 1 alpha 3.0 beta 0.5 bias 1.0 : tensor<1x2x1x1xf32>
  return %y : tensor<1x2x1x1xf32>
}
)mlir",
                    {Tensor({1, 2, 1, 1}, {2.0f, 0.0f})});
  EXPECT_NEAR(y.data[0], 2.0 / std::sqrt(13.0), 1e-7);
  EXPECT_EQ(y.data[1], 0.0f);
}

/// ONNX LayerNormalization over the last two dimensions (axis 2 of 3),
/// against a double-precision loop with the biased variance.
TEST_F(ReferenceTest, LayerNorm) {
  // An offset far larger than the spread: a one-pass variance would cancel.
  Tensor x = randomTensor({2, 3, 4, 5}, 57, 100.0f, 104.0f);
  Tensor scale = randomTensor({4, 5}, 58, 0.5f, 2.0f);
  Tensor bias = randomTensor({4, 5}, 59);
  const double eps = 1e-5;
  Tensor expected = Tensor::zeros(x.shape);
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t c = 0; c < 3; ++c) {
      double sum = 0, squares = 0;
      for (int64_t h = 0; h < 4; ++h)
        for (int64_t w = 0; w < 5; ++w)
          sum += x.at({n, c, h, w});
      double mean = sum / 20;
      for (int64_t h = 0; h < 4; ++h)
        for (int64_t w = 0; w < 5; ++w)
          squares += (x.at({n, c, h, w}) - mean) * (x.at({n, c, h, w}) - mean);
      double invStd = 1 / std::sqrt(squares / 20 + eps);
      for (int64_t h = 0; h < 4; ++h)
        for (int64_t w = 0; w < 5; ++w)
          expected.at({n, c, h, w}) = static_cast<float>(
              (x.at({n, c, h, w}) - mean) * invStd * scale.data[h * 5 + w] +
              bias.data[h * 5 + w]);
    }
  Tensor y = runOne(R"mlir(
func.func @main(%x: tensor<2x3x4x5xf32>, %g: tensor<4x5xf32>,
                %b: tensor<4x5xf32>) -> tensor<2x3x4x5xf32> {
  %y = eyeriss.layer_norm %x, %g, %b axis 2 epsilon 1.0e-05
      : tensor<2x3x4x5xf32>, tensor<4x5xf32>
  return %y : tensor<2x3x4x5xf32>
}
)mlir",
                    {x, scale, bias});
  expectClose(y, expected, 1e-5);
}

TEST_F(ReferenceTest, BatchNorm) {
  Tensor x = randomTensor({2, 3, 4, 5}, 52, -4.0f, 4.0f);
  Tensor scale = randomTensor({3}, 53, 0.5f, 2.0f);
  Tensor bias = randomTensor({3}, 54);
  Tensor mean = randomTensor({3}, 55);
  Tensor var = randomTensor({3}, 56, 0.1f, 3.0f);
  const double eps = 1e-3;
  Tensor expected = Tensor::zeros(x.shape);
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t c = 0; c < 3; ++c)
      for (int64_t h = 0; h < 4; ++h)
        for (int64_t w = 0; w < 5; ++w)
          expected.at({n, c, h, w}) = static_cast<float>(
              scale.data[c] * (x.at({n, c, h, w}) - double(mean.data[c])) /
                  std::sqrt(var.data[c] + eps) +
              bias.data[c]);
  Tensor y = runOne(R"mlir(
func.func @main(%x: tensor<2x3x4x5xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>,
                %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x5xf32> {
  %y = eyeriss.batch_norm %x, %s, %b, %m, %v epsilon 1.0e-03
      : tensor<2x3x4x5xf32>, tensor<3xf32>
  return %y : tensor<2x3x4x5xf32>
}
)mlir",
                    {x, scale, bias, mean, var});
  expectClose(y, expected, 1e-5);
}

TEST_F(ReferenceTest, SoftmaxEveryAxis) {
  // Values up to 100: exp without the max subtracted would overflow float.
  Tensor x = randomTensor({2, 3, 4}, 57, -100.0f, 100.0f);
  for (int64_t axis = 0; axis < 3; ++axis) {
    SCOPED_TRACE("axis " + std::to_string(axis));
    Tensor expected = Tensor::zeros(x.shape);
    for (int64_t i = 0; i < 2; ++i)
      for (int64_t j = 0; j < 3; ++j)
        for (int64_t k = 0; k < 4; ++k) {
          llvm::SmallVector<int64_t> idx = {i, j, k};
          double max = -1e300, sum = 0.0;
          for (int64_t t = 0; t < x.shape[axis]; ++t) {
            llvm::SmallVector<int64_t> other = idx;
            other[axis] = t;
            max = std::max(max, double(x.at(other)));
          }
          for (int64_t t = 0; t < x.shape[axis]; ++t) {
            llvm::SmallVector<int64_t> other = idx;
            other[axis] = t;
            sum += std::exp(double(x.at(other)) - max);
          }
          expected.at(idx) =
              static_cast<float>(std::exp(double(x.at(idx)) - max) / sum);
        }
    std::string source = R"mlir(
func.func @main(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %y = eyeriss.softmax %x axis )mlir" + std::to_string(axis) +
                         R"mlir( : tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}
)mlir";
    Tensor y = runOne(source, {x});
    expectClose(y, expected, 1e-5);
    for (float v : y.data)
      EXPECT_TRUE(std::isfinite(v));
  }
}

/// softmax([0, ln 3]) = [1/4, 3/4].
TEST_F(ReferenceTest, SoftmaxByHand) {
  Tensor y = runOne(R"mlir(
func.func @main(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %y = eyeriss.softmax %x axis 1 : tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
)mlir",
                    {Tensor({1, 2}, {0.0f, std::log(3.0f)})});
  EXPECT_NEAR(y.data[0], 0.25, 1e-7);
  EXPECT_NEAR(y.data[1], 0.75, 1e-7);
}

/// An empty softmax axis (a zero dimension the importer lets through): an
/// empty result, not a read of x[0] (found by fuzz.py).
TEST_F(ReferenceTest, SoftmaxOfEmptyAxis) {
  Tensor y = runOne(R"mlir(
func.func @main(%x: tensor<2x0xf32>) -> tensor<2x0xf32> {
  %y = eyeriss.softmax %x axis 1 : tensor<2x0xf32>
  return %y : tensor<2x0xf32>
}
)mlir",
                    {Tensor({2, 0}, {})});
  EXPECT_EQ(y.shape, (llvm::SmallVector<int64_t>{2, 0}));
  EXPECT_TRUE(y.data.empty());
}

} // namespace
