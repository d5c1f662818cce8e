//===- ElementwiseTest.cpp - activations, add, mul and data movement ------===//

#include "ReferenceTestSupport.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace eyeriss::reference;
using namespace eyeriss::reference::testing;
using eyeriss::HostFormat;
using llvm::Expected;
using llvm::StringRef;

namespace {

TEST_F(ReferenceTest, ReLUAndClip) {
  Tensor x({2, 4}, {-2.0f, -0.5f, 0.0f, 0.5f, 3.0f, 6.0f, 7.5f, -7.0f});
  llvm::SmallVector<Tensor> y = run(R"mlir(
func.func @main(%x: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %r = eyeriss.relu %x : tensor<2x4xf32>
  %c = eyeriss.clip %x min -1.0 max 6.0 : tensor<2x4xf32>
  return %r, %c : tensor<2x4xf32>, tensor<2x4xf32>
}
)mlir",
                                    {x});
  ASSERT_EQ(y.size(), 2u);
  EXPECT_EQ(y[0].data, (std::vector<float>{0, 0, 0, 0.5f, 3, 6, 7.5f, 0}));
  EXPECT_EQ(y[1].data,
            (std::vector<float>{-1, -0.5f, 0, 0.5f, 3, 6, 6, -1}));
}

TEST_F(ReferenceTest, AddWithActivations) {
  Tensor a = randomTensor({1, 3, 4, 4}, 61, -5.0f, 5.0f);
  Tensor b = randomTensor({1, 3, 4, 4}, 62, -5.0f, 5.0f);
  llvm::SmallVector<Tensor> y = run(R"mlir(
func.func @main(%a: tensor<1x3x4x4xf32>, %b: tensor<1x3x4x4xf32>)
    -> (tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>) {
  %s = eyeriss.add %a, %b : tensor<1x3x4x4xf32>
  %r = eyeriss.add %a, %b activation relu : tensor<1x3x4x4xf32>
  %r6 = eyeriss.add %a, %b activation relu6 : tensor<1x3x4x4xf32>
  return %s, %r, %r6
      : tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>
}
)mlir",
                                    {a, b});
  ASSERT_EQ(y.size(), 3u);
  for (size_t i = 0; i < a.data.size(); ++i) {
    float sum = a.data[i] + b.data[i];
    EXPECT_EQ(y[0].data[i], sum);
    EXPECT_EQ(y[1].data[i], std::max(sum, 0.0f));
    EXPECT_EQ(y[2].data[i], std::min(std::max(sum, 0.0f), 6.0f));
  }
}

/// A bias along the last dimension (a channels-last Linear's) and a scalar
/// (GELU's "+ 1") broadcast as numpy does; erf is std::erf.
TEST_F(ReferenceTest, BroadcastingAddAndErf) {
  Tensor x = randomTensor({2, 3, 4}, 66, -3.0f, 3.0f);
  Tensor bias = randomTensor({4}, 67);
  llvm::SmallVector<Tensor> y = run(R"mlir(
func.func @main(%x: tensor<2x3x4xf32>, %b: tensor<4xf32>)
    -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>) {
  %one = eyeriss.constant dense<1.0> : tensor<f32>
  %s = eyeriss.add %b, %x : (tensor<4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %e = eyeriss.erf %x : tensor<2x3x4xf32>
  %e1 = eyeriss.add %e, %one : (tensor<2x3x4xf32>, tensor<f32>) -> tensor<2x3x4xf32>
  return %s, %e1 : tensor<2x3x4xf32>, tensor<2x3x4xf32>
}
)mlir",
                                    {x, bias});
  ASSERT_EQ(y.size(), 2u);
  EXPECT_EQ(y[0].shape, x.shape);
  for (size_t i = 0; i < x.data.size(); ++i) {
    EXPECT_EQ(y[0].data[i], bias.data[i % 4] + x.data[i]);
    EXPECT_EQ(y[1].data[i], std::erf(x.data[i]) + 1.0f);
  }
}

/// numpy's matmul, the batch dimensions broadcast (2 x 3 against 3), against
/// a naive double loop.
TEST_F(ReferenceTest, BatchedMatMul) {
  Tensor a = randomTensor({2, 3, 4, 5}, 68);
  Tensor b = randomTensor({3, 5, 6}, 69);
  Tensor y = runOne(R"mlir(
func.func @main(%a: tensor<2x3x4x5xf32>, %b: tensor<3x5x6xf32>)
    -> tensor<2x3x4x6xf32> {
  %y = eyeriss.matmul %a, %b : (tensor<2x3x4x5xf32>, tensor<3x5x6xf32>) -> tensor<2x3x4x6xf32>
  return %y : tensor<2x3x4x6xf32>
}
)mlir",
                    {a, b});
  ASSERT_EQ(y.shape, (llvm::SmallVector<int64_t>{2, 3, 4, 6}));
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t h = 0; h < 3; ++h)
      for (int64_t i = 0; i < 4; ++i)
        for (int64_t j = 0; j < 6; ++j) {
          double sum = 0;
          for (int64_t k = 0; k < 5; ++k)
            sum += double(a.at({n, h, i, k})) * b.at({h, k, j});
          EXPECT_NEAR(y.at({n, h, i, j}), sum, 1e-5);
        }
}

TEST_F(ReferenceTest, ConcatEveryAxis) {
  Tensor a = randomTensor({2, 3, 2}, 63);
  Tensor b = randomTensor({2, 3, 2}, 64);
  Tensor c = randomTensor({2, 3, 2}, 65);
  const char *sources[] = {
      R"mlir(
func.func @main(%a: tensor<2x3x2xf32>, %b: tensor<2x3x2xf32>,
                %c: tensor<2x3x2xf32>) -> tensor<6x3x2xf32> {
  %y = eyeriss.concat %a, %b, %c axis 0
      : (tensor<2x3x2xf32>, tensor<2x3x2xf32>, tensor<2x3x2xf32>)
      -> tensor<6x3x2xf32>
  return %y : tensor<6x3x2xf32>
})mlir",
      R"mlir(
func.func @main(%a: tensor<2x3x2xf32>, %b: tensor<2x3x2xf32>,
                %c: tensor<2x3x2xf32>) -> tensor<2x9x2xf32> {
  %y = eyeriss.concat %a, %b, %c axis 1
      : (tensor<2x3x2xf32>, tensor<2x3x2xf32>, tensor<2x3x2xf32>)
      -> tensor<2x9x2xf32>
  return %y : tensor<2x9x2xf32>
})mlir",
      R"mlir(
