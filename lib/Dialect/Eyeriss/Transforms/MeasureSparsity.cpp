//===- MeasureSparsity.cpp - Zero fractions of every layer's data ---------===//
//
// Zero gating saves a MAC per zero ifmap value and RLC shrinks sparse fmaps,
// so a layer's energy depends on its data (CVPR 2017). This pass measures
// the sparsity the golden model sees; the cost model then uses it.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"
#include "eyeriss/Reference/ReferenceExecutor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "llvm/ADT/DenseMap.h"

#include <random>

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
    func::FuncOp func = module.lookupSymbol<func::FuncOp>("main");
    if (!func) {
      auto funcs = module.getOps<func::FuncOp>();
      if (std::distance(funcs.begin(), funcs.end()) == 1)
        func = *funcs.begin();
    }
    if (!func) {
      module.emitError("eyeriss-measure-sparsity needs a @main function (or "
                       "exactly one function) to run");
      return signalPassFailure();
    }
    llvm::DenseMap<Operation *, std::pair<Count, Count>> counts;
    for (unsigned sample = 0; sample < samples; ++sample) {
      std::mt19937 generator(seed + sample);
      std::normal_distribution<float> normal(0.0f, 1.0f);
      SmallVector<Tensor> inputs;
      for (Type type : func.getArgumentTypes()) {
        auto ranked = dyn_cast<RankedTensorType>(type);
        if (!ranked || !ranked.hasStaticShape()) {
          func.emitError() << "cannot measure sparsity: argument type " << type
                           << " is not a statically shaped tensor";
          return signalPassFailure();
        }
        Tensor t = Tensor::zeros(ranked.getShape());
        for (float &v : t.data)
          v = normal(generator);
        inputs.push_back(std::move(t));
      }
      auto observe = [&](Operation *op, ArrayRef<Tensor> operands,
                         ArrayRef<Tensor> results) {
        if (!isa<ArrayLayerOpInterface>(op))
          return;
        auto &[ifmap, ofmap] = counts[op];
        ifmap.add(operands[0]);
        ofmap.add(results[0]);
      };
      if (failed(runFunction(func, inputs, observe)))
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
