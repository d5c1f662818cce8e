//===- Kernels.h - Float32 kernels of the reference executor ----*- C++ -*-===//
//
// One function per graph-level layer, on plain tensors (no MLIR), with ONNX
// semantics; docs/ReferenceExecutor.md gives each formula. The executor
// (ReferenceExecutor.h) checks operands against the op's types and relies on
// the op's verifier, so the kernels only assert their preconditions.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_REFERENCE_KERNELS_H
#define EYERISS_REFERENCE_KERNELS_H

#include "eyeriss/Reference/Tensor.h"
#include "eyeriss/Support/HostFormat.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <cstdint>

namespace eyeriss::reference {

/// How CONV, FC and Gemm sum their products: in double, each block of up to
/// 256 products rounded to float once (the golden model), or in float (about
/// twice as fast; calibration uses it, where only value ranges matter).
enum class Accumulation { Double, Float };

/// Window geometry of a 2-D convolution; pads are [top, left, bottom, right].
struct Conv2DParams {
  int64_t strides[2] = {1, 1};
  int64_t pads[4] = {0, 0, 0, 0};
  int64_t dilations[2] = {1, 1};
  int64_t groups = 1;
  Accumulation accumulation = Accumulation::Double;
};

/// NCHW convolution of `input` (N x C x H x W) with `filter`
/// (M x C/groups x R x S), plus `bias` (M elements) when given.
Tensor conv2d(const Tensor &input, const Tensor &filter, const Tensor *bias,
              const Conv2DParams &params);

/// `result[n][m] = bias[m] + sum_k input[n][k] * weight[m][k]`.
Tensor fullyConnected(const Tensor &input, const Tensor &weight,
                      const Tensor *bias,
                      Accumulation accumulation = Accumulation::Double);

struct GemmParams {
  float alpha = 1.0f;
  float beta = 1.0f;
  bool transA = false;
  bool transB = false;
  Accumulation accumulation = Accumulation::Double;
};

/// `alpha * op(a) * op(b) + beta * c`, with `c` (rank 0, 1 or 2)
/// broadcast to the M x N result as ONNX Gemm broadcasts it.
Tensor gemm(const Tensor &a, const Tensor &b, const Tensor *c,
            const GemmParams &params);

/// numpy's matmul on operands of rank 2 or more: the last two dimensions
/// are M x K and K x N matrices, the leading ones broadcast.
Tensor matmul(const Tensor &a, const Tensor &b,
              Accumulation accumulation = Accumulation::Double);

/// Window geometry of a 2-D pooling; pads are [top, left, bottom, right].
struct Pool2DParams {
  int64_t kernel[2] = {1, 1};
  int64_t strides[2] = {1, 1};
  int64_t pads[4] = {0, 0, 0, 0};
  bool ceilMode = false;
};

/// Max over each window; padded positions never win.
Tensor maxPool2d(const Tensor &input, const Pool2DParams &params);

/// Mean over each window. The divisor counts the window's positions inside
/// the input, plus (with `countIncludePad`) those inside the pads, but never
/// those a ceil-mode window reaches past the end pad (PyTorch's rule).
Tensor avgPool2d(const Tensor &input, const Pool2DParams &params,
                 bool countIncludePad);

/// numpy's broadcast_to: `input` repeated along its extent-1 (and missing
/// leading) dimensions to `shape`, which it must broadcast to.
Tensor broadcastTo(const Tensor &input, llvm::ArrayRef<int64_t> shape);

/// What pad2d fills the border with (the numbering is the dialect's PadMode
/// and EYB's).
enum class PadMode { Constant = 0, Reflect = 1, Edge = 2 };

/// Padding of the H and W dimensions of an N x C x H x W tensor; `pads` are
/// [top, left, bottom, right]. Constant fills with `value`, Reflect mirrors
/// about the border element (each pad less than its extent), Edge repeats
/// the border element (ONNX Pad's modes).
Tensor pad2d(const Tensor &input, const int64_t pads[4],
             PadMode mode = PadMode::Constant, float value = 0.0f);

/// Mean of each H x W plane: N x C x H x W to N x C x 1 x 1.
Tensor globalAvgPool(const Tensor &input);

/// ONNX LRN across channels of an N x C x H x W input.
Tensor localResponseNorm(const Tensor &input, int64_t size, float alpha,
                         float beta, float bias);

/// Inference batch normalization per channel (dimension 1).
Tensor batchNorm(const Tensor &input, const Tensor &scale, const Tensor &bias,
                 const Tensor &mean, const Tensor &variance, float epsilon);

/// Softmax along `axis`, computed after subtracting the maximum so that exp
/// cannot overflow.
Tensor softmax(const Tensor &input, int64_t axis);

/// Clamps every element to [lo, hi]: ReLU is [0, inf), ReLU6 [0, 6]. NaN
/// stays NaN.
void clampInPlace(Tensor &tensor, float lo, float hi);

/// Elementwise sum with numpy broadcasting (`broadcastShape`; the shapes
/// must broadcast): residual connections, and channels-last biases.
Tensor add(const Tensor &lhs, const Tensor &rhs);

/// Elementwise product with numpy broadcasting (`broadcastShape`; the shapes
/// must broadcast):
/// squeeze-and-excitation's N x C x 1 x 1 scales times N x C x H x W.
Tensor mul(const Tensor &lhs, const Tensor &rhs);

/// The Gauss error function, elementwise (std::erf).
Tensor erf(const Tensor &input);

/// ONNX QuantizeLinear followed by DequantizeLinear with the same scale and
/// zero point (fake quantization), of one value: `(clamp(rint(x / scale) +
/// zeroPoint, qmin, qmax) - zeroPoint) * scale` in float32, rounding half to
/// even as ONNX does. NaN stays NaN; infinities saturate.
float fakeQuantize(float x, float scale, int32_t zeroPoint, int32_t qmin,
                   int32_t qmax);

/// Elementwise functions of one tensor (the numbering is the eyeriss
/// dialect's UnaryFn and EYB's); `alpha` and `beta` as UnaryOp documents.
enum class UnaryFunction {
  Abs = 0,
  Neg = 1,
  Exp = 2,
  Log = 3,
  Sqrt = 4,
  Reciprocal = 5,
  Tanh = 6,
  Softplus = 7,
  Softsign = 8,
  LeakyRelu = 9,
  Elu = 10,
  Selu = 11,
  Celu = 12,
  ThresholdedRelu = 13,
  FakeQuantU8 = 14,
  FakeQuantI8 = 15,
  Sin = 16,
  Cos = 17,
  Floor = 18,
  Ceil = 19,
  Round = 20, ///< Halves to even, as ONNX Round.
  Sign = 21,
  /// The nearest float16 (bfloat16) value, ties to even, overflow to
  /// infinity: ONNX Cast to that type, read back as float32.
  RoundToF16 = 22,
  RoundToBF16 = 23,
  /// 1 for 0, 0 otherwise (ONNX Not of a 0/1 tensor).
  Not = 24,
  /// 0 for 0, 1 otherwise, NaN included (ONNX Cast to bool).
  NonZero = 25,
  /// Toward zero (ONNX Cast of a float to an integer type).
  Trunc = 26,
  Tan = 27,
  Asin = 28,
  Acos = 29,
  Atan = 30,
  Sinh = 31,
  Cosh = 32,
  Asinh = 33,
  Acosh = 34,
  Atanh = 35,
  /// 1 for NaN, 0 otherwise.
  IsNaN = 36,
  /// 1 for -inf when alpha is 1 and for +inf when beta is 1, 0 otherwise
  /// (ONNX IsInf's detect_negative and detect_positive).
  IsInf = 37,
};
Tensor unary(const Tensor &input, UnaryFunction fn, float alpha, float beta);

/// Elementwise functions of two tensors that broadcast (numpy rules); the
/// numbering is the dialect's BinaryFn and EYB's. PRelu: `lhs < 0 ? rhs *
/// lhs : lhs`. Max and Min propagate NaN. The comparisons and the logical
/// functions (of 0/1 tensors) give 1 or 0; a comparison with NaN is false.
/// Mod is the remainder with the divisor's sign (Python's %, ONNX Mod with
/// fmod 0), FMod the one with the dividend's (C's fmod).
enum class BinaryFunction {
  Sub = 0,
  Div = 1,
  Pow = 2,
  Max = 3,
  Min = 4,
  PRelu = 5,
  Equal = 6,
  Less = 7,
  LessEqual = 8,
  Greater = 9,
  GreaterEqual = 10,
  And = 11,
  Or = 12,
  Xor = 13,
  Add = 14,
  Mul = 15,
  Mod = 16,
  FMod = 17,
};
Tensor binary(const Tensor &lhs, const Tensor &rhs, BinaryFunction fn);

/// `fn` as ONNX defines it on integer tensors of `type` (Int64, Int32,
/// UInt8 ... UInt64), whose whole numbers are held in float32: Sub, Add,
/// Mul, Max, Min, Mod, FMod exactly; Div truncates toward zero, Pow
/// truncates its result toward zero. The 8- and 16-bit types wrap around
/// as numpy's do; a result of the 32- and 64-bit types must be below 2^24
/// in magnitude (beyond what float32 holds exactly) and, unsigned,
/// non-negative. The operands must be whole numbers (Pow's exponent may be
/// a float); a division or remainder by zero, or a result that breaks
/// those rules, is an error naming the element. The comparisons, the
/// logical functions and PRelu are not integer arithmetic (asserted).
llvm::Expected<Tensor> integerBinary(const Tensor &lhs, const Tensor &rhs,
                                     BinaryFunction fn, HostFormat type);

/// ONNX Where: `condition != 0 ? onTrue : onFalse` per element, the three
/// broadcast to one shape (numpy rules), which they must.
Tensor select(const Tensor &condition, const Tensor &onTrue,
              const Tensor &onFalse);

/// ONNX LayerNormalization: every slice over the dimensions from `axis` to
/// the last is normalized with its mean and biased variance (accumulated in
/// double), then scaled and shifted by `scale` and `bias`, which have the
/// shape of those dimensions.
Tensor layerNorm(const Tensor &input, const Tensor &scale, const Tensor &bias,
                 int64_t axis, float epsilon);

/// 1 / (1 + exp(-x)), elementwise, without overflow for large |x|.
Tensor sigmoid(const Tensor &input);

/// max(0, min(1, alpha * x + beta)), elementwise (ONNX HardSigmoid).
Tensor hardSigmoid(const Tensor &input, float alpha, float beta);

/// Reductions (the numbering is the dialect's ReduceFn and EYB's).
enum class Reduction {
  Sum = 0,
  Mean = 1,
  Max = 2,
  Min = 3,
  Prod = 4,
  L1 = 5,
  L2 = 6,
  SumSquare = 7,
  LogSum = 8,
  LogSumExp = 9,
  /// The index of the largest (smallest) element along the one reduced
  /// axis, as a float: the first one, or with *Last the last one; a NaN
  /// counts as the extreme (numpy's argmax and argmin).
  ArgMax = 10,
  ArgMin = 11,
  ArgMaxLast = 12,
  ArgMinLast = 13,
};
/// `fn` over the dimensions `axes` (increasing, in range), accumulated in
/// double; the reduced dimensions kept as 1 with `keepDims`, else dropped.
/// Max and Min propagate NaN; LogSumExp subtracts the maximum first.
Tensor reduce(const Tensor &input, Reduction fn, llvm::ArrayRef<int64_t> axes,
              bool keepDims);

/// Running sums along `axis` (in range), accumulated in order in float32
/// (numpy's cumsum); `exclusive` leaves each element out of its own sum,
/// `reverse` sums from the end of the axis (ONNX CumSum).
Tensor cumsum(const Tensor &input, int64_t axis, bool exclusive, bool reverse);

/// `fh - 1` zeros between the rows and `fw - 1` between the columns of
/// each H x W plane of an N x C x H x W tensor (factors >= 1).
Tensor insertZeros(const Tensor &input, int64_t fh, int64_t fw);

/// Joins tensors of one rank along `axis`; the other dimensions agree.
Tensor concat(llvm::ArrayRef<Tensor> inputs, int64_t axis);

/// Elements start, start + step, ... (`count` of them) of `axis`; the other
/// dimensions are kept. A negative step walks down from start (a reversal
/// with step -1). The range must lie inside the input.
Tensor slice(const Tensor &input, int64_t axis, int64_t start, int64_t step,
             int64_t count);

/// ONNX Gather with computed indices: the entries of `data` along `axis`
/// that `indices` (whole numbers, negative ones counting from the end)
/// pick; the result's shape is data's with `axis` replaced by the indices'
/// shape. An index that is not whole or is out of range is an error naming
/// its position in the indices.
llvm::Expected<Tensor> gather(const Tensor &data, const Tensor &indices,
                              int64_t axis);

/// ONNX GatherElements (torch.gather): `indices` has data's rank and is no
/// larger than data but along `axis`; output element [i0, ..., ik, ...] is
/// data[i0, ..., indices[i0, ..., ik, ...], ...] (the index replacing
/// position `axis`), the output shaped as the indices. Indices as in
/// gather(); a bad one is an error naming its position.
llvm::Expected<Tensor> gatherElements(const Tensor &data, const Tensor &indices,
                                      int64_t axis);

/// How ONNX ScatterElements combines an update with the element it lands
/// on (the numbering is the eyeriss dialect's and EYB's).
enum class ScatterReduction { None = 0, Add = 1, Mul = 2 };

/// ONNX ScatterElements (torch.scatter, scatter_add): a copy of `data` with
/// updates[i0, ..., ik, ...] written at data[i0, ..., indices[i0, ..., ik,
/// ...], ...], in row-major order of the updates (a later update to one
/// element replaces an earlier one with `None`; `Add` and `Mul` combine
/// with it). `indices` and `updates` have one shape, of data's rank.
llvm::Expected<Tensor> scatterElements(const Tensor &data,
                                       const Tensor &indices,
                                       const Tensor &updates, int64_t axis,
                                       ScatterReduction reduction);

/// ONNX GatherND: the first `batchDims` dimensions of data and indices
/// agree; each row of the indices' last dimension (k entries) indexes the
/// data's next k dimensions and picks the slice of the rest. The result is
/// shaped indices.shape[:-1] + data.shape[batchDims + k:].
llvm::Expected<Tensor> gatherND(const Tensor &data, const Tensor &indices,
                                int64_t batchDims);

/// ONNX ScatterND: a copy of `data` in which each row of the indices' last
/// dimension (k entries) names a position of data's first k dimensions,
/// where the matching slice of `updates` (shaped indices.shape[:-1] +
/// data.shape[k:]) is written or combined, rows in row-major order (as
/// scatterElements()). PyTorch's in-place slice assignment.
llvm::Expected<Tensor> scatterND(const Tensor &data, const Tensor &indices,
                                 const Tensor &updates,
                                 ScatterReduction reduction);

/// GridSample's interpolation and padding (the numbering is the eyeriss
/// dialect's and EYB's).
enum class GridSampleMode { Bilinear = 0, Nearest = 1, Bicubic = 2 };
enum class GridSamplePadding { Zeros = 0, Border = 1, Reflection = 2 };

/// ONNX GridSample (torch.nn.functional.grid_sample) of an N x C x H x W
/// `input` at the normalized (x, y) coordinates of an N x Ho x Wo x 2
/// `grid` (-1 and 1 the corner pixels' centres with `alignCorners`, else
/// their outer edges): N x C x Ho x Wo, computed as PyTorch does on the CPU
/// (nearest rounds half to even; bicubic uses A = -0.75 and pads each tap).
Tensor gridSample(const Tensor &input, const Tensor &grid, GridSampleMode mode,
                  GridSamplePadding padding, bool alignCorners);

/// ONNX TopK along `axis`: the `k` largest (`smallest`: smallest) elements
/// of each line, in order from the largest (smallest), ties broken by the
/// lower index, a NaN larger than any number (torch.topk); with
/// `wantIndices` their positions along the axis (whole numbers) instead of
/// their values. 1 <= k <= the axis' extent.
Tensor topK(const Tensor &input, int64_t axis, int64_t k, bool smallest,
            bool wantIndices);

/// Result dimension i is input dimension perm[i]; `perm` is a permutation.
Tensor transpose(const Tensor &input, llvm::ArrayRef<int64_t> perm);

/// ShuffleNet's channel shuffle of an N x C x H x W tensor: output channel
/// j * groups + i is input channel i * (C / groups) + j; groups divides C.
Tensor channelShuffle(const Tensor &input, int64_t groups);

/// ONNX Resize's interpolation, coordinate transformation and nearest
/// rounding (the numbering is the eyeriss dialect's and EYB's).
enum class Interpolation { Nearest = 0, Linear = 1, Cubic = 2 };
enum class CoordinateTransform {
  HalfPixel = 0,
  PytorchHalfPixel = 1,
  AlignCorners = 2,
  Asymmetric = 3,
  TFHalfPixelForNN = 4,
  TFCropAndResize = 5,
};
enum class NearestRounding {
  RoundPreferFloor = 0,
  RoundPreferCeil = 1,
  Floor = 2,
  Ceil = 3,
};

struct ResizeParams {
  Interpolation mode = Interpolation::Nearest;
  CoordinateTransform coordinates = CoordinateTransform::HalfPixel;
  NearestRounding nearest = NearestRounding::RoundPreferFloor;
  double cubicCoeffA = -0.75;
  bool excludeOutside = false;
  float extrapolationValue = 0.0f;
  /// One positive scale per dimension.
  llvm::SmallVector<double> scales;
  /// TFCropAndResize only: every dimension's start, then every end.
  llvm::SmallVector<double> roi;
};

/// ONNX Resize (opset 11 and later) of `input` to `outputShape` (same rank):
/// each dimension resampled on its own, the last first, in double, as the
/// ONNX reference implementation does; neighbours past an edge repeat it.
Tensor resize(const Tensor &input, llvm::ArrayRef<int64_t> outputShape,
              const ResizeParams &params);

} // namespace eyeriss::reference

#endif // EYERISS_REFERENCE_KERNELS_H
