//===- eyeriss-compile.cpp - ONNX to Eyeriss compiler driver --------------===//
//
// eyeriss-compile model.onnx [-o out] [--compile-to=<phase>] [--arch=...]
//
// Imports an ONNX model and runs the compilation phases in order, stopping
// after --compile-to and printing the IR there. The phases are the same
// pipelines eyeriss-opt exposes as --eyeriss-<phase>-pipeline, so both tools
// run exactly the same code.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Arch/BuiltinArchs.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissDialect.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissTarget.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/PassUtils.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Pipelines.h"
#include "eyeriss/ISA/Disassembler.h"
#include "eyeriss/ISA/Writer.h"
#include "eyeriss/Import/ONNX/ONNXImporter.h"
#include "eyeriss/Reference/ReferenceExecutor.h"
#include "eyeriss/Reference/Tensor.h"
#include "eyeriss/Support/NpyFile.h"
#include "eyeriss/Support/TensorFile.h"
#include "eyeriss/Target/EYB/LowerToEYB.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

#include <cmath>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <random>

using namespace mlir;
using namespace eyeriss;

namespace cl = llvm::cl;

static cl::OptionCategory compileCategory("eyeriss-compile options");

static cl::opt<std::string> inputFilename(cl::Positional,
                                          cl::desc("<model.onnx | model.onnxtext>"),
                                          cl::cat(compileCategory));

static cl::opt<std::string> outputFilename("o", cl::desc("Output file (default: stdout)"),
                                           cl::value_desc("file"), cl::init("-"),
                                           cl::cat(compileCategory));

static cl::opt<CompilePhase> compileTo(
    "compile-to", cl::desc("Stop after this phase and print the IR"),
    cl::init(CompilePhase::Map),
    cl::values(clEnumValN(CompilePhase::Import, "import",
                          "ONNX translated to eyeriss ops, unchanged"),
               clEnumValN(CompilePhase::Canonicalize, "canonicalize",
                          "identities dropped, batch norms folded, "
                          "activations fused, Gemm turned into FC, "
                          "constants folded"),
               clEnumValN(CompilePhase::Map, "map",
                          "a row-stationary mapping on every CONV and FC "
                          "layer (default)"),
               clEnumValN(CompilePhase::Quantize, "quantize",
                          "16-bit fixed-point formats on every CONV and FC "
                          "layer, calibrated on seeded inputs"),
               clEnumValN(CompilePhase::Schedule, "schedule",
                          "every CONV and FC layer as the chip runs it: "
                          "processing passes, transfers, placed GLB "
                          "buffers, NoC IDs and RLC")),
    cl::cat(compileCategory));

enum class EmitKind { MLIR, Binary, Asm };
static cl::opt<EmitKind> emit(
    "emit",
    cl::desc("What -o receives (default: binary for -o *.eyb, else mlir)"),
    cl::init(EmitKind::MLIR),
    cl::values(clEnumValN(EmitKind::MLIR, "mlir",
                          "the IR after --compile-to (default)"),
               clEnumValN(EmitKind::Binary, "binary",
                          "the EYB program for the simulator (docs/ISA.md); "
                          "compiles through quantize"),
               clEnumValN(EmitKind::Asm, "asm",
                          "the EYB program's readable listing")),
    cl::cat(compileCategory));

static cl::opt<std::string> archName(
    "arch",
    cl::desc("Target architecture: a shipped name (eyeriss-v1, "
             "eyeriss-isca16-256pe) or an architecture JSON file"),
    cl::value_desc("name|file"), cl::init(std::string(kDefaultArchName)),
    cl::cat(compileCategory));

static cl::list<std::string> inputShapes(
    "shape",
    cl::desc("Static shape of a graph input, e.g. --shape=input:1,3,224,224 "
             "(repeatable)"),
    cl::value_desc("name:d0,d1,..."), cl::cat(compileCategory));

static cl::list<std::string> boundInputs(
    "bind-input",
    cl::desc("Make a graph input a constant holding the ONNX TensorProto in "
             "the file: the shapes, scales or bounds some models take as "
             "inputs (repeatable)"),
    cl::value_desc("name=file.pb"), cl::cat(compileCategory));

