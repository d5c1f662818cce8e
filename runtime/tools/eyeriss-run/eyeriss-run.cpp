//===- eyeriss-run.cpp - Run an EYB program on the simulated chip ---------===//
//
//   eyeriss-run model.eyb --input x.npy -o y.npy --stats stats.json
//
// Loads and validates the program (corrupt, truncated or wrong-version
// streams are refused with the reader's message), fills its inputs from
// .npy / .pb files (or seeded N(0,1) values), runs the cycle-level
// simulator, writes the outputs, and prints a per-layer table of cycles,
// power, DRAM traffic and energy by level. docs/Simulator.md has the model.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/ISA/Reader.h"
#include "eyeriss/Runtime/Simulator.h"
#include "eyeriss/Support/TensorFile.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <tuple>

using namespace eyeriss;
using namespace eyeriss::runtime;
namespace cl = llvm::cl;

static cl::OptionCategory runCategory("eyeriss-run options");

static cl::opt<std::string> programPath(cl::Positional, cl::Required,
                                        cl::desc("<program.eyb>"),
                                        cl::cat(runCategory));
static cl::list<std::string> inputFiles(
    "input",
    cl::desc("An input tensor: FILE or NAME=FILE, .npy or ONNX TensorProto "
             ".pb (repeatable; without NAME, in the order of the program's "
             "inputs). Without any, seeded N(0,1) values (--seed)"),
    cl::value_desc("[name=]file"), cl::cat(runCategory));
static cl::opt<std::string> outputFile(
    "o", cl::desc("Write the program's single output here (.npy, or .pb for "
                  "a TensorProto)"),
    cl::value_desc("file"), cl::cat(runCategory));
static cl::opt<std::string> outputDir(
    "output-dir",
    cl::desc("Write every output as DIR/<tensor name>.npy"),
    cl::value_desc("dir"), cl::cat(runCategory));
// `--stats` is LLVM's own flag (print statistics), so it cannot be a
// cl::opt here: main() takes it out of argv before parsing.
static std::string statsFile;
static cl::extrahelp statsHelp(
    "\n  --stats=<file.json>    - Write cycles, accesses, energy and power per "
    "layer\n                           and in total as JSON "
    "(docs/Simulator.md)\n");
static cl::opt<std::string> traceFile(
    "trace",
    cl::desc("Write a Chrome/Perfetto trace (Trace Event Format) of the "
             "configuration loads, transfers, passes and host ops"),
    cl::value_desc("file.json"), cl::cat(runCategory));
static cl::opt<unsigned> seed("seed",
                              cl::desc("Seed of the N(0,1) inputs used when "
                                       "no --input is given"),
                              cl::init(0), cl::cat(runCategory));
static cl::opt<double> coreMHz(
    "core-mhz",
    cl::desc("Core clock in MHz (default: the architecture's, 200 on "
             "eyeriss-v1)"),
    cl::init(0), cl::cat(runCategory));
static cl::opt<double> linkMHz(
    "link-mhz",
    cl::desc("DRAM link clock in MHz (default: the architecture's, 60 on "
             "eyeriss-v1)"),
    cl::init(0), cl::cat(runCategory));
static cl::opt<bool> noTiming(
    "no-timing",
    cl::desc("Functional model only: outputs and access counts, no cycles "
             "(faster)"),
    cl::init(false), cl::cat(runCategory));
static cl::opt<bool> progress(
    "progress",
    cl::desc("Show progress on stderr (default: when stderr is a terminal)"),
    cl::init(false), cl::cat(runCategory));
static cl::opt<bool> quiet("quiet",
                           cl::desc("Do not print the per-layer table"),
                           cl::init(false), cl::cat(runCategory));

static int fail(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs(), "eyeriss-run") << message << "\n";
  return 1;
}

static std::string shapeString(llvm::ArrayRef<int64_t> shape) {
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  return s.empty() ? "a scalar (rank 0)" : s;
}

