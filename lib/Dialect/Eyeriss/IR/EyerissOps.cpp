//===- EyerissOps.cpp - eyeriss graph-level ops ---------------------------===//
//
// Verifiers name the quantity that disagrees, in the papers' notation, and
// the values that produced the expected one, so that an importer bug or a
// hand-written test case points at its cause.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"

#include "mlir/Dialect/Traits.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"

#include "llvm/Support/InterleavedRange.h"

#include <cmath>
#include <cstdlib>
#include <limits>

using namespace mlir;
using namespace eyeriss;

#include "eyeriss/Dialect/Eyeriss/IR/EyerissInterfaces.cpp.inc"

/// `custom<BroadcastTypes>`: `: T` when both operands have the result's type
/// (every residual add), else `: (L, R) -> T`.
static ParseResult parseBroadcastTypes(OpAsmParser &parser, Type &lhs,
                                       Type &rhs, Type &result) {
  if (failed(parser.parseOptionalLParen())) {
    if (parser.parseType(result))
      return failure();
    lhs = rhs = result;
    return success();
  }
  return failure(parser.parseType(lhs) || parser.parseComma() ||
                 parser.parseType(rhs) || parser.parseRParen() ||
                 parser.parseArrow() || parser.parseType(result));
}

static void printBroadcastTypes(OpAsmPrinter &printer, Operation *, Type lhs,
                                Type rhs, Type result) {
  if (lhs == result && rhs == result) {
    printer << result;
    return;
  }
  printer << "(" << lhs << ", " << rhs << ") -> " << result;
}

#define GET_OP_CLASSES
#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

std::string eyeriss::formatShape(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::interleave(shape, os, "x");
  return text;
}

/// Checks that every value has the element type of `reference`.
static LogicalResult verifySameElementType(Operation *op, Value reference,
                                           ValueRange others,
                                           llvm::StringRef referenceName) {
  Type expected = getElementTypeOrSelf(reference.getType());
  for (Value v : others) {
    Type actual = getElementTypeOrSelf(v.getType());
    if (actual != expected)
      return op->emitOpError() << "element type " << actual
                               << " differs from the " << referenceName
                               << " element type " << expected;
  }
  return success();
}

/// Checks one spatial output dimension of a sliding-window op against the
/// size its input, window, stride and pads give.
static LogicalResult verifyWindowedDim(Operation *op, llvm::StringRef outName,
                                       llvm::StringRef inName,
                                       llvm::StringRef kernelName,
                                       int64_t actual, int64_t in,
                                       int64_t kernel, int64_t stride,
                                       int64_t padBegin, int64_t padEnd,
                                       int64_t dilation, bool ceilMode) {
  std::optional<int64_t> expected = slidingWindowOutputSize(
      in, kernel, stride, padBegin, padEnd, dilation, ceilMode);
  if (!expected)
    return op->emitOpError()
           << "window " << kernelName << " = " << kernel << " (dilation "
           << dilation << ") does not fit the padded input " << inName
           << " = " << in << " + " << padBegin << " + " << padEnd;
  if (*expected != actual)
    return op->emitOpError()
           << "result " << outName << " is " << actual << " but input "
           << inName << " = " << in << ", " << kernelName << " = " << kernel
           << ", stride " << stride << ", pads " << padBegin << "/" << padEnd
           << ", dilation " << dilation << (ceilMode ? ", ceil mode" : "")
           << " give " << *expected;
  return success();
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

void ConstantOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "cst");
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// Conv2DOp
//===----------------------------------------------------------------------===//

void Conv2DOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "conv");
}

LogicalResult Conv2DOp::verify() {
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> filter = getFilter().getType().getShape();
  ArrayRef<int64_t> out = getResult().getType().getShape();
  int64_t groups = getGroups();
  int64_t C = in[1], M = filter[0];

  SmallVector<Value> others = {getFilter(), getResult()};
  if (getBias())
    others.push_back(getBias());
  if (failed(verifySameElementType(*this, getInput(), others, "input")))
    return failure();

  if (C % groups != 0)
    return emitOpError() << "input channels C = " << C
                         << " are not divisible by groups = " << groups;
  if (M % groups != 0)
    return emitOpError() << "filters M = " << M
                         << " are not divisible by groups = " << groups;
  if (filter[1] != C / groups)
    return emitOpError() << "filter has " << filter[1]
                         << " channels but input channels C = " << C
                         << " / groups = " << groups << " give " << C / groups;
  if (Value bias = getBias()) {
    int64_t biasSize = cast<RankedTensorType>(bias.getType()).getDimSize(0);
    if (biasSize != M)
      return emitOpError() << "bias has " << biasSize
                           << " elements but there are M = " << M
                           << " filters";
  }
  if (out[0] != in[0])
    return emitOpError() << "result batch N = " << out[0]
                         << " differs from input batch N = " << in[0];
  if (out[1] != M)
    return emitOpError() << "result channels " << out[1]
                         << " differ from the number of filters M = " << M;

  ArrayRef<int64_t> strides = getStrides(), pads = getPads(),
                    dilations = getDilations();
  if (failed(verifyWindowedDim(*this, "height E", "height H", "filter height R",
                               out[2], in[2], filter[2], strides[0], pads[0],
                               pads[2], dilations[0], /*ceilMode=*/false)) ||
      failed(verifyWindowedDim(*this, "width F", "width W", "filter width S",
                               out[3], in[3], filter[3], strides[1], pads[1],
                               pads[3], dilations[1], /*ceilMode=*/false)))
    return failure();
  return verifyLayerMapping(*this);
}

LayerShape Conv2DOp::getLayerShape() {
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> filter = getFilter().getType().getShape();
  ArrayRef<int64_t> out = getResult().getType().getShape();
  LayerShape s;
  s.N = in[0];
  s.C = in[1];
  s.H = in[2];
  s.W = in[3];
  s.M = filter[0];
  s.R = filter[2];
  s.S = filter[3];
  s.E = out[2];
  s.F = out[3];
  s.strideH = getStrides()[0];
  s.strideW = getStrides()[1];
  s.dilationH = getDilations()[0];
  s.dilationW = getDilations()[1];
  s.padTop = getPads()[0];
  s.padLeft = getPads()[1];
  s.padBottom = getPads()[2];
  s.padRight = getPads()[3];
  s.groups = getGroups();
  return s;
}

