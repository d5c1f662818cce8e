//===- HostOps.cpp - The ops the host CPU runs between layers -------------===//

#include "eyeriss/Runtime/HostOps.h"

#include "eyeriss/Reference/Kernels.h"

#include "llvm/Support/FormatVariadic.h"

#include <limits>

using namespace eyeriss;
using namespace eyeriss::runtime;
using reference::Tensor;

namespace {
void applyActivation(Tensor &t, eyb::Activation act) {
  if (act == eyb::Activation::ReLU)
    reference::clampInPlace(t, 0.0f, std::numeric_limits<float>::infinity());
  else if (act == eyb::Activation::ReLU6)
    reference::clampInPlace(t, 0.0f, 6.0f);
}

reference::Pool2DParams poolParams(const eyb::HostOpDesc &op) {
  reference::Pool2DParams p;
  for (int i = 0; i < 2; ++i) {
    p.kernel[i] = op.kernel[i];
    p.strides[i] = op.strides[i];
  }
  for (int i = 0; i < 4; ++i)
    p.pads[i] = op.pads[i];
  p.ceilMode = op.ceilMode;
  return p;
}
/// The gathers and scatters of EYB 1.16 (gather as well), whose indices
/// are checked as they are read.
llvm::Expected<Tensor> runIndexingOp(const eyb::HostOpDesc &op,
                                     llvm::ArrayRef<Tensor> inputs) {
  auto reduction = reference::ScatterReduction(op.size);
  switch (op.kind) {
  case eyb::HostOpKind::Gather:
    return reference::gather(inputs[0], inputs[1], op.axis);
  case eyb::HostOpKind::GatherElements:
    return reference::gatherElements(inputs[0], inputs[1], op.axis);
  case eyb::HostOpKind::GatherND:
    return reference::gatherND(inputs[0], inputs[1], op.axis);
  case eyb::HostOpKind::ScatterElements:
    return reference::scatterElements(inputs[0], inputs[1], inputs[2], op.axis,
                                      reduction);
  case eyb::HostOpKind::ScatterND:
    return reference::scatterND(inputs[0], inputs[1], inputs[2], reduction);
  default:
    llvm_unreachable("not an indexing op");
  }
}
} // namespace

