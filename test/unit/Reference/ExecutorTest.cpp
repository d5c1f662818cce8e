//===- ExecutorTest.cpp - runFunction, evaluateOp, constants, errors ------===//

#include "ReferenceTestSupport.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

using namespace eyeriss::reference;
using namespace eyeriss::reference::testing;

namespace {

/// A residual block with weights from every kind of constant: a
/// dense_resource blob (the 1x1 filter [[1, 2], [3, 4]]), a splat bias and
/// a dense scale; %x is read by the conv and again by the add, and %scale
/// twice by one op.
TEST_F(ReferenceTest, ResidualBlockWithConstants) {
  const char *source = R"mlir(
func.func @main(%x: tensor<1x2x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<2xf32>) {
  %w = eyeriss.constant dense_resource<filter> : tensor<2x2x1x1xf32>
  %b = eyeriss.constant dense<0.5> : tensor<2xf32>
  %scale = eyeriss.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %unused = eyeriss.constant dense<7.0> : tensor<3xf32>
  %conv = eyeriss.conv2d %x, %w, %b strides [1, 1] pads [0, 0, 0, 0]
      dilations [1, 1] groups 1
      : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>)
      -> tensor<1x2x2x2xf32>
  %sum = eyeriss.add %conv, %x activation relu : tensor<1x2x2x2xf32>
  %twice = eyeriss.add %scale, %scale : tensor<2xf32>
  return %sum, %twice : tensor<1x2x2x2xf32>, tensor<2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      filter: "0x040000000000803F000000400000404000008040"
    }
  }
#-}
)mlir";
  Tensor x({1, 2, 2, 2}, {1, -2, 3, -4, 0.5f, 0.25f, -1, 2});
  llvm::SmallVector<Tensor> y = run(source, {x});
  ASSERT_EQ(y.size(), 2u);
  // Channel 0: 1*x0 + 2*x1 + 0.5 + x0; channel 1: 3*x0 + 4*x1 + 0.5 + x1.
  Tensor expected = Tensor::zeros({1, 2, 2, 2});
  for (int64_t p = 0; p < 4; ++p) {
    float x0 = x.data[p], x1 = x.data[4 + p];
    expected.data[p] = std::max(0.0f, x0 + 2 * x1 + 0.5f + x0);
    expected.data[4 + p] = std::max(0.0f, 3 * x0 + 4 * x1 + 0.5f + x1);
  }
  EXPECT_EQ(y[0].shape, expected.shape);
  expectClose(y[0], expected, 1e-6);
  EXPECT_EQ(y[1].data, (std::vector<float>{2.0f, -4.0f}));
  // The input is the caller's and stays untouched.
  EXPECT_EQ(x.data, (std::vector<float>{1, -2, 3, -4, 0.5f, 0.25f, -1, 2}));
}

/// A value returned directly, returned twice, and a constant returned.
TEST_F(ReferenceTest, ReturnsArgumentsAndConstants) {
  llvm::SmallVector<Tensor> y = run(R"mlir(
func.func @main(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %c = eyeriss.constant dense<[3.0, 4.0]> : tensor<2xf32>
  return %x, %c, %c : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}
)mlir",
                                    {Tensor({2}, {1, 2})});
  ASSERT_EQ(y.size(), 3u);
  EXPECT_EQ(y[0].data, (std::vector<float>{1, 2}));
  EXPECT_EQ(y[1].data, (std::vector<float>{3, 4}));
  EXPECT_EQ(y[2].data, (std::vector<float>{3, 4}));
}

/// Narrower float types are computed in float32.
TEST_F(ReferenceTest, HalfPrecisionFunction) {
  Tensor y = runOne(R"mlir(
func.func @main(%x: tensor<3xf16>) -> tensor<3xf16> {
  %c = eyeriss.constant dense<[0.5, -3.0, 1.0e-03]> : tensor<3xf16>
  %s = eyeriss.add %x, %c activation relu : tensor<3xf16>
  return %s : tensor<3xf16>
}
)mlir",
                    {Tensor({3}, {1, 1, 1})});
  // 1e-3 is not a half: it rounds to 0.0010004 (1049 / 2^20).
  EXPECT_EQ(y.data, (std::vector<float>{1.5f, 0.0f, 1.0f + 1049.0f / 1048576}));
}

