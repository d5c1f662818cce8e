//===- PrintEnergy.cpp - Cost of every mapped layer -----------------------===//
//
// The per-layer energy, traffic and time of the mapped network under the
// cost model of docs/Mapping.md: the figures a pruning study or a dataflow
// comparison reads per layer.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissTarget.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/LayerCost.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/PassUtils.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace eyeriss {
#define GEN_PASS_DEF_EYERISSPRINTENERGY
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;

namespace {
struct LayerRow {
  std::string name;
  LayerShape shape;
  RSMapping mapping;
  RSCost cost;
};

constexpr EnergyLevel kLevels[] = {EnergyLevel::DRAM, EnergyLevel::GLB,
                                   EnergyLevel::Array, EnergyLevel::Spad,
                                   EnergyLevel::MAC};

struct PrintEnergyPass
    : public eyeriss::impl::EyerissPrintEnergyBase<PrintEnergyPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (failed(checkReportFormat(module, format)))
      return signalPassFailure();
    if (failed(verifyZeroFraction(module, "ifmap-zero-fraction",
                                  ifmapZeroFraction)) ||
        failed(verifyZeroFraction(module, "ofmap-zero-fraction",
                                  ofmapZeroFraction)))
      return signalPassFailure();
    FailureOr<const TargetModel *> target = getTargetModel(module);
    if (failed(target))
      return signalPassFailure();

    std::vector<LayerRow> rows;
    bool ok = true;
    module.walk([&](ArrayLayerOpInterface layer) {
      RSMappingAttr mapping = layer.getRSMapping();
      if (!mapping) {
        layer->emitOpError("has no mapping: run eyeriss-map first");
        ok = false;
        return;
      }
      LayerShape shape = layer.getLayerShape();
      RSLayerModel model(shape, **target,
                         getLayerSparsity(layer, **target, ifmapZeroFraction,
                                          ofmapZeroFraction));
      // The verifier has checked the mapping against the target.
      rows.push_back({getLayerName(layer), shape, mapping.getMapping(),
                      model.evaluate(mapping.getMapping())});
    });
    if (!ok)
      return signalPassFailure();

