//===- FoldBatchNorm.cpp - Fold batch norms into convolutions -------------===//
//
// A batch norm in inference form is a per-channel affine map, so after a
// convolution or an FC layer (BatchNorm1d after a Linear layer) it can be
// folded into the filters and bias, and the array runs one layer instead of
// a layer and a host op. A per-channel constant add (a
// bias in its own op) folds the same way, and in the same pattern set, so
// that conv -> add -> batch_norm folds whole.
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
/// A layer's filters (M filters, each contiguous) and bias after a batch
/// norm folded in: w * s and (b - mean) * s + bn_bias, with s = scale /
/// sqrt(variance + epsilon) per output channel. Nothing if a parameter is
/// not an f32 constant or a variance is not positive (why in `why`).
struct FoldedWeights {
  std::vector<float> filter, bias;
};
static std::optional<FoldedWeights>
foldBatchNormWeights(BatchNormOp bn, Value weight, Value layerBias,
                     int64_t numFilters, const char *&why) {
  std::optional<std::vector<float>> filter = getF32ConstantValues(weight);
  std::optional<std::vector<float>> bias;
  if (layerBias)
    bias = getF32ConstantValues(layerBias);
  std::optional<std::vector<float>> scale = getF32ConstantValues(bn.getScale());
  std::optional<std::vector<float>> bnBias = getF32ConstantValues(bn.getBias());
  std::optional<std::vector<float>> mean = getF32ConstantValues(bn.getMean());
  std::optional<std::vector<float>> variance =
      getF32ConstantValues(bn.getVariance());
  if (!filter || (layerBias && !bias) || !scale || !bnBias || !mean ||
      !variance) {
    why = "a weight or parameter is not an f32 constant";
    return std::nullopt;
  }
  // In double, the error that remains is essentially the final rounding to
  // f32, so the folded layer is as close to the two ops as f32 allows.
  double epsilon = bn.getEpsilon().convertToDouble();
  std::vector<double> factor(numFilters);
  for (int64_t m = 0; m < numFilters; ++m) {
    double denominator = static_cast<double>((*variance)[m]) + epsilon;
    // Folding would bake infinities or NaNs into the weights; left alone,
    // the batch norm shows where they come from.
    if (!(denominator > 0.0)) {
      why = "variance + epsilon is not positive";
      return std::nullopt;
    }
    factor[m] = (*scale)[m] / std::sqrt(denominator);
  }
  FoldedWeights folded;
  size_t weightsPerFilter = filter->size() / numFilters;
  folded.filter.resize(filter->size());
  for (size_t i = 0; i < filter->size(); ++i)
    folded.filter[i] =
        static_cast<float>((*filter)[i] * factor[i / weightsPerFilter]);
  folded.bias.resize(numFilters);
  for (int64_t m = 0; m < numFilters; ++m) {
    double b = bias ? (*bias)[m] : 0.0;
    folded.bias[m] =
        static_cast<float>((b - (*mean)[m]) * factor[m] + (*bnBias)[m]);
  }
  return folded;
}

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
    int64_t numFilters = conv.getFilter().getType().getDimSize(0);
    const char *why = "";
    std::optional<FoldedWeights> weights = foldBatchNormWeights(
        bn, conv.getFilter(), conv.getBias(), numFilters, why);
    if (!weights)
      return rewriter.notifyMatchFailure(bn, why);

    // The folded layer is both ops: its location names the convolution
    // first (its layer name) and the batch norm after.
    rewriter.setInsertionPoint(conv);
    Location bnLoc = bn.getLoc();
    Value filterConst = createF32Constant(
        rewriter, rewriter.getFusedLoc({conv.getFilter().getLoc(), bnLoc}),
        conv.getFilter().getType().getShape(), weights->filter);
    Location biasLoc =
        conv.getBias() ? rewriter.getFusedLoc({conv.getBias().getLoc(), bnLoc})
                       : bnLoc;
    Value biasConst =
        createF32Constant(rewriter, biasLoc, {numFilters}, weights->bias);
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

