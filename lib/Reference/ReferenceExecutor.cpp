//===- ReferenceExecutor.cpp - Float32 golden model of eyeriss IR ---------===//
//
// evaluateOp checks what it is given against the op's types and hands plain
// tensors to the kernels (Kernels.h). runFunction walks a function's block
// in order with a value table, materializing each constant at its first use
// and dropping each tensor at its last, so that whole networks run in about
// the memory of their largest layer rather than of all their activations and
// weights at once.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Reference/ReferenceExecutor.h"

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Reference/Kernels.h"

#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"

#include <limits>
#include <string>

using namespace mlir;
using namespace eyeriss;
using namespace eyeriss::reference;

// ResizeOp's enums convert to the kernel's by value.
static_assert(int(ResizeMode::Cubic) == int(Interpolation::Cubic) &&
              int(ResizeMode::Linear) == int(Interpolation::Linear));
static_assert(int(ResizeCoordinates::TFCropAndResize) ==
                  int(CoordinateTransform::TFCropAndResize) &&
              int(ResizeCoordinates::TFHalfPixelForNN) ==
                  int(CoordinateTransform::TFHalfPixelForNN) &&
              int(ResizeCoordinates::AlignCorners) ==
                  int(CoordinateTransform::AlignCorners));
static_assert(int(ResizeNearest::Ceil) == int(NearestRounding::Ceil) &&
              int(ResizeNearest::Floor) == int(NearestRounding::Floor));
// So do UnaryOp's and BinaryOp's functions.
static_assert(int(UnaryFn::ThresholdedRelu) ==
                  int(UnaryFunction::ThresholdedRelu) &&
              int(UnaryFn::FakeQuantI8) == int(UnaryFunction::FakeQuantI8) &&
              int(UnaryFn::Sign) == int(UnaryFunction::Sign) &&
              int(UnaryFn::RoundToBF16) == int(UnaryFunction::RoundToBF16) &&
              int(UnaryFn::Not) == int(UnaryFunction::Not) &&
              int(UnaryFn::Trunc) == int(UnaryFunction::Trunc) &&
              int(UnaryFn::Atanh) == int(UnaryFunction::Atanh) &&
              int(UnaryFn::IsInf) == int(UnaryFunction::IsInf) &&
              int(UnaryFn::Round) == int(UnaryFunction::Round) &&
              int(UnaryFn::LeakyRelu) == int(UnaryFunction::LeakyRelu) &&
              int(UnaryFn::Softplus) == int(UnaryFunction::Softplus));
static_assert(int(eyeriss::ScatterReduction::Mul) ==
                  int(reference::ScatterReduction::Mul) &&
              int(eyeriss::ScatterReduction::Add) ==
                  int(reference::ScatterReduction::Add));
static_assert(int(eyeriss::GridSampleMode::Bicubic) ==
                  int(reference::GridSampleMode::Bicubic) &&
              int(eyeriss::GridSampleMode::Nearest) ==
                  int(reference::GridSampleMode::Nearest) &&
              int(eyeriss::GridSamplePadding::Reflection) ==
                  int(reference::GridSamplePadding::Reflection) &&
              int(eyeriss::GridSamplePadding::Border) ==
                  int(reference::GridSamplePadding::Border));
static_assert(int(eyeriss::PadMode::Reflect) ==
                  int(reference::PadMode::Reflect) &&
              int(eyeriss::PadMode::Edge) == int(reference::PadMode::Edge));
static_assert(int(ReduceFn::LogSumExp) == int(Reduction::LogSumExp) &&
              int(ReduceFn::ArgMinLast) == int(Reduction::ArgMinLast) &&
              int(ReduceFn::SumSquare) == int(Reduction::SumSquare));
static_assert(int(BinaryFn::PRelu) == int(BinaryFunction::PRelu) &&
              int(BinaryFn::Pow) == int(BinaryFunction::Pow) &&
              int(BinaryFn::Equal) == int(BinaryFunction::Equal) &&
              int(BinaryFn::GreaterEqual) ==
                  int(BinaryFunction::GreaterEqual) &&
              int(BinaryFn::Xor) == int(BinaryFunction::Xor) &&
              int(BinaryFn::FMod) == int(BinaryFunction::FMod));

//===----------------------------------------------------------------------===//
// evaluateOp
//===----------------------------------------------------------------------===//