std::optional<Activation> Conv2DOp::getFusedActivation() {
  return getActivation();
}

//===----------------------------------------------------------------------===//
// FullyConnectedOp
//===----------------------------------------------------------------------===//

void FullyConnectedOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "fc");
}

LogicalResult FullyConnectedOp::verify() {
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> weight = getWeight().getType().getShape();
  ArrayRef<int64_t> out = getResult().getType().getShape();

  SmallVector<Value> others = {getWeight(), getResult()};
  if (getBias())
    others.push_back(getBias());
  if (failed(verifySameElementType(*this, getInput(), others, "input")))
    return failure();

  if (weight[1] != in[1])
    return emitOpError() << "weight rows have " << weight[1]
                         << " elements but input has " << in[1]
                         << " features";
  if (Value bias = getBias()) {
    int64_t biasSize = cast<RankedTensorType>(bias.getType()).getDimSize(0);
    if (biasSize != weight[0])
      return emitOpError() << "bias has " << biasSize
                           << " elements but there are M = " << weight[0]
                           << " filters";
  }
  if (out[0] != in[0] || out[1] != weight[0])
    return emitOpError() << "result shape " << out[0] << "x" << out[1]
                         << " should be batch x filters = " << in[0] << "x"
                         << weight[0];
  return verifyLayerMapping(*this);
}

LayerShape FullyConnectedOp::getLayerShape() {
  LayerShape s;
  s.N = getInput().getType().getDimSize(0);
  s.C = getInput().getType().getDimSize(1);
  s.M = getWeight().getType().getDimSize(0);
  return s;
}

std::optional<Activation> FullyConnectedOp::getFusedActivation() {
  return getActivation();
}

//===----------------------------------------------------------------------===//
// Import-level ops
//===----------------------------------------------------------------------===//

void GemmOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "gemm");
}

LogicalResult GemmOp::verify() {
  SmallVector<Value> others = {getB(), getResult()};
  if (getC())
    others.push_back(getC());
  if (failed(verifySameElementType(*this, getA(), others, "a")))
    return failure();
  ArrayRef<int64_t> a = getA().getType().getShape();
  ArrayRef<int64_t> b = getB().getType().getShape();
  int64_t rows = getTransA() ? a[1] : a[0];
  int64_t inner = getTransA() ? a[0] : a[1];
  int64_t innerB = getTransB() ? b[1] : b[0];
  int64_t cols = getTransB() ? b[0] : b[1];
  if (inner != innerB)
    return emitOpError() << "inner dimensions differ: op(a) is " << rows
                         << "x" << inner << " but op(b) is " << innerB << "x"
                         << cols;
  ArrayRef<int64_t> out = getResult().getType().getShape();
  if (out[0] != rows || out[1] != cols)
    return emitOpError() << "result shape " << out[0] << "x" << out[1]
                         << " should be " << rows << "x" << cols;
  if (Value c = getC()) {
    ArrayRef<int64_t> cs = cast<RankedTensorType>(c.getType()).getShape();
    bool vector = cs.size() == 1 && (cs[0] == cols || cs[0] == 1);
    bool matrix = cs.size() == 2 && (cs[0] == rows || cs[0] == 1) &&
                  (cs[1] == cols || cs[1] == 1);
    bool scalar = cs.empty();
    if (!vector && !matrix && !scalar)
      return emitOpError() << "c does not broadcast to the " << rows << "x"
                           << cols << " result";
  }
  return success();
}

void IdentityOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "id");
}

void DropoutOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "dropout");
}

LogicalResult DropoutOp::verify() {
  float ratio = getRatio().convertToFloat();
  if (!(ratio >= 0.0f && ratio < 1.0f))
    return emitOpError() << "ratio " << ratio << " is outside [0, 1)";
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

static LogicalResult verifyPool(Operation *op, RankedTensorType inType,
                                RankedTensorType outType,
                                ArrayRef<int64_t> kernel,
                                ArrayRef<int64_t> strides,
                                ArrayRef<int64_t> pads, bool ceilMode) {
  if (inType.getElementType() != outType.getElementType())
    return op->emitOpError() << "result element type "
                             << outType.getElementType()
                             << " differs from the input element type "
                             << inType.getElementType();
  ArrayRef<int64_t> in = inType.getShape(), out = outType.getShape();
  if (out[0] != in[0] || out[1] != in[1])
    return op->emitOpError() << "result batch and channels " << out[0] << "x"
                             << out[1] << " differ from the input's " << in[0]
                             << "x" << in[1];
  // A pad as large as the window would make windows of padding only.
  for (int i = 0; i < 4; ++i)
    if (pads[i] >= kernel[i % 2])
      return op->emitOpError() << "pad " << pads[i] << " is not smaller than "
                               << "the kernel " << (i % 2 ? "width " : "height ")
                               << kernel[i % 2];
  if (failed(verifyWindowedDim(op, "height", "height", "kernel height",
                               out[2], in[2], kernel[0], strides[0], pads[0],
                               pads[2], /*dilation=*/1, ceilMode)) ||
      failed(verifyWindowedDim(op, "width", "width", "kernel width", out[3],
                               in[3], kernel[1], strides[1], pads[1], pads[3],
                               /*dilation=*/1, ceilMode)))
    return failure();
  return success();
}

void MaxPoolOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "pool");
}

LogicalResult MaxPoolOp::verify() {
  return verifyPool(*this, getInput().getType(), getResult().getType(),
                    getKernel(), getStrides(), getPads(), getCeilMode());
}

void AvgPoolOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "pool");
}

LogicalResult AvgPoolOp::verify() {
  return verifyPool(*this, getInput().getType(), getResult().getType(),
                    getKernel(), getStrides(), getPads(), getCeilMode());
}

void GlobalAvgPoolOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "gap");
}

LogicalResult GlobalAvgPoolOp::verify() {
  RankedTensorType inType = getInput().getType(), outType = getResult().getType();
  if (inType.getElementType() != outType.getElementType())
    return emitOpError() << "result element type " << outType.getElementType()
                         << " differs from the input element type "
                         << inType.getElementType();
  ArrayRef<int64_t> in = inType.getShape(), out = outType.getShape();
  if (out[0] != in[0] || out[1] != in[1] || out[2] != 1 || out[3] != 1)
    return emitOpError() << "result shape should be " << in[0] << "x" << in[1]
                         << "x1x1 (one value per channel plane)";
  return success();
}

