//===- Disassembler.cpp - A readable listing of an EYB program ------------===//
//
// The listing is for people and for FileCheck-style tests: one directive per
// part of the stream (.sections, .target, .tensors, .layer, .host_ops,
// .code), names quoted, ranges half-open, GLB ranges in words and DRAM
// ranges in bytes. It prints whatever the program holds, valid or not
// (enum values it does not know as numbers), so it can show a program the
// verifier refuses.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/ISA/Disassembler.h"
#include "eyeriss/ISA/Reader.h"
#include "eyeriss/ISA/Verifier.h"
#include "eyeriss/ISA/Writer.h"

#include "eyeriss/Arch/TargetModel.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <iterator>

using namespace eyeriss;
using namespace eyeriss::eyb;
using namespace llvm;

namespace {

/// A name of a known enumerator, or its number.
template <typename Enum>
std::string enumName(Enum v, bool (*isValid)(uint8_t),
                     StringRef (*stringify)(Enum)) {
  if (isValid(uint8_t(v)))
    return stringify(v).str();
  return "<" + std::to_string(unsigned(v)) + ">";
}

/// A name in quotes, control characters escaped (names of a program that
/// does not verify may hold anything).
std::string q(StringRef name) {
  std::string text;
  raw_string_ostream os(text);
  os << '\'';
  printEscapedString(name, os);
  os << '\'';
  return text;
}

std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  return s.empty() ? "<rank 0>" : s;
}

std::string tensorRef(const Program &p, uint32_t id) {
  if (id == kNoTensor)
    return "none";
  if (id >= p.tensors.size())
    return formatv("%{0}<out of range>", id).str();
  return formatv("%{0} {1}", id, q(p.tensors[id].name)).str();
}

std::string boxStr(const Box &b) {
  return formatv("n[{0},{1}) c[{2},{3}) h[{4},{5}) w[{6},{7})", b.n0,
                 int64_t(b.n0) + b.n, b.c0, int64_t(b.c0) + b.c, b.h0,
                 int64_t(b.h0) + b.h, b.w0, int64_t(b.w0) + b.w)
      .str();
}

std::string glbRange(StringRef region, uint64_t addr, uint64_t words) {
  return formatv("{0}[{1},{2})", region, addr, addr + words).str();
}

std::string range(uint64_t begin, uint64_t count) {
  return formatv("[{0},{1})", begin, begin + count).str();
}

/// Prints a rows x cols grid, one cell string per PE.
void printGrid(raw_ostream &os, StringRef title, int64_t rows, int64_t cols,
               function_ref<std::string(int64_t, int64_t)> cell,
               function_ref<std::string(int64_t)> rowPrefix = nullptr) {
  size_t width = 1;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      width = std::max(width, cell(r, c).size());
  os << "  " << title << "\n";
  os << "        " << (rowPrefix ? "     " : "");
  for (int64_t c = 0; c < cols; ++c)
    os << " " << right_justify(std::to_string(c), width);
  os << "\n";
  for (int64_t r = 0; r < rows; ++r) {
    os << "    " << right_justify(std::to_string(r), 3) << " ";
    if (rowPrefix)
      os << right_justify(rowPrefix(r), 3) << " |";
    for (int64_t c = 0; c < cols; ++c)
      os << " " << right_justify(cell(r, c), width);
    os << "\n";
  }
}