/// The ops evaluateOp computes; `compute` has one case for each.
static bool isEvaluable(Operation *op) {
  return isa<ConstantOp, Conv2DOp, FullyConnectedOp, GemmOp, IdentityOp,
             DropoutOp, MaxPoolOp, AvgPoolOp, GlobalAvgPoolOp, LRNOp,
             BatchNormOp, LayerNormOp, ReLUOp, ClipOp, SigmoidOp, ErfOp,
             HardSigmoidOp, SoftmaxOp, AddOp, MulOp, MatMulOp, PadOp, ConcatOp,
             SliceOp, TransposeOp, ExpandOp, GatherOp, GatherElementsOp,
             ScatterElementsOp, GatherNDOp, ScatterNDOp, TopKOp, GridSampleOp,
             SelectOp, CumSumOp, ResizeOp, UnaryOp, BinaryOp, InsertZerosOp,
             ReduceOp, ChannelShuffleOp, ReshapeOp, FlattenOp>(op);
}

/// A kernel's refusal of its data (an index out of range, a zero divisor),
/// naming the op as the simulator does: "binary 'Q': division by zero ...".
static LogicalResult kernelError(Operation *op, llvm::Error err) {
  return op->emitError() << op->getName().stripDialect() << " '"
                         << getLayerName(op)
                         << "': " << llvm::toString(std::move(err));
}

/// Checks that a value of `type` can be held as a float32 tensor.
static LogicalResult checkFloatTensor(Operation *op, Type type,
                                      StringRef kind, unsigned index) {
  auto tensorType = dyn_cast<RankedTensorType>(type);
  if (tensorType && tensorType.hasStaticShape() &&
      isa<FloatType>(tensorType.getElementType()))
    return success();
  return op->emitError() << kind << " #" << index << " has type " << type
                         << "; the float32 reference executor evaluates "
                            "statically shaped float tensors only";
}

/// Applies a fused activation (conv2d, fc, add) in place.
static void applyActivation(Tensor &tensor,
                            std::optional<Activation> activation) {
  if (!activation)
    return;
  switch (*activation) {
  case Activation::ReLU:
    return clampInPlace(tensor, 0.0f, std::numeric_limits<float>::infinity());
  case Activation::ReLU6:
    return clampInPlace(tensor, 0.0f, 6.0f);
  }
}

