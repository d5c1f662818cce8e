//===- MeasureSparsity.cpp - Zero fractions of every layer's data ---------===//
//
// Zero gating saves a MAC per zero ifmap value and RLC shrinks sparse fmaps,
// so a layer's energy depends on its data (CVPR 2017). This pass measures
// the sparsity the golden model sees; the cost model then uses it.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/PassUtils.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"
#include "eyeriss/Reference/ReferenceExecutor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "llvm/ADT/DenseMap.h"


namespace eyeriss {
#define GEN_PASS_DEF_EYERISSMEASURESPARSITY
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;
using namespace eyeriss::reference;

namespace {
struct Count {
  double zeros = 0, values = 0;
  void add(const Tensor &t) {
    for (float v : t.data)
      zeros += v == 0.0f;
    values += double(t.data.size());
  }
  double fraction() const { return values > 0 ? zeros / values : 0.0; }
};

struct MeasureSparsityPass
    : public eyeriss::impl::EyerissMeasureSparsityBase<MeasureSparsityPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (samples == 0) {
      module.emitError("samples must be at least 1");
      return signalPassFailure();
    }
    FailureOr<func::FuncOp> func =
        getEntryFunction(module, "eyeriss-measure-sparsity", "to run");
    if (failed(func))
      return signalPassFailure();
    llvm::DenseMap<Operation *, std::pair<Count, Count>> counts;
    for (unsigned sample = 0; sample < samples; ++sample) {
      FailureOr<SmallVector<Tensor>> inputs =
          seededNormalInputs(*func, seed + sample, "measure sparsity");
      if (failed(inputs))
        return signalPassFailure();
      auto observe = [&](Operation *op, ArrayRef<Tensor> operands,
                         ArrayRef<Tensor> results) {
        if (!isa<ArrayLayerOpInterface>(op))
          return;
        auto &[ifmap, ofmap] = counts[op];
        ifmap.add(operands[0]);
        ofmap.add(results[0]);
      };
      if (failed(runFunction(*func, *inputs, observe)))
        return signalPassFailure();
    }
    OpBuilder builder(module.getContext());
    for (auto &[op, pair] : counts)
      op->setAttr(EyerissDialect::kZeroFractionsAttrName,
                  builder.getDenseF64ArrayAttr(
                      {pair.first.fraction(), pair.second.fraction()}));
  }
};
} // namespace