void printLayer(const Program &p, uint32_t index, raw_ostream &os) {
  const LayerConfig &l = p.layers[index];
  const LayerShape &s = l.shape;
  const RSMapping &m = l.mapping;
  const RSPlacement &pl = l.placement;
  os << formatv(".layer {0} {1} {2} activation={3}\n", index, q(l.name),
                enumName(l.kind, isValidLayerKind, stringifyLayerKind),
                enumName(l.activation, isValidActivation, stringifyActivation));
  os << formatv("  shape     N={0} C={1} M={2} H={3} W={4} R={5} S={6} E={7} "
                "F={8} stride={9}x{10} dilation={11}x{12} "
                "pads={13},{14},{15},{16} groups={17}\n",
                s.N, s.C, s.M, s.H, s.W, s.R, s.S, s.E, s.F, s.strideH,
                s.strideW, s.dilationH, s.dilationW, s.padTop, s.padLeft,
                s.padBottom, s.padRight, s.groups);
  os << "  mapping   " << m.str() << "\n";
  os << formatv("  placement fold={0} segment-cols={1} chain-rows={2} "
                "chains-per-column={3} chains-per-row={4} active-pes={5} "
                "used={6}x{7}\n",
                pl.foldFactor, pl.segmentCols, pl.chainRows, pl.chainsPerColumn,
                pl.chainsPerRow, pl.activePEs, pl.usedRows, pl.usedCols);
  os << formatv("  tensors   ifmap={0} filter={1} bias={2} ofmap={3}\n",
                tensorRef(p, l.ifmap), tensorRef(p, l.filter),
                tensorRef(p, l.bias), tensorRef(p, l.ofmap));
  os << formatv("  formats   ifmap={0} filter={1} psum={2} ofmap={3} "
                "window-shift={4}\n",
                l.ifmapFracBits, l.filterFracBits, l.psumFracBits,
                l.ofmapFracBits, l.windowShift);
  os << "  banks     ";
  for (BankRole role : l.banks)
    os << (role == BankRole::Ifmap    ? 'I'
           : role == BankRole::Psum   ? 'P'
           : role == BankRole::Unused ? '.'
                                      : '?');
  os << "  (I ifmap, P psum, . unused)\n";

  int64_t rows = p.arch.peArray.rows, cols = p.arch.peArray.cols;
  if (int64_t(l.pes.size()) == rows * cols) {
    auto pe = [&](int64_t r, int64_t c) -> const PEConfig & {
      return l.pes[r * cols + c];
    };
    printGrid(os, "pe rows (filter row.ofmap row; . inactive)", rows, cols,
              [&](int64_t r, int64_t c) {
                const PEConfig &e = pe(r, c);
                return e.active
                           ? formatv("{0}.{1}", e.filterRow, e.ofmapRow).str()
                           : std::string(".");
              });
    printGrid(os, "pe sets (chain.channel set)", rows, cols,
              [&](int64_t r, int64_t c) {
                const PEConfig &e = pe(r, c);
                return e.active
                           ? formatv("{0}.{1}", e.chain, e.channelSet).str()
                           : std::string(".");
              });
    printGrid(os,
              "pe psums (o: GIN in, GON out; ^: GIN in, up; |: from below, "
              "up; T: from below, GON out)",
              rows, cols, [&](int64_t r, int64_t c) {
                const PEConfig &e = pe(r, c);
                if (!e.active)
                  return std::string(".");
                return std::string(1, e.psumFromBelow
                                          ? (e.psumToAbove ? '|' : 'T')
                                          : (e.psumToAbove ? '^' : 'o'));
              });
  } else {
    os << formatv("  pes       <{0} entries for {1} PEs>\n", l.pes.size(),
                  rows * cols);
  }
  for (auto [name, ids] : {std::pair{"gin_filter", &l.ginFilter},
                           std::pair{"gin_ifmap", &l.ginIfmap},
                           std::pair{"gin_psum", &l.ginPsum}}) {
    if (int64_t(ids->rowIds.size()) != rows ||
        int64_t(ids->colIds.size()) != rows * cols) {
      os << formatv("  {0} <{1} row IDs, {2} col IDs>\n", name,
                    ids->rowIds.size(), ids->colIds.size());
      continue;
    }
    printGrid(
        os, formatv("{0} IDs (row ID | col IDs)", name).str(), rows, cols,
        [&](int64_t r, int64_t c) {
          return std::to_string(ids->colIds[r * cols + c]);
        },
        [&](int64_t r) { return std::to_string(ids->rowIds[r]); });
  }
}