static cl::opt<int64_t> batch("batch",
                              cl::desc("Batch size: sets dimension 0 of every graph input"),
                              cl::value_desc("N"), cl::init(0),
                              cl::cat(compileCategory));

static cl::opt<int64_t> maxTensorElements(
    "max-tensor-elements",
    cl::desc("Refuse tensors with more elements than this"),
    cl::init(ONNXImportOptions().maxTensorElements), cl::cat(compileCategory));

enum class ReportKind {
  None,
  Workload,
  WorkloadJSON,
  Energy,
  EnergyJSON,
  Dataflows,
  DataflowsJSON
};
static cl::opt<ReportKind> report(
    "report", cl::desc("After the last phase, print a report to stdout"),
    cl::init(ReportKind::None),
    cl::values(clEnumValN(ReportKind::Workload, "workload",
                          "per-layer shapes, MACs and weights of the layers "
                          "the PE array runs (a table)"),
               clEnumValN(ReportKind::WorkloadJSON, "workload-json",
                          "the same as JSON"),
               clEnumValN(ReportKind::Energy, "energy",
                          "per-layer mapping, active PEs, passes, accesses "
                          "and energy per level, cycles (a table; needs "
                          "--compile-to=map)"),
               clEnumValN(ReportKind::EnergyJSON, "energy-json",
                          "the same as JSON"),
               clEnumValN(ReportKind::Dataflows, "dataflows",
                          "per-layer energy of row stationary against WS, "
                          "OS-A/B/C and NLR at equal storage area (ISCA "
                          "2016; use --arch=eyeriss-isca16-256pe)"),
               clEnumValN(ReportKind::DataflowsJSON, "dataflows-json",
                          "the same as JSON")),
    cl::cat(compileCategory));

static cl::opt<std::string> reportJSON(
    "report-json",
    cl::desc("Also write the --report as JSON to this file"),
    cl::value_desc("file.json"), cl::cat(compileCategory));

static cl::OptionCategory mappingCategory("mapping options (--compile-to=map)");

static cl::opt<bool> noHostFallback(
    "no-host-fallback",
    cl::desc("Make any op the PE array cannot run (pooling, LRN, softmax, "
             "...) an error instead of running it on the host CPU"),
    cl::init(false), cl::cat(mappingCategory));

static cl::opt<bool> partitionReport(
    "partition-report",
    cl::desc("Print which ops run on the PE array and which on the host"),
    cl::init(false), cl::cat(mappingCategory));

static cl::opt<bool> checkMulticast(
    "check-multicast",
    cl::desc("Lower every processing pass's deliveries to NoC row/col IDs and "
             "prove each PE gets exactly its data (--compile-to=map or later)"),
    cl::init(false), cl::cat(mappingCategory));

static cl::opt<std::string> mappingObjective(
    "objective",
    cl::desc("What the mapper minimizes: energy (the architecture file's "
             "pJ, idle power over the latency included; default), latency "
             "(total cycles) or edp (energy x cycles)"),
    cl::value_desc("energy|latency|edp"), cl::init("energy"),
    cl::cat(mappingCategory));

static cl::opt<bool> exhaustiveSearch(
    "exhaustive-search",
    cl::desc("Enumerate every mapping instead of the pruned search (same "
             "optimum, slower)"),
    cl::init(false), cl::cat(mappingCategory));

static cl::opt<std::string> mappingFile(
    "mapping",
    cl::desc("Pin the mappings of the layers this JSON mapping file names "
             "(docs/Mapping.md); other layers are searched"),
    cl::value_desc("file.json"), cl::cat(mappingCategory));

static cl::opt<std::string> dumpMapping(
    "dump-mapping",
    cl::desc("Write every layer's mapping as a JSON mapping file ('-' for "
             "stdout)"),
    cl::value_desc("file.json"), cl::cat(mappingCategory));

static cl::opt<double> ifmapZeros(
    "ifmap-zeros",
    cl::desc("Assumed fraction of zeros in every layer's ifmap (zero gating, "
             "RLC), unless a layer has measured ones"),
    cl::value_desc("fraction"), cl::init(0.0), cl::cat(mappingCategory));

