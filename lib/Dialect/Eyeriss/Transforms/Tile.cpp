//===- Tile.cpp - Mapped layers to processing passes and transfers --------===//
//
// The loop nest of docs/Mapping.md made explicit: group, block of m filters,
// batch of n images, strip of e ofmap rows, chunk of q*r channels, chunk of
// p*t filters. Each chunk of filters of a block keeps its psums in the GLB
// across the channel chunks and is written out after the last one.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissTarget.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"
#include "eyeriss/Mapping/RSCostModel.h"

#include "mlir/IR/Builders.h"

namespace eyeriss {
#define GEN_PASS_DEF_EYERISSTILE
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;

namespace {
struct TilePass : public eyeriss::impl::EyerissTileBase<TilePass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<const TargetModel *> target = getTargetModel(module);
    if (failed(target))
      return signalPassFailure();
    SmallVector<ArrayLayerOpInterface> layers;
    module.walk([&](ArrayLayerOpInterface layer) { layers.push_back(layer); });
    for (ArrayLayerOpInterface layer : layers)
      if (failed(tile(layer, **target)))
        return signalPassFailure();
  }

  static LogicalResult tile(ArrayLayerOpInterface layer,
                            const TargetModel &tm);
};
} // namespace

LogicalResult TilePass::tile(ArrayLayerOpInterface layer,
                             const TargetModel &tm) {
  Operation *op = layer.getOperation();
  RSMappingAttr mappingAttr = layer.getRSMapping();
  if (!mappingAttr)
    return op->emitOpError("has no mapping: run eyeriss-map first");
  if (ScheduleOp::lookup(layer))
    return op->emitOpError("is already scheduled");
  const LayerShape shape = layer.getLayerShape();
  const RSMapping mp = mappingAttr.getMapping();
  const RSLayerDims d = RSLayerDims::get(shape);
  const RSLayerModel model(shape, tm);
  const bool hasBias = op->getNumOperands() > 2;

  MLIRContext *ctx = op->getContext();
  OpBuilder b(ctx);
  b.setInsertionPointAfter(op);
  Location loc = op->getLoc();
  auto schedule =
      ScheduleOp::create(b, loc, op->getResult(0), IntegerAttr(), IntegerAttr());
  b.setInsertionPointToStart(&schedule.getBody().emplaceBlock());

  Type i16 = b.getIntegerType(16);
  auto alloc = [&](int64_t words, GLBSpace space) {
    auto type = MemRefType::get({words}, i16, MemRefLayoutAttrInterface(),
                                GLBSpaceAttr::get(ctx, space));
    return GLBAllocOp::create(b, loc, type, IntegerAttr()).getBuffer();
  };
  auto range = [&](int64_t first, int64_t count) {
    return b.getDenseI64ArrayAttr({first, count});
  };

  const int64_t pt = mp.p * mp.t, qr = mp.q * mp.r;
  const int64_t denseCols = model.denseIfmapCols();
  // A psum buffer is sized for its filter chunk over a full batch and strip
  // (n x count x e x F), so that every block's chunks sit at the same
  // addresses.
  for (int64_t g = 0; g < d.groups; ++g)
    for (int64_t mo = 0; mo < d.M; mo += mp.m) {
      int64_t mc = std::min(mp.m, d.M - mo);
      for (int64_t n0 = 0; n0 < d.N; n0 += mp.n) {
        int64_t nc = std::min(mp.n, d.N - n0);
        for (int64_t e0 = 0; e0 < d.E; e0 += mp.e) {
          int64_t ec = std::min(mp.e, d.E - e0);
          SmallVector<Value> psums;
          for (int64_t c0 = 0; c0 < d.C; c0 += qr) {
            int64_t cc = std::min(qr, d.C - c0);
            int64_t stripRows = model.denseStripRows(ec);
            Value ifmap = alloc(nc * cc * stripRows * denseCols, GLBSpace::Ifmap);
            LoadIfmapOp::create(
                b, loc, ifmap,
                b.getDenseI64ArrayAttr({n0, g * d.C + c0,
                                        e0 * d.strideH - shape.padTop,
                                        -shape.padLeft}),
                b.getDenseI64ArrayAttr({nc, cc, stripRows, denseCols}),
                CompressionAttr());
            for (int64_t mi = 0; mi * pt < mc; ++mi) {
              int64_t m0 = mo + mi * pt;
              int64_t mCount = std::min(pt, mc - mi * pt);
              bool first = c0 == 0;
              bool bias = first && hasBias;
              if (first)
                psums.push_back(
                    alloc(mp.n * mCount * mp.e * d.F, GLBSpace::Psum));
              Value filter = alloc(mCount * cc * d.R * d.S + (bias ? mCount : 0),
                                   GLBSpace::Filter);
              LoadFiltersOp::create(b, loc, filter, b.getI64IntegerAttr(g),
                                    range(m0, mCount), range(c0, cc),
                                    bias ? b.getUnitAttr() : UnitAttr());
              PsumSource in = !first ? PsumSource::GLB
                              : hasBias ? PsumSource::Bias
                                        : PsumSource::Zero;
              PassOp::create(b, loc, ifmap, filter, psums[mi],
                             b.getI64IntegerAttr(g), range(m0, mCount),
                             range(c0, cc), range(n0, nc), range(e0, ec),
                             PsumSourceAttr::get(ctx, in));
            }
          }
          for (int64_t mi = 0; mi * pt < mc; ++mi) {
            int64_t m0 = mo + mi * pt;
            int64_t mCount = std::min(pt, mc - mi * pt);
            StoreOfmapOp::create(
                b, loc, psums[mi],
                b.getDenseI64ArrayAttr({n0, g * d.M + m0, e0, 0}),
                b.getDenseI64ArrayAttr({nc, mCount, ec, d.F}),
                CompressionAttr());
          }
        }
      }
    }
  return success();
}
