//===- ArchDescription.h - Eyeriss architecture description -----*- C++ -*-===//
//
// The hardware is data: every chip parameter and energy cost the compiler and
// the simulator use lives in an architecture description file (JSON, format
// documented in docs/ArchitectureFile.md). This header is the in-memory form
// and its loader. It is ground floor: no MLIR, no ONNX, only LLVM Support, so
// the simulator in runtime/ can use it too.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_ARCH_ARCHDESCRIPTION_H
#define EYERISS_ARCH_ARCHDESCRIPTION_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace eyeriss {

/// The file format version this loader reads (`format_version` field).
constexpr int64_t kArchFormatVersion = 1;

/// One scratchpad (spad) inside a PE.
struct SpadDesc {
  int64_t entries = 0;  ///< Number of words.
  int64_t wordBits = 0; ///< Bits per word.
  std::string kind;     ///< "sram" or "register".
};

/// The three spads of a PE.
struct PEDesc {
  SpadDesc filterSpad;
  SpadDesc ifmapSpad;
  SpadDesc psumSpad;
  int64_t pipelineStages = 0; ///< PE datapath pipeline depth.
  /// Words in each FIFO at a PE's inputs and outputs, which let the NoC
  /// run ahead of the PE's computation (JSSC 2017 Sec. V-C).
  int64_t ioFifoDepth = 0;
};

/// The PE array.
struct PEArrayDesc {
  int64_t rows = 0;
  int64_t cols = 0;
};

/// One SRAM region of the global buffer, made of identical banks.
struct GLBRegionDesc {
  int64_t banks = 0;
  int64_t wordsPerBank = 0;
  int64_t wordBits = 0;
  /// Capacity in bytes.
  int64_t bytes() const { return banks * wordsPerBank * wordBits / 8; }
};

/// The global buffer (GLB): a region shared by ifmaps and psums (each bank
/// given to one data type per layer) and a filter region.
struct GLBDesc {
  GLBRegionDesc fmap;   ///< ifmaps and psums ("ifmap_psum" in the file).
  GLBRegionDesc filter; ///< filters, preloaded for the next pass.
};

/// One network of the NoC. ID bit counts are 0 for networks without tags
/// (GON, local psum links).
struct NetworkDesc {
  int64_t widthBits = 0;
  int64_t rowIdBits = 0;
  int64_t colIdBits = 0;
};

/// The NoC: three global input networks (GIN), the global output network
/// (GON) and the local psum links between vertically adjacent PEs.
struct NoCDesc {
  NetworkDesc ginFilter;
  NetworkDesc ginIfmap;
  NetworkDesc ginPsum;
  NetworkDesc gon;
  NetworkDesc localPsum;
};

/// Clocks in MHz.
struct ClockDesc {
  double coreMHz = 0;     ///< Default core clock (published measurements).
  double coreMinMHz = 0;  ///< Supported range of the core clock.
  double coreMaxMHz = 0;
  double linkMHz = 0;     ///< Default DRAM link clock.
  double linkMaxMHz = 0;
};

/// The off-chip DRAM interface.
struct DRAMDesc {
  int64_t busBits = 0;       ///< Data bus width (one bus, bidirectional).
  bool bidirectional = true; ///< One bus shared by reads and writes.
  int64_t fifoDepth = 0;     ///< Words in each asynchronous FIFO.
};

/// Run-length compression (RLC) word format and where it applies.
struct RLCDesc {
  bool enabled = true;
  int64_t wordBits = 0;     ///< Bits in one encoded word.
  int64_t pairsPerWord = 0; ///< (run, level) pairs per word.
  int64_t runBits = 0;      ///< Bits of one run field (max run 2^runBits-1).
  int64_t levelBits = 0;    ///< Bits of one level field.
  int64_t lastFlagBits = 0; ///< Bits of the last-word flag.
  bool compressFirstLayerInput = false;
  bool compressFilters = false;
};

/// Fixed-point arithmetic of the PE datapath.
struct ArithmeticDesc {
  int64_t dataBits = 0;    ///< Operand width (ifmaps, filters, psums).
  int64_t productBits = 0; ///< Full product width before truncation.
};

/// Zero gating in the PE.
struct ZeroGatingDesc {
  bool enabled = true;
  int64_t zeroBufferBits = 0;      ///< One bit per ifmap spad entry.
  double pePowerSavingFraction = 0; ///< PE power saved on a zero ifmap value.
};

/// Layer configuration through the scan chain.
struct ConfigDesc {
  int64_t scanChainBits = 0;
  double loadTimeUs = 0; ///< Time to load one layer's configuration.
};

/// Energy per access of one 16-b word at each level of the hierarchy.
struct EnergyCosts {
  double mac = 0;   ///< One multiply-accumulate.
  double spad = 0;  ///< One spad (register file) access.
  double array = 0; ///< One PE-to-PE / NoC transfer (wires included).
  double glb = 0;   ///< One GLB access (FIFOs included).
  double dram = 0;  ///< One DRAM access (FIFOs included).
};

/// Energy model: ISCA 2016 normalized costs (MAC = 1) and absolute costs in
/// picojoules, plus the power drawn independently of accesses.
struct EnergyDesc {
  EnergyCosts normalized;
  EnergyCosts picojoules;
  double idlePowerMW = 0; ///< Clock tree and leakage at the default clocks.
};

/// Provenance of the numbers: free text shown in reports and docs.
struct SourceDesc {
  std::string citation;
  std::string notes;
};

/// A complete architecture description.
struct ArchDescription {
  std::string name;
  std::string description;
  SourceDesc source;
  PEArrayDesc peArray;
  PEDesc pe;
  GLBDesc glb;
  NoCDesc noc;
  ClockDesc clocks;
  DRAMDesc dram;
  RLCDesc rlc;
  ArithmeticDesc arithmetic;
  ZeroGatingDesc zeroGating;
  ConfigDesc config;
  EnergyDesc energy;
};

/// Parses and validates an architecture description from JSON text.
/// `bufferName` names the source in diagnostics (usually the file path).
/// On failure the error message reads `<bufferName>: <field.path>: <reason>`
/// (or `<bufferName>:<line>:<col>: <reason>` for malformed JSON).
llvm::Expected<ArchDescription> parseArchDescription(llvm::StringRef json,
                                                     llvm::StringRef bufferName);

/// Reads, parses and validates an architecture description file.
llvm::Expected<ArchDescription> loadArchDescriptionFile(llvm::StringRef path);

/// Resolves `nameOrPath`: the name of an architecture shipped with
/// eyeriss-mlir (see BuiltinArchs.h), else a path to a JSON file.
llvm::Expected<ArchDescription> loadArchDescription(llvm::StringRef nameOrPath);

/// Serializes a description back to JSON (round-trips through the parser).
std::string printArchDescription(const ArchDescription &arch);

} // namespace eyeriss

#endif // EYERISS_ARCH_ARCHDESCRIPTION_H
