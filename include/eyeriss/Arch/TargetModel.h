//===- TargetModel.h - Queries on an Eyeriss architecture -------*- C++ -*-===//
//
// The target model answers the questions passes, verifiers and the simulator
// ask of the hardware (how many PEs, how many words fit a spad, what one GLB
// access costs), derived from an ArchDescription. No chip constant is written
// anywhere else: a pass that needs one asks the target model.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_ARCH_TARGETMODEL_H
#define EYERISS_ARCH_TARGETMODEL_H

#include "eyeriss/Arch/ArchDescription.h"

#include "llvm/ADT/StringRef.h"

namespace eyeriss {

/// The networks on chip.
enum class Network { GINFilter, GINIfmap, GINPsum, GON, LocalPsum };

/// The levels of the storage hierarchy, cheapest first, and the MAC itself.
enum class EnergyLevel { MAC, Spad, Array, GLB, DRAM };

/// Units of an energy figure.
enum class EnergyUnit { Normalized, Picojoules };

llvm::StringRef stringifyNetwork(Network network);
llvm::StringRef stringifyEnergyLevel(EnergyLevel level);

class TargetModel {
public:
  explicit TargetModel(ArchDescription arch);

  const ArchDescription &arch() const { return desc; }
  llvm::StringRef name() const { return desc.name; }

  // PE array.
  int64_t numPERows() const { return desc.peArray.rows; }
  int64_t numPECols() const { return desc.peArray.cols; }
  int64_t numPEs() const { return numPERows() * numPECols(); }

  // Data words: one operand of the datapath (16 b on the chip).
  int64_t dataBits() const { return desc.arithmetic.dataBits; }

  // Spads, in data words.
  int64_t filterSpadWords() const;
  int64_t ifmapSpadWords() const;
  int64_t psumSpadWords() const;

  /// Whether p filters x q channels of a filter row of width S fit the spads
  /// in the row-stationary dataflow: p*q*S filter words, q*S ifmap words and
  /// p psums (JSSC Table II).
  bool fitsSpads(int64_t p, int64_t q, int64_t filterWidth) const;

  // GLB, in data words.
  int64_t glbFmapBanks() const { return desc.glb.fmap.banks; }
  int64_t glbFmapWordsPerBank() const;
  int64_t glbFmapWords() const { return glbFmapBanks() * glbFmapWordsPerBank(); }
  int64_t glbFilterWords() const;
  int64_t glbBytes() const;

  // NoC.
  const NetworkDesc &network(Network net) const;
  /// Data words one transfer on `net` carries per cycle.
  int64_t wordsPerTransfer(Network net) const;
  /// Distinct row (col) IDs a network's tags can express.
  int64_t numRowIds(Network net) const;
  int64_t numColIds(Network net) const;

  // Clocks and DRAM.
  double coreClockHz() const { return desc.clocks.coreMHz * 1e6; }
  double linkClockHz() const { return desc.clocks.linkMHz * 1e6; }
  /// Peak MACs per second: one MAC per PE per core cycle.
  double peakMACsPerSecond() const { return numPEs() * coreClockHz(); }
  /// Data words the DRAM bus moves per link cycle.
  int64_t dramWordsPerLinkCycle() const;
  /// Peak DRAM bandwidth in bytes per second.
  double dramBytesPerSecond() const;

  // RLC.
  /// Longest run of zeros one (run, level) pair encodes.
  int64_t maxRLCRun() const;

  // Energy.
  double energyPerAccess(EnergyLevel level, EnergyUnit unit) const;

private:
  ArchDescription desc;
};

} // namespace eyeriss

#endif // EYERISS_ARCH_TARGETMODEL_H
