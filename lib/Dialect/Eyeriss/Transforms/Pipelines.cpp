//===- Pipelines.cpp - The eyeriss compilation phases ---------------------===//

#include "eyeriss/Dialect/Eyeriss/Transforms/Pipelines.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace eyeriss {

void buildCanonicalizePipeline(OpPassManager &pm) {
  pm.addPass(createEyerissDropIdentity());
  pm.addPass(createEyerissGemmToFC());
  pm.addPass(createEyerissFoldPad());
  pm.addPass(createEyerissRaiseChannelShuffle());
  // Batch norms fold before activations fuse: conv -> bn -> relu only fuses
  // once the bn is gone.
  pm.addPass(createEyerissFoldBatchNorm());
  pm.addPass(createEyerissFuseActivation());
  pm.addPass(createEyerissFoldConstants());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void buildMapPipeline(OpPassManager &pm, const EyerissMapOptions &options,
                      const EyerissPartitionOptions &partition) {
  pm.addPass(createEyerissSplitFilters());
  pm.addPass(createEyerissSplitWideLayers());
  pm.addPass(createEyerissPartition(partition));
  pm.addPass(createEyerissMap(options));
}

void buildQuantizePipeline(OpPassManager &pm,
                           const EyerissQuantizeOptions &options) {
  pm.addPass(createEyerissQuantize(options));
}

void buildSchedulePipeline(OpPassManager &pm) {
  pm.addPass(createEyerissTile());
  pm.addPass(createEyerissAllocateGLB());
  pm.addPass(createEyerissScheduleMulticast());
  pm.addPass(createEyerissInsertRLC());
}

void buildPipelineUpTo(OpPassManager &pm, CompilePhase last,
                       const PipelineOptions &options) {
  if (last >= CompilePhase::Canonicalize)
    buildCanonicalizePipeline(pm);
  if (last >= CompilePhase::Map) {
    if (options.measureSparsity)
      pm.addPass(createEyerissMeasureSparsity(*options.measureSparsity));
    buildMapPipeline(pm, options.map, options.partition);
  }
  if (last >= CompilePhase::Quantize)
    buildQuantizePipeline(pm, options.quantize);
  if (last >= CompilePhase::Schedule)
    buildSchedulePipeline(pm);
}

void registerEyerissPipelines() {
  PassPipelineRegistration<>(
      "eyeriss-canonicalize-pipeline",
      "The canonicalize phase of eyeriss-compile: graph clean-up before "
      "mapping",
      buildCanonicalizePipeline);
  PassPipelineRegistration<>(
      "eyeriss-map-pipeline",
      "The map phase of eyeriss-compile: a row-stationary mapping for every "
      "CONV and FC layer, energy-optimal (needs eyeriss.target)",
      [](OpPassManager &pm) { buildMapPipeline(pm); });
  PassPipelineRegistration<>(
      "eyeriss-quantize-pipeline",
      "The quantize phase of eyeriss-compile: 16-bit fixed-point formats for "
      "every CONV and FC layer, calibrated on seeded inputs",
      [](OpPassManager &pm) { buildQuantizePipeline(pm); });
  PassPipelineRegistration<>(
      "eyeriss-schedule-pipeline",
      "The schedule phase of eyeriss-compile: processing passes, transfers, "
      "placed GLB buffers, NoC IDs and RLC for every CONV and FC layer",
      buildSchedulePipeline);
}

} // namespace eyeriss
