//===- GemmToFC.cpp - Turn Gemm with constant weights into FC -------------===//
//
// ONNX writes fully connected layers as Gemm (or MatMul), which is more
// general than the array's FC layer: this pass recognizes the Gemms that are
// FC layers and rewrites them with their weights in the FC layout, and folds
// the bias that a MatMul-based Linear adds afterwards into the FC layer.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/ConstantUtils.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/RewriteUtils.h"

#include "mlir/IR/PatternMatch.h"

namespace eyeriss {
#define GEN_PASS_DEF_EYERISSGEMMTOFC
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;

/// The FC weight of `gemm` (N x K, one row per output): alpha * op(b)^T.
/// With trans_b and alpha = 1 that is b itself, which is returned rather than
/// copied (FC weights are the bulk of a model's constants).
static Value buildWeight(GemmOp gemm, DenseElementsAttr b,
                         PatternRewriter &rewriter) {
  float alpha = gemm.getAlpha().convertToFloat();
  if (gemm.getTransB() && alpha == 1.0f)
    return gemm.getB();

  // b is N x K with trans_b and K x N without.
  ArrayRef<int64_t> shape = b.getType().getShape();
  int64_t n = gemm.getTransB() ? shape[0] : shape[1];
  int64_t k = gemm.getTransB() ? shape[1] : shape[0];
  auto values = b.getValues<float>();
  std::vector<float> weight(n * k);
  for (int64_t row = 0; row < n; ++row)
    for (int64_t col = 0; col < k; ++col)
      weight[row * k + col] =
          alpha *
          (gemm.getTransB() ? values[row * k + col] : values[col * n + row]);
  return createF32Constant(rewriter, gemm.getB().getLoc(), {n, k}, weight);
}

/// The FC bias of `gemm` (N elements): beta * c, broadcast from one element
/// when c has one. When that is c itself, c is returned rather than copied.
static Value buildBias(GemmOp gemm, DenseElementsAttr c,
                       PatternRewriter &rewriter) {
  float beta = gemm.getBeta().convertToFloat();
  int64_t n = gemm.getType().getDimSize(1);
  auto cType = cast<RankedTensorType>(gemm.getC().getType());
  if (beta == 1.0f && cType.getRank() == 1 && cType.getDimSize(0) == n)
    return gemm.getC();

  auto values = c.getValues<float>();
  std::vector<float> bias(n);
  for (int64_t i = 0; i < n; ++i)
    bias[i] = beta * values[c.getNumElements() == 1 ? 0 : i];
  return createF32Constant(rewriter, gemm.getC().getLoc(), {n}, bias);
}

namespace {
struct GemmToFullyConnected : public OpRewritePattern<GemmOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GemmOp gemm,
                                PatternRewriter &rewriter) const override {
    // eyeriss.fc takes a's rows as its samples; a transposed a would need a
    // transpose on the host first.
    if (gemm.getTransA())
      return rewriter.notifyMatchFailure(gemm, "a is transposed");
    DenseElementsAttr b = getF32ConstantAttr(gemm.getB());
    if (!b)
      return rewriter.notifyMatchFailure(gemm, "b is not an f32 constant");

    // beta = 0 makes c irrelevant, whatever it is.
    Value c = gemm.getC();
    DenseElementsAttr cValue;
    if (c && !gemm.getBeta().isZero()) {
      cValue = getF32ConstantAttr(c);
      if (!cValue)
        return rewriter.notifyMatchFailure(gemm, "c is not an f32 constant");
      // The verifier allows c of M x N and M x 1; an FC bias is one value
      // per output, the same in every row.
      auto cType = cast<RankedTensorType>(c.getType());
      if (cType.getRank() == 2 && cType.getDimSize(0) != 1)
        return rewriter.notifyMatchFailure(gemm, "c may differ between rows");
    }

    Value weight = buildWeight(gemm, b, rewriter);
    Value bias = cValue ? buildBias(gemm, cValue, rewriter) : Value();
    rewriter.replaceOpWithNewOp<FullyConnectedOp>(gemm, gemm.getType(),
                                                  gemm.getA(), weight, bias,
                                                  /*activation=*/nullptr,
                                                  /*mapping=*/nullptr, /*quant=*/nullptr);
    return success();
  }
};

