//===- DramLink.h - The DRAM link behind asynchronous FIFOs -----*- C++ -*-===//
//
// One transfer over the chip's DRAM interface (JSSC 2017 Sec. III): a bus of
// `dram.bus_bits` in the link clock domain, one bus word per link cycle, and
// an asynchronous FIFO of `dram.fifo_depth` words between it and the core
// clock domain, where the GLB (and the RLC decoder or encoder) take or make
// each word in a number of core cycles. Both sides run until the FIFO is
// full (the producer stalls) or empty (the consumer stalls), so the slower
// side sets the pace and the FIFO absorbs the jitter of the codec; a word
// crossing the FIFO takes two cycles of the receiving clock (synchronizer).
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_RUNTIME_DRAMLINK_H
#define EYERISS_RUNTIME_DRAMLINK_H

#include <cstdint>
#include <vector>

namespace eyeriss {
namespace runtime {

struct DramLinkParams {
  double coreMHz = 200, linkMHz = 60;
  int64_t fifoDepth = 16;
  /// Cycles of the receiving clock a word takes through the synchronizer.
  int64_t syncCycles = 2;
};

/// A transfer: per bus word, the core cycles the chip side spends on it,
/// plus core cycles of on-chip-only work (zero padding written to the GLB).
struct LinkTransfer {
  bool toChip = true;
  std::vector<uint32_t> coreCyclesPerWord;
  int64_t extraCoreCycles = 0;
  void clear() {
    coreCyclesPerWord.clear();
    extraCoreCycles = 0;
  }
};

/// Core cycles from the transfer's start until its last word is in the GLB
/// (to chip) or on the bus (to DRAM).
int64_t simulateLinkTransfer(const LinkTransfer &transfer,
                             const DramLinkParams &params);

} // namespace runtime
} // namespace eyeriss

#endif // EYERISS_RUNTIME_DRAMLINK_H
