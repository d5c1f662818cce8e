//===- Stats.cpp - What a simulated run measured --------------------------===//

#include "eyeriss/Runtime/Stats.h"

using namespace eyeriss;
using namespace eyeriss::runtime;

ArrayCycleBreakdown &ArrayCycleBreakdown::operator+=(const ArrayCycleBreakdown &o) {
  filterLoad += o.filterLoad;
  peMacCycles += o.peMacCycles;
  peIfmapWait += o.peIfmapWait;
  pePsumWait += o.pePsumWait;
  ifmapGinBusy += o.ifmapGinBusy;
  filterGinBusy += o.filterGinBusy;
  psumGinBusy += o.psumGinBusy;
  gonBusy += o.gonBusy;
  glbBankConflicts += o.glbBankConflicts;
  return *this;
}

void LayerStats::add(const LayerStats &o) {
  passes += o.passes;
  instructions += o.instructions;
  counts += o.counts;
  macs += o.macs;
  processingCycles += o.processingCycles;
  serialCycles += o.serialCycles;
  dramCycles += o.dramCycles;
  configCycles += o.configCycles;
  dramBytes += o.dramBytes;
  dramBytesUncompressed += o.dramBytesUncompressed;
  array += o.array;
  windowSaturations += o.windowSaturations;
  psumWraps += o.psumWraps;
  psumOverflows += o.psumOverflows;
  outputSaturations += o.outputSaturations;
  hostSeconds += o.hostSeconds;
  // Active PEs of the sum: the most any layer used.
  activePEs = std::max(activePEs, o.activePEs);
}

LayerEnergy eyeriss::runtime::computeLayerEnergy(const LayerStats &s,
                                                 const TargetModel &tm,
                                                 double coreMHz,
                                                 int64_t numPEs) {
  LayerEnergy e;
  e.dynamicPJ = computeEnergy(s.counts, tm, EnergyUnit::Picojoules);
  const double cycleMs = 1e-3 / coreMHz;
  e.processingMs = double(s.processingCycles) * cycleMs;
  e.totalMs = double(s.serialCycles) * cycleMs;
  e.overlappedMs = double(s.overlappedCycles) * cycleMs;
  // Idle power over the processing latency: the chip's measured power is
  // its own (DRAM excluded) while it processes. The file gives it at the
  // default core clock; it is mostly the clock tree, so it scales with the
  // clock.
  const ArchDescription &arch = tm.arch();
  double idleMW = arch.energy.idlePowerMW *
                  (arch.clocks.coreMHz > 0 ? coreMHz / arch.clocks.coreMHz : 1);
  e.idlePJ = idleMW * e.processingMs * 1e6;
  if (e.processingMs > 0)
    e.powerMW = e.onChipPJ() / (e.processingMs * 1e9) * 1e3;
  if (s.processingCycles > 0 && numPEs > 0)
    e.utilization = double(s.macs) / (double(s.processingCycles) * numPEs);
  return e;
}

