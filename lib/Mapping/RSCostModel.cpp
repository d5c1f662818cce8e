//===- RSCostModel.cpp - Access counts, energy and time of a mapping ------===//
//
// Counts are summed over processing passes. A layer's passes come in at most
// a few distinct sizes (every chunk of a dimension is full except possibly
// the last), so the sum runs over those sizes with their multiplicities
// instead of over every pass: exact, and O(1) per mapping.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Mapping/RSCostModel.h"
#include "eyeriss/Codec/RLC.h"
#include "eyeriss/Mapping/Multicast.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>

using namespace eyeriss;
using namespace llvm;

static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// 16-b DRAM words per value of a run-length-compressed stream whose values
/// are zero independently with probability z, in the target's RLC format.
static double rlcWordsPerValue(const TargetModel &target, double z) {
  const RLCDesc &desc = target.arch().rlc;
  rlc::Params params;
  params.wordBits = desc.wordBits;
  params.pairsPerWord = desc.pairsPerWord;
  params.runBits = desc.runBits;
  params.levelBits = desc.levelBits;
  params.lastFlagBits = desc.lastFlagBits;
  llvm::Expected<rlc::Codec> codec = rlc::Codec::create(params);
  // The architecture loader validates the RLC section the same way.
  if (!codec)
    llvm::report_fatal_error(codec.takeError());
  double dataWordsPerRLCWord = double(desc.wordBits) / target.dataBits();
  return dataWordsPerRLCWord *
         codec->expectedWordsPerValue(std::clamp(z, 0.0, 1.0));
}

RSLayerModel::RSLayerModel(const LayerShape &shape, const TargetModel &target,
                           SparsityModel sparsity)
    : layer(shape), tm(target), sp(sparsity), d(RSLayerDims::get(shape)) {
  int64_t padTop = shape.padTop, padLeft = shape.padLeft;
  auto isRealRow = [&](int64_t row) {
    return row >= padTop && row < padTop + shape.H;
  };
  // Columns: the union over ofmap columns of each filter row's taps.
  std::vector<char> col(std::max<int64_t>(d.paddedW, 1), 0);
  for (int64_t f = 0; f < d.F; ++f)
    for (int64_t s = 0; s < d.S; ++s) {
      int64_t c = f * d.strideW + s * d.dilationW;
      if (c < d.paddedW)
        col[c] = 1;
    }
  for (int64_t c = 0; c < d.paddedW; ++c) {
    touchedCols += col[c];
    realTouchedCols +=
        col[c] && c >= padLeft && c < padLeft + shape.W ? 1 : 0;
  }
  // Rows touched by a strip of h ofmap rows (independent of where it starts).
  stripRows.assign(d.E + 1, 0);
  {
    std::vector<char> row(std::max<int64_t>(d.paddedH, 1), 0);
    int64_t count = 0;
    for (int64_t j = 0; j < d.E; ++j) {
      for (int64_t i = 0; i < d.R; ++i) {
        int64_t rr = j * d.strideH + i * d.dilationH;
        if (rr < d.paddedH && !row[rr]) {
          row[rr] = 1;
          ++count;
        }
      }
      stripRows[j + 1] = count;
    }
  }
  // The GLB holds a strip's ifmap as a dense box (the ISA's DRAM_TO_GLB):
  // every padded row and column from the first the strip touches to the
  // last, padding made on chip. DRAM sends the unpadded part of each box.
  denseCols = std::min(d.paddedW,
                       (d.F - 1) * d.strideW + (d.S - 1) * d.dilationW + 1);
  realDenseCols = std::max<int64_t>(
      0, std::min(denseCols, padLeft + shape.W) - padLeft);
  realRowsByE.assign(d.E + 1, 0);
  for (int64_t e = 1; e <= d.E; ++e) {
    int64_t total = 0;
    for (int64_t start = 0; start < d.E; start += e) {
      int64_t first = start * d.strideH;
      int64_t last = first + denseStripRows(std::min(e, d.E - start));
      total += std::max<int64_t>(
          0, std::min(last, padTop + shape.H) - std::max(first, padTop));
    }
    realRowsByE[e] = total;
  }
  (void)isRealRow;
  const ArchDescription &arch = tm.arch();
  if (arch.rlc.enabled) {
    if (sp.compressIfmap)
      ifmapDRAMWordsPerValue = rlcWordsPerValue(tm, sp.ifmapZeroFraction);
    if (sp.compressOfmap)
      ofmapDRAMWordsPerValue = rlcWordsPerValue(tm, sp.ofmapZeroFraction);
  }
}

