//===- Simulator.cpp - The cycle-level Eyeriss simulator ------------------===//
//
// One Impl holds the chip's state (DRAM, the GLB's ifmap/psum and filter
// regions, the configured layer) and executes instructions in program order.
// Each instruction is run functionally (bit-exact), its accesses counted,
// and its cycles taken from the hardware model of its unit (ArrayTiming for
// a PASS, DramLink for transfers, the scan chain's load time); a scheduler
// then places it in time by docs/ISA.md's ordering rules.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Runtime/Simulator.h"

#include "eyeriss/Arith/FixedPoint.h"
#include "eyeriss/Codec/RLC.h"
#include "eyeriss/ISA/Verifier.h"
#include "eyeriss/Runtime/ArrayTiming.h"
#include "eyeriss/Runtime/DramLink.h"
#include "eyeriss/Runtime/HostOps.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <map>

using namespace eyeriss;
using namespace eyeriss::runtime;
using namespace eyeriss::eyb;
namespace fp = eyeriss::fixedpoint;
using llvm::Error;
using llvm::Expected;
using llvm::formatv;

namespace {
int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

Error fail(const llvm::Twine &message) {
  return llvm::createStringError(message.str());
}

enum Unit { ScanChain = 0, DramUnit = 1, ArrayUnit = 2, HostUnit = 3 };

/// A vertical psum chain of the configured layer, bottom PE first.
struct PsumColumn {
  uint16_t chain = 0, ofmapRow = 0;
  std::vector<int32_t> pes; ///< Indices into LayerConfig::pes.
};

/// What the configured layer's instructions need beyond its LayerConfig.
struct ActiveLayer {
  const LayerConfig *config = nullptr;
  uint32_t index = 0;
  std::vector<PsumColumn> columns;
  /// Per ofmap column, the values of one ifmap row first used there.
  std::vector<int64_t> newValuesAtColumn;
  int64_t rowLength = 0; ///< Padded ifmap row a PE slides over.
  fp::Format psumFormat, ofmapFormat;
  int16_t relu6Ceiling = 0;
};

/// Resource ids for the ordering rules: GLB ifmap/psum banks, filter banks,
/// DRAM tensors.
struct Schedule {
  std::vector<int64_t> lastRead, lastWrite;
  int64_t unitFree[4] = {0, 0, 0, 0};
  int64_t fence = 0, makespan = 0;
};
} // namespace

struct Simulator::Impl {
  Program prog;
  TargetModel tm;
  SimulatorOptions opts;
  double coreMHz = 0, linkMHz = 0;
  rlc::Params rlcParams;
  ArrayTimingParams arrayParams;
  DramLinkParams linkParams;

  std::vector<uint8_t> dram;
  std::vector<int16_t> glb, filterGlb;
  /// Not chip state: how far each GLB word's exact psum is from the word, in
  /// units of 2^16 (fixedpoint::rowConv's carries), and the same for psum
  /// words spilled to DRAM (only the non-zero ones, by tensor and element).
  /// A final psum with a carry has overflowed its format: the chip would
  /// write a wrong ofmap value, and the simulator says so.
  std::vector<int32_t> glbCarries;
  llvm::DenseMap<std::pair<uint32_t, int64_t>, int32_t> dramCarries;
  int64_t glbWordsPerBank = 1, filterWordsPerBank = 1, glbWordsPerAccess = 1;

  std::optional<ActiveLayer> layer;
  /// The previous PASS of the configured layer, if it was the array's last
  /// instruction: its filter words, and when each PE finished it (cycles
  /// before its end, <= 0), indexed like LayerConfig::pes.
  struct {
    bool valid = false;
    uint64_t filterBegin = 0, filterEnd = 0;
    std::vector<int64_t> peFreeAt;
  } previousPass;
  std::vector<bool> inputSet;
  bool ran = false;

  RunStats stats;
  /// Stats entries of the configured array layer and of the entry the
  /// current instruction charges.
  int64_t arrayEntry = -1;
  std::vector<int64_t> entryFirstStart, entryLastEnd;
  Schedule sched;
  Trace traceLog;
  int64_t totalMACs = 0, doneMACs = 0;
  /// MACs of the last PASS (for its trace event).
  int64_t lastPassMACs = 0;
  LinkTransfer link;

  Impl(Program p, const SimulatorOptions &o)
      : prog(std::move(p)), tm(prog.arch), opts(o) {}

  Error init();

  // DRAM access.
  int16_t loadWord(const TensorDesc &t, int64_t index) const {
    return int16_t(llvm::support::endian::read16le(
        &dram[t.dramAddress + 2 * uint64_t(index)]));
  }
  void storeWord(const TensorDesc &t, int64_t index, int16_t v) {
    llvm::support::endian::write16le(
        &dram[t.dramAddress + 2 * uint64_t(index)], uint16_t(v));
  }
  int64_t granuleValues(const TensorDesc &t) const {
    return rlcGranuleValues(t.view(), t.rlc);
  }
  uint64_t slotBytes(const TensorDesc &t) const {
    return rlcSlotBytes(granuleValues(t), prog.arch.rlc);
  }
  /// Decodes granule `g` of an RLC tensor into `out` (replacing it); the
  /// decoded values of each word go to `valuesPerWord` if given.
  Error decodeGranule(const TensorDesc &t, int64_t g, std::vector<int16_t> &out,
                      std::vector<uint32_t> *valuesPerWord) const;
  /// Encodes `values` into granule `g`'s slot; returns the words written
  /// and, per word, the values it took.
  int64_t encodeGranule(const TensorDesc &t, int64_t g,
                        llvm::ArrayRef<int16_t> values,
                        std::vector<uint32_t> *valuesPerWord);
  Expected<std::vector<int16_t>> tensorWords(const TensorDesc &t) const;
  Expected<std::vector<float>> tensorValues(const TensorDesc &t) const;
  Error writeTensorValues(const TensorDesc &t, llvm::ArrayRef<float> values,
                          int64_t *saturations);

  // Instructions: each returns its cycles.
  Expected<int64_t> configure(const ConfigureLayer &in);
  Expected<int64_t> dramToGlb(const DramToGlb &in, LayerStats &s);
  Expected<int64_t> glbToDram(const GlbToDram &in, LayerStats &s);
  Expected<int64_t> filterPreload(const FilterPreload &in, LayerStats &s);
  Expected<int64_t> pass(const Pass &in, LayerStats &s);
  Expected<int64_t> hostOp(const HostOpCall &in, LayerStats &s);

