//===- ArrayTiming.cpp - Cycle-level timing of one processing pass --------===//

#include "eyeriss/Runtime/ArrayTiming.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cassert>
#include <limits>
#include <map>

using namespace eyeriss;
using namespace eyeriss::runtime;

ArrayTimingParams ArrayTimingParams::get(const TargetModel &tm) {
  ArrayTimingParams p;
  p.filterWordsPerCycle = tm.wordsPerTransfer(Network::GINFilter);
  p.ifmapWordsPerCycle = tm.wordsPerTransfer(Network::GINIfmap);
  p.psumWordsPerCycle = tm.wordsPerTransfer(Network::GINPsum);
  p.gonWordsPerCycle = tm.wordsPerTransfer(Network::GON);
  p.localWordsPerCycle = tm.wordsPerTransfer(Network::LocalPsum);
  p.pipelineStages = tm.arch().pe.pipelineStages;
  p.ifmapSpadEntries = tm.ifmapSpadWords();
  p.psumSpadEntries = tm.psumSpadWords();
  p.ioFifoDepth = tm.arch().pe.ioFifoDepth;
  const GLBRegionDesc &fmap = tm.arch().glb.fmap;
  p.glbWordsPerAccess = std::max<int64_t>(1, fmap.wordBits / tm.dataBits());
  p.glbWordsPerBank = tm.glbFmapWordsPerBank();
  return p;
}

namespace {
int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// The GLB banks' single ports: one access per cycle. Transfers are not
/// booked in time order (a step's GON writes are booked before the next
/// step's psum reads, which may come earlier), so each bank keeps a
/// calendar of busy intervals and an access takes the first gap that fits.
struct Banks {
  std::vector<std::map<int64_t, int64_t>> busy; ///< start -> end.
  int64_t wordsPerBank;
  int64_t conflicts = 0;
  /// The first start >= `earliest` at which bank `b` is free for `cycles`.
  int64_t firstFit(size_t b, int64_t earliest, int64_t cycles) {
    if (b >= busy.size())
      busy.resize(b + 1);
    std::map<int64_t, int64_t> &cal = busy[b];
    int64_t start = earliest;
    auto it = cal.upper_bound(start);
    if (it != cal.begin() && std::prev(it)->second > start)
      start = std::prev(it)->second;
    while (it != cal.end() && it->first < start + cycles) {
      start = std::max(start, it->second);
      ++it;
    }
    return start;
  }
  /// A transfer of `words` psums, word i at addr + i * stride, `perCycle`
  /// words a cycle: each bank it touches is busy for its share. Returns the
  /// start, the first cycle every one of them is free.
  int64_t occupy(int64_t addr, int64_t stride, int64_t words,
                 int64_t perCycle, int64_t earliest) {
    shares.clear();
    for (int64_t i = 0; i < words; ++i) {
      size_t b = size_t(std::max<int64_t>(0, addr + i * stride) / wordsPerBank);
      auto it = llvm::find_if(shares, [&](const auto &s) { return s.first == b; });
      if (it == shares.end())
        shares.push_back({b, 1});
      else
        ++it->second;
    }
    int64_t start = earliest;
    for (bool moved = true; moved;) {
      moved = false;
      for (auto &[b, n] : shares) {
        int64_t t = firstFit(b, start, ceilDiv(n, perCycle));
        if (t != start) {
          start = t;
          moved = true;
        }
      }
    }
    for (auto &[b, n] : shares)
      busy[b].emplace(start, start + ceilDiv(n, perCycle));
    conflicts += start - earliest;
    return start;
  }
  std::vector<std::pair<size_t, int64_t>> shares;
  /// Forgets intervals that end before `time`: no later access starts
  /// that early.
  void retire(int64_t time) {
    for (std::map<int64_t, int64_t> &cal : busy)
      while (!cal.empty() && cal.begin()->second < time)
        cal.erase(cal.begin());
  }
};

struct Request {
  int64_t time;
  int32_t column;
  /// GON: the first psum of the word.
  int32_t first = 0;
};
} // namespace

