//===- Multicast.h - NoC row/col IDs of a processing pass -------*- C++ -*-===//
//
// The chip delivers data to PEs by tag matching (JSSC 2017 §V-B): every word
// on a GIN carries a (row, col) tag; the X-bus of a PE row takes it if the
// row tag equals the row's ID, and a PE takes it if the col tag equals the
// PE's col ID. The scan chain sets the IDs per layer. This file lowers the
// logical deliveries of a row-stationary pass (which PE needs which filter
// row, ifmap row, psum) to those IDs and tags, honouring the ID widths of the
// architecture file, and checks the result by replaying the tag matching.
//
// Placement follows RSMapping.h: chain c sits in vertical slot c % slots and
// column slot c / slots; inside a chain, fold segment g, set j and filter
// row i occupy row (g*r + j)*R + i; PE column x of a segment holds ofmap row
// l = g*segmentCols + x of the strip. Psums enter a chain at its last row
// (set r-1, filter row R-1 of the segment) and leave at its first.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_MAPPING_MULTICAST_H
#define EYERISS_MAPPING_MULTICAST_H

#include "eyeriss/Mapping/RSMapping.h"

#include "llvm/Support/Error.h"

#include <vector>

namespace eyeriss {

/// The sizes of one processing pass: chains on filters, sets on channels
/// and the strip's ofmap rows actually used (partial passes use fewer).
struct PassShape {
  int64_t chains; ///< t_c <= t
  int64_t sets;   ///< r_c <= r
  int64_t rows;   ///< e_c <= e
};

/// What one PE does in a pass.
struct PERole {
  int64_t chain, segment, set, filterRow, ofmapRow;
};

/// One network's configuration: a row ID per X-bus and a col ID per PE.
/// `unusedID` (the largest ID) is never used as a tag.
struct NetworkConfig {
  std::vector<int64_t> rowID; ///< Per PE row.
  std::vector<int64_t> colID; ///< Per PE, row-major.
  int64_t unusedRowID = 0, unusedColID = 0;
};

/// A transfer's tag.
struct Tag {
  int64_t row, col;
  bool operator==(const Tag &o) const { return row == o.row && col == o.col; }
};

struct MulticastPlan {
  int64_t rows = 0, cols = 0;
  std::vector<std::optional<PERole>> roles; ///< In this pass, per PE.
  /// In the layer's full pass (what the IDs are configured for).
  std::vector<std::optional<PERole>> layerRoles;
  NetworkConfig filter, ifmap, psum;
  /// Tags of each filter row item (chain, set, filterRow), indexed
  /// (chain * sets + set) * R + filterRow: one transfer each.
  std::vector<Tag> filterTags;
  /// Tags of each ifmap row item (set, ifmap row rho of the strip), indexed
  /// set * stripRows + rho: one transfer per row-ID group that needs it.
  std::vector<std::vector<Tag>> ifmapTags;
  int64_t stripRows = 0;
  /// The ifmap GIN's grouping of a set's PE rows (docs/Multicast.md): the
  /// X-bus of group g of set j has row ID j * ifmapGroups + g, and ifmap row
  /// rho reaches the PEs of group g that need it with col ID
  /// (rho - ifmapGroupFirst[g]) / ifmapColIDStep. The step is 1, or the
  /// vertical stride U when each group holds one residue class mod U.
  int64_t ifmapGroups = 0, ifmapColIDStep = 1;
  std::vector<int64_t> ifmapGroupFirst;
  /// Tags of each psum row item (chain, segment, column), indexed
  /// (chain * segments + segment) * segmentCols + column.
  std::vector<Tag> psumTags;
  int64_t segments = 0, segmentCols = 0;
  /// Ifmap GIN transfers per ifmap value (per image and channel): sum over
  /// ifmap rows of their transfers, divided by the rows.
  double ifmapTransfersPerRow() const;
};

/// Lowers the deliveries of a pass of `shape` (within the full pass of
/// `mapping`) to IDs and tags. Fails, naming the network and the limit, if
/// the IDs do not fit the architecture's ID bits.
llvm::Expected<MulticastPlan> planMulticast(const RSLayerDims &dims,
                                            const RSMapping &mapping,
                                            const PassShape &shape,
                                            const TargetModel &target);

/// Replays the tag matching of every transfer of `plan` and checks that each
/// PE active in the pass receives exactly the filter rows, ifmap rows and
/// psums its role needs, and PEs the layer does not use receive nothing. The
/// IDs are the layer's, so in a partial pass a PE the layer uses but the
/// pass does not may also take a filter or ifmap row — only one its role in
/// a full pass would need; its psums are not collected. The error names the
/// first mismatch.
llvm::Error checkMulticast(const MulticastPlan &plan, const RSLayerDims &dims,
                           const RSMapping &mapping, const PassShape &shape,
                           const TargetModel &target);

/// How the ifmap GIN's row IDs group the PE rows of a set (the fold
/// segments' filter rows) so that the ifmap rows each group needs fit
/// `usableColIDs`, exactly as planMulticast groups them: the contiguous
/// grouping (col ID = ifmap row - group's first) or, at vertical stride
/// U > 1, the residue grouping (groups within one class of ifmap rows mod U,
/// col ID = (ifmap row - group's first) / U), whichever has at most
/// `maxGroups` groups (the row IDs a set may use: usable row IDs / r) and
/// needs fewer transfers (then fewer groups, then the contiguous one).
/// Returns the number of groups — more than `maxGroups` if neither fits the
/// row IDs (the fewer of the two) — or 0 if a single PE row needs more col
/// IDs than there are (unroutable). Shared by the mapper's limits and
/// planMulticast.
int64_t countIfmapRowIDGroups(const RSLayerDims &dims, int64_t e,
                              int64_t foldFactor, int64_t segmentCols,
                              int64_t usableColIDs, int64_t maxGroups);

/// The distinct pass shapes of a layer under `mapping` (full and partial
/// chunks of filters, channels and strips).
std::vector<PassShape> getPassShapes(const RSLayerDims &dims,
                                     const RSMapping &mapping);

} // namespace eyeriss

#endif // EYERISS_MAPPING_MULTICAST_H
