//===- EyerissScheduleOps.cpp - eyeriss hardware-level ops ----------------===//
//
// The verifiers of the hardware level. ScheduleOp's region verifier is the
// GLB allocation's proof: every placed buffer inside the banks of its space,
// and no two buffers that are live at the same time sharing a word.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissTarget.h"
#include "eyeriss/Mapping/RSMapping.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <optional>

using namespace mlir;
using namespace eyeriss;

static int64_t volume(ArrayRef<int64_t> sizes) {
  int64_t v = 1;
  for (int64_t s : sizes)
    v *= s;
  return v;
}

static GLBSpace spaceOf(Value buffer) {
  return cast<GLBSpaceAttr>(cast<MemRefType>(buffer.getType()).getMemorySpace())
      .getValue();
}

/// Checks that `buffer` lives in `space`; `what` names the operand.
static LogicalResult checkSpace(Operation *op, Value buffer, GLBSpace space,
                                StringRef what) {
  if (spaceOf(buffer) == space)
    return success();
  return op->emitOpError() << what << " must be a #eyeriss.glb<"
                           << stringifyGLBSpace(space) << "> buffer, not "
                           << buffer.getType();
}

static LogicalResult checkPositive(Operation *op, ArrayRef<int64_t> values,
                                   StringRef what) {
  for (int64_t v : values)
    if (v <= 0)
      return op->emitOpError() << what << " must be positive, got " << v;
  return success();
}

static LogicalResult checkRange(Operation *op, ArrayRef<int64_t> range,
                                StringRef what) {
  if (range[0] < 0 || range[1] <= 0)
    return op->emitOpError() << what << " [first, count] = [" << range[0]
                             << ", " << range[1]
                             << "] needs first >= 0 and count > 0";
  return success();
}

/// The shape of the layer whose schedule holds `op`, if the schedule has a
/// layer (else the schedule's own verifier reports it).
static std::optional<LayerShape> layerShapeOf(Operation *op) {
  auto schedule = op->getParentOfType<ScheduleOp>();
  ArrayLayerOpInterface layer = schedule ? schedule.getLayerOp() : nullptr;
  if (!layer)
    return std::nullopt;
  return layer.getLayerShape();
}

//===----------------------------------------------------------------------===//
// ScheduleOp
//===----------------------------------------------------------------------===//

ArrayLayerOpInterface ScheduleOp::getLayerOp() {
  return getLayer().getDefiningOp<ArrayLayerOpInterface>();
}

ScheduleOp ScheduleOp::lookup(ArrayLayerOpInterface layer) {
  for (Operation *user : layer->getResult(0).getUsers())
    if (auto schedule = dyn_cast<ScheduleOp>(user))
      return schedule;
  return {};
}

LogicalResult ScheduleOp::verify() {
  ArrayLayerOpInterface layer = getLayerOp();
  if (!layer)
    return emitOpError("must schedule the result of a CONV or FC layer");
  if (!layer.getRSMapping())
    return emitOpError("schedules a layer without a mapping");
  if (getIfmapBanks().has_value() != getPsumBanks().has_value())
    return emitOpError("needs both ifmap and psum bank counts, or neither");
  for (Operation *user : getLayer().getUsers())
    if (user != getOperation() && isa<ScheduleOp>(user) &&
        user->getBlock() == getOperation()->getBlock() &&
        user->isBeforeInBlock(getOperation()))
      return emitOpError("the layer has more than one schedule");
  return success();
}

namespace {
/// A placed buffer: words [lo, hi) of its address space, live over the
/// body's ops [first, last].
struct Placement {
  Operation *alloc;
  int64_t lo, hi;
  size_t first, last;
};
} // namespace

/// Proves that no two of `buffers` (one address space) are live at once
/// and share a word.
static LogicalResult checkNoOverlap(std::vector<Placement> &buffers) {
  llvm::sort(buffers, [](const Placement &a, const Placement &b) {
    return a.first < b.first;
  });
  std::vector<const Placement *> live;
  for (const Placement &b : buffers) {
    llvm::erase_if(live, [&](const Placement *p) { return p->last < b.first; });
    for (const Placement *p : live)
      if (p->lo < b.hi && b.lo < p->hi) {
        InFlightDiagnostic diag =
            b.alloc->emitOpError()
            << "words [" << b.lo << ", " << b.hi
            << ") overlap words [" << p->lo << ", " << p->hi
            << ") of a buffer that is still live";
        diag.attachNote(p->alloc->getLoc()) << "that buffer is allocated here";
        return diag;
      }
    live.push_back(&b);
  }
  return success();
}