/// batch_norm(reshape(fc(x, w, b)) to N x M x 1 x 1) -> reshape(fc(x,
/// w * s, (b - mean) * s + bn_bias)): BatchNorm1d after a Linear layer,
/// which the importer writes as a 4-D batch norm between reshapes.
struct FoldIntoFC : public OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto reshape = bn.getInput().getDefiningOp<ReshapeOp>();
    auto fc = reshape ? reshape.getInput().getDefiningOp<FullyConnectedOp>()
                      : FullyConnectedOp();
    if (!fc)
      return rewriter.notifyMatchFailure(bn, "input is not an FC layer");
    ArrayRef<int64_t> shape = reshape.getType().getShape();
    ArrayRef<int64_t> fcShape = fc.getType().getShape();
    if (shape.size() != 4 || shape[0] != fcShape[0] || shape[1] != fcShape[1] ||
        shape[2] != 1 || shape[3] != 1)
      return rewriter.notifyMatchFailure(
          bn, "the reshape does not make the FC outputs the channels");
    if (!fc->hasOneUse() || !reshape->hasOneUse())
      return rewriter.notifyMatchFailure(
          bn, "other users need the unnormalized FC output");
    if (fc.getActivation() || fc.getMapping() || fc.getQuant())
      return rewriter.notifyMatchFailure(
          bn, "the FC layer applies an activation or is already mapped");
    int64_t numFilters = fcShape[1];
    const char *why = "";
    std::optional<FoldedWeights> weights =
        foldBatchNormWeights(bn, fc.getWeight(), fc.getBias(), numFilters, why);
    if (!weights)
      return rewriter.notifyMatchFailure(bn, why);

    rewriter.setInsertionPoint(fc);
    Location bnLoc = bn.getLoc();
    Value weightConst = createF32Constant(
        rewriter, rewriter.getFusedLoc({fc.getWeight().getLoc(), bnLoc}),
        fc.getWeight().getType().getShape(), weights->filter);
    Location biasLoc =
        fc.getBias() ? rewriter.getFusedLoc({fc.getBias().getLoc(), bnLoc})
                     : bnLoc;
    Value biasConst =
        createF32Constant(rewriter, biasLoc, {numFilters}, weights->bias);
    auto folded = FullyConnectedOp::create(
        rewriter, rewriter.getFusedLoc({fc.getLoc(), bnLoc}), fc.getType(),
        fc.getInput(), weightConst, biasConst, /*activation=*/nullptr,
        /*mapping=*/nullptr, /*quant=*/nullptr);
    rewriter.replaceOpWithNewOp<ReshapeOp>(bn, bn.getType(), folded);
    rewriter.eraseOp(reshape);
    rewriter.eraseOp(fc);
    return success();
  }
};

/// The values of a constant, looking through reshapes (which keep the
/// row-major order): the importer unsqueezes a legacy-broadcast bias.
static std::optional<std::vector<float>> constantValues(Value value) {
  while (auto reshape = value.getDefiningOp<ReshapeOp>())
    value = reshape.getInput();
  return getF32ConstantValues(value);
}

/// The per-channel values of a constant added to an N x M x E x F result:
/// shape [M, 1, 1] or [1, M, 1, 1] (numpy-aligned on the right), or one
/// element.
static std::optional<std::vector<float>> channelBias(Value c, int64_t m) {
  ArrayRef<int64_t> shape = cast<RankedTensorType>(c.getType()).getShape();
  if (shape.size() > 4)
    return std::nullopt;
  SmallVector<int64_t, 4> aligned(4 - shape.size(), 1);
  aligned.append(shape.begin(), shape.end());
  if (aligned[0] != 1 || aligned[2] != 1 || aligned[3] != 1 ||
      (aligned[1] != 1 && aligned[1] != m))
    return std::nullopt;
  std::optional<std::vector<float>> values = constantValues(c);
  if (!values)
    return std::nullopt;
  if (values->size() == 1)
    return std::vector<float>(m, values->front());
  return values;
}

/// add(conv2d(x, w, b), c) with `c` one constant per output channel (a bias
/// added by its own op: Caffe2-era and legacy-broadcast exports) ->
/// conv2d(x, w, b + c), so that the array adds it instead of a host op over
/// the whole output. The add's activation, if any, moves into the layer.
struct FoldBiasAddIntoConv : public OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    for (int side = 0; side < 2; ++side) {
      Value x = add->getOperand(side), c = add->getOperand(1 - side);
      auto conv = x.getDefiningOp<Conv2DOp>();
      if (!conv || x.getType() != add.getType() || !x.hasOneUse() ||
          conv.getActivation() || conv.getMapping() || conv.getQuant())
        continue;
      int64_t numFilters = conv.getType().getDimSize(1);
      std::optional<std::vector<float>> extra = channelBias(c, numFilters);
      if (!extra)
        continue;
      std::optional<std::vector<float>> bias =
          addToBias(conv.getBias(), std::move(*extra));
      if (!bias)
        continue;
      Location biasLoc =
          conv.getBias()
              ? rewriter.getFusedLoc({conv.getBias().getLoc(), c.getLoc()})
              : c.getLoc();
      rewriter.setInsertionPoint(add);
      Value biasConst = createF32Constant(rewriter, biasLoc, {numFilters},
                                          *bias);
      auto folded = Conv2DOp::create(
          rewriter, rewriter.getFusedLoc({conv.getLoc(), add.getLoc()}),
          conv.getType(), conv.getInput(), conv.getFilter(), biasConst,
          conv.getStridesAttr(), conv.getPadsAttr(), conv.getDilationsAttr(),
          conv.getGroupsAttr(), add.getActivationAttr(), /*mapping=*/nullptr,
          /*quant=*/nullptr);
      rewriter.replaceOp(add, folded.getResult());
      rewriter.eraseOp(conv);
      return success();
    }
    return rewriter.notifyMatchFailure(add,
                                       "not a convolution plus a bias");
  }
};

struct FoldBatchNormPass
    : public eyeriss::impl::EyerissFoldBatchNormBase<FoldBatchNormPass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoConv, FoldIntoFC, FoldBiasAddIntoConv>(&getContext());
    if (failed(applyOnlyPatterns(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