PassTiming eyeriss::runtime::simulatePass(const PassWork &w,
                                          const ArrayTimingParams &p) {
  PassTiming out;
  ArrayCycleBreakdown &b = out.breakdown;
  // Each bank reads one word and writes one word per cycle (JSSC Table V's
  // CONV3 runs at the GON's rate with psums read back at the same rate).
  Banks readBanks{{}, p.glbWordsPerBank, 0, {}},
      banks{{}, p.glbWordsPerBank, 0, {}};

  // Flat per-PE state, columns back to back.
  std::vector<size_t> first(w.columnsWork.size());
  size_t numPEs = 0;
  for (size_t c = 0; c < w.columnsWork.size(); ++c) {
    first[c] = numPEs;
    numPEs += w.columnsWork[c].pes.size();
  }
  // Per PE: when its previous step's MACs ended (ready), and when that step
  // started its first and its last filter (the ifmap spad frees entries
  // only once the last filter has read them).
  std::vector<int64_t> ready(numPEs, 0), firstStart(numPEs, 0),
      lastFilterStart(numPEs, 0);
  // Per PE: when the values of its last delivery left its input FIFO for
  // the ifmap spad.
  std::vector<int64_t> fifoFree(numPEs, 0);
  std::vector<const PEWork *> peOf(numPEs);
  for (size_t c = 0; c < w.columnsWork.size(); ++c)
    for (size_t j = 0; j < w.columnsWork[c].pes.size(); ++j)
      peOf[first[c] + j] = &w.columnsWork[c].pes[j];

  // 1. Pass switch: the filter GIN delivers each tag's rows once, when all
  // its receivers are free, the earliest-free tag first. MACs start at the
  // pass's start at the earliest (the ifmaps are this pass's).
  std::vector<Request> filterOrder(w.filterTagWords.size());
  for (size_t t = 0; t < filterOrder.size(); ++t)
    filterOrder[t] = {std::numeric_limits<int64_t>::min(), int32_t(t)};
  int64_t filterBus = 0;
  for (size_t k = 0; k < numPEs; ++k) {
    const PEWork &pe = *peOf[k];
    filterBus = std::min(filterBus, pe.freeAt);
    if (pe.filterTag >= 0)
      filterOrder[size_t(pe.filterTag)].time =
          std::max(filterOrder[size_t(pe.filterTag)].time, pe.freeAt);
  }
  std::stable_sort(filterOrder.begin(), filterOrder.end(),
                   [](const Request &a, const Request &b) {
                     return a.time < b.time;
                   });
  std::vector<int64_t> filterTagDone(w.filterTagWords.size(), 0);
  for (const Request &r : filterOrder) {
    int64_t busy = ceilDiv(w.filterTagWords[size_t(r.column)],
                           p.filterWordsPerCycle);
    filterBus = std::max(filterBus, r.time) + busy;
    filterTagDone[size_t(r.column)] = filterBus;
    b.filterGinBusy += busy;
  }
  filterBus = std::max<int64_t>(filterBus, 0);
  b.filterLoad += filterBus;
  for (size_t k = 0; k < numPEs; ++k) {
    const PEWork &pe = *peOf[k];
    int64_t t = pe.filterTag >= 0 ? filterTagDone[size_t(pe.filterTag)] : 0;
    t = std::max<int64_t>(t, 0);
    ready[k] = firstStart[k] = lastFilterStart[k] = t;
  }

  // Which PEs receive each ifmap tag.
  std::vector<std::vector<size_t>> receivers(w.ifmapTagChannels.size());
  for (size_t k = 0; k < numPEs; ++k)
    if (peOf[k]->ifmapTag >= 0 && peOf[k]->macsPerStep > 0)
      receivers[size_t(peOf[k]->ifmapTag)].push_back(k);

  std::vector<int64_t> tagArrival(w.ifmapTagChannels.size(), 0);
  // Per column, per psum: when the GON took the top PE's psum of the last
  // step (entryFree) and of the step before (entryFreeOld), indexed
  // c * maxFilters + psum. A finished psum waits in the top PE's output
  // buffer (one step deep), so a step's psum i needs the spad entry whose
  // psum the GON took two steps back.
  size_t maxFilters = 1;
  for (const ColumnWork &col : w.columnsWork)
    maxFilters = std::max(maxFilters, size_t(col.filters));
  std::vector<int64_t> entryFree(w.columnsWork.size() * maxFilters, 0),
      entryFreeOld(entryFree.size(), 0);
  std::vector<Request> requests, tagOrder, initOrder;
  requests.reserve(w.columnsWork.size());
  std::vector<int64_t> initStart(w.columnsWork.size(), 0);
  std::vector<int64_t> arrive, leave; // Per psum of a column.
  // The bottom PEs' starting psums: none, the bias over the filter GIN, or
  // psums from the GLB over the psum GIN.
  const bool init = w.biasInit || w.psumFromGLB;
  const int64_t initWidth =
      w.psumFromGLB ? p.psumWordsPerCycle : p.filterWordsPerCycle;
  int64_t ifmapBus = 0, initBus = filterBus, gon = 0, end = filterBus;

  for (int64_t n = 0; n < w.images; ++n)
    for (int64_t x = 0; x < w.columns; ++x) {
      {
        int64_t earliest = std::numeric_limits<int64_t>::max();
        for (int64_t t : firstStart)
          earliest = std::min(earliest, t);
        banks.retire(earliest);
        readBanks.retire(earliest);
      }
      // 2. Ifmap deliveries for this step, in tag order. New values go into
      // spare spad entries at once, or into entries the previous step's
      // last filter has finished reading.
      int64_t perChannel = w.newValuesAtColumn[size_t(x)];
      tagOrder.clear();
      for (size_t t = 0; t < receivers.size(); ++t) {
        int64_t values = perChannel * w.ifmapTagChannels[t];
        tagArrival[t] = 0;
        if (values == 0 || receivers[t].empty())
          continue;
        int64_t allowed = 0;
        for (size_t k : receivers[t]) {
          const PEWork &pe = *peOf[k];
          int64_t spare = std::max<int64_t>(
              0, p.ifmapSpadEntries - int64_t(pe.channels) * w.taps);
          int64_t at = values <= spare ? firstStart[k]
                       : values <= spare + p.ioFifoDepth
                           ? fifoFree[k]
                           : lastFilterStart[k] + (values - spare);
          allowed = std::max(allowed, at);
        }
        tagOrder.push_back({allowed, int32_t(t)});
      }
      // The controller sends to whichever tag's PEs are ready first.
      std::stable_sort(tagOrder.begin(), tagOrder.end(),
                       [](const Request &a, const Request &b) {
                         return a.time < b.time;
                       });
      for (const Request &r : tagOrder) {
        int64_t values = perChannel * w.ifmapTagChannels[size_t(r.column)];
        int64_t start = std::max(ifmapBus, r.time);
        int64_t busy = ceilDiv(values, p.ifmapWordsPerCycle);
        ifmapBus = start + busy;
        b.ifmapGinBusy += busy;
        tagArrival[size_t(r.column)] = ifmapBus;
      }

      // (b) The starting psums of the bottom PEs, in order of request.
      if (init) {
        initOrder.clear();
        for (size_t c = 0; c < w.columnsWork.size(); ++c)
          initOrder.push_back({firstStart[first[c]], int32_t(c)});
        std::stable_sort(initOrder.begin(), initOrder.end(),
                         [](const Request &a, const Request &b) {
                           return a.time < b.time;
                         });
        for (const Request &r : initOrder) {
          const ColumnWork &col = w.columnsWork[size_t(r.column)];
          int64_t f = col.filters;
          int64_t busy = ceilDiv(f, initWidth);
          int64_t want = std::max(initBus, r.time);
          int64_t start =
              w.psumFromGLB
                  ? readBanks.occupy(col.psumGlbAddr + n * w.psumImageStride + x,
                                 w.psumFilterStride, f, initWidth, want)
                  : want;
          initBus = start + busy;
          if (w.psumFromGLB)
            b.psumGinBusy += busy;
          else
            b.filterGinBusy += busy;
          initStart[size_t(r.column)] = start;
        }
      }

      // 3. Each column, bottom to top. A PE works filter by filter
      // (q'·S MACs each), starting each psum from the value that came up
      // from below, which it sends on as soon as it is done.
      requests.clear();
      for (size_t c = 0; c < w.columnsWork.size(); ++c) {
        const ColumnWork &col = w.columnsWork[c];
        const size_t f = size_t(col.filters);
        arrive.assign(f, 0);
        if (init)
          for (size_t k = 0; k < f; ++k)
            arrive[k] = initStart[c] + 1 + int64_t(k) / initWidth;
        for (size_t j = 0; j < col.pes.size(); ++j) {
          size_t k = first[c] + j;
          const PEWork &pe = *peOf[k];
          leave.resize(f);
          if (pe.macsPerStep == 0) {
            // Forwards the psums over its local links.
            for (size_t i = 0; i < f; ++i)
              leave[i] = arrive[i] + 1;
          } else {
            int64_t t = ready[k];
            if (pe.ifmapTag >= 0)
              t = std::max(t, tagArrival[size_t(pe.ifmapTag)]);
            b.peIfmapWait += t - ready[k];
            const int64_t d = pe.macsPerStep / int64_t(f);
            if (pe.ifmapTag >= 0) {
              // This step's values move from the FIFO into the spad once
              // the last step's last filter has read the entries they
              // replace.
              int64_t values = perChannel * pe.channels;
              int64_t spare = std::max<int64_t>(
                  0, p.ifmapSpadEntries - int64_t(pe.channels) * w.taps);
              fifoFree[k] = std::max(tagArrival[size_t(pe.ifmapTag)],
                                     lastFilterStart[k] +
                                         std::max<int64_t>(0, values - spare));
            }
            const bool top = j + 1 == col.pes.size();
            for (size_t i = 0; i < f; ++i) {
              int64_t need =
                  top ? std::max(arrive[i], entryFreeOld[c * maxFilters + i])
                      : arrive[i];
              if (need > t) {
                b.pePsumWait += need - t;
                t = need;
              }
              if (i == 0)
                firstStart[k] = t;
              if (i + 1 == f)
                lastFilterStart[k] = t;
              t += d;
              // The sum leaves the pipeline and crosses one local link.
              leave[i] = t + p.pipelineStages + 1;
            }
            b.peMacCycles += pe.macsPerStep;
            ready[k] = t;
          }
          std::swap(arrive, leave);
        }
        // The top PE's psums leave over the GON a 64-b word at a time, as
        // soon as the word's last psum is done.
        const int64_t g = p.gonWordsPerCycle;
        for (size_t i = 0; i < f; i += size_t(g)) {
          size_t lastInWord = std::min(f, i + size_t(g)) - 1;
          requests.push_back({arrive[lastInWord] - 1, int32_t(c), int32_t(i)});
        }
      }
      // 4. The GON, a word per cycle in order of request, each to the GLB
      // bank it writes.
      entryFreeOld.swap(entryFree);
      std::stable_sort(requests.begin(), requests.end(),
                       [](const Request &a, const Request &b) {
                         return a.time < b.time;
                       });
      for (const Request &r : requests) {
        const ColumnWork &col = w.columnsWork[size_t(r.column)];
        int64_t words = std::min<int64_t>(p.gonWordsPerCycle,
                                          col.filters - r.first);
        int64_t addr = col.psumGlbAddr + n * w.psumImageStride + x +
                       r.first * w.psumFilterStride;
        int64_t start = banks.occupy(addr, w.psumFilterStride, words,
                                     p.gonWordsPerCycle, std::max(gon, r.time));
        gon = start + 1;
        b.gonBusy += 1;
        for (int64_t i = 0; i < words; ++i)
          entryFree[size_t(r.column) * maxFilters + size_t(r.first + i)] = gon;
      }
    }

  for (int64_t t : ready)
    end = std::max(end, t);
  out.peDone = ready;
  end = std::max({end, gon, ifmapBus, initBus});
  b.glbBankConflicts += banks.conflicts + readBanks.conflicts;
  out.cycles = end;
  return out;
}
