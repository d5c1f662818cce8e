//===- FoldConstants.cpp - Evaluate ops on constants ----------------------===//
//
// Constant folding reuses the reference executor: it is the golden model, so
// a folded value is by construction what the unfolded graph computes.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"
#include "eyeriss/Reference/ReferenceExecutor.h"

#include "mlir/IR/Builders.h"

#include "llvm/ADT/SetVector.h"

namespace eyeriss {
#define GEN_PASS_DEF_EYERISSFOLDCONSTANTS
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;

namespace {
struct FoldConstantsPass
    : public eyeriss::impl::EyerissFoldConstantsBase<FoldConstantsPass> {
  using Base::Base;

  /// Whether `op` is a graph-level op with only constant operands and small
  /// float results.
  bool isFoldable(Operation *op) {
    if (!isa<EyerissDialect>(op->getDialect()) || isa<ConstantOp>(op) ||
        op->getNumOperands() == 0 || op->getNumResults() == 0)
      return false;
    for (Value operand : op->getOperands())
      if (!operand.getDefiningOp<ConstantOp>())
        return false;
    for (Type type : op->getResultTypes()) {
      auto tensorType = dyn_cast<RankedTensorType>(type);
      if (!tensorType || !isa<FloatType>(tensorType.getElementType()) ||
          tensorType.getNumElements() > maxElements)
        return false;
    }
    return true;
  }

  void runOnOperation() override {
    // Ops are visited in order, so a chain of foldable ops folds in one walk.
    SmallVector<Operation *> folded;
    WalkResult result = getOperation()->walk([&](Operation *op) {
      if (!isFoldable(op))
        return WalkResult::advance();
      SmallVector<reference::Tensor> operands;
      for (Value operand : op->getOperands()) {
        auto constant = operand.getDefiningOp<ConstantOp>();
        FailureOr<reference::Tensor> tensor =
            reference::fromElementsAttr(constant.getValue(), constant.getLoc());
        if (failed(tensor))
          return WalkResult::interrupt();
        operands.push_back(std::move(*tensor));
      }
      FailureOr<SmallVector<reference::Tensor>> results =
          reference::evaluateOp(op, operands);
      if (failed(results))
        return WalkResult::interrupt();
      OpBuilder builder(op);
      for (auto [value, tensor] : llvm::zip(op->getResults(), *results)) {
        auto type = cast<RankedTensorType>(value.getType());
        auto constant = ConstantOp::create(
            builder, op->getLoc(), reference::toElementsAttr(tensor, type));
        value.replaceAllUsesWith(constant.getResult());
      }
      folded.push_back(op);
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      return signalPassFailure();
    // Erase the folded ops, then the constants only they used.
    llvm::SetVector<Operation *> inputs;
    for (Operation *op : llvm::reverse(folded)) {
      for (Value operand : op->getOperands())
        inputs.insert(operand.getDefiningOp());
      op->erase();
    }
    for (Operation *input : inputs)
      if (input->use_empty())
        input->erase();
  }
};
} // namespace