//===----------------------------------------------------------------------===//
// Normalization and activations
//===----------------------------------------------------------------------===//

void LRNOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "lrn");
}

LogicalResult LRNOp::verify() {
  if (getSize() % 2 == 0)
    return emitOpError() << "size " << getSize()
                         << " must be odd so the channel window is centred";
  if (getAlpha().convertToFloat() < 0)
    return emitOpError() << "alpha must be non-negative";
  if (getBias().convertToFloat() <= 0)
    return emitOpError() << "bias must be positive (it keeps the divisor "
                            "away from zero)";
  return success();
}

void BatchNormOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "bn");
}

LogicalResult BatchNormOp::verify() {
  int64_t C = getInput().getType().getDimSize(1);
  int64_t size = getScale().getType().getDimSize(0);
  if (size != C)
    return emitOpError() << "parameters have " << size
                         << " elements but the input has C = " << C
                         << " channels";
  return verifySameElementType(*this, getInput(), {getScale()}, "input");
}

void ReLUOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "relu");
}

void ClipOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "clip");
}

LogicalResult ClipOp::verify() {
  if (getMin().convertToFloat() > getMax().convertToFloat())
    return emitOpError() << "min " << getMin().convertToFloat()
                         << " is greater than max "
                         << getMax().convertToFloat();
  return success();
}

void SigmoidOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "sigmoid");
}

void HardSigmoidOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "hsigmoid");
}

void MatMulOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "matmul");
}

LogicalResult MatMulOp::verify() {
  if (failed(verifySameElementType(*this, getResult(), {getLhs(), getRhs()},
                                   "result")))
    return failure();
  ArrayRef<int64_t> lhs = getLhs().getType().getShape();
  ArrayRef<int64_t> rhs = getRhs().getType().getShape();
  if (lhs.size() < 2 || rhs.size() < 2)
    return emitOpError() << "operands must have rank 2 or more, not "
                         << lhs.size() << " and " << rhs.size();
  if (lhs.back() != rhs[rhs.size() - 2])
    return emitOpError() << "lhs " << formatShape(lhs) << " has K = "
                         << lhs.back() << " columns but rhs "
                         << formatShape(rhs) << " has "
                         << rhs[rhs.size() - 2] << " rows";
  SmallVector<int64_t> batch;
  if (!OpTrait::util::getBroadcastedShape(lhs.drop_back(2), rhs.drop_back(2),
                                          batch))
    return emitOpError() << "batch dimensions "
                         << formatShape(lhs.drop_back(2)) << " and "
                         << formatShape(rhs.drop_back(2))
                         << " do not broadcast";
  batch.push_back(lhs[lhs.size() - 2]);
  batch.push_back(rhs.back());
  ArrayRef<int64_t> result = getResult().getType().getShape();
  if (ArrayRef<int64_t>(batch) != result)
    return emitOpError() << "result shape " << formatShape(result)
                         << " is not " << formatShape(batch);
  return success();
}

void ErfOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "erf");
}

void LayerNormOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "ln");
}

LogicalResult LayerNormOp::verify() {
  ArrayRef<int64_t> shape = getInput().getType().getShape();
  int64_t axis = static_cast<int64_t>(getAxis());
  if (axis >= static_cast<int64_t>(shape.size()))
    return emitOpError() << "axis " << axis << " is out of range for rank "
                         << shape.size();
  ArrayRef<int64_t> normalized = shape.drop_front(axis);
  ArrayRef<int64_t> params = getScale().getType().getShape();
  if (params != normalized)
    return emitOpError() << "scale and bias have shape " << formatShape(params)
                         << " but the normalized dimensions (" << axis
                         << " to the last) of the input are "
                         << formatShape(normalized);
  return verifySameElementType(*this, getInput(), {getScale()}, "input");
}

void SoftmaxOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "prob");
}

LogicalResult SoftmaxOp::verify() {
  int64_t rank = getInput().getType().getRank();
  if (static_cast<int64_t>(getAxis()) >= rank)
    return emitOpError() << "axis " << getAxis() << " is out of range for rank "
                         << rank;
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise and data movement
//===----------------------------------------------------------------------===//

void AddOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "sum");
}

void MulOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "prod");
}

/// The numpy broadcast of the operands must be the result's shape, with one
/// element type throughout (eyeriss.add, mul and binary of two operands,
/// eyeriss.select of three).
static LogicalResult verifyBroadcastOperands(Operation *op, ValueRange operands,
                                             Value result) {
  if (failed(verifySameElementType(op, result, operands, "result")))
    return failure();
  SmallVector<int64_t> shape;
  bool broadcasts = true;
  for (Value operand : operands) {
    ArrayRef<int64_t> next = cast<ShapedType>(operand.getType()).getShape();
    SmallVector<int64_t> joined;
    broadcasts =
        broadcasts && OpTrait::util::getBroadcastedShape(shape, next, joined);
    shape = std::move(joined);
  }
  if (!broadcasts) {
    InFlightDiagnostic diag = op->emitOpError() << "operand shapes ";
    for (auto [i, operand] : llvm::enumerate(operands))
      diag << (i == 0                     ? ""
               : i + 1 == operands.size() ? " and "
                                          : ", ")
           << formatShape(cast<ShapedType>(operand.getType()).getShape());
    return diag << " do not broadcast (aligned at the last dimension, each "
                << (operands.size() == 2 ? "pair " : "")
                << "must be equal or 1)";
  }
  ArrayRef<int64_t> resultShape =
      cast<ShapedType>(result.getType()).getShape();
  if (ArrayRef<int64_t>(shape) != resultShape)
    return op->emitOpError() << "result shape " << formatShape(resultShape)
                             << " is not the broadcast shape "
                             << formatShape(shape);
  return success();
}

LogicalResult AddOp::verify() {
  return verifyBroadcastOperands(*this, getOperands(), getResult());
}

LogicalResult MulOp::verify() {
  return verifyBroadcastOperands(*this, getOperands(), getResult());
}

void UnaryOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), stringifyUnaryFn(getFn()));
}

OpFoldResult UnaryOp::fold(FoldAdaptor) {
  UnaryFn fn = getFn();
  bool idempotent = fn == UnaryFn::Abs || fn == UnaryFn::Floor ||
                    fn == UnaryFn::Ceil || fn == UnaryFn::Round ||
                    fn == UnaryFn::Sign || fn == UnaryFn::RoundToF16 ||
                    fn == UnaryFn::RoundToBF16 || fn == UnaryFn::NonZero ||
                    fn == UnaryFn::Trunc;
  auto inner = getInput().getDefiningOp<UnaryOp>();
  if (idempotent && inner && inner.getFn() == fn &&
      inner.getType() == getType())
    return getInput();
  return {};
}

LogicalResult UnaryOp::verify() {
  float alpha = getAlpha().convertToFloat(), beta = getBeta().convertToFloat();
  if (!std::isfinite(alpha) || !std::isfinite(beta))
    return emitOpError() << "alpha " << alpha << " and beta " << beta
                         << " must be finite";
  UnaryFn fn = getFn();
  if (fn == UnaryFn::FakeQuantU8 || fn == UnaryFn::FakeQuantI8) {
    int lo = fn == UnaryFn::FakeQuantU8 ? 0 : -128;
    int hi = fn == UnaryFn::FakeQuantU8 ? 255 : 127;
    if (!(alpha > 0.0f))
      return emitOpError() << stringifyUnaryFn(fn) << " scale (alpha) " << alpha
                           << " must be positive";
    if (beta != std::trunc(beta) || beta < float(lo) || beta > float(hi))
      return emitOpError() << stringifyUnaryFn(fn) << " zero point (beta) "
                           << beta << " must be an integer in [" << lo << ", "
                           << hi << "]";
    return success();
  }
  if (fn == UnaryFn::IsInf) {
    if ((alpha != 0.0f && alpha != 1.0f) || (beta != 0.0f && beta != 1.0f))
      return emitOpError() << "isinf's alpha (detect -inf) " << alpha
                           << " and beta (detect +inf) " << beta
                           << " must be 0 or 1";
    return success();
  }
  bool usesAlpha = fn == UnaryFn::LeakyRelu || fn == UnaryFn::Elu ||
                   fn == UnaryFn::Selu || fn == UnaryFn::Celu ||
                   fn == UnaryFn::ThresholdedRelu;
  if (!usesAlpha && alpha != 0.0f)
    return emitOpError() << stringifyUnaryFn(fn)
                         << " takes no alpha; it must be 0";
  if (fn != UnaryFn::Selu && beta != 0.0f)
    return emitOpError() << stringifyUnaryFn(fn)
                         << " takes no beta; it must be 0";
  if (fn == UnaryFn::Celu && alpha == 0.0f)
    return emitOpError() << "celu divides by alpha, which must not be 0";
  return success();
}

void ReduceOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "reduced");
}

LogicalResult ReduceOp::verify() {
  if (failed(verifySameElementType(*this, getInput(), {getResult()}, "input")))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> axes = getAxes();
  if (axes.empty())
    return emitOpError() << "reduces no axis";
  for (auto [i, axis] : llvm::enumerate(axes))
    if (axis < 0 || axis >= int64_t(in.size()) || (i && axis <= axes[i - 1]))
      return emitOpError() << "axes " << llvm::interleaved_array(axes)
                           << " must increase within the input's rank "
                           << in.size();
  // An index is taken along one axis, and held exactly in f32.
  ReduceFn fn = getFn();
  if (fn == ReduceFn::ArgMax || fn == ReduceFn::ArgMin ||
      fn == ReduceFn::ArgMaxLast || fn == ReduceFn::ArgMinLast) {
    if (axes.size() != 1)
      return emitOpError() << stringifyReduceFn(fn) << " takes one axis, got "
                           << llvm::interleaved_array(axes);
    if (in[axes[0]] > (int64_t(1) << 24))
      return emitOpError() << stringifyReduceFn(fn) << " over an axis of "
                           << in[axes[0]]
                           << " elements; f32 holds indices below 2^24 "
                              "exactly";
  }
  SmallVector<int64_t> expected;
  for (auto [d, extent] : llvm::enumerate(in)) {
    if (!llvm::is_contained(axes, int64_t(d)))
      expected.push_back(extent);
    else if (getKeepdims())
      expected.push_back(1);
  }
  if (getResult().getType().getShape() != ArrayRef<int64_t>(expected))
    return emitOpError() << "result shape "
                         << formatShape(getResult().getType().getShape())
                         << " should be " << formatShape(expected);
  return success();
}

void BinaryOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), stringifyBinaryFn(getFn()));
}

bool BinaryOp::isArithmetic(BinaryFn fn) {
  return llvm::is_contained({BinaryFn::Sub, BinaryFn::Div, BinaryFn::Pow,
                             BinaryFn::Max, BinaryFn::Min, BinaryFn::Add,
                             BinaryFn::Mul, BinaryFn::Mod, BinaryFn::FMod},
                            fn);
}

LogicalResult BinaryOp::verify() {
  BinaryFn fn = getFn();
  if (std::optional<Type> type = getIntegers()) {
    std::optional<HostFormat> format = EyerissDialect::getHostFormat(*type);
    if (!format || !isIntegerFormat(*format) || *format == HostFormat::Bool)
      return emitOpError() << "integer type " << *type
                           << " is not one of i64, i32, ui8, i8, ui16, i16, "
                              "ui32, ui64";
  }
  if (getIntegers() && !isArithmetic(fn))
    return emitOpError() << "'" << stringifyBinaryFn(fn)
                         << "' is not integer arithmetic (add, sub, mul, div, "
                            "pow, max, min, mod, fmod are)";
  if (!getIntegers() && (fn == BinaryFn::Add || fn == BinaryFn::Mul))
    return emitOpError() << "'" << stringifyBinaryFn(fn)
                         << "' needs 'integers' (float sums and products are "
                            "eyeriss.add and eyeriss.mul)";
  return verifyBroadcastOperands(*this, getOperands(), getResult());
}

void InsertZerosOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "zero_inserted");
}

