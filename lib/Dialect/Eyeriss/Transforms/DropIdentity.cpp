//===- DropIdentity.cpp - Remove identity and dropout ops -----------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace eyeriss {
#define GEN_PASS_DEF_EYERISSDROPIDENTITY
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;

namespace {
/// Replaces an op that is the identity at inference with its input.
template <typename OpTy> struct ForwardInput : public OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, op.getInput());
    return success();
  }
};

struct DropIdentityPass
    : public eyeriss::impl::EyerissDropIdentityBase<DropIdentityPass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ForwardInput<IdentityOp>, ForwardInput<DropoutOp>>(
        &getContext());
    // Only this rewrite: folding would also hoist and merge every constant,
    // which is the canonicalizer's job, not this pass's.
    GreedyRewriteConfig config;
    config.enableFolding(false).enableConstantCSE(false);
    if (failed(
            applyPatternsGreedily(getOperation(), std::move(patterns), config)))
      return signalPassFailure();
  }
};
} // namespace
