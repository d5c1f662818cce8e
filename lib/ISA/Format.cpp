//===- Format.cpp - The EYB binary format: sizes and names ----------------===//
//
// Names are the spellings the listing and docs/ISA.md use; they are also the
// eyeriss dialect's op names where one exists, so a listing reads like the IR
// it came from.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/ISA/Format.h"

#include "llvm/Support/ErrorHandling.h"

using namespace eyeriss;
using namespace eyeriss::eyb;
using namespace llvm;

std::optional<uint32_t> eyb::instructionSize(uint8_t opcode) {
  switch (opcode) {
  case uint8_t(Opcode::ConfigureLayer):
    return 8;
  case uint8_t(Opcode::DramToGlb):
  case uint8_t(Opcode::GlbToDram):
    return 48;
  case uint8_t(Opcode::FilterPreload):
    return 32;
  case uint8_t(Opcode::Pass):
    return 120;
  case uint8_t(Opcode::HostOp):
    return 8;
  case uint8_t(Opcode::Barrier):
  case uint8_t(Opcode::End):
    return 8;
  default:
    return std::nullopt;
  }
}

uint64_t eyb::layerRecordSize(int64_t rows, int64_t cols, int64_t banks) {
  uint64_t pes = uint64_t(rows) * uint64_t(cols);
  uint64_t size = kLayerFixedSize + pes * kPERecordSize +
                  3 * (uint64_t(rows) + pes) + uint64_t(banks);
  return (size + 7) / 8 * 8;
}

StringRef eyb::stringifySectionKind(SectionKind kind) {
  switch (kind) {
  case SectionKind::Config:
    return "config";
  case SectionKind::Strings:
    return "strings";
  case SectionKind::Tensors:
    return "tensors";
  case SectionKind::Layers:
    return "layers";
  case SectionKind::HostOps:
    return "host_ops";
  case SectionKind::Instructions:
    return "instructions";
  case SectionKind::Weights:
    return "weights";
  }
  return "?";
}

StringRef eyb::stringifyElementType(ElementType type) {
  switch (type) {
  case ElementType::Int16:
    return "i16";
  case ElementType::Float32:
    return "f32";
  }
  return "?";
}

StringRef eyb::stringifyTensorRole(TensorRole role) {
  switch (role) {
  case TensorRole::Input:
    return "input";
  case TensorRole::Output:
    return "output";
  case TensorRole::Constant:
    return "constant";
  case TensorRole::Intermediate:
    return "intermediate";
  }
  return "?";
}

StringRef eyb::stringifyRLCGranule(RLCGranule granule) {
  switch (granule) {
  case RLCGranule::None:
    return "plain";
  case RLCGranule::Row:
    return "rlc-row";
  case RLCGranule::Plane:
    return "rlc-plane";
  case RLCGranule::Image:
    return "rlc-image";
  }
  return "?";
}

StringRef eyb::stringifyLayerKind(LayerKind kind) {
  switch (kind) {
  case LayerKind::Conv:
    return "conv";
  case LayerKind::FullyConnected:
    return "fc";
  }
  return "?";
}

StringRef eyb::stringifyActivation(Activation activation) {
  switch (activation) {
  case Activation::None:
    return "none";
  case Activation::ReLU:
    return "relu";
  case Activation::ReLU6:
    return "relu6";
  }
  return "?";
}

StringRef eyb::stringifyBankRole(BankRole role) {
  switch (role) {
  case BankRole::Unused:
    return "unused";
  case BankRole::Ifmap:
    return "ifmap";
  case BankRole::Psum:
    return "psum";
  }
  return "?";
}

StringRef eyb::stringifyPsumInput(PsumInput input) {
  switch (input) {
  case PsumInput::Zero:
    return "zero";
  case PsumInput::Bias:
    return "bias";
  case PsumInput::GLB:
    return "glb";
  }
  return "?";
}

StringRef eyb::stringifyOutputMode(OutputMode mode) {
  switch (mode) {
  case OutputMode::Raw:
    return "raw";
  case OutputMode::Ofmap:
    return "ofmap";
  }
  return "?";
}

