//===- ScheduleMulticast.cpp - NoC IDs for every schedule -----------------===//
//
// The IDs are those of the layer's full processing pass: the scan chain
// loads them once per layer (CONFIGURE_LAYER), and partial passes (the last
// chunk of filters, channels or rows) use the same IDs with fewer tags.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissTarget.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/PassUtils.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"
#include "eyeriss/Mapping/Multicast.h"

#include "mlir/IR/Builders.h"

namespace eyeriss {
#define GEN_PASS_DEF_EYERISSSCHEDULEMULTICAST
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;

namespace {
struct ScheduleMulticastPass
    : public eyeriss::impl::EyerissScheduleMulticastBase<
          ScheduleMulticastPass> {
  using Base::Base;

  void runOnOperation() override {
    if (failed(forEachSchedule(getOperation(), configure)))
      signalPassFailure();
  }

  static LogicalResult configure(ScheduleOp schedule, const TargetModel &tm) {
    ArrayLayerOpInterface layer = schedule.getLayerOp();
    RSMapping mp = layer.getRSMapping().getMapping();
    RSLayerDims dims = RSLayerDims::get(layer.getLayerShape());
    llvm::Expected<MulticastPlan> plan =
        planMulticast(dims, mp, PassShape{mp.t, mp.r, mp.e}, tm);
    if (!plan)
      return layer->emitOpError()
             << "unroutable: " << llvm::toString(plan.takeError());
    Block &body = schedule.getBody().front();
    if (!body.empty())
      if (auto old = dyn_cast<ConfigureArrayOp>(body.front()))
        old.erase();
    OpBuilder b = OpBuilder::atBlockBegin(&body);
    ConfigureArrayOp::create(
        b, schedule.getLoc(), plan->filter.rowID, plan->filter.colID,
        plan->ifmap.rowID, plan->ifmap.colID, plan->psum.rowID,
        plan->psum.colID);
    return success();
  }
};
} // namespace