static cl::opt<bool> measureSparsity(
    "measure-sparsity",
    cl::desc("Before mapping, measure every CONV/FC layer's ifmap and ofmap "
             "zero fractions with the reference executor on a seeded input "
             "(--input-seed) and cost zero gating and RLC with them"),
    cl::init(false), cl::cat(mappingCategory));

static cl::opt<double> ofmapZeros(
    "ofmap-zeros",
    cl::desc("Assumed fraction of zeros in every layer's ofmap (RLC)"),
    cl::value_desc("fraction"), cl::init(0.0), cl::cat(mappingCategory));

static cl::OptionCategory quantizeCategory(
    "quantization options (--compile-to=quantize)");

static cl::opt<unsigned> calibrationSamples(
    "calibration-samples",
    cl::desc("Standard-normal calibration inputs for quantization"),
    cl::init(4), cl::cat(quantizeCategory));

static cl::opt<unsigned> calibrationSeed(
    "calibration-seed", cl::desc("Seed of the first calibration input"),
    cl::init(0), cl::cat(quantizeCategory));

static cl::list<std::string> calibrationInputs(
    "calibration-input",
    cl::desc("Calibrate quantization on this tensor file (.npy or ONNX "
             "TensorProto .pb, of the input's shape) instead of "
             "standard-normal samples (repeatable; NAME=FILE names the "
             "input, as a network of several inputs needs: the i-th file "
             "of each input makes sample i)"),
    cl::value_desc("[name=]file"), cl::cat(quantizeCategory));

static cl::opt<double> headroom(
    "headroom",
    cl::desc("The fixed-point formats hold at least this multiple (>= 1) of "
             "the calibrated ranges (default 1.25)"),
    cl::init(1.25), cl::cat(quantizeCategory));

static cl::opt<double> headroomSpread(
    "headroom-spread",
    cl::desc("Extra headroom per unit of a range's spread over the "
             "calibration images (coefficient of variation of the per-image "
             "largest |value|); 0 gives every range --headroom (default 2)"),
    cl::init(2.0), cl::cat(quantizeCategory));

static cl::opt<std::string> inputRange(
    "input-range",
    cl::desc("Declared range of the network's input values; calibration "
             "inputs beyond it are an error"),
    cl::value_desc("min,max"), cl::cat(quantizeCategory));

static cl::opt<bool> quantizationReport(
    "quantization-report",
    cl::desc("Print each layer's formats, ranges and worst-case error bound"),
    cl::init(false), cl::cat(quantizeCategory));

static cl::OptionCategory referenceCategory(
    "reference execution (float32 golden model) options");

static cl::opt<bool> runReference(
    "run-reference",
    cl::desc("After the last phase, run @main with the float32 reference "
             "executor on --input tensors"),
    cl::init(false), cl::cat(referenceCategory));

static cl::list<std::string> inputTensors(
    "input",
    cl::desc("Input tensor (.npy or ONNX TensorProto .pb), one per graph "
             "input in order (repeatable)"),
    cl::value_desc("file"), cl::cat(referenceCategory));

static cl::opt<unsigned> inputSeed(
    "input-seed",
    cl::desc("Without --input: run on standard-normal inputs drawn with this "
             "seed"),
    cl::init(0), cl::cat(referenceCategory));

static cl::list<std::string> referenceOutputs(
    "reference-output",
    cl::desc("Write the reference executor's outputs to these .npy files, in "
             "order (repeatable)"),
    cl::value_desc("file.npy"), cl::cat(referenceCategory));

static cl::list<std::string> expectedTensors(
    "expect",
    cl::desc("Expected output tensors (.npy or .pb), in order (repeatable); "
             "exit 1 if an output is out of tolerance"),
    cl::value_desc("file"), cl::cat(referenceCategory));

static cl::opt<double> relTolerance(
    "rtol",
    cl::desc("Elementwise tolerance: |got - expected| <= atol + rtol * "
             "|expected|"),
    cl::init(1e-4), cl::cat(referenceCategory));

static cl::opt<double> absTolerance("atol", cl::desc("See --rtol"), cl::init(1e-5),
                            cl::cat(referenceCategory));

static cl::opt<double> maxRelativeError(
    "max-rel-err",
    cl::desc("Instead of --rtol/--atol: max |got - expected| / max "
             "|expected| over each output must not exceed this"),
    cl::init(0.0), cl::cat(referenceCategory));

