//===- CheckMulticast.cpp - NoC IDs of every pass, proven -----------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissTarget.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"
#include "eyeriss/Mapping/Multicast.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

namespace eyeriss {
#define GEN_PASS_DEF_EYERISSCHECKMULTICAST
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;

namespace {
struct CheckMulticastPass
    : public eyeriss::impl::EyerissCheckMulticastBase<CheckMulticastPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<const TargetModel *> target = getTargetModel(module);
    if (failed(target))
      return signalPassFailure();
    bool failedAny = false;
    int64_t layers = 0, shapes = 0;
    module.walk([&](ArrayLayerOpInterface layer) {
      RSMappingAttr mapping = layer.getRSMapping();
      if (!mapping) {
        layer->emitOpError("has no mapping: run eyeriss-map first");
        failedAny = true;
        return;
      }
      RSLayerDims dims = RSLayerDims::get(layer.getLayerShape());
      RSMapping mp = mapping.getMapping();
      ++layers;
      double transfers = 0;
      for (const PassShape &shape : getPassShapes(dims, mp)) {
        ++shapes;
        auto fail = [&](llvm::Error err) {
          layer->emitOpError()
              << "pass of " << shape.chains << " chains x " << shape.sets
              << " sets x " << shape.rows << " ofmap rows under mapping "
              << mapping << ": " << llvm::toString(std::move(err));
          failedAny = true;
        };
        llvm::Expected<MulticastPlan> plan =
            planMulticast(dims, mp, shape, **target);
        if (!plan)
          return fail(plan.takeError());
        if (llvm::Error err = checkMulticast(*plan, dims, mp, shape, **target))
          return fail(std::move(err));
        if (shape.chains == mp.t && shape.sets == mp.r && shape.rows == mp.e)
          transfers = plan->ifmapTransfersPerRow();
      }
      if (report)
        llvm::outs() << getLayerName(layer) << ": "
                     << getPassShapes(dims, mp).size()
                     << " pass shapes routed; ifmap GIN transfers per row "
                     << llvm::format("%.2f", transfers) << "\n";
    });
    if (failedAny)
      return signalPassFailure();
    if (report)
      llvm::outs() << "multicast: " << layers << " layers, " << shapes
                   << " pass shapes, every delivery checked\n";
    markAllAnalysesPreserved();
  }
};
} // namespace