namespace {
llvm::json::Object levelJSON(const LevelAccesses &l) {
  return llvm::json::Object{{"ifmap", l[DataKind::Ifmap]},
                            {"filter", l[DataKind::Filter]},
                            {"psum", l[DataKind::Psum]},
                            {"total", l.total()}};
}

llvm::json::Object layerJSON(const LayerStats &s, const TargetModel &tm,
                             double coreMHz, int64_t numPEs) {
  LayerEnergy e = computeLayerEnergy(s, tm, coreMHz, numPEs);
  llvm::json::Object o{
      {"name", s.name},
      {"kind", s.kind},
      {"instructions", s.instructions},
      {"cycles", s.serialCycles},
      {"processing_cycles", s.processingCycles},
      {"dram_cycles", s.dramCycles},
      {"config_cycles", s.configCycles},
      {"overlapped_cycles", s.overlappedCycles},
      {"total_latency_ms", e.totalMs},
      {"processing_latency_ms", e.processingMs},
      {"overlapped_latency_ms", e.overlappedMs},
      {"macs", s.macs},
      {"performed_macs", s.counts.macs},
      {"gated_macs", s.counts.gatedMACs},
      {"energy_pj",
       llvm::json::Object{{"mac", e.dynamicPJ.mac},
                          {"spad", e.dynamicPJ.spad},
                          {"array", e.dynamicPJ.array},
                          {"glb", e.dynamicPJ.glb},
                          {"dram", e.dynamicPJ.dram},
                          {"idle", e.idlePJ},
                          {"on_chip", e.onChipPJ()},
                          {"total", e.totalPJ()}}},
      {"power_mw", e.powerMW},
      {"accesses",
       llvm::json::Object{{"dram", levelJSON(s.counts.dram)},
                          {"glb", levelJSON(s.counts.glb)},
                          {"array", levelJSON(s.counts.array)},
                          {"spad", levelJSON(s.counts.spad)}}},
      {"dram_bytes", int64_t(s.dramBytes)},
      {"dram_bytes_uncompressed", int64_t(s.dramBytesUncompressed)},
      {"rlc_ratio", s.dramBytesUncompressed > 0
                        ? double(s.dramBytes) / double(s.dramBytesUncompressed)
                        : 1.0},
      {"active_pes", s.activePEs},
      {"utilization", e.utilization},
      {"passes", s.passes},
      {"window_saturations", s.windowSaturations},
      {"psum_wraps", s.psumWraps},
      {"psum_overflows", s.psumOverflows},
      {"output_saturations", s.outputSaturations},
      {"host_seconds", s.hostSeconds},
  };
  const ArrayCycleBreakdown &a = s.array;
  o["array_cycles"] = llvm::json::Object{
      {"filter_load", a.filterLoad},
      {"pe_mac", a.peMacCycles},
      {"pe_ifmap_wait", a.peIfmapWait},
      {"pe_psum_wait", a.pePsumWait},
      {"ifmap_gin_busy", a.ifmapGinBusy},
      {"filter_gin_busy", a.filterGinBusy},
      {"psum_gin_busy", a.psumGinBusy},
      {"gon_busy", a.gonBusy},
      {"glb_bank_conflicts", a.glbBankConflicts}};
  if (s.peTable) {
    // Per PE, row-major: [active, chain, channel set, filter row, ofmap row].
    llvm::json::Array pes;
    for (const eyb::PEConfig &pe : *s.peTable)
      pes.push_back(llvm::json::Array{int64_t(pe.active), int64_t(pe.chain),
                                      int64_t(pe.channelSet),
                                      int64_t(pe.filterRow),
                                      int64_t(pe.ofmapRow)});
    o["pe_table"] = std::move(pes);
    o["array_rows"] = tm.numPERows();
    o["array_cols"] = tm.numPECols();
  }
  if (s.mapping) {
    const RSMapping &m = *s.mapping;
    o["mapping"] = llvm::json::Object{{"m", m.m}, {"n", m.n}, {"e", m.e},
                                      {"p", m.p}, {"q", m.q}, {"r", m.r},
                                      {"t", m.t}};
  }
  return o;
}
} // namespace

llvm::json::Value eyeriss::runtime::toJSON(const RunStats &stats,
                                           const TargetModel &tm) {
  llvm::json::Array layers;
  for (const LayerStats &s : stats.layers)
    layers.push_back(layerJSON(s, tm, stats.coreMHz, stats.numPEs));
  llvm::json::Object totals =
      layerJSON(stats.totals, tm, stats.coreMHz, stats.numPEs);
  totals.erase("name");
  totals.erase("kind");
  // Average active PEs over the array layers' processing time.
  double weighted = 0, cycles = 0;
  for (const LayerStats &s : stats.layers)
    if (s.kind != "host") {
      weighted += double(s.activePEs) * double(s.processingCycles);
      cycles += double(s.processingCycles);
    }
  totals["active_pes"] = cycles > 0 ? weighted / cycles : 0.0;
  totals["overlapped_cycles"] = stats.overlappedCycles;
  return llvm::json::Object{{"format_version", 1},
                            {"program", stats.program},
                            {"arch", stats.arch},
                            {"core_mhz", stats.coreMHz},
                            {"link_mhz", stats.linkMHz},
                            {"num_pes", stats.numPEs},
                            {"totals", std::move(totals)},
                            {"layers", std::move(layers)}};
}