void printHostOp(const Program &p, uint32_t index, raw_ostream &os) {
  const HostOpDesc &op = p.hostOps[index];
  os << formatv("  #{0} {1} ", index, q(op.name));
  if (isValidHostOpKind(uint16_t(op.kind)))
    os << stringifyHostOpKind(op.kind);
  else
    os << "<" << unsigned(op.kind) << ">";
  os << " (";
  for (size_t i = 0; i < op.inputs.size(); ++i)
    os << (i ? ", " : "") << tensorRef(p, op.inputs[i]);
  os << ") -> " << tensorRef(p, op.output);
  // A slice keeps its start in pads top and its step in strides h; shown
  // by name when the rest of the two fields is 0, as the verifier wants.
  bool sliceFields = op.kind == HostOpKind::Slice && op.strides[1] == 0 &&
                     op.pads[1] == 0 && op.pads[2] == 0 && op.pads[3] == 0;
  if (sliceFields)
    os << formatv(" start={0} step={1}{2}", op.pads[0],
                  op.size & slice::kDescending ? "-" : "", op.strides[0]);
  // Only the attributes that are set (the verifier keeps the others 0).
  if (op.kernel != std::array<uint32_t, 2>{})
    os << formatv(" kernel={0}x{1}", op.kernel[0], op.kernel[1]);
  if (!sliceFields && op.strides != std::array<uint32_t, 2>{})
    os << formatv(" strides={0}x{1}", op.strides[0], op.strides[1]);
  if (!sliceFields && op.pads != std::array<uint32_t, 4>{})
    os << formatv(" pads={0},{1},{2},{3}", op.pads[0], op.pads[1], op.pads[2],
                  op.pads[3]);
  if (op.dilations != std::array<uint32_t, 2>{})
    os << formatv(" dilations={0}x{1}", op.dilations[0], op.dilations[1]);
  if (op.groups)
    os << " groups=" << op.groups;
  if (op.ceilMode)
    os << " ceil_mode";
  if (op.countIncludePad)
    os << " count_include_pad";
  if (op.axis)
    os << (op.kind == HostOpKind::GatherND ? " batch_dims=" : " axis=")
       << op.axis;
  bool inputKnown = !op.inputs.empty() && op.inputs[0] < p.tensors.size();
  if (op.kind == HostOpKind::Transpose && inputKnown &&
      p.tensors[op.inputs[0]].shape.size() <= kMaxTensorRank) {
    // The permutation, a digit per input dimension.
    os << " perm=";
    for (size_t i = 0; i < p.tensors[op.inputs[0]].shape.size(); ++i)
      os << (i ? "," : "") << ((op.size >> (4 * i)) & 0xf);
  } else if (op.kind == HostOpKind::Resize) {
    // The size field's modes by name (a code past the names shows as such).
    static const char *const modes[] = {"nearest", "linear", "cubic"};
    static const char *const coordinates[] = {
        "half_pixel",    "pytorch_half_pixel",   "align_corners",
        "asymmetric",    "tf_half_pixel_for_nn", "tf_crop_and_resize"};
    static const char *const rounding[] = {"round_prefer_floor",
                                           "round_prefer_ceil", "floor", "ceil"};
    auto field = [&](unsigned shift, ArrayRef<const char *> names) {
      uint32_t v = (op.size >> shift) & resize::kFieldMask;
      return v < names.size() ? std::string(names[v])
                              : "<" + std::to_string(v) + ">";
    };
    os << " mode=" << field(resize::kModeShift, modes)
       << " coordinates=" << field(resize::kCoordinatesShift, coordinates)
       << " nearest=" << field(resize::kNearestShift, rounding);
    if (op.size & resize::kExcludeOutside)
      os << " exclude_outside";
    os << (op.size & resize::kHasScales ? " scales=input" : " scales=out/in");
    os << " cubic_coeff_a=" << format("%.9g", double(op.alpha))
       << " extrapolation_value=" << format("%.9g", double(op.beta));
  } else if (op.kind == HostOpKind::ScatterElements ||
             op.kind == HostOpKind::ScatterND) {
    static const char *const reductions[] = {"none", "add", "mul"};
    static_assert(std::size(reductions) == scatter::kMaxReduction + 1);
    os << " reduction="
       << (op.size < std::size(reductions)
               ? std::string(reductions[op.size])
               : "<" + std::to_string(op.size) + ">");
  } else if (op.kind == HostOpKind::GridSample) {
    static const char *const modes[] = {"bilinear", "nearest", "bicubic"};
    static const char *const paddings[] = {"zeros", "border", "reflection"};
    auto name = [](ArrayRef<const char *> names, uint32_t v) {
      return v < names.size() ? std::string(names[v])
                              : "<" + std::to_string(v) + ">";
    };
    os << " mode=" << name(modes, op.size & gridsample::kModeMask)
       << " padding="
       << name(paddings,
               op.size >> gridsample::kPaddingShift & gridsample::kPaddingMask);
    if (op.size & gridsample::kAlignCorners)
      os << " align_corners";
  } else if (op.kind == HostOpKind::TopK) {
    os << (op.size & topk::kSmallest ? " smallest" : " largest")
       << (op.size & topk::kIndices ? " indices" : " values");
    if (op.size & ~topk::kUsedBits)
      os << formatv(" size={0:x}", op.size & ~topk::kUsedBits);
  } else if (op.kind == HostOpKind::CumSum) {
    if (op.size & cumsum::kExclusive)
      os << " exclusive";
    if (op.size & cumsum::kReverse)
      os << " reverse";
  } else if (op.kind == HostOpKind::Reduce) {
    static const char *const fns[] = {
        "sum",    "mean",   "max",         "min",        "prod",
        "l1",     "l2",     "sum_square",  "log_sum",    "log_sum_exp",
        "argmax", "argmin", "argmax_last", "argmin_last"};
    static_assert(std::size(fns) == reduce::kMaxFunction + 1);
    uint32_t fn = op.size & 0xff;
    os << " fn="
       << (fn < std::size(fns) ? std::string(fns[fn])
                               : "<" + std::to_string(fn) + ">")
       << " axes=";
    bool first = true;
    for (unsigned d = 0; d < kMaxTensorRank; ++d)
      if (reduce::axesMask(op.size) & (1u << d)) {
        os << (first ? "" : ",") << d;
        first = false;
      }
    if (op.size & reduce::kKeepDims)
      os << " keepdims";
  } else if (op.kind == HostOpKind::Unary || op.kind == HostOpKind::Binary) {
    static const char *const unary[] = {"abs",           "neg",
                                        "exp",           "log",
                                        "sqrt",          "reciprocal",
                                        "tanh",          "softplus",
                                        "softsign",      "leaky_relu",
                                        "elu",           "selu",
                                        "celu",          "thresholded_relu",
                                        "fake_quant_u8", "fake_quant_i8",
                                        "sin",           "cos",
                                        "floor",         "ceil",
                                        "round",         "sign",
                                        "round_to_f16",  "round_to_bf16",
                                        "not",           "nonzero",
                                        "trunc",         "tan",
                                        "asin",          "acos",
                                        "atan",          "sinh",
                                        "cosh",          "asinh",
                                        "acosh",         "atanh",
                                        "isnan",         "isinf"};
    static_assert(std::size(unary) == kMaxUnaryFunction + 1);
    static const char *const binaryNames[] = {
        "sub",   "div",  "pow",        "max",     "min",           "prelu",
        "equal", "less", "less_equal", "greater", "greater_equal", "and",
        "or",    "xor",  "add",        "mul",     "mod",           "fmod"};
    static_assert(std::size(binaryNames) == kMaxBinaryFunction + 1);
    bool isUnary = op.kind == HostOpKind::Unary;
    ArrayRef<const char *> names =
        isUnary ? ArrayRef(unary) : ArrayRef(binaryNames);
    uint32_t fn = isUnary ? op.size : binary::function(op.size);
    os << " fn="
       << (fn < names.size() ? std::string(names[fn])
                             : "<" + std::to_string(fn) + ">");
    if (uint32_t type = isUnary ? 0 : binary::integerType(op.size))
      os << " integers="
         << (type <= uint32_t(kLastHostFormat)
                 ? stringifyHostFormat(HostFormat(type))
                 : formatv("?{0}", type).str());
  } else if (op.kind == HostOpKind::Pad) {
    static const char *const modes[] = {"constant", "reflect", "edge"};
    os << " mode="
       << (op.size < std::size(modes) ? std::string(modes[op.size])
                                      : "<" + std::to_string(op.size) + ">");
    if (op.alpha != 0)
      os << " value=" << format("%.9g", double(op.alpha));
  } else if (op.size && !(sliceFields && op.size == slice::kDescending)) {
    // (A descending slice's size field is its step's sign, shown above.)
    os << " size=" << op.size;
  }
  bool namedFloats =
      op.kind == HostOpKind::Resize || op.kind == HostOpKind::Pad;
  for (auto [name, v] :
       {std::pair{"alpha", namedFloats ? 0.0f : op.alpha},
        std::pair{"beta", namedFloats ? 0.0f : op.beta},
        std::pair{"bias", op.bias}, std::pair{"epsilon", op.epsilon},
        std::pair{"min", op.min}, std::pair{"max", op.max}})
    if (v != 0)
      os << " " << name << "=" << format("%.9g", double(v)); // round-trips
  if (op.activation != Activation::None)
    os << " activation="
       << enumName(op.activation, isValidActivation, stringifyActivation);
  os << "\n";
}

} // namespace