    if (format == "json")
      printJSON(rows, **target, llvm::outs());
    else
      printTable(rows, **target, llvm::outs());
    if (!jsonFile.empty() &&
        failed(writeReportFile(module, jsonFile, [&](llvm::raw_ostream &os) {
          printJSON(rows, **target, os);
        })))
      return signalPassFailure();
    markAllAnalysesPreserved();
  }

  static double ms(int64_t cycles, const TargetModel &tm) {
    return double(cycles) / tm.coreClockHz() * 1e3;
  }

  static void printTable(ArrayRef<LayerRow> rows, const TargetModel &tm,
                         llvm::raw_ostream &os) {
    size_t nameWidth = 5;
    for (const LayerRow &row : rows)
      nameWidth = std::max(nameWidth, row.name.size());
    os << "Row-stationary mappings on " << tm.name() << " at "
       << llvm::format("%g", tm.arch().clocks.coreMHz)
       << " MHz. Accesses in millions of 16-b words; energy in millions of "
          "normalized units (one MAC = 1), and in uJ.\n";
    os << llvm::left_justify("layer", nameWidth)
       << "      m    n    e    p    q    r    t  PEs  passes"
       << "     DRAM      GLB    array      spad"
       << "    E.DRAM     E.GLB   E.array    E.spad     E.MAC   E.total"
       << "        uJ   proc ms  total ms\n";
    RSCost total;
    double totalPJ = 0;
    for (const LayerRow &row : rows) {
      const RSMapping &mp = row.mapping;
      const RSCost &c = row.cost;
      os << llvm::left_justify(row.name, nameWidth)
         << llvm::format(" %6lld%5lld%5lld%5lld%5lld%5lld%5lld", mp.m, mp.n,
                         mp.e, mp.p, mp.q, mp.r, mp.t)
         << llvm::format("%5lld%8lld", c.activePEs, c.passes);
      printCounts(c, os);
      os << llvm::format(" %9.2f", c.totalEnergyPJ() * 1e-6)
         << llvm::format(" %9.3f %9.3f\n", ms(c.processingCycles, tm),
                         ms(c.totalCycles(), tm));
      total.counts += c.counts;
      total.energy += c.energy;
      total.passes += c.passes;
      total.processingCycles += c.processingCycles;
      total.dramCycles += c.dramCycles;
      total.configCycles += c.configCycles;
      totalPJ += c.totalEnergyPJ();
    }
    os << llvm::left_justify("total", nameWidth)
       << llvm::right_justify("", 42) << llvm::format("%8lld", total.passes);
    printCounts(total, os);
    os << llvm::format(" %9.2f", totalPJ * 1e-6)
       << llvm::format(" %9.3f %9.3f\n", ms(total.processingCycles, tm),
                       ms(total.totalCycles(), tm));
  }

  static void printCounts(const RSCost &c, llvm::raw_ostream &os) {
    const AccessCounts &a = c.counts;
    os << llvm::format(" %8.3f %8.3f %8.3f %9.3f", a.dram.total() * 1e-6,
                       a.glb.total() * 1e-6, a.array.total() * 1e-6,
                       a.spad.total() * 1e-6);
    for (EnergyLevel level : kLevels)
      os << llvm::format(" %9.2f", c.energy.at(level) * 1e-6);
    os << llvm::format(" %9.2f", c.energy.total() * 1e-6);
  }

  static void printJSON(ArrayRef<LayerRow> rows, const TargetModel &tm,
                        llvm::raw_ostream &os) {
    llvm::json::OStream json(os, /*IndentSize=*/2);
    auto perKind = [&](const LevelAccesses &l) {
      json.object([&] {
        for (DataKind kind :
             {DataKind::Ifmap, DataKind::Filter, DataKind::Psum})
          json.attribute(stringifyDataKind(kind), l[kind]);
        json.attribute("total", l.total());
      });
    };
    auto energy = [&](const EnergyBreakdown &e) {
      json.object([&] {
        for (EnergyLevel level : kLevels)
          json.attribute(stringifyEnergyLevel(level), e.at(level));
        json.attribute("total", e.total());
      });
    };
    double totalNorm = 0, totalPJ = 0;
    int64_t totalProc = 0, totalCycles = 0;
    json.object([&] {
      json.attribute("arch", tm.name());
      json.attribute("core_mhz", tm.arch().clocks.coreMHz);
      json.attributeArray("layers", [&] {
        for (const LayerRow &row : rows) {
          const RSCost &c = row.cost;
          const RSMapping &mp = row.mapping;
          totalNorm += c.totalEnergy();
          totalPJ += c.totalEnergyPJ();
          totalProc += c.processingCycles;
          totalCycles += c.totalCycles();
          json.object([&] {
            json.attribute("name", row.name);
            json.attribute("macs", row.shape.numMACs());
            json.attributeObject("mapping", [&] {
              for (auto [k, v] : {std::pair<const char *, int64_t>{"m", mp.m},
                                  {"n", mp.n}, {"e", mp.e}, {"p", mp.p},
                                  {"q", mp.q}, {"r", mp.r}, {"t", mp.t}})
                json.attribute(k, v);
            });
            json.attribute("active_pes", c.activePEs);
            json.attribute("average_active_pes", c.averageActivePEs);
            json.attribute("utilization", c.utilization);
            json.attribute("passes", c.passes);
            json.attributeBegin("accesses");
            json.object([&] {
              json.attributeBegin("dram");
              perKind(c.counts.dram);
              json.attributeEnd();
              json.attributeBegin("glb");
              perKind(c.counts.glb);
              json.attributeEnd();
              json.attributeBegin("array");
              perKind(c.counts.array);
              json.attributeEnd();
              json.attributeBegin("spad");
              perKind(c.counts.spad);
              json.attributeEnd();
              json.attribute("macs", c.counts.macs);
              json.attribute("gated_macs", c.counts.gatedMACs);
            });
            json.attributeEnd();
            json.attribute("dram_words_uncompressed", c.dramWordsUncompressed);
            json.attributeBegin("energy_normalized");
            energy(c.energy);
            json.attributeEnd();
            json.attributeBegin("energy_pj");
            energy(c.energyPJ);
            json.attributeEnd();
            json.attribute("static_energy_pj", c.staticEnergyPJ);
            json.attribute("total_energy_pj", c.totalEnergyPJ());
            json.attribute("processing_cycles", c.processingCycles);
            json.attribute("dram_cycles", c.dramCycles);
            json.attribute("config_cycles", c.configCycles);
            json.attribute("total_cycles", c.totalCycles());
            json.attribute("processing_ms", ms(c.processingCycles, tm));
            json.attribute("total_ms", ms(c.totalCycles(), tm));
            json.attributeObject("glb", [&] {
              json.attribute("ifmap_words", c.glbIfmapWords);
              json.attribute("ifmap_banks", c.glbIfmapBanks);
              json.attribute("psum_words", c.glbPsumWords);
              json.attribute("psum_banks", c.glbPsumBanks);
              json.attribute("filter_words", c.glbFilterWords);
            });
          });
        }
      });
      json.attributeObject("total", [&] {
        json.attribute("energy_normalized", totalNorm);
        json.attribute("energy_pj", totalPJ);
        json.attribute("processing_cycles", totalProc);
        json.attribute("total_cycles", totalCycles);
        json.attribute("processing_ms", ms(totalProc, tm));
        json.attribute("total_ms", ms(totalCycles, tm));
      });
    });
    os << "\n";
  }
};
} // namespace