LogicalResult InsertZerosOp::verify() {
  if (failed(verifySameElementType(*this, getInput(), {getResult()}, "input")))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> out = getResult().getType().getShape();
  ArrayRef<int64_t> factors = getFactors();
  SmallVector<int64_t> expected = {in[0], in[1],
                                   (in[2] - 1) * factors[0] + 1,
                                   (in[3] - 1) * factors[1] + 1};
  if (out != ArrayRef<int64_t>(expected))
    return emitOpError() << "result shape " << formatShape(out)
                         << " should be " << formatShape(expected)
                         << " (the input " << formatShape(in)
                         << " with factors " << factors[0] << " x "
                         << factors[1] << ")";
  return success();
}

void PadOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "pad");
}

LogicalResult PadOp::verify() {
  if (failed(verifySameElementType(*this, getInput(), {getResult()}, "input")))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> out = getResult().getType().getShape();
  ArrayRef<int64_t> pads = getPads();
  SmallVector<int64_t> expected = {in[0], in[1], in[2] + pads[0] + pads[2],
                                   in[3] + pads[1] + pads[3]};
  if (out != ArrayRef<int64_t>(expected))
    return emitOpError() << "result shape " << formatShape(out)
                         << " should be " << formatShape(expected)
                         << " (the input " << formatShape(in)
                         << " with pads [top, left, bottom, right] = ["
                         << pads[0] << ", " << pads[1] << ", " << pads[2]
                         << ", " << pads[3] << "])";
  float value = getValue().convertToFloat();
  if (!std::isfinite(value))
    return emitOpError() << "value " << value << " must be finite";
  if (getMode() != PadMode::Constant && value != 0.0f)
    return emitOpError() << stringifyPadMode(getMode())
                         << " padding takes no value; it must be 0";
  // A reflection reaches at most extent - 1 elements past the border; an
  // edge needs an element to repeat.
  if (getMode() == PadMode::Edge)
    for (int d = 0; d < 2; ++d)
      if (in[2 + d] == 0 && (pads[d] || pads[d + 2]))
        return emitOpError()
               << "edge padding of an empty " << (d == 0 ? "H" : "W")
               << " has no element to repeat";
  if (getMode() == PadMode::Reflect)
    for (int d = 0; d < 2; ++d)
      for (int64_t p : {pads[d], pads[d + 2]})
        if (p >= in[2 + d])
          return emitOpError() << "reflect padding of " << p << " on "
                               << (d == 0 ? "H" : "W") << " needs at most "
                               << in[2 + d] - 1 << " (the extent "
                               << in[2 + d] << " less one)";
  return success();
}

OpFoldResult PadOp::fold(FoldAdaptor) {
  if (llvm::all_of(getPads(), [](int64_t p) { return p == 0; }))
    return getInput();
  return {};
}

void ConcatOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "cat");
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError() << "needs at least one input";
  auto resultType = getResult().getType();
  int64_t rank = resultType.getRank();
  int64_t axis = getAxis();
  if (axis >= rank)
    return emitOpError() << "axis " << axis << " is out of range for rank "
                         << rank;
  if (failed(verifySameElementType(*this, getResult(), getInputs(), "result")))
    return failure();
  int64_t total = 0;
  for (auto [i, input] : llvm::enumerate(getInputs())) {
    auto type = cast<RankedTensorType>(input.getType());
    if (type.getRank() != rank)
      return emitOpError() << "input #" << i << " has rank " << type.getRank()
                           << " but the result has rank " << rank;
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis && type.getDimSize(d) != resultType.getDimSize(d))
        return emitOpError() << "input #" << i << " dimension " << d << " is "
                             << type.getDimSize(d) << " but the result's is "
                             << resultType.getDimSize(d)
                             << " (only the axis may differ)";
    total += type.getDimSize(axis);
  }
  if (total != resultType.getDimSize(axis))
    return emitOpError() << "result dimension " << axis << " is "
                         << resultType.getDimSize(axis)
                         << " but the inputs add up to " << total;
  return success();
}

void SliceOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "slice");
}

LogicalResult SliceOp::verify() {
  if (failed(verifySameElementType(*this, getInput(), {getResult()}, "input")))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> out = getResult().getType().getShape();
  int64_t axis = getAxis();
  if (axis >= static_cast<int64_t>(in.size()))
    return emitOpError() << "axis " << axis << " is out of range for rank "
                         << in.size();
  if (out.size() != in.size())
    return emitOpError() << "result has rank " << out.size()
                         << " but the input has rank " << in.size();
  for (auto [d, pair] : llvm::enumerate(llvm::zip(in, out)))
    if (static_cast<int64_t>(d) != axis && std::get<0>(pair) != std::get<1>(pair))
      return emitOpError() << "result shape " << formatShape(out)
                           << " differs from the input's "
                           << formatShape(in) << " in dimension " << d
                           << ", which is not the axis";
  int64_t count = out[axis];
  if (count < 1)
    return emitOpError() << "result keeps no element of axis " << axis;
  if (getStart() >= in[axis])
    return emitOpError() << "start " << getStart()
                         << " is past the input's extent " << in[axis]
                         << " on axis " << axis;
  // The last index kept, start + (count - 1) * step, must stay inside the
  // axis; compared by division, which cannot overflow as the product can.
  int64_t room = getStep() > 0 ? in[axis] - 1 - getStart() : getStart();
  if (getStep() == std::numeric_limits<int64_t>::min() ||
      count - 1 > room / std::abs(getStep()))
    return emitOpError() << count << " elements from " << getStart()
                         << " in steps of " << getStep()
                         << " leave the input's range [0, " << in[axis]
                         << ") on axis " << axis;
  return success();
}

OpFoldResult SliceOp::fold(FoldAdaptor) {
  if (getInput().getType() == getResult().getType() && getStart() == 0)
    return getInput();
  return {};
}

void ExpandOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "expanded");
}

LogicalResult ExpandOp::verify() {
  if (failed(verifySameElementType(*this, getInput(), {getResult()}, "input")))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> out = getResult().getType().getShape();
  SmallVector<int64_t> broadcast;
  if (in.size() > out.size() ||
      !OpTrait::util::getBroadcastedShape(in, out, broadcast) ||
      ArrayRef<int64_t>(broadcast) != out)
    return emitOpError() << "the input " << formatShape(in)
                         << " does not broadcast to the result "
                         << formatShape(out);
  return success();
}