TEST_F(ReferenceTest, FromElementsAttrConvertsWidths) {
  mlir::OpBuilder builder(&context);
  auto f16 = mlir::RankedTensorType::get({2}, builder.getF16Type());
  auto bf16 = mlir::RankedTensorType::get({2}, builder.getBF16Type());
  auto f64 = mlir::RankedTensorType::get({2}, builder.getF64Type());
  mlir::Location loc = builder.getUnknownLoc();
  for (mlir::RankedTensorType type : {f16, bf16, f64}) {
    auto attr = mlir::DenseElementsAttr::get(
        type, llvm::ArrayRef<mlir::Attribute>{
                  builder.getFloatAttr(type.getElementType(), 1.5),
                  builder.getFloatAttr(type.getElementType(), -0.25)});
    mlir::FailureOr<Tensor> t = fromElementsAttr(attr, loc);
    ASSERT_TRUE(succeeded(t));
    EXPECT_EQ(t->shape, (llvm::SmallVector<int64_t>{2}));
    EXPECT_EQ(t->data, (std::vector<float>{1.5f, -0.25f}));
  }
  auto f64Splat = mlir::DenseElementsAttr::get(
      mlir::RankedTensorType::get({2, 2}, builder.getF64Type()), 0.1);
  mlir::FailureOr<Tensor> splat = fromElementsAttr(f64Splat, loc);
  ASSERT_TRUE(succeeded(splat));
  EXPECT_EQ(splat->data, std::vector<float>(4, 0.1f));
}

TEST_F(ReferenceTest, ToElementsAttrRoundsAndRoundTrips) {
  mlir::OpBuilder builder(&context);
  Tensor t({2, 2}, {1.0f, -2.5f, 1.0f / 3.0f, 65504.0f});
  auto f32 = mlir::RankedTensorType::get({2, 2}, builder.getF32Type());
  mlir::DenseElementsAttr attr = toElementsAttr(t, f32);
  EXPECT_EQ(attr.getType(), f32);
  mlir::FailureOr<Tensor> back =
      fromElementsAttr(attr, builder.getUnknownLoc());
  ASSERT_TRUE(succeeded(back));
  EXPECT_EQ(back->data, t.data);

  auto f16 = mlir::RankedTensorType::get({2, 2}, builder.getF16Type());
  mlir::DenseElementsAttr half = toElementsAttr(t, f16);
  auto values = llvm::to_vector(half.getValues<llvm::APFloat>());
  EXPECT_EQ(values[2].convertToDouble(), 0.333251953125); // 1365 / 4096.
  EXPECT_EQ(values[3].convertToDouble(), 65504.0);

  // Equal elements come back as a splat.
  mlir::DenseElementsAttr splat =
      toElementsAttr(Tensor({2, 2}, {3, 3, 3, 3}), f32);
  EXPECT_TRUE(splat.isSplat());
}

