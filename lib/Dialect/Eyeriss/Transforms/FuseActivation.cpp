//===- FuseActivation.cpp - Fuse ReLU and ReLU6 into the producing layer --===//
//
// The chip's ReLU unit sits between the PE array and the GLB (JSSC 2017
// §III-A): a layer's activation is free when it is the layer's `activation`
// attribute, and a separate op otherwise.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/RewriteUtils.h"

#include "mlir/IR/PatternMatch.h"

#include <limits>

namespace eyeriss {
#define GEN_PASS_DEF_EYERISSFUSEACTIVATION
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;

/// The activation an op applies, if the ReLU unit can apply it.
static std::optional<Activation> getAppliedActivation(ReLUOp) {
  return Activation::ReLU;
}

static std::optional<Activation> getAppliedActivation(ClipOp op) {
  if (!op.getMin().isZero())
    return std::nullopt;
  float max = op.getMax().convertToFloat();
  if (max == 6.0f)
    return Activation::ReLU6;
  // An ONNX Clip without max (the largest float by default) is a ReLU.
  if (max >= std::numeric_limits<float>::max())
    return Activation::ReLU;
  return std::nullopt;
}

/// `outer` applied after `inner`: both are clamps from below at 0 and ReLU6
/// also from above at 6, so the composition is ReLU6 if either is.
static Activation compose(std::optional<Activation> inner, Activation outer) {
  return inner == Activation::ReLU6 || outer == Activation::ReLU6
             ? Activation::ReLU6
             : Activation::ReLU;
}

/// Whether `value` comes from a layer whose activation the ReLU unit
/// applies, through single-use reshapes and transposes only.
static bool reachesLayer(Value value) {
  while (Operation *producer = value.getDefiningOp()) {
    if (isa<Conv2DOp, FullyConnectedOp, AddOp>(producer))
      return true;
    if (!isa<ReshapeOp, TransposeOp>(producer) || !producer->hasOneUse())
      return false;
    value = producer->getOperand(0);
  }
  return false;
}

namespace {
/// Fuses an activation op into the LayerOp that produces its input.
template <typename ActivationOp, typename LayerOp>
struct FuseIntoLayer : public OpRewritePattern<ActivationOp> {
  using OpRewritePattern<ActivationOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ActivationOp op,
                                PatternRewriter &rewriter) const override {
    std::optional<Activation> applied = getAppliedActivation(op);
    if (!applied)
      return rewriter.notifyMatchFailure(op, "not a ReLU or ReLU6");
    auto layer = op.getInput().template getDefiningOp<LayerOp>();
    if (!layer)
      return rewriter.notifyMatchFailure(op, "input is not from the layer");

    std::optional<Activation> current = layer.getActivation();
    Activation fused = compose(current, *applied);
    // When the layer's output already is what the op computes, dropping the
    // op changes no user's value; otherwise the layer's other users would
    // see the new activation too.
    if (fused != current) {
      if (!layer->hasOneUse())
        return rewriter.notifyMatchFailure(
            op, "other users need the layer's output before the activation");
      rewriter.modifyOpInPlace(layer, [&] {
        layer.setActivation(fused);
        layer->setLoc(rewriter.getFusedLoc({layer.getLoc(), op.getLoc()}));
      });
    }
    rewriter.replaceOp(op, layer.getResult());
    return success();
  }
};

/// Moves an activation above a reshape or transpose it follows, when that
/// leads it to its layer: both only move elements, so an elementwise
/// activation commutes with them. A Conv3d, which imports as a convolution
/// followed by the reshape and transpose back to N x M x T x H x W, reaches
/// its ReLU this way.
template <typename ActivationOp, typename LayoutOp>
struct HoistAboveLayout : public OpRewritePattern<ActivationOp> {
  using OpRewritePattern<ActivationOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ActivationOp op,
                                PatternRewriter &rewriter) const override {
    if (!getAppliedActivation(op))
      return rewriter.notifyMatchFailure(op, "not a ReLU or ReLU6");
    auto layout = op.getInput().template getDefiningOp<LayoutOp>();
    if (!layout || !layout->hasOneUse() || !reachesLayer(layout.getInput()))
      return rewriter.notifyMatchFailure(op, "no layer behind a layout op");
    rewriter.setInsertionPoint(layout);
    Operation *moved = rewriter.clone(*op);
    rewriter.modifyOpInPlace(moved, [&] {
      moved->setOperand(0, layout.getInput());
      moved->getResult(0).setType(layout.getInput().getType());
    });
    rewriter.modifyOpInPlace(
        layout, [&] { layout->setOperand(0, moved->getResult(0)); });
    rewriter.replaceOp(op, layout->getResults());
    return success();
  }
};

struct FuseActivationPass
    : public eyeriss::impl::EyerissFuseActivationBase<FuseActivationPass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns
        .add<FuseIntoLayer<ReLUOp, Conv2DOp>,
             FuseIntoLayer<ReLUOp, FullyConnectedOp>,
             FuseIntoLayer<ReLUOp, AddOp>, FuseIntoLayer<ClipOp, Conv2DOp>,
             FuseIntoLayer<ClipOp, FullyConnectedOp>,
             FuseIntoLayer<ClipOp, AddOp>, HoistAboveLayout<ReLUOp, ReshapeOp>,
             HoistAboveLayout<ReLUOp, TransposeOp>,
             HoistAboveLayout<ClipOp, ReshapeOp>,
             HoistAboveLayout<ClipOp, TransposeOp>>(&getContext());
    if (failed(applyOnlyPatterns(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