static cl::opt<bool> printSupportedOps(
    "print-supported-ops",
    cl::desc("Print the ONNX op types the importer supports, one a line, "
             "and exit"),
    cl::init(false), cl::cat(compileCategory));

static cl::opt<bool> printFoldedOps(
    "print-folded-ops",
    cl::desc("Print the ONNX op types the importer evaluates when their "
             "inputs are known at import (shape arithmetic), one a line, "
             "and exit"),
    cl::init(false), cl::cat(compileCategory));

static cl::opt<int64_t> elideWeights(
    "elide-weights-larger-than",
    cl::desc("Print constants with more elements than this as __elided__ "
             "(0: print every weight; the output can then be parsed back)"),
    cl::init(64), cl::cat(compileCategory));


/// Reads a tensor from a .npy or an ONNX TensorProto (.pb) file.
static llvm::Expected<reference::Tensor> readReferenceTensor(llvm::StringRef path) {
  llvm::Expected<TensorFileData> file = eyeriss::readTensorFile(path);
  if (!file)
    return file.takeError();
  return reference::Tensor(file->shape, std::move(file->data));
}

/// Compares `got` with `expected`; prints one line per output to stderr.
static bool compareOutput(size_t index, llvm::StringRef name,
                          const reference::Tensor &got,
                          const reference::Tensor &expected,
                          llvm::StringRef expectedPath) {
  llvm::errs() << "reference: output " << index << " '" << name << "'";
  if (got.shape != expected.shape) {
    auto printShape = [](llvm::ArrayRef<int64_t> shape) {
      llvm::errs() << "[";
      llvm::interleaveComma(shape, llvm::errs());
      llvm::errs() << "]";
    };
    llvm::errs() << "\nerror: output " << index << " has shape ";
    printShape(got.shape);
    llvm::errs() << " but " << expectedPath << " has ";
    printShape(expected.shape);
    llvm::errs() << "; exceeds the tolerance\n";
    return false;
  }
  double maxAbsErr = 0, maxAbsRef = 0, worstExcess = 0;
  int64_t worst = -1, nonFinite = 0;
  for (size_t i = 0; i < got.data.size(); ++i) {
    double a = got.data[i], b = expected.data[i];
    if (std::isnan(a) != std::isnan(b) ||
        ((std::isinf(a) || std::isinf(b)) && a != b)) {
      ++nonFinite;
      continue;
    }
    if (std::isnan(a) || std::isinf(a))
      continue;
    double err = std::fabs(a - b);
    maxAbsErr = std::max(maxAbsErr, err);
    maxAbsRef = std::max(maxAbsRef, std::fabs(b));
    double excess = err - (absTolerance + relTolerance * std::fabs(b));
    if (excess > worstExcess) {
      worstExcess = excess;
      worst = static_cast<int64_t>(i);
    }
  }
  double relErr = maxAbsRef > 0 ? maxAbsErr / maxAbsRef : maxAbsErr;
  llvm::errs() << llvm::format(": %lld values, max abs error %.3g, max "
                               "relative error %.3g (max |error| / max "
                               "|expected|)\n",
                               (long long)got.data.size(), maxAbsErr, relErr);
  if (nonFinite) {
    llvm::errs() << "error: output " << index << ": " << nonFinite
                 << " values differ in NaN/infinity; exceeds the tolerance\n";
    return false;
  }
  if (maxRelativeError > 0) {
    if (relErr > maxRelativeError) {
      llvm::errs() << "error: output " << index << ": relative error "
                   << relErr << " exceeds the tolerance " << maxRelativeError
                   << "\n";
      return false;
    }
    return true;
  }
  if (worst >= 0) {
    llvm::errs() << "error: output " << index << " element " << worst
                 << ": got " << got.data[worst] << ", expected "
                 << expected.data[worst]
                 << "; exceeds the tolerance (atol " << absTolerance << ", rtol "
                 << relTolerance << ")\n";
    return false;
  }
  return true;
}

