//===- Stats.h - What a simulated run measured ------------------*- C++ -*-===//
//
// Per layer (a PE-array layer with its transfers, or a host op) and in
// total: access counts per level and data type (AccessCounts' conventions,
// shared with the mapper's cost model), cycles of each latency the chip
// paper defines, DRAM traffic with and without RLC, utilization, and the
// fixed-point events (window saturations, psum wraps). Energy and power are
// derived from the counts with the architecture file's costs.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_RUNTIME_STATS_H
#define EYERISS_RUNTIME_STATS_H

#include "eyeriss/Arch/TargetModel.h"
#include "eyeriss/ISA/Program.h"
#include "eyeriss/Mapping/AccessCounts.h"
#include "eyeriss/Mapping/RSMapping.h"

#include "llvm/Support/JSON.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eyeriss {
namespace runtime {

/// Where the PE array's cycles went in the processing passes of a layer.
struct ArrayCycleBreakdown {
  /// Pass start until the last PE has its filter rows (filter GIN).
  int64_t filterLoad = 0;
  /// PE-cycles spent in MACs, and waiting for ifmap values (ifmap GIN, GON
  /// backpressure) and for psums from below (local links, init network).
  int64_t peMacCycles = 0;
  int64_t peIfmapWait = 0;
  int64_t pePsumWait = 0;
  /// Cycles a network was busy.
  int64_t ifmapGinBusy = 0;
  int64_t filterGinBusy = 0;
  int64_t psumGinBusy = 0;
  int64_t gonBusy = 0;
  /// Cycles a GLB access waited for its bank's port.
  int64_t glbBankConflicts = 0;

  ArrayCycleBreakdown &operator+=(const ArrayCycleBreakdown &o);
};

struct LayerStats {
  std::string name;
  /// "conv", "fc" or "host".
  std::string kind;
  /// The PE-array layer's mapping and placement (not for host ops).
  std::optional<RSMapping> mapping;
  /// The layer's PE table (rows x cols, row-major), owned by the program.
  const std::vector<eyb::PEConfig> *peTable = nullptr;
  int64_t activePEs = 0;
  int64_t passes = 0;
  int64_t instructions = 0;

  AccessCounts counts;
  /// MACs the layer's passes covered, performed or zero-gated.
  int64_t macs = 0;

  /// The chip's "processing latency": the PE array's passes and the
  /// configuration load, with every transfer overlapped.
  int64_t processingCycles = 0;
  /// The chip's "total latency": every instruction of the layer back to
  /// back, DRAM transfers not overlapped.
  int64_t serialCycles = 0;
  /// Cycles of the DRAM interface (transfers and filter preloads).
  int64_t dramCycles = 0;
  int64_t configCycles = 0;
  /// From the layer's first instruction's start to its last one's end in
  /// the overlapped schedule (units run concurrently where the ordering
  /// rules of docs/ISA.md allow).
  int64_t overlappedCycles = 0;

  /// Bytes moved over the DRAM bus, and what they would be without RLC.
  uint64_t dramBytes = 0;
  uint64_t dramBytesUncompressed = 0;

  ArrayCycleBreakdown array;
  int64_t windowSaturations = 0;
  int64_t psumWraps = 0;
  /// Ofmap values whose final psum overflowed the psum format (its exact
  /// value is outside 16 bits): the chip writes a wrong value for each.
  /// Wraps of intermediate psums (psumWraps) are harmless when the final sum
  /// fits; these are not.
  int64_t psumOverflows = 0;
  int64_t outputSaturations = 0;
  /// Host ops: wall-clock seconds on this machine (not chip time).
  double hostSeconds = 0;

  void add(const LayerStats &o);
};

/// A whole run: its layers in program order and their sum.
struct RunStats {
  std::string program;
  std::string arch;
  double coreMHz = 0;
  double linkMHz = 0;
  int64_t numPEs = 0;
  std::vector<LayerStats> layers;
  LayerStats totals;
  /// Makespan of the overlapped schedule.
  int64_t overlappedCycles = 0;
};

/// Energy and derived figures of one LayerStats on a target, at the run's
/// clock.
struct LayerEnergy {
  EnergyBreakdown dynamicPJ;
  /// Idle (clock tree, leakage) energy over the processing latency.
  double idlePJ = 0;
  double onChipPJ() const { return dynamicPJ.total() - dynamicPJ.dram + idlePJ; }
  double totalPJ() const { return dynamicPJ.total() + idlePJ; }
  double processingMs = 0, totalMs = 0, overlappedMs = 0;
  /// On-chip power while processing (the chip's measured power excludes
  /// DRAM): on-chip energy over the processing latency.
  double powerMW = 0;
  /// MACs per core cycle per PE over the processing latency.
  double utilization = 0;
};
LayerEnergy computeLayerEnergy(const LayerStats &stats, const TargetModel &tm,
                               double coreMHz, int64_t numPEs);

/// The stats as JSON (the schema is in docs/Simulator.md).
llvm::json::Value toJSON(const RunStats &stats, const TargetModel &tm);

} // namespace runtime
} // namespace eyeriss

#endif // EYERISS_RUNTIME_STATS_H
