//===- FoldBatchNorm.cpp - Fold batch norms into convolutions -------------===//
//
// A batch norm in inference form is a per-channel affine map, so after a
// convolution it can be folded into the filters and bias, and the array runs
// one layer instead of a layer and a host op.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/ConstantUtils.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/RewriteUtils.h"

#include "mlir/IR/PatternMatch.h"

#include <cmath>

namespace eyeriss {
#define GEN_PASS_DEF_EYERISSFOLDBATCHNORM
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;

namespace {
/// batch_norm(conv2d(x, w, b)) -> conv2d(x, w * s, (b - mean) * s + bn_bias)
/// with s = scale / sqrt(variance + epsilon) per output channel.
struct FoldIntoConv : public OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<Conv2DOp>();
    if (!conv)
      return rewriter.notifyMatchFailure(bn, "input is not a convolution");
    if (!conv->hasOneUse())
      return rewriter.notifyMatchFailure(
          bn, "other users need the unnormalized convolution output");
    if (conv.getActivation())
      return rewriter.notifyMatchFailure(
          bn, "the convolution applies an activation before the batch norm");

    std::optional<std::vector<float>> filter =
        getF32ConstantValues(conv.getFilter());
    std::optional<std::vector<float>> convBias;
    if (conv.getBias())
      convBias = getF32ConstantValues(conv.getBias());
    std::optional<std::vector<float>> scale =
        getF32ConstantValues(bn.getScale());
    std::optional<std::vector<float>> bnBias =
        getF32ConstantValues(bn.getBias());
    std::optional<std::vector<float>> mean = getF32ConstantValues(bn.getMean());
    std::optional<std::vector<float>> variance =
        getF32ConstantValues(bn.getVariance());
    if (!filter || (conv.getBias() && !convBias) || !scale || !bnBias ||
        !mean || !variance)
      return rewriter.notifyMatchFailure(
          bn, "a weight or parameter is not an f32 constant");

    // In double, the error that remains is essentially the final rounding to
    // f32, so the folded layer is as close to the two ops as f32 allows.
    int64_t numFilters = conv.getFilter().getType().getDimSize(0);
    double epsilon = bn.getEpsilon().convertToDouble();
    std::vector<double> factor(numFilters);
    for (int64_t m = 0; m < numFilters; ++m) {
      double denominator = static_cast<double>((*variance)[m]) + epsilon;
      // Folding would bake infinities or NaNs into the weights; left alone,
      // the batch norm shows where they come from.
      if (!(denominator > 0.0))
        return rewriter.notifyMatchFailure(
            bn, "variance + epsilon is not positive");
      factor[m] = (*scale)[m] / std::sqrt(denominator);
    }

    size_t weightsPerFilter = filter->size() / numFilters;
    std::vector<float> newFilter(filter->size());
    for (size_t i = 0; i < filter->size(); ++i)
      newFilter[i] =
          static_cast<float>((*filter)[i] * factor[i / weightsPerFilter]);
    std::vector<float> newBias(numFilters);
    for (int64_t m = 0; m < numFilters; ++m) {
      double bias = convBias ? (*convBias)[m] : 0.0;
      newBias[m] =
          static_cast<float>((bias - (*mean)[m]) * factor[m] + (*bnBias)[m]);
    }

    // The folded layer is both ops: its location names the convolution
    // first (its layer name) and the batch norm after.
    rewriter.setInsertionPoint(conv);
    Location bnLoc = bn.getLoc();
    Value filterConst = createF32Constant(
        rewriter, rewriter.getFusedLoc({conv.getFilter().getLoc(), bnLoc}),
        conv.getFilter().getType().getShape(), newFilter);
    Location biasLoc =
        conv.getBias() ? rewriter.getFusedLoc({conv.getBias().getLoc(), bnLoc})
                       : bnLoc;
    Value biasConst =
        createF32Constant(rewriter, biasLoc, {numFilters}, newBias);
    auto folded = Conv2DOp::create(
        rewriter, rewriter.getFusedLoc({conv.getLoc(), bnLoc}), conv.getType(),
        conv.getInput(), filterConst, biasConst, conv.getStridesAttr(),
        conv.getPadsAttr(), conv.getDilationsAttr(), conv.getGroupsAttr(),
        /*activation=*/nullptr, /*mapping=*/nullptr, /*quant=*/nullptr);
    rewriter.replaceOp(bn, folded.getResult());
    rewriter.eraseOp(conv);
    return success();
  }
};

struct FoldBatchNormPass
    : public eyeriss::impl::EyerissFoldBatchNormBase<FoldBatchNormPass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoConv>(&getContext());
    if (failed(applyOnlyPatterns(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