func.func @main(%a: tensor<2x3x2xf32>, %b: tensor<2x3x2xf32>,
                %c: tensor<2x3x2xf32>) -> tensor<2x3x6xf32> {
  %y = eyeriss.concat %a, %b, %c axis 2
      : (tensor<2x3x2xf32>, tensor<2x3x2xf32>, tensor<2x3x2xf32>)
      -> tensor<2x3x6xf32>
  return %y : tensor<2x3x6xf32>
})mlir"};
  const Tensor *parts[] = {&a, &b, &c};
  for (int64_t axis = 0; axis < 3; ++axis) {
    SCOPED_TRACE("axis " + std::to_string(axis));
    Tensor y = runOne(sources[axis], {a, b, c});
    llvm::SmallVector<int64_t> shape = {2, 3, 2};
    shape[axis] *= 3;
    ASSERT_EQ(y.shape, shape);
    for (int64_t i = 0; i < shape[0]; ++i)
      for (int64_t j = 0; j < shape[1]; ++j)
        for (int64_t k = 0; k < shape[2]; ++k) {
          llvm::SmallVector<int64_t> idx = {i, j, k};
          int64_t extent = a.shape[axis];
          int64_t part = idx[axis] / extent;
          llvm::SmallVector<int64_t> src = idx;
          src[axis] %= extent;
          EXPECT_EQ(y.at(idx), parts[part]->at(src));
        }
  }
}

TEST_F(ReferenceTest, ConcatOfUnequalParts) {
  Tensor y = runOne(R"mlir(
func.func @main(%a: tensor<2x1xf32>, %b: tensor<2x2xf32>) -> tensor<2x3xf32> {
  %y = eyeriss.concat %a, %b axis 1
      : (tensor<2x1xf32>, tensor<2x2xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
)mlir",
                    {Tensor({2, 1}, {1, 4}), Tensor({2, 2}, {2, 3, 5, 6})});
  EXPECT_EQ(y.data, (std::vector<float>{1, 2, 3, 4, 5, 6}));
}

TEST_F(ReferenceTest, ReshapeFlattenIdentityDropoutKeepRowMajorOrder) {
  Tensor x = randomTensor({2, 3, 2, 2}, 66);
  llvm::SmallVector<Tensor> y = run(R"mlir(
func.func @main(%x: tensor<2x3x2x2xf32>)
    -> (tensor<4x6xf32>, tensor<6x4xf32>, tensor<1x24xf32>,
        tensor<2x3x2x2xf32>, tensor<2x3x2x2xf32>) {
  %r = eyeriss.reshape %x : tensor<2x3x2x2xf32> -> tensor<4x6xf32>
  %f = eyeriss.flatten %x axis 2 : tensor<2x3x2x2xf32> -> tensor<6x4xf32>
  %f0 = eyeriss.flatten %x axis 0 : tensor<2x3x2x2xf32> -> tensor<1x24xf32>
  %i = eyeriss.identity %x : tensor<2x3x2x2xf32>
  %d = eyeriss.dropout %x ratio 0.5 : tensor<2x3x2x2xf32>
  return %r, %f, %f0, %i, %d : tensor<4x6xf32>, tensor<6x4xf32>,
      tensor<1x24xf32>, tensor<2x3x2x2xf32>, tensor<2x3x2x2xf32>
}
)mlir",
                                    {x});
  ASSERT_EQ(y.size(), 5u);
  llvm::SmallVector<int64_t> shapes[] = {
      {4, 6}, {6, 4}, {1, 24}, {2, 3, 2, 2}, {2, 3, 2, 2}};
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(y[i].shape, shapes[i]);
    EXPECT_EQ(y[i].data, x.data);
  }
}

TEST_F(ReferenceTest, SigmoidAndHardSigmoid) {
  // Large |x| must not overflow exp: sigmoid(-100) is about 3.7e-44 (a
  // denormal), not NaN or 0/0.
  Tensor x({1, 6}, {-100.0f, -2.0f, 0.0f, 1.0f, 2.5f, 100.0f});
  llvm::SmallVector<Tensor> y = run(R"mlir(
func.func @main(%x: tensor<1x6xf32>) -> (tensor<1x6xf32>, tensor<1x6xf32>) {
  %s = eyeriss.sigmoid %x : tensor<1x6xf32>
  %h = eyeriss.hard_sigmoid %x alpha 0.2 beta 0.5 : tensor<1x6xf32>
  return %s, %h : tensor<1x6xf32>, tensor<1x6xf32>
}
)mlir",
                                    {x});
  ASSERT_EQ(y.size(), 2u);
  for (size_t i = 0; i < x.data.size(); ++i) {
    double v = x.data[i];
    EXPECT_NEAR(y[0].data[i], 1.0 / (1.0 + std::exp(-v)), 1e-7) << v;
    EXPECT_FLOAT_EQ(y[1].data[i], std::clamp(0.2 * v + 0.5, 0.0, 1.0)) << v;
  }
  EXPECT_GT(y[0].data[0], 0.0f);
  EXPECT_EQ(y[0].data[5], 1.0f);
}