void eyb::printInstruction(const Program &p, const Instruction &inst,
                           raw_ostream &os) {
  Opcode opcode = getOpcode(inst);
  if (opcode == Opcode::Barrier || opcode == Opcode::End) {
    os << stringifyOpcode(opcode);
    return;
  }
  os << left_justify(stringifyOpcode(opcode), 16) << " ";
  switch (opcode) {
  case Opcode::ConfigureLayer: {
    uint32_t id = std::get<ConfigureLayer>(inst).layer;
    os << "layer=" << id;
    if (id < p.layers.size())
      os << " " << q(p.layers[id].name);
    break;
  }
  case Opcode::DramToGlb: {
    const auto &i = std::get<DramToGlb>(inst);
    os << tensorRef(p, i.tensor) << " " << boxStr(i.box) << " -> "
       << glbRange(enumName(i.region, isValidBankRole, stringifyBankRole),
                   i.glbAddr, i.box.volume());
    if (i.tensor < p.tensors.size() &&
        p.tensors[i.tensor].rlc != RLCGranule::None)
      os << " rlc-decode";
    break;
  }
  case Opcode::GlbToDram: {
    const auto &i = std::get<GlbToDram>(inst);
    os << glbRange("psum", i.glbAddr, i.box.volume()) << " -> "
       << tensorRef(p, i.tensor) << " " << boxStr(i.box)
       << " mode=" << enumName(i.mode, isValidOutputMode, stringifyOutputMode);
    if (i.tensor < p.tensors.size() &&
        p.tensors[i.tensor].rlc != RLCGranule::None)
      os << " rlc-encode";
    break;
  }
  case Opcode::FilterPreload: {
    const auto &i = std::get<FilterPreload>(inst);
    os << formatv("g={0} m={1} c={2}", i.group, range(i.m0, i.mCount),
                  range(i.c0, i.cCount));
    os << " -> filter@" << i.filterAddr;
    if (i.bias)
      os << " +bias";
    break;
  }
  case Opcode::Pass: {
    const auto &i = std::get<Pass>(inst);
    os << formatv("g={0} m={1} c={2} n={3} e={4} psum-in={5} filter@{6} "
                  "ifmap@{7} {8} psum@{9} {10}",
                  i.group, range(i.m0, i.mCount), range(i.c0, i.cCount),
                  range(i.n0, i.nCount), range(i.e0, i.eCount),
                  enumName(i.psumIn, isValidPsumInput, stringifyPsumInput),
                  i.filterAddr, i.ifmap.addr, boxStr(i.ifmap.box), i.psum.addr,
                  boxStr(i.psum.box));
    break;
  }
  case Opcode::HostOp: {
    uint32_t id = std::get<HostOpCall>(inst).op;
    os << "#" << id;
    if (id < p.hostOps.size()) {
      const HostOpDesc &op = p.hostOps[id];
      os << " " << q(op.name) << " "
         << (isValidHostOpKind(uint16_t(op.kind))
                 ? stringifyHostOpKind(op.kind).str()
                 : "<" + std::to_string(unsigned(op.kind)) + ">");
    }
    break;
  }
  case Opcode::Barrier:
  case Opcode::End:
    break;
  }
}

