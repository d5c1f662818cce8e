//===- TargetModel.cpp - Queries on an Eyeriss architecture ---------------===//
//
// Storage and networks are described in their own word widths; the target
// model answers in data words (arithmetic.data_bits), the unit mappings and
// the simulator count in. The loader guarantees every width involved is a
// whole number of data words (or, for networks, at least one).
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Arch/TargetModel.h"

#include "llvm/Support/ErrorHandling.h"

#include <cassert>

using namespace eyeriss;
using namespace llvm;

StringRef eyeriss::stringifyNetwork(Network network) {
  // The architecture file's keys, so reports and files use one vocabulary.
  switch (network) {
  case Network::GINFilter:
    return "gin_filter";
  case Network::GINIfmap:
    return "gin_ifmap";
  case Network::GINPsum:
    return "gin_psum";
  case Network::GON:
    return "gon";
  case Network::LocalPsum:
    return "local_psum";
  }
  llvm_unreachable("unknown network");
}

StringRef eyeriss::stringifyEnergyLevel(EnergyLevel level) {
  switch (level) {
  case EnergyLevel::MAC:
    return "mac";
  case EnergyLevel::Spad:
    return "spad";
  case EnergyLevel::Array:
    return "array";
  case EnergyLevel::GLB:
    return "glb";
  case EnergyLevel::DRAM:
    return "dram";
  }
  llvm_unreachable("unknown energy level");
}

TargetModel::TargetModel(ArchDescription arch) : desc(std::move(arch)) {
  assert(desc.arithmetic.dataBits > 0 &&
         "architecture description was not validated by the loader");
}

/// `words` words of `wordBits` bits each, in data words.
static int64_t toDataWords(int64_t words, int64_t wordBits, int64_t dataBits) {
  return words * wordBits / dataBits;
}

int64_t TargetModel::filterSpadWords() const {
  const SpadDesc &spad = desc.pe.filterSpad;
  return toDataWords(spad.entries, spad.wordBits, dataBits());
}

int64_t TargetModel::ifmapSpadWords() const {
  const SpadDesc &spad = desc.pe.ifmapSpad;
  return toDataWords(spad.entries, spad.wordBits, dataBits());
}

int64_t TargetModel::psumSpadWords() const {
  const SpadDesc &spad = desc.pe.psumSpad;
  return toDataWords(spad.entries, spad.wordBits, dataBits());
}

bool TargetModel::fitsSpads(int64_t p, int64_t q, int64_t filterWidth) const {
  assert(p > 0 && q > 0 && filterWidth > 0 &&
         "mapping parameters must be positive");
  return p * q * filterWidth <= filterSpadWords() &&
         q * filterWidth <= ifmapSpadWords() && p <= psumSpadWords();
}

int64_t TargetModel::glbFmapWordsPerBank() const {
  const GLBRegionDesc &fmap = desc.glb.fmap;
  return toDataWords(fmap.wordsPerBank, fmap.wordBits, dataBits());
}

int64_t TargetModel::glbFilterWords() const {
  const GLBRegionDesc &filter = desc.glb.filter;
  return toDataWords(filter.banks * filter.wordsPerBank, filter.wordBits,
                     dataBits());
}

int64_t TargetModel::glbBytes() const {
  return desc.glb.fmap.bytes() + desc.glb.filter.bytes();
}

const NetworkDesc &TargetModel::network(Network net) const {
  switch (net) {
  case Network::GINFilter:
    return desc.noc.ginFilter;
  case Network::GINIfmap:
    return desc.noc.ginIfmap;
  case Network::GINPsum:
    return desc.noc.ginPsum;
  case Network::GON:
    return desc.noc.gon;
  case Network::LocalPsum:
    return desc.noc.localPsum;
  }
  llvm_unreachable("unknown network");
}

int64_t TargetModel::wordsPerTransfer(Network net) const {
  return network(net).widthBits / dataBits();
}

// A network without tags has 0 ID bits and so a single ID: every value goes
// to its one destination.
int64_t TargetModel::numRowIds(Network net) const {
  return int64_t(1) << network(net).rowIdBits;
}

int64_t TargetModel::numColIds(Network net) const {
  return int64_t(1) << network(net).colIdBits;
}

int64_t TargetModel::dramWordsPerLinkCycle() const {
  return desc.dram.busBits / dataBits();
}

// The bus is shared by reads and writes (dram.bidirectional), so this is the
// bandwidth of both together.
double TargetModel::dramBytesPerSecond() const {
  return desc.dram.busBits / 8.0 * linkClockHz();
}

int64_t TargetModel::maxRLCRun() const {
  return (int64_t(1) << desc.rlc.runBits) - 1;
}

double TargetModel::energyPerAccess(EnergyLevel level, EnergyUnit unit) const {
  const EnergyCosts &costs = unit == EnergyUnit::Normalized
                                 ? desc.energy.normalized
                                 : desc.energy.picojoules;
  switch (level) {
  case EnergyLevel::MAC:
    return costs.mac;
  case EnergyLevel::Spad:
    return costs.spad;
  case EnergyLevel::Array:
    return costs.array;
  case EnergyLevel::GLB:
    return costs.glb;
  case EnergyLevel::DRAM:
    return costs.dram;
  }
  llvm_unreachable("unknown energy level");
}
