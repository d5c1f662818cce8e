//===- Dataflows.h - The dataflows row stationary is compared with -*- C++ -*-===//
//
// Analytical energy models of the dataflows ISCA 2016 (Chen, Emer, Sze,
// "Eyeriss: A Spatial Architecture for Energy-Efficient Dataflow for CNNs",
// §IV and §VI-A) compares row stationary (RS) with: weight stationary (WS),
// output stationary in three variants (OS-A = SOC-MOP, OS-B = MOC-MOP,
// OS-C = MOC-SOP) and no local reuse (NLR). RS itself is RSCostModel.h /
// RSSearch.h.
//
// Every dataflow gets the same number of PEs and the same storage *area* as
// the RS baseline of the target (ISCA §VI-B, Eq. (2)); a dataflow that keeps
// less in its register files gets the area back as global buffer
// (equalAreaStorage). For each layer, each dataflow's mapping (its spatial
// tiling on the PE array, the GLB tile and the DRAM-level loop order) is
// searched exhaustively over a candidate set for the least normalized energy
// under its own storage limits, as the paper does (§VI-C).
//
// Counts follow AccessCounts.h as RSCostModel applies them to RS: reads plus
// writes at DRAM, GLB and RF (a word fetched from DRAM is one DRAM read plus
// one GLB write; a word a PE keeps in its RF is one RF write, then one RF read
// per use); one array count per word a PE receives or sends to the GLB;
// psums accumulate as in ISCA's Eq. (4), each move between the array, the
// GLB and DRAM counted at both ends. Formulas per dataflow, the paper's text
// behind each choice and the other readings: docs/Dataflows.md.
//
// Ground floor: plain C++ on LLVM Support, no MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_MAPPING_DATAFLOWS_H
#define EYERISS_MAPPING_DATAFLOWS_H

#include "eyeriss/Arch/TargetModel.h"
#include "eyeriss/Mapping/AccessCounts.h"
#include "eyeriss/Workload/LayerShape.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace eyeriss {

/// The comparison dataflows of ISCA 2016 (row stationary is not one of them:
/// it has its own mapper).
enum class Dataflow {
  WS,  ///< Weight stationary: one weight per PE, psums passed PE to PE.
  OSA, ///< Output stationary SOC-MOP: one ofmap channel, many pixels.
  OSB, ///< Output stationary MOC-MOP: many ofmap channels, many pixels.
  OSC, ///< Output stationary MOC-SOP: many ofmap channels, one pixel.
  NLR, ///< No local reuse: no RF; ifmap multicast, psums summed in the array.
};

/// "WS", "OS-A", "OS-B", "OS-C", "NLR".
llvm::StringRef stringifyDataflow(Dataflow dataflow);

/// The five comparison dataflows, in the paper's order.
llvm::ArrayRef<Dataflow> getComparisonDataflows();

/// Storage a dataflow gets on a target at equal storage area (ISCA §VI-B).
struct DataflowStorage {
  int64_t numPEs = 0;
  int64_t rfWordsPerPE = 0; ///< Data words of register file in each PE.
  int64_t glbWords = 0;     ///< Data words of global buffer (one pool).
};

/// RF area per byte over GLB area per byte. ISCA §VI-B gives, for 256 PEs,
/// the baseline "512 B RF per PE + 128 kB GLB" and says the GLB sizes of the
/// dataflows differ by up to 2.6x (NLR, with no RF, against RS); under
/// Eq. (2) the baseline's RF bytes equal its GLB bytes, so the RF area of one
/// byte is that of 2.6 - 1 = 1.6 GLB bytes (a linear area model: ours).
inline constexpr double kNLRToRSGLBRatio = 2.6;
double rfToGLBAreaPerByte();

/// RF words per PE the dataflow keeps (docs/Dataflows.md gives the reasons):
/// WS 1 (the stationary weight, ISCA §VI-A), OS-A the RS baseline's spads
/// (the §VI-D side note puts OS-A's RF with RS's), OS-B 16 (one psum and a
/// 1-D ifmap buffer: ours), OS-C 1 (the psum), NLR 0 (§IV-C).
int64_t rfWordsPerPE(Dataflow dataflow, const TargetModel &target);

/// The dataflow's RF and GLB at the storage area of the target's own (RS)
/// spads and GLB: glb = baselineGLB + PEs * (baselineRF - rf) * 1.6.
DataflowStorage equalAreaStorage(Dataflow dataflow, const TargetModel &target);

/// The chosen mapping of one layer under one dataflow and its costs.
struct DataflowResult {
  Dataflow dataflow = Dataflow::WS;
  DataflowStorage storage;
  AccessCounts counts;    ///< Whole layer, all groups.
  EnergyBreakdown energy; ///< Normalized (ISCA 2016) units.
  /// PEs busy in a full processing pass of the chosen mapping.
  int64_t activePEs = 0;
  /// MACs / (PEs x cycles), one MAC per active PE per cycle.
  double utilization = 0;
  int64_t cycles = 0; ///< Processing cycles (data movement not modelled).
  /// Storage the mapping occupies: RF words in a PE, GLB words of one tile.
  int64_t rfWordsUsed = 0;
  int64_t glbWordsUsed = 0;
  /// Human-readable chosen tiling, e.g. "array 2 filters x 1 channel planes
  /// of 121 weights; GLB tile n=1 m=2 c=3 rows=55 of 55 (161363 words);
  /// DRAM loops n,m,c,e".
  std::string mapping;

  double energyPerMAC() const {
    return counts.macs > 0 ? energy.total() / counts.macs : 0;
  }
};

/// Searches the dataflow's mappings of `shape` on `target` (its PE count and
/// equal-area storage) for the least normalized energy. Fails, with a message
/// naming the parameter and the limit, on a malformed shape or when no
/// mapping fits the dataflow's storage.
llvm::Expected<DataflowResult> evaluateDataflow(Dataflow dataflow,
                                                const LayerShape &shape,
                                                const TargetModel &target);

} // namespace eyeriss

#endif // EYERISS_MAPPING_DATAFLOWS_H
