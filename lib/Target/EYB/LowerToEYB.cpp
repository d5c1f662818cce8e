//===- LowerToEYB.cpp - From scheduled IR to an EYB program ---------------===//
//
// One instruction per op of each layer's eyeriss.schedule (tiling, GLB
// addresses, NoC IDs and RLC are decided by the schedule phase's passes);
// this translation adds what is program-wide (docs/ISA.md):
//  - DRAM allocation of every tensor; a CONV/FC layer reads and writes int16
//    tensors in its fixed-point formats, stored as its schedule's transfers
//    say (plain or RLC by rows or planes);
//  - host ops read whatever their inputs are and write float32;
//  - where a layer's ifmap is not another layer's ofmap in the same format,
//    a host convert writes it, in the storage the layer's load_ifmap reads;
//  - network outputs are float32 (a convert follows a layer output).
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Target/EYB/LowerToEYB.h"

#include "eyeriss/Arith/FixedPoint.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissTarget.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/PassUtils.h"
#include "eyeriss/ISA/Verifier.h"
#include "eyeriss/Mapping/Multicast.h"
#include "eyeriss/Mapping/RSCostModel.h"
#include "eyeriss/Reference/ReferenceExecutor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <cstdlib>
#include <limits>


using namespace mlir;
using namespace eyeriss;
using namespace eyeriss::eyb;

// A resize's modes go into EYB by their dialect enum values.
static_assert(uint32_t(ResizeCoordinates::TFCropAndResize) ==
                  eyb::resize::kTFCropAndResize &&
              uint32_t(ResizeMode::Cubic) == eyb::resize::kMaxMode &&
              uint32_t(ResizeNearest::Ceil) == eyb::resize::kMaxNearest);
// So do reductions and unary and binary functions.
static_assert(uint32_t(ReduceFn::ArgMinLast) == eyb::reduce::kMaxFunction &&
              uint32_t(ReduceFn::ArgMax) == eyb::reduce::kFirstArgFunction);
static_assert(uint32_t(ScatterReduction::Mul) == eyb::scatter::kMaxReduction &&
              uint32_t(ScatterReduction::Add) == eyb::scatter::kAdd);
static_assert(uint32_t(GridSampleMode::Bicubic) == eyb::gridsample::kMaxMode &&
              uint32_t(GridSamplePadding::Reflection) ==
                  eyb::gridsample::kMaxPadding);
static_assert(uint32_t(PadMode::Edge) == eyb::pad::kMaxMode &&
              uint32_t(PadMode::Reflect) == eyb::pad::kReflect);
static_assert(uint32_t(UnaryFn::IsInf) == eyb::kMaxUnaryFunction &&
              uint32_t(UnaryFn::IsInf) == eyb::kIsInfFunction &&
              uint32_t(UnaryFn::Tan) == eyb::kFirstTrigFunction &&
              uint32_t(UnaryFn::Trunc) == eyb::kLastLogicFunction &&
              uint32_t(UnaryFn::Not) == eyb::kFirstLogicFunction &&
              uint32_t(UnaryFn::RoundToBF16) == eyb::kLastCastFunction &&
              uint32_t(UnaryFn::FakeQuantI8) == eyb::kLastFakeQuantFunction &&
              uint32_t(UnaryFn::Sin) == eyb::kFirstRoundingFunction &&
              uint32_t(UnaryFn::Sign) == eyb::kLastRoundingFunction &&
              uint32_t(UnaryFn::RoundToF16) == eyb::kFirstCastFunction &&
              uint32_t(BinaryFn::FMod) == eyb::kMaxBinaryFunction &&
              uint32_t(BinaryFn::Xor) == eyb::kLastComparisonFunction &&
              uint32_t(BinaryFn::Add) == eyb::binary::kAdd &&
              uint32_t(BinaryFn::Min) == eyb::binary::kLastFloatArithmetic &&
              uint32_t(BinaryFn::Equal) == eyb::kFirstComparisonFunction);

namespace {

class Lowering {
public:
  Lowering(func::FuncOp func, const TargetModel &tm) : func(func), tm(tm) {
    prog.arch = tm.arch();
  }

  FailureOr<Program> run();

private:
  uint32_t addTensor(std::string name, TensorRole role, ElementType type,
                     int32_t fracBits, ArrayRef<int64_t> shape,
                     RLCGranule rlc, std::vector<uint8_t> data = {});
  /// The tensor holding `value` as it is produced.
  FailureOr<uint32_t> tensorFor(Value value, Operation *user);
  /// `value` as int16 in `fracBits`, converting on the host (into storage
  /// `rlc`) if needed.
  FailureOr<uint32_t> int16TensorFor(Value value, int32_t fracBits,
                                     RLCGranule rlc, Operation *user);
  FailureOr<uint32_t> constantTensor(Value value, Operation *user,
                                     std::optional<int32_t> int16FracBits);
  LogicalResult lowerLayer(ArrayLayerOpInterface layer);
  LogicalResult lowerHostOp(Operation *op);
  uint32_t addConvert(StringRef name, uint32_t input, uint32_t output);
  std::string nameOf(Value value);