/// The constant-folding use: one op, evaluated on its own.
TEST_F(ReferenceTest, EvaluateOneOp) {
  mlir::func::FuncOp func = parse(R"mlir(
func.func @main(%a: tensor<2x3xf32>, %w: tensor<4x3xf32>) -> tensor<2x4xf32> {
  %y = eyeriss.fc %a, %w : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}
)mlir");
  ASSERT_TRUE(func);
  mlir::Operation *fc = &func.getBody().front().front();
  Tensor a({2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor w({4, 3}, {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1});
  mlir::FailureOr<llvm::SmallVector<Tensor>> y = evaluateOp(fc, {a, w});
  ASSERT_TRUE(succeeded(y)) << diagnostics;
  ASSERT_EQ(y->size(), 1u);
  EXPECT_EQ(y->front().data, (std::vector<float>{1, 2, 3, 6, 4, 5, 6, 15}));

  EXPECT_TRUE(failed(evaluateOp(fc, {a})));
  EXPECT_NE(diagnostics.find("expects 2 operand tensors but was given 1"),
            std::string::npos)
      << diagnostics;
  diagnostics.clear();
  EXPECT_TRUE(failed(evaluateOp(fc, {w, a})));
  EXPECT_NE(diagnostics.find("operand #0 is 'tensor<2x3xf32>' but the tensor "
                             "given has shape 4x3"),
            std::string::npos)
      << diagnostics;
  diagnostics.clear();
  EXPECT_TRUE(failed(evaluateOp(&func.getBody().front().back(), {})));
  EXPECT_NE(diagnostics.find("cannot evaluate 'func.return'"),
            std::string::npos)
      << diagnostics;
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

TEST_F(ReferenceTest, UnknownOpIsALocatedError) {
  std::string errors = runExpectingError(R"mlir(
func.func private @helper(tensor<2xf32>) -> tensor<2xf32>
func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  %r = eyeriss.relu %x : tensor<2xf32>
  %y = func.call @helper(%r) : (tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}
)mlir",
                                         {Tensor({2}, {1, 2})});
  // The first function in the module is the declaration: run @main.
  EXPECT_NE(errors.find("is a declaration"), std::string::npos) << errors;

  mlir::func::FuncOp main = module->lookupSymbol<mlir::func::FuncOp>("main");
  ASSERT_TRUE(main);
  diagnostics.clear();
  EXPECT_TRUE(failed(runFunction(main, {Tensor({2}, {1, 2})})));
  EXPECT_NE(diagnostics.find("-\":5:8): the reference executor cannot evaluate "
                             "'func.call'"),
            std::string::npos)
      << diagnostics;
}

TEST_F(ReferenceTest, WrongInputs) {
  const char *source = R"mlir(
func.func @main(%x: tensor<1x2xf32>, %y: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %s = eyeriss.add %x, %y : tensor<1x2xf32>
  return %s : tensor<1x2xf32>
}
)mlir";
  Tensor good({1, 2}, {1, 2});
  EXPECT_NE(runExpectingError(source, {good})
                .find("@main takes 2 arguments but was given 1 inputs"),
            std::string::npos)
      << diagnostics;
  EXPECT_NE(
      runExpectingError(source, {good, Tensor({2, 1}, {1, 2})})
          .find("-\":2:38): argument #1 of @main is 'tensor<1x2xf32>' but the "
                "input given has shape 2x1"),
      std::string::npos)
      << diagnostics;
  Tensor inconsistent;
  inconsistent.shape = {1, 2};
  inconsistent.data = {1, 2, 3};
  EXPECT_NE(runExpectingError(source, {inconsistent, good})
                .find("the input for argument #0 of @main holds 3 elements "
                      "but its shape needs 2"),
            std::string::npos)
      << diagnostics;
}

TEST_F(ReferenceTest, NonFloatTensorsAreRefused) {
  EXPECT_NE(runExpectingError(R"mlir(
func.func @main(%x: tensor<4xi8>) -> tensor<4xi8> {
  %y = eyeriss.relu %x : tensor<4xi8>
  return %y : tensor<4xi8>
}
)mlir",
                              {Tensor({4}, {1, 2, 3, 4})})
                .find("-\":2:17): argument #0 of @main has type 'tensor<4xi8>'; the "
                      "float32 reference executor takes statically shaped "
                      "float tensors only"),
            std::string::npos)
      << diagnostics;
  EXPECT_NE(runExpectingError(R"mlir(
func.func @main() -> tensor<2xi32> {
  %c = eyeriss.constant dense<[1, 2]> : tensor<2xi32>
  return %c : tensor<2xi32>
}
)mlir",
                              {})
                .find("-\":3:8): result #0 has type 'tensor<2xi32>'; the float32 "
                      "reference executor evaluates statically shaped float "
                      "tensors only"),
            std::string::npos)
      << diagnostics;
}

TEST_F(ReferenceTest, ElidedResourceIsAnError) {
  EXPECT_NE(runExpectingError(R"mlir(
func.func @main() -> tensor<2xf32> {
  %c = eyeriss.constant dense_resource<__elided__> : tensor<2xf32>
  return %c : tensor<2xf32>
}
)mlir",
                              {})
                .find("-\":3:8): the dense_resource blob of this 'tensor<2xf32>' "
                      "constant holds no data (elided or missing)"),
            std::string::npos)
      << diagnostics;
}

} // namespace