/// The op's one result, from checked operands.
static FailureOr<Tensor> compute(Operation *op, ArrayRef<Tensor> operands,
                                 bool applyFusedActivation,
                                 Accumulation accumulation) {
  // The optional operands (conv and fc bias, gemm c) come third.
  auto optionalOperand = [&](Value value) -> const Tensor * {
    return value ? &operands[2] : nullptr;
  };
  auto resultShape = [&] {
    return cast<RankedTensorType>(op->getResult(0).getType()).getShape();
  };
  return llvm::TypeSwitch<Operation *, FailureOr<Tensor>>(op)
      .Case([&](ConstantOp constant) {
        return fromElementsAttr(constant.getValue(), constant.getLoc());
      })
      .Case([&](Conv2DOp conv) {
        Conv2DParams params;
        llvm::copy(conv.getStrides(), params.strides);
        llvm::copy(conv.getPads(), params.pads);
        llvm::copy(conv.getDilations(), params.dilations);
        params.groups = conv.getGroups();
        params.accumulation = accumulation;
        Tensor result = conv2d(operands[0], operands[1],
                               optionalOperand(conv.getBias()), params);
        if (applyFusedActivation)
          applyActivation(result, conv.getActivation());
        return result;
      })
      .Case([&](FullyConnectedOp fc) {
        Tensor result = fullyConnected(operands[0], operands[1],
                                       optionalOperand(fc.getBias()),
                                       accumulation);
        if (applyFusedActivation)
          applyActivation(result, fc.getActivation());
        return result;
      })
      .Case([&](GemmOp gemmOp) {
        GemmParams params;
        params.alpha = gemmOp.getAlpha().convertToFloat();
        params.beta = gemmOp.getBeta().convertToFloat();
        params.transA = gemmOp.getTransA();
        params.transB = gemmOp.getTransB();
        params.accumulation = accumulation;
        return gemm(operands[0], operands[1], optionalOperand(gemmOp.getC()),
                    params);
      })
      .Case<IdentityOp, DropoutOp>([&](Operation *) { return operands[0]; })
      .Case<MaxPoolOp, AvgPoolOp>([&](auto pool) {
        Pool2DParams params;
        llvm::copy(pool.getKernel(), params.kernel);
        llvm::copy(pool.getStrides(), params.strides);
        llvm::copy(pool.getPads(), params.pads);
        params.ceilMode = pool.getCeilMode();
        if constexpr (std::is_same_v<decltype(pool), AvgPoolOp>)
          return avgPool2d(operands[0], params, pool.getCountIncludePad());
        else
          return maxPool2d(operands[0], params);
      })
      .Case([&](GlobalAvgPoolOp) { return globalAvgPool(operands[0]); })
      .Case([&](LRNOp lrn) {
        return localResponseNorm(operands[0], lrn.getSize(),
                                 lrn.getAlpha().convertToFloat(),
                                 lrn.getBeta().convertToFloat(),
                                 lrn.getBias().convertToFloat());
      })
      .Case([&](BatchNormOp bn) {
        return batchNorm(operands[0], operands[1], operands[2], operands[3],
                         operands[4], bn.getEpsilon().convertToFloat());
      })
      .Case([&](LayerNormOp ln) {
        return layerNorm(operands[0], operands[1], operands[2], ln.getAxis(),
                         ln.getEpsilon().convertToFloat());
      })
      .Case([&](ErfOp) { return erf(operands[0]); })
      .Case([&](ReLUOp) {
        Tensor result = operands[0];
        applyActivation(result, Activation::ReLU);
        return result;
      })
      .Case([&](ClipOp clip) {
        Tensor result = operands[0];
        clampInPlace(result, clip.getMin().convertToFloat(),
                     clip.getMax().convertToFloat());
        return result;
      })
      .Case([&](SigmoidOp) { return sigmoid(operands[0]); })
      .Case([&](HardSigmoidOp op) {
        return hardSigmoid(operands[0], op.getAlpha().convertToFloat(),
                           op.getBeta().convertToFloat());
      })
      .Case([&](SoftmaxOp softmaxOp) {
        return softmax(operands[0], softmaxOp.getAxis());
      })
      .Case([&](AddOp addOp) {
        Tensor result = add(operands[0], operands[1]);
        applyActivation(result, addOp.getActivation());
        return result;
      })
      .Case([&](MulOp) { return mul(operands[0], operands[1]); })
      .Case([&](UnaryOp unaryOp) {
        return unary(operands[0], UnaryFunction(unaryOp.getFn()),
                     unaryOp.getAlpha().convertToFloat(),
                     unaryOp.getBeta().convertToFloat());
      })
      .Case([&](BinaryOp binaryOp) -> FailureOr<Tensor> {
        auto fn = BinaryFunction(binaryOp.getFn());
        if (!binaryOp.getIntegers())
          return binary(operands[0], operands[1], fn);
        llvm::Expected<Tensor> result = integerBinary(
            operands[0], operands[1], fn,
            *EyerissDialect::getHostFormat(*binaryOp.getIntegers()));
        if (!result)
          return kernelError(binaryOp, result.takeError());
        return std::move(*result);
      })
      .Case([&](MatMulOp) {
        return matmul(operands[0], operands[1], accumulation);
      })
      .Case([&](ReduceOp reduceOp) {
        return reduce(operands[0], Reduction(reduceOp.getFn()),
                      reduceOp.getAxes(), reduceOp.getKeepdims());
      })
      .Case([&](InsertZerosOp insertOp) {
        return insertZeros(operands[0], insertOp.getFactors()[0],
                           insertOp.getFactors()[1]);
      })
      .Case([&](ExpandOp expandOp) {
        return broadcastTo(operands[0], expandOp.getType().getShape());
      })
      .Case([&](SelectOp) {
        return select(operands[0], operands[1], operands[2]);
      })
      .Case([&](CumSumOp cumsumOp) {
        return cumsum(operands[0], cumsumOp.getAxis(), cumsumOp.getExclusive(),
                      cumsumOp.getReverse());
      })
      .Case([&](GatherOp gatherOp) -> FailureOr<Tensor> {
        // The indices come from the program's input: a bad one is the
        // input's fault, reported here rather than read out of bounds.
        llvm::Expected<Tensor> result =
            gather(operands[0], operands[1], gatherOp.getAxis());
        if (!result)
          return kernelError(gatherOp, result.takeError());
        return std::move(*result);
      })
      .Case([&](GatherElementsOp gatherOp) -> FailureOr<Tensor> {
        llvm::Expected<Tensor> result =
            gatherElements(operands[0], operands[1], gatherOp.getAxis());
        if (!result)
          return kernelError(gatherOp, result.takeError());
        return std::move(*result);
      })
      .Case([&](ScatterElementsOp scatterOp) -> FailureOr<Tensor> {
        llvm::Expected<Tensor> result = scatterElements(
            operands[0], operands[1], operands[2], scatterOp.getAxis(),
            reference::ScatterReduction(scatterOp.getReduction()));
        if (!result)
          return kernelError(scatterOp, result.takeError());
        return std::move(*result);
      })
      .Case([&](GatherNDOp gatherOp) -> FailureOr<Tensor> {
        llvm::Expected<Tensor> result =
            gatherND(operands[0], operands[1], gatherOp.getBatchDims());
        if (!result)
          return kernelError(gatherOp, result.takeError());
        return std::move(*result);
      })
      .Case([&](ScatterNDOp scatterOp) -> FailureOr<Tensor> {
        llvm::Expected<Tensor> result =
            scatterND(operands[0], operands[1], operands[2],
                      reference::ScatterReduction(scatterOp.getReduction()));
        if (!result)
          return kernelError(scatterOp, result.takeError());
        return std::move(*result);
      })
      .Case([&](GridSampleOp sampleOp) {
        return gridSample(operands[0], operands[1],
                          reference::GridSampleMode(sampleOp.getMode()),
                          reference::GridSamplePadding(sampleOp.getPadding()),
                          sampleOp.getAlignCorners());
      })
      .Case([&](TopKOp topkOp) {
        return topK(operands[0], topkOp.getAxis(),
                    topkOp.getType().getDimSize(topkOp.getAxis()),
                    topkOp.getSmallest(), topkOp.getIndices());
      })
      .Case([&](PadOp padOp) {
        int64_t pads[4];
        llvm::copy(padOp.getPads(), pads);
        return pad2d(operands[0], pads, reference::PadMode(padOp.getMode()),
                     padOp.getValue().convertToFloat());
      })
      .Case([&](SliceOp sliceOp) {
        return slice(operands[0], sliceOp.getAxis(), sliceOp.getStart(),
                     sliceOp.getStep(),
                     sliceOp.getType().getDimSize(sliceOp.getAxis()));
      })
      .Case([&](TransposeOp transposeOp) {
        return transpose(operands[0], transposeOp.getPerm());
      })
      .Case([&](ResizeOp resizeOp) {
        // The kernel's enums number their cases as the dialect's do.
        ResizeParams params;
        params.mode = Interpolation(resizeOp.getMode());
        params.coordinates = CoordinateTransform(resizeOp.getCoordinates());
        params.nearest = NearestRounding(resizeOp.getNearestMode());
        params.cubicCoeffA = resizeOp.getCubicCoeffA().convertToFloat();
        params.excludeOutside = resizeOp.getExcludeOutside();
        params.extrapolationValue =
            resizeOp.getExtrapolationValue().convertToFloat();
        for (unsigned d = 0; d < resultShape().size(); ++d)
          params.scales.push_back(resizeOp.getScale(d));
        if (std::optional<ArrayRef<float>> roi = resizeOp.getRoi())
          params.roi.assign(roi->begin(), roi->end());
        return resize(operands[0], resultShape(), params);
      })
      .Case([&](ChannelShuffleOp shuffleOp) {
        return channelShuffle(operands[0], shuffleOp.getGroups());
      })
      .Case([&](ConcatOp concatOp) {
        return concat(operands, concatOp.getAxis());
      })
      .Case<ReshapeOp, FlattenOp>([&](Operation *) {
        // Row-major order is kept; only the shape changes.
        return Tensor(resultShape(), operands[0].data);
      })
      .Default([](Operation *) -> FailureOr<Tensor> {
        llvm_unreachable("isEvaluable admitted an op compute does not know");
      });
}

