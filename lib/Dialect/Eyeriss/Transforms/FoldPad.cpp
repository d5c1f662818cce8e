//===- FoldPad.cpp - Merge zero padding into the layers that read it ------===//
//
// Exporters write some padding as a separate Pad: PyTorch's F.pad, and
// AvgPool2d with count_include_pad (Inception-v3, DenseNet). The PE array
// pads for free (padded positions are never fetched), so a pad that a CONV
// layer reads belongs in the layer's own `pads`; one left alone would be a
// host op and a DRAM round trip.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/RewriteUtils.h"
#include "eyeriss/Workload/LayerShape.h"

#include "mlir/IR/PatternMatch.h"

namespace eyeriss {
#define GEN_PASS_DEF_EYERISSFOLDPAD
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;

/// [top, left, bottom, right] of `a` plus those of `b`.
static SmallVector<int64_t> addPads(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  return {a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]};
}

/// conv2d(pad(x)) is conv2d(x) with the pads added when both pad with
/// zeros.
static LogicalResult canTakePad(Conv2DOp conv, PadOp pad, ArrayRef<int64_t>,
                                PatternRewriter &rewriter) {
  if (!pad.padsWithZeros())
    return rewriter.notifyMatchFailure(conv, "the pad is not with zeros");
  // A mapping or formats were chosen for the layer as it is.
  if (conv.getMappingAttr() || conv.getQuantAttr())
    return rewriter.notifyMatchFailure(conv, "already mapped or quantized");
  return success();
}

/// avg_pool(pad(x)) counts the pad's zeros in its divisor: it is avg_pool(x)
/// with the pads added and count_include_pad, when the pool's own pads are
/// counted too (or it has none) and its output size does not change (ceil
/// mode drops windows that start in the end pad, which the pad's zeros are
/// not).
static LogicalResult canTakePad(AvgPoolOp pool, PadOp pad,
                                ArrayRef<int64_t> pads,
                                PatternRewriter &rewriter) {
  if (!pad.padsWithZeros())
    return rewriter.notifyMatchFailure(pool, "the pad is not with zeros");
  if (!pool.getCountIncludePad() &&
      llvm::any_of(pool.getPads(), [](int64_t p) { return p != 0; }))
    return rewriter.notifyMatchFailure(
        pool, "its own pads are not counted in the divisor, the pad's are");
  ArrayRef<int64_t> kernel = pool.getKernel(), strides = pool.getStrides();
  ArrayRef<int64_t> in = pad.getInput().getType().getShape();
  ArrayRef<int64_t> out = pool.getResult().getType().getShape();
  for (int d = 0; d < 2; ++d) {
    // The verifier refuses windows made of padding only.
    if (pads[d] >= kernel[d] || pads[d + 2] >= kernel[d])
      return rewriter.notifyMatchFailure(pool, "pads as large as the window");
    if (slidingWindowOutputSize(in[2 + d], kernel[d], strides[d], pads[d],
                                pads[d + 2], /*dilation=*/1,
                                pool.getCeilMode()) != out[2 + d])
      return rewriter.notifyMatchFailure(pool, "the output size changes");
  }
  return success();
}

/// pad(pad(x)) is one pad when both fill with the same constant or both
/// repeat the edge (a reflection of a reflection is not one).
static LogicalResult canTakePad(PadOp outer, PadOp inner, ArrayRef<int64_t>,
                                PatternRewriter &rewriter) {
  if (outer.getMode() != inner.getMode() ||
      outer.getMode() == PadMode::Reflect ||
      outer.getValue() != inner.getValue())
    return rewriter.notifyMatchFailure(outer, "different or reflecting pads");
  return success();
}

namespace {
/// Merges the pad an op reads into the op's own `pads`, where canTakePad
/// allows it.
template <typename OpTy>
struct FoldPadInto : public OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    auto pad = op.getInput().template getDefiningOp<PadOp>();
    if (!pad)
      return rewriter.notifyMatchFailure(op, "input is not an eyeriss.pad");
    SmallVector<int64_t> pads = addPads(op.getPads(), pad.getPads());
    if (failed(canTakePad(op, pad, pads, rewriter)))
      return failure();
    rewriter.modifyOpInPlace(op, [&] {
      op.getInputMutable().assign(pad.getInput());
      op.setPads(pads);
      if constexpr (std::is_same_v<OpTy, AvgPoolOp>)
        op.setCountIncludePad(true);
    });
    return success();
  }
};

struct FoldPadPass : public eyeriss::impl::EyerissFoldPadBase<FoldPadPass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldPadInto<Conv2DOp>, FoldPadInto<AvgPoolOp>,
                 FoldPadInto<PadOp>>(
        &getContext());
    if (failed(applyOnlyPatterns(getOperation(), std::move(patterns))))
      return signalPassFailure();
    // A pad every reader took into itself is dead.
    getOperation()->walk([](PadOp pad) {
      if (pad->use_empty())
        pad->erase();
    });
  }
};
} // namespace
