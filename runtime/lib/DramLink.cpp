//===- DramLink.cpp - The DRAM link behind asynchronous FIFOs -------------===//

#include "eyeriss/Runtime/DramLink.h"

#include <algorithm>
#include <cmath>

using namespace eyeriss::runtime;

int64_t eyeriss::runtime::simulateLinkTransfer(const LinkTransfer &t,
                                               const DramLinkParams &p) {
  // Times in microseconds; each side advances in whole cycles of its clock.
  const double core = 1.0 / p.coreMHz, link = 1.0 / p.linkMHz;
  const size_t depth = size_t(std::max<int64_t>(1, p.fifoDepth));
  auto nextEdge = [](double time, double period) {
    return std::ceil(time / period - 1e-9) * period;
  };
  // popped[i % depth]: when word i left the FIFO, freeing its slot.
  std::vector<double> popped(depth, 0.0);
  double producer = 0, consumer = 0;
  const size_t n = t.coreCyclesPerWord.size();
  for (size_t i = 0; i < n; ++i) {
    double slotFree = i >= depth ? popped[i % depth] : 0.0;
    double pushed, pop;
    if (t.toChip) {
      // The link pushes a word per link cycle while the FIFO has room; the
      // core pops it after the synchronizer and spends its cycles on it.
      pushed = nextEdge(std::max(producer, slotFree), link) + link;
      producer = pushed;
      pop = nextEdge(std::max(consumer, pushed + p.syncCycles * core), core);
      consumer = pop + t.coreCyclesPerWord[i] * core;
    } else {
      // The core makes a word in its cycles and pushes it when there is
      // room; the link pops one per link cycle after the synchronizer.
      pushed = nextEdge(std::max(producer, slotFree), core) +
               t.coreCyclesPerWord[i] * core;
      producer = pushed;
      pop = nextEdge(std::max(consumer, pushed + p.syncCycles * link), link);
      consumer = pop + link;
    }
    popped[i % depth] = pop;
  }
  double end = std::max(producer, consumer) + t.extraCoreCycles * core;
  return int64_t(std::ceil(end / core - 1e-9));
}