RSLayerModel::GLBFootprint
RSLayerModel::glbFootprint(const RSMapping &mp) const {
  GLBFootprint g;
  int64_t channels = std::min(mp.q * mp.r, d.C);
  int64_t ofmapChannels = std::min(mp.m, d.M);
  int64_t rows = std::min(mp.e, d.E);
  g.ifmapWords = mp.n * channels * denseStripRows(rows) * denseCols;
  g.psumWords = mp.n * ofmapChannels * rows * d.F;
  int64_t bank = tm.glbFmapWordsPerBank();
  g.ifmapBanks = ceilDiv(g.ifmapWords, bank);
  g.psumBanks = ceilDiv(g.psumWords, bank);
  // A pass's filters, and room for their bias words after them (the ISA's
  // FILTER_PRELOAD puts a pass's bias in the filter region).
  g.filterWords = std::min(mp.p * mp.t, d.M) * (channels * d.R * d.S + 1);
  return g;
}

enum class RSLayerModel::Violation {
  None,
  NonPositive,
  PTooLarge,
  QTooLarge,
  NTooLarge,
  ETooLarge,
  MTooLarge,
  RTooLarge,
  TTooLarge,
  MNotMultiple,
  FilterSpad,
  IfmapSpad,
  PsumSpad,
  ChainTooTall,
  TooManySets,
  FilterColIds,
  IfmapColIds,
  IfmapRowIds,
  FilterRowIds,
  PsumColIds,
  PsumRowIds,
  FilterGLB,
  FmapGLB,
};

int64_t RSLayerModel::ifmapRowIDGroups(int64_t e, int64_t foldFactor,
                                       int64_t segmentCols,
                                       int64_t maxGroups) const {
  auto [it, inserted] = ifmapGroupCache.try_emplace(
      std::make_tuple(e, foldFactor, segmentCols, maxGroups), 0);
  if (inserted)
    it->second = countIfmapRowIDGroups(d, e, foldFactor, segmentCols,
                                       tm.numColIds(Network::GINIfmap) - 1,
                                       maxGroups);
  return it->second;
}

RSLayerModel::Violation
RSLayerModel::firstViolation(const RSMapping &mp) const {
  if (mp.m < 1 || mp.n < 1 || mp.e < 1 || mp.p < 1 || mp.q < 1 || mp.r < 1 ||
      mp.t < 1)
    return Violation::NonPositive;
  if (mp.p > d.M)
    return Violation::PTooLarge;
  if (mp.q > d.C)
    return Violation::QTooLarge;
  if (mp.n > d.N)
    return Violation::NTooLarge;
  if (mp.e > d.E)
    return Violation::ETooLarge;
  if (mp.m > d.M)
    return Violation::MTooLarge;
  if (mp.r > ceilDiv(d.C, mp.q))
    return Violation::RTooLarge;
  if (mp.t > ceilDiv(d.M, mp.p))
    return Violation::TTooLarge;
  if (mp.m != d.M && mp.m % (mp.p * mp.t) != 0)
    return Violation::MNotMultiple;
  if (mp.p * mp.q * d.S > tm.filterSpadWords())
    return Violation::FilterSpad;
  if (mp.q * d.dilatedS > tm.ifmapSpadWords())
    return Violation::IfmapSpad;
  if (mp.p > tm.psumSpadWords())
    return Violation::PsumSpad;
  RSPlacement pl = RSPlacement::get(d, mp, tm);
  if (pl.chainRows > tm.numPERows())
    return Violation::ChainTooTall;
  if (mp.t > pl.chainsPerColumn * pl.chainsPerRow)
    return Violation::TooManySets;
  // Each network needs one col ID per distinct delivery on an X-bus, plus
  // one that never matches for unused PEs (JSSC §V-B).
  int64_t chainColumns = ceilDiv(mp.t, pl.chainsPerColumn);
  if (chainColumns + 1 > tm.numColIds(Network::GINFilter))
    return Violation::FilterColIds;
  int64_t ifmapGroups =
      ifmapRowIDGroups(mp.e, pl.foldFactor, pl.segmentCols,
                       (tm.numRowIds(Network::GINIfmap) - 1) / mp.r);
  if (ifmapGroups == 0)
    return Violation::IfmapColIds;
  if (mp.r * ifmapGroups + 1 > tm.numRowIds(Network::GINIfmap))
    return Violation::IfmapRowIds;
  if (std::min(mp.t, pl.chainsPerColumn) * mp.r * d.R + 1 >
      tm.numRowIds(Network::GINFilter))
    return Violation::FilterRowIds;
  if (pl.usedRows + 1 > tm.numRowIds(Network::GINPsum))
    return Violation::PsumRowIds;
  if (pl.usedCols + 1 > tm.numColIds(Network::GINPsum))
    return Violation::PsumColIds;
  GLBFootprint g = glbFootprint(mp);
  if (g.filterWords > tm.glbFilterWords())
    return Violation::FilterGLB;
  if (g.ifmapBanks + g.psumBanks > tm.glbFmapBanks())
    return Violation::FmapGLB;
  return Violation::None;
}

