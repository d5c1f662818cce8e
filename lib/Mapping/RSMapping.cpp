//===- RSMapping.cpp - A row-stationary mapping of one layer --------------===//

#include "eyeriss/Mapping/RSMapping.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

using namespace eyeriss;
using namespace llvm;

static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

std::string RSMapping::str() const {
  return formatv("m={0} n={1} e={2} p={3} q={4} r={5} t={6}", m, n, e, p, q,
                 r, t)
      .str();
}

RSLayerDims RSLayerDims::get(const LayerShape &s) {
  RSLayerDims d;
  d.N = s.N;
  d.C = s.channelsPerGroup();
  d.M = s.filtersPerGroup();
  d.R = s.R;
  d.S = s.S;
  d.E = s.E;
  d.F = s.F;
  d.groups = s.groups;
  d.strideH = s.strideH;
  d.strideW = s.strideW;
  d.dilationH = s.dilationH;
  d.dilationW = s.dilationW;
  d.paddedH = s.H + s.padTop + s.padBottom;
  d.paddedW = s.W + s.padLeft + s.padRight;
  d.dilatedS = (s.S - 1) * s.dilationW + 1;
  return d;
}

RSPlacement RSPlacement::get(const RSLayerDims &d, const RSMapping &mp,
                             const TargetModel &target) {
  RSPlacement pl;
  int64_t rows = target.numPERows(), cols = target.numPECols();
  pl.foldFactor = ceilDiv(mp.e, cols);
  pl.segmentCols = ceilDiv(mp.e, pl.foldFactor);
  pl.chainRows = mp.r * d.R * pl.foldFactor;
  pl.chainsPerColumn = pl.chainRows > rows ? 0 : rows / pl.chainRows;
  pl.chainsPerRow = cols / pl.segmentCols;
  pl.activePEs = mp.r * mp.t * d.R * mp.e;
  // Chains fill a column of chain slots top to bottom, then the next.
  int64_t columnsOfChains =
      pl.chainsPerColumn ? ceilDiv(mp.t, pl.chainsPerColumn) : 0;
  pl.usedRows = std::min(mp.t, pl.chainsPerColumn) * pl.chainRows;
  pl.usedCols = columnsOfChains * pl.segmentCols;
  return pl;
}

Error eyeriss::checkLayerIsMappable(const LayerShape &shape,
                                    const TargetModel &target) {
  RSLayerDims d = RSLayerDims::get(shape);
  if (d.R > target.numPERows())
    return createStringError(
        formatv("filter height R = {0} exceeds the PE array's {1} rows: a "
                "row-stationary PE set needs one PE row per filter row and "
                "sets cannot be folded vertically",
                d.R, target.numPERows()));
  if (d.dilatedS > target.ifmapSpadWords())
    return createStringError(formatv(
        "a filter row spans {0} ifmap values (S = {1}, dilation {2}), more "
        "than the ifmap spad's {3} words",
        d.dilatedS, d.S, d.dilationW, target.ifmapSpadWords()));
  if (d.S > target.filterSpadWords())
    return createStringError(
        formatv("a filter row of S = {0} weights exceeds the filter spad's "
                "{1} words",
                d.S, target.filterSpadWords()));
  if (target.psumSpadWords() < 1)
    return createStringError("the psum spad holds no psum");
  if (d.R * d.S > target.glbFilterWords())
    return createStringError(
        formatv("one filter plane of R x S = {0} weights exceeds the GLB's "
                "filter region of {1} words",
                d.R * d.S, target.glbFilterWords()));
  return Error::success();
}
