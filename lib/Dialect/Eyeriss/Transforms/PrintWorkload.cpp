//===- PrintWorkload.cpp - Shapes and MACs of the array's layers ----------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/PassUtils.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace eyeriss {
#define GEN_PASS_DEF_EYERISSPRINTWORKLOAD
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;

namespace {
struct LayerRow {
  std::string name;
  std::string op;
  LayerShape shape;
};

struct PrintWorkloadPass
    : public eyeriss::impl::EyerissPrintWorkloadBase<PrintWorkloadPass> {
  using Base::Base;

  void runOnOperation() override {
    if (failed(checkReportFormat(getOperation(), format)))
      return signalPassFailure();
    std::vector<LayerRow> rows;
    getOperation().walk([&](ArrayLayerOpInterface layer) {
      rows.push_back({getLayerName(layer),
                      layer->getName().stripDialect().str(),
                      layer.getLayerShape()});
    });
    if (format == "json")
      printJSON(rows, llvm::outs());
    else
      printTable(rows, llvm::outs());
    markAllAnalysesPreserved();
  }

  static void printTable(ArrayRef<LayerRow> rows, llvm::raw_ostream &os) {
    size_t nameWidth = 5;
    for (const LayerRow &row : rows)
      nameWidth = std::max(nameWidth, row.name.size());
    os << llvm::left_justify("layer", nameWidth) << "  op     "
       << "    N     C     M     H     W    R    S     E     F  U  G"
       << "            MACs      weights\n";
    int64_t totalMACs = 0, totalWeights = 0;
    for (const LayerRow &row : rows) {
      const LayerShape &s = row.shape;
      os << llvm::left_justify(row.name, nameWidth) << "  "
         << llvm::left_justify(row.op, 6) << llvm::format(" %5lld", s.N)
         << llvm::format(" %5lld %5lld %5lld %5lld", s.C, s.M, s.H, s.W)
         << llvm::format(" %4lld %4lld %5lld %5lld", s.R, s.S, s.E, s.F)
         << llvm::format(" %2lld %2lld", s.strideH, s.groups)
         << llvm::format(" %15lld %12lld\n", s.numMACs(), s.numFilterWeights());
      totalMACs += s.numMACs();
      totalWeights += s.numFilterWeights();
    }
    os << llvm::left_justify("total", nameWidth) << "  "
       << llvm::left_justify("", 6) << llvm::right_justify("", 58)
       << llvm::format(" %15lld %12lld\n", totalMACs, totalWeights);
  }

  static void printJSON(ArrayRef<LayerRow> rows, llvm::raw_ostream &os) {
    llvm::json::OStream json(os, /*IndentSize=*/2);
    int64_t totalMACs = 0;
    json.object([&] {
      json.attributeArray("layers", [&] {
        for (const LayerRow &row : rows) {
          const LayerShape &s = row.shape;
          totalMACs += s.numMACs();
          json.object([&] {
            json.attribute("name", row.name);
            json.attribute("op", row.op);
            for (auto [key, value] : {std::pair<const char *, int64_t>{"N", s.N},
                                      {"C", s.C}, {"M", s.M}, {"H", s.H},
                                      {"W", s.W}, {"R", s.R}, {"S", s.S},
                                      {"E", s.E}, {"F", s.F},
                                      {"stride_h", s.strideH},
                                      {"stride_w", s.strideW},
                                      {"groups", s.groups},
                                      {"macs", s.numMACs()},
                                      {"weights", s.numFilterWeights()}})
              json.attribute(key, value);
          });
        }
      });
      json.attribute("total_macs", totalMACs);
    });
    os << "\n";
  }
};
} // namespace