/// Whether GemmToFullyConnected can take `c` as the FC layer's bias: absent,
/// multiplied by 0, or an f32 constant the same in every row.
static bool isFCBias(GemmOp gemm) {
  Value c = gemm.getC();
  if (!c || gemm.getBeta().isZero())
    return true;
  auto cType = cast<RankedTensorType>(c.getType());
  return getF32ConstantAttr(c) &&
         !(cType.getRank() == 2 && cType.getDimSize(0) != 1);
}

/// The Gemms GemmToFullyConnected cannot take, one step at a time, into ops
/// the host or the array runs:
/// - a transposed a becomes an eyeriss.transpose before the Gemm;
/// - a c that is not an FC bias (computed, or different between rows) is
///   added after it: beta * c, folded when c is a constant;
/// - then a computed b makes the product eyeriss.matmul (b transposed first
///   with trans_b), scaled by alpha unless it is 1.
/// What remains with a constant b is an FC layer.
struct DecomposeGemm : public OpRewritePattern<GemmOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GemmOp gemm,
                                PatternRewriter &rewriter) const override {
    Location loc = gemm.getLoc();
    auto type = gemm.getType();
    Value a = gemm.getA(), b = gemm.getB();
    // The ops around the product are named after the Gemm, so that programs
    // and reports tell them apart.
    std::string name = getLayerName(gemm);
    auto child = [&](StringRef suffix) -> Location {
      return NameLoc::get(rewriter.getStringAttr(name + suffix), loc);
    };
    auto transposed = [&](Value v, StringRef suffix) {
      auto vType = cast<RankedTensorType>(v.getType());
      return TransposeOp::create(
          rewriter, child(suffix),
          RankedTensorType::get({vType.getDimSize(1), vType.getDimSize(0)},
                                vType.getElementType()),
          v, rewriter.getDenseI64ArrayAttr({1, 0}));
    };
    auto scalar = [&](float v) {
      return createF32Constant(rewriter, loc, {1}, {v});
    };
    if (gemm.getTransA()) {
      rewriter.replaceOpWithNewOp<GemmOp>(
          gemm, type, transposed(a, ".a_t"), b, gemm.getC(),
          gemm.getAlphaAttr(), gemm.getBetaAttr(), /*trans_a=*/nullptr,
          gemm.getTransBAttr());
      return success();
    }
    if (!isFCBias(gemm)) {
      Value c = gemm.getC();
      float beta = gemm.getBeta().convertToFloat();
      std::optional<std::vector<float>> values;
      if (beta != 1.0f || cast<RankedTensorType>(c.getType()).getRank() == 0)
        values = getF32ConstantValues(c);
      if (values) {
        for (float &v : *values)
          v *= beta;
        // A scalar c is stored with one element, which broadcasts alike.
        SmallVector<int64_t> shape(
            cast<RankedTensorType>(c.getType()).getShape());
        if (shape.empty())
          shape.push_back(1);
        c = createF32Constant(rewriter, c.getLoc(), shape, *values);
      } else if (beta != 1.0f) {
        // A computed c (a constant one with beta = 1 is added as it is); a
        // scalar one broadcasts to one element.
        auto cType = cast<RankedTensorType>(c.getType());
        auto scaledType =
            cType.getRank()
                ? cType
                : RankedTensorType::get({1}, cType.getElementType());
        c = MulOp::create(rewriter, child(".beta"), scaledType, c,
                          scalar(beta));
      }
      Value product = GemmOp::create(
          rewriter, loc, type, a, b, Value(), gemm.getAlphaAttr(),
          rewriter.getF32FloatAttr(0.0f), nullptr, gemm.getTransBAttr());
      Value sum = AddOp::create(rewriter, child(".c"), type, product, c,
                                /*activation=*/nullptr);
      rewriter.replaceOp(gemm, sum);
      return success();
    }
    if (getF32ConstantAttr(b))
      return rewriter.notifyMatchFailure(gemm, "an FC layer");
    // b is computed; c is absent or a constant row (an FC bias would be).
    Value product = MatMulOp::create(
        rewriter, loc, type, a, gemm.getTransB() ? transposed(b, ".b_t") : b);
    float alpha = gemm.getAlpha().convertToFloat();
    if (alpha != 1.0f)
      product = MulOp::create(rewriter, child(".alpha"), type, product,
                              scalar(alpha));
    Value c = gemm.getC();
    if (!c || gemm.getBeta().isZero()) {
      rewriter.replaceOp(gemm, product);
      return success();
    }
    std::optional<std::vector<float>> values = getF32ConstantValues(c);
    float beta = gemm.getBeta().convertToFloat();
    for (float &v : *values)
      v *= beta;
    SmallVector<int64_t> shape(cast<RankedTensorType>(c.getType()).getShape());
    if (shape.empty())
      shape.push_back(1);
    Value sum =
        AddOp::create(rewriter, child(".c"), type, product,
                      createF32Constant(rewriter, c.getLoc(), shape, *values),
                      /*activation=*/nullptr);
    rewriter.replaceOp(gemm, sum);
    return success();
  }
};

