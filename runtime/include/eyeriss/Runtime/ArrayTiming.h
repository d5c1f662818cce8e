//===- ArrayTiming.h - Cycle-level timing of one processing pass -*- C++ -*-===//
//
// The PE array's side of a PASS, advanced one column step (one ofmap column
// of one image) at a time for every PE, with each network and GLB bank a
// resource that serves one transfer after another:
//
//  1. Pass switch: the filter GIN (its width in words per cycle) delivers
//     each distinct filter tag's rows once, multicast, as soon as every
//     receiving PE is done with the previous pass (with double-buffered
//     filters, PEs that finish early load while the rest drain); a PE
//     starts when its rows have arrived.
//  2. Each step, the ifmap GIN sends the values each ifmap tag's PEs need
//     first at this column, one tag after another, the tag whose PEs are
//     ready first first; a transfer may begin only when every receiving PE
//     is ready for it (JSSC Sec. V-B): its ifmap spad has spare entries, or
//     its input FIFO (`pe.io_fifo_depth`) has emptied the previous step's
//     values into the spad, or else the previous step's last filter has read
//     the entries the new values replace.
//  3. A PE works filter by filter, q'·S MACs each (one per cycle), starting
//     each psum from the value the PE below sent up the local link (the
//     bottom PE: zero, the bias over the filter GIN, or a psum read from a
//     GLB bank over the psum GIN), and sends it on as soon as it is done,
//     after `pipeline_stages` cycles and one link hop. Psums thus ripple up
//     a column filter by filter. JSSC Table V needs this overlap: CONV5 runs
//     at 150 cycles per 144-MAC step, pass switching included, which leaves
//     no room for adding the psums from below in separate cycles.
//  4. The top PE's psums go over the GON in order of request, a 64-b word
//     as soon as its last psum is done, to the GLB bank it writes. Finished
//     psums wait in the top PE's output FIFO, one step deep: psum i of a
//     step starts once the GON has taken psum i of two steps before. Every
//     GLB bank reads one word and writes one word a cycle: an access waits
//     for a free cycle of its bank.
//
// Nothing here depends on the data: zero gating saves energy, not cycles.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_RUNTIME_ARRAYTIMING_H
#define EYERISS_RUNTIME_ARRAYTIMING_H

#include "eyeriss/Arch/TargetModel.h"
#include "eyeriss/Runtime/Stats.h"

#include <cstdint>
#include <vector>

namespace eyeriss {
namespace runtime {

struct ArrayTimingParams {
  int64_t filterWordsPerCycle = 1, ifmapWordsPerCycle = 1,
          psumWordsPerCycle = 1, gonWordsPerCycle = 1, localWordsPerCycle = 1;
  int64_t pipelineStages = 1;
  int64_t ifmapSpadEntries = 1, psumSpadEntries = 1;
  /// Words in a PE's input FIFO.
  int64_t ioFifoDepth = 1;
  /// Data words one GLB bank access moves, and data words per bank.
  int64_t glbWordsPerAccess = 1, glbWordsPerBank = 1;
  static ArrayTimingParams get(const TargetModel &tm);
};

/// One PE's part of a pass.
struct PEWork {
  /// Psums it holds per step: the filters of its chain in this pass (p').
  int32_t filters = 0;
  /// Channels of its set in this pass (q'); 0: it only forwards psums.
  int32_t channels = 0;
  /// p'·q'·S, 0 for a PE that only forwards.
  int64_t macsPerStep = 0;
  /// Index of its ifmap tag, filter tag (-1: none).
  int32_t ifmapTag = -1;
  int32_t filterTag = -1;
  /// When the PE finished the previous pass, in cycles from this pass's
  /// start (<= 0): its filter spad may take this pass's rows from then on,
  /// if they were already in the filter GLB (double buffering).
  int64_t freeAt = 0;
};

/// The PEs of one vertical psum chain, bottom first.
struct ColumnWork {
  std::vector<PEWork> pes;
  int32_t filters = 0;
  /// GLB word of this column's first psum (image 0, column 0), for the
  /// bank its GON / psum GIN transfers use.
  int64_t psumGlbAddr = 0;
};

struct PassWork {
  int64_t images = 1;
  /// Ofmap columns per image (F), and the values of one channel's ifmap row
  /// a PE needs first at each column (column 0: the whole first window).
  int64_t columns = 1;
  std::vector<int64_t> newValuesAtColumn;
  /// Filter taps per channel (S): the spad entries one channel's window
  /// takes.
  int64_t taps = 1;
  /// Per ifmap tag, the channels its values carry (the receivers' q').
  std::vector<int32_t> ifmapTagChannels;
  /// Per filter tag, the words it delivers.
  std::vector<int64_t> filterTagWords;
  /// Bottom PEs start each step from bias words (filter GIN).
  bool biasInit = false;
  /// Bottom PEs start from psums read from the GLB over the psum GIN.
  bool psumFromGLB = false;
  /// GLB words between an image's psums and the next image's, and between
  /// one ofmap column and the next.
  int64_t psumImageStride = 0;
  /// GLB words between a column's psums of one filter and the next's.
  int64_t psumFilterStride = 0;
  std::vector<ColumnWork> columnsWork;
};

struct PassTiming {
  int64_t cycles = 0;
  /// Per PE, in the order of PassWork's columns: when it finished.
  std::vector<int64_t> peDone;
  ArrayCycleBreakdown breakdown;
};

/// Simulates one pass; the array starts empty (the previous pass drained).
PassTiming simulatePass(const PassWork &work, const ArrayTimingParams &params);

} // namespace runtime
} // namespace eyeriss

#endif // EYERISS_RUNTIME_ARRAYTIMING_H