TEST_F(ReferenceTest, MulBroadcasts) {
  // The squeeze-and-excitation case, a trailing-dimension vector, and both
  // operands broadcasting at once (3x1 times 1x4 is 3x4).
  Tensor x = randomTensor({2, 3, 4, 5}, 71);
  Tensor gate = randomTensor({2, 3, 1, 1}, 72);
  Tensor row = randomTensor({5}, 73);
  Tensor col = randomTensor({3, 1}, 74);
  Tensor line = randomTensor({1, 4}, 75);
  llvm::SmallVector<Tensor> y = run(R"mlir(
func.func @main(%x: tensor<2x3x4x5xf32>, %g: tensor<2x3x1x1xf32>,
                %r: tensor<5xf32>, %c: tensor<3x1xf32>, %l: tensor<1x4xf32>)
    -> (tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>, tensor<3x4xf32>) {
  %0 = eyeriss.mul %x, %g : (tensor<2x3x4x5xf32>, tensor<2x3x1x1xf32>) -> tensor<2x3x4x5xf32>
  %1 = eyeriss.mul %r, %x : (tensor<5xf32>, tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32>
  %2 = eyeriss.mul %c, %l : (tensor<3x1xf32>, tensor<1x4xf32>) -> tensor<3x4xf32>
  return %0, %1, %2 : tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>, tensor<3x4xf32>
}
)mlir",
                                    {x, gate, row, col, line});
  ASSERT_EQ(y.size(), 3u);
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t c = 0; c < 3; ++c)
      for (int64_t h = 0; h < 4; ++h)
        for (int64_t w = 0; w < 5; ++w) {
          float v = x.at({n, c, h, w});
          EXPECT_EQ(y[0].at({n, c, h, w}), v * gate.at({n, c, 0, 0}));
          EXPECT_EQ(y[1].at({n, c, h, w}), row.at({w}) * v);
        }
  EXPECT_EQ(y[2].shape, (llvm::SmallVector<int64_t>{3, 4}));
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 4; ++j)
      EXPECT_EQ(y[2].at({i, j}), col.at({i, 0}) * line.at({0, j}));
}

TEST_F(ReferenceTest, PadSurroundsEachPlaneWithZeros) {
  Tensor x = randomTensor({2, 3, 4, 5}, 76);
  llvm::SmallVector<Tensor> y = run(R"mlir(
func.func @main(%x: tensor<2x3x4x5xf32>) -> tensor<2x3x7x9xf32> {
  %p = eyeriss.pad %x pads [1, 3, 2, 1] : tensor<2x3x4x5xf32> -> tensor<2x3x7x9xf32>
  return %p : tensor<2x3x7x9xf32>
}
)mlir",
                                    {x});
  ASSERT_EQ(y.size(), 1u);
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t c = 0; c < 3; ++c)
      for (int64_t h = 0; h < 7; ++h)
        for (int64_t w = 0; w < 9; ++w) {
          bool inside = h >= 1 && h < 5 && w >= 3 && w < 8;
          EXPECT_EQ(y[0].at({n, c, h, w}),
                    inside ? x.at({n, c, h - 1, w - 3}) : 0.0f)
              << n << c << h << w;
        }
}

TEST_F(ReferenceTest, BroadcastToRepeatsAlongUnitAndMissingDimensions) {
  // numpy.broadcast_to([[1], [-0.0], [3]], (2, 3, 4)).
  Tensor x({3, 1}, {1.0f, -0.0f, 3.0f});
  Tensor y = broadcastTo(x, {2, 3, 4});
  ASSERT_EQ(y.data.size(), 24u);
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t h = 0; h < 3; ++h)
      for (int64_t w = 0; w < 4; ++w) {
        EXPECT_EQ(y.at({n, h, w}), x.at({h, 0})) << n << h << w;
        EXPECT_EQ(std::signbit(y.at({n, h, w})), h == 1);
      }
}

TEST_F(ReferenceTest, PadModesFollowNumpy) {
  // One 3 x 4 plane, values 10 * row + column; pads [top, left, bottom,
  // right] = [2, 1, 1, 3]: numpy.pad(x, ((2, 1), (1, 3)), mode) per mode.
  Tensor x = Tensor::zeros({1, 1, 3, 4});
  for (int64_t h = 0; h < 3; ++h)
    for (int64_t w = 0; w < 4; ++w)
      x.at({0, 0, h, w}) = float(10 * h + w);
  const int64_t pads[4] = {2, 1, 1, 3};
  auto rowOf = [](const Tensor &t, int64_t h) {
    return std::vector<float>(t.data.begin() + h * 8,
                              t.data.begin() + (h + 1) * 8);
  };
  Tensor reflect = pad2d(x, pads, PadMode::Reflect);
  ASSERT_EQ(reflect.data.size(), 48u); // 1 x 1 x 6 x 8
  // Rows 2, 1 | 0, 1, 2 | 1; columns 1 | 0..3 | 2, 1, 0.
  EXPECT_EQ(rowOf(reflect, 0),
            (std::vector<float>{21, 20, 21, 22, 23, 22, 21, 20}));
  EXPECT_EQ(rowOf(reflect, 2), (std::vector<float>{1, 0, 1, 2, 3, 2, 1, 0}));
  EXPECT_EQ(rowOf(reflect, 5),
            (std::vector<float>{11, 10, 11, 12, 13, 12, 11, 10}));
  Tensor edge = pad2d(x, pads, PadMode::Edge);
  EXPECT_EQ(rowOf(edge, 0), (std::vector<float>{0, 0, 1, 2, 3, 3, 3, 3}));
  EXPECT_EQ(rowOf(edge, 5),
            (std::vector<float>{20, 20, 21, 22, 23, 23, 23, 23}));
  Tensor constant = pad2d(x, pads, PadMode::Constant, -1.5f);
  EXPECT_EQ(rowOf(constant, 1),
            (std::vector<float>(8, -1.5f)));
  EXPECT_EQ(rowOf(constant, 3),
            (std::vector<float>{-1.5f, 10, 11, 12, 13, -1.5f, -1.5f, -1.5f}));
}

} // namespace

