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
/// Replaces the plan's IDs with those `configure` sets, after checking that
/// each fits its network's ID bits.
llvm::Error useConfiguredIds(MulticastPlan &plan, ConfigureArrayOp configure) {
  struct Network {
    const char *name;
    NetworkConfig &net;
    ArrayRef<int64_t> rows, cols;
  } networks[] = {
      {"filter", plan.filter, configure.getFilterRows(),
       configure.getFilterCols()},
      {"ifmap", plan.ifmap, configure.getIfmapRows(),
       configure.getIfmapCols()},
      {"psum", plan.psum, configure.getPsumRows(), configure.getPsumCols()}};
  for (Network &n : networks) {
    for (int64_t id : n.rows)
      if (id > n.net.unusedRowID)
        return llvm::createStringError(
            "the scheduled %s GIN row ID %lld does not fit its %lld IDs",
            n.name, (long long)id, (long long)n.net.unusedRowID + 1);
    for (int64_t id : n.cols)
      if (id > n.net.unusedColID)
        return llvm::createStringError(
            "the scheduled %s GIN col ID %lld does not fit its %lld IDs",
            n.name, (long long)id, (long long)n.net.unusedColID + 1);
    n.net.rowID.assign(n.rows.begin(), n.rows.end());
    n.net.colID.assign(n.cols.begin(), n.cols.end());
  }
  return llvm::Error::success();
}

struct CheckMulticastPass
    : public eyeriss::impl::EyerissCheckMulticastBase<CheckMulticastPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<const TargetModel *> target = getTargetModel(module);
    if (failed(target))
      return signalPassFailure();
    bool failedAny = false;
    int64_t layers = 0, shapes = 0, fromIR = 0;
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
      ConfigureArrayOp configure;
      if (ScheduleOp schedule = ScheduleOp::lookup(layer))
        if (!schedule.getBody().front().empty())
          configure =
              dyn_cast<ConfigureArrayOp>(schedule.getBody().front().front());
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
        // A scheduled layer is checked on the IDs its schedule configures,
        // not on freshly planned ones.
        if (configure) {
          if (llvm::Error err = useConfiguredIds(*plan, configure))
            return fail(std::move(err));
          ++fromIR;
        }
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
                   << " pass shapes (" << fromIR
                   << " on scheduled IDs), every delivery checked\n";
    markAllAnalysesPreserved();
  }
};
} // namespace