  int64_t linkCycles() {
    return opts.timing ? simulateLinkTransfer(link, linkParams) : 0;
  }
  /// Adds to `link` the bus words of `count` plain int16 values of `t` from
  /// element `index`: the GLB takes or gives each in one core cycle.
  void linkPlainRun(const TensorDesc &t, int64_t index, int64_t count) {
    const uint64_t busBytes = uint64_t(prog.arch.dram.busBits / 8);
    uint64_t begin = t.dramAddress + 2 * uint64_t(index);
    uint64_t end = begin + 2 * uint64_t(count);
    size_t words = size_t((end + busBytes - 1) / busBytes - begin / busBytes);
    link.coreCyclesPerWord.insert(link.coreCyclesPerWord.end(), words, 1);
  }
  /// Walks the row segments of `box` in the plain tensor `t`:
  /// move(index, count, glbOffset) moves one segment (`index`: the tensor
  /// element of its first value), pad(count, glbOffset) as forEachRow's. The
  /// segment's bus words, data words and bytes are charged here; returns the
  /// data words.
  template <typename MoveFn, typename PadFn>
  int64_t plainRows(const Box &box, const TensorDesc &t, LayerStats &s,
                    MoveFn move, PadFn pad);
  /// Adds to `link` RLC words, each taking the codec a core cycle per GLB
  /// access of the values it holds (at least one).
  void linkCodecWords(llvm::ArrayRef<uint32_t> valuesPerWord) {
    for (uint32_t v : valuesPerWord)
      link.coreCyclesPerWord.push_back(uint32_t(
          std::max<int64_t>(1, ceilDiv(int64_t(v), glbWordsPerAccess))));
  }
  void place(size_t index, const Instruction &in, int64_t cycles,
             int64_t entry);
  Error run();
};

//===----------------------------------------------------------------------===//
// Set-up
//===----------------------------------------------------------------------===//