bool RSLayerModel::fits(const RSMapping &mp) const {
  return firstViolation(mp) == Violation::None;
}

bool RSLayerModel::fitsIgnoringGLB(const RSMapping &mp) const {
  Violation v = firstViolation(mp);
  return v == Violation::None || v == Violation::FilterGLB ||
         v == Violation::FmapGLB;
}

Error RSLayerModel::check(const RSMapping &mp) const {
  Violation v = firstViolation(mp);
  if (v == Violation::None)
    return Error::success();
  auto err = [](const Twine &msg) { return createStringError(msg.str()); };
  RSPlacement pl = RSPlacement::get(d, mp, tm);
  GLBFootprint g = glbFootprint(mp);
  switch (v) {
  case Violation::None:
    break;
  case Violation::NonPositive:
    return err("every mapping parameter must be at least 1 (" + mp.str() +
               ")");
  case Violation::PTooLarge:
    return err(formatv("p = {0} exceeds the {1} filters per group", mp.p, d.M));
  case Violation::QTooLarge:
    return err(
        formatv("q = {0} exceeds the {1} channels per group", mp.q, d.C));
  case Violation::NTooLarge:
    return err(formatv("n = {0} exceeds the batch of {1}", mp.n, d.N));
  case Violation::ETooLarge:
    return err(formatv("e = {0} exceeds the {1} ofmap rows", mp.e, d.E));
  case Violation::MTooLarge:
    return err(
        formatv("m = {0} exceeds the {1} filters per group", mp.m, d.M));
  case Violation::RTooLarge:
    return err(formatv("r = {0} sets on channels, but q = {1} leaves only "
                       "{2} channel groups of {3} channels",
                       mp.r, mp.q, ceilDiv(d.C, mp.q), d.C));
  case Violation::TTooLarge:
    return err(formatv("t = {0} sets on filters, but p = {1} leaves only {2} "
                       "filter groups of {3} filters",
                       mp.t, mp.p, ceilDiv(d.M, mp.p), d.M));
  case Violation::MNotMultiple:
    return err(formatv("m = {0} is neither a multiple of p*t = {1} nor all "
                       "{2} filters",
                       mp.m, mp.p * mp.t, d.M));
  case Violation::FilterSpad:
    return err(formatv("filter spad: p*q*S = {0}*{1}*{2} = {3} words, the "
                       "spad holds {4}",
                       mp.p, mp.q, d.S, mp.p * mp.q * d.S,
                       tm.filterSpadWords()));
  case Violation::IfmapSpad:
    return err(formatv("ifmap spad: q*S = {0}*{1} = {2} words, the spad "
                       "holds {3}",
                       mp.q, d.dilatedS, mp.q * d.dilatedS,
                       tm.ifmapSpadWords()));
  case Violation::PsumSpad:
    return err(formatv("psum spad: p = {0} psums, the spad holds {1}", mp.p,
                       tm.psumSpadWords()));
  case Violation::ChainTooTall:
    return err(formatv("PE array rows: r = {0} sets of R = {1} rows, folded "
                       "{2} times for e = {3}, need {4} rows, the array has "
                       "{5}",
                       mp.r, d.R, pl.foldFactor, mp.e, pl.chainRows,
                       tm.numPERows()));
  case Violation::TooManySets:
    return err(formatv("PE array: t = {0} chains of {1} x {2} PEs do not fit "
                       "the {3} x {4} array (room for {5})",
                       mp.t, pl.chainRows, pl.segmentCols, tm.numPERows(),
                       tm.numPECols(), pl.chainsPerColumn * pl.chainsPerRow));
  case Violation::FilterColIds:
    return err(formatv("filter GIN: {0} distinct col IDs per row needed, "
                       "the {1}-bit IDs give {2}",
                       ceilDiv(mp.t, pl.chainsPerColumn) + 1,
                       tm.network(Network::GINFilter).colIdBits,
                       tm.numColIds(Network::GINFilter)));
  case Violation::IfmapColIds:
    return err(formatv("ifmap GIN: a PE row of e/k = {0} PEs needs {0} "
                       "distinct ifmap rows, the {1}-bit col IDs give {2} "
                       "plus one that never matches",
                       pl.segmentCols, tm.network(Network::GINIfmap).colIdBits,
                       tm.numColIds(Network::GINIfmap) - 1));
  case Violation::IfmapRowIds: {
    int64_t groups =
        ifmapRowIDGroups(mp.e, pl.foldFactor, pl.segmentCols,
                         (tm.numRowIds(Network::GINIfmap) - 1) / mp.r);
    return err(formatv("ifmap GIN: r = {0} sets x {1} row groups need {2} "
                       "row IDs, the {3}-bit row IDs give {4} plus one that "
                       "never matches",
                       mp.r, groups, mp.r * groups,
                       tm.network(Network::GINIfmap).rowIdBits,
                       tm.numRowIds(Network::GINIfmap) - 1));
  }
  case Violation::FilterRowIds:
    return err(formatv("filter GIN: {0} distinct row IDs needed, the {1}-bit "
                       "row IDs give {2} plus one that never matches",
                       std::min(mp.t, pl.chainsPerColumn) * mp.r * d.R,
                       tm.network(Network::GINFilter).rowIdBits,
                       tm.numRowIds(Network::GINFilter) - 1));
  case Violation::PsumRowIds:
    return err(formatv("psum GIN: {0} PE rows need row IDs, the {1}-bit row "
                       "IDs give {2} plus one that never matches",
                       pl.usedRows, tm.network(Network::GINPsum).rowIdBits,
                       tm.numRowIds(Network::GINPsum) - 1));
  case Violation::PsumColIds:
    return err(formatv("psum GIN: {0} distinct col IDs per row needed, "
                       "the {1}-bit IDs give {2}",
                       pl.usedCols + 1, tm.network(Network::GINPsum).colIdBits,
                       tm.numColIds(Network::GINPsum)));
  case Violation::FilterGLB:
    return err(formatv("GLB filter region: a pass needs {0} filter and "
                       "bias words, the region holds {1}",
                       g.filterWords, tm.glbFilterWords()));
  case Violation::FmapGLB:
    return err(formatv("GLB: ifmaps need {0} words ({1} banks) and psums "
                       "{2} words ({3} banks), the GLB has {4} banks of {5} "
                       "words",
                       g.ifmapWords, g.ifmapBanks, g.psumWords, g.psumBanks,
                       tm.glbFmapBanks(), tm.glbFmapWordsPerBank()));
  }
  return err("mapping violates a limit");
}