/// The range random integers of `input` are drawn from, as eyeriss-compile
/// draws its calibration inputs (PassUtils.cpp): below the smallest extent
/// they index in a gather or scatter (or layout ops of them do),
/// seededIntegerRange's when they index nothing (an 8- or 16-bit type's
/// range, else 0 and 1); from 1 when they divide (an integer div, mod or
/// fmod), never 0.
struct IntegerInputRange {
  int64_t lo = 0, hi = 1;
};
static IntegerInputRange integerInputRange(const eyb::Program &prog,
                                           uint32_t input, HostFormat format) {
  using K = eyb::HostOpKind;
  int64_t bound = std::numeric_limits<int64_t>::max();
  bool divides = false;
  std::vector<uint32_t> worklist = {input};
  std::set<uint32_t> seen = {input};
  while (!worklist.empty()) {
    uint32_t id = worklist.back();
    worklist.pop_back();
    for (const eyb::HostOpDesc &op : prog.hostOps)
      for (auto [i, in] : llvm::enumerate(op.inputs)) {
        if (in != id)
          continue;
        const std::vector<int64_t> &data = prog.tensors[op.inputs[0]].shape;
        bool indices = i == 1;
        if (indices && (op.kind == K::Gather || op.kind == K::GatherElements ||
                        op.kind == K::ScatterElements)) {
          bound = std::min(bound, data[size_t(op.axis)]);
        } else if (indices &&
                   (op.kind == K::GatherND || op.kind == K::ScatterND)) {
          // Entry j of each tuple indexes the data's dimension j after the
          // batch ones (GatherND's axis field).
          size_t first = op.kind == K::GatherND ? size_t(op.axis) : 0;
          size_t k = size_t(prog.tensors[op.inputs[1]].shape.back());
          for (size_t d = first; d < first + k && d < data.size(); ++d)
            bound = std::min(bound, data[d]);
        } else if (indices && op.kind == K::Binary &&
                   eyb::binary::integerType(op.size) != 0 &&
                   (eyb::binary::function(op.size) == 1 ||
                    eyb::binary::function(op.size) == eyb::binary::kMod ||
                    eyb::binary::function(op.size) == eyb::binary::kFMod)) {
          divides = true;
        } else if ((op.kind == K::Reshape || op.kind == K::Flatten ||
                    op.kind == K::Transpose || op.kind == K::Slice ||
                    op.kind == K::Concat || op.kind == K::Expand ||
                    op.kind == K::Gather || op.kind == K::Convert) &&
                   seen.insert(op.output).second) {
          worklist.push_back(op.output);
        }
      }
  }
  IntegerInputRange range;
  std::tie(range.lo, range.hi) = seededIntegerRange(format);
  if (bound != std::numeric_limits<int64_t>::max()) {
    range.lo = 0;
    range.hi = bound - 1;
  }
  if (divides)
    range.lo = std::max<int64_t>(range.lo, 1);
  range.hi = std::max(range.hi, range.lo);
  return range;
}