void eyb::disassemble(const Program &p, raw_ostream &os,
                      const StreamInfo *info) {
  os << formatv("; EYB program {0} for {1}\n", q(p.name), q(p.arch.name));
  std::optional<StreamInfo> layout;
  if (info) {
    layout = *info;
  } else if (Expected<StreamInfo> computed = computeLayout(p)) {
    layout = std::move(*computed);
  } else {
    os << "; does not verify: " << toString(computed.takeError()) << "\n";
  }
  if (layout) {
    os << formatv("; format {0}.{1}, {2} bytes", layout->versionMajor,
                  layout->versionMinor, layout->fileSize);
    if (info)
      os << formatv(", crc32 {0:x8}", layout->checksum);
    os << "\n.sections\n";
    for (const SectionInfo &s : layout->sections)
      os << formatv("  {0,-13} offset {1,8:x} size {2,10} align {3}\n",
                    stringifySectionKind(s.kind), s.offset, s.size,
                    s.alignment);
  }

  const ArchDescription &a = p.arch;
  os << formatv(".target {0} {1}x{2} PEs, GLB {3} banks x {4} words "
                "(ifmap/psum) + {5} filter words (16-bit words)\n",
                q(a.name), a.peArray.rows, a.peArray.cols, a.glb.fmap.banks,
                a.glb.fmap.wordsPerBank * a.glb.fmap.wordBits /
                    std::max<int64_t>(a.arithmetic.dataBits, 1),
                a.glb.filter.banks * a.glb.filter.wordsPerBank *
                    a.glb.filter.wordBits /
                    std::max<int64_t>(a.arithmetic.dataBits, 1));
  os << formatv(".dram {0} bytes\n", p.dramBytes);

  os << formatv(".tensors {0}\n", p.tensors.size());
  for (uint32_t id = 0; id < p.tensors.size(); ++id) {
    const TensorDesc &t = p.tensors[id];
    os << formatv(
        "  %{0} {1} {2} {3}", id, q(t.name),
        enumName(t.role, isValidTensorRole, stringifyTensorRole),
        enumName(t.elementType, isValidElementType, stringifyElementType));
    if (t.elementType == ElementType::Int16)
      os << " f=" << t.fracBits;
    if (t.hostFormat != HostFormat::Float32)
      os << " host="
         << (uint8_t(t.hostFormat) <= uint8_t(kLastHostFormat)
                 ? stringifyHostFormat(t.hostFormat)
                 : formatv("?{0}", unsigned(t.hostFormat)).str());
    os << formatv(" {0} dram[{1:x},{2:x}) {3}", shapeStr(t.shape),
                  t.dramAddress, t.dramAddress + t.dramBytes,
                  enumName(t.rlc, isValidRLCGranule, stringifyRLCGranule));
    if (!t.data.empty())
      os << " data=" << t.data.size() << "B";
    os << "\n";
  }
  for (uint32_t i = 0; i < p.layers.size(); ++i)
    printLayer(p, i, os);
  os << formatv(".host_ops {0}\n", p.hostOps.size());
  for (uint32_t i = 0; i < p.hostOps.size(); ++i)
    printHostOp(p, i, os);
  os << formatv(".code {0}\n", p.instructions.size());
  for (size_t i = 0; i < p.instructions.size(); ++i) {
    os << right_justify(std::to_string(i), 6) << "  ";
    printInstruction(p, p.instructions[i], os);
    os << "\n";
  }
}

Error eyb::disassembleStream(ArrayRef<uint8_t> stream, raw_ostream &os) {
  Expected<StreamInfo> info = readStreamInfo(stream);
  if (!info)
    return info.takeError();
  Expected<Program> program = readProgram(stream);
  if (!program)
    return program.takeError();
  disassemble(*program, os, &*info);
  return Error::success();
}