FailureOr<SmallVector<Tensor>>
eyeriss::reference::evaluateOp(Operation *op, ArrayRef<Tensor> operands,
                               bool applyFusedActivation,
                               Accumulation accumulation) {
  if (!isEvaluable(op))
    return op->emitError() << "the reference executor cannot evaluate '"
                           << op->getName() << "'";
  if (failed(verify(op, /*verifyRecursively=*/false)))
    return failure();
  if (operands.size() != op->getNumOperands())
    return op->emitError() << "expects " << op->getNumOperands()
                           << " operand tensors but was given "
                           << operands.size();
  for (auto [index, value, tensor] :
       llvm::enumerate(op->getOperands(), operands)) {
    if (failed(checkFloatTensor(op, value.getType(), "operand", index)))
      return failure();
    auto type = cast<RankedTensorType>(value.getType());
    if (type.getShape() != ArrayRef<int64_t>(tensor.shape))
      return op->emitError() << "operand #" << index << " is " << type
                             << " but the tensor given has shape "
                             << formatShape(tensor.shape);
    if (static_cast<int64_t>(tensor.data.size()) != type.getNumElements())
      return op->emitError() << "the tensor given for operand #" << index
                             << " holds " << tensor.data.size()
                             << " elements but its shape needs "
                             << type.getNumElements();
  }
  for (auto [index, type] : llvm::enumerate(op->getResultTypes()))
    if (failed(checkFloatTensor(op, type, "result", index)))
      return failure();

  FailureOr<Tensor> result =
      compute(op, operands, applyFusedActivation, accumulation);
  if (failed(result))
    return failure();
  assert(ArrayRef<int64_t>(result->shape) ==
             cast<RankedTensorType>(op->getResult(0).getType()).getShape() &&
         "kernel result has the shape of the verified result type");
  SmallVector<Tensor> results;
  results.push_back(std::move(*result));
  return results;
}

