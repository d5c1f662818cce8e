//===- AccessCounts.h - Accesses per storage level and data type -*- C++ -*-===//
//
// The currency of every cost model here (row stationary and the dataflows it
// is compared with) and of the simulator's statistics: how many data words
// were read or written at each level of the hierarchy, per data type, and how
// many MACs ran. Energy is these counts times the architecture file's cost per
// access (ISCA 2016's model), so two dataflows are compared on one footing.
//
// Counting conventions (shared by every producer of AccessCounts):
//  - DRAM, GLB, Spad: one count per data word read plus one per word written.
//  - Array: one count per data word received by a PE from the GINs, the GON or
//    a local link, or sent from the array to the GLB; a multicast to k PEs
//    counts k (ISCA 2016's a*b*c*E(array) term).
//  - MAC: one per multiply-accumulate the datapath performs (zero-gated MACs
//    are not performed and are counted in gatedMACs instead).
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_MAPPING_ACCESSCOUNTS_H
#define EYERISS_MAPPING_ACCESSCOUNTS_H

#include "eyeriss/Arch/TargetModel.h"

#include "llvm/ADT/StringRef.h"

#include <array>

namespace eyeriss {

/// The three data types that move through the hierarchy.
enum class DataKind { Ifmap = 0, Filter = 1, Psum = 2 };
inline constexpr int kNumDataKinds = 3;
llvm::StringRef stringifyDataKind(DataKind kind);

/// Accesses (in data words) at one storage level, per data type.
struct LevelAccesses {
  std::array<double, kNumDataKinds> words{0, 0, 0};

  double &operator[](DataKind kind) { return words[static_cast<int>(kind)]; }
  double operator[](DataKind kind) const {
    return words[static_cast<int>(kind)];
  }
  double total() const { return words[0] + words[1] + words[2]; }
  LevelAccesses &operator+=(const LevelAccesses &other);
};

struct AccessCounts {
  LevelAccesses dram, glb, array, spad;
  double macs = 0;
  /// MACs skipped by zero gating (not in `macs`).
  double gatedMACs = 0;

  const LevelAccesses &level(EnergyLevel level) const;
  AccessCounts &operator+=(const AccessCounts &other);
  AccessCounts &operator*=(double factor);
};

/// Energy per level in one unit.
struct EnergyBreakdown {
  double mac = 0, spad = 0, array = 0, glb = 0, dram = 0;
  double total() const { return mac + spad + array + glb + dram; }
  double at(EnergyLevel level) const;
  EnergyBreakdown &operator+=(const EnergyBreakdown &other);
};

/// Dynamic energy of `counts` under the target's per-access costs.
EnergyBreakdown computeEnergy(const AccessCounts &counts,
                              const TargetModel &target, EnergyUnit unit);

} // namespace eyeriss

#endif // EYERISS_MAPPING_ACCESSCOUNTS_H
