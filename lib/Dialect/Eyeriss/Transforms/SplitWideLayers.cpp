//===- SplitWideLayers.cpp - CONV layers wider than EYB's records ---------===//
//
// EYB's layer records hold spatial extents up to eyb::kMaxSpatial and
// batches up to eyb::kMaxBatch. A layer whose input or output is larger
// along a spatial dimension (a 1-D convolution over a second of raw audio)
// is split into strips of its output along that dimension, each a CONV
// layer on the part of the input it reads; one with a larger batch (an FC
// layer over the pixels of a large image) into groups of images or rows.
// The host joins the parts.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/InputWindow.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"
#include "eyeriss/ISA/Format.h"

#include "mlir/IR/Builders.h"

namespace eyeriss {
#define GEN_PASS_DEF_EYERISSSPLITWIDELAYERS
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;

namespace {

/// The input a strip of output positions [o0, o0 + n) reads along one
/// dimension: output position o reads padded input position
/// o * stride + k * dilation, k < kernel.
InputWindow stripWindow(int64_t o0, int64_t n, int64_t kernel, int64_t stride,
                        int64_t dilation, int64_t padBefore, int64_t in) {
  return clipInputWindow(o0 * stride - padBefore,
                         (n - 1) * stride + (kernel - 1) * dilation + 1, in);
}

/// Whether `conv`'s extent along `dim` (2 rows, 3 columns) exceeds a layer
/// record's.
bool tooLarge(Conv2DOp conv, int dim) {
  return conv.getInput().getType().getDimSize(dim) > eyb::kMaxSpatial ||
         conv.getType().getDimSize(dim) > eyb::kMaxSpatial;
}

/// Splits `conv` into strips along `dim`; false if no strip fits (a filter
/// whose dilated span alone exceeds the limit, which the mapper refuses).
bool splitIntoStrips(Conv2DOp conv, int dim) {
  const int spatial = dim - 2;
  const int64_t kernel = conv.getFilter().getType().getDimSize(dim);
  const int64_t stride = conv.getStrides()[spatial];
  const int64_t dilation = conv.getDilations()[spatial];
  ArrayRef<int64_t> pads = conv.getPads();
  const int64_t padBefore = pads[spatial];
  const int64_t in = conv.getInput().getType().getDimSize(dim);
  const int64_t out = conv.getType().getDimSize(dim);
  // The most output positions whose input span fits: (n - 1) * stride +
  // (kernel - 1) * dilation + 1 <= limit, and n <= limit itself.
  const int64_t reach = (kernel - 1) * dilation + 1;
  if (reach > eyb::kMaxSpatial)
    return false;
  const int64_t most = std::min<int64_t>(
      (eyb::kMaxSpatial - reach) / stride + 1, eyb::kMaxSpatial);
  const int64_t strips = (out + most - 1) / most;
  const int64_t size = (out + strips - 1) / strips;

  OpBuilder b(conv);
  std::string name = getLayerName(conv);
  Location childLoc = conv.getLoc();
  auto inputType = conv.getInput().getType();
  auto resultType = conv.getType();
  SmallVector<Value> parts;
  for (int64_t o0 = 0, index = 0; o0 < out; o0 += size, ++index) {
    const int64_t n = std::min(size, out - o0);
    InputWindow w = stripWindow(o0, n, kernel, stride, dilation, padBefore, in);
    Location loc =
        NameLoc::get(b.getStringAttr(name + (dim == 2 ? ".h" : ".w") +
                                     std::to_string(index)),
                     childLoc);
    SmallVector<int64_t> sliceShape(inputType.getShape());
    sliceShape[dim] = w.end - w.begin;
    Value input =
        SliceOp::create(
            b, loc,
            RankedTensorType::get(sliceShape, inputType.getElementType()),
            conv.getInput(), b.getI64IntegerAttr(dim),
            b.getI64IntegerAttr(w.begin), b.getI64IntegerAttr(1))
            .getResult();
    SmallVector<int64_t> stripPads(pads);
    stripPads[spatial] = w.padBegin;
    stripPads[spatial + 2] = w.padEnd;
    SmallVector<int64_t> stripShape(resultType.getShape());
    stripShape[dim] = n;
    parts.push_back(Conv2DOp::create(
        b, loc, RankedTensorType::get(stripShape, resultType.getElementType()),
        input, conv.getFilter(), conv.getBias(), conv.getStridesAttr(),
        b.getDenseI64ArrayAttr(stripPads), conv.getDilationsAttr(),
        conv.getGroupsAttr(), conv.getActivationAttr(), /*mapping=*/nullptr,
        /*quant=*/nullptr));
  }
  Value joined = ConcatOp::create(b, conv.getLoc(), resultType, parts,
                                  b.getI64IntegerAttr(dim));
  conv.getResult().replaceAllUsesWith(joined);
  conv.erase();
  return true;
}

/// Splits `layer`'s batch (dimension 0 of its input and result) into equal
/// groups of at most eyb::kMaxBatch: an FC layer over the pixels of a
/// large image (a channels-last linear layer has one row per pixel).
template <typename LayerOp>
void splitBatch(
    LayerOp layer,
    function_ref<Value(OpBuilder &, Location, Type, Value)> createPart) {
  auto inputType = cast<RankedTensorType>(layer.getInput().getType());
  auto resultType = cast<RankedTensorType>(layer.getType());
  const int64_t batch = inputType.getDimSize(0);
  const int64_t groups = (batch + eyb::kMaxBatch - 1) / eyb::kMaxBatch;
  const int64_t size = (batch + groups - 1) / groups;
  OpBuilder b(layer);
  std::string name = getLayerName(layer);
  SmallVector<Value> parts;
  for (int64_t n0 = 0, index = 0; n0 < batch; n0 += size, ++index) {
    const int64_t n = std::min(size, batch - n0);
    Location loc = NameLoc::get(
        b.getStringAttr(name + ".n" + std::to_string(index)), layer.getLoc());
    SmallVector<int64_t> inShape(inputType.getShape()),
        outShape(resultType.getShape());
    inShape[0] = outShape[0] = n;
    Value input =
        SliceOp::create(
            b, loc, RankedTensorType::get(inShape, inputType.getElementType()),
            layer.getInput(), b.getI64IntegerAttr(0), b.getI64IntegerAttr(n0),
            b.getI64IntegerAttr(1))
            .getResult();
    parts.push_back(createPart(
        b, loc, RankedTensorType::get(outShape, resultType.getElementType()),
        input));
  }
  Value joined = ConcatOp::create(b, layer.getLoc(), resultType, parts,
                                  b.getI64IntegerAttr(0));
  layer.getResult().replaceAllUsesWith(joined);
  layer.erase();
}

bool batchTooLarge(Value input) {
  return cast<RankedTensorType>(input.getType()).getDimSize(0) > eyb::kMaxBatch;
}

struct SplitWideLayersPass
    : public eyeriss::impl::EyerissSplitWideLayersBase<SplitWideLayersPass> {
  using Base::Base;

  void runOnOperation() override {
    // The batch first, then rows, then columns: each split's parts are
    // split again along the next dimension if they need to be.
    SmallVector<FullyConnectedOp> largeFC;
    SmallVector<Conv2DOp> largeConv;
    getOperation().walk([&](Operation *op) {
      if (auto fc = dyn_cast<FullyConnectedOp>(op);
          fc && !fc.getMapping() && !fc.getQuant() &&
          batchTooLarge(fc.getInput()))
        largeFC.push_back(fc);
      if (auto conv = dyn_cast<Conv2DOp>(op); conv && !conv.getMapping() &&
                                              !conv.getQuant() &&
                                              batchTooLarge(conv.getInput()))
        largeConv.push_back(conv);
    });
    for (FullyConnectedOp fc : largeFC)
      splitBatch(fc, [&](OpBuilder &b, Location loc, Type type, Value input) {
        return FullyConnectedOp::create(b, loc, type, input, fc.getWeight(),
                                        fc.getBias(), fc.getActivationAttr(),
                                        /*mapping=*/nullptr, /*quant=*/nullptr)
            .getResult();
      });
    for (Conv2DOp conv : largeConv)
      splitBatch(conv, [&](OpBuilder &b, Location loc, Type type, Value input) {
        return Conv2DOp::create(b, loc, type, input, conv.getFilter(),
                                conv.getBias(), conv.getStridesAttr(),
                                conv.getPadsAttr(), conv.getDilationsAttr(),
                                conv.getGroupsAttr(), conv.getActivationAttr(),
                                /*mapping=*/nullptr, /*quant=*/nullptr)
            .getResult();
      });
    for (int dim : {2, 3}) {
      SmallVector<Conv2DOp> large;
      getOperation().walk([&](Conv2DOp conv) {
        if (!conv.getMapping() && !conv.getQuant() && tooLarge(conv, dim))
          large.push_back(conv);
      });
      for (Conv2DOp conv : large)
        splitIntoStrips(conv, dim);
    }
  }
};

} // namespace
