//===- RSCostModel.h - Access counts, energy and time of a mapping -*- C++ -*-===//
//
// The analytical model the mapper searches with: for a row-stationary mapping
// of a layer, how many words move at each level of the hierarchy (per data
// type), what that costs in energy (ISCA 2016's normalized costs and the
// architecture file's picojoules), how many cycles the processing passes and
// the DRAM transfers take, and how much of the GLB the mapping occupies. The
// counts are exact sums over the processing passes of the loop nest in
// RSMapping.h, partial passes included; docs/Mapping.md gives the formulas.
//
// Every limit (spads, GLB banks, filter GLB, array, NoC IDs) is checked here,
// from the architecture file, with a diagnostic that names the parameter.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_MAPPING_RSCOSTMODEL_H
#define EYERISS_MAPPING_RSCOSTMODEL_H

#include "eyeriss/Mapping/AccessCounts.h"
#include "eyeriss/Mapping/RSMapping.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Error.h"

#include <tuple>
#include <vector>

namespace eyeriss {

/// What the model assumes about the data: zero fractions (measured by a
/// calibration run or assumed) and which DRAM transfers are run-length
/// compressed. Compression and zero gating only apply if the target has them.
struct SparsityModel {
  /// Fraction of zeros in the layer's ifmap (zero gating, RLC of the input).
  double ifmapZeroFraction = 0;
  /// Fraction of zeros in the layer's ofmap after its activation (RLC).
  double ofmapZeroFraction = 0;
  /// The ifmap comes from DRAM compressed (not the network's first input).
  bool compressIfmap = true;
  /// The ofmap goes to DRAM compressed.
  bool compressOfmap = true;
};

struct RSCost {
  AccessCounts counts;
  EnergyBreakdown energy;      ///< Normalized (ISCA 2016) units.
  EnergyBreakdown energyPJ;    ///< Picojoules, dynamic.
  double staticEnergyPJ = 0;   ///< Idle power over the layer's total latency.
  int64_t passes = 0;          ///< Processing passes.
  int64_t activePEs = 0;       ///< PEs busy in a full pass.
  double averageActivePEs = 0; ///< Over passes, weighted by pass cycles.
  int64_t processingCycles = 0; ///< Core cycles of the passes alone.
  int64_t dramCycles = 0;       ///< Core cycles the DRAM transfers take.
  int64_t configCycles = 0;     ///< Loading the layer's configuration.
  /// Processing + DRAM + configuration, no overlap (the chip's "total").
  int64_t totalCycles() const {
    return processingCycles + dramCycles + configCycles;
  }
  /// MACs per PE per processing cycle.
  double utilization = 0;
  double dramWordsUncompressed = 0;
  // GLB footprint of a full pass, in data words and banks.
  int64_t glbIfmapWords = 0, glbPsumWords = 0, glbFilterWords = 0;
  int64_t glbIfmapBanks = 0, glbPsumBanks = 0;

  double totalEnergy() const { return energy.total(); }
  double totalEnergyPJ() const { return energyPJ.total() + staticEnergyPJ; }
};

/// The model of one layer on one target; the per-layer geometry is computed
/// once so that evaluating a mapping is cheap (the search calls it millions
/// of times).
class RSLayerModel {
public:
  RSLayerModel(const LayerShape &shape, const TargetModel &target,
               SparsityModel sparsity = {});

  const LayerShape &shape() const { return layer; }
  const RSLayerDims &dims() const { return d; }
  const TargetModel &target() const { return tm; }
  const SparsityModel &sparsity() const { return sp; }

  /// Whether the mapping respects every limit; the error names the first
  /// parameter that breaks one, and the limit.
  llvm::Error check(const RSMapping &mapping) const;
  bool fits(const RSMapping &mapping) const;
  /// Whether every limit but the GLB's holds (those do not depend on m).
  bool fitsIgnoringGLB(const RSMapping &mapping) const;
  /// Whether the GLB limits hold (the rest assumed).
  bool fitsGLB(const RSMapping &mapping) const;

  /// Costs of a mapping that fits.
  RSCost evaluate(const RSMapping &mapping) const;

  /// The part of the cost summed over processing passes, which does not
  /// depend on m (m only decides how often ifmaps are re-fetched). The
  /// exhaustive search sums passes once for every m.
  struct PassTotals {
    AccessCounts counts;
    int64_t passes = 0;
    double cycles = 0;
    double activeCycles = 0; ///< Active PEs x cycles.
  };
  PassTotals sumPasses(const RSMapping &mapping) const;
  /// The cost from precomputed pass totals; the mapping must fit (not
  /// checked again: this is the exhaustive search's inner loop).
  RSCost evaluate(const RSMapping &mapping, const PassTotals &passes) const;

  /// Ifmap rows touched by a strip of `rows` ofmap rows (padded coordinates).
  int64_t stripIfmapRows(int64_t rows) const { return stripRows[rows]; }
  /// Ifmap columns a filter row touches across the ofmap width.
  int64_t touchedIfmapCols() const { return touchedCols; }
  /// Rows of the dense GLB box of a strip of `rows` ofmap rows: from the
  /// first ifmap row it touches to the last, (rows-1)*U + (R-1)*D + 1.
  int64_t denseStripRows(int64_t rows) const {
    return (rows - 1) * d.strideH + (d.R - 1) * d.dilationH + 1;
  }
  /// Columns of a strip's dense GLB box.
  int64_t denseIfmapCols() const { return denseCols; }
  /// Largest m (<= M per group) the GLB holds beside the other parameters'
  /// ifmaps, or 0 if not even p*t fits.
  int64_t maxGLBChannels(const RSMapping &mapping) const;

  /// GLB words and banks of the ifmap and psum regions of a full pass.
  struct GLBFootprint {
    int64_t ifmapWords, psumWords, ifmapBanks, psumBanks, filterWords;
  };
  GLBFootprint glbFootprint(const RSMapping &mapping) const;

private:
  enum class Violation;
  Violation firstViolation(const RSMapping &mapping) const;
  /// countIfmapRowIDGroups for this layer, memoized: the search asks for the
  /// same (e, fold, segment width, row-ID budget) for many mappings. A model
  /// is therefore not shared between threads (each search builds its own).
  int64_t ifmapRowIDGroups(int64_t e, int64_t foldFactor, int64_t segmentCols,
                           int64_t maxGroups) const;

  LayerShape layer;
  const TargetModel &tm;
  SparsityModel sp;
  RSLayerDims d;
  int64_t touchedCols = 0, realTouchedCols = 0;
  int64_t denseCols = 0, realDenseCols = 0;
  std::vector<int64_t> stripRows;     ///< Indexed by strip height 0..E.
  /// Unpadded rows of the dense strip boxes, summed over the strips of e.
  std::vector<int64_t> realRowsByE;
  double ifmapDRAMWordsPerValue = 1, ofmapDRAMWordsPerValue = 1;
  mutable llvm::DenseMap<std::tuple<int64_t, int64_t, int64_t, int64_t>,
                         int64_t>
      ifmapGroupCache;
};

} // namespace eyeriss

#endif // EYERISS_MAPPING_RSCOSTMODEL_H