/// Runs @main with the reference executor, writes and checks its outputs.
static LogicalResult runReferenceAndCompare(ModuleOp module) {
  auto func = module.lookupSymbol<func::FuncOp>("main");
  if (!func)
    return module.emitError() << "no function @main to run";
  if (!inputTensors.empty() && inputTensors.size() != func.getNumArguments())
    return func.emitError() << "@main takes " << func.getNumArguments()
                            << " inputs but " << inputTensors.size()
                            << " --input files were given";
  if (!expectedTensors.empty() &&
      expectedTensors.size() != func.getNumResults())
    return func.emitError() << "@main has " << func.getNumResults()
                            << " outputs but " << expectedTensors.size()
                            << " --expect files were given";
  llvm::SmallVector<reference::Tensor> inputs;
  if (inputTensors.empty()) {
    // The calibration's own generator: standard-normal floats, token ids
    // drawn from the rows they index.
    FailureOr<SmallVector<reference::Tensor>> seeded =
        seededNormalInputs(func, inputSeed, "run the reference");
    if (failed(seeded))
      return failure();
    inputs = std::move(*seeded);
    llvm::errs() << "reference: " << inputs.size()
                 << " seeded input(s) (standard normal; integers uniform over "
                    "the rows they index, else over an 8- or 16-bit type, "
                    "else 0 and 1), seed "
                 << inputSeed << "\n";
  }
  for (const std::string &path : inputTensors) {
    llvm::Expected<reference::Tensor> tensor = readReferenceTensor(path);
    if (!tensor) {
      llvm::errs() << "error: " << llvm::toString(tensor.takeError()) << "\n";
      return failure();
    }
    inputs.push_back(std::move(*tensor));
  }
  FailureOr<llvm::SmallVector<reference::Tensor>> outputs =
      reference::runFunction(func, inputs);
  if (failed(outputs))
    return failure();
  bool ok = true;
  for (auto [i, path] : llvm::enumerate(referenceOutputs)) {
    if (i >= outputs->size())
      break;
    const reference::Tensor &out = (*outputs)[i];
    if (llvm::Error err =
            writeNpy(path, out.shape, out.data,
                     EyerissDialect::getResultHostFormat(func, unsigned(i)))) {
      llvm::errs() << "error: " << llvm::toString(std::move(err)) << "\n";
      ok = false;
    }
  }
  for (auto [i, path] : llvm::enumerate(expectedTensors)) {
    llvm::Expected<reference::Tensor> expected = readReferenceTensor(path);
    if (!expected) {
      llvm::errs() << "error: " << llvm::toString(expected.takeError())
                   << "\n";
      ok = false;
      continue;
    }
    auto name =
        func.getResultAttrOfType<StringAttr>(i, EyerissDialect::kNameAttrName);
    ok &= compareOutput(i, name ? name.getValue() : "", (*outputs)[i],
                        *expected, path);
  }
  return success(ok);
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
#if defined(__GLIBC__)
  // A compile moves a model's weights through several buffers of tens of
  // MB. glibc maps each such block freshly and unmaps it on free, so every
  // one costs a page fault per page; keeping freed memory in the heap lets
  // the next buffer reuse it (ResNet-50: about 0.3 s of 3).
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  cl::HideUnrelatedOptions(
      {&compileCategory, &mappingCategory, &quantizeCategory, &referenceCategory,
       &cl::getGeneralCategory()});
  // The general category also holds every option the LLVM library registers
  // (code generators, profilers, ...); --help shows only MLIR's own there.
  for (auto &entry : cl::getRegisteredOptions()) {
    cl::Option *option = entry.second;
    bool general = llvm::is_contained(option->Categories,
                                      &cl::getGeneralCategory());
    if (general && !entry.first.starts_with("mlir-") &&
        entry.first != "help" && entry.first != "help-list" &&
        entry.first != "version")
      option->setHiddenFlag(cl::ReallyHidden);
  }
  cl::ParseCommandLineOptions(
      argc, argv,
      "eyeriss-compile: compiles an ONNX model for the Eyeriss accelerator\n");

  if (printSupportedOps) {
    for (llvm::StringRef op : getSupportedONNXOpTypes())
      llvm::outs() << op << "\n";
    return 0;
  }
  if (printFoldedOps) {
    for (llvm::StringRef op : getFoldedONNXOpTypes())
      llvm::outs() << op << "\n";
    return 0;
  }
  if (inputFilename.empty()) {
    llvm::errs() << "eyeriss-compile: no input model (see --help)\n";
    return 1;
  }

  ONNXImportOptions importOptions;
  for (const std::string &spec : inputShapes)
    if (llvm::Error err = parseInputShapeOverride(spec, importOptions.inputShapes)) {
      llvm::errs() << "eyeriss-compile: " << llvm::toString(std::move(err)) << "\n";
      return 1;
    }
  for (const std::string &spec : boundInputs)
    if (llvm::Error err = parseBoundInput(spec, importOptions.boundInputs)) {
      llvm::errs() << "eyeriss-compile: " << llvm::toString(std::move(err)) << "\n";
      return 1;
    }
  if (batch.getNumOccurrences()) {
    if (batch <= 0) {
      llvm::errs() << "eyeriss-compile: --batch must be positive\n";
      return 1;
    }
    importOptions.batch = batch;
  }
  if (maxTensorElements <= 0) {
    llvm::errs() << "eyeriss-compile: --max-tensor-elements must be positive\n";
    return 1;
  }
  importOptions.maxTensorElements = maxTensorElements;

  DialectRegistry registry;
  registry.insert<EyerissDialect, func::FuncDialect>();
  MLIRContext context(registry);
  // A diagnostic at the module would otherwise print the whole network,
  // weights included; the location already names the file and the node.
  context.printOpOnDiagnostic(false);
  context.loadAllAvailableDialects();
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &context);

  DefaultTimingManager tm;
  applyDefaultTimingManagerCLOptions(tm);
  TimingScope timing = tm.getRootScope();

  OwningOpRef<ModuleOp> module;
  {
    TimingScope importTiming = timing.nest("Import ONNX");
    importOptions.timing = &importTiming;
    module = importONNXFile(inputFilename, &context, importOptions);
  }
  if (!module)
    return 1;

  PassManager pm(&context, ModuleOp::getOperationName());
  if (failed(applyPassManagerCLOptions(pm)))
    return 1;
  pm.enableTiming(timing);
  EyerissAttachTargetOptions targetOptions;
  targetOptions.arch = archName;
  pm.addPass(createEyerissAttachTarget(targetOptions));
  // "-o model.eyb" means the binary unless --emit says otherwise.
  if (!emit.getNumOccurrences() &&
      llvm::StringRef(outputFilename).ends_with(".eyb"))
    emit = EmitKind::Binary;
  if (emit != EmitKind::MLIR) {
    if (compileTo.getNumOccurrences() && compileTo < CompilePhase::Schedule) {
      llvm::errs() << "eyeriss-compile: --emit=binary|asm needs "
                      "--compile-to=schedule (the default with --emit)\n";
      return 1;
    }
    compileTo = CompilePhase::Schedule;
  }
  PipelineOptions pipelineOptions;
  if (measureSparsity) {
    EyerissMeasureSparsityOptions sparsityOptions;
    sparsityOptions.seed = inputSeed;
    pipelineOptions.measureSparsity = sparsityOptions;
  }
  pipelineOptions.partition.allowHost = !noHostFallback;
  pipelineOptions.partition.report = partitionReport;
  pipelineOptions.map.objective = mappingObjective;
  pipelineOptions.map.exhaustive = exhaustiveSearch;
  pipelineOptions.map.mappingFile = mappingFile;
  pipelineOptions.map.ifmapZeroFraction = ifmapZeros;
  pipelineOptions.map.ofmapZeroFraction = ofmapZeros;
  pipelineOptions.quantize.calibrationSamples = calibrationSamples;
  pipelineOptions.quantize.calibrationSeed = calibrationSeed;
  pipelineOptions.quantize.headroom = headroom;
  pipelineOptions.quantize.headroomSpread = headroomSpread;
  pipelineOptions.quantize.calibrationInputs.assign(calibrationInputs.begin(),
                                                    calibrationInputs.end());
  pipelineOptions.quantize.inputRange = inputRange;
  pipelineOptions.quantize.report = quantizationReport;
  buildPipelineUpTo(pm, compileTo, pipelineOptions);
  if (checkMulticast) {
    EyerissCheckMulticastOptions checkOptions;
    checkOptions.report = true;
    pm.addPass(createEyerissCheckMulticast(checkOptions));
  }
  if (!dumpMapping.empty()) {
    EyerissDumpMappingOptions dumpOptions;
    dumpOptions.file = dumpMapping;
    pm.addPass(createEyerissDumpMapping(dumpOptions));
  }
  switch (report) {
  case ReportKind::None:
    if (!reportJSON.empty()) {
      llvm::errs() << "eyeriss-compile: --report-json needs --report\n";
      return 1;
    }
    break;
  case ReportKind::Workload:
  case ReportKind::WorkloadJSON: {
    if (!reportJSON.empty()) {
      llvm::errs() << "eyeriss-compile: --report-json is written by "
                      "--report=energy and --report=dataflows\n";
      return 1;
    }
    EyerissPrintWorkloadOptions reportOptions;
    reportOptions.format = report == ReportKind::Workload ? "table" : "json";
    pm.addPass(createEyerissPrintWorkload(reportOptions));
    break;
  }
  case ReportKind::Energy:
  case ReportKind::EnergyJSON: {
    EyerissPrintEnergyOptions reportOptions;
    reportOptions.format = report == ReportKind::Energy ? "table" : "json";
    reportOptions.jsonFile = reportJSON;
    reportOptions.ifmapZeroFraction = ifmapZeros;
    reportOptions.ofmapZeroFraction = ofmapZeros;
    pm.addPass(createEyerissPrintEnergy(reportOptions));
    break;
  }
  case ReportKind::Dataflows:
  case ReportKind::DataflowsJSON: {
    EyerissCompareDataflowsOptions reportOptions;
    reportOptions.format = report == ReportKind::Dataflows ? "table" : "json";
    reportOptions.jsonFile = reportJSON;
    pm.addPass(createEyerissCompareDataflows(reportOptions));
    break;
  }
  }
  if (compileTo < CompilePhase::Map &&
      (report == ReportKind::Energy || report == ReportKind::EnergyJSON ||
       report == ReportKind::Dataflows ||
       report == ReportKind::DataflowsJSON || !dumpMapping.empty() ||
       !mappingFile.empty() || checkMulticast)) {
    llvm::errs() << "eyeriss-compile: --report=energy, --report=dataflows, "
                    "--mapping, --dump-mapping and --check-multicast need "
                    "--compile-to=map or later\n";
    return 1;
  }
  if (failed(pm.run(*module)))
    return 1;

  if (runReference || !inputTensors.empty() || !expectedTensors.empty() ||
      !referenceOutputs.empty()) {
    if (!runReference) {
      llvm::errs() << "eyeriss-compile: --input, --expect and "
                      "--reference-output need --run-reference\n";
      return 1;
    }
    TimingScope referenceTiming = timing.nest("Reference execution");
    if (failed(runReferenceAndCompare(*module)))
      return 1;
  }

  std::string errorMessage;
  auto output = openOutputFile(outputFilename, &errorMessage);
  if (!output) {
    llvm::errs() << "eyeriss-compile: " << errorMessage << "\n";
    return 1;
  }
  if (emit != EmitKind::MLIR) {
    FailureOr<eyb::Program> program;
    {
      TimingScope lowerTiming = timing.nest("Lower to EYB");
      program = lowerToEYB(*module);
    }
    if (failed(program))
      return 1;
    TimingScope printTiming = timing.nest("Output");
    if (emit == EmitKind::Asm) {
      eyb::disassemble(*program, output->os());
    } else {
      llvm::Expected<std::vector<uint8_t>> bytes = eyb::writeProgram(*program);
      if (!bytes) {
        llvm::errs() << "eyeriss-compile: "
                     << llvm::toString(bytes.takeError()) << "\n";
        return 1;
      }
      output->os().write(reinterpret_cast<const char *>(bytes->data()),
                         bytes->size());
    }
    output->keep();
    return 0;
  }
  {
    TimingScope printTiming = timing.nest("Output");
    OpPrintingFlags flags;
    if (elideWeights > 0)
      flags.elideLargeElementsAttrs(elideWeights);
    module->print(output->os(), flags);
    output->os() << "\n";
  }
  output->keep();
  return 0;
}
