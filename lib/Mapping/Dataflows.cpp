//===- Dataflows.cpp - The dataflows row stationary is compared with ------===//
//
// One model shape for all five dataflows (docs/Dataflows.md):
//
//  - DRAM level: the layer (per group) is cut into GLB tiles of n images x
//    m filters x c channels x h ofmap rows (full ofmap width), visited in one
//    of the 24 orders of the four tile loops. Which tensor is fetched again
//    from DRAM, and whether psums make DRAM round trips, follows from the
//    order (classic loop-nest reuse). The GLB holds one tile of each tensor.
//  - Array level: inside a GLB tile the dataflow's own spatial mapping
//    decides how often each word is read from the GLB, how many PEs receive
//    it, what the RF does, and how psums are accumulated (ISCA Eq. (4)).
//
// The array-level cost of a tile does not depend on the order of the tile
// loops and the DRAM-level cost does not depend on the array mapping, so the
// search minimizes the two parts separately for each GLB tile. Partial tiles
// and partial passes are summed exactly, so MACs come out exact.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Mapping/Dataflows.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

using namespace eyeriss;
using namespace llvm;

//===----------------------------------------------------------------------===//
// Names and storage
//===----------------------------------------------------------------------===//

StringRef eyeriss::stringifyDataflow(Dataflow dataflow) {
  switch (dataflow) {
  case Dataflow::WS:
    return "WS";
  case Dataflow::OSA:
    return "OS-A";
  case Dataflow::OSB:
    return "OS-B";
  case Dataflow::OSC:
    return "OS-C";
  case Dataflow::NLR:
    return "NLR";
  }
  llvm_unreachable("unknown dataflow");
}

ArrayRef<Dataflow> eyeriss::getComparisonDataflows() {
  static const Dataflow all[] = {Dataflow::WS, Dataflow::OSA, Dataflow::OSB,
                                 Dataflow::OSC, Dataflow::NLR};
  return all;
}

double eyeriss::rfToGLBAreaPerByte() { return kNLRToRSGLBRatio - 1.0; }

/// RF words per PE of the RS baseline: the target's three spads.
static int64_t baselineRFWords(const TargetModel &target) {
  return target.filterSpadWords() + target.ifmapSpadWords() +
         target.psumSpadWords();
}

/// OS-B's RF: one psum and a 15-word ifmap FIFO for 1-D convolutional reuse
/// (a value waits stride-many steps before it is passed on; ours).
static constexpr int64_t kOSBRFWords = 16;

int64_t eyeriss::rfWordsPerPE(Dataflow dataflow, const TargetModel &target) {
  switch (dataflow) {
  case Dataflow::WS:
    return 1;
  case Dataflow::OSA:
    return baselineRFWords(target);
  case Dataflow::OSB:
    return kOSBRFWords;
  case Dataflow::OSC:
    return 1;
  case Dataflow::NLR:
    return 0;
  }
  llvm_unreachable("unknown dataflow");
}

DataflowStorage eyeriss::equalAreaStorage(Dataflow dataflow,
                                          const TargetModel &target) {
  DataflowStorage s;
  s.numPEs = target.numPEs();
  s.rfWordsPerPE = rfWordsPerPE(dataflow, target);
  int64_t baseRF = baselineRFWords(target);
  int64_t baseGLB = target.glbFmapWords() + target.glbFilterWords();
  double freed = double(s.numPEs) * double(baseRF - s.rfWordsPerPE) *
                 rfToGLBAreaPerByte();
  s.glbWords = baseGLB + static_cast<int64_t>(std::floor(freed));
  return s;
}

//===----------------------------------------------------------------------===//
// Layer geometry
//===----------------------------------------------------------------------===//

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// The largest value <= v that splits x into equal-count chunks as evenly as
/// possible (same number of chunks as v, fewer PEs wasted).
int64_t balance(int64_t x, int64_t v) {
  v = std::max<int64_t>(1, std::min(v, x));
  return ceilDiv(x, ceilDiv(x, v));
}