OpFoldResult ExpandOp::fold(FoldAdaptor) {
  if (getInput().getType() == getResult().getType())
    return getInput();
  return {};
}

void SelectOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "selected");
}

LogicalResult SelectOp::verify() {
  return verifyBroadcastOperands(*this, getOperands(), getResult());
}

void CumSumOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "cumsum");
}

LogicalResult CumSumOp::verify() {
  int64_t rank = getInput().getType().getRank();
  if (getAxis() >= rank)
    return emitOpError() << "axis " << getAxis()
                         << " is outside the input's rank " << rank;
  return success();
}

void GatherOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "gathered");
}

LogicalResult GatherOp::verify() {
  if (failed(verifySameElementType(*this, getData(), {getResult()}, "data")))
    return failure();
  // Indices are whole numbers the host reads: never fixed-point words.
  if (!getIndices().getType().getElementType().isF32())
    return emitOpError() << "indices must be an f32 tensor (whole numbers), "
                            "got "
                         << getIndices().getType();
  ArrayRef<int64_t> data = getData().getType().getShape();
  int64_t axis = getAxis();
  if (axis >= int64_t(data.size()))
    return emitOpError() << "axis " << axis << " is out of range for rank "
                         << data.size();
  if (data[axis] < 1)
    return emitOpError() << "data has no entry on axis " << axis
                         << " to gather";
  SmallVector<int64_t> expected(data.take_front(axis));
  llvm::append_range(expected, getIndices().getType().getShape());
  llvm::append_range(expected, data.drop_front(axis + 1));
  if (ArrayRef<int64_t>(expected) != getResult().getType().getShape())
    return emitOpError() << "the result's shape must be "
                         << formatShape(expected) << " (data's with axis "
                         << axis << " replaced by the indices' shape), got "
                         << formatShape(getResult().getType().getShape());
  return success();
}

/// Indices are whole numbers the host reads: never fixed-point words.
static LogicalResult verifyF32Indices(Operation *op, Value indices) {
  if (!cast<RankedTensorType>(indices.getType()).getElementType().isF32())
    return op->emitOpError()
           << "indices must be an f32 tensor (whole numbers), got "
           << indices.getType();
  return success();
}

/// GatherElements' and ScatterElements' indices: data's rank, no larger
/// than data but along the axis, which is in range.
static LogicalResult verifyElementIndices(Operation *op, Value data,
                                          Value indices, int64_t axis) {
  if (failed(verifyF32Indices(op, indices)))
    return failure();
  ArrayRef<int64_t> dataShape =
      cast<RankedTensorType>(data.getType()).getShape();
  ArrayRef<int64_t> indexShape =
      cast<RankedTensorType>(indices.getType()).getShape();
  if (axis >= int64_t(dataShape.size()))
    return op->emitOpError() << "axis " << axis << " is out of range for rank "
                             << dataShape.size();
  if (indexShape.size() != dataShape.size())
    return op->emitOpError()
           << "the indices have rank " << indexShape.size()
           << ", the data rank " << dataShape.size() << "; they must agree";
  for (size_t d = 0; d < dataShape.size(); ++d)
    if (int64_t(d) != axis && indexShape[d] > dataShape[d])
      return op->emitOpError()
             << "the indices (" << formatShape(indexShape)
             << ") are larger than the data (" << formatShape(dataShape)
             << ") in dimension " << d;
  if (dataShape[axis] < 1)
    return op->emitOpError() << "data has no entry on axis " << axis;
  return success();
}

void GatherElementsOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "gathered");
}

LogicalResult GatherElementsOp::verify() {
  if (failed(verifySameElementType(*this, getData(), {getResult()}, "data")) ||
      failed(verifyElementIndices(*this, getData(), getIndices(), getAxis())))
    return failure();
  if (getResult().getType().getShape() != getIndices().getType().getShape())
    return emitOpError() << "the result must be shaped as the indices ("
                         << formatShape(getIndices().getType().getShape())
                         << "), got "
                         << formatShape(getResult().getType().getShape());
  return success();
}

void ScatterElementsOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "scattered");
}

LogicalResult ScatterElementsOp::verify() {
  if (failed(verifySameElementType(*this, getData(),
                                   {getUpdates(), getResult()}, "data")) ||
      failed(verifyElementIndices(*this, getData(), getIndices(), getAxis())))
    return failure();
  if (getUpdates().getType().getShape() != getIndices().getType().getShape())
    return emitOpError() << "the updates ("
                         << formatShape(getUpdates().getType().getShape())
                         << ") must be shaped as the indices ("
                         << formatShape(getIndices().getType().getShape())
                         << ")";
  if (getResult().getType() != getData().getType())
    return emitOpError() << "the result must have the data's type "
                         << getData().getType() << ", got "
                         << getResult().getType();
  return success();
}

void GatherNDOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "gathered");
}

LogicalResult GatherNDOp::verify() {
  if (failed(verifySameElementType(*this, getData(), {getResult()}, "data")) ||
      failed(verifyF32Indices(*this, getIndices())))
    return failure();
  ArrayRef<int64_t> data = getData().getType().getShape();
  ArrayRef<int64_t> indices = getIndices().getType().getShape();
  int64_t b = getBatchDims();
  if (b >= int64_t(data.size()) || b >= int64_t(indices.size()))
    return emitOpError() << "batch_dims " << b
                         << " must be less than the ranks of the data ("
                         << data.size() << ") and the indices ("
                         << indices.size() << ")";
  int64_t k = indices.back();
  if (k < 1 || k > int64_t(data.size()) - b)
    return emitOpError() << "the indices' last dimension is " << k
                         << "; it must be 1 to " << int64_t(data.size()) - b
                         << " (the data's rank less batch_dims)";
  if (data.take_front(b) != indices.take_front(b))
    return emitOpError() << "the first " << b
                         << " (batch) dimensions of the data ("
                         << formatShape(data) << ") and the indices ("
                         << formatShape(indices) << ") must agree";
  SmallVector<int64_t> expected(indices.drop_back());
  llvm::append_range(expected, data.drop_front(b + k));
  if (ArrayRef<int64_t>(expected) != getResult().getType().getShape())
    return emitOpError() << "the result's shape must be "
                         << formatShape(expected) << ", got "
                         << formatShape(getResult().getType().getShape());
  return success();
}

void ScatterNDOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "scattered");
}

LogicalResult ScatterNDOp::verify() {
  if (failed(verifySameElementType(*this, getData(),
                                   {getUpdates(), getResult()}, "data")) ||
      failed(verifyF32Indices(*this, getIndices())))
    return failure();
  ArrayRef<int64_t> data = getData().getType().getShape();
  ArrayRef<int64_t> indices = getIndices().getType().getShape();
  int64_t k = indices.empty() ? 0 : indices.back();
  if (k < 1 || k > int64_t(data.size()))
    return emitOpError() << "the indices' last dimension is " << k
                         << "; it must be 1 to " << data.size()
                         << " (the data's rank)";
  SmallVector<int64_t> updates(indices.drop_back());
  llvm::append_range(updates, data.drop_front(k));
  if (ArrayRef<int64_t>(updates) != getUpdates().getType().getShape())
    return emitOpError() << "the updates ("
                         << formatShape(getUpdates().getType().getShape())
                         << ") must be shaped " << formatShape(updates)
                         << " (the indices' rows by the data's slices)";
  if (getResult().getType() != getData().getType())
    return emitOpError() << "the result must have the data's type "
                         << getData().getType() << ", got "
                         << getResult().getType();
  return success();
}

void GridSampleOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "sampled");
}

LogicalResult GridSampleOp::verify() {
  if (failed(verifySameElementType(*this, getInput(), {getGrid(), getResult()},
                                   "input")))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> grid = getGrid().getType().getShape();
  if (in.size() != 4)
    return emitOpError() << "the input must be N x C x H x W, got "
                         << formatShape(in);
  if (grid.size() != 4 || grid[0] != in[0] || grid[3] != 2)
    return emitOpError() << "the grid must be " << in[0]
                         << " x Ho x Wo x 2, got " << formatShape(grid);
  SmallVector<int64_t> expected = {in[0], in[1], grid[1], grid[2]};
  if (ArrayRef<int64_t>(expected) != getResult().getType().getShape())
    return emitOpError() << "the result's shape must be "
                         << formatShape(expected) << ", got "
                         << formatShape(getResult().getType().getShape());
  return success();
}

void TopKOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), getIndices() ? "topk_indices" : "topk");
}

LogicalResult TopKOp::verify() {
  if (failed(verifySameElementType(*this, getInput(), {getResult()}, "input")))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> out = getResult().getType().getShape();
  int64_t axis = getAxis();
  if (axis >= int64_t(in.size()))
    return emitOpError() << "axis " << axis << " is out of range for rank "
                         << in.size();
  bool sameElsewhere = out.size() == in.size();
  for (size_t d = 0; sameElsewhere && d < in.size(); ++d)
    sameElsewhere = int64_t(d) == axis || in[d] == out[d];
  if (!sameElsewhere)
    return emitOpError() << "the result (" << formatShape(out)
                         << ") must be shaped as the input (" << formatShape(in)
                         << ") but along axis " << axis;
  if (out[axis] < 1 || out[axis] > in[axis])
    return emitOpError() << "K (the result's extent along axis " << axis
                         << ") is " << out[axis] << "; it must be 1 to "
                         << in[axis];
  return success();
}

void TransposeOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "transposed");
}

LogicalResult TransposeOp::verify() {
  if (failed(verifySameElementType(*this, getInput(), {getResult()}, "input")))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> perm = getPerm();
  if (perm.size() != in.size())
    return emitOpError() << "perm has " << perm.size()
                         << " entries but the input has rank " << in.size();
  SmallVector<bool> seen(in.size(), false);
  SmallVector<int64_t> expected;
  for (int64_t p : perm) {
    if (p < 0 || p >= static_cast<int64_t>(in.size()) || seen[p])
      return emitOpError() << "perm " << llvm::interleaved_array(perm)
                           << " is not a permutation of 0.." << in.size() - 1;
    seen[p] = true;
    expected.push_back(in[p]);
  }
  if (ArrayRef<int64_t>(expected) != getResult().getType().getShape())
    return emitOpError() << "result shape "
                         << formatShape(getResult().getType().getShape())
                         << " should be " << formatShape(expected)
                         << " (the input " << formatShape(in)
                         << " permuted by perm)";
  return success();
}

namespace {
/// add(move(a), move(b)) -> move(add(a, b)), where `move` is the same
/// transpose or a reshape from the same shape on both sides, each used only
/// by the add: elementwise addition commutes with moving elements.
template <typename MoveOp>
struct AddAboveMoves : public OpRewritePattern<AddOp> {
  using OpRewritePattern<AddOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(AddOp op,
                                PatternRewriter &rewriter) const override {
    auto lhs = op.getLhs().getDefiningOp<MoveOp>();
    auto rhs = op.getRhs().getDefiningOp<MoveOp>();
    if (!lhs || !rhs || lhs == rhs || !lhs->hasOneUse() || !rhs->hasOneUse() ||
        lhs.getInput().getType() != rhs.getInput().getType() ||
        lhs.getType() != op.getType() || rhs.getType() != op.getType())
      return rewriter.notifyMatchFailure(op, "operands not moved alike");
    if constexpr (std::is_same_v<MoveOp, TransposeOp>)
      if (lhs.getPerm() != rhs.getPerm())
        return rewriter.notifyMatchFailure(op, "different permutations");
    auto sum =
        AddOp::create(rewriter, op.getLoc(), lhs.getInput().getType(),
                      lhs.getInput(), rhs.getInput(), op.getActivationAttr());
    // The same move, after the sum; both old moves are then dead.
    Operation *moved = rewriter.clone(*lhs);
    rewriter.modifyOpInPlace(moved, [&] { moved->setOperand(0, sum); });
    rewriter.replaceOp(op, moved->getResults());
    rewriter.eraseOp(lhs);
    rewriter.eraseOp(rhs);
    return success();
  }
};
} // namespace

void AddOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                        MLIRContext *context) {
  results.add<AddAboveMoves<TransposeOp>, AddAboveMoves<ReshapeOp>>(context);
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  // transpose(transpose(x, inner), perm): result dimension i is x's
  // dimension inner[perm[i]].
  bool changed = false;
  if (auto inner = getInput().getDefiningOp<TransposeOp>()) {
    SmallVector<int64_t> composed;
    for (int64_t p : getPerm())
      composed.push_back(inner.getPerm()[p]);
    getInputMutable().assign(inner.getInput());
    setPerm(composed);
    changed = true;
  }
  if (getInput().getType() == getResult().getType() &&
      llvm::equal(getPerm(), llvm::seq<int64_t>(0, getPerm().size())))
    return getInput();
  // Updated in place, or not folded.
  return changed ? getResult() : OpFoldResult();
}

void ResizeOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "resized");
}

double ResizeOp::getScale(unsigned dim) {
  if (std::optional<ArrayRef<float>> scales = getScales())
    return (*scales)[dim];
  return double(getResult().getType().getDimSize(dim)) /
         double(getInput().getType().getDimSize(dim));
}

LogicalResult ResizeOp::verify() {
  if (failed(verifySameElementType(*this, getInput(), {getResult()}, "input")))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> out = getResult().getType().getShape();
  if (out.size() != in.size())
    return emitOpError() << "result has rank " << out.size()
                         << " but the input has rank " << in.size();
  for (auto [name, value] :
       {std::pair<const char *, float>{"cubic_coeff_a",
                                       getCubicCoeffA().convertToFloat()},
        {"extrapolation_value", getExtrapolationValue().convertToFloat()}})
    if (!std::isfinite(value))
      return emitOpError() << name << " must be finite, got " << value;
  bool crop = getCoordinates() == ResizeCoordinates::TFCropAndResize;
  std::optional<ArrayRef<float>> roi = getRoi();
  if (crop != roi.has_value())
    return emitOpError() << (crop ? "tf_crop_and_resize needs a roi"
                                  : "a roi is only read by "
                                    "tf_crop_and_resize");
  if (roi) {
    if (roi->size() != 2 * in.size())
      return emitOpError() << "roi has " << roi->size()
                           << " values; a rank-" << in.size()
                           << " input needs " << 2 * in.size()
                           << " (every start, then every end)";
    if (!llvm::all_of(*roi, [](float v) { return std::isfinite(v); }))
      return emitOpError() << "roi " << llvm::interleaved_array(*roi)
                           << " is not finite";
  }
  std::optional<ArrayRef<float>> scales = getScales();
  if (!scales)
    return success();
  if (scales->size() != in.size())
    return emitOpError() << "scales has " << scales->size()
                         << " values but the input has rank " << in.size();
  for (auto [d, scale] : llvm::enumerate(*scales)) {
    if (!(scale > 0.0f) || !std::isfinite(scale))
      return emitOpError() << "scale " << scale << " of dimension " << d
                           << " must be positive and finite";
    // ONNX's shape inference computes the extent in float.
    if (!roi &&
        out[d] != static_cast<int64_t>(std::floor(float(in[d]) * scale)))
      return emitOpError() << "result extent " << out[d] << " of dimension "
                           << d << " should be floor(" << in[d] << " * "
                           << scale << ") = "
                           << static_cast<int64_t>(
                                  std::floor(float(in[d]) * scale));
  }
  return success();
}

void ChannelShuffleOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "shuffled");
}

LogicalResult ChannelShuffleOp::verify() {
  int64_t channels = getInput().getType().getDimSize(1);
  if (channels % static_cast<int64_t>(getGroups()))
    return emitOpError() << "groups " << getGroups()
                         << " does not divide the " << channels
                         << " channels";
  return success();
}

OpFoldResult ChannelShuffleOp::fold(FoldAdaptor) {
  // One group, or groups of one channel: every channel stays in place.
  int64_t groups = static_cast<int64_t>(getGroups());
  if (groups == 1 || groups == getInput().getType().getDimSize(1))
    return getInput();
  return {};
}

void ReshapeOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "reshape");
}

OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  // Reshapes keep the row-major order, so only the last one's shape counts.
  bool changed = false;
  if (auto inner = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(inner.getInput());
    changed = true;
  }
  if (getInput().getType() == getResult().getType())
    return getInput();
  // Updated in place, or not folded.
  return changed ? getResult() : OpFoldResult();
}

LogicalResult ReshapeOp::verify() {
  auto inType = getInput().getType();
  auto outType = getResult().getType();
  if (failed(verifySameElementType(*this, getInput(), {getResult()}, "input")))
    return failure();
  if (inType.getNumElements() != outType.getNumElements())
    return emitOpError() << "result has " << outType.getNumElements()
                         << " elements but the input has "
                         << inType.getNumElements();
  return success();
}

void FlattenOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "flat");
}

LogicalResult FlattenOp::verify() {
  auto inType = getInput().getType();
  ArrayRef<int64_t> in = inType.getShape();
  int64_t axis = getAxis();
  if (axis > inType.getRank())
    return emitOpError() << "axis " << axis << " is out of range for rank "
                         << inType.getRank();
  if (failed(verifySameElementType(*this, getInput(), {getResult()}, "input")))
    return failure();
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < inType.getRank(); ++d)
    (d < axis ? outer : inner) *= in[d];
  ArrayRef<int64_t> out = getResult().getType().getShape();
  if (out[0] != outer || out[1] != inner)
    return emitOpError() << "result shape " << out[0] << "x" << out[1]
                         << " should be " << outer << "x" << inner
                         << " for axis " << axis;
  return success();
}

//===----------------------------------------------------------------------===//
// Layer names
//===----------------------------------------------------------------------===//

std::string eyeriss::getLayerName(Operation *op) {
  std::string name;
  op->getLoc()->walk([&](Location loc) {
    if (auto nameLoc = dyn_cast<NameLoc>(loc)) {
      name = nameLoc.getName().str();
      return WalkResult::interrupt();
    }
    if (auto fileLoc = dyn_cast<FileLineColLoc>(loc)) {
      if (name.empty())
        name = (fileLoc.getFilename().strref() + ":" +
                llvm::Twine(fileLoc.getLine()) + ":" +
                llvm::Twine(fileLoc.getColumn()))
                   .str();
    }
    return WalkResult::advance();
  });
  return name.empty() ? op->getName().getStringRef().str() : name;
}
