//===- GemmToFC.cpp - Turn Gemm with constant weights into FC -------------===//
//
// ONNX writes fully connected layers as Gemm (or MatMul), which is more
// general than the array's FC layer: this pass recognizes the Gemms that are
// FC layers and rewrites them with their weights in the FC layout.
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

struct GemmToFCPass : public eyeriss::impl::EyerissGemmToFCBase<GemmToFCPass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<GemmToFullyConnected>(&getContext());
    if (failed(applyOnlyPatterns(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