int64_t RSLayerModel::maxGLBChannels(const RSMapping &mp) const {
  int64_t unit = mp.p * mp.t;
  RSMapping probe = mp;
  int64_t bank = tm.glbFmapWordsPerBank();
  probe.m = std::min(unit, d.M);
  GLBFootprint g = glbFootprint(probe);
  int64_t freeBanks = tm.glbFmapBanks() - g.ifmapBanks;
  int64_t perChannel = mp.n * std::min(mp.e, d.E) * d.F;
  if (freeBanks <= 0 || perChannel <= 0)
    return 0;
  int64_t channels = freeBanks * bank / perChannel;
  if (channels >= d.M)
    return d.M;
  int64_t m = channels / unit * unit;
  return m;
}

namespace {
/// A size a dimension's chunks take, and how many chunks take it.
struct Chunk {
  int64_t size;
  int64_t count;
  bool first = false; ///< The first channel chunk: no psums to read back.
};
} // namespace

static void splitInto(int64_t total, int64_t chunk, SmallVectorImpl<Chunk> &out) {
  if (total / chunk)
    out.push_back({chunk, total / chunk});
  if (total % chunk)
    out.push_back({total % chunk, 1});
}

RSLayerModel::PassTotals
RSLayerModel::sumPasses(const RSMapping &mp) const {
  PassTotals totals;
  AccessCounts &c = totals.counts;
  const ArchDescription &arch = tm.arch();
  const int64_t R = d.R, S = d.S, F = d.F;
  const int64_t G = d.groups;
  const int64_t pt = mp.p * mp.t, qr = mp.q * mp.r;

  SmallVector<Chunk, 2> filterChunks, batchChunks, stripChunks;
  SmallVector<Chunk, 3> channelChunks;
  splitInto(d.M, pt, filterChunks);
  splitInto(d.N, mp.n, batchChunks);
  splitInto(d.E, mp.e, stripChunks);
  {
    int64_t k = ceilDiv(d.C, qr);
    int64_t last = d.C - (k - 1) * qr;
    channelChunks.push_back({k == 1 ? last : qr, 1, true});
    if (k > 2)
      channelChunks.push_back({qr, k - 2});
    if (k > 1)
      channelChunks.push_back({last, 1});
  }

  // Network throughput in words per cycle. Times are kept fractional, the
  // way an analytical model averages a stream; the layer total is rounded.
  const double wFilter = tm.wordsPerTransfer(Network::GINFilter);
  const double wIfmap = tm.wordsPerTransfer(Network::GINIfmap);
  const double wPsum = tm.wordsPerTransfer(Network::GINPsum);
  const double wGON = tm.wordsPerTransfer(Network::GON);
  const double stages = double(arch.pe.pipelineStages);

  for (const Chunk &fc : filterChunks) {
    int64_t pc = std::min(mp.p, fc.size), tc = ceilDiv(fc.size, mp.p);
    for (const Chunk &nc : batchChunks)
      for (const Chunk &ec : stripChunks)
        for (const Chunk &cc : channelChunks) {
          int64_t qc = std::min(mp.q, cc.size), rc = ceilDiv(cc.size, mp.q);
          double mult = double(G) * fc.count * nc.count * ec.count * cc.count;
          double macs =
              double(nc.size) * fc.size * cc.size * ec.size * F * R * S;
          double filterWords = double(fc.size) * cc.size * R * S;
          double ifmapWords =
              double(nc.size) * cc.size * stripRows[ec.size] * touchedCols;
          double ifmapDeliveries =
              double(nc.size) * cc.size * R * ec.size * touchedCols * tc;
          double psums = double(nc.size) * fc.size * ec.size * F;
          bool readBack = !cc.first;

          // Filters: DRAM -> filter GLB -> filter GIN, multicast to the e
          // PEs of a set row.
          c.dram[DataKind::Filter] += mult * filterWords;
          c.glb[DataKind::Filter] += mult * 2 * filterWords;
          c.array[DataKind::Filter] += mult * filterWords * ec.size;
          // Ifmaps: GLB -> ifmap GIN, each row to the PEs on its diagonal
          // in every one of the tc filter chains.
          c.glb[DataKind::Ifmap] += mult * ifmapWords;
          c.array[DataKind::Ifmap] += mult * ifmapDeliveries;
          // Psums: in through the psum GIN (except the first channel chunk),
          // up the chain of rc*R PEs, out on the GON, to the GLB.
          c.glb[DataKind::Psum] += mult * psums * (readBack ? 2 : 1);
          c.array[DataKind::Psum] +=
              mult * psums * (rc * R - 1 + 1 + (readBack ? 1 : 0));
          c.macs += mult * macs;

          double load = filterWords / wFilter;
          double compute = double(nc.size) * F * pc * qc * S;
          double ifmapTime = ifmapWords / wIfmap;
          double outTime = psums / wGON;
          double inTime = readBack ? psums / wPsum : 0;
          double passCycles =
              load + std::max({compute, ifmapTime, outTime, inTime}) + stages +
              double(rc * R);
          totals.passes += int64_t(mult);
          totals.cycles += mult * passCycles;
          totals.activeCycles += mult * passCycles * double(rc * tc * R * ec.size);
        }
  }
  return totals;
}

