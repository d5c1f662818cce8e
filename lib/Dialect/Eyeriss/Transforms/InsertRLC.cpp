//===- InsertRLC.cpp - Run-length compression of feature-map transfers ----===//
//
// A stored feature map has one format, so every transfer of it agrees: the
// writer (a layer's store_ofmap, or the host's convert) and every reader
// (load_ifmap). Longer streams compress better, so planes are preferred
// where nobody moves less than a plane.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissTarget.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/PassUtils.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

namespace eyeriss {
#define GEN_PASS_DEF_EYERISSINSERTRLC
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;

namespace {
struct InsertRLCPass
    : public eyeriss::impl::EyerissInsertRLCBase<InsertRLCPass> {
  using Base::Base;

  void runOnOperation() override {
    auto markWith = [&](ScheduleOp schedule, const TargetModel &target) {
      tm = &target;
      return mark(schedule);
    };
    if (failed(forEachSchedule(getOperation(), markWith)))
      signalPassFailure();
  }

private:
  static bool movesWholePlanes(ArrayLayerOpInterface layer) {
    return layer.getRSMapping().getMapping().e >= layer.getLayerShape().E;
  }

  /// How `value` is stored when it is written by a writer that moves whole
  /// planes iff `writerWholePlanes`: compressed (4-D fmaps on a target with
  /// a codec), by planes if every array layer reading it moves whole planes
  /// too, by rows otherwise.
  Compression storage(Value value, bool writerWholePlanes) const {
    if (!tm->arch().rlc.enabled ||
        cast<ShapedType>(value.getType()).getRank() != 4)
      return Compression::None;
    if (!writerWholePlanes)
      return Compression::Row;
    for (Operation *user : value.getUsers())
      if (auto layer = dyn_cast<ArrayLayerOpInterface>(user))
        if (!layer.getRSMapping() || !movesWholePlanes(layer))
          return Compression::Row;
    return Compression::Plane;
  }

  /// The stored format of layer `layer`'s ofmap.
  Compression ofmapStorage(ArrayLayerOpInterface layer) const {
    return storage(layer->getResult(0), movesWholePlanes(layer));
  }

  /// The stored format of the ifmap `layer` reads: as its producer layer
  /// wrote it when the data is already in the layer's input format, else
  /// as the host converts it.
  FailureOr<Compression> ifmapStorage(ArrayLayerOpInterface layer) const {
    Value ifmap = layer->getOperand(0);
    FixedPointAttr quant = layer.getFixedPoint();
    if (auto producer = ifmap.getDefiningOp<ArrayLayerOpInterface>()) {
      FixedPointAttr producerQuant = producer.getFixedPoint();
      if (!producer.getRSMapping() || !producerQuant)
        return producer->emitOpError(
            "feeds a scheduled layer but has no mapping and formats"),
               failure();
      if (producerQuant.getOutput() == quant.getInput())
        return ofmapStorage(producer);
    }
    if (isa<BlockArgument>(ifmap) && !tm->arch().rlc.compressFirstLayerInput)
      return Compression::None;
    return storage(ifmap, /*writerWholePlanes=*/true);
  }

  LogicalResult mark(ScheduleOp schedule) {
    ArrayLayerOpInterface layer = schedule.getLayerOp();
    if (!layer.getFixedPoint())
      return layer->emitOpError("has no fixed-point formats: run "
                                "eyeriss-quantize before eyeriss-insert-rlc");
    FailureOr<Compression> in = ifmapStorage(layer);
    if (failed(in))
      return failure();
    Compression out = ofmapStorage(layer);
    MLIRContext *ctx = schedule.getContext();
    for (Operation &op : schedule.getBody().front()) {
      if (auto load = dyn_cast<LoadIfmapOp>(op))
        load.setRlcAttr(CompressionAttr::get(ctx, *in));
      else if (auto store = dyn_cast<StoreOfmapOp>(op))
        store.setRlcAttr(CompressionAttr::get(ctx, out));
    }
    return success();
  }

  const TargetModel *tm = nullptr;
};
} // namespace
