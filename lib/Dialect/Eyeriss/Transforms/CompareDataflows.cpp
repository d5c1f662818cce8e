//===- CompareDataflows.cpp - RS against the other dataflows --------------===//
//
// The ISCA 2016 dataflow comparison on a real network: each layer's RS
// mapping (from eyeriss-map) against WS, OS-A/B/C and NLR, each optimized
// for energy under equal storage area. Every dataflow is costed with the
// same AccessCounts conventions and the target's per-access costs.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissTarget.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/LayerCost.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/PassUtils.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"
#include "eyeriss/Mapping/Dataflows.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace eyeriss {
#define GEN_PASS_DEF_EYERISSCOMPAREDATAFLOWS
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;

namespace {
struct Row {
  std::string name;
  bool isFC;
  double macs;
  double rs;                     ///< Normalized energy of RS.
  std::vector<double> others;    ///< In getComparisonDataflows() order.
  std::vector<std::string> mappings;
};

struct CompareDataflowsPass
    : public eyeriss::impl::EyerissCompareDataflowsBase<CompareDataflowsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (failed(checkReportFormat(module, format)))
      return signalPassFailure();
    FailureOr<const TargetModel *> target = getTargetModel(module);
    if (failed(target))
      return signalPassFailure();
    std::vector<Row> rows;
    bool ok = true;
    module.walk([&](ArrayLayerOpInterface layer) {
      RSMappingAttr mapping = layer.getRSMapping();
      if (!mapping) {
        layer->emitOpError("has no mapping: run eyeriss-map first");
        ok = false;
        return;
      }
      LayerShape shape = layer.getLayerShape();
      // The ISCA model: dense data, whatever the layer measured.
      SparsityModel dense;
      RSLayerModel model(shape, **target, dense);
      Row row{getLayerName(layer), isa<FullyConnectedOp>(layer),
              double(shape.numMACs()),
              model.evaluate(mapping.getMapping()).totalEnergy(), {}, {}};
      for (Dataflow df : getComparisonDataflows()) {
        llvm::Expected<DataflowResult> r =
            evaluateDataflow(df, shape, **target);
        if (!r) {
          layer->emitOpError() << stringifyDataflow(df) << " cannot map layer '"
                               << row.name
                               << "': " << llvm::toString(r.takeError());
          ok = false;
          return;
        }
        row.others.push_back(r->energy.total());
        row.mappings.push_back(r->mapping);
      }
      rows.push_back(std::move(row));
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

  /// Sums of the CONV rows and of the FC rows.
  static std::array<Row, 2> totals(ArrayRef<Row> rows) {
    size_t n = getComparisonDataflows().size();
    std::array<Row, 2> t = {Row{"CONV total", false, 0, 0,
                                std::vector<double>(n, 0.0), {}},
                            Row{"FC total", true, 0, 0,
                                std::vector<double>(n, 0.0), {}}};
    for (const Row &row : rows) {
      Row &sum = t[row.isFC];
      sum.macs += row.macs;
      sum.rs += row.rs;
      for (size_t i = 0; i < n; ++i)
        sum.others[i] += row.others[i];
    }
    return t;
  }

  static void printTable(ArrayRef<Row> rows, const TargetModel &tm,
                         llvm::raw_ostream &os) {
    size_t width = 10;
    for (const Row &row : rows)
      width = std::max(width, row.name.size());
    os << "Dataflow comparison on " << tm.name()
       << " (ISCA 2016 model, equal storage area): normalized energy per MAC, "
          "and each dataflow's energy relative to RS.\n";
    os << llvm::left_justify("layer", width) << "      RS";
    for (Dataflow df : getComparisonDataflows())
      os << llvm::right_justify(stringifyDataflow(df), 8);
    for (Dataflow df : getComparisonDataflows())
      os << llvm::right_justify((stringifyDataflow(df) + "/RS").str(), 9);
    os << "\n";
    auto print = [&](const Row &row) {
      if (row.macs <= 0)
        return;
      os << llvm::left_justify(row.name, width)
         << llvm::format("%8.2f", row.rs / row.macs);
      for (double e : row.others)
        os << llvm::format("%8.2f", e / row.macs);
      for (double e : row.others)
        os << llvm::format("%8.2fx", e / row.rs);
      os << "\n";
    };
    for (const Row &row : rows)
      print(row);
    for (const Row &row : totals(rows))
      print(row);
  }

  static void printJSON(ArrayRef<Row> rows, const TargetModel &tm,
                        llvm::raw_ostream &os) {
    llvm::json::OStream json(os, /*IndentSize=*/2);
    auto emit = [&](const Row &row) {
      json.object([&] {
        json.attribute("name", row.name);
        json.attribute("kind", row.isFC ? "fc" : "conv");
        json.attribute("macs", row.macs);
        json.attributeObject("energy_normalized", [&] {
          json.attribute("RS", row.rs);
          for (auto [df, e] : llvm::zip(getComparisonDataflows(), row.others))
            json.attribute(stringifyDataflow(df), e);
        });
        if (!row.mappings.empty())
          json.attributeObject("mapping", [&] {
            for (auto [df, m] :
                 llvm::zip(getComparisonDataflows(), row.mappings))
              json.attribute(stringifyDataflow(df), m);
          });
      });
    };
    json.object([&] {
      json.attribute("arch", tm.name());
      json.attributeArray("layers", [&] {
        for (const Row &row : rows)
          emit(row);
      });
      json.attributeArray("totals", [&] {
        for (const Row &row : totals(rows))
          if (row.macs > 0)
            emit(row);
      });
    });
    os << "\n";
  }
};
} // namespace