/// Candidate tile sizes for a dimension of extent x, at most `limit`: the
/// balanced sizes ceil(x/k) for k = 1..16 and then k growing by 1/8 per step
/// (so a 4096-wide dimension has ~60 candidates), plus the largest balanced
/// size <= limit. Ascending.
std::vector<int64_t> candidates(int64_t x, int64_t limit) {
  std::vector<int64_t> out;
  limit = std::min(limit, x);
  if (limit < 1)
    return out;
  auto push = [&](int64_t k) {
    int64_t v = ceilDiv(x, k);
    if (v <= limit)
      out.push_back(v);
  };
  for (int64_t k = 1; k <= x; k = k < 16 ? k + 1 : k + std::max<int64_t>(1, k / 8))
    push(k);
  push(ceilDiv(x, limit));
  push(x);
  llvm::sort(out);
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

/// For a 1-D sliding window: prefix[k] = distinct ifmap indices (padded
/// coordinates) that k consecutive outputs touch, k = 0..count. The set for
/// any k consecutive outputs is a translate, so the count does not depend on
/// where the run starts.
std::vector<int64_t> touchedPrefix(int64_t count, int64_t stride,
                                   int64_t kernel, int64_t dilation) {
  int64_t len = (count - 1) * stride + (kernel - 1) * dilation + 1;
  std::vector<char> mark(len, 0);
  std::vector<int64_t> out(count + 1, 0);
  for (int64_t y = 0; y < count; ++y) {
    int64_t added = 0;
    for (int64_t r = 0; r < kernel; ++r) {
      int64_t i = y * stride + r * dilation;
      if (!mark[i]) {
        mark[i] = 1;
        ++added;
      }
    }
    out[y + 1] = out[y] + added;
  }
  return out;
}

/// Sum over the strips of `block` outputs (the last one partial) of the real
/// (unpadded) ifmap indices each strip touches: what DRAM delivers.
int64_t realTouchedSum(int64_t count, int64_t block, int64_t stride,
                       int64_t kernel, int64_t dilation, int64_t padBegin,
                       int64_t extent) {
  int64_t len = (count - 1) * stride + (kernel - 1) * dilation + 1;
  std::vector<int64_t> stamp(len, -1);
  int64_t total = 0;
  for (int64_t y0 = 0, strip = 0; y0 < count; y0 += block, ++strip) {
    int64_t y1 = std::min(count, y0 + block);
    for (int64_t y = y0; y < y1; ++y)
      for (int64_t r = 0; r < kernel; ++r) {
        int64_t i = y * stride + r * dilation;
        if (i < padBegin || i >= padBegin + extent || stamp[i] == strip)
          continue;
        stamp[i] = strip;
        ++total;
      }
  }
  return total;
}

/// Per-group dimensions and window geometry of a layer.
struct Geometry {
  int64_t N, C, M, E, F, R, S, RS;
  int64_t strideH, strideW, dilH, dilW;
  int64_t groups;
  std::vector<int64_t> rowsTouched; ///< By ofmap rows, padded coordinates.
  std::vector<int64_t> colsTouched; ///< By ofmap columns, padded.
  int64_t realCols;                 ///< Real ifmap columns the layer touches.
  int64_t padTop, H;

  bool verticalOverlap() const { return rowsTouched[std::min<int64_t>(E, 2)] < std::min<int64_t>(E, 2) * R; }
  bool horizontalOverlap() const { return colsTouched[std::min<int64_t>(F, 2)] < std::min<int64_t>(F, 2) * S; }
};

Error invalidShape(const Twine &msg) {
  return createStringError(inconvertibleErrorCode(), "layer shape: " + msg);
}

Expected<Geometry> getGeometry(const LayerShape &s) {
  struct Field {
    const char *name;
    int64_t value;
  };
  for (Field f : {Field{"N", s.N}, {"C", s.C}, {"M", s.M}, {"H", s.H},
                  {"W", s.W}, {"R", s.R}, {"S", s.S}, {"E", s.E}, {"F", s.F},
                  {"strideH", s.strideH}, {"strideW", s.strideW},
                  {"dilationH", s.dilationH}, {"dilationW", s.dilationW},
                  {"groups", s.groups}})
    if (f.value < 1)
      return invalidShape(formatv("{0} = {1} must be at least 1", f.name,
                                  f.value));
  for (Field f : {Field{"padTop", s.padTop}, {"padLeft", s.padLeft},
                  {"padBottom", s.padBottom}, {"padRight", s.padRight}})
    if (f.value < 0)
      return invalidShape(formatv("{0} = {1} must not be negative", f.name,
                                  f.value));
  if (s.C % s.groups)
    return invalidShape(formatv("groups = {0} does not divide C = {1}",
                                s.groups, s.C));
  if (s.M % s.groups)
    return invalidShape(formatv("groups = {0} does not divide M = {1}",
                                s.groups, s.M));
  // Keep every product of the model well inside 64 bits.
  constexpr int64_t kMaxExtent = int64_t(1) << 20;
  for (Field f : {Field{"N", s.N}, {"C", s.C}, {"M", s.M}, {"H", s.H},
                  {"W", s.W}, {"R", s.R}, {"S", s.S}, {"E", s.E}, {"F", s.F},
                  {"strideH", s.strideH}, {"strideW", s.strideW},
                  {"dilationH", s.dilationH}, {"dilationW", s.dilationW},
                  {"padTop", s.padTop}, {"padLeft", s.padLeft},
                  {"padBottom", s.padBottom}, {"padRight", s.padRight}})
    if (f.value > kMaxExtent)
      return invalidShape(formatv("{0} = {1} exceeds the model's limit of {2}",
                                  f.name, f.value, kMaxExtent));
  int64_t paddedH = s.H + s.padTop + s.padBottom;
  int64_t paddedW = s.W + s.padLeft + s.padRight;
  int64_t needH = (s.E - 1) * s.strideH + (s.R - 1) * s.dilationH + 1;
  int64_t needW = (s.F - 1) * s.strideW + (s.S - 1) * s.dilationW + 1;
  if (needH > paddedH)
    return invalidShape(formatv(
        "E = {0} ofmap rows need {1} padded ifmap rows (R = {2}, stride {3}, "
        "dilation {4}), but the padded ifmap has {5}",
        s.E, needH, s.R, s.strideH, s.dilationH, paddedH));
  if (needW > paddedW)
    return invalidShape(formatv(
        "F = {0} ofmap columns need {1} padded ifmap columns (S = {2}, stride "
        "{3}, dilation {4}), but the padded ifmap has {5}",
        s.F, needW, s.S, s.strideW, s.dilationW, paddedW));

  // The window counts walk every (output, filter tap) pair of a dimension.
  constexpr int64_t kMaxWindowWork = int64_t(1) << 26;
  if (s.E * s.R > kMaxWindowWork || s.F * s.S > kMaxWindowWork)
    return invalidShape(formatv("E x R = {0} x {1} or F x S = {2} x {3} "
                                "exceeds the model's limit of {4}",
                                s.E, s.R, s.F, s.S, kMaxWindowWork));

  Geometry g;
  g.N = s.N;
  g.C = s.channelsPerGroup();
  g.M = s.filtersPerGroup();
  g.E = s.E;
  g.F = s.F;
  g.R = s.R;
  g.S = s.S;
  g.RS = s.R * s.S;
  g.strideH = s.strideH;
  g.strideW = s.strideW;
  g.dilH = s.dilationH;
  g.dilW = s.dilationW;
  g.groups = s.groups;
  g.padTop = s.padTop;
  g.H = s.H;
  g.rowsTouched = touchedPrefix(s.E, s.strideH, s.R, s.dilationH);
  g.colsTouched = touchedPrefix(s.F, s.strideW, s.S, s.dilationW);
  g.realCols = realTouchedSum(s.F, s.F, s.strideW, s.S, s.dilationW,
                              s.padLeft, s.W);
  return g;
}

//===----------------------------------------------------------------------===//
// Array level: one GLB tile under one dataflow
//===----------------------------------------------------------------------===//

constexpr int kIf = static_cast<int>(DataKind::Ifmap);
constexpr int kFi = static_cast<int>(DataKind::Filter);
constexpr int kPs = static_cast<int>(DataKind::Psum);

struct Costs {
  double mac, rf, array, glb, dram;
};

/// Accesses below the GLB (GLB reads included) of some tile visits.
struct Inner {
  std::array<double, 3> glbRead{0, 0, 0};
  std::array<double, 3> array{0, 0, 0}; ///< Psum: PE-to-PE hops only.
  std::array<double, 3> rfRead{0, 0, 0};
  std::array<double, 3> rfWrite{0, 0, 0};
  /// Array passes of psums, summed over ofmap values (ISCA's a*b per value):
  /// each pass ends with the psum leaving the array for the GLB and all but
  /// a value's first start with it coming back (see psumCounts).
  double psumChunks = 0;
  double cycles = 0;
  double macs = 0;

  void add(const Inner &o, double k) {
    for (int i = 0; i < 3; ++i) {
      glbRead[i] += k * o.glbRead[i];
      array[i] += k * o.array[i];
      rfRead[i] += k * o.rfRead[i];
      rfWrite[i] += k * o.rfWrite[i];
    }
    psumChunks += k * o.psumChunks;
    cycles += k * o.cycles;
    macs += k * o.macs;
  }
  /// RF reads of an input (ifmap or filter) as ISCA's Eq. (3) charges them:
  /// a*b*c*d with d >= 1, so every MAC operand costs an RF access, also one
  /// the dataflow does not keep in an RF (it still passes the PE's operand
  /// register on its way into the datapath).
  double inputRFReads(int i) const {
    return i == kPs ? rfRead[i] : std::max(rfRead[i], macs);
  }
  /// Energy as the search compares it: psumCounts' terms in the chunks
  /// (2 GLB and 2 array accesses per pass), not its constant -V array term.
  double energy(const Costs &e) const {
    double rf = 0, arr = 0;
    for (int i = 0; i < 3; ++i) {
      rf += inputRFReads(i) + rfWrite[i];
      arr += array[i];
    }
    return e.mac * macs + e.rf * rf + e.array * (arr + 2 * psumChunks) +
           e.glb * (glbRead[kIf] + glbRead[kFi] + 2 * psumChunks);
  }
};

/// Psum accesses of a layer (one group) besides the PE-to-PE hops and the RF,
/// from V ofmap values, `chunks` array passes summed over the values and `a`
/// DRAM rounds per value. ISCA Eq. (4)'s structure, counted as RSCostModel
/// counts RS's psums (reads plus writes at every level, the GON and GIN moves
/// between the array and the GLB included):
///  - array: every pass ends with the psum sent to the GLB, every pass but a
///    value's first starts with it received back: 2*chunks - V;
///  - GLB: written at the end of each pass and read back for the next, read
///    out and written back at each of the a-1 DRAM round trips, read once
///    more on the way to DRAM at the end: 2*chunks + 2*(a-1)*V;
///  - DRAM: a writes and a-1 reads per value: (2a-1)*V.
/// (Eq. (4) proper charges a move between two levels at the higher one only:
/// GLB 2*(chunks - a*V), array hops only, RF 2(d-1) per run.)
struct PsumCounts {
  double array, glb, dram;
};
PsumCounts psumCounts(double values, double chunks, double a) {
  return {2 * chunks - values, 2 * chunks + 2 * (a - 1) * values,
          (2 * a - 1) * values};
}

/// One kind of GLB tile: its extents (partial tiles are smaller).
struct TileKind {
  int64_t n, m, c, h;
};

/// Whether OS-A's and OS-B's "multiple ofmap pixels" may come from several
/// images of the batch. ISCA §IV-B says no: SOC-MOP "focuses on processing a
/// single plane of ofmap at a time", and MOC-SOP is the one "used mainly for
/// FC layers, since it processes multiple ofmap channels but with only one
/// pixel in a channel at a time" -- an FC ofmap plane has one pixel, and the
/// batch does not count as more. (true: docs/Dataflows.md gives the numbers.)
constexpr bool kPixelsOfSeveralImages = false;

/// How much of the ifmap window a PE block reads once from the GLB and passes
/// between PEs (OS-A, OS-B).
enum class ConvReuse { None, OneD, TwoD };

/// A dataflow's spatial mapping; the meaning of p[] is per dataflow.
struct Params {
  std::array<int64_t, 4> p{1, 1, 1, 1};
};

/// The dataflow-specific part of the model.
class ArrayModel {
public:
  ArrayModel(Dataflow df, const Geometry &g, const TargetModel &target,
             const DataflowStorage &storage)
      : df(df), g(g), rows(target.numPERows()), cols(target.numPECols()),
        pes(target.numPEs()), rfCap(storage.rfWordsPerPE) {
    // OS-A: 2-D reuse keeps the last strideH filter rows of S values to pass
    // up, 1-D reuse the last strideW values to pass left; OS-B 1-D only.
    bool vert = g.verticalOverlap(), horiz = g.horizontalOverlap();
    int64_t need2D = 1 + g.strideH * g.S;
    int64_t need1D = 1 + g.strideW;
    reuse = ConvReuse::None;
    rfNeed = 1;
    if (df == Dataflow::OSA && vert && need2D <= rfCap) {
      reuse = ConvReuse::TwoD;
      rfNeed = need2D;
    } else if ((df == Dataflow::OSA || df == Dataflow::OSB) && horiz &&
               need1D <= rfCap) {
      reuse = ConvReuse::OneD;
      rfNeed = need1D;
    }
    switch (df) {
    case Dataflow::WS:
    case Dataflow::OSC:
      rfNeed = 1;
      break;
    case Dataflow::NLR:
      rfNeed = 0;
      break;
    default:
      break;
    }
  }

  int64_t rfWordsNeeded() const { return rfNeed; }

  /// The spatial mappings worth trying for a GLB tile of these extents.
  std::vector<Params> enumerate(const TileKind &t) const {
    std::vector<Params> out;
    switch (df) {
    case Dataflow::WS:
      // Planes of ct channels side by side (psums not summed across them:
      // more channels per pass only help when there are few filters).
      if (g.RS <= pes) {
        for (int64_t ct : candidates(t.c, pes / g.RS)) {
          int64_t mt = balance(t.m, pes / (ct * g.RS));
          out.push_back({{mt, ct, 1, 1}});
        }
      } else {
        // A filter plane larger than the array: cut into u parts of at most
        // ceil(RS/u) weights, each accumulated like a plane of its own.
        int64_t u = ceilDiv(g.RS, pes);
        int64_t mt = balance(t.m, pes / ceilDiv(g.RS, u));
        out.push_back({{mt, 1, u, 1}});
      }
      break;
    case Dataflow::OSA:
      for (int64_t ht : candidates(t.h, std::max(rows, cols)))
        for (int64_t wt : candidates(g.F, std::max(rows, cols))) {
          int64_t grid = 0;
          if (ht <= rows && wt <= cols)
            grid = (rows / ht) * (cols / wt);
          if (ht <= cols && wt <= rows)
            grid = std::max(grid, (cols / ht) * (rows / wt));
          if (grid == 0)
            continue;
          int64_t nb = kPixelsOfSeveralImages ? balance(t.n, grid) : 1;
          out.push_back({{ht, wt, nb, 1}});
        }
      break;
    case Dataflow::OSB:
      // Filters along one side of the array, pixels (ofmap rows x a run of
      // ofmap columns, of one image) along the other.
      for (auto [filterSide, pixelSide] :
           {std::pair(rows, cols), std::pair(cols, rows)}) {
        int64_t mt = balance(t.m, filterSide);
        for (int64_t wt : candidates(g.F, pixelSide))
          for (int64_t ht : candidates(t.h, pixelSide / wt)) {
            int64_t nb = kPixelsOfSeveralImages
                             ? balance(t.n, pixelSide / (wt * ht))
                             : 1;
            out.push_back({{mt, wt, ht, nb}});
          }
        if (rows == cols)
          break;
      }
      break;
    case Dataflow::OSC:
      out.push_back({{balance(t.m, pes), 1, 1, 1}});
      break;
    case Dataflow::NLR:
      for (int64_t ct : candidates(t.c, pes))
        out.push_back({{balance(t.m, pes / ct), ct, 1, 1}});
      break;
    }
    return out;
  }

  /// Sum over the blocks of `block` outputs that cover `extent` outputs of
  /// the touched ifmap indices of each block.
  static int64_t blockTouched(const std::vector<int64_t> &prefix,
                              int64_t extent, int64_t block) {
    block = std::min(block, extent);
    return (extent / block) * prefix[block] + prefix[extent % block];
  }

  /// Accesses of one visit of a GLB tile of kind `t`.
  Inner evaluate(const TileKind &t, const Params &pr) const {
    Inner in;
    const double macs = double(t.n) * t.m * t.c * t.h * g.F * g.RS;
    const double values = double(t.n) * t.m * t.h * g.F; // ofmap values
    in.macs = macs;
    // Every MAC's two operands reach its PE over the array (from the GLB or
    // from another PE), except WS's stationary weight (counted below).
    in.array[kIf] = macs;
    in.array[kFi] = macs;
    // Output stationary: a psum stays in one PE for the tile's c*R*S
    // accumulations (ISCA Eq. (4) with c = 1, d = c*R*S), each a read and a
    // write of the RF.
    auto outputStationaryPsums = [&] {
      in.psumChunks = values;
      in.rfRead[kPs] = in.rfWrite[kPs] = macs;
    };
    switch (df) {
    case Dataflow::WS: {
      int64_t mt = pr.p[0], ct = pr.p[1], u = pr.p[2];
      int64_t mChunks = ceilDiv(t.m, mt);
      // Psum chains per ofmap value: one per filter plane (or plane part).
      int64_t chains = t.c * u;
      double weights = double(t.m) * t.c * g.RS;
      // Each weight is loaded once per tile visit into one PE's RF and read
      // by every MAC that PE does.
      in.glbRead[kFi] = weights;
      in.array[kFi] = weights;
      in.rfWrite[kFi] = weights;
      in.rfRead[kFi] = macs;
      // The ifmap window of a pass's channels is read once per pass and
      // broadcast to the PEs that hold weights of its channel.
      in.glbRead[kIf] = double(mChunks) * (u == 1 ? 1 : u) * t.n * t.c *
                        g.rowsTouched[t.h] * g.colsTouched[g.F];
      // ISCA §IV-A: the psums of a plane's R x S PEs are "accumulated
      // spatially across these PEs" (ISCA c = R*S, d = 1), then "stored to
      // the global buffer" until the other channels' planes add theirs.
      in.psumChunks = values * chains;
      in.array[kPs] = values * (double(t.c) * g.RS - chains);
      in.cycles = double(mChunks) * (u == 1 ? ceilDiv(t.c, ct) : t.c * u) *
                  t.n * t.h * g.F;
      break;
    }
    case Dataflow::OSA: {
      int64_t ht = pr.p[0], wt = pr.p[1], nb = pr.p[2];
      double rowBlocks = ceilDiv(t.h, ht), colBlocks = ceilDiv(g.F, wt),
             imageGroups = ceilDiv(t.n, nb);
      double window = 0;
      switch (reuse) {
      case ConvReuse::TwoD:
        window = double(blockTouched(g.rowsTouched, t.h, ht)) *
                 blockTouched(g.colsTouched, g.F, wt);
        break;
      case ConvReuse::OneD:
        window = double(t.h) * g.R * blockTouched(g.colsTouched, g.F, wt);
        break;
      case ConvReuse::None:
        window = double(t.h) * g.F * g.RS;
        break;
      }
      // One ofmap channel at a time: the window is read again per filter.
      in.glbRead[kIf] = double(t.m) * t.c * t.n * window;
      if (reuse != ConvReuse::None)
        in.rfWrite[kIf] = in.rfRead[kIf] = macs;
      // One weight at a time, broadcast to the whole block.
      in.glbRead[kFi] =
          double(t.m) * t.c * g.RS * rowBlocks * colBlocks * imageGroups;
      outputStationaryPsums();
      in.cycles = rowBlocks * colBlocks * imageGroups * t.m * t.c * g.RS;
      break;
    }
    case Dataflow::OSB: {
      int64_t mt = pr.p[0], wt = pr.p[1], ht = pr.p[2], nb = pr.p[3];
      double mChunks = ceilDiv(t.m, mt), colBlocks = ceilDiv(g.F, wt),
             rowGroups = ceilDiv(t.h, ht), imageGroups = ceilDiv(t.n, nb);
      // Each ifmap row segment is read once per filter chunk and multicast
      // to the filters; along the row it is passed PE to PE (1-D reuse).
      double segment = reuse == ConvReuse::OneD
                           ? double(g.R) * blockTouched(g.colsTouched, g.F, wt)
                           : double(g.F) * g.RS;
      in.glbRead[kIf] = mChunks * t.c * t.n * t.h * segment;
      if (reuse != ConvReuse::None)
        in.rfWrite[kIf] = in.rfRead[kIf] = macs;
      // Each weight is read once per pixel block and sent along its row.
      in.glbRead[kFi] =
          double(t.m) * t.c * g.RS * colBlocks * rowGroups * imageGroups;
      outputStationaryPsums();
      in.cycles =
          mChunks * colBlocks * rowGroups * imageGroups * t.c * g.RS;
      break;
    }
    case Dataflow::OSC: {
      int64_t mt = pr.p[0];
      double mChunks = ceilDiv(t.m, mt);
      // One ofmap pixel, mt channels: each ifmap value is multicast to the
      // mt PEs; every PE needs its own weight for every MAC.
      in.glbRead[kIf] = mChunks * t.n * t.h * g.F * t.c * g.RS;
      in.glbRead[kFi] = macs;
      outputStationaryPsums();
      in.cycles = mChunks * t.n * t.h * g.F * t.c * g.RS;
      break;
    }
    case Dataflow::NLR: {
      int64_t mt = pr.p[0], ct = pr.p[1];
      double mChunks = ceilDiv(t.m, mt), cChunks = ceilDiv(t.c, ct);
      // Groups of mt PEs share an ifmap value (one channel per group); every
      // PE reads its own weight; psums are summed across the ct groups and
      // go back to the GLB after every (channel chunk, r, s) step.
      in.glbRead[kIf] = mChunks * t.n * t.h * g.F * t.c * g.RS;
      in.glbRead[kFi] = macs;
      in.psumChunks = values * cChunks * g.RS;
      in.array[kPs] = values * (double(t.c) * g.RS - cChunks * g.RS);
      in.cycles = double(t.n) * t.h * g.F * mChunks * cChunks * g.RS;
      break;
    }
    }
    return in;
  }

  /// PEs busy in a full pass of a tile of kind `t`.
  int64_t activePEs(const TileKind &t, const Params &pr) const {
    switch (df) {
    case Dataflow::WS:
      if (pr.p[2] > 1)
        return std::min(pr.p[0], t.m) * ceilDiv(g.RS, pr.p[2]);
      return std::min(pr.p[0], t.m) * std::min(pr.p[1], t.c) * g.RS;
    case Dataflow::OSA:
      return std::min(pr.p[0], t.h) * std::min(pr.p[1], g.F) *
             std::min(pr.p[2], t.n);
    case Dataflow::OSB:
      return std::min(pr.p[0], t.m) * std::min(pr.p[1], g.F) *
             std::min(pr.p[2], t.h) * std::min(pr.p[3], t.n);
    case Dataflow::OSC:
      return std::min(pr.p[0], t.m);
    case Dataflow::NLR:
      return std::min(pr.p[0], t.m) * std::min(pr.p[1], t.c);
    }
    llvm_unreachable("unknown dataflow");
  }

  std::string describe(const Params &pr) const {
    switch (df) {
    case Dataflow::WS:
      if (pr.p[2] > 1)
        return formatv("array {0} filters x 1/{1} of a {2}-weight plane",
                       pr.p[0], pr.p[2], g.RS);
      return formatv("array {0} filters x {1} channel planes of {2} weights",
                     pr.p[0], pr.p[1], g.RS);
    case Dataflow::OSA:
      return formatv("array {0} images x {1}x{2} ofmap pixels of one channel "
                     "({3} ifmap reuse)",
                     pr.p[2], pr.p[0], pr.p[1], reuseName());
    case Dataflow::OSB:
      return formatv("array {0} filters x ({1} images x {2} rows x {3} "
                     "columns) ({4} ifmap reuse)",
                     pr.p[0], pr.p[3], pr.p[2], pr.p[1], reuseName());
    case Dataflow::OSC:
      return formatv("array {0} filters x 1 ofmap pixel", pr.p[0]);
    case Dataflow::NLR:
      return formatv("array {0} channels x {1} filters", pr.p[1], pr.p[0]);
    }
    llvm_unreachable("unknown dataflow");
  }

private:
  StringRef reuseName() const {
    switch (reuse) {
    case ConvReuse::None:
      return "no";
    case ConvReuse::OneD:
      return "1-D";
    case ConvReuse::TwoD:
      return "2-D";
    }
    llvm_unreachable("unknown reuse");
  }

  Dataflow df;
  const Geometry &g;
  int64_t rows, cols, pes, rfCap;
  ConvReuse reuse;
  int64_t rfNeed;
};

//===----------------------------------------------------------------------===//
// DRAM level: GLB tiles and the order of their loops
//===----------------------------------------------------------------------===//

enum Dim { DimN = 0, DimM = 1, DimC = 2, DimE = 3 };
constexpr const char *kDimNames[] = {"n", "m", "c", "e"};

struct GLBTile {
  std::array<int64_t, 4> size; ///< n, m, c, h.
};

struct DRAMCost {
  double ifmapReads = 0, filterReads = 0;
  double psumRounds = 1; ///< ISCA's a.
  std::array<int, 4> order{0, 1, 2, 3};
  double energy = std::numeric_limits<double>::infinity();
};

/// Best loop order of the tile loops for DRAM traffic. `ifmapWords` is the
/// layer's ifmap fetched once with this strip height (halos included).
DRAMCost bestOrder(const Geometry &g, const GLBTile &tile, double ifmapWords,
                   const Costs &e) {
  std::array<int64_t, 4> ext{g.N, g.M, g.C, g.E};
  std::array<int64_t, 4> trips;
  for (int d = 0; d < 4; ++d)
    trips[d] = ceilDiv(ext[d], tile.size[d]);
  double filterWords = double(g.M) * g.C * g.RS;
  double values = double(g.N) * g.M * g.E * g.F;

  DRAMCost best;
  std::array<int, 4> order{0, 1, 2, 3};
  do {
    std::array<int, 4> pos;
    for (int i = 0; i < 4; ++i)
      pos[order[i]] = i;
    // Position of the innermost loop a tensor depends on that has more than
    // one trip; loops it does not depend on outside that position fetch it
    // again.
    auto innermost = [&](std::initializer_list<Dim> deps) {
      int p = -1;
      for (Dim d : deps)
        if (trips[d] > 1)
          p = std::max(p, pos[d]);
      return p;
    };
    auto refetch = [&](std::initializer_list<Dim> others, int p) {
      double k = 1;
      for (Dim d : others)
        if (trips[d] > 1 && pos[d] < p)
          k *= trips[d];
      return k;
    };
    double ifmap = ifmapWords * refetch({DimM}, innermost({DimN, DimC, DimE}));
    double filter =
        filterWords * refetch({DimN, DimE}, innermost({DimM, DimC}));
    double a = refetch({DimC}, innermost({DimN, DimM, DimE}));
    // Fills of the GLB, and psumCounts' terms in a (the chunks are the
    // array model's).
    double energy = e.dram * (ifmap + filter + (2 * a - 1) * values) +
                    e.glb * (ifmap + filter + 2 * (a - 1) * values);
    if (energy < best.energy) {
      best.energy = energy;
      best.ifmapReads = ifmap;
      best.filterReads = filter;
      best.psumRounds = a;
      best.order = order;
    }
  } while (std::next_permutation(order.begin(), order.end()));
  return best;
}

/// The kinds of tile (full and partial in each dimension) and their counts.
void forEachKind(const Geometry &g, const GLBTile &tile,
                 function_ref<void(const TileKind &, double)> fn) {
  std::array<int64_t, 4> ext{g.N, g.M, g.C, g.E};
  std::array<std::array<std::pair<int64_t, int64_t>, 2>, 4> parts;
  for (int d = 0; d < 4; ++d) {
    int64_t t = std::min(tile.size[d], ext[d]);
    parts[d][0] = {t, ext[d] / t};
    parts[d][1] = {ext[d] % t, ext[d] % t ? 1 : 0};
  }
  for (auto [n, kn] : parts[DimN])
    for (auto [m, km] : parts[DimM])
      for (auto [c, kc] : parts[DimC])
        for (auto [h, kh] : parts[DimE])
          if (kn && km && kc && kh)
            fn(TileKind{n, m, c, h}, double(kn) * km * kc * kh);
}

/// Words of one GLB tile of each tensor (double: extents up to 2^20 each).
double glbFootprint(const Geometry &g, const GLBTile &t) {
  double n = t.size[DimN], m = t.size[DimM], c = t.size[DimC],
         h = t.size[DimE];
  return n * c * g.rowsTouched[t.size[DimE]] * g.colsTouched[g.F] +
         m * c * g.RS + n * m * h * g.F;
}

} // namespace