//===----------------------------------------------------------------------===//
// runFunction
//===----------------------------------------------------------------------===//

namespace {
/// The tensors of one function run, each kept from its definition (or, for
/// a constant, its first use) to its last use.
class ValueTable {
public:
  ValueTable(Block &block, ArrayRef<Tensor> arguments) : arguments(arguments) {
    for (Operation &op : block)
      if (!isa<ScheduleOp>(op))
        for (Value operand : op.getOperands())
          lastUser[operand] = &op;
  }

  /// The operands of `user`, copied, or moved where this is their last use.
  FailureOr<SmallVector<Tensor>> takeOperands(Operation *user) {
    SmallVector<Tensor> operands;
    OperandRange values = user->getOperands();
    for (auto [index, value] : llvm::enumerate(values)) {
      if (auto argument = dyn_cast<BlockArgument>(value)) {
        operands.push_back(arguments[argument.getArgNumber()]);
        continue;
      }
      auto it = tensors.find(value);
      if (it == tensors.end()) {
        // Constants are evaluated here, at their first use.
        FailureOr<SmallVector<Tensor>> constant =
            evaluateOp(value.getDefiningOp(), {});
        if (failed(constant))
          return failure();
        it = tensors.try_emplace(value, std::move(constant->front())).first;
      }
      bool usedAgain = lastUser.lookup(value) != user ||
                       llvm::is_contained(values.drop_front(index + 1), value);
      if (usedAgain) {
        operands.push_back(it->second);
      } else {
        operands.push_back(std::move(it->second));
        tensors.erase(it);
      }
    }
    return operands;
  }

  /// Records `op`'s results, dropping those nothing reads.
  void define(Operation *op, SmallVector<Tensor> results) {
    for (auto [value, tensor] : llvm::zip_equal(op->getResults(), results))
      if (!value.use_empty())
        tensors.try_emplace(value, std::move(tensor));
  }

private:
  ArrayRef<Tensor> arguments;
  llvm::DenseMap<Value, Operation *> lastUser;
  llvm::DenseMap<Value, Tensor> tensors;
};
} // namespace