LogicalResult ScheduleOp::verifyRegions() {
  Block &body = getBody().front();
  // Program order, for live ranges and for what is written before it is read.
  llvm::DenseMap<Operation *, size_t> position;
  for (auto [i, op] : llvm::enumerate(body))
    position[&op] = i;

  llvm::DenseMap<Value, bool> written;
  bool sawConfigure = false;
  for (Operation &op : body) {
    if (auto configure = dyn_cast<ConfigureArrayOp>(op)) {
      if (sawConfigure || &op != &body.front())
        return configure.emitOpError(
            "must be the first op of the schedule, and the only one");
      sawConfigure = true;
    } else if (auto load = dyn_cast<LoadIfmapOp>(op)) {
      written[load.getBuffer()] = true;
    } else if (auto load = dyn_cast<LoadFiltersOp>(op)) {
      written[load.getBuffer()] = true;
    } else if (auto pass = dyn_cast<PassOp>(op)) {
      if (!written.lookup(pass.getIfmap()))
        return pass.emitOpError("reads an ifmap buffer no load_ifmap filled");
      if (!written.lookup(pass.getFilter()))
        return pass.emitOpError(
            "reads a filter buffer no load_filters filled");
      if (pass.getPsumIn() == PsumSource::GLB && !written.lookup(pass.getPsum()))
        return pass.emitOpError(
            "accumulates onto a psum buffer no earlier pass wrote");
      if (pass.getPsumIn() == PsumSource::Bias &&
          !llvm::any_of(pass.getFilter().getUsers(), [](Operation *user) {
            auto load = dyn_cast<LoadFiltersOp>(user);
            return load && load.getBias();
          }))
        return pass.emitOpError(
            "takes the bias but its filter buffer was loaded without it");
      written[pass.getPsum()] = true;
    } else if (auto store = dyn_cast<StoreOfmapOp>(op)) {
      if (!written.lookup(store.getBuffer()))
        return store.emitOpError("stores a psum buffer no pass wrote");
    } else if (!isa<GLBAllocOp>(op)) {
      return op.emitOpError("is not a hardware-level op; a schedule holds "
                            "only eyeriss glb_alloc, configure_array, "
                            "load_ifmap, load_filters, pass and store_ofmap");
    }
  }

  // The allocation proof, once every buffer is placed.
  SmallVector<GLBAllocOp> allocs(body.getOps<GLBAllocOp>());
  size_t placed = llvm::count_if(
      allocs, [](GLBAllocOp a) { return a.getOffset().has_value(); });
  if (placed == 0)
    return success();
  if (placed != allocs.size())
    return emitOpError() << "places " << placed << " of its " << allocs.size()
                         << " GLB buffers; place all or none";
  if (!getIfmapBanks())
    return emitOpError("places GLB buffers but has no ifmap/psum bank split");
  FailureOr<const TargetModel *> target = getTargetModel(*this);
  if (failed(target))
    return failure();
  const int64_t wordsPerBank = (*target)->glbFmapWordsPerBank();
  const int64_t ifmapBanks = int64_t(*getIfmapBanks());
  const int64_t psumBanks = int64_t(*getPsumBanks());
  if (ifmapBanks + psumBanks > (*target)->glbFmapBanks())
    return emitOpError() << "uses " << ifmapBanks << " ifmap + " << psumBanks
                         << " psum banks, more than the GLB's "
                         << (*target)->glbFmapBanks();

  std::vector<Placement> fmap, filter;
  for (GLBAllocOp alloc : allocs) {
    int64_t lo = int64_t(*alloc.getOffset()), hi = lo + alloc.getWords();
    int64_t begin = 0, end = 0;
    StringRef where;
    switch (alloc.getSpace()) {
    case GLBSpace::Ifmap:
      begin = 0, end = ifmapBanks * wordsPerBank, where = "ifmap banks";
      break;
    case GLBSpace::Psum:
      begin = ifmapBanks * wordsPerBank;
      end = begin + psumBanks * wordsPerBank, where = "psum banks";
      break;
    case GLBSpace::Filter:
      begin = 0, end = (*target)->glbFilterWords(), where = "filter region";
      break;
    }
    if (lo < begin || hi > end)
      return alloc.emitOpError()
             << "words [" << lo << ", " << hi << ") lie outside the " << where
             << " (words [" << begin << ", " << end << "))";
    size_t first = position[alloc], last = first;
    for (Operation *user : alloc->getUsers())
      last = std::max(last, position[user]);
    (alloc.getSpace() == GLBSpace::Filter ? filter : fmap)
        .push_back({alloc.getOperation(), lo, hi, first, last});
  }
  if (failed(checkNoOverlap(fmap)) || failed(checkNoOverlap(filter)))
    return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// Buffers and transfers
//===----------------------------------------------------------------------===//

LogicalResult GLBAllocOp::verify() {
  if (getWords() <= 0)
    return emitOpError("must allocate at least one word");
  return success();
}

LogicalResult ConfigureArrayOp::verify() {
  FailureOr<const TargetModel *> target = getTargetModel(*this);
  if (failed(target))
    return failure();
  int64_t rows = (*target)->numPERows(), pes = (*target)->numPEs();
  struct Network {
    StringRef name;
    ArrayRef<int64_t> rowIds, colIds;
  } networks[] = {{"filter", getFilterRows(), getFilterCols()},
                  {"ifmap", getIfmapRows(), getIfmapCols()},
                  {"psum", getPsumRows(), getPsumCols()}};
  for (const Network &net : networks) {
    if (int64_t(net.rowIds.size()) != rows || int64_t(net.colIds.size()) != pes)
      return emitOpError() << net.name << " GIN: needs " << rows
                           << " row IDs and " << pes << " col IDs (a "
                           << rows << "x" << (*target)->numPECols()
                           << " array), got " << net.rowIds.size() << " and "
                           << net.colIds.size();
    for (int64_t id : llvm::concat<const int64_t>(net.rowIds, net.colIds))
      if (id < 0)
        return emitOpError() << net.name << " GIN: negative ID " << id;
  }
  return success();
}

LogicalResult LoadIfmapOp::verify() {
  if (failed(checkSpace(*this, getBuffer(), GLBSpace::Ifmap, "the buffer")) ||
      failed(checkPositive(*this, getSizes(), "box sizes")))
    return failure();
  int64_t words = cast<MemRefType>(getBuffer().getType()).getNumElements();
  if (volume(getSizes()) > words)
    return emitOpError() << "box of " << volume(getSizes())
                         << " words does not fit its " << words
                         << "-word buffer";
  return success();
}

LogicalResult LoadFiltersOp::verify() {
  if (failed(checkSpace(*this, getBuffer(), GLBSpace::Filter, "the buffer")) ||
      failed(checkRange(*this, getFilters(), "filters")) ||
      failed(checkRange(*this, getChannels(), "channels")))
    return failure();
  std::optional<LayerShape> layerShape = layerShapeOf(*this);
  if (!layerShape)
    return success();
  const LayerShape &shape = *layerShape;
  int64_t need = getFilters()[1] * getChannels()[1] * shape.R * shape.S +
                 (getBias() ? getFilters()[1] : 0);
  int64_t words = cast<MemRefType>(getBuffer().getType()).getNumElements();
  if (need > words)
    return emitOpError() << "needs " << need << " words (filters x channels "
                         << "x R x S" << (getBias() ? " + bias" : "")
                         << ") but its buffer has " << words;
  if (getGroup() >= uint64_t(shape.groups))
    return emitOpError() << "group " << getGroup() << " of a layer with "
                         << shape.groups;
  return success();
}

LogicalResult PassOp::verify() {
  if (failed(checkSpace(*this, getIfmap(), GLBSpace::Ifmap, "ifmap")) ||
      failed(checkSpace(*this, getFilter(), GLBSpace::Filter, "filter")) ||
      failed(checkSpace(*this, getPsum(), GLBSpace::Psum, "psum")) ||
      failed(checkRange(*this, getFilters(), "filters")) ||
      failed(checkRange(*this, getChannels(), "channels")) ||
      failed(checkRange(*this, getImages(), "images")) ||
      failed(checkRange(*this, getRows(), "rows")))
    return failure();
  std::optional<LayerShape> layerShape = layerShapeOf(*this);
  if (!layerShape)
    return success();
  const LayerShape &shape = *layerShape;
  int64_t need = getImages()[1] * getFilters()[1] * getRows()[1] * shape.F;
  int64_t words = cast<MemRefType>(getPsum().getType()).getNumElements();
  if (need > words)
    return emitOpError() << "writes " << need
                         << " psums (images x filters x rows x F) into a "
                         << words << "-word buffer";
  if (getGroup() >= uint64_t(shape.groups))
    return emitOpError() << "group " << getGroup() << " of a layer with "
                         << shape.groups;
  return success();
}

LogicalResult StoreOfmapOp::verify() {
  if (failed(checkSpace(*this, getBuffer(), GLBSpace::Psum, "the buffer")) ||
      failed(checkPositive(*this, getSizes(), "box sizes")))
    return failure();
  int64_t words = cast<MemRefType>(getBuffer().getType()).getNumElements();
  if (volume(getSizes()) > words)
    return emitOpError() << "box of " << volume(getSizes())
                         << " words is larger than its " << words
                         << "-word buffer";
  return success();
}
