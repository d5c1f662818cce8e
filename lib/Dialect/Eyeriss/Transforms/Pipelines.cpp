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
  // Batch norms fold before activations fuse: conv -> bn -> relu only fuses
  // once the bn is gone.
  pm.addPass(createEyerissFoldBatchNorm());
  pm.addPass(createEyerissFuseActivation());
  pm.addPass(createEyerissFoldConstants());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void buildPipelineUpTo(OpPassManager &pm, CompilePhase last) {
  if (last >= CompilePhase::Canonicalize)
    buildCanonicalizePipeline(pm);
}

void registerEyerissPipelines() {
  PassPipelineRegistration<>(
      "eyeriss-canonicalize-pipeline",
      "The canonicalize phase of eyeriss-compile: graph clean-up before "
      "mapping",
      buildCanonicalizePipeline);
}

} // namespace eyeriss
