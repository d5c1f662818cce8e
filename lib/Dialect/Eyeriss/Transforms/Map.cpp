//===- Map.cpp - Choose a row-stationary mapping for every layer ----------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissTarget.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/LayerCost.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/MappingFile.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"
#include "eyeriss/Mapping/RSSearch.h"

#include "mlir/IR/Threading.h"

#include "llvm/ADT/StringMap.h"

#include <map>

namespace eyeriss {
#define GEN_PASS_DEF_EYERISSMAP
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;

namespace {
/// Layers of one shape and sparsity map alike: ResNet-50 has 54 layers but
/// about 20 distinct ones, so the search runs once per key.
using LayerKey = std::array<double, 20>;

LayerKey keyOf(const LayerShape &s, const SparsityModel &sp) {
  return {double(s.N),        double(s.C),        double(s.M),
          double(s.H),        double(s.W),        double(s.R),
          double(s.S),        double(s.E),        double(s.F),
          double(s.strideH),  double(s.strideW),  double(s.dilationH),
          double(s.dilationW), double(s.padTop),  double(s.padLeft),
          double(s.padBottom) * 4096 + double(s.padRight),
          double(s.groups),   sp.ifmapZeroFraction,
          sp.ofmapZeroFraction,
          double(sp.compressIfmap) * 2 + double(sp.compressOfmap)};
}

/// A pin whose recorded shape is not the layer's was made for another model
/// or batch: refused, naming the first field that differs.
LogicalResult checkPinnedShape(Operation *op, StringRef name,
                               const MappingFileEntry &pin,
                               const LayerShape &shape) {
  for (const auto &[key, actual] : mappingFileShapeFields(shape))
    for (const auto &[fileKey, recorded] : pin.shape)
      if (fileKey == key && recorded != actual)
        return op->emitOpError()
               << "the mapping file pins layer '" << name
               << "' for a layer of another shape: " << key << " = "
               << recorded << " in the file, " << actual
               << " here (made for another model or batch? remove the "
                  "layer's \"shape\" to pin it anyway)";
  return success();
}

struct MapPass : public eyeriss::impl::EyerissMapBase<MapPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::optional<MappingObjective> objectiveKind =
        symbolizeMappingObjective(objective);
    if (!objectiveKind) {
      module.emitError() << "unknown objective '" << objective
                         << "' (expected 'energy', 'latency' or 'edp')";
      return signalPassFailure();
    }
    if (failed(verifyZeroFraction(module, "ifmap-zero-fraction",
                                  ifmapZeroFraction)) ||
        failed(verifyZeroFraction(module, "ofmap-zero-fraction",
                                  ofmapZeroFraction)))
      return signalPassFailure();

    llvm::StringMap<MappingFileEntry> pinned;
    std::string fileArch;
    llvm::StringMap<bool> pinnedUsed;
    std::vector<std::string> pinnedOrder;
    if (!mappingFile.empty()) {
      llvm::Expected<MappingFile> file = readMappingFile(mappingFile);
      if (!file) {
        module.emitError() << llvm::toString(file.takeError());
        return signalPassFailure();
      }
      fileArch = file->arch;
      for (const MappingFileEntry &entry : file->layers) {
        pinned[entry.name] = entry;
        pinnedUsed[entry.name] = false;
        pinnedOrder.push_back(entry.name);
      }
    }

    FailureOr<const TargetModel *> target = getTargetModel(module);
    if (failed(target))
      return signalPassFailure();
    if (!fileArch.empty() && fileArch != (*target)->name())
      module.emitWarning() << "mapping file '" << mappingFile
                           << "' was made for '" << fileArch
                           << "'; its pins are checked against '"
                           << (*target)->name() << "'";
    RSSearchOptions options{*objectiveKind, exhaustive};

    // Collect the layers, then search each distinct one once, in parallel
    // (MLIR's thread pool), then attach or report in IR order.
    struct Layer {
      ArrayLayerOpInterface op;
      std::string name;
      LayerShape shape;
      SparsityModel sparsity;
      size_t job = 0;
    };
    struct Job {
      LayerShape shape;
      SparsityModel sparsity;
      std::optional<RSMapping> mapping;
      std::string error;
    };
    std::vector<Layer> layers;
    std::vector<Job> jobs;
    std::map<LayerKey, size_t> jobOfKey;
    module.walk([&](ArrayLayerOpInterface layer) {
      Layer l{layer, getLayerName(layer), layer.getLayerShape(),
              getLayerSparsity(layer, **target, ifmapZeroFraction,
                               ofmapZeroFraction)};
      if (!pinned.count(l.name)) {
        auto [it, inserted] =
            jobOfKey.try_emplace(keyOf(l.shape, l.sparsity), jobs.size());
        if (inserted)
          jobs.push_back({l.shape, l.sparsity, std::nullopt, ""});
        l.job = it->second;
      }
      layers.push_back(std::move(l));
    });
    const TargetModel &tm = **target;
    parallelForEach(&getContext(), jobs, [&](Job &job) {
      RSLayerModel model(job.shape, tm, job.sparsity);
      llvm::Expected<RSSearchResult> result = searchRSMapping(model, options);
      if (result)
        job.mapping = result->mapping;
      else
        job.error = llvm::toString(result.takeError());
    });

    bool failedAny = false;
    for (Layer &l : layers) {
      Operation *op = l.op.getOperation();
      auto pin = pinned.find(l.name);
      if (pin != pinned.end()) {
        pinnedUsed[l.name] = true;
        const RSMapping &mapping = pin->second.mapping;
        if (failed(checkPinnedShape(op, l.name, pin->second, l.shape))) {
          failedAny = true;
          continue;
        }
        RSLayerModel model(l.shape, tm, l.sparsity);
        if (llvm::Error err = model.check(mapping)) {
          op->emitOpError() << "pinned mapping " << mapping.str()
                            << " for layer '" << l.name << "' does not fit '"
                            << tm.name() << "': " << llvm::toString(std::move(err));
          failedAny = true;
          continue;
        }
        op->setAttr("mapping", RSMappingAttr::get(op->getContext(), mapping));
        continue;
      }
      const Job &job = jobs[l.job];
      if (!job.mapping) {
        op->emitOpError() << "layer '" << l.name
                          << "' has no row-stationary mapping on '" << tm.name()
                          << "': " << job.error;
        failedAny = true;
        continue;
      }
      op->setAttr("mapping", RSMappingAttr::get(op->getContext(), *job.mapping));
    }

    for (const std::string &name : pinnedOrder)
      if (!pinnedUsed[name]) {
        module.emitError() << "mapping file '" << mappingFile
                           << "' pins layer '" << name
                           << "', which is not a CONV or FC layer of this "
                              "module";
        failedAny = true;
      }
    if (failedAny)
      signalPassFailure();
  }
};
} // namespace
