//===- Pipelines.h - The eyeriss compilation phases -------------*- C++ -*-===//
//
// Each compilation phase is a pipeline builder, in the manner of IREE:
// eyeriss-compile runs the phases in order up to --compile-to, and eyeriss-opt
// exposes each as --eyeriss-<phase>-pipeline, so both run the same code.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_DIALECT_EYERISS_TRANSFORMS_PIPELINES_H
#define EYERISS_DIALECT_EYERISS_TRANSFORMS_PIPELINES_H

#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"

#include <optional>

namespace eyeriss {

/// The phases, in order. Import is the ONNX importer itself (no passes).
enum class CompilePhase { Import, Canonicalize, Map, Quantize, Schedule };

/// Options of the phases that have any.
struct PipelineOptions {
  /// Measure zero fractions before mapping (eyeriss-measure-sparsity).
  std::optional<EyerissMeasureSparsityOptions> measureSparsity;
  EyerissPartitionOptions partition;
  EyerissMapOptions map;
  EyerissQuantizeOptions quantize;
};

/// Graph clean-up: drop identities, turn Gemm into FC, fold batch norms into
/// convolutions, fuse activations, fold constants, then canonicalize and CSE.
void buildCanonicalizePipeline(mlir::OpPassManager &pm);

/// Mapping: which ops the PE array runs (the rest run on the host), and a
/// row-stationary mapping for every CONV and FC layer.
void buildMapPipeline(mlir::OpPassManager &pm,
                      const EyerissMapOptions &options = {},
                      const EyerissPartitionOptions &partition = {});

/// Quantization: the 16-bit fixed-point formats of every CONV and FC layer.
void buildQuantizePipeline(mlir::OpPassManager &pm,
                           const EyerissQuantizeOptions &options = {});

/// Adds every phase after import up to and including `last`.
/// Tiling, GLB allocation, NoC IDs and RLC: the hardware level.
void buildSchedulePipeline(mlir::OpPassManager &pm);

void buildPipelineUpTo(mlir::OpPassManager &pm, CompilePhase last,
                       const PipelineOptions &options = {});

/// Registers --eyeriss-<phase>-pipeline for eyeriss-opt.
void registerEyerissPipelines();

} // namespace eyeriss

#endif // EYERISS_DIALECT_EYERISS_TRANSFORMS_PIPELINES_H