llvm::Expected<Tensor>
eyeriss::runtime::runHostOp(const eyb::HostOpDesc &op,
                            llvm::ArrayRef<Tensor> inputs,
                            llvm::ArrayRef<int64_t> outputShape) {
  using K = eyb::HostOpKind;
  Tensor result;
  switch (op.kind) {
  case K::Convert:
  case K::Expand:
    result = reference::broadcastTo(inputs[0], outputShape);
    break;
  case K::Select:
    result = reference::select(inputs[0], inputs[1], inputs[2]);
    break;
  case K::CumSum:
    // Verified: the axis is inside the input's rank.
    result =
        reference::cumsum(inputs[0], op.axis, op.size & eyb::cumsum::kExclusive,
                          op.size & eyb::cumsum::kReverse);
    break;
  case K::Gather:
  case K::GatherElements:
  case K::ScatterElements:
  case K::GatherND:
  case K::ScatterND: {
    // Verified shapes; the indices are the program's input (token ids) or
    // computed: a bad one is an error, never an access out of bounds.
    llvm::Expected<Tensor> picked = runIndexingOp(op, inputs);
    if (!picked)
      return llvm::createStringError(
          llvm::formatv("{0} '{1}': {2}", eyb::stringifyHostOpKind(op.kind),
                        op.name, llvm::toString(picked.takeError())));
    result = std::move(*picked);
    break;
  }
  case K::GridSample:
    // Verified: a 4-D input, an N x Ho x Wo x 2 grid, a known mode and
    // padding.
    result = reference::gridSample(
        inputs[0], inputs[1],
        reference::GridSampleMode(op.size & eyb::gridsample::kModeMask),
        reference::GridSamplePadding(op.size >> eyb::gridsample::kPaddingShift &
                                     eyb::gridsample::kPaddingMask),
        op.size & eyb::gridsample::kAlignCorners);
    break;
  case K::TopK:
    // Verified: K (the output's extent along the axis) is 1 to the input's.
    result = reference::topK(inputs[0], op.axis, outputShape[op.axis],
                             op.size & eyb::topk::kSmallest,
                             op.size & eyb::topk::kIndices);
    break;
  case K::Reshape:
  case K::Flatten:
    // Row-major order is kept; only the shape (or the storage) changes.
    result = Tensor(outputShape, inputs[0].data);
    break;
  case K::MaxPool:
    result = reference::maxPool2d(inputs[0], poolParams(op));
    break;
  case K::AvgPool:
    result = reference::avgPool2d(inputs[0], poolParams(op),
                                  op.countIncludePad);
    break;
  case K::GlobalAvgPool:
    result = reference::globalAvgPool(inputs[0]);
    break;
  case K::LRN:
    result = reference::localResponseNorm(inputs[0], op.size, op.alpha,
                                          op.beta, op.bias);
    break;
  case K::Softmax: {
    int64_t axis = op.axis < 0 ? op.axis + inputs[0].rank() : op.axis;
    result = reference::softmax(inputs[0], axis);
    break;
  }
  case K::Add:
    result = reference::add(inputs[0], inputs[1]);
    break;
  case K::Concat: {
    int64_t axis = op.axis < 0 ? op.axis + inputs[0].rank() : op.axis;
    result = reference::concat(inputs, axis);
    break;
  }
  case K::Clip:
    result = inputs[0];
    reference::clampInPlace(result, op.min, op.max);
    break;
  case K::ReLU:
    result = inputs[0];
    reference::clampInPlace(result, 0.0f,
                            std::numeric_limits<float>::infinity());
    break;
  case K::BatchNorm:
    result = reference::batchNorm(inputs[0], inputs[1], inputs[2], inputs[3],
                                  inputs[4], op.epsilon);
    break;
  case K::Conv2D: {
    reference::Conv2DParams p;
    for (int i = 0; i < 2; ++i) {
      p.strides[i] = op.strides[i];
      p.dilations[i] = op.dilations[i];
    }
    for (int i = 0; i < 4; ++i)
      p.pads[i] = op.pads[i];
    p.groups = op.groups;
    result = reference::conv2d(inputs[0], inputs[1],
                               inputs.size() > 2 ? &inputs[2] : nullptr, p);
    break;
  }
  case K::Reduce: {
    // Verified: function in range, axes inside the rank.
    static_assert(uint32_t(reference::Reduction::ArgMinLast) ==
                  eyb::reduce::kMaxFunction);
    llvm::SmallVector<int64_t> axes;
    for (int64_t d = 0; d < inputs[0].rank(); ++d)
      if (eyb::reduce::axesMask(op.size) & (1u << d))
        axes.push_back(d);
    result = reference::reduce(inputs[0],
                               reference::Reduction(op.size & 0xff), axes,
                               op.size & eyb::reduce::kKeepDims);
    break;
  }
  case K::InsertZeros:
    result = reference::insertZeros(inputs[0], op.strides[0], op.strides[1]);
    break;
  case K::Pad: {
    int64_t pads[4];
    for (int i = 0; i < 4; ++i)
      pads[i] = op.pads[i];
    // Verified: the mode is in range; its numbering is the kernel's.
    static_assert(uint32_t(reference::PadMode::Edge) == eyb::pad::kMaxMode);
    result = reference::pad2d(inputs[0], pads, reference::PadMode(op.size),
                              op.alpha);
    break;
  }
  case K::Sigmoid:
    result = reference::sigmoid(inputs[0]);
    break;
  case K::HardSigmoid:
    result = reference::hardSigmoid(inputs[0], op.alpha, op.beta);
    break;
  case K::Mul:
    result = reference::mul(inputs[0], inputs[1]);
    break;
  case K::Slice:
    result = reference::slice(inputs[0], op.axis, op.pads[0],
                              op.size & eyb::slice::kDescending
                                  ? -int64_t(op.strides[0])
                                  : int64_t(op.strides[0]),
                              outputShape[op.axis]);
    break;
  case K::ChannelShuffle:
    result = reference::channelShuffle(inputs[0], op.groups);
    break;
  case K::LayerNorm:
    result = reference::layerNorm(inputs[0], inputs[1], inputs[2], op.axis,
                                  op.epsilon);
    break;
  case K::Erf:
    result = reference::erf(inputs[0]);
    break;
  case K::Unary:
    // Verified: the function code is in range; its numbering is the
    // kernel's.
    static_assert(uint32_t(reference::UnaryFunction::IsInf) ==
                  eyb::kMaxUnaryFunction);
    result = reference::unary(inputs[0], reference::UnaryFunction(op.size),
                              op.alpha, op.beta);
    break;
  case K::Binary: {
    // Verified: the function is in range, the integers flag only on
    // arithmetic; the numbering is the kernel's.
    static_assert(uint32_t(reference::BinaryFunction::FMod) ==
                  eyb::kMaxBinaryFunction);
    auto fn = reference::BinaryFunction(eyb::binary::function(op.size));
    uint32_t type = eyb::binary::integerType(op.size);
    if (!type) {
      result = reference::binary(inputs[0], inputs[1], fn);
      break;
    }
    // Integers the program computes: a division by zero or a result float32
    // cannot hold exactly is an error, never a silently wrong number.
    llvm::Expected<Tensor> whole =
        reference::integerBinary(inputs[0], inputs[1], fn, HostFormat(type));
    if (!whole)
      return llvm::createStringError(
          llvm::formatv("{0} '{1}': {2}", eyb::stringifyHostOpKind(op.kind),
                        op.name, llvm::toString(whole.takeError())));
    result = std::move(*whole);
    break;
  }
  case K::MatMul:
    result = reference::matmul(inputs[0], inputs[1]);
    break;
  case K::Transpose: {
    llvm::SmallVector<int64_t> perm;
    for (int64_t i = 0; i < inputs[0].rank(); ++i)
      perm.push_back((op.size >> (4 * i)) & 0xf);
    result = reference::transpose(inputs[0], perm);
    break;
  }
  case K::Resize: {
    // Verified: the modes are in range, input 1 holds the scales if the
    // size field says so, the last input the roi for tf_crop_and_resize.
    namespace rs = eyb::resize;
    static_assert(uint32_t(reference::CoordinateTransform::TFCropAndResize) ==
                      rs::kTFCropAndResize &&
                  uint32_t(reference::Interpolation::Cubic) == rs::kMaxMode &&
                  uint32_t(reference::NearestRounding::Ceil) ==
                      rs::kMaxNearest);
    reference::ResizeParams p;
    p.mode = reference::Interpolation((op.size >> rs::kModeShift) &
                                      rs::kFieldMask);
    p.coordinates = reference::CoordinateTransform(
        (op.size >> rs::kCoordinatesShift) & rs::kFieldMask);
    p.nearest = reference::NearestRounding((op.size >> rs::kNearestShift) &
                                           rs::kFieldMask);
    p.excludeOutside = op.size & rs::kExcludeOutside;
    p.cubicCoeffA = op.alpha;
    p.extrapolationValue = op.beta;
    size_t next = 1;
    if (op.size & rs::kHasScales) {
      const Tensor &scales = inputs[next++];
      p.scales.assign(scales.data.begin(), scales.data.end());
    } else {
      for (size_t d = 0; d < outputShape.size(); ++d)
        p.scales.push_back(double(outputShape[d]) /
                           double(inputs[0].shape[d]));
    }
    if (p.coordinates == reference::CoordinateTransform::TFCropAndResize)
      p.roi.assign(inputs[next].data.begin(), inputs[next].data.end());
    result = reference::resize(inputs[0], outputShape, p);
    break;
  }
  case K::FullyConnected:
    result = reference::fullyConnected(
        inputs[0], inputs[1], inputs.size() > 2 ? &inputs[2] : nullptr);
    break;
  default:
    return llvm::createStringError(
        llvm::formatv("host op '{0}': unknown kind {1}", op.name,
                      unsigned(op.kind))
            .str());
  }
  applyActivation(result, op.activation);
  if (llvm::ArrayRef<int64_t>(result.shape) != outputShape)
    return llvm::createStringError(
        llvm::formatv("host op '{0}': computed {1} elements of a different "
                      "shape than its output tensor's",
                      op.name, result.numElements())
            .str());
  return result;
}