StringRef eyb::stringifyOpcode(Opcode opcode) {
  switch (opcode) {
  case Opcode::ConfigureLayer:
    return "CONFIGURE_LAYER";
  case Opcode::DramToGlb:
    return "DRAM_TO_GLB";
  case Opcode::GlbToDram:
    return "GLB_TO_DRAM";
  case Opcode::FilterPreload:
    return "FILTER_PRELOAD";
  case Opcode::Pass:
    return "PASS";
  case Opcode::HostOp:
    return "HOST_OP";
  case Opcode::Barrier:
    return "BARRIER";
  case Opcode::End:
    return "END";
  }
  return "?";
}

StringRef eyb::stringifyHostOpKind(HostOpKind kind) {
  switch (kind) {
  case HostOpKind::Convert:
    return "convert";
  case HostOpKind::MaxPool:
    return "max_pool";
  case HostOpKind::AvgPool:
    return "avg_pool";
  case HostOpKind::GlobalAvgPool:
    return "global_avg_pool";
  case HostOpKind::LRN:
    return "lrn";
  case HostOpKind::Softmax:
    return "softmax";
  case HostOpKind::Add:
    return "add";
  case HostOpKind::Concat:
    return "concat";
  case HostOpKind::Reshape:
    return "reshape";
  case HostOpKind::Flatten:
    return "flatten";
  case HostOpKind::Clip:
    return "clip";
  case HostOpKind::ReLU:
    return "relu";
  case HostOpKind::BatchNorm:
    return "batch_norm";
  case HostOpKind::Conv2D:
    return "conv2d";
  case HostOpKind::FullyConnected:
    return "fc";
  case HostOpKind::Pad:
    return "pad";
  case HostOpKind::Sigmoid:
    return "sigmoid";
  case HostOpKind::HardSigmoid:
    return "hard_sigmoid";
  case HostOpKind::Mul:
    return "mul";
  case HostOpKind::Slice:
    return "slice";
  case HostOpKind::ChannelShuffle:
    return "channel_shuffle";
  case HostOpKind::LayerNorm:
    return "layer_norm";
  case HostOpKind::Erf:
    return "erf";
  case HostOpKind::Transpose:
    return "transpose";
  case HostOpKind::MatMul:
    return "matmul";
  case HostOpKind::Resize:
    return "resize";
  case HostOpKind::Unary:
    return "unary";
  case HostOpKind::Binary:
    return "binary";
  case HostOpKind::InsertZeros:
    return "insert_zeros";
  case HostOpKind::Reduce:
    return "reduce";
  case HostOpKind::Expand:
    return "expand";
  case HostOpKind::Gather:
    return "gather";
  case HostOpKind::Select:
    return "select";
  case HostOpKind::CumSum:
    return "cumsum";
  case HostOpKind::GatherElements:
    return "gather_elements";
  case HostOpKind::ScatterElements:
    return "scatter_elements";
  case HostOpKind::TopK:
    return "topk";
  case HostOpKind::GatherND:
    return "gather_nd";
  case HostOpKind::ScatterND:
    return "scatter_nd";
  case HostOpKind::GridSample:
    return "grid_sample";
  }
  return "?";
}

bool eyb::isValidElementType(uint8_t v) { return v >= 1 && v <= 2; }
bool eyb::isValidTensorRole(uint8_t v) { return v >= 1 && v <= 4; }
bool eyb::isValidRLCGranule(uint8_t v) { return v <= 3; }
bool eyb::isValidLayerKind(uint8_t v) { return v >= 1 && v <= 2; }
bool eyb::isValidActivation(uint8_t v) { return v <= 2; }
bool eyb::isValidBankRole(uint8_t v) { return v <= 2; }
bool eyb::isValidPsumInput(uint8_t v) { return v <= 2; }
bool eyb::isValidOutputMode(uint8_t v) { return v <= 1; }
bool eyb::isValidOpcode(uint8_t v) { return v >= 1 && v <= kMaxOpcode; }
bool eyb::isValidHostOpKind(uint16_t v) {
  return v >= 1 && v <= kMaxHostOpKind;
}