/// The per-output values of a constant that adds the same vector to every
/// row of an R x ... x N result: shape [N], [1, ..., 1, N], or one element.
static std::optional<std::vector<float>> rowBias(Value c, int64_t n) {
  std::optional<std::vector<float>> values = getF32ConstantValues(c);
  if (!values)
    return std::nullopt;
  ArrayRef<int64_t> shape = cast<RankedTensorType>(c.getType()).getShape();
  if (values->size() == 1)
    return std::vector<float>(n, values->front());
  if (shape.empty() || shape.back() != n ||
      !llvm::all_of(shape.drop_back(), [](int64_t d) { return d == 1; }))
    return std::nullopt;
  return values;
}

/// `add(fc(x), c)`, or `add(reshape(fc(x)), c)` where the reshape keeps the
/// last dimension (a Linear on channels-last tensors: MatMul, then Add of
/// the bias), with `c` one value per output: the sum goes into the FC
/// layer's bias, so that the array adds it instead of a host op over the
/// whole tensor. The add's activation, if any, moves into the FC layer.
struct FoldBiasAddIntoFC : public OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    for (int side = 0; side < 2; ++side) {
      Value x = add->getOperand(side), c = add->getOperand(1 - side);
      if (x.getType() != add.getType())
        continue; // c broadcasts x up: not a bias.
      auto reshape = x.getDefiningOp<ReshapeOp>();
      Value fcValue = reshape ? reshape.getInput() : x;
      auto fc = fcValue.getDefiningOp<FullyConnectedOp>();
      if (!fc || !fcValue.hasOneUse() || (reshape && !x.hasOneUse()) ||
          fc.getActivation() || fc.getMapping() || fc.getQuant())
        continue;
      int64_t n = fc.getType().getDimSize(1);
      if (add.getType().getShape().back() != n)
        continue; // The reshape moved the outputs off the last dimension.
      std::optional<std::vector<float>> extra = rowBias(c, n);
      if (!extra)
        continue;
      std::optional<std::vector<float>> sum =
          addToBias(fc.getBias(), std::move(*extra));
      if (!sum)
        continue;
      Value bias = createF32Constant(rewriter, c.getLoc(), {n}, *sum);
      Value folded = FullyConnectedOp::create(
          rewriter, fc.getLoc(), fc.getType(), fc.getInput(), fc.getWeight(),
          bias, add.getActivationAttr(), /*mapping=*/nullptr,
          /*quant=*/nullptr);
      if (reshape)
        folded = ReshapeOp::create(rewriter, reshape.getLoc(),
                                   reshape.getType(), folded);
      rewriter.replaceOp(add, folded);
      return success();
    }
    return rewriter.notifyMatchFailure(add, "not an FC layer plus a bias");
  }
};

struct GemmToFCPass : public eyeriss::impl::EyerissGemmToFCBase<GemmToFCPass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    // An FC layer first; decomposition only for what it cannot take.
    patterns.add<GemmToFullyConnected>(&getContext(), /*benefit=*/2);
    patterns.add<DecomposeGemm, FoldBiasAddIntoFC>(&getContext());
    if (failed(applyOnlyPatterns(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
