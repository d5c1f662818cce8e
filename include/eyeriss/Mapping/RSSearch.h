//===- RSSearch.h - Searching the row-stationary mapping space --*- C++ -*-===//
//
// Finds the best row-stationary mapping of a layer under an objective. The
// default search enumerates the space with pruning that provably keeps an
// optimum (docs/Mapping.md, "Search"); the exhaustive mode enumerates every
// mapping and exists to check that claim (unit tests compare the two).
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_MAPPING_RSSEARCH_H
#define EYERISS_MAPPING_RSSEARCH_H

#include "eyeriss/Mapping/RSCostModel.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>

namespace eyeriss {

enum class MappingObjective {
  /// Energy in pJ from the architecture file: dynamic plus idle power over
  /// the layer's latency, so that a target with leakage does not favour
  /// slow mappings. (Where idle power is 0 and pJ are proportional to the
  /// normalized costs, as in the ISCA set-up, this is the ISCA metric.)
  /// Ties go to fewer cycles.
  Energy,
  Latency,     ///< Total cycles; ties go to less energy.
  EnergyDelay, ///< Energy (pJ) x total cycles.
};

llvm::StringRef stringifyMappingObjective(MappingObjective objective);
std::optional<MappingObjective> symbolizeMappingObjective(llvm::StringRef str);

/// The value the search minimizes.
double objectiveValue(const RSCost &cost, MappingObjective objective);

struct RSSearchOptions {
  MappingObjective objective = MappingObjective::Energy;
  bool exhaustive = false;
};

struct RSSearchResult {
  RSMapping mapping;
  RSCost cost;
  int64_t mappingsEvaluated = 0;
};

/// The best mapping of the model's layer, or an error naming the parameter
/// and the limit that leave it without any mapping.
llvm::Expected<RSSearchResult> searchRSMapping(const RSLayerModel &model,
                                               const RSSearchOptions &options);

} // namespace eyeriss

#endif // EYERISS_MAPPING_RSSEARCH_H
