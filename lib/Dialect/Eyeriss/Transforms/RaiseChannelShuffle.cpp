//===- RaiseChannelShuffle.cpp - ShuffleNet's channel shuffle as one op ---===//
//
// PyTorch has no channel-shuffle op for the exporter to name; ShuffleNet's
// `channel_shuffle` reshapes to five dimensions, transposes and reshapes
// back. EYB tensors have at most four dimensions, so the three ops must
// become one before lowering.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/RewriteUtils.h"

#include "mlir/IR/PatternMatch.h"

namespace eyeriss {
#define GEN_PASS_DEF_EYERISSRAISECHANNELSHUFFLE
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;

namespace {

/// reshape(N x C x H x W -> N x g x C/g x H x W), transpose [0, 2, 1, 3, 4],
/// reshape back to N x C x H x W: a channel shuffle of g groups.
struct RaiseChannelShuffle : public OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ReshapeOp back,
                                PatternRewriter &rewriter) const override {
    auto transpose = back.getInput().getDefiningOp<TransposeOp>();
    if (!transpose)
      return rewriter.notifyMatchFailure(back, "input is not a transpose");
    auto split = transpose.getInput().getDefiningOp<ReshapeOp>();
    if (!split)
      return rewriter.notifyMatchFailure(back,
                                         "transpose input is not a reshape");
    Value input = split.getInput();
    auto type = cast<RankedTensorType>(input.getType());
    if (type.getRank() != 4 || type != back.getResult().getType())
      return rewriter.notifyMatchFailure(
          back, "not a 4-D tensor reshaped back to its own shape");
    ArrayRef<int64_t> in = type.getShape();
    ArrayRef<int64_t> grouped = split.getResult().getType().getShape();
    if (grouped.size() != 5 || grouped[0] != in[0] || grouped[3] != in[2] ||
        grouped[4] != in[3] || grouped[1] * grouped[2] != in[1])
      return rewriter.notifyMatchFailure(
          back, "the first reshape does not split the channels in two");
    if (transpose.getPerm() != ArrayRef<int64_t>{0, 2, 1, 3, 4})
      return rewriter.notifyMatchFailure(
          back, "the transpose does not swap the two channel dimensions");
    rewriter.replaceOpWithNewOp<ChannelShuffleOp>(
        back, type, input, rewriter.getI64IntegerAttr(grouped[1]));
    return success();
  }
};

struct RaiseChannelShufflePass
    : public eyeriss::impl::EyerissRaiseChannelShuffleBase<
          RaiseChannelShufflePass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<RaiseChannelShuffle>(&getContext());
    if (failed(applyOnlyPatterns(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