/// Checks the inputs against the function's argument types.
static LogicalResult checkInputs(func::FuncOp func, Block &block,
                                 ArrayRef<Tensor> inputs) {
  if (inputs.size() != block.getNumArguments())
    return func.emitError() << "@" << func.getSymName() << " takes "
                            << block.getNumArguments()
                            << " arguments but was given " << inputs.size()
                            << " inputs";
  for (auto [index, argument, input] :
       llvm::enumerate(block.getArguments(), inputs)) {
    auto type = dyn_cast<RankedTensorType>(argument.getType());
    if (!type || !type.hasStaticShape() ||
        !isa<FloatType>(type.getElementType()))
      return emitError(argument.getLoc())
             << "argument #" << index << " of @" << func.getSymName()
             << " has type " << argument.getType()
             << "; the float32 reference executor takes statically shaped "
                "float tensors only";
    if (type.getShape() != ArrayRef<int64_t>(input.shape))
      return emitError(argument.getLoc())
             << "argument #" << index << " of @" << func.getSymName()
             << " is " << type << " but the input given has shape "
             << formatShape(input.shape);
    if (static_cast<int64_t>(input.data.size()) != type.getNumElements())
      return emitError(argument.getLoc())
             << "the input for argument #" << index << " of @"
             << func.getSymName() << " holds " << input.data.size()
             << " elements but its shape needs " << type.getNumElements();
  }
  return success();
}

FailureOr<SmallVector<Tensor>>
eyeriss::reference::runFunction(func::FuncOp func, ArrayRef<Tensor> inputs,
                                OpObserver observer,
                                bool observePreActivation,
                                Accumulation accumulation) {
  if (func.isExternal())
    return func.emitError() << "@" << func.getSymName()
                            << " is a declaration; there is no body to run";
  if (!func.getBody().hasOneBlock())
    return func.emitError() << "@" << func.getSymName()
                            << " has several blocks; the reference executor "
                               "runs straight-line functions only";
  Block &block = func.getBody().front();
  if (failed(checkInputs(func, block, inputs)))
    return failure();

  // Inputs the graph declares float16 or bfloat16 hold only values of that
  // type, and such outputs are written as it: the host rounds both.
  auto hostRounding = [](HostFormat format) -> std::optional<UnaryFunction> {
    if (format == HostFormat::Float16)
      return UnaryFunction::RoundToF16;
    if (format == HostFormat::BFloat16)
      return UnaryFunction::RoundToBF16;
    return std::nullopt;
  };
  SmallVector<Tensor> roundedInputs;
  for (auto [index, input] : llvm::enumerate(inputs)) {
    // Integer inputs (token ids) are whole numbers float32 holds exactly.
    HostFormat format = EyerissDialect::getArgHostFormat(func, index);
    if (isIntegerFormat(format))
      for (auto [i, v] : llvm::enumerate(input.data))
        if (!wholeNumberOf(v, format) || std::abs(v) > float(kMaxExactInteger))
          return func.emitError()
                 << "input #" << index << " is " << stringifyHostFormat(format)
                 << ": element " << i << " is " << v << ", not "
                 << describeIntegerRange(format);
    std::optional<UnaryFunction> round =
        hostRounding(EyerissDialect::getArgHostFormat(func, index));
    if (!round)
      continue;
    if (roundedInputs.empty())
      roundedInputs.assign(inputs.begin(), inputs.end());
    roundedInputs[index] = unary(input, *round, 0, 0);
  }
  if (!roundedInputs.empty())
    inputs = roundedInputs;

  ValueTable table(block, inputs);
  for (Operation &op : block) {
    // A schedule says how the chip computes its layer, which the executor
    // evaluates directly.
    if (isa<ConstantOp, ScheduleOp>(op))
      continue;
    FailureOr<SmallVector<Tensor>> operands = table.takeOperands(&op);
    if (failed(operands))
      return failure();
    if (isa<func::ReturnOp>(op)) {
      for (auto [index, output] : llvm::enumerate(*operands))
        if (std::optional<UnaryFunction> round =
                hostRounding(EyerissDialect::getResultHostFormat(func, index)))
          output = unary(output, *round, 0, 0);
      return std::move(*operands);
    }
    // An observer of pre-activation values sees a CONV or FC layer before
    // its fused activation, which is then applied here.
    bool split = observer && observePreActivation &&
                 isa<Conv2DOp, FullyConnectedOp>(op);
    FailureOr<SmallVector<Tensor>> results =
        evaluateOp(&op, *operands, /*applyFusedActivation=*/!split,
                   accumulation);
    if (failed(results))
      return failure();
    if (observer)
      observer(&op, *operands, *results);
    if (split) {
      std::optional<Activation> activation =
          isa<Conv2DOp>(op) ? cast<Conv2DOp>(op).getActivation()
                            : cast<FullyConnectedOp>(op).getActivation();
      applyActivation(results->front(), activation);
    }
    table.define(&op, std::move(*results));
  }
  return func.emitError() << "@" << func.getSymName()
                          << " does not end in func.return";
}
