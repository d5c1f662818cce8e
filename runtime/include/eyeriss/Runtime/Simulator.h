//===- Simulator.h - The cycle-level Eyeriss simulator ----------*- C++ -*-===//
//
// Executes an EYB program (docs/ISA.md) the way the chip would: bit-exact
// 16-bit fixed-point arithmetic in every PE (Arith/FixedPoint.h), psums up
// the PE table's local links, RLC between DRAM and the GLB, host ops on the
// CPU; and a timing model in which every instruction's cycles come from the
// modelled hardware (docs/Simulator.md): the PE pipeline and spads, the
// three GINs' widths and multicast tags, the GON, the local links, the GLB
// banks' ports, the DRAM link in its own clock domain behind FIFOs, the RLC
// codec's throughput, pass switching and the scan chain. It executes only
// what the program says: it never re-derives a mapping from a model.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_RUNTIME_SIMULATOR_H
#define EYERISS_RUNTIME_SIMULATOR_H

#include "eyeriss/Arch/TargetModel.h"
#include "eyeriss/ISA/Program.h"
#include "eyeriss/Runtime/Stats.h"
#include "eyeriss/Runtime/Trace.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <memory>
#include <vector>

namespace eyeriss {
namespace runtime {

struct SimulatorOptions {
  /// Clocks; 0 takes the architecture file's defaults.
  double coreMHz = 0;
  double linkMHz = 0;
  /// Model time (cycles, stalls); off, only the functional model runs
  /// (outputs and access counts are the same, cycles are 0).
  bool timing = true;
  /// Record a trace of every instruction.
  bool trace = false;
  /// Called now and then with the fraction of the program's MACs done.
  std::function<void(double)> progress;
};

class Simulator {
public:
  /// Checks the program (verifyProgram) and the options; the simulator
  /// keeps its own copy.
  static llvm::Expected<std::unique_ptr<Simulator>>
  create(eyb::Program program, const SimulatorOptions &options = {});
  ~Simulator();

  const eyb::Program &program() const;
  /// Tensor ids of the program's inputs and outputs, in id order.
  std::vector<uint32_t> inputs() const;
  std::vector<uint32_t> outputs() const;

  /// Writes an input tensor from real values (quantized to its format,
  /// round to nearest even and saturating, if it is int16). The size must
  /// match the tensor's elements.
  llvm::Error setInput(uint32_t tensor, llvm::ArrayRef<float> values);
  /// Runs the program from its first instruction; every input must have
  /// been set. A program runs once per Simulator.
  llvm::Error run();

  /// A tensor's current contents as real values (dequantized, decoded).
  llvm::Expected<std::vector<float>> readTensor(uint32_t tensor) const;
  /// An int16 tensor's words (decoded if compressed).
  llvm::Expected<std::vector<int16_t>> readTensorWords(uint32_t tensor) const;

  const RunStats &stats() const;
  const TargetModel &target() const;
  const Trace &trace() const;

private:
  struct Impl;
  explicit Simulator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl;
};

} // namespace runtime
} // namespace eyeriss

#endif // EYERISS_RUNTIME_SIMULATOR_H
