//===- RSMapping.h - A row-stationary mapping of one layer ------*- C++ -*-===//
//
// The parameters of JSSC 2017 Table II that say how a CONV or FC layer is laid
// onto the PE array in the row-stationary dataflow, and where its PE sets land
// on the physical array. One convention is written down here and used by the
// cost model, the search, the IR attribute and (later) the tiling and the
// simulator, so that they all agree on what a mapping means.
//
// Per group of a grouped convolution (C and M below are per group):
//  - a logical PE set is R rows (filter rows) x E columns (ofmap rows);
//  - e: ofmap rows per strip; E is strip-mined into ceil(E/e) strips. A set of
//    R x e wider than the array is folded: cut into k = ceil(e/cols) column
//    segments of at most ceil(e/k) PEs, stacked vertically (JSSC CONV2:
//    5x27 as 5x14 + 5x13);
//  - p filters and q channels are interleaved in each PE;
//  - r sets work on different channels; their psums are summed in the array,
//    so the r sets of one filter group are stacked into one vertical psum
//    chain of r*R*k rows;
//  - t chains work on different filters and share ifmaps; they fill the array
//    top to bottom, then left to right;
//  - n ifmaps (batch) per processing pass;
//  - m ofmap channels have their psums kept in the GLB (a multiple of p*t, or
//    all of them).
// One processing pass covers p*t filters x q*r channels x n ifmaps x e ofmap
// rows. Its loop nest (outermost first):
//   groups, m-groups of ofmap channels, batch chunks of n, strips of e,
//   channel chunks of q*r (ifmaps brought into the GLB), filter chunks of p*t
//   within the m-group (one processing pass each).
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_MAPPING_RSMAPPING_H
#define EYERISS_MAPPING_RSMAPPING_H

#include "eyeriss/Arch/TargetModel.h"
#include "eyeriss/Workload/LayerShape.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace eyeriss {

struct RSMapping {
  int64_t m = 1; ///< Ofmap channels whose psums stay in the GLB.
  int64_t n = 1; ///< Ifmaps (batch) per processing pass.
  int64_t e = 1; ///< Ofmap rows per strip (width of a PE set).
  int64_t p = 1; ///< Filters interleaved in a PE.
  int64_t q = 1; ///< Channels interleaved in a PE.
  int64_t r = 1; ///< PE sets on different channels.
  int64_t t = 1; ///< PE sets on different filters.

  bool operator==(const RSMapping &o) const {
    return m == o.m && n == o.n && e == o.e && p == o.p && q == o.q &&
           r == o.r && t == o.t;
  }
  bool operator!=(const RSMapping &o) const { return !(*this == o); }
  /// "m=96 n=1 e=7 p=16 q=1 r=1 t=2".
  std::string str() const;
};

/// The parts of a layer's shape the mapping works with, per group.
struct RSLayerDims {
  int64_t N, C, M, R, S, E, F;
  int64_t groups;
  int64_t strideH, strideW, dilationH, dilationW;
  /// Ifmap extent including padding.
  int64_t paddedH, paddedW;
  /// Width of the ifmap window one filter row sees: (S-1)*dilationW + 1.
  int64_t dilatedS;

  static RSLayerDims get(const LayerShape &shape);
};

/// Where the PE sets of a full processing pass sit on the physical array.
struct RSPlacement {
  int64_t foldFactor;   ///< k: column segments a set of width e is cut into.
  int64_t segmentCols;  ///< ceil(e/k): PEs in the widest segment.
  int64_t chainRows;    ///< r*R*k: rows of one vertical psum chain.
  int64_t chainsPerColumn; ///< floor(rows / chainRows).
  int64_t chainsPerRow;    ///< floor(cols / segmentCols).
  int64_t activePEs;    ///< r*t*R*e.
  int64_t usedRows;     ///< PE rows holding at least one set.
  int64_t usedCols;     ///< PE columns holding at least one set.

  static RSPlacement get(const RSLayerDims &dims, const RSMapping &mapping,
                         const TargetModel &target);
};

/// Why a layer has no row-stationary mapping at all on a target (a filter
/// taller than the array, a filter row wider than a spad, ...), as an error
/// naming the parameter and the limit; success if some mapping may fit.
llvm::Error checkLayerIsMappable(const LayerShape &shape,
                                 const TargetModel &target);

} // namespace eyeriss

#endif // EYERISS_MAPPING_RSMAPPING_H