//===----------------------------------------------------------------------===//
// The search
//===----------------------------------------------------------------------===//

Expected<DataflowResult> eyeriss::evaluateDataflow(Dataflow dataflow,
                                                   const LayerShape &shape,
                                                   const TargetModel &target) {
  Expected<Geometry> geometry = getGeometry(shape);
  if (!geometry)
    return geometry.takeError();
  const Geometry &g = *geometry;
  StringRef name = stringifyDataflow(dataflow);

  DataflowResult result;
  result.dataflow = dataflow;
  result.storage = equalAreaStorage(dataflow, target);
  const DataflowStorage &st = result.storage;
  if (st.numPEs < 1)
    return createStringError(formatv("{0}: the target has no PEs", name));
  bool outputStationary = dataflow == Dataflow::OSA ||
                          dataflow == Dataflow::OSB ||
                          dataflow == Dataflow::OSC;
  if ((outputStationary || dataflow == Dataflow::WS) && st.rfWordsPerPE < 1)
    return createStringError(formatv(
        "{0}: keeps a {1} in each PE's RF, but its equal-area RF has {2} "
        "words per PE",
        name, outputStationary ? "psum" : "weight", st.rfWordsPerPE));
  if (st.glbWords < 1)
    return createStringError(formatv(
        "{0}: the equal-area GLB has {1} words", name, st.glbWords));

  Costs e{target.energyPerAccess(EnergyLevel::MAC, EnergyUnit::Normalized),
          target.energyPerAccess(EnergyLevel::Spad, EnergyUnit::Normalized),
          target.energyPerAccess(EnergyLevel::Array, EnergyUnit::Normalized),
          target.energyPerAccess(EnergyLevel::GLB, EnergyUnit::Normalized),
          target.energyPerAccess(EnergyLevel::DRAM, EnergyUnit::Normalized)};
  ArrayModel model(dataflow, g, target, st);

  // Smallest tile first: if it does not fit, nothing does.
  GLBTile smallest{{1, 1, 1, 1}};
  if (double need = glbFootprint(g, smallest); need > st.glbWords)
    return createStringError(formatv(
        "{0}: the smallest GLB tile (1 image, 1 filter, 1 channel, 1 ofmap "
        "row: {1} ifmap + {2} filter + {3} psum words = {4}) exceeds the "
        "equal-area GLB of {5} words",
        name, g.rowsTouched[1] * g.colsTouched[g.F], g.RS, g.F, static_cast<int64_t>(need),
        st.glbWords));

  std::vector<int64_t> candN = candidates(g.N, g.N),
                       candM = candidates(g.M, g.M),
                       candC = candidates(g.C, g.C),
                       candE = candidates(g.E, g.E);

  const double macsPerGroup = double(g.N) * g.M * g.C * g.E * g.F * g.RS;
  const double valuesPerGroup = double(g.N) * g.M * g.E * g.F;
  double bestEnergy = std::numeric_limits<double>::infinity();
  double bestCycles = std::numeric_limits<double>::infinity();
  GLBTile bestTile = smallest;
  Params bestParams;
  DRAMCost bestDRAM;
  for (int64_t h : candE) {
    double ifmapWords = double(g.N) * g.C * g.realCols *
                        realTouchedSum(g.E, h, g.strideH, g.R, g.dilH,
                                       g.padTop, g.H);
    for (int64_t n : candN)
      for (int64_t m : candM)
        for (int64_t c : candC) {
          GLBTile tile{{n, m, c, h}};
          if (glbFootprint(g, tile) > double(st.glbWords))
            break; // larger c only grows the footprint
          DRAMCost dram = bestOrder(g, tile, ifmapWords, e);
          // The array part costs at least the MACs and, for every ofmap
          // value, one pass out of the array and into the GLB.
          if (dram.energy + e.mac * macsPerGroup +
                  2 * (e.glb + e.array) * valuesPerGroup >
              bestEnergy * (1 + 1e-12))
            continue;
          for (const Params &pr : model.enumerate({n, m, c, h})) {
            double energy = dram.energy, cycles = 0;
            forEachKind(g, tile, [&](const TileKind &k, double count) {
              Inner in = model.evaluate(k, pr);
              energy += count * in.energy(e);
              cycles += count * in.cycles;
            });
            // Least energy; among equal energies, fewest cycles.
            constexpr double kTie = 1e-12;
            if (energy < bestEnergy * (1 - kTie) ||
                (energy <= bestEnergy * (1 + kTie) && cycles < bestCycles)) {
              bestEnergy = energy;
              bestCycles = cycles;
              bestTile = tile;
              bestParams = pr;
              bestDRAM = dram;
            }
          }
        }
  }
  if (!std::isfinite(bestEnergy))
    return createStringError(
        formatv("{0}: no mapping fits the PE array and storage", name));

  // The chosen mapping's counts, one group, then all groups.
  Inner inner;
  forEachKind(g, bestTile, [&](const TileKind &k, double count) {
    inner.add(model.evaluate(k, bestParams), count);
  });
  AccessCounts &ct = result.counts;
  DataKind kinds[] = {DataKind::Ifmap, DataKind::Filter, DataKind::Psum};
  for (int i = 0; i < 3; ++i) {
    ct.glb[kinds[i]] = inner.glbRead[i];
    ct.array[kinds[i]] = inner.array[i];
    ct.spad[kinds[i]] = inner.inputRFReads(i) + inner.rfWrite[i];
  }
  PsumCounts psums = psumCounts(valuesPerGroup, inner.psumChunks,
                                bestDRAM.psumRounds);
  ct.dram[DataKind::Ifmap] = bestDRAM.ifmapReads;
  ct.dram[DataKind::Filter] = bestDRAM.filterReads;
  ct.dram[DataKind::Psum] = psums.dram;
  // Words fetched from DRAM are written into the GLB.
  ct.glb[DataKind::Ifmap] += bestDRAM.ifmapReads;
  ct.glb[DataKind::Filter] += bestDRAM.filterReads;
  ct.glb[DataKind::Psum] = psums.glb;
  ct.array[DataKind::Psum] += psums.array;
  ct.macs = inner.macs;
  ct *= double(g.groups);
  result.energy = computeEnergy(ct, target, EnergyUnit::Normalized);

  TileKind full{bestTile.size[DimN], bestTile.size[DimM], bestTile.size[DimC],
                bestTile.size[DimE]};
  result.activePEs = model.activePEs(full, bestParams);
  result.cycles = static_cast<int64_t>(inner.cycles) * g.groups;
  result.utilization =
      result.cycles > 0 ? ct.macs / (double(st.numPEs) * result.cycles) : 0;
  result.rfWordsUsed = model.rfWordsNeeded();
  result.glbWordsUsed = static_cast<int64_t>(glbFootprint(g, bestTile));
  std::string order;
  for (int d : bestDRAM.order)
    order += std::string(order.empty() ? "" : ",") + kDimNames[d];
  result.mapping =
      formatv("{0}; GLB tile n={1} m={2} c={3} rows={4} of {5} ({6} words); "
              "DRAM loops {7}",
              model.describe(bestParams), bestTile.size[DimN],
              bestTile.size[DimM], bestTile.size[DimC], bestTile.size[DimE],
              g.E, result.glbWordsUsed, order)
          .str();
  return result;
}
