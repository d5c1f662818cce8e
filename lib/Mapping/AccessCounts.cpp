//===- AccessCounts.cpp - Accesses per storage level and data type --------===//

#include "eyeriss/Mapping/AccessCounts.h"

#include "llvm/Support/ErrorHandling.h"

using namespace eyeriss;
using namespace llvm;

StringRef eyeriss::stringifyDataKind(DataKind kind) {
  switch (kind) {
  case DataKind::Ifmap:
    return "ifmap";
  case DataKind::Filter:
    return "filter";
  case DataKind::Psum:
    return "psum";
  }
  llvm_unreachable("unknown data kind");
}

LevelAccesses &LevelAccesses::operator+=(const LevelAccesses &other) {
  for (int i = 0; i < kNumDataKinds; ++i)
    words[i] += other.words[i];
  return *this;
}

const LevelAccesses &AccessCounts::level(EnergyLevel level) const {
  switch (level) {
  case EnergyLevel::Spad:
    return spad;
  case EnergyLevel::Array:
    return array;
  case EnergyLevel::GLB:
    return glb;
  case EnergyLevel::DRAM:
    return dram;
  case EnergyLevel::MAC:
    break;
  }
  llvm_unreachable("MACs are not a storage level");
}

AccessCounts &AccessCounts::operator+=(const AccessCounts &other) {
  dram += other.dram;
  glb += other.glb;
  array += other.array;
  spad += other.spad;
  macs += other.macs;
  gatedMACs += other.gatedMACs;
  return *this;
}

AccessCounts &AccessCounts::operator*=(double factor) {
  for (LevelAccesses *l : {&dram, &glb, &array, &spad})
    for (double &w : l->words)
      w *= factor;
  macs *= factor;
  gatedMACs *= factor;
  return *this;
}

double EnergyBreakdown::at(EnergyLevel level) const {
  switch (level) {
  case EnergyLevel::MAC:
    return mac;
  case EnergyLevel::Spad:
    return spad;
  case EnergyLevel::Array:
    return array;
  case EnergyLevel::GLB:
    return glb;
  case EnergyLevel::DRAM:
    return dram;
  }
  llvm_unreachable("unknown energy level");
}

EnergyBreakdown &EnergyBreakdown::operator+=(const EnergyBreakdown &other) {
  mac += other.mac;
  spad += other.spad;
  array += other.array;
  glb += other.glb;
  dram += other.dram;
  return *this;
}

EnergyBreakdown eyeriss::computeEnergy(const AccessCounts &counts,
                                       const TargetModel &target,
                                       EnergyUnit unit) {
  EnergyBreakdown e;
  e.mac = counts.macs * target.energyPerAccess(EnergyLevel::MAC, unit);
  e.spad = counts.spad.total() * target.energyPerAccess(EnergyLevel::Spad, unit);
  e.array =
      counts.array.total() * target.energyPerAccess(EnergyLevel::Array, unit);
  e.glb = counts.glb.total() * target.energyPerAccess(EnergyLevel::GLB, unit);
  e.dram = counts.dram.total() * target.energyPerAccess(EnergyLevel::DRAM, unit);
  return e;
}
