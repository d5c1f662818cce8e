//===- AllocateGLB.cpp - Place GLB buffers --------------------------------===//
//
// Buffers are placed in program order. Live ranges come from the schedule's
// op order: the hardware holds back an instruction that touches words an
// unfinished one uses (docs/ISA.md, Ordering), so reuse of a dead buffer's
// words is always safe; double-buffering the filters is what lets a preload
// overlap the pass before it.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissTarget.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/PassUtils.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"
#include "eyeriss/Mapping/RSCostModel.h"

#include "mlir/IR/Builders.h"

#include "llvm/ADT/DenseMap.h"

#include <algorithm>

namespace eyeriss {
#define GEN_PASS_DEF_EYERISSALLOCATEGLB
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;

namespace {
/// First-fit placement among the live buffers of one address range.
class FirstFit {
public:
  FirstFit(int64_t begin, int64_t end) : begin(begin), end(end) {}

  /// Drops buffers whose last use comes before op number `now`.
  void expire(size_t now) {
    llvm::erase_if(live, [&](const Live &l) { return l.last < now; });
  }
  /// The lowest word address in [begin, end) where `words` fit beside the
  /// live buffers, if any; the buffer is then live until op number `last`.
  std::optional<int64_t> place(int64_t words, size_t last) {
    llvm::sort(live, [](const Live &a, const Live &b) { return a.lo < b.lo; });
    int64_t at = begin;
    for (const Live &l : live) {
      if (at + words <= l.lo)
        break;
      at = std::max(at, l.hi);
    }
    if (at + words > end)
      return std::nullopt;
    live.push_back({at, at + words, last});
    return at;
  }
  /// Words the live buffers hold.
  int64_t liveWords() const {
    int64_t sum = 0;
    for (const Live &l : live)
      sum += l.hi - l.lo;
    return sum;
  }
  int64_t begin, end;

private:
  struct Live {
    int64_t lo, hi;
    size_t last;
  };
  std::vector<Live> live;
};

struct AllocateGLBPass
    : public eyeriss::impl::EyerissAllocateGLBBase<AllocateGLBPass> {
  using Base::Base;

  void runOnOperation() override {
    if (failed(forEachSchedule(getOperation(), allocate)))
      signalPassFailure();
  }

  static LogicalResult allocate(ScheduleOp schedule, const TargetModel &tm);
};
} // namespace

LogicalResult AllocateGLBPass::allocate(ScheduleOp schedule,
                                        const TargetModel &tm) {
  ArrayLayerOpInterface layer = schedule.getLayerOp();
  RSLayerModel model(layer.getLayerShape(), tm);
  RSLayerModel::GLBFootprint footprint =
      model.glbFootprint(layer.getRSMapping().getMapping());
  const int64_t wordsPerBank = tm.glbFmapWordsPerBank();
  if (footprint.ifmapBanks + footprint.psumBanks > tm.glbFmapBanks())
    return schedule.emitOpError()
           << "over capacity: the mapping needs " << footprint.ifmapBanks
           << " ifmap + " << footprint.psumBanks << " psum banks, the GLB has "
           << tm.glbFmapBanks();
  Builder b(schedule.getContext());
  schedule.setIfmapBanksAttr(b.getI64IntegerAttr(footprint.ifmapBanks));
  schedule.setPsumBanksAttr(b.getI64IntegerAttr(footprint.psumBanks));

  Block &body = schedule.getBody().front();
  llvm::DenseMap<Operation *, size_t> position;
  for (auto [i, op] : llvm::enumerate(body))
    position[&op] = i;

  const int64_t ifmapEnd = footprint.ifmapBanks * wordsPerBank;
  FirstFit ifmap(0, ifmapEnd);
  FirstFit psum(ifmapEnd, ifmapEnd + footprint.psumBanks * wordsPerBank);
  const int64_t filterWords = tm.glbFilterWords(), half = filterWords / 2;
  unsigned filterHalf = 0;
  for (GLBAllocOp alloc : body.getOps<GLBAllocOp>()) {
    size_t now = position[alloc], last = now;
    for (Operation *user : alloc->getUsers())
      last = std::max(last, position[user]);
    const int64_t words = alloc.getWords();
    std::optional<int64_t> at;
    FirstFit *space = nullptr;
    switch (alloc.getSpace()) {
    case GLBSpace::Ifmap:
      space = &ifmap;
      break;
    case GLBSpace::Psum:
      space = &psum;
      break;
    case GLBSpace::Filter:
      // Alternate halves, so that each preload overlaps the pass before.
      if (words <= half)
        at = filterHalf * half;
      else if (words <= filterWords)
        at = 0;
      filterHalf ^= 1;
      if (!at)
        return alloc.emitOpError()
               << "over capacity: a filter buffer of " << words
               << " words does not fit the " << filterWords
               << "-word filter region";
      break;
    }
    if (space) {
      space->expire(now);
      at = space->place(words, last);
      if (!at)
        return alloc.emitOpError()
               << "over capacity: a " << stringifyGLBSpace(alloc.getSpace())
               << " buffer of " << words << " words does not fit the "
               << stringifyGLBSpace(alloc.getSpace()) << " banks (words ["
               << space->begin << ", " << space->end << ")), where live "
               << "buffers hold " << space->liveWords() << " words";
    }
    alloc.setOffsetAttr(b.getI64IntegerAttr(*at));
  }
  return success();
}