RSCost RSLayerModel::evaluate(const RSMapping &mp) const {
  assert(fits(mp) && "evaluating a mapping that does not fit");
  return evaluate(mp, sumPasses(mp));
}

bool RSLayerModel::fitsGLB(const RSMapping &mp) const {
  GLBFootprint g = glbFootprint(mp);
  return g.filterWords <= tm.glbFilterWords() &&
         g.ifmapBanks + g.psumBanks <= tm.glbFmapBanks();
}

// The search's hot path: the caller has checked the mapping.
RSCost RSLayerModel::evaluate(const RSMapping &mp,
                              const PassTotals &totals) const {
  RSCost cost;
  cost.counts = totals.counts;
  AccessCounts &c = cost.counts;
  const ArchDescription &arch = tm.arch();
  const int64_t G = d.groups;
  const double z = arch.zeroGating.enabled
                       ? std::clamp(sp.ifmapZeroFraction, 0.0, 1.0)
                       : 0.0;

  // Ifmap chunks enter the GLB once per m-group of ofmap channels.
  int64_t mGroups = ceilDiv(d.M, mp.m);
  int64_t fullStrips = d.E / mp.e, lastStrip = d.E % mp.e;
  double stripRowSum = double(fullStrips) * denseStripRows(mp.e) +
                       (lastStrip ? double(denseStripRows(lastStrip)) : 0.0);
  double ifmapGLBWrites =
      double(G) * mGroups * d.N * d.C * stripRowSum * denseCols;
  double ifmapDRAMValues =
      double(G) * mGroups * d.N * d.C * realRowsByE[mp.e] * realDenseCols;
  c.glb[DataKind::Ifmap] += ifmapGLBWrites;
  c.dram[DataKind::Ifmap] += ifmapDRAMValues * ifmapDRAMWordsPerValue;
  // Finished ofmaps leave the GLB for DRAM once.
  double ofmapValues = double(G) * d.N * d.M * d.E * d.F;
  c.glb[DataKind::Psum] += ofmapValues;
  c.dram[DataKind::Psum] += ofmapValues * ofmapDRAMWordsPerValue;
  cost.dramWordsUncompressed =
      c.dram[DataKind::Filter] + ifmapDRAMValues + ofmapValues;

  // Spads: every delivery is written once; every MAC reads a filter weight
  // and an ifmap value and reads and writes a psum. Zero gating skips the
  // filter read and the MAC (and its psum update) on a zero ifmap value.
  double performed = c.macs * (1 - z);
  c.gatedMACs = c.macs - performed;
  c.macs = performed;
  c.spad[DataKind::Filter] = c.array[DataKind::Filter] + performed;
  c.spad[DataKind::Ifmap] = c.array[DataKind::Ifmap] + performed + c.gatedMACs;
  c.spad[DataKind::Psum] = 2 * performed;

  cost.energy = computeEnergy(c, tm, EnergyUnit::Normalized);
  cost.energyPJ = computeEnergy(c, tm, EnergyUnit::Picojoules);

  RSPlacement pl = RSPlacement::get(d, mp, tm);
  cost.passes = totals.passes;
  cost.activePEs = pl.activePEs;
  cost.processingCycles = int64_t(std::ceil(totals.cycles));
  cost.averageActivePEs =
      totals.cycles > 0 ? totals.activeCycles / totals.cycles : 0;
  cost.utilization =
      totals.cycles > 0
          ? (c.macs + c.gatedMACs) / (totals.cycles * double(tm.numPEs()))
          : 0;
  double linkCycles = c.dram.total() / double(tm.dramWordsPerLinkCycle());
  cost.dramCycles =
      int64_t(std::ceil(linkCycles * tm.coreClockHz() / tm.linkClockHz()));
  cost.configCycles =
      int64_t(std::ceil(arch.config.loadTimeUs * 1e-6 * tm.coreClockHz()));
  double seconds = double(cost.totalCycles()) / tm.coreClockHz();
  cost.staticEnergyPJ = arch.energy.idlePowerMW * 1e-3 * seconds * 1e12;

  GLBFootprint g = glbFootprint(mp);
  cost.glbIfmapWords = g.ifmapWords;
  cost.glbPsumWords = g.psumWords;
  cost.glbFilterWords = g.filterWords;
  cost.glbIfmapBanks = g.ifmapBanks;
  cost.glbPsumBanks = g.psumBanks;
  return cost;
}