  func::FuncOp func;
  const TargetModel &tm;
  Program prog;
  uint64_t dramTop = 0;
  llvm::DenseMap<Value, uint32_t> native;
  llvm::DenseMap<std::pair<Value, int32_t>, uint32_t> converted;
  /// Filters and biases already written, by value and format: a constant
  /// several layers read alike (an unrolled recurrent layer's weights, one
  /// per step) is stored once.
  llvm::DenseMap<std::pair<Value, int32_t>, uint32_t> layerConstants;
};

std::string Lowering::nameOf(Value value) {
  // Network inputs keep the ONNX graph's names (the importer's
  // eyeriss.name), so that eyeriss-run --input name=file works with them.
  if (auto arg = dyn_cast<BlockArgument>(value)) {
    if (auto name = func.getArgAttrOfType<StringAttr>(
            arg.getArgNumber(), EyerissDialect::kNameAttrName))
      if (!name.getValue().empty())
        return name.getValue().str();
    return "input" + std::to_string(arg.getArgNumber());
  }
  return getLayerName(value.getDefiningOp());
}

uint32_t Lowering::addTensor(std::string name, TensorRole role,
                             ElementType type, int32_t fracBits,
                             ArrayRef<int64_t> shape, RLCGranule rlc,
                             std::vector<uint8_t> data) {
  TensorDesc t;
  t.name = std::move(name);
  t.role = role;
  t.elementType = type;
  t.fracBits = type == ElementType::Int16 ? fracBits : 0;
  t.shape.assign(shape.begin(), shape.end());
  t.rlc = rlc;
  t.data = std::move(data);
  t.dramBytes = requiredDramBytes(t, tm.arch().rlc);
  t.dramAddress = (dramTop + 7) / 8 * 8;
  dramTop = t.dramAddress + t.dramBytes;
  prog.tensors.push_back(std::move(t));
  return uint32_t(prog.tensors.size() - 1);
}

uint32_t Lowering::addConvert(StringRef name, uint32_t input,
                              uint32_t output) {
  HostOpDesc op;
  op.name = name.str();
  op.kind = HostOpKind::Convert;
  op.inputs = {input};
  op.output = output;
  prog.hostOps.push_back(std::move(op));
  prog.instructions.push_back(HostOpCall{uint32_t(prog.hostOps.size() - 1)});
  return output;
}

/// The values of a dense, non-splat f32 constant, read in place (weights
/// are most of a model: no copy before they are quantized).
static std::optional<ArrayRef<float>> denseF32Values(ElementsAttr attr) {
  auto dense = dyn_cast<DenseElementsAttr>(attr);
  if (!dense || dense.isSplat() || !dense.getElementType().isF32())
    return std::nullopt;
  ArrayRef<char> raw = dense.getRawData();
  return ArrayRef<float>(reinterpret_cast<const float *>(raw.data()),
                         raw.size() / sizeof(float));
}

FailureOr<uint32_t> Lowering::constantTensor(Value value, Operation *user,
                                             std::optional<int32_t> frac) {
  auto constant = value.getDefiningOp<ConstantOp>();
  if (!constant)
    return user->emitOpError("cannot be lowered: an operand the chip or the "
                             "host reads as a constant is not an "
                             "eyeriss.constant"),
           failure();
  ArrayRef<int64_t> shape = constant.getType().getShape();
  std::optional<ArrayRef<float>> values = denseF32Values(constant.getValue());
  std::optional<reference::Tensor> converted;
  if (!values) {
    FailureOr<reference::Tensor> t =
        reference::fromElementsAttr(constant.getValue(), constant.getLoc());
    if (failed(t))
      return failure();
    converted = std::move(*t);
    values = ArrayRef<float>(converted->data);
  }
  auto cached =
      frac ? layerConstants.find({value, *frac}) : layerConstants.end();
  if (cached != layerConstants.end())
    return cached->second;
  std::string name = getLayerName(user) + (frac ? ".w" : ".const");
  if (!frac)
    return addTensor(name, TensorRole::Constant, ElementType::Float32, 0,
                     shape, RLCGranule::None, packFloat32(*values));
  llvm::Expected<fixedpoint::Format> format = fixedpoint::Format::get(*frac);
  if (!format)
    return user->emitOpError() << llvm::toString(format.takeError()),
           failure();
  std::vector<int16_t> words(values->size());
  fixedpoint::quantizeWords(*values, *format, words);
  uint32_t id = addTensor(name, TensorRole::Constant, ElementType::Int16, *frac,
                          shape, RLCGranule::None, packInt16(words));
  layerConstants[{value, *frac}] = id;
  return id;
}

FailureOr<uint32_t> Lowering::tensorFor(Value value, Operation *user) {
  auto it = native.find(value);
  if (it != native.end())
    return it->second;
  if (value.getDefiningOp<ConstantOp>()) {
    FailureOr<uint32_t> id = constantTensor(value, user, std::nullopt);
    if (succeeded(id))
      native[value] = *id;
    return id;
  }
  return user->emitOpError("cannot be lowered: an operand has no tensor "
                           "(its producer was not lowered)"),
         failure();
}

FailureOr<uint32_t> Lowering::int16TensorFor(Value value, int32_t fracBits,
                                             RLCGranule rlc, Operation *user) {
  FailureOr<uint32_t> source = tensorFor(value, user);
  if (failed(source))
    return failure();
  const TensorDesc &t = prog.tensors[*source];
  if (t.elementType == ElementType::Int16 && t.fracBits == fracBits)
    return *source;
  auto key = std::make_pair(value, fracBits);
  if (auto it = converted.find(key); it != converted.end())
    return it->second;
  auto shape = cast<ShapedType>(value.getType()).getShape();
  uint32_t out = addTensor(nameOf(value) + ".q" + std::to_string(fracBits),
                           TensorRole::Intermediate, ElementType::Int16,
                           fracBits, shape, rlc);
  addConvert(nameOf(value) + ".convert", *source, out);
  converted[key] = out;
  return out;
}

/// The EYB storage of a feature map the schedule marked.
static RLCGranule granuleOf(Compression c) {
  switch (c) {
  case Compression::None:
    return RLCGranule::None;
  case Compression::Row:
    return RLCGranule::Row;
  case Compression::Plane:
    return RLCGranule::Plane;
  }
  llvm_unreachable("unknown compression");
}

static Box boxOf(ArrayRef<int64_t> offsets, ArrayRef<int64_t> sizes) {
  Box box;
  box.n0 = int32_t(offsets[0]);
  box.c0 = int32_t(offsets[1]);
  box.h0 = int32_t(offsets[2]);
  box.w0 = int32_t(offsets[3]);
  box.n = uint32_t(sizes[0]);
  box.c = uint32_t(sizes[1]);
  box.h = uint32_t(sizes[2]);
  box.w = uint32_t(sizes[3]);
  return box;
}

LogicalResult Lowering::lowerLayer(ArrayLayerOpInterface layer) {
  Operation *op = layer.getOperation();
  RSMappingAttr mappingAttr = layer.getRSMapping();
  FixedPointAttr quant = layer.getFixedPoint();
  if (!mappingAttr || !quant)
    return op->emitOpError("cannot be lowered: it needs a mapping and "
                           "fixed-point formats (--compile-to=quantize)");
  // Everything the chip does for the layer is in its schedule.
  ScheduleOp schedule = ScheduleOp::lookup(layer);
  Block *body = schedule ? &schedule.getBody().front() : nullptr;
  ConfigureArrayOp configure =
      body && !body->empty() ? dyn_cast<ConfigureArrayOp>(body->front())
                             : ConfigureArrayOp();
  if (!schedule || !schedule.getIfmapBanks() || !configure ||
      llvm::any_of(body->getOps<GLBAllocOp>(),
                   [](GLBAllocOp a) { return !a.getOffset(); }))
    return op->emitOpError("cannot be lowered: it needs a schedule with "
                           "placed GLB buffers and NoC IDs "
                           "(--compile-to=schedule)");
  std::optional<Compression> ifmapRLC, ofmapRLC;
  for (Operation &o : *body) {
    std::optional<Compression> *slot = nullptr, rlc;
    if (auto load = dyn_cast<LoadIfmapOp>(o))
      slot = &ifmapRLC, rlc = load.getRlc();
    else if (auto store = dyn_cast<StoreOfmapOp>(o))
      slot = &ofmapRLC, rlc = store.getRlc();
    else
      continue;
    if (!rlc)
      return o.emitOpError("cannot be lowered: its compression is not "
                           "decided (run eyeriss-insert-rlc)");
    if (*slot && **slot != *rlc)
      return o.emitOpError("cannot be lowered: transfers of one feature map "
                           "disagree on its compression");
    *slot = rlc;
  }
  if (!ifmapRLC || !ofmapRLC)
    return schedule.emitOpError("cannot be lowered: it loads no ifmap or "
                                "stores no ofmap");
  LayerShape shape = layer.getLayerShape();
  RSMapping mp = mappingAttr.getMapping();
  RSLayerDims d = RSLayerDims::get(shape);

  FailureOr<uint32_t> ifmap = int16TensorFor(
      op->getOperand(0), int32_t(quant.getInput()), granuleOf(*ifmapRLC), op);
  if (failed(ifmap))
    return failure();
  if (prog.tensors[*ifmap].rlc != granuleOf(*ifmapRLC))
    return op->emitOpError("cannot be lowered: its schedule reads the ifmap "
                           "in another compression than it is stored in");
  FailureOr<uint32_t> filter =
      constantTensor(op->getOperand(1), op, int32_t(quant.getWeight()));
  if (failed(filter))
    return failure();
  uint32_t bias = kNoTensor;
  if (op->getNumOperands() > 2) {
    size_t before = prog.tensors.size();
    FailureOr<uint32_t> b =
        constantTensor(op->getOperand(2), op, int32_t(quant.getPsum()));
    if (failed(b))
      return failure();
    bias = *b;
    // Named after the first layer that reads it.
    if (prog.tensors.size() > before)
      prog.tensors[bias].name = getLayerName(op) + ".b";
  }
  Value result = op->getResult(0);
  auto outShape = cast<ShapedType>(result.getType()).getShape();
  uint32_t ofmap =
      addTensor(getLayerName(op) + ".out", TensorRole::Intermediate,
                ElementType::Int16, int32_t(quant.getOutput()), outShape,
                granuleOf(*ofmapRLC));
  native[result] = ofmap;

  LayerConfig l;
  l.name = getLayerName(op);
  l.kind = isa<FullyConnectedOp>(op) ? LayerKind::FullyConnected
                                     : LayerKind::Conv;
  l.shape = shape;
  l.mapping = mp;
  l.placement = RSPlacement::get(d, mp, tm);
  std::optional<eyeriss::Activation> act = layer.getFusedActivation();
  l.activation = !act ? eyb::Activation::None
                 : *act == eyeriss::Activation::ReLU6 ? eyb::Activation::ReLU6
                                                      : eyb::Activation::ReLU;
  l.ifmap = *ifmap;
  l.filter = *filter;
  l.bias = bias;
  l.ofmap = ofmap;
  l.ifmapFracBits = int32_t(quant.getInput());
  l.filterFracBits = int32_t(quant.getWeight());
  l.psumFracBits = int32_t(quant.getPsum());
  l.ofmapFracBits = int32_t(quant.getOutput());
  l.windowShift = int32_t(quant.getWindowShift());

  // The PE table follows from the mapping's full pass; the NoC IDs are the
  // schedule's.
  llvm::Expected<MulticastPlan> plan =
      planMulticast(d, mp, PassShape{mp.t, mp.r, mp.e}, tm);
  if (!plan)
    return op->emitOpError() << "cannot be lowered: "
                             << llvm::toString(plan.takeError());
  int64_t rows = tm.numPERows(), cols = tm.numPECols();
  l.pes.assign(rows * cols, PEConfig());
  for (int64_t p = 0; p < rows * cols; ++p) {
    const std::optional<PERole> &role = plan->layerRoles[p];
    if (!role)
      continue;
    PEConfig &pe = l.pes[p];
    pe.active = true;
    pe.filterRow = uint8_t(role->filterRow);
    pe.channelSet = uint8_t(role->set);
    pe.chain = uint16_t(role->chain);
    pe.ofmapRow = uint16_t(role->ofmapRow);
    pe.psumFromBelow = !(role->set == mp.r - 1 && role->filterRow == d.R - 1);
    pe.psumToAbove = !(role->set == 0 && role->filterRow == 0);
  }
  auto ids = [](ArrayRef<int64_t> rowIds, ArrayRef<int64_t> colIds) {
    MulticastIds m;
    for (int64_t id : rowIds)
      m.rowIds.push_back(uint8_t(id));
    for (int64_t id : colIds)
      m.colIds.push_back(uint8_t(id));
    return m;
  };
  l.ginFilter = ids(configure.getFilterRows(), configure.getFilterCols());
  l.ginIfmap = ids(configure.getIfmapRows(), configure.getIfmapCols());
  l.ginPsum = ids(configure.getPsumRows(), configure.getPsumCols());

  int64_t ifmapBanks = int64_t(*schedule.getIfmapBanks());
  int64_t psumBanks = int64_t(*schedule.getPsumBanks());
  l.banks.assign(tm.glbFmapBanks(), BankRole::Unused);
  for (int64_t b = 0; b < ifmapBanks; ++b)
    l.banks[b] = BankRole::Ifmap;
  for (int64_t b = 0; b < psumBanks; ++b)
    l.banks[ifmapBanks + b] = BankRole::Psum;
  prog.layers.push_back(std::move(l));

  // One instruction per op of the schedule, in its order.
  prog.instructions.push_back(
      ConfigureLayer{uint32_t(prog.layers.size() - 1)});
  llvm::DenseMap<Value, uint32_t> address;
  llvm::DenseMap<Value, Box> loaded; // The box last loaded into an ifmap buffer.
  for (Operation &o : *body) {
    if (auto alloc = dyn_cast<GLBAllocOp>(o)) {
      address[alloc.getBuffer()] = uint32_t(*alloc.getOffset());
    } else if (auto load = dyn_cast<LoadIfmapOp>(o)) {
      Box box = boxOf(load.getOffsets(), load.getSizes());
      loaded[load.getBuffer()] = box;
      prog.instructions.push_back(DramToGlb{
          *ifmap, BankRole::Ifmap, address.lookup(load.getBuffer()), box});
    } else if (auto load = dyn_cast<LoadFiltersOp>(o)) {
      FilterPreload fp;
      fp.group = uint32_t(load.getGroup());
      fp.m0 = uint32_t(load.getFilters()[0]);
      fp.mCount = uint32_t(load.getFilters()[1]);
      fp.c0 = uint32_t(load.getChannels()[0]);
      fp.cCount = uint32_t(load.getChannels()[1]);
      fp.bias = load.getBias();
      fp.filterAddr = address.lookup(load.getBuffer());
      prog.instructions.push_back(fp);
    } else if (auto passOp = dyn_cast<PassOp>(o)) {
      Pass pass;
      pass.group = uint32_t(passOp.getGroup());
      pass.m0 = uint32_t(passOp.getFilters()[0]);
      pass.mCount = uint32_t(passOp.getFilters()[1]);
      pass.c0 = uint32_t(passOp.getChannels()[0]);
      pass.cCount = uint32_t(passOp.getChannels()[1]);
      pass.n0 = uint32_t(passOp.getImages()[0]);
      pass.nCount = uint32_t(passOp.getImages()[1]);
      pass.e0 = uint32_t(passOp.getRows()[0]);
      pass.eCount = uint32_t(passOp.getRows()[1]);
      switch (passOp.getPsumIn()) {
      case PsumSource::Zero:
        pass.psumIn = PsumInput::Zero;
        break;
      case PsumSource::Bias:
        pass.psumIn = PsumInput::Bias;
        break;
      case PsumSource::GLB:
        pass.psumIn = PsumInput::GLB;
        break;
      }
      pass.filterAddr = address.lookup(passOp.getFilter());
      pass.ifmap = {address.lookup(passOp.getIfmap()),
                    loaded.lookup(passOp.getIfmap())};
      // The psum buffer holds the pass's ofmap box densely.
      Box psum;
      psum.n0 = int32_t(pass.n0);
      psum.n = pass.nCount;
      psum.c0 = int32_t(pass.group * d.M + pass.m0);
      psum.c = pass.mCount;
      psum.h0 = int32_t(pass.e0);
      psum.h = pass.eCount;
      psum.w0 = 0;
      psum.w = uint32_t(d.F);
      pass.psum = {address.lookup(passOp.getPsum()), psum};
      prog.instructions.push_back(pass);
    } else if (auto store = dyn_cast<StoreOfmapOp>(o)) {
      prog.instructions.push_back(
          GlbToDram{ofmap, OutputMode::Ofmap, address.lookup(store.getBuffer()),
                    boxOf(store.getOffsets(), store.getSizes())});
    }
  }
  return success();
}

LogicalResult Lowering::lowerHostOp(Operation *op) {
  // EYB's float32 tensors have rank 0 to 8 (int16 ones, the PE array's,
  // are 4-D by construction).
  for (Value value : op->getOperands())
    if (cast<ShapedType>(value.getType()).getRank() > kMaxTensorRank)
      return op->emitOpError()
             << "cannot be lowered: an operand has rank "
             << cast<ShapedType>(value.getType()).getRank()
             << "; EYB tensors have rank 0 to " << kMaxTensorRank;
  int64_t resultRank = cast<ShapedType>(op->getResult(0).getType()).getRank();
  if (resultRank > kMaxTensorRank)
    return op->emitOpError()
           << "cannot be lowered: the result has rank " << resultRank
           << "; EYB tensors have rank 0 to " << kMaxTensorRank;
  for (Value value : llvm::concat<Value>(op->getOperands(), op->getResults()))
    if (cast<ShapedType>(value.getType()).getNumElements() == 0)
      return op->emitOpError() << "cannot be lowered: " << value.getType()
                               << " is empty; EYB tensors have every "
                                  "dimension at least 1";
  HostOpDesc h;
  h.name = getLayerName(op);
  auto pair = [](ArrayRef<int64_t> v) {
    return std::array<uint32_t, 2>{uint32_t(v[0]), uint32_t(v[1])};
  };
  auto pads = [](ArrayRef<int64_t> v) {
    return std::array<uint32_t, 4>{uint32_t(v[0]), uint32_t(v[1]),
                                   uint32_t(v[2]), uint32_t(v[3])};
  };
  auto activation = [](std::optional<eyeriss::Activation> a) {
    return !a ? eyb::Activation::None
           : *a == eyeriss::Activation::ReLU6 ? eyb::Activation::ReLU6
                                              : eyb::Activation::ReLU;
  };
  // Constants an op's attributes become (a resize's scales and roi).
  SmallVector<uint32_t> extraInputs;
  bool known =
      llvm::TypeSwitch<Operation *, bool>(op)
          .Case([&](MaxPoolOp p) {
            h.kind = HostOpKind::MaxPool;
            h.kernel = pair(p.getKernel());
            h.strides = pair(p.getStrides());
            h.pads = pads(p.getPads());
            h.ceilMode = p.getCeilMode();
            return true;
          })
          .Case([&](AvgPoolOp p) {
            h.kind = HostOpKind::AvgPool;
            h.kernel = pair(p.getKernel());
            h.strides = pair(p.getStrides());
            h.pads = pads(p.getPads());
            h.ceilMode = p.getCeilMode();
            h.countIncludePad = p.getCountIncludePad();
            return true;
          })
          .Case([&](GlobalAvgPoolOp) {
            h.kind = HostOpKind::GlobalAvgPool;
            return true;
          })
          .Case([&](LRNOp p) {
            h.kind = HostOpKind::LRN;
            h.size = uint32_t(p.getSize());
            h.alpha = p.getAlpha().convertToFloat();
            h.beta = p.getBeta().convertToFloat();
            h.bias = p.getBias().convertToFloat();
            return true;
          })
          .Case([&](SoftmaxOp p) {
            h.kind = HostOpKind::Softmax;
            h.axis = int32_t(p.getAxis());
            return true;
          })
          .Case([&](AddOp p) {
            h.kind = HostOpKind::Add;
            h.activation = activation(p.getActivation());
            return true;
          })
          .Case([&](ConcatOp p) {
            h.kind = HostOpKind::Concat;
            h.axis = int32_t(p.getAxis());
            return true;
          })
          .Case([&](ReshapeOp) {
            h.kind = HostOpKind::Reshape;
            return true;
          })
          .Case([&](FlattenOp p) {
            h.kind = HostOpKind::Flatten;
            h.axis = int32_t(p.getAxis());
            return true;
          })
          .Case([&](ClipOp p) {
            // EYB's float attributes are finite: an unbounded side clamps
            // at the largest float instead (the same for every finite
            // value), and Clip(0, +inf) is a ReLU.
            float lo = p.getMin().convertToFloat();
            float hi = p.getMax().convertToFloat();
            constexpr float kMax = std::numeric_limits<float>::max();
            if (lo == 0.0f && std::isinf(hi) && hi > 0) {
              h.kind = HostOpKind::ReLU;
              return true;
            }
            h.kind = HostOpKind::Clip;
            h.min = std::isinf(lo) ? (lo < 0 ? -kMax : kMax) : lo;
            h.max = std::isinf(hi) ? (hi < 0 ? -kMax : kMax) : hi;
            return true;
          })
          .Case([&](ReLUOp) {
            h.kind = HostOpKind::ReLU;
            return true;
          })
          .Case([&](ReduceOp p) {
            h.kind = HostOpKind::Reduce;
            h.size = uint32_t(p.getFn());
            for (int64_t axis : p.getAxes())
              h.size |= eyb::reduce::axisBit(axis);
            if (p.getKeepdims())
              h.size |= eyb::reduce::kKeepDims;
            return true;
          })
          .Case([&](InsertZerosOp p) {
            // EYB keeps the factors in the strides field.
            h.kind = HostOpKind::InsertZeros;
            h.strides = pair(p.getFactors());
            return true;
          })
          .Case([&](SelectOp) {
            h.kind = HostOpKind::Select;
            return true;
          })
          .Case([&](CumSumOp p) {
            h.kind = HostOpKind::CumSum;
            h.axis = int32_t(p.getAxis());
            h.size = (p.getExclusive() ? eyb::cumsum::kExclusive : 0u) |
                     (p.getReverse() ? eyb::cumsum::kReverse : 0u);
            return true;
          })
          .Case([&](GatherOp p) {
            h.kind = HostOpKind::Gather;
            h.axis = int32_t(p.getAxis());
            return true;
          })
          .Case([&](GatherElementsOp p) {
            h.kind = HostOpKind::GatherElements;
            h.axis = int32_t(p.getAxis());
            return true;
          })
          .Case([&](ScatterElementsOp p) {
            h.kind = HostOpKind::ScatterElements;
            h.axis = int32_t(p.getAxis());
            h.size = uint32_t(p.getReduction());
            return true;
          })
          .Case([&](GatherNDOp p) {
            // EYB keeps batch_dims in the axis field.
            h.kind = HostOpKind::GatherND;
            h.axis = int32_t(p.getBatchDims());
            return true;
          })
          .Case([&](ScatterNDOp p) {
            h.kind = HostOpKind::ScatterND;
            h.size = uint32_t(p.getReduction());
            return true;
          })
          .Case([&](GridSampleOp p) {
            h.kind = HostOpKind::GridSample;
            h.size =
                uint32_t(p.getMode()) |
                uint32_t(p.getPadding()) << eyb::gridsample::kPaddingShift |
                (p.getAlignCorners() ? eyb::gridsample::kAlignCorners : 0u);
            return true;
          })
          .Case([&](TopKOp p) {
            // K is the output's extent along the axis.
            h.kind = HostOpKind::TopK;
            h.axis = int32_t(p.getAxis());
            h.size = (p.getSmallest() ? eyb::topk::kSmallest : 0u) |
                     (p.getIndices() ? eyb::topk::kIndices : 0u);
            return true;
          })
          .Case([&](ExpandOp) {
            // The output tensor's shape says what to broadcast to.
            h.kind = HostOpKind::Expand;
            return true;
          })
          .Case([&](PadOp p) {
            h.kind = HostOpKind::Pad;
            h.pads = pads(p.getPads());
            h.size = uint32_t(p.getMode());
            h.alpha = p.getValue().convertToFloat();
            return true;
          })
          .Case([&](SigmoidOp) {
            h.kind = HostOpKind::Sigmoid;
            return true;
          })
          .Case([&](HardSigmoidOp p) {
            h.kind = HostOpKind::HardSigmoid;
            h.alpha = p.getAlpha().convertToFloat();
            h.beta = p.getBeta().convertToFloat();
            return true;
          })
          .Case([&](MulOp) {
            h.kind = HostOpKind::Mul;
            return true;
          })
          .Case([&](SliceOp p) {
            // EYB keeps the start in pads top, the step's magnitude in
            // strides h and its sign in the size field (since 1.10).
            h.kind = HostOpKind::Slice;
            h.axis = int32_t(p.getAxis());
            h.pads = {uint32_t(p.getStart()), 0, 0, 0};
            // One element needs no step (and a huge one would not fit).
            int64_t step =
                p.getType().getDimSize(p.getAxis()) == 1 ? 1 : p.getStep();
            h.strides = {uint32_t(std::abs(step)), 0};
            h.size = step < 0 ? slice::kDescending : 0;
            return true;
          })
          .Case([&](ChannelShuffleOp p) {
            h.kind = HostOpKind::ChannelShuffle;
            h.groups = uint32_t(p.getGroups());
            return true;
          })
          .Case([&](BatchNormOp p) {
            h.kind = HostOpKind::BatchNorm;
            h.epsilon = p.getEpsilon().convertToFloat();
            return true;
          })
          .Case([&](LayerNormOp p) {
            h.kind = HostOpKind::LayerNorm;
            h.axis = int32_t(p.getAxis());
            h.epsilon = p.getEpsilon().convertToFloat();
            return true;
          })
          .Case([&](ErfOp) {
            h.kind = HostOpKind::Erf;
            return true;
          })
          .Case([&](UnaryOp p) {
            h.kind = HostOpKind::Unary;
            h.size = uint32_t(p.getFn());
            h.alpha = p.getAlpha().convertToFloat();
            h.beta = p.getBeta().convertToFloat();
            return true;
          })
          .Case([&](BinaryOp p) {
            h.kind = HostOpKind::Binary;
            // Verified: an integer type names an integer host format.
            h.size = eyb::binary::withIntegerType(
                uint32_t(p.getFn()),
                p.getIntegers()
                    ? uint32_t(*EyerissDialect::getHostFormat(*p.getIntegers()))
                    : 0);
            return true;
          })
          .Case([&](MatMulOp) {
            h.kind = HostOpKind::MatMul;
            return true;
          })
          .Case([&](ResizeOp p) {
            // The modes' codes are the dialect's enum values (ISA.md).
            h.kind = HostOpKind::Resize;
            h.size = uint32_t(p.getMode()) << resize::kModeShift |
                     uint32_t(p.getCoordinates()) << resize::kCoordinatesShift |
                     uint32_t(p.getNearestMode()) << resize::kNearestShift;
            if (p.getExcludeOutside())
              h.size |= resize::kExcludeOutside;
            h.alpha = p.getCubicCoeffA().convertToFloat();
            h.beta = p.getExtrapolationValue().convertToFloat();
            std::string name = getLayerName(op);
            if (std::optional<ArrayRef<float>> scales = p.getScales()) {
              h.size |= resize::kHasScales;
              extraInputs.push_back(addTensor(
                  name + ".scales", TensorRole::Constant, ElementType::Float32,
                  0, {int64_t(scales->size())}, RLCGranule::None,
                  packFloat32(*scales)));
            }
            if (std::optional<ArrayRef<float>> roi = p.getRoi())
              extraInputs.push_back(addTensor(
                  name + ".roi", TensorRole::Constant, ElementType::Float32, 0,
                  {int64_t(roi->size())}, RLCGranule::None,
                  packFloat32(*roi)));
            return true;
          })
          .Case([&](TransposeOp p) {
            h.kind = HostOpKind::Transpose;
            for (auto [i, d] : llvm::enumerate(p.getPerm()))
              h.size |= uint32_t(d) << (4 * i);
            return true;
          })
          .Default([](Operation *) { return false; });
  if (!known)
    return op->emitOpError("cannot be lowered: neither the PE array nor the "
                           "host runs it");
  for (Value operand : op->getOperands()) {
    FailureOr<uint32_t> id = tensorFor(operand, op);
    if (failed(id))
      return failure();
    h.inputs.push_back(*id);
  }
  llvm::append_range(h.inputs, extraInputs);
  Value result = op->getResult(0);
  h.output = addTensor(getLayerName(op) + ".out", TensorRole::Intermediate,
                       ElementType::Float32, 0,
                       cast<ShapedType>(result.getType()).getShape(),
                       RLCGranule::None);
  native[result] = h.output;
  prog.hostOps.push_back(std::move(h));
  prog.instructions.push_back(HostOpCall{uint32_t(prog.hostOps.size() - 1)});
  return success();
}

FailureOr<Program> Lowering::run() {
  prog.name = func.getSymName().str();
  for (BlockArgument arg : func.getArguments()) {
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    if (!type || !type.hasStaticShape())
      return func.emitError() << "cannot be lowered: argument #"
                              << arg.getArgNumber()
                              << " is not a statically shaped tensor",
             failure();
    if (type.getRank() > kMaxTensorRank)
      return func.emitError()
                 << "cannot be lowered: argument #" << arg.getArgNumber()
                 << " has rank " << type.getRank()
                 << "; EYB tensors have rank 0 to " << kMaxTensorRank,
             failure();
    if (type.getNumElements() == 0)
      return func.emitError() << "cannot be lowered: argument #"
                              << arg.getArgNumber() << " (" << type
                              << ") is empty; EYB tensors have every "
                                 "dimension at least 1",
             failure();
    native[arg] = addTensor(nameOf(arg), TensorRole::Input,
                            ElementType::Float32, 0, type.getShape(),
                            RLCGranule::None);
    prog.tensors[native[arg]].hostFormat =
        EyerissDialect::getArgHostFormat(func, arg.getArgNumber());
  }
  for (Operation &op : func.getBody().front()) {
    // A schedule is lowered with its layer.
    if (isa<ConstantOp, ScheduleOp>(op))
      continue;
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      // Outputs must come in the function's result order (readers list
      // them by tensor id): a float32 result becomes an output in place
      // only if that keeps the order.
      std::optional<uint32_t> lastOutput;
      for (auto [index, value] : llvm::enumerate(ret.getOperands())) {
        FailureOr<uint32_t> id = tensorFor(value, &op);
        if (failed(id))
          return failure();
        TensorDesc &t = prog.tensors[*id];
        // Outputs keep the ONNX graph's names too.
        std::string outName = "output" + std::to_string(index);
        if (auto name = func.getResultAttrOfType<StringAttr>(
                unsigned(index), EyerissDialect::kNameAttrName))
          if (!name.getValue().empty())
            outName = name.getValue().str();
        HostFormat hostFormat =
            EyerissDialect::getResultHostFormat(func, unsigned(index));
        if (t.elementType == ElementType::Float32 &&
            t.role == TensorRole::Intermediate &&
            (!lastOutput || *id > *lastOutput)) {
          t.role = TensorRole::Output;
          t.name = outName;
          t.hostFormat = hostFormat;
          lastOutput = *id;
          continue;
        }
        // Otherwise (a layer's int16 output, an input returned as is, or an
        // out-of-order float32 result) the host copies it into a float32
        // output.
        uint32_t out = addTensor(
            outName, TensorRole::Output, ElementType::Float32, 0,
            cast<ShapedType>(value.getType()).getShape(), RLCGranule::None);
        prog.tensors[out].hostFormat = hostFormat;
        addConvert(outName + ".output", *id, out);
        lastOutput = out;
      }
      continue;
    }
    if (auto layer = dyn_cast<ArrayLayerOpInterface>(op)) {
      if (failed(lowerLayer(layer)))
        return failure();
      continue;
    }
    if (failed(lowerHostOp(&op)))
      return failure();
  }
  prog.instructions.push_back(End{});
  prog.dramBytes = (dramTop + 7) / 8 * 8;
  if (llvm::Error err = verifyProgram(prog))
    return mlir::emitError(func.getLoc())
               << "internal error: the lowered program does not verify: "
               << llvm::toString(std::move(err)),
           failure();
  return std::move(prog);
}
} // namespace

FailureOr<Program> eyeriss::lowerToEYB(ModuleOp module) {
  FailureOr<func::FuncOp> entry =
      getEntryFunction(module, "the EYB lowering", "to lower");
  if (failed(entry))
    return failure();
  func::FuncOp func = *entry;
  if (!func.getBody().hasOneBlock())
    return func.emitError("cannot be lowered: more than one block"),
           failure();
  FailureOr<const TargetModel *> target = getTargetModel(module);
  if (failed(target))
    return failure();
  Lowering lowering(func, **target);
  return lowering.run();
}
