//===- CompileLayer.h - One layer through the real compiler -----*- C++ -*-===//
//
// The runtime tests run what the compiler really emits: a CONV or FC layer
// with seeded random weights is written as eyeriss IR, mapped (or pinned to
// a mapping), quantized and lowered to an EYB program by the same passes and
// translation as eyeriss-compile.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_TEST_UNIT_RUNTIME_COMPILELAYER_H
#define EYERISS_TEST_UNIT_RUNTIME_COMPILELAYER_H

#include "eyeriss/Dialect/Eyeriss/IR/EyerissDialect.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Pipelines.h"
#include "eyeriss/ISA/Program.h"
#include "eyeriss/Target/EYB/LowerToEYB.h"
#include "eyeriss/Workload/LayerShape.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <optional>
#include <random>
#include <string>

namespace eyeriss::test {

struct LayerSpec {
  LayerShape shape; ///< N C M H W R S, strides, dilations, pads, groups.
  bool fc = false;  ///< An FC layer: N x C input, M x C weights.
  bool bias = true;
  std::string activation = "relu"; ///< "", "relu" or "relu6".
  std::string arch = "eyeriss-v1";
  unsigned seed = 0;
  /// A mapping-file JSON to pin, if any (else the mapper searches).
  std::string mappingFile;
  std::string objective = "energy";
};

/// A dense f32 attribute of N(0, scale) values as MLIR's hex form (raw
/// little-endian bytes): compact, and parsed fast even for VGG's weights.
inline void appendDense(std::string &out, int64_t count, std::mt19937 &rng,
                        float scale) {
  std::normal_distribution<float> normal(0.0f, scale);
  static const char digits[] = "0123456789ABCDEF";
  out += "dense<\"0x";
  for (int64_t i = 0; i < count; ++i) {
    float v = normal(rng);
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    for (int byte = 0; byte < 4; ++byte) {
      uint8_t b = uint8_t(bits >> (8 * byte));
      out += digits[b >> 4];
      out += digits[b & 15];
    }
  }
  out += "\">";
}

/// The layer as an eyeriss-dialect module.
inline std::string layerIR(const LayerSpec &spec) {
  const LayerShape &s = spec.shape;
  std::mt19937 rng(spec.seed);
  std::string ir = llvm::formatv("module attributes {{eyeriss.target = "
                                 "#eyeriss.target<\"{0}\">} {{\n",
                                 spec.arch)
                       .str();
  std::string in, wt, out;
  int64_t fanIn = s.channelsPerGroup() * s.R * s.S;
  if (spec.fc) {
    in = llvm::formatv("tensor<{0}x{1}xf32>", s.N, s.C);
    wt = llvm::formatv("tensor<{0}x{1}xf32>", s.M, s.C);
    out = llvm::formatv("tensor<{0}x{1}xf32>", s.N, s.M);
  } else {
    in = llvm::formatv("tensor<{0}x{1}x{2}x{3}xf32>", s.N, s.C, s.H, s.W);
    wt = llvm::formatv("tensor<{0}x{1}x{2}x{3}xf32>", s.M,
                       s.channelsPerGroup(), s.R, s.S);
    out = llvm::formatv("tensor<{0}x{1}x{2}x{3}xf32>", s.N, s.M, s.E, s.F);
  }
  std::string bt = llvm::formatv("tensor<{0}xf32>", s.M);
  ir += llvm::formatv("  func.func @main(%x: {0}) -> {1} {{\n", in, out);
  ir += "    %w = eyeriss.constant ";
  appendDense(ir, s.M * fanIn, rng, float(std::sqrt(2.0 / double(fanIn))));
  ir += " : " + wt + "\n";
  if (spec.bias) {
    ir += "    %b = eyeriss.constant ";
    appendDense(ir, s.M, rng, 0.1f);
    ir += " : " + bt + "\n";
  }
  std::string operands = spec.bias ? "%x, %w, %b" : "%x, %w";
  std::string types = spec.bias ? in + ", " + wt + ", " + bt : in + ", " + wt;
  std::string act =
      spec.activation.empty() ? "" : " activation " + spec.activation;
  if (spec.fc)
    ir += llvm::formatv("    %y = eyeriss.fc {0}{1} : ({2}) -> {3}\n",
                        operands, act, types, out);
  else
    ir += llvm::formatv(
        "    %y = eyeriss.conv2d {0} strides [{1}, {2}] pads [{3}, {4}, "
        "{5}, {6}] dilations [{7}, {8}] groups {9}{10} : ({11}) -> {12}\n",
        operands, s.strideH, s.strideW, s.padTop, s.padLeft, s.padBottom,
        s.padRight, s.dilationH, s.dilationW, s.groups, act, types, out);
  ir += "    return %y : " + out + "\n  }\n}\n";
  return ir;
}

/// Compiles the layer to an EYB program through the phases up to `last`
/// (and `extraPasses` after them); on failure, the error text.
inline std::optional<eyb::Program> compileLayer(
    const LayerSpec &spec, std::string &error,
    CompilePhase last = CompilePhase::Schedule,
    llvm::function_ref<void(mlir::OpPassManager &)> extraPasses = {}) {
  mlir::MLIRContext context;
  context.loadDialect<EyerissDialect, mlir::func::FuncDialect>();
  std::string diagnostics;
  llvm::raw_string_ostream os(diagnostics);
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &d) {
    os << d << "\n";
    return mlir::success();
  });
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(layerIR(spec), &context);
  if (!module) {
    error = "parse: " + diagnostics;
    return std::nullopt;
  }
  mlir::PassManager pm(&context);
  PipelineOptions options;
  options.map.objective = spec.objective;
  if (!spec.mappingFile.empty())
    options.map.mappingFile = spec.mappingFile;
  options.quantize.calibrationSamples = 2;
  buildPipelineUpTo(pm, last, options);
  if (extraPasses)
    extraPasses(pm);
  if (mlir::failed(pm.run(*module))) {
    error = "compile: " + diagnostics;
    return std::nullopt;
  }
  mlir::FailureOr<eyb::Program> program = lowerToEYB(*module);
  if (mlir::failed(program)) {
    error = "lower: " + diagnostics;
    return std::nullopt;
  }
  return std::move(*program);
}

} // namespace eyeriss::test

#endif // EYERISS_TEST_UNIT_RUNTIME_COMPILELAYER_H