Error Simulator::Impl::init() {
  const ArchDescription &arch = prog.arch;
  coreMHz = opts.coreMHz > 0 ? opts.coreMHz : arch.clocks.coreMHz;
  linkMHz = opts.linkMHz > 0 ? opts.linkMHz : arch.clocks.linkMHz;
  auto g = [](double v) { return llvm::formatv("{0}", llvm::format("%g", v)); };
  if (coreMHz < arch.clocks.coreMinMHz || coreMHz > arch.clocks.coreMaxMHz)
    return fail(formatv("core clock {0} MHz is outside {1}'s range {2} to {3} "
                        "MHz",
                        g(coreMHz), arch.name, g(arch.clocks.coreMinMHz),
                        g(arch.clocks.coreMaxMHz)));
  if (linkMHz <= 0 || linkMHz > arch.clocks.linkMaxMHz)
    return fail(formatv("link clock {0} MHz is outside {1}'s range (0, {2}] "
                        "MHz",
                        g(linkMHz), arch.name, g(arch.clocks.linkMaxMHz)));
  rlcParams.wordBits = arch.rlc.wordBits;
  rlcParams.pairsPerWord = arch.rlc.pairsPerWord;
  rlcParams.runBits = arch.rlc.runBits;
  rlcParams.levelBits = arch.rlc.levelBits;
  rlcParams.lastFlagBits = arch.rlc.lastFlagBits;
  if (arch.rlc.enabled)
    if (Error err = rlcParams.verify())
      return err;
  arrayParams = ArrayTimingParams::get(tm);
  linkParams.coreMHz = coreMHz;
  linkParams.linkMHz = linkMHz;
  linkParams.fifoDepth = arch.dram.fifoDepth;

  dram.assign(prog.dramBytes, 0);
  for (const TensorDesc &t : prog.tensors)
    if (t.role == TensorRole::Constant)
      std::memcpy(&dram[t.dramAddress], t.data.data(), t.data.size());
  glbWordsPerBank = tm.glbFmapWordsPerBank();
  glbWordsPerAccess = arrayParams.glbWordsPerAccess;
  glb.assign(size_t(tm.glbFmapWords()), 0);
  glbCarries.assign(glb.size(), 0);
  dramCarries.clear();
  filterGlb.assign(size_t(tm.glbFilterWords()), 0);
  filterWordsPerBank =
      std::max<int64_t>(1, tm.glbFilterWords() / std::max<int64_t>(
                                                     1, arch.glb.filter.banks));
  inputSet.assign(prog.tensors.size(), false);

  size_t resources = size_t(tm.glbFmapBanks() + arch.glb.filter.banks) +
                     prog.tensors.size();
  sched.lastRead.assign(resources, 0);
  sched.lastWrite.assign(resources, 0);

  stats.program = prog.name;
  stats.arch = arch.name;
  stats.coreMHz = coreMHz;
  stats.linkMHz = linkMHz;
  stats.numPEs = tm.numPEs();
  for (const LayerConfig &l : prog.layers)
    totalMACs += l.shape.numMACs();
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Tensors in DRAM
//===----------------------------------------------------------------------===//

Error Simulator::Impl::decodeGranule(const TensorDesc &t, int64_t g,
                                     std::vector<int16_t> &out,
                                     std::vector<uint32_t> *valuesPerWord) const {
  int64_t values = granuleValues(t);
  uint64_t slot = slotBytes(t);
  uint64_t base = t.dramAddress + uint64_t(g) * slot;
  Expected<rlc::Decoder> decoder = rlc::Decoder::create(size_t(values),
                                                        rlcParams);
  if (!decoder)
    return decoder.takeError();
  out.clear();
  out.reserve(size_t(values));
  for (uint64_t w = 0; w * 8 < slot && !decoder->done(); ++w) {
    size_t before = out.size();
    uint64_t word = llvm::support::endian::read64le(&dram[base + 8 * w]);
    if (Error err = decoder->pushWord(word, out))
      return fail(formatv("tensor '{0}', RLC granule {1}, word {2}: {3}",
                          t.name, g, w, llvm::toString(std::move(err))));
    if (valuesPerWord)
      valuesPerWord->push_back(uint32_t(out.size() - before));
  }
  if (Error err = decoder->finish())
    return fail(formatv("tensor '{0}', RLC granule {1}: {2}", t.name, g,
                        llvm::toString(std::move(err))));
  return Error::success();
}

int64_t Simulator::Impl::encodeGranule(const TensorDesc &t, int64_t g,
                                       llvm::ArrayRef<int16_t> values,
                                       std::vector<uint32_t> *valuesPerWord) {
  Expected<rlc::Encoder> created = rlc::Encoder::create(rlcParams);
  // The parameters were verified in init().
  rlc::Encoder enc = std::move(*created);
  uint64_t base = t.dramAddress + uint64_t(g) * slotBytes(t);
  int64_t words = 0, lastPushed = 0;
  auto emit = [&](uint64_t word) {
    llvm::support::endian::write64le(&dram[base + 8 * uint64_t(words)], word);
    ++words;
    if (valuesPerWord) {
      valuesPerWord->push_back(uint32_t(enc.numValuesPushed() - lastPushed));
      lastPushed = enc.numValuesPushed();
    }
  };
  for (int16_t v : values)
    if (std::optional<uint64_t> word = enc.push(v))
      emit(*word);
  // finish() starts a new stream: its words take what is left.
  int64_t total = enc.numValuesPushed();
  llvm::SmallVector<uint64_t, 2> tail = enc.finish();
  for (size_t i = 0; i < tail.size(); ++i) {
    llvm::support::endian::write64le(&dram[base + 8 * uint64_t(words)],
                                     tail[i]);
    ++words;
    if (valuesPerWord) {
      valuesPerWord->push_back(uint32_t(i == 0 ? total - lastPushed : 0));
      lastPushed = total;
    }
  }
  return words;
}

Expected<std::vector<int16_t>>
Simulator::Impl::tensorWords(const TensorDesc &t) const {
  std::vector<int16_t> words(size_t(t.numElements()));
  if (t.rlc == RLCGranule::None) {
    for (size_t i = 0; i < words.size(); ++i)
      words[i] = loadWord(t, int64_t(i));
    return words;
  }
  int64_t gv = granuleValues(t);
  std::vector<int16_t> granule;
  for (int64_t g = 0; g * gv < int64_t(words.size()); ++g) {
    if (Error err = decodeGranule(t, g, granule, nullptr))
      return std::move(err);
    std::copy(granule.begin(), granule.end(), words.begin() + g * gv);
  }
  return words;
}

Expected<std::vector<float>>
Simulator::Impl::tensorValues(const TensorDesc &t) const {
  if (t.elementType == ElementType::Float32) {
    std::vector<float> values(size_t(t.numElements()));
    std::memcpy(values.data(), &dram[t.dramAddress], values.size() * 4);
    for (float &v : values) // Little-endian storage.
      v = llvm::bit_cast<float>(llvm::support::endian::read32le(&v));
    return values;
  }
  Expected<std::vector<int16_t>> words = tensorWords(t);
  if (!words)
    return words.takeError();
  Expected<fp::Format> format = fp::Format::get(t.fracBits);
  if (!format)
    return format.takeError();
  std::vector<float> values(words->size());
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = float(fp::dequantize((*words)[i], *format));
  return values;
}

Error Simulator::Impl::writeTensorValues(const TensorDesc &t,
                                         llvm::ArrayRef<float> values,
                                         int64_t *saturations) {
  if (int64_t(values.size()) != t.numElements())
    return fail(formatv("tensor '{0}' has {1} elements, got {2} values",
                        t.name, t.numElements(), values.size()));
  if (t.elementType == ElementType::Float32) {
    for (size_t i = 0; i < values.size(); ++i)
      llvm::support::endian::write32le(&dram[t.dramAddress + 4 * i],
                                       llvm::bit_cast<uint32_t>(values[i]));
    return Error::success();
  }
  Expected<fp::Format> format = fp::Format::get(t.fracBits);
  if (!format)
    return format.takeError();
  std::vector<int16_t> words(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    fp::SaturatedWord w = fp::quantize(values[i], *format);
    words[i] = w.word;
    if (saturations && w.saturated)
      ++*saturations;
  }
  if (t.rlc == RLCGranule::None) {
    for (size_t i = 0; i < words.size(); ++i)
      storeWord(t, int64_t(i), words[i]);
    return Error::success();
  }
  int64_t gv = granuleValues(t);
  for (int64_t g = 0; g * gv < int64_t(words.size()); ++g)
    encodeGranule(t, g, llvm::ArrayRef(words).slice(size_t(g * gv), size_t(gv)),
                  nullptr);
  return Error::success();
}

//===----------------------------------------------------------------------===//
// CONFIGURE_LAYER
//===----------------------------------------------------------------------===//

Expected<int64_t> Simulator::Impl::configure(const ConfigureLayer &in) {
  const LayerConfig &l = prog.layers[in.layer];
  ActiveLayer a;
  a.config = &l;
  a.index = in.layer;
  const int64_t cols = tm.numPECols();
  // Psum chains: start at each active PE that takes no psums from below and
  // follow the local links up.
  for (int64_t p = 0; p < int64_t(l.pes.size()); ++p) {
    const PEConfig &pe = l.pes[p];
    if (!pe.active || pe.psumFromBelow)
      continue;
    PsumColumn column;
    column.chain = pe.chain;
    column.ofmapRow = pe.ofmapRow;
    int64_t at = p;
    column.pes.push_back(int32_t(at));
    while (l.pes[at].psumToAbove) {
      at -= cols;
      // verifyProgram guarantees a consistent chain; stay safe anyway.
      if (at < 0 || !l.pes[at].active || !l.pes[at].psumFromBelow)
        return fail(formatv("layer {0} '{1}': the psum chain from PE ({2}, "
                            "{3}) breaks",
                            in.layer, l.name, p / cols, p % cols));
      column.pes.push_back(int32_t(at));
    }
    a.columns.push_back(std::move(column));
  }
  const LayerShape &s = l.shape;
  a.rowLength = (s.F - 1) * s.strideW + (s.S - 1) * s.dilationW + 1;
  std::vector<bool> used(size_t(a.rowLength), false);
  a.newValuesAtColumn.assign(size_t(s.F), 0);
  for (int64_t x = 0; x < s.F; ++x)
    for (int64_t t = 0; t < s.S; ++t) {
      size_t at = size_t(x * s.strideW + t * s.dilationW);
      if (!used[at]) {
        used[at] = true;
        ++a.newValuesAtColumn[size_t(x)];
      }
    }
  a.psumFormat = *fp::Format::get(l.psumFracBits);
  a.ofmapFormat = *fp::Format::get(l.ofmapFracBits);
  a.relu6Ceiling = fp::quantize(6.0, a.psumFormat).word;
  layer = std::move(a);
  previousPass.valid = false;
  if (!opts.timing)
    return 0;
  return int64_t(std::ceil(prog.arch.config.loadTimeUs * coreMHz - 1e-9));
}

//===----------------------------------------------------------------------===//
// DRAM <-> GLB
//===----------------------------------------------------------------------===//

namespace {
/// Calls f(n, c, h, w0, count, glbOffset) for each row segment of `box`
/// inside a tensor of `view`, and pad(count) for each run of positions
/// outside it.
template <typename RowFn, typename PadFn>
void forEachRow(const Box &box, const std::array<int64_t, 4> &view, RowFn f,
                PadFn pad) {
  int64_t offset = 0;
  for (int64_t n = box.n0; n < box.n0 + int64_t(box.n); ++n)
    for (int64_t c = box.c0; c < box.c0 + int64_t(box.c); ++c)
      for (int64_t h = box.h0; h < box.h0 + int64_t(box.h); ++h) {
        bool inside = n >= 0 && n < view[0] && c >= 0 && c < view[1] &&
                      h >= 0 && h < view[2];
        int64_t w0 = std::max<int64_t>(box.w0, 0);
        int64_t w1 = std::min<int64_t>(box.w0 + int64_t(box.w), view[3]);
        if (!inside || w1 <= w0) {
          pad(int64_t(box.w), offset);
        } else {
          if (w0 > box.w0)
            pad(w0 - box.w0, offset);
          f(n, c, h, w0, w1 - w0, offset + (w0 - box.w0));
          if (box.w0 + int64_t(box.w) > w1)
            pad(box.w0 + int64_t(box.w) - w1, offset + (w1 - box.w0));
        }
        offset += int64_t(box.w);
      }
}


DataKind kindOfRegion(BankRole role) {
  return role == BankRole::Psum ? DataKind::Psum : DataKind::Ifmap;
}
} // namespace

template <typename MoveFn, typename PadFn>
int64_t Simulator::Impl::plainRows(const Box &box, const TensorDesc &t,
                                   LayerStats &s, MoveFn move, PadFn pad) {
  const auto view = t.view();
  int64_t dataWords = 0;
  forEachRow(
      box, view,
      [&](int64_t n, int64_t c, int64_t h, int64_t w0, int64_t count,
          int64_t off) {
        int64_t index = ((n * view[1] + c) * view[2] + h) * view[3] + w0;
        move(index, count, off);
        linkPlainRun(t, index, count);
        dataWords += count;
        s.dramBytesUncompressed += 2 * uint64_t(count);
      },
      pad);
  return dataWords;
}

Expected<int64_t> Simulator::Impl::dramToGlb(const DramToGlb &in,
                                             LayerStats &s) {
  const TensorDesc &t = prog.tensors[in.tensor];
  const auto view = t.view();
  const uint64_t busBytes = uint64_t(prog.arch.dram.busBits / 8);
  DataKind kind = kindOfRegion(in.region);
  link.clear();
  link.toChip = true;
  int64_t padValues = 0, dataWords = 0;
  int16_t *dst = &glb[in.glbAddr];
  std::string error;
  if (t.rlc == RLCGranule::None) {
    dataWords = plainRows(
        in.box, t, s,
        [&](int64_t index, int64_t count, int64_t off) {
          for (int64_t i = 0; i < count; ++i)
            dst[off + i] = loadWord(t, index + i);
        },
        [&](int64_t count, int64_t off) {
          std::fill(dst + off, dst + off + count, int16_t(0));
          padValues += count;
        });
  } else {
    // Every granule the box touches is read whole and decoded.
    int64_t gv = granuleValues(t);
    int64_t decodedGranule = -1;
    std::vector<int16_t> granule;
    std::vector<uint32_t> perWord;
    forEachRow(
        in.box, view,
        [&](int64_t n, int64_t c, int64_t h, int64_t w0, int64_t count,
            int64_t off) {
          if (!error.empty())
            return;
          int64_t index = ((n * view[1] + c) * view[2] + h) * view[3] + w0;
          int64_t g = index / gv;
          if (g != decodedGranule) {
            perWord.clear();
            if (Error e = decodeGranule(t, g, granule, &perWord)) {
              error = llvm::toString(std::move(e));
              return;
            }
            decodedGranule = g;
            linkCodecWords(perWord);
            dataWords += int64_t(perWord.size()) * (rlcParams.wordBits / 16);
            s.dramBytesUncompressed += 2 * uint64_t(gv);
          }
          std::copy_n(granule.begin() + (index - g * gv), count, dst + off);
        },
        [&](int64_t count, int64_t off) {
          std::fill(dst + off, dst + off + count, int16_t(0));
          padValues += count;
        });
    if (!error.empty())
      return fail(error);
  }
  // Loaded words are exact unless they are psums spilled with a carry.
  int32_t *carries = &glbCarries[in.glbAddr];
  std::fill_n(carries, in.box.volume(), 0);
  if (!dramCarries.empty())
    forEachRow(
        in.box, view,
        [&](int64_t n, int64_t c, int64_t h, int64_t w0, int64_t count,
            int64_t off) {
          int64_t index = ((n * view[1] + c) * view[2] + h) * view[3] + w0;
          for (int64_t i = 0; i < count; ++i)
            carries[off + i] = dramCarries.lookup({in.tensor, index + i});
        },
        [](int64_t, int64_t) {});
  link.extraCoreCycles = ceilDiv(padValues, glbWordsPerAccess);
  s.counts.dram[kind] += double(dataWords);
  s.counts.glb[kind] += double(in.box.volume());
  s.dramBytes += link.coreCyclesPerWord.size() * busBytes;
  return linkCycles();
}

Expected<int64_t> Simulator::Impl::glbToDram(const GlbToDram &in,
                                             LayerStats &s) {
  const TensorDesc &t = prog.tensors[in.tensor];
  const auto view = t.view();
  const uint64_t busBytes = uint64_t(prog.arch.dram.busBits / 8);
  const ActiveLayer &a = *layer;
  const LayerConfig &l = *a.config;
  Expected<fp::Format> outFormat = fp::Format::get(t.fracBits);
  if (!outFormat)
    return outFormat.takeError();
  link.clear();
  link.toChip = false;
  const int16_t *src = &glb[in.glbAddr];
  const int32_t *carries = &glbCarries[in.glbAddr];
  // The output stage, word by word.
  std::vector<int16_t> words(src, src + in.box.volume());
  if (in.mode == OutputMode::Ofmap) {
    // A final psum beyond its format: its word is wrong.
    s.psumOverflows += std::count_if(carries, carries + in.box.volume(),
                                     [](int32_t c) { return c != 0; });
    for (int16_t &w : words) {
      int16_t v = w;
      if (l.activation == Activation::ReLU)
        v = fp::relu(v);
      else if (l.activation == Activation::ReLU6)
        v = std::clamp<int16_t>(v, 0, a.relu6Ceiling);
      fp::SaturatedWord out = fp::requantize(v, a.psumFormat, *outFormat);
      s.outputSaturations += out.saturated;
      w = out.word;
    }
  } else {
    // Raw psums keep their carries in DRAM until they are loaded back.
    forEachRow(
        in.box, view,
        [&](int64_t n, int64_t c, int64_t h, int64_t w0, int64_t count,
            int64_t off) {
          int64_t index = ((n * view[1] + c) * view[2] + h) * view[3] + w0;
          for (int64_t i = 0; i < count; ++i) {
            if (carries[off + i] != 0)
              dramCarries[{in.tensor, index + i}] = carries[off + i];
            else if (!dramCarries.empty())
              dramCarries.erase({in.tensor, index + i});
          }
        },
        [](int64_t, int64_t) {});
  }
  s.counts.glb[DataKind::Psum] += double(in.box.volume());
  int64_t dataWords = 0;
  if (t.rlc == RLCGranule::None) {
    dataWords = plainRows(
        in.box, t, s,
        [&](int64_t index, int64_t count, int64_t off) {
          for (int64_t i = 0; i < count; ++i)
            storeWord(t, index + i, words[size_t(off + i)]);
        },
        [](int64_t, int64_t) {});
  } else {
    // The verifier guarantees whole granules: encode each into its slot.
    int64_t gv = granuleValues(t);
    std::vector<uint32_t> perWord;
    forEachRow(
        in.box, view,
        [&](int64_t n, int64_t c, int64_t h, int64_t w0, int64_t count,
            int64_t off) {
          int64_t index = ((n * view[1] + c) * view[2] + h) * view[3] + w0;
          if (index % gv != 0)
            return; // Inside a granule started on an earlier row.
          perWord.clear();
          (void)count;
          int64_t n_words = encodeGranule(
              t, index / gv, llvm::ArrayRef(words).slice(size_t(off), size_t(gv)),
              &perWord);
          linkCodecWords(perWord);
          dataWords += n_words * (rlcParams.wordBits / 16);
          s.dramBytesUncompressed += 2 * uint64_t(gv);
        },
        [](int64_t, int64_t) {});
  }
  s.counts.dram[DataKind::Psum] += double(dataWords);
  s.dramBytes += link.coreCyclesPerWord.size() * busBytes;
  return linkCycles();
}

Expected<int64_t> Simulator::Impl::filterPreload(const FilterPreload &in,
                                                 LayerStats &s) {
  const LayerConfig &l = *layer->config;
  const LayerShape &sh = l.shape;
  const TensorDesc &w = prog.tensors[l.filter];
  const uint64_t busBytes = uint64_t(prog.arch.dram.busBits / 8);
  const int64_t Mg = sh.filtersPerGroup(), Cg = sh.channelsPerGroup();
  const int64_t RS = sh.R * sh.S, run = int64_t(in.cCount) * RS;
  link.clear();
  link.toChip = true;
  int64_t values = 0;
  for (uint32_t m = 0; m < in.mCount; ++m) {
    int64_t u = int64_t(in.group) * Mg + in.m0 + m;
    int64_t index = (u * Cg + in.c0) * RS;
    int16_t *dst = &filterGlb[in.filterAddr + uint64_t(m) * uint64_t(run)];
    for (int64_t i = 0; i < run; ++i)
      dst[i] = loadWord(w, index + i);
    linkPlainRun(w, index, run);
    values += run;
  }
  if (in.bias) {
    const TensorDesc &b = prog.tensors[l.bias];
    int64_t u0 = int64_t(in.group) * Mg + in.m0;
    int16_t *dst =
        &filterGlb[in.filterAddr + uint64_t(in.mCount) * uint64_t(run)];
    for (uint32_t m = 0; m < in.mCount; ++m)
      dst[m] = loadWord(b, u0 + m);
    linkPlainRun(b, u0, in.mCount);
    values += in.mCount;
  }
  s.counts.dram[DataKind::Filter] += double(values);
  s.counts.glb[DataKind::Filter] += double(values);
  s.dramBytes += link.coreCyclesPerWord.size() * busBytes;
  s.dramBytesUncompressed += 2 * uint64_t(values);
  return linkCycles();
}

//===----------------------------------------------------------------------===//
// PASS
//===----------------------------------------------------------------------===//

Expected<int64_t> Simulator::Impl::pass(const Pass &in, LayerStats &s) {
  const ActiveLayer &a = *layer;
  const LayerConfig &l = *a.config;
  const LayerShape &sh = l.shape;
  const RSMapping &mp = l.mapping;
  const int64_t cols = tm.numPECols();
  const int64_t Mg = sh.filtersPerGroup(), Cg = sh.channelsPerGroup();
  const int64_t S = sh.S, R = sh.R, F = sh.F;
  const int64_t rowLen = a.rowLength;
  const Box &ib = in.ifmap.box, &pb = in.psum.box;
  const int16_t *ifmapBase = &glb[in.ifmap.addr];
  int16_t *psumBase = &glb[in.psum.addr];
  int32_t *carryBase = &glbCarries[in.psum.addr];
  const int16_t *filters = &filterGlb[in.filterAddr];
  const int16_t *bias =
      filters + uint64_t(in.mCount) * in.cCount * uint64_t(R * S);

  fp::RowConvShape shape;
  shape.S = S;
  shape.F = F;
  shape.U = sh.strideW;
  shape.D = sh.dilationW;
  shape.W = rowLen;
  shape.shift = l.windowShift;

  PassWork work;
  work.images = in.nCount;
  work.columns = F;
  work.newValuesAtColumn = a.newValuesAtColumn;
  work.taps = S;
  work.biasInit = in.psumIn == PsumInput::Bias;
  work.psumFromGLB = in.psumIn == PsumInput::GLB;
  work.psumImageStride = int64_t(pb.c) * pb.h * pb.w;
  work.psumFilterStride = int64_t(pb.h) * pb.w;
  llvm::DenseMap<std::pair<uint8_t, uint8_t>, int32_t> filterTags, ifmapTags;
  // PEs may load this pass's filters while the previous pass drains if
  // they sit in the other half of the filter GLB.
  const uint64_t filterBegin = in.filterAddr;
  const uint64_t filterEnd =
      filterBegin + uint64_t(in.mCount) * in.cCount * uint64_t(R * S) +
      (in.psumIn == PsumInput::Bias ? in.mCount : 0);
  const bool carry = previousPass.valid &&
                     (filterEnd <= previousPass.filterBegin ||
                      filterBegin >= previousPass.filterEnd);

  std::vector<int16_t> rows, psums;
  std::vector<int32_t> carries;
  int64_t passMACs = 0;
  for (const PsumColumn &column : a.columns) {
    if (column.ofmapRow >= in.eCount)
      continue;
    int64_t fBegin = int64_t(column.chain) * mp.p;
    int64_t fCount = std::clamp<int64_t>(int64_t(in.mCount) - fBegin, 0, mp.p);
    if (fCount == 0)
      continue;
    const int64_t y = in.e0 + column.ofmapRow;
    const int64_t uRel = int64_t(in.m0) + fBegin; // Within the group.
    ColumnWork cw;
    cw.filters = int32_t(fCount);
    // The column's first psum: image n0, its first filter, ofmap row y,
    // column 0 (the box may start left of column 0).
    cw.psumGlbAddr = int64_t(in.psum.addr) +
                     ((int64_t(in.group) * Mg + uRel - pb.c0) * pb.h +
                      (y - pb.h0)) *
                         pb.w -
                     pb.w0;
    // Per PE: its weights (a pass constant) and its work.
    struct PEJob {
      int64_t q0, qCount, filterRow;
      std::vector<int16_t> weights;
    };
    std::vector<PEJob> jobs;
    for (int32_t p : column.pes) {
      const PEConfig &pe = l.pes[size_t(p)];
      PEJob job;
      job.q0 = int64_t(pe.channelSet) * mp.q;
      job.qCount =
          std::clamp<int64_t>(int64_t(in.cCount) - job.q0, 0, mp.q);
      job.filterRow = pe.filterRow;
      PEWork pw;
      pw.filters = int32_t(fCount);
      if (carry)
        pw.freeAt = previousPass.peFreeAt[size_t(p)];
      pw.channels = int32_t(job.qCount);
      pw.macsPerStep = fCount * job.qCount * S;
      if (job.qCount > 0) {
        job.weights.resize(size_t(fCount * job.qCount * S));
        for (int64_t f = 0; f < fCount; ++f)
          for (int64_t q = 0; q < job.qCount; ++q) {
            const int16_t *src =
                filters +
                (((fBegin + f) * in.cCount + job.q0 + q) * R + job.filterRow) *
                    S;
            std::copy_n(src, S, &job.weights[size_t((f * job.qCount + q) * S)]);
          }
        int64_t row = p / cols;
        auto fKey = std::make_pair(l.ginFilter.rowIds[size_t(row)],
                                   l.ginFilter.colIds[size_t(p)]);
        auto [fIt, fNew] =
            filterTags.try_emplace(fKey, int32_t(work.filterTagWords.size()));
        if (fNew)
          work.filterTagWords.push_back(int64_t(job.weights.size()));
        pw.filterTag = fIt->second;
        auto iKey = std::make_pair(l.ginIfmap.rowIds[size_t(row)],
                                   l.ginIfmap.colIds[size_t(p)]);
        auto [iIt, iNew] =
            ifmapTags.try_emplace(iKey, int32_t(work.ifmapTagChannels.size()));
        if (iNew)
          work.ifmapTagChannels.push_back(int32_t(job.qCount));
        pw.ifmapTag = iIt->second;
        // Spad writes of the delivered filter rows, and their array hops.
        s.counts.array[DataKind::Filter] += double(job.weights.size());
        s.counts.spad[DataKind::Filter] += double(job.weights.size());
        if (fNew)
          s.counts.glb[DataKind::Filter] += double(job.weights.size());
      }
      cw.pes.push_back(pw);
      jobs.push_back(std::move(job));
    }

    psums.resize(size_t(fCount * F));
    carries.resize(psums.size());
    for (int64_t n = 0; n < int64_t(in.nCount); ++n) {
      const int64_t nAbs = int64_t(in.n0) + n;
      int16_t *out = psumBase + ((nAbs - pb.n0) * pb.c *
                                     int64_t(pb.h) * pb.w) +
                     (cw.psumGlbAddr - int64_t(in.psum.addr));
      int32_t *outCarries = carryBase + (out - psumBase);
      const int64_t fStride = int64_t(pb.h) * pb.w;
      // Init: zero, the bias words, or psums from the GLB.
      // Psums from the GLB bring their carries; zero and bias start exact.
      const bool fromGLB = in.psumIn == PsumInput::GLB;
      for (int64_t f = 0; f < fCount; ++f)
        for (int64_t x = 0; x < F; ++x) {
          psums[size_t(f * F + x)] =
              in.psumIn == PsumInput::Zero   ? int16_t(0)
              : in.psumIn == PsumInput::Bias ? bias[fBegin + f]
                                             : out[f * fStride + x];
          carries[size_t(f * F + x)] =
              fromGLB ? outCarries[f * fStride + x] : 0;
        }
      // Starting psums (bias words from the filter GLB, or psums from the
      // psum banks) reach the bottom PE once per step.
      if (in.psumIn != PsumInput::Zero) {
        s.counts.glb[DataKind::Psum] += double(fCount * F);
        s.counts.array[DataKind::Psum] += double(fCount * F);
        s.counts.spad[DataKind::Psum] += double(fCount * F);
      }
      for (size_t j = 0; j < jobs.size(); ++j) {
        const PEJob &job = jobs[j];
        if (j > 0) {
          // The psums arrive from below over the local link and are added.
          s.counts.array[DataKind::Psum] += double(fCount * F);
          s.counts.spad[DataKind::Psum] += double(2 * fCount * F);
        }
        if (job.qCount == 0)
          continue;
        // The PE's ifmap rows: padded row y*U + i*D of each of its channels.
        rows.assign(size_t(job.qCount * rowLen), 0);
        const int64_t h = y * sh.strideH + job.filterRow * sh.dilationH -
                          sh.padTop;
        for (int64_t q = 0; q < job.qCount; ++q) {
          int64_t c = int64_t(in.group) * Cg + in.c0 + job.q0 + q;
          if (nAbs < ib.n0 || nAbs >= ib.n0 + int64_t(ib.n) || c < ib.c0 ||
              c >= ib.c0 + int64_t(ib.c) || h < ib.h0 ||
              h >= ib.h0 + int64_t(ib.h))
            continue; // Padding (verified): zeros.
          const int16_t *rowPtr =
              ifmapBase +
              (((nAbs - ib.n0) * ib.c + (c - ib.c0)) * int64_t(ib.h) +
               (h - ib.h0)) *
                  ib.w;
          // Row position k is ifmap column k - padLeft.
          int64_t k0 = std::max<int64_t>(0, ib.w0 + sh.padLeft);
          int64_t k1 =
              std::min<int64_t>(rowLen, ib.w0 + int64_t(ib.w) + sh.padLeft);
          for (int64_t k = k0; k < k1; ++k)
            rows[size_t(q * rowLen + k)] = rowPtr[k - sh.padLeft - ib.w0];
        }
        shape.P = fCount;
        shape.Q = job.qCount;
        Expected<fp::RowConvStats> st =
            fp::rowConv(shape, job.weights, rows, psums, carries);
        if (!st)
          return st.takeError();
        int64_t performed = st->macs - st->zeroIfmapMacs;
        s.counts.macs += double(performed);
        s.counts.gatedMACs += double(st->zeroIfmapMacs);
        s.counts.spad[DataKind::Filter] += double(performed);
        s.counts.spad[DataKind::Ifmap] += double(st->macs);
        s.counts.spad[DataKind::Psum] += double(2 * performed);
        s.windowSaturations += st->windowSaturations;
        s.psumWraps += st->psumWraps;
        passMACs += st->macs;
      }
      // The top PE sends the sums over the GON.
      for (int64_t f = 0; f < fCount; ++f) {
        std::copy_n(&psums[size_t(f * F)], F, out + f * fStride);
        std::copy_n(&carries[size_t(f * F)], F, outCarries + f * fStride);
      }
      s.counts.array[DataKind::Psum] += double(fCount * F);
      s.counts.glb[DataKind::Psum] += double(fCount * F);
    }
    work.columnsWork.push_back(std::move(cw));
  }

  // Ifmap deliveries: per tag, its values, multicast to its receivers.
  {
    std::vector<int64_t> receivers(work.ifmapTagChannels.size(), 0);
    for (const ColumnWork &cw : work.columnsWork)
      for (const PEWork &pe : cw.pes)
        if (pe.ifmapTag >= 0)
          ++receivers[size_t(pe.ifmapTag)];
    int64_t rowValues = 0;
    for (int64_t v : a.newValuesAtColumn)
      rowValues += v;
    for (size_t t = 0; t < receivers.size(); ++t) {
      double values =
          double(in.nCount) * rowValues * work.ifmapTagChannels[t];
      s.counts.glb[DataKind::Ifmap] += values;
      s.counts.array[DataKind::Ifmap] += values * double(receivers[t]);
      s.counts.spad[DataKind::Ifmap] += values * double(receivers[t]);
    }
  }
  s.macs += passMACs;
  doneMACs += passMACs;
  lastPassMACs = passMACs;
  ++s.passes;
  if (!opts.timing)
    return 0;
  PassTiming timing = simulatePass(work, arrayParams);
  s.array += timing.breakdown;
  previousPass.valid = true;
  previousPass.filterBegin = filterBegin;
  previousPass.filterEnd = filterEnd;
  previousPass.peFreeAt.assign(l.pes.size(), 0);
  size_t flat = 0;
  for (const PsumColumn &column : a.columns) {
    if (column.ofmapRow >= in.eCount ||
        int64_t(in.mCount) <= int64_t(column.chain) * mp.p)
      continue;
    for (int32_t p : column.pes)
      previousPass.peFreeAt[size_t(p)] = timing.peDone[flat++] - timing.cycles;
  }
  return timing.cycles;
}

//===----------------------------------------------------------------------===//
// HOST_OP
//===----------------------------------------------------------------------===//

Expected<int64_t> Simulator::Impl::hostOp(const HostOpCall &in,
                                          LayerStats &s) {
  const HostOpDesc &op = prog.hostOps[in.op];
  auto start = std::chrono::steady_clock::now();
  std::vector<reference::Tensor> inputs;
  for (uint32_t id : op.inputs) {
    const TensorDesc &t = prog.tensors[id];
    Expected<std::vector<float>> values = tensorValues(t);
    if (!values)
      return values.takeError();
    inputs.emplace_back(t.shape, std::move(*values));
  }
  const TensorDesc &outT = prog.tensors[op.output];
  Expected<reference::Tensor> result = runHostOp(op, inputs, outT.shape);
  if (!result)
    return result.takeError();
  if (Error err = writeTensorValues(outT, result->data, &s.outputSaturations))
    return std::move(err);
  s.hostSeconds += std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();
  return 0; // Host time is not chip time.
}

//===----------------------------------------------------------------------===//
// The scheduler and the run loop
//===----------------------------------------------------------------------===//

void Simulator::Impl::place(size_t index, const Instruction &in,
                            int64_t cycles, int64_t entry) {
  const int64_t banks = tm.glbFmapBanks();
  const int64_t filterBanks = prog.arch.glb.filter.banks;
  std::vector<size_t> reads, writes;
  auto fmapRange = [&](uint64_t addr, uint64_t words,
                       std::vector<size_t> &into) {
    if (words == 0)
      return;
    for (int64_t b = int64_t(addr) / glbWordsPerBank;
         b <= int64_t(addr + words - 1) / glbWordsPerBank && b < banks; ++b)
      into.push_back(size_t(b));
  };
  auto filterRange = [&](uint64_t addr, uint64_t words,
                         std::vector<size_t> &into) {
    if (words == 0)
      return;
    for (int64_t b = int64_t(addr) / filterWordsPerBank;
         b <= int64_t(addr + words - 1) / filterWordsPerBank &&
         b < filterBanks;
         ++b)
      into.push_back(size_t(banks + b));
  };
  auto tensor = [&](uint32_t id) { return size_t(banks + filterBanks + id); };
  Unit unit = ArrayUnit;
  bool isFence = false;
  std::string name, category;
  llvm::json::Object args;
  std::visit(
      [&](const auto &i) {
        using T = std::decay_t<decltype(i)>;
        if constexpr (std::is_same_v<T, ConfigureLayer>) {
          unit = ScanChain;
          isFence = true;
          name = "configure " + prog.layers[i.layer].name;
          category = "config";
        } else if constexpr (std::is_same_v<T, DramToGlb>) {
          unit = DramUnit;
          reads.push_back(tensor(i.tensor));
          fmapRange(i.glbAddr, i.box.volume(), writes);
          name = "load " + prog.tensors[i.tensor].name;
          category = "dram";
        } else if constexpr (std::is_same_v<T, GlbToDram>) {
          unit = DramUnit;
          fmapRange(i.glbAddr, i.box.volume(), reads);
          writes.push_back(tensor(i.tensor));
          name = "store " + prog.tensors[i.tensor].name;
          category = "dram";
        } else if constexpr (std::is_same_v<T, FilterPreload>) {
          unit = DramUnit;
          const LayerConfig &l = *layer->config;
          reads.push_back(tensor(l.filter));
          if (i.bias)
            reads.push_back(tensor(l.bias));
          uint64_t words = uint64_t(i.mCount) * i.cCount * l.shape.R *
                               l.shape.S +
                           (i.bias ? i.mCount : 0);
          filterRange(i.filterAddr, words, writes);
          name = "filters " + l.name;
          category = "dram";
        } else if constexpr (std::is_same_v<T, Pass>) {
          unit = ArrayUnit;
          const LayerConfig &l = *layer->config;
          uint64_t words = uint64_t(i.mCount) * i.cCount * l.shape.R *
                               l.shape.S +
                           (i.psumIn == PsumInput::Bias ? i.mCount : 0);
          filterRange(i.filterAddr, words, reads);
          fmapRange(i.ifmap.addr, i.ifmap.box.volume(), reads);
          if (i.psumIn == PsumInput::GLB)
            fmapRange(i.psum.addr, i.psum.box.volume(), reads);
          fmapRange(i.psum.addr, i.psum.box.volume(), writes);
          name = "pass " + l.name;
          category = "pass";
        } else if constexpr (std::is_same_v<T, HostOpCall>) {
          unit = HostUnit;
          const HostOpDesc &op = prog.hostOps[i.op];
          for (uint32_t id : op.inputs)
            reads.push_back(tensor(id));
          writes.push_back(tensor(op.output));
          name = op.name;
          category = "host";
        } else {
          isFence = true;
          unit = ScanChain;
          name = std::is_same_v<T, End> ? "end" : "barrier";
          category = "control";
        }
      },
      in);
  int64_t start;
  if (isFence) {
    start = std::max(sched.makespan, sched.fence);
  } else {
    start = std::max(sched.unitFree[unit], sched.fence);
    for (size_t r : reads)
      start = std::max(start, sched.lastWrite[r]);
    for (size_t w : writes)
      start = std::max({start, sched.lastWrite[w], sched.lastRead[w]});
  }
  int64_t end = start + cycles;
  for (size_t r : reads)
    sched.lastRead[r] = std::max(sched.lastRead[r], end);
  for (size_t w : writes)
    sched.lastWrite[w] = std::max(sched.lastWrite[w], end);
  sched.unitFree[unit] = std::max(sched.unitFree[unit], end);
  sched.makespan = std::max(sched.makespan, end);
  if (isFence)
    sched.fence = end;
  if (entry >= 0) {
    entryFirstStart[size_t(entry)] =
        std::min(entryFirstStart[size_t(entry)], start);
    entryLastEnd[size_t(entry)] = std::max(entryLastEnd[size_t(entry)], end);
  }
  if (opts.trace && cycles > 0) {
    TraceEvent e;
    e.name = std::move(name);
    e.category = std::move(category);
    e.track = unit == ScanChain  ? TraceTrack::ScanChain
              : unit == DramUnit ? TraceTrack::DRAM
              : unit == HostUnit ? TraceTrack::Host
                                 : TraceTrack::PEArray;
    e.startCycle = start;
    e.cycles = cycles;
    e.args["instruction"] = int64_t(index);
    if (std::holds_alternative<Pass>(in)) {
      // Utilization over time: MACs per PE-cycle of this pass.
      e.args["macs"] = lastPassMACs;
      e.args["utilization"] =
          double(lastPassMACs) / (double(cycles) * double(tm.numPEs()));
    }
    traceLog.add(std::move(e));
  }
}

Error Simulator::Impl::run() {
  if (ran)
    return fail("the program has already run; create a new simulator");
  for (size_t id = 0; id < prog.tensors.size(); ++id)
    if (prog.tensors[id].role == TensorRole::Input && !inputSet[id])
      return fail(formatv("input tensor {0} '{1}' has not been set", id,
                          prog.tensors[id].name));
  ran = true;
  int64_t lastProgress = -1;
  for (size_t index = 0; index < prog.instructions.size(); ++index) {
    const Instruction &in = prog.instructions[index];
    int64_t entry = -1;
    Expected<int64_t> cycles = std::visit(
        [&](const auto &i) -> Expected<int64_t> {
          using T = std::decay_t<decltype(i)>;
          auto newEntry = [&](std::string name, std::string kind) {
            stats.layers.emplace_back();
            stats.layers.back().name = std::move(name);
            stats.layers.back().kind = std::move(kind);
            entryFirstStart.push_back(std::numeric_limits<int64_t>::max());
            entryLastEnd.push_back(0);
            return int64_t(stats.layers.size() - 1);
          };
          if constexpr (std::is_same_v<T, ConfigureLayer>) {
            const LayerConfig &l = prog.layers[i.layer];
            entry = arrayEntry = newEntry(
                l.name, l.kind == LayerKind::FullyConnected ? "fc" : "conv");
            LayerStats &s = stats.layers[size_t(entry)];
            s.mapping = l.mapping;
            s.activePEs = l.placement.activePEs;
            s.peTable = &l.pes;
            Expected<int64_t> c = configure(i);
            if (c) {
              s.configCycles += *c;
              s.processingCycles += *c;
            }
            return c;
          } else if constexpr (std::is_same_v<T, HostOpCall>) {
            entry = newEntry(prog.hostOps[i.op].name, "host");
            return hostOp(i, stats.layers[size_t(entry)]);
          } else if constexpr (std::is_same_v<T, Barrier> ||
                               std::is_same_v<T, End>) {
            return 0;
          } else {
            entry = arrayEntry;
            LayerStats &s = stats.layers[size_t(entry)];
            Expected<int64_t> c = [&]() -> Expected<int64_t> {
              if constexpr (std::is_same_v<T, DramToGlb>)
                return dramToGlb(i, s);
              else if constexpr (std::is_same_v<T, GlbToDram>)
                return glbToDram(i, s);
              else if constexpr (std::is_same_v<T, FilterPreload>)
                return filterPreload(i, s);
              else
                return pass(i, s);
            }();
            if (c) {
              if constexpr (std::is_same_v<T, Pass>)
                s.processingCycles += *c;
              else
                s.dramCycles += *c;
            }
            return c;
          }
        },
        in);
    if (!cycles)
      return fail(formatv("instruction {0} ({1}): {2}", index,
                          stringifyOpcode(getOpcode(in)),
                          llvm::toString(cycles.takeError())));
    if (entry >= 0) {
      LayerStats &s = stats.layers[size_t(entry)];
      s.serialCycles += *cycles;
      ++s.instructions;
    }
    place(index, in, *cycles, entry);
    if (opts.progress && totalMACs > 0) {
      int64_t permille = doneMACs * 1000 / totalMACs;
      if (permille != lastProgress) {
        lastProgress = permille;
        opts.progress(double(doneMACs) / double(totalMACs));
      }
    }
  }
  for (size_t e = 0; e < stats.layers.size(); ++e) {
    LayerStats &s = stats.layers[e];
    if (entryLastEnd[e] > 0 && entryFirstStart[e] <= entryLastEnd[e])
      s.overlappedCycles = entryLastEnd[e] - entryFirstStart[e];
    stats.totals.add(s);
    if (opts.trace && entryLastEnd[e] > entryFirstStart[e]) {
      TraceEvent ev;
      ev.name = s.name;
      ev.category = s.kind;
      ev.track = TraceTrack::Layers;
      ev.startCycle = entryFirstStart[e];
      ev.cycles = entryLastEnd[e] - entryFirstStart[e];
      ev.args["passes"] = s.passes;
      ev.args["active_pes"] = s.activePEs;
      traceLog.add(std::move(ev));
    }
  }
  stats.totals.name = "total";
  stats.totals.kind = "total";
  stats.overlappedCycles = sched.makespan;
  stats.totals.overlappedCycles = sched.makespan;
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Simulator
//===----------------------------------------------------------------------===//

Simulator::Simulator(std::unique_ptr<Impl> impl) : impl(std::move(impl)) {}
Simulator::~Simulator() = default;

Expected<std::unique_ptr<Simulator>>
Simulator::create(Program program, const SimulatorOptions &options) {
  if (Error err = verifyProgram(program))
    return std::move(err);
  auto impl = std::make_unique<Impl>(std::move(program), options);
  if (Error err = impl->init())
    return std::move(err);
  return std::unique_ptr<Simulator>(new Simulator(std::move(impl)));
}

const Program &Simulator::program() const { return impl->prog; }
const RunStats &Simulator::stats() const { return impl->stats; }
const TargetModel &Simulator::target() const { return impl->tm; }
const Trace &Simulator::trace() const { return impl->traceLog; }

std::vector<uint32_t> Simulator::inputs() const {
  std::vector<uint32_t> ids;
  for (uint32_t id = 0; id < impl->prog.tensors.size(); ++id)
    if (impl->prog.tensors[id].role == TensorRole::Input)
      ids.push_back(id);
  return ids;
}

std::vector<uint32_t> Simulator::outputs() const {
  std::vector<uint32_t> ids;
  for (uint32_t id = 0; id < impl->prog.tensors.size(); ++id)
    if (impl->prog.tensors[id].role == TensorRole::Output)
      ids.push_back(id);
  return ids;
}

Error Simulator::setInput(uint32_t tensor, llvm::ArrayRef<float> values) {
  if (tensor >= impl->prog.tensors.size() ||
      impl->prog.tensors[tensor].role != TensorRole::Input)
    return fail(formatv("tensor {0} is not an input of the program", tensor));
  const TensorDesc &t = impl->prog.tensors[tensor];
  // An input the graph declares float16 or bfloat16 holds only values of
  // that type: the host converts, as the framework feeding the model would.
  std::vector<float> rounded;
  if (t.hostFormat == HostFormat::Float16 ||
      t.hostFormat == HostFormat::BFloat16) {
    rounded.reserve(values.size());
    for (float v : values)
      rounded.push_back(roundToFormat(v, t.hostFormat));
    values = rounded;
  }
  // An integer input (token ids) holds whole numbers that float32 holds
  // exactly; anything else is the caller's mistake, not a value to round.
  if (isIntegerFormat(t.hostFormat))
    for (auto [i, v] : llvm::enumerate(values))
      if (!wholeNumberOf(v, t.hostFormat) ||
          std::abs(v) > float(kMaxExactInteger))
        return fail(formatv("input '{0}' is {1}: element {2} is {3}, not {4}",
                            t.name, stringifyHostFormat(t.hostFormat), i,
                            llvm::format("%g", double(v)),
                            describeIntegerRange(t.hostFormat)));
  if (Error err = impl->writeTensorValues(t, values, nullptr))
    return err;
  impl->inputSet[tensor] = true;
  return Error::success();
}

Error Simulator::run() { return impl->run(); }

Expected<std::vector<float>> Simulator::readTensor(uint32_t tensor) const {
  if (tensor >= impl->prog.tensors.size())
    return fail(formatv("no tensor {0}", tensor));
  return impl->tensorValues(impl->prog.tensors[tensor]);
}

Expected<std::vector<int16_t>>
Simulator::readTensorWords(uint32_t tensor) const {
  if (tensor >= impl->prog.tensors.size())
    return fail(formatv("no tensor {0}", tensor));
  const TensorDesc &t = impl->prog.tensors[tensor];
  if (t.elementType != ElementType::Int16)
    return fail(formatv("tensor {0} '{1}' is not int16", tensor, t.name));
  return impl->tensorWords(t);
}