static void printTable(const RunStats &stats, const TargetModel &tm) {
  llvm::raw_ostream &os = llvm::outs();
  os << llvm::format("%-30s %-4s %6s %5s %10s %10s %10s %8s %9s %7s %9s "
                     "%9s %9s %9s %9s\n",
                     "layer", "kind", "passes", "PEs", "cycles", "proc ms",
                     "total ms", "power mW", "DRAM MB", "RLC", "E dram uJ",
                     "E glb uJ", "E array uJ", "E spad uJ", "E mac uJ");
  auto row = [&](const LayerStats &s, llvm::StringRef name,
                 llvm::StringRef kind) {
    LayerEnergy e = computeLayerEnergy(s, tm, stats.coreMHz, stats.numPEs);
    double ratio = s.dramBytesUncompressed
                       ? double(s.dramBytes) / double(s.dramBytesUncompressed)
                       : 1.0;
    os << llvm::format("%-30s %-4s %6lld %5lld %10lld %10.3f %10.3f %8.1f "
                       "%9.3f %7.3f %9.1f %9.1f %9.1f %9.1f %9.1f\n",
                       name.str().c_str(), kind.str().c_str(),
                       (long long)s.passes, (long long)s.activePEs,
                       (long long)s.serialCycles, e.processingMs, e.totalMs,
                       e.powerMW,
                       double(s.dramBytes) / 1e6, ratio,
                       e.dynamicPJ.dram * 1e-6, e.dynamicPJ.glb * 1e-6,
                       e.dynamicPJ.array * 1e-6, e.dynamicPJ.spad * 1e-6,
                       e.dynamicPJ.mac * 1e-6);
  };
  for (const LayerStats &s : stats.layers)
    if (s.kind != "host")
      row(s, s.name, s.kind);
  row(stats.totals, "total (array layers)", "");
  LayerEnergy t = computeLayerEnergy(stats.totals, tm, stats.coreMHz,
                                     stats.numPEs);
  os << llvm::format(
      "\n%lld MACs in %.3f ms processing (%.3f ms with transfers, %.3f ms "
      "overlapped) at %.0f MHz: %.1f GMAC/s, %.1f mW on chip, %.3g mJ with "
      "DRAM, utilization %.1f%%\n",
      (long long)stats.totals.macs, t.processingMs, t.totalMs,
      t.overlappedMs, stats.coreMHz,
      t.processingMs > 0 ? double(stats.totals.macs) / (t.processingMs * 1e6)
                         : 0.0,
      t.powerMW, t.totalPJ() * 1e-9, 100 * t.utilization);
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  std::vector<const char *> args;
  for (int i = 0; i < argc; ++i) {
    llvm::StringRef a = argv[i];
    if (i > 0 && (a == "--stats" || a == "-stats")) {
      if (i + 1 >= argc)
        return fail("--stats needs a file name");
      statsFile = argv[++i];
    } else if (i > 0 && (a.starts_with("--stats=") || a.starts_with("-stats="))) {
      statsFile = a.split('=').second.str();
      if (statsFile.empty())
        return fail("--stats needs a file name");
    } else {
      args.push_back(argv[i]);
    }
  }
  cl::HideUnrelatedOptions(runCategory);
  cl::ParseCommandLineOptions(
      int(args.size()), args.data(),
      "eyeriss-run: run an EYB program (eyeriss-compile --emit=binary) on "
      "the cycle-level Eyeriss simulator\n");

  if (!outputFile.empty() && !outputDir.empty())
    return fail("give either -o or --output-dir, not both");
  llvm::Expected<eyb::Program> program = eyb::readProgramFile(programPath);
  if (!program)
    return fail(llvm::toString(program.takeError()));
  SimulatorOptions options;
  options.coreMHz = coreMHz;
  options.linkMHz = linkMHz;
  options.timing = !noTiming;
  options.trace = !traceFile.empty();
  bool showProgress =
      progress || llvm::sys::Process::StandardErrIsDisplayed();
  auto started = std::chrono::steady_clock::now();
  if (showProgress)
    options.progress = [&](double fraction) {
      static int last = -1;
      int pct = int(fraction * 100);
      if (pct == last)
        return;
      last = pct;
      double s = std::chrono::duration<double>(
                     std::chrono::steady_clock::now() - started)
                     .count();
      llvm::errs() << llvm::format("\reyeriss-run: %3d%% of the MACs, %.1f s",
                                   pct, s);
      if (pct == 100)
        llvm::errs() << "\n";
    };
  llvm::Expected<std::unique_ptr<Simulator>> created =
      Simulator::create(std::move(*program), options);
  if (!created)
    return fail(programPath + ": " + llvm::toString(created.takeError()));
  Simulator &sim = **created;
  const eyb::Program &prog = sim.program();

  // Inputs.
  std::vector<uint32_t> inputs = sim.inputs();
  std::map<uint32_t, std::string> given;
  size_t nextPositional = 0;
  for (const std::string &spec : inputFiles) {
    llvm::StringRef name, path = spec;
    if (!llvm::sys::fs::exists(spec) && llvm::StringRef(spec).contains('='))
      std::tie(name, path) = llvm::StringRef(spec).split('=');
    uint32_t id;
    if (!name.empty()) {
      auto it = llvm::find_if(inputs, [&](uint32_t i) {
        return prog.tensors[i].name == name;
      });
      if (it == inputs.end()) {
        std::string names;
        for (uint32_t i : inputs)
          names += (names.empty() ? "'" : ", '") + prog.tensors[i].name + "'";
        return fail("--input " + spec + ": the program has no input named '" +
                    name + "' (its inputs: " + names + ")");
      }
      id = *it;
    } else {
      if (nextPositional >= inputs.size())
        return fail("--input " + spec + ": the program has only " +
                    llvm::Twine(inputs.size()) + " input(s)");
      id = inputs[nextPositional++];
    }
    if (given.count(id))
      return fail("input '" + prog.tensors[id].name + "' is given twice");
    given[id] = path.str();
  }
  if (!inputFiles.empty() && given.size() != inputs.size())
    for (uint32_t id : inputs)
      if (!given.count(id))
        return fail("no --input for the program's input '" +
                    prog.tensors[id].name + "' (" +
                    shapeString(prog.tensors[id].shape) + ")");
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  for (uint32_t id : inputs) {
    const eyb::TensorDesc &t = prog.tensors[id];
    std::vector<float> values;
    if (auto it = given.find(id); it != given.end()) {
      llvm::Expected<TensorFileData> file = readTensorFile(it->second);
      if (!file)
        return fail(llvm::toString(file.takeError()));
      if (file->shape != t.shape)
        return fail(it->second + ": shape " + shapeString(file->shape) +
                    ", but the program's input '" + t.name + "' is " +
                    shapeString(t.shape));
      values = std::move(file->data);
    } else if (isIntegerFormat(t.hostFormat)) {
      // Token ids: uniform over the rows they pick, as eyeriss-compile's
      // seeded inputs draw them.
      IntegerInputRange range = integerInputRange(prog, id, t.hostFormat);
      std::uniform_int_distribution<int64_t> uniform(range.lo, range.hi);
      values.resize(size_t(t.numElements()));
      for (float &v : values)
        v = float(uniform(rng));
    } else {
      values.resize(size_t(t.numElements()));
      for (float &v : values)
        v = normal(rng);
    }
    if (llvm::Error err = sim.setInput(id, values))
      return fail(llvm::toString(std::move(err)));
  }

  if (llvm::Error err = sim.run())
    return fail(programPath + ": " + llvm::toString(std::move(err)));
  // The chip computes these outputs wrongly too; say so rather than let
  // wrapped values pass for results.
  for (const LayerStats &layer : sim.stats().layers)
    if (layer.psumOverflows > 0)
      llvm::WithColor::warning(llvm::errs(), "eyeriss-run")
          << layer.name << ": " << layer.psumOverflows
          << " ofmap values overflowed the layer's psum format (their "
             "16-bit psums wrapped), so they are wrong; the inputs exceed "
             "the compiler's calibrated ranges: recompile with a larger "
             "--headroom or --input-range\n";

  // Outputs.
  std::vector<uint32_t> outputs = sim.outputs();
  if (!outputFile.empty() && outputs.size() != 1)
    return fail("the program has " + llvm::Twine(outputs.size()) +
                " outputs; use --output-dir");
  if (!outputDir.empty())
    if (std::error_code ec = llvm::sys::fs::create_directories(outputDir))
      return fail("cannot create " + outputDir + ": " + ec.message());
  for (uint32_t id : outputs) {
    std::string path = outputFile;
    if (path.empty() && !outputDir.empty()) {
      llvm::SmallString<128> p(outputDir.getValue());
      std::string name = prog.tensors[id].name;
      for (char &c : name)
        if (!llvm::isAlnum(c) && c != '.' && c != '-' && c != '_')
          c = '_';
      llvm::sys::path::append(p, name + ".npy");
      path = std::string(p);
    }
    if (path.empty())
      continue;
    llvm::Expected<std::vector<float>> values = sim.readTensor(id);
    if (!values)
      return fail(llvm::toString(values.takeError()));
    // Written as the graph declares the output (float16, ...).
    if (llvm::Error err =
            writeTensorFile(path, prog.tensors[id].name, prog.tensors[id].shape,
                            *values, prog.tensors[id].hostFormat))
      return fail(llvm::toString(std::move(err)));
  }

  if (!statsFile.empty()) {
    std::error_code ec;
    llvm::raw_fd_ostream os(statsFile, ec, llvm::sys::fs::OF_Text);
    if (ec)
      return fail("cannot write " + statsFile + ": " + ec.message());
    os << llvm::formatv("{0:2}", toJSON(sim.stats(), sim.target())) << "\n";
  }
  if (!traceFile.empty())
    if (llvm::Error err = sim.trace().writeFile(traceFile, sim.stats().coreMHz,
                                                prog.name))
      return fail(llvm::toString(std::move(err)));
  if (!quiet)
    printTable(sim.stats(), sim.target());
  return 0;
}