namespace {

TEST_F(ReferenceTest, UnaryFunctionsFollowTheirONNXDefinitions) {
  Tensor x({5}, {-2.0f, -0.5f, 0.0f, 0.5f, 2.0f});
  auto at = [&](UnaryFunction fn, float alpha, float beta) {
    return unary(x, fn, alpha, beta).data;
  };
  EXPECT_EQ(at(UnaryFunction::LeakyRelu, 0.1f, 0),
            (std::vector<float>{-0.2f, -0.05f, 0.0f, 0.5f, 2.0f}));
  EXPECT_EQ(at(UnaryFunction::ThresholdedRelu, 0.5f, 0),
            (std::vector<float>{0, 0, 0, 0, 2.0f})); // x > alpha, strictly
  std::vector<float> selu = at(UnaryFunction::Selu, 2.0f, 3.0f);
  EXPECT_FLOAT_EQ(selu[0], 3.0f * 2.0f * std::expm1(-2.0f));
  EXPECT_FLOAT_EQ(selu[4], 6.0f);
  std::vector<float> celu = at(UnaryFunction::Celu, 2.0f, 0);
  EXPECT_FLOAT_EQ(celu[0], 2.0f * std::expm1(-1.0f));
  EXPECT_FLOAT_EQ(celu[3], 0.5f);
  EXPECT_EQ(at(UnaryFunction::Softsign, 0, 0)[4], 2.0f / 3.0f);
}

TEST_F(ReferenceTest, RoundingAndSignFunctionsFollowONNX) {
  // Round takes halves to even (ONNX Round, numpy's rint); floor and ceil
  // keep -0; sign keeps 0, -0 and NaN.
  float nan = std::numeric_limits<float>::quiet_NaN();
  Tensor x({9}, {-2.5f, -1.5f, -0.5f, -0.0f, 0.5f, 1.5f, 2.5f, 2.7f, nan});
  auto at = [&](UnaryFunction fn) { return unary(x, fn, 0, 0).data; };
  std::vector<float> round = at(UnaryFunction::Round);
  EXPECT_EQ(std::vector<float>(round.begin(), round.end() - 1),
            (std::vector<float>{-2, -2, -0.0f, -0.0f, 0, 2, 2, 3}));
  EXPECT_TRUE(std::signbit(round[2]));
  std::vector<float> floor = at(UnaryFunction::Floor);
  EXPECT_EQ(std::vector<float>(floor.begin(), floor.end() - 1),
            (std::vector<float>{-3, -2, -1, -0.0f, 0, 1, 2, 2}));
  std::vector<float> ceil = at(UnaryFunction::Ceil);
  EXPECT_EQ(std::vector<float>(ceil.begin(), ceil.end() - 1),
            (std::vector<float>{-2, -1, -0.0f, -0.0f, 1, 2, 3, 3}));
  EXPECT_TRUE(std::signbit(ceil[2]));
  std::vector<float> sign = at(UnaryFunction::Sign);
  EXPECT_EQ(std::vector<float>(sign.begin(), sign.end() - 1),
            (std::vector<float>{-1, -1, -1, -0.0f, 1, 1, 1, 1}));
  EXPECT_TRUE(std::signbit(sign[3]));
  for (UnaryFunction fn :
       {UnaryFunction::Round, UnaryFunction::Floor, UnaryFunction::Ceil,
        UnaryFunction::Sign, UnaryFunction::Sin, UnaryFunction::Cos})
    EXPECT_TRUE(std::isnan(at(fn)[8]));
  EXPECT_EQ(at(UnaryFunction::Sin)[7], std::sin(2.7f));
  EXPECT_EQ(at(UnaryFunction::Cos)[0], std::cos(-2.5f));
}

TEST_F(ReferenceTest, FakeQuantizationRoundsHalfToEvenAndSaturates) {
  // ONNX QuantizeLinear then DequantizeLinear, scale 0.5: x / 0.5 is exact
  // here, so the ties are ties: 1.25 / 0.5 = 2.5 rounds to 2, 1.75 to 4
  // (3.5), -0.25 to -0 (-0.5).
  float inf = std::numeric_limits<float>::infinity();
  float nan = std::numeric_limits<float>::quiet_NaN();
  Tensor x({9},
           {1.25f, 1.75f, -0.25f, 0.74f, 1000.0f, -1000.0f, inf, -inf, nan});
  // uint8, zero point 10: the grid is 0.5 * ([0, 255] - 10).
  std::vector<float> u8 = unary(x, UnaryFunction::FakeQuantU8, 0.5f, 10).data;
  EXPECT_EQ(u8[0], 1.0f);
  EXPECT_EQ(u8[1], 2.0f);
  EXPECT_EQ(u8[2], 0.0f);
  EXPECT_EQ(u8[3], 0.5f);   // 1.48 rounds to 1
  EXPECT_EQ(u8[4], 122.5f); // (255 - 10) * 0.5
  EXPECT_EQ(u8[5], -5.0f);  // (0 - 10) * 0.5
  EXPECT_EQ(u8[6], 122.5f);
  EXPECT_EQ(u8[7], -5.0f);
  EXPECT_TRUE(std::isnan(u8[8]));
  // int8, zero point -3: [-128, 127].
  std::vector<float> i8 = unary(x, UnaryFunction::FakeQuantI8, 0.5f, -3).data;
  EXPECT_EQ(i8[0], 1.0f);
  EXPECT_EQ(i8[4], 65.0f);  // (127 + 3) * 0.5
  EXPECT_EQ(i8[5], -62.5f); // (-128 + 3) * 0.5
  // A scale that is not a power of two: x / scale in float32, as ONNX.
  EXPECT_EQ(fakeQuantize(0.3f, 0.1f, 0, 0, 255), 3.0f * 0.1f);
  EXPECT_EQ(fakeQuantize(0.25f, 0.1f, 0, 0, 255), 2.0f * 0.1f);
}

TEST_F(ReferenceTest, SoftplusDoesNotOverflow) {
  // log(1 + exp(x)) overflows exp at x = 100 in float; the kernel gives x.
  Tensor x({3}, {100.0f, -100.0f, 0.0f});
  std::vector<float> y = unary(x, UnaryFunction::Softplus, 0, 0).data;
  EXPECT_EQ(y[0], 100.0f);
  EXPECT_GT(y[1], 0.0f);
  EXPECT_LT(y[1], 1e-40f);
  EXPECT_FLOAT_EQ(y[2], std::log(2.0f));
}

TEST_F(ReferenceTest, BinaryFunctionsBroadcastAndMaxPropagatesNaN) {
  Tensor a({2, 2}, {-1.0f, 2.0f, -3.0f, 4.0f});
  Tensor slope({2}, {0.5f, 0.25f});
  EXPECT_EQ(binary(a, slope, BinaryFunction::PRelu).data,
            (std::vector<float>{-0.5f, 2.0f, -1.5f, 4.0f}));
  EXPECT_EQ(binary(a, slope, BinaryFunction::Sub).data,
            (std::vector<float>{-1.5f, 1.75f, -3.5f, 3.75f}));
  EXPECT_EQ(binary(slope, a, BinaryFunction::Div).data,
            (std::vector<float>{-0.5f, 0.125f, -0.5f / 3.0f, 0.0625f}));
  Tensor nan({1}, {std::nanf("")});
  for (BinaryFunction fn : {BinaryFunction::Max, BinaryFunction::Min})
    for (float v : binary(a, nan, fn).data)
      EXPECT_TRUE(std::isnan(v));
  EXPECT_EQ(binary(a, slope, BinaryFunction::Max).data,
            (std::vector<float>{0.5f, 2.0f, 0.5f, 4.0f}));
}

TEST_F(ReferenceTest, IntegerArithmeticIsONNXsAndRefusesWhatFloatCannotHold) {
  // Every sign combination: div truncates toward zero (ONNX's integer Div,
  // C's /), mod takes the divisor's sign (Python's %), fmod the dividend's.
  Tensor a({4}, {7, -7, 7, -7}), b({4}, {2, 2, -2, -2});
  auto whole = [](Expected<Tensor> t) {
    EXPECT_TRUE(bool(t)) << llvm::toString(t.takeError());
    return t ? t->data : std::vector<float>{};
  };
  EXPECT_EQ(whole(integerBinary(a, b, BinaryFunction::Div, HostFormat::Int64)),
            (std::vector<float>{3, -3, -3, 3}));
  EXPECT_EQ(whole(integerBinary(a, b, BinaryFunction::Mod, HostFormat::Int64)),
            (std::vector<float>{1, 1, -1, -1}));
  EXPECT_EQ(whole(integerBinary(a, b, BinaryFunction::FMod, HostFormat::Int64)),
            (std::vector<float>{1, -1, 1, -1}));
  // The float functions give the same remainders.
  EXPECT_EQ(binary(a, b, BinaryFunction::Mod).data,
            (std::vector<float>{1, 1, -1, -1}));
  EXPECT_EQ(binary(a, b, BinaryFunction::FMod).data,
            (std::vector<float>{1, -1, 1, -1}));
  // A heatmap's argmax over a 4 x 6 map: row and column, broadcast by a
  // scalar divisor.
  Tensor idx({3}, {0, 13, 23}), w({}, {6});
  EXPECT_EQ(
      whole(integerBinary(idx, w, BinaryFunction::Div, HostFormat::Int64)),
      (std::vector<float>{0, 2, 3}));
  EXPECT_EQ(
      whole(integerBinary(idx, w, BinaryFunction::Mod, HostFormat::Int64)),
      (std::vector<float>{0, 1, 5}));
  EXPECT_EQ(whole(integerBinary(a, b, BinaryFunction::Add, HostFormat::Int64)),
            (std::vector<float>{9, -5, 5, -9}));
  EXPECT_EQ(whole(integerBinary(a, b, BinaryFunction::Mul, HostFormat::Int64)),
            (std::vector<float>{14, -14, -14, 14}));
  EXPECT_EQ(whole(integerBinary(a, b, BinaryFunction::Sub, HostFormat::Int64)),
            (std::vector<float>{5, -9, 9, -5}));
  EXPECT_EQ(whole(integerBinary(a, b, BinaryFunction::Min, HostFormat::Int64)),
            (std::vector<float>{2, -7, -2, -7}));
  // Pow: integer exponents exactly; a float exponent's power truncated.
  Tensor base({3}, {3, -2, 10});
  EXPECT_EQ(whole(integerBinary(base, Tensor({3}, {6, 3, 0}),
                                BinaryFunction::Pow, HostFormat::Int64)),
            (std::vector<float>{729, -8, 1}));
  EXPECT_EQ(whole(integerBinary(Tensor({2}, {3, 10}), Tensor({}, {0.5f}),
                                BinaryFunction::Pow, HostFormat::Int64)),
            (std::vector<float>{1, 3}));

  // Errors name the element: a zero divisor, a result float32 cannot hold,
  // an operand that is not whole, a power that is not an integer.
  auto error = [](Expected<Tensor> t) {
    EXPECT_FALSE(bool(t));
    return t ? std::string() : llvm::toString(t.takeError());
  };
  Tensor zero({4}, {1, 2, 0, 4});
  for (BinaryFunction fn :
       {BinaryFunction::Div, BinaryFunction::Mod, BinaryFunction::FMod})
    EXPECT_EQ(error(integerBinary(a, zero, fn, HostFormat::Int64)),
              "division by zero (element 2 of the divisor)");
  // 4096 * 4096 = 2^24: exact in float32, but 2^24 + 1 would round to it,
  // so results must stay below.
  Tensor big({2}, {4095, 4096});
  EXPECT_EQ(whole(integerBinary(big, Tensor({}, {4095}), BinaryFunction::Mul,
                                HostFormat::Int64)),
            (std::vector<float>{16769025, 16773120}));
  EXPECT_EQ(
      error(integerBinary(big, big, BinaryFunction::Mul, HostFormat::Int64)),
      "result element 1 is 16777216, not below 2^24 in magnitude, where "
      "float32 no longer holds every integer exactly");
  EXPECT_EQ(error(integerBinary(Tensor({2}, {1, 2.5f}), a, BinaryFunction::Add,
                                HostFormat::Int64)),
            "operand 0 element 1 is 2.5, not a whole number");
  EXPECT_TRUE(
      StringRef(error(integerBinary(Tensor({}, {0}), Tensor({}, {-1}),
                                    BinaryFunction::Pow, HostFormat::Int64)))
          .starts_with("result element 0 is inf, not an integer"));
}

TEST_F(ReferenceTest, NarrowIntegersWrapAroundAsNumpysDo) {
  // numpy: uint8 200 + 100 = 44, 3 - 5 = 254 (of 3 - 5 = -2), 23 * 23 = 17
  // (529 mod 256); int8 -128 / -1 = -128, 100 + 100 = -56; int16
  // 300 * 300 = 24464; powers wrap too (uint8 3^6 = 729 mod 256 = 217).
  auto values = [](Expected<Tensor> t) {
    EXPECT_TRUE(bool(t)) << llvm::toString(t.takeError());
    return t ? t->data : std::vector<float>{};
  };
  Tensor a({3}, {200, 3, 23}), b({3}, {100, 5, 23});
  EXPECT_EQ(values(integerBinary(a, b, BinaryFunction::Add, HostFormat::UInt8)),
            (std::vector<float>{44, 8, 46}));
  EXPECT_EQ(values(integerBinary(a, b, BinaryFunction::Sub, HostFormat::UInt8)),
            (std::vector<float>{100, 254, 0}));
  EXPECT_EQ(values(integerBinary(a, b, BinaryFunction::Mul, HostFormat::UInt8)),
            (std::vector<float>{32, 15, 17}));
  EXPECT_EQ(
      values(integerBinary(Tensor({2}, {-128, 100}), Tensor({2}, {-1, 100}),
                           BinaryFunction::Div, HostFormat::Int8)),
      (std::vector<float>{-128, 1}));
  EXPECT_EQ(
      values(integerBinary(Tensor({2}, {-128, 100}), Tensor({2}, {-1, 100}),
                           BinaryFunction::Add, HostFormat::Int8)),
      (std::vector<float>{127, -56}));
  EXPECT_EQ(values(integerBinary(Tensor({1}, {300}), Tensor({1}, {300}),
                                 BinaryFunction::Mul, HostFormat::Int16)),
            (std::vector<float>{24464}));
  EXPECT_EQ(values(integerBinary(Tensor({2}, {3, 65535}), Tensor({2}, {6, 2}),
                                 BinaryFunction::Pow, HostFormat::UInt8)),
            (std::vector<float>{217, 1}));
  EXPECT_EQ(values(integerBinary(Tensor({2}, {-7, 7}), Tensor({2}, {2, -2}),
                                 BinaryFunction::Mod, HostFormat::Int16)),
            (std::vector<float>{1, -1}));
  // A narrowing cast adds 0 in the target type (uint8 of -1 is 255, int8 of
  // 300 is 44, int16 of 40000 is -25536); a whole number beyond 64 bits
  // (a huge float, infinity) has no int64 to wrap and is refused.
  EXPECT_EQ(values(integerBinary(Tensor({2}, {-1, 300}), Tensor({1}, {0}),
                                 BinaryFunction::Add, HostFormat::UInt8)),
            (std::vector<float>{255, 44}));
  EXPECT_EQ(values(integerBinary(Tensor({1}, {300}), Tensor({1}, {0}),
                                 BinaryFunction::Add, HostFormat::Int8)),
            (std::vector<float>{44}));
  EXPECT_EQ(values(integerBinary(Tensor({1}, {40000}), Tensor({1}, {0}),
                                 BinaryFunction::Add, HostFormat::Int16)),
            (std::vector<float>{-25536}));
  for (float huge : {1e30f, -0x1p63f, std::numeric_limits<float>::infinity()})
    for (bool asRhs : {false, true}) {
      Tensor h({1}, {huge}), zero({1}, {0});
      Expected<Tensor> beyond =
          integerBinary(asRhs ? zero : h, asRhs ? h : zero, BinaryFunction::Add,
                        HostFormat::UInt8);
      ASSERT_FALSE(bool(beyond)) << huge;
      EXPECT_NE(llvm::toString(beyond.takeError()).find("beyond 64 bits"),
                std::string::npos);
    }
  // The wide unsigned types cannot wrap within float32's exact integers: a
  // negative result is an error, as is one beyond 2^24.
  Expected<Tensor> negative =
      integerBinary(Tensor({2}, {5, 3}), Tensor({2}, {1, 5}),
                    BinaryFunction::Sub, HostFormat::UInt32);
  ASSERT_FALSE(bool(negative));
  EXPECT_EQ(llvm::toString(negative.takeError()),
            "result element 1 is -2, below 0 in an unsigned type, whose "
            "wrap-around float32 does not hold exactly");
  EXPECT_EQ(values(integerBinary(Tensor({1}, {5}), Tensor({1}, {3}),
                                 BinaryFunction::Sub, HostFormat::UInt64)),
            (std::vector<float>{2}));
  // Powers that are no integer of any width: 0 to a negative exponent, a
  // power beyond 64 bits.
  for (auto [base, exponent] :
       {std::pair<float, float>{0, -1}, {65535, 4.5f}}) {
    Expected<Tensor> power =
        integerBinary(Tensor({1}, {base}), Tensor({1}, {exponent}),
                      BinaryFunction::Pow, HostFormat::UInt16);
    ASSERT_FALSE(bool(power));
    EXPECT_TRUE(StringRef(llvm::toString(power.takeError()))
                    .starts_with("result element 0 is not an integer"));
  }
  // A huge whole exponent takes the float path (1 stays 1).
  EXPECT_EQ(values(integerBinary(Tensor({1}, {1}), Tensor({1}, {1e30f}),
                                 BinaryFunction::Pow, HostFormat::UInt8)),
            (std::vector<float>{1}));
  Expected<Tensor> zero = integerBinary(Tensor({1}, {5}), Tensor({1}, {0}),
                                        BinaryFunction::Mod, HostFormat::UInt8);
  ASSERT_FALSE(bool(zero));
  EXPECT_EQ(llvm::toString(zero.takeError()),
            "division by zero (element 0 of the divisor)");
}

TEST_F(ReferenceTest, ComparisonsAndLogicGiveZeroOrOne) {
  // numpy's comparisons, broadcast; NaN compares false (but not equal to
  // itself, and so not-nonzero is false too).
  float nan = std::nanf("");
  Tensor a({2, 3}, {-1.0f, 0.0f, 2.0f, nan, -0.0f, 5.0f});
  Tensor b({3}, {0.0f, 0.0f, 2.0f});
  auto values = [&](BinaryFunction fn) { return binary(a, b, fn).data; };
  EXPECT_EQ(values(BinaryFunction::Equal),
            (std::vector<float>{0, 1, 1, 0, 1, 0}));
  EXPECT_EQ(values(BinaryFunction::Less),
            (std::vector<float>{1, 0, 0, 0, 0, 0}));
  EXPECT_EQ(values(BinaryFunction::LessEqual),
            (std::vector<float>{1, 1, 1, 0, 1, 0}));
  EXPECT_EQ(values(BinaryFunction::Greater),
            (std::vector<float>{0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(values(BinaryFunction::GreaterEqual),
            (std::vector<float>{0, 1, 1, 0, 1, 1}));
  Tensor p({4}, {0, 0, 1, 1}), q({4}, {0, 1, 0, 1});
  EXPECT_EQ(binary(p, q, BinaryFunction::And).data,
            (std::vector<float>{0, 0, 0, 1}));
  EXPECT_EQ(binary(p, q, BinaryFunction::Or).data,
            (std::vector<float>{0, 1, 1, 1}));
  EXPECT_EQ(binary(p, q, BinaryFunction::Xor).data,
            (std::vector<float>{0, 1, 1, 0}));
  Tensor x({6}, {0.0f, -0.0f, 2.5f, -2.5f, nan, 1e30f});
  EXPECT_EQ(unary(x, UnaryFunction::Not, 0, 0).data,
            (std::vector<float>{1, 1, 0, 0, 0, 0}));
  EXPECT_EQ(unary(x, UnaryFunction::NonZero, 0, 0).data,
            (std::vector<float>{0, 0, 1, 1, 1, 1}));
  std::vector<float> truncated = unary(x, UnaryFunction::Trunc, 0, 0).data;
  EXPECT_EQ(truncated[2], 2.0f);
  EXPECT_EQ(truncated[3], -2.0f);
  EXPECT_TRUE(std::isnan(truncated[4]));
  EXPECT_EQ(truncated[5], 1e30f);
}

TEST_F(ReferenceTest, TrigonometricAndHyperbolicFunctionsAndNaNInfTests) {
  // EYB 1.15's functions: the C library's, NaN outside their domains; isnan
  // and isinf give 0 or 1, isinf detecting -inf with alpha 1 and +inf with
  // beta 1.
  float inf = std::numeric_limits<float>::infinity();
  float nan = std::numeric_limits<float>::quiet_NaN();
  Tensor x({6}, {-0.5f, 0.0f, 0.25f, 0.9f, 1.5f, -2.0f});
  const std::pair<UnaryFunction, float (*)(float)> fns[] = {
      {UnaryFunction::Tan, std::tan},     {UnaryFunction::Asin, std::asin},
      {UnaryFunction::Acos, std::acos},   {UnaryFunction::Atan, std::atan},
      {UnaryFunction::Sinh, std::sinh},   {UnaryFunction::Cosh, std::cosh},
      {UnaryFunction::Asinh, std::asinh}, {UnaryFunction::Acosh, std::acosh},
      {UnaryFunction::Atanh, std::atanh}};
  for (auto [fn, f] : fns) {
    std::vector<float> y = unary(x, fn, 0, 0).data;
    for (size_t i = 0; i < y.size(); ++i) {
      float want = f(x.data[i]);
      if (std::isnan(want))
        EXPECT_TRUE(std::isnan(y[i])) << int(fn) << " at " << x.data[i];
      else
        EXPECT_EQ(y[i], want) << int(fn) << " at " << x.data[i];
    }
  }
  // Out of their domains: asin(1.5), acos(-2), acosh(0.25), atanh(-2).
  EXPECT_TRUE(std::isnan(unary(x, UnaryFunction::Asin, 0, 0).data[4]));
  EXPECT_TRUE(std::isnan(unary(x, UnaryFunction::Acos, 0, 0).data[5]));
  EXPECT_TRUE(std::isnan(unary(x, UnaryFunction::Acosh, 0, 0).data[2]));
  EXPECT_TRUE(std::isnan(unary(x, UnaryFunction::Atanh, 0, 0).data[5]));

  Tensor special({5}, {-inf, inf, nan, 0.0f, -3.0f});
  EXPECT_EQ(unary(special, UnaryFunction::IsNaN, 0, 0).data,
            (std::vector<float>{0, 0, 1, 0, 0}));
  EXPECT_EQ(unary(special, UnaryFunction::IsInf, 1, 1).data,
            (std::vector<float>{1, 1, 0, 0, 0}));
  EXPECT_EQ(unary(special, UnaryFunction::IsInf, 1, 0).data,
            (std::vector<float>{1, 0, 0, 0, 0}));
  EXPECT_EQ(unary(special, UnaryFunction::IsInf, 0, 1).data,
            (std::vector<float>{0, 1, 0, 0, 0}));
  EXPECT_EQ(unary(special, UnaryFunction::IsInf, 0, 0).data,
            (std::vector<float>{0, 0, 0, 0, 0}));
}

TEST_F(ReferenceTest, CumSumRunsAlongOneAxisInEachDirection) {
  // A 2 x 3 x 2 tensor summed along its middle axis: inclusive or
  // exclusive, forward or from the end, against a loop written out.
  Tensor x({2, 3, 2}, {1, 2, 3, 4, 5, 6, -1, 0.5f, 2, -4, 8, 16});
  for (bool exclusive : {false, true})
    for (bool reverse : {false, true}) {
      std::vector<float> y = cumsum(x, 1, exclusive, reverse).data;
      for (int n = 0; n < 2; ++n)
        for (int w = 0; w < 2; ++w)
          for (int h = 0; h < 3; ++h) {
            float want = 0;
            for (int k = 0; k < 3; ++k) {
              bool before = reverse ? k > h : k < h;
              if (before || (!exclusive && k == h))
                want += x.data[(n * 3 + k) * 2 + w];
            }
            EXPECT_EQ(y[(n * 3 + h) * 2 + w], want)
                << exclusive << reverse << " at " << n << h << w;
          }
    }
  // Along the first and last axes.
  EXPECT_EQ(cumsum(Tensor({3}, {1, 2, 3}), 0, false, false).data,
            (std::vector<float>{1, 3, 6}));
  EXPECT_EQ(cumsum(Tensor({1, 3}, {1, 2, 3}), 1, true, true).data,
            (std::vector<float>{5, 3, 0}));
}

TEST_F(ReferenceTest, SelectChoosesWithoutArithmetic) {
  // ONNX Where with an attention mask's -inf: chosen, never multiplied
  // (0 * -inf would be NaN); the three operands broadcast.
  float inf = std::numeric_limits<float>::infinity();
  Tensor condition({2, 1}, {1, 0});
  Tensor onTrue({}, {-inf});
  Tensor onFalse({3}, {0.5f, std::nanf(""), -0.0f});
  Tensor y = select(condition, onTrue, onFalse);
  ASSERT_EQ(y.shape, (llvm::SmallVector<int64_t>{2, 3}));
  EXPECT_EQ(y.data[0], -inf);
  EXPECT_EQ(y.data[1], -inf);
  EXPECT_EQ(y.data[2], -inf);
  EXPECT_EQ(y.data[3], 0.5f);
  EXPECT_TRUE(std::isnan(y.data[4]));
  EXPECT_TRUE(std::signbit(y.data[5]));
}

TEST_F(ReferenceTest, InsertZerosSpreadsEachPlane) {
  Tensor x = randomTensor({2, 3, 3, 4}, 5);
  Tensor y = insertZeros(x, 2, 3);
  ASSERT_EQ(y.shape, (llvm::SmallVector<int64_t>{2, 3, 5, 10}));
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t c = 0; c < 3; ++c)
      for (int64_t h = 0; h < 5; ++h)
        for (int64_t w = 0; w < 10; ++w)
          EXPECT_EQ(y.at({n, c, h, w}), h % 2 == 0 && w % 3 == 0
                                            ? x.at({n, c, h / 2, w / 3})
                                            : 0.0f)
              << n << c << h << w;
}

TEST_F(ReferenceTest, ReduceMatchesALoopOverTheReducedAxes) {
  Tensor x = randomTensor({2, 3, 4, 5}, 9);
  for (bool keep : {false, true}) {
    Tensor sum = reduce(x, Reduction::Sum, {1, 3}, keep);
    Tensor top = reduce(x, Reduction::Max, {1, 3}, keep);
    Tensor lse = reduce(x, Reduction::LogSumExp, {1, 3}, keep);
    llvm::SmallVector<int64_t> shape =
        keep ? llvm::SmallVector<int64_t>{2, 1, 4, 1}
             : llvm::SmallVector<int64_t>{2, 4};
    ASSERT_EQ(sum.shape, shape);
    for (int64_t n = 0; n < 2; ++n)
      for (int64_t h = 0; h < 4; ++h) {
        double s = 0, m = -1e30, e = 0;
        for (int64_t c = 0; c < 3; ++c)
          for (int64_t w = 0; w < 5; ++w) {
            s += x.at({n, c, h, w});
            m = std::max(m, double(x.at({n, c, h, w})));
          }
        for (int64_t c = 0; c < 3; ++c)
          for (int64_t w = 0; w < 5; ++w)
            e += std::exp(double(x.at({n, c, h, w})));
        int64_t i = n * 4 + h;
        EXPECT_FLOAT_EQ(sum.data[i], float(s)) << n << h;
        EXPECT_EQ(top.data[i], float(m)) << n << h;
        EXPECT_FLOAT_EQ(lse.data[i], float(std::log(e))) << n << h;
      }
  }
  Tensor all = reduce(x, Reduction::L2, {0, 1, 2, 3}, false);
  double squares = 0;
  for (float v : x.data)
    squares += double(v) * v;
  EXPECT_TRUE(all.shape.empty());
  EXPECT_FLOAT_EQ(all.data[0], float(std::sqrt(squares)));
}

TEST_F(ReferenceTest, ArgMaxAndArgMinPickTheFirstOrLastExtremeAndNaN) {
  // Rows along axis 1: ties, a NaN, infinities.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  Tensor x({4, 5}, {1,    3,    3,    0,    0,    //
                    2,    nan,  5,    nan,  -1,   //
                    -inf, -inf, -inf, -inf, -inf, //
                    4,    -2,   4,    -2,   inf});
  struct Case {
    Reduction fn;
    std::vector<float> expected;
  } cases[] = {{Reduction::ArgMax, {1, 1, 0, 4}},
               {Reduction::ArgMaxLast, {2, 3, 4, 4}},
               {Reduction::ArgMin, {3, 1, 0, 1}},
               {Reduction::ArgMinLast, {4, 3, 4, 3}}};
  for (const Case &c : cases) {
    Tensor keep = reduce(x, c.fn, {1}, true);
    EXPECT_EQ(keep.shape, (llvm::SmallVector<int64_t>{4, 1}));
    EXPECT_EQ(keep.data, c.expected) << int(c.fn);
  }
  // Along axis 0 of the same values, dropped: each column's index.
  Tensor columns = reduce(x, Reduction::ArgMax, {0}, false);
  EXPECT_EQ(columns.shape, (llvm::SmallVector<int64_t>{5}));
  EXPECT_EQ(columns.data, (std::vector<float>{3, 1, 1, 1, 3}));
}

} // namespace
