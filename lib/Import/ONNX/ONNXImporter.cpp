//===- ONNXImporter.cpp - ONNX models into the eyeriss dialect ------------===//
//
// The importer leans on ONNX for everything ONNX already knows: the checker
// validates the model, the version converter brings it to kImportOpset, and
// shape inference gives every value its static type. What is left here is
// the translation of each node into eyeriss ops, and refusals that name the
// node, the op type and the opset.
//
// ONNX reports errors with C++ exceptions; this file is compiled with them
// enabled and no exception leaves it.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Import/ONNX/ONNXImporter.h"

#include "ControlFlow.h"
#include "ExternalData.h"
#include "FunctionInlining.h"
#include "LayerNormFusion.h"
#include "QuantizedOperators.h"
#include "RecurrentLayers.h"
#include "ShapeCompletion.h"
#include "ShapeFolding.h"
#include "SpectralOperators.h"
#include "VersionConversion.h"

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Reference/Kernels.h"
#include "eyeriss/Support/HostFormat.h"
#include "eyeriss/Support/TensorProtoPayload.h"
#include "eyeriss/Workload/Broadcast.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Traits.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Sequence.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "onnx/checker.h"
#include "onnx/defs/parser.h"
#include "onnx/onnx_pb.h"
#include "onnx/shape_inference/implementation.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

using namespace mlir;
using namespace eyeriss;

namespace {

class Importer {
public:
  Importer(MLIRContext *context, StringRef bufferName,
           const ONNXImportOptions &options)
      : context(context), bufferName(bufferName.str()), options(options),
        builder(context) {}

  OwningOpRef<ModuleOp> run(onnx::ModelProto &model);

private:
  // Preparation with ONNX's own tools.
  void detachLargeInitializers(onnx::ModelProto &model);
  LogicalResult checkAndConvert(onnx::ModelProto &model);
  LogicalResult applyInputShapes(onnx::ModelProto &model);
  LogicalResult bindInputs(onnx::ModelProto &model);
  /// Raises the layer norms exporters decompose below opset 17
  /// (LayerNormFusion.h).
  void fuseLayerNorms(onnx::ModelProto &model);
  LogicalResult checkWindowNodes(const onnx::ModelProto &model);
  LogicalResult inferShapes(onnx::ModelProto &model);
  /// Rewrites ONNX's integer operators as QDQ nodes (QuantizedOperators.h)
  /// and replaces the function ops the importer does not translate by their
  /// ONNX function bodies (FunctionInlining.h), typing each level of
  /// bodies with shape inference before the next.
  LogicalResult inlineFunctions(onnx::ModelProto &model);
  /// Rewrites DFT and STFT as a MatMul and a Conv with constant bases
  /// (SpectralOperators.h), once their parameters are folded.
  LogicalResult expandSpectralOperators(onnx::ModelProto &model);
  /// Replaces If nodes by the branch their folded condition selects and
  /// Loop nodes of a folded trip count by their iterations (ControlFlow.h),
  /// folding again after each round.
  LogicalResult inlineControlFlow(onnx::ModelProto &model);
  /// The graph's initializers and the detached ones, by name.
  llvm::StringMap<const onnx::TensorProto *>
  initializersByName(const onnx::ModelProto &model) const;
  LogicalResult checkInputTypes(const onnx::ModelProto &model);
  LogicalResult foldShapes(onnx::ModelProto &model);
  LogicalResult refuseUnsupportedNodes(const onnx::GraphProto &graph);

  // Tensors and types.
  FailureOr<DenseElementsAttr> convertTensor(const onnx::TensorProto &tensor,
                                             Location loc);
  /// The f32 tensor type a value has in the IR, from its ONNX type: a
  /// floating-point one, or int64/int32 for an integer value (one in
  /// integerValues: whole numbers held in f32).
  FailureOr<RankedTensorType> getValueType(StringRef name, Location loc);
  /// The element type a graph input or output declares when it is not
  /// float32 (f16, bf16, f64; i64, i32 for integers), for its
  /// eyeriss.host_format; null otherwise.
  Type hostFormatOf(StringRef name);
  FailureOr<Value> getOperand(const onnx::NodeProto &node, int index);
  bool hasInput(const onnx::NodeProto &node, int index) const {
    return index < node.input_size() && !node.input(index).empty();
  }
  FailureOr<DenseElementsAttr> getConstantInput(const onnx::NodeProto &node,
                                                int index, StringRef what);

public:
  // Nodes. Public for the converter table (kConverters).
  Location getNodeLoc(const onnx::NodeProto &node);
  InFlightDiagnostic emitNodeError(const onnx::NodeProto &node);
  LogicalResult checkExtraOutputsUnused(const onnx::NodeProto &node,
                                        int numUsable);
  LogicalResult convertNode(const onnx::NodeProto &node);
  using NodeConverter = LogicalResult (Importer::*)(const onnx::NodeProto &);
  LogicalResult convertConv(const onnx::NodeProto &node);
  LogicalResult convertConvTranspose(const onnx::NodeProto &node);
  LogicalResult convertGlobalAveragePool(const onnx::NodeProto &node) {
    return convertGlobalPool(node, /*isMax=*/false);
  }
  LogicalResult convertGlobalMaxPool(const onnx::NodeProto &node) {
    return convertGlobalPool(node, /*isMax=*/true);
  }
  LogicalResult convertPool(const onnx::NodeProto &node, bool isMax);
  LogicalResult convertMaxPool(const onnx::NodeProto &node) {
    return convertPool(node, /*isMax=*/true);
  }
  LogicalResult convertAvgPool(const onnx::NodeProto &node) {
    return convertPool(node, /*isMax=*/false);
  }
  LogicalResult convertGemm(const onnx::NodeProto &node, bool isMatMul);
  LogicalResult convertMatMulOnLastAxis(const onnx::NodeProto &node, Value a,
                                        Value b);
  LogicalResult convertGemmNode(const onnx::NodeProto &node) {
    return convertGemm(node, /*isMatMul=*/false);
  }
  LogicalResult convertMatMul(const onnx::NodeProto &node) {
    return convertGemm(node, /*isMatMul=*/true);
  }
  LogicalResult convertClip(const onnx::NodeProto &node);
  LogicalResult convertBatchNorm(const onnx::NodeProto &node);
  /// BatchNormalization with training_mode 1: normalized with the batch's
  /// own statistics, and the running mean and variance updated.
  LogicalResult convertBatchNormTraining(const onnx::NodeProto &node);
  LogicalResult convertConstant(const onnx::NodeProto &node);
  LogicalResult convertReshape(const onnx::NodeProto &node);
  LogicalResult convertResize(const onnx::NodeProto &node);
  LogicalResult convertAdd(const onnx::NodeProto &node);
  LogicalResult convertDiv(const onnx::NodeProto &node);
  LogicalResult convertSub(const onnx::NodeProto &node);
  LogicalResult convertUnaryFn(const onnx::NodeProto &node);
  LogicalResult convertCast(const onnx::NodeProto &node);
  LogicalResult convertArgMaxOrMin(const onnx::NodeProto &node);
  LogicalResult convertHardmax(const onnx::NodeProto &node);
  LogicalResult convertCumSum(const onnx::NodeProto &node);
  LogicalResult convertGatherOrScatterElements(const onnx::NodeProto &node);
  LogicalResult convertGatherND(const onnx::NodeProto &node);
  LogicalResult convertScatterND(const onnx::NodeProto &node);
  LogicalResult convertGridSample(const onnx::NodeProto &node);
  /// A ScatterElements or ScatterND node's `reduction` (none, add, mul;
  /// refused for integer data, which the program does not compute with).
  FailureOr<ScatterReduction> getScatterReduction(const onnx::NodeProto &node);
  LogicalResult convertTopK(const onnx::NodeProto &node);
  LogicalResult convertShrink(const onnx::NodeProto &node);
  LogicalResult convertMeanVarianceNormalization(const onnx::NodeProto &node);
  LogicalResult convertReverseSequence(const onnx::NodeProto &node);
  /// Checks the constant indices input #1 of `node` (when it is one): entry
  /// i must lie in [-extent(i), extent(i)).
  LogicalResult
  checkConstantIndices(const onnx::NodeProto &node,
                       llvm::function_ref<int64_t(int64_t)> extent);
  /// Checks that the indices input #1 of a GatherElements or
  /// ScatterElements node has the data's rank and is no larger than the data
  /// but along `axis` (ONNX's shape inference leaves that to runtimes).
  LogicalResult checkElementIndexShape(const onnx::NodeProto &node,
                                       RankedTensorType data,
                                       RankedTensorType indices, int64_t axis);
  /// A rank-0 f32 constant, located at `loc` + `suffix`.
  Value scalarConstant(Location loc, const Twine &suffix, float value);
  LogicalResult convertOneHot(const onnx::NodeProto &node);
  /// The constant 0, 1, ..., n - 1 along dimension `axis` of a tensor of
  /// rank `rank` whose other extents are 1: the positions a one-hot
  /// comparison checks an index against.
  Value positionsAlong(Location loc, int64_t rank, int64_t axis, int64_t n);
  LogicalResult convertBinaryFn(const onnx::NodeProto &node);
  LogicalResult convertComparison(const onnx::NodeProto &node);
  LogicalResult convertWhere(const onnx::NodeProto &node);
  LogicalResult convertMaxOrMin(const onnx::NodeProto &node);
  /// A left-to-right chain of broadcasting binary ops over the node's inputs,
  /// each made by `link`: one op for Add, Mul and the binaries, more for
  /// Sum, Max and Min of more inputs; one input is itself.
  LogicalResult
  convertChain(const onnx::NodeProto &node,
               function_ref<Value(Location, RankedTensorType, Value, Value)>
                   link);
  /// `fn` of the node's inputs as eyeriss.binary (a chain for more than
  /// two).
  /// A chain of eyeriss.binary `fn`; integer arithmetic (`integers`) when
  /// the node computes integers (its output is one of integerValues).
  LogicalResult createBinary(const onnx::NodeProto &node, BinaryFn fn);
  /// Whether the node's result is a computed integer tensor (set before
  /// its converter runs).
  bool computesIntegers(const onnx::NodeProto &node) const {
    return node.output_size() > 0 && integerValues.contains(node.output(0));
  }
  LogicalResult convertMod(const onnx::NodeProto &node);
  LogicalResult convertExpand(const onnx::NodeProto &node);
  LogicalResult convertTile(const onnx::NodeProto &node);
  LogicalResult convertGather(const onnx::NodeProto &node);
  LogicalResult convertLayerNorm(const onnx::NodeProto &node);
  LogicalResult convertLayerNormStatistics(const onnx::NodeProto &node,
                                           Value input, int64_t axis,
                                           float epsilon);
  LogicalResult convertConcat(const onnx::NodeProto &node);
  LogicalResult convertFlatten(const onnx::NodeProto &node);
  LogicalResult convertSum(const onnx::NodeProto &node);
  LogicalResult convertMean(const onnx::NodeProto &node);
  LogicalResult convertEinsum(const onnx::NodeProto &node);
  FailureOr<std::string> expandEinsumEllipsis(const onnx::NodeProto &node,
                                              StringRef equation);
  LogicalResult convertRecurrent(const onnx::NodeProto &node);
  Value permute(Location loc, Value input, ArrayRef<int64_t> perm);
  LogicalResult convertSqueezeOrUnsqueeze(const onnx::NodeProto &node);
  LogicalResult convertSoftmax(const onnx::NodeProto &node);
  LogicalResult convertLogSoftmax(const onnx::NodeProto &node);
  LogicalResult convertInstanceNorm(const onnx::NodeProto &node);
  LogicalResult convertDepthToSpace(const onnx::NodeProto &node);
  LogicalResult convertLRN(const onnx::NodeProto &node);
  LogicalResult convertDropout(const onnx::NodeProto &node);
  LogicalResult convertPad(const onnx::NodeProto &node);
  LogicalResult convertReduce(const onnx::NodeProto &node);
  LogicalResult convertMul(const onnx::NodeProto &node);
  LogicalResult convertHardSigmoid(const onnx::NodeProto &node);
  LogicalResult convertHardSwish(const onnx::NodeProto &node);
  LogicalResult convertSlice(const onnx::NodeProto &node);
  LogicalResult convertSplit(const onnx::NodeProto &node);
  LogicalResult convertTranspose(const onnx::NodeProto &node);
  LogicalResult convertQuantizeLinear(const onnx::NodeProto &node);
  LogicalResult convertDequantizeLinear(const onnx::NodeProto &node);
  template <typename OpTy>
  LogicalResult convertUnary(const onnx::NodeProto &node);

private:
  /// Computes the pads of a window op over the spatial dimensions
  /// `inputSpatial` from `pads` or `auto_pad`, in ONNX's order: every
  /// dimension's begin, then every end ([top, left, bottom, right] in 2-D).
  FailureOr<SmallVector<int64_t>> getWindowPads(const onnx::NodeProto &node,
                                                ArrayRef<int64_t> inputSpatial,
                                                ArrayRef<int64_t> kernel,
                                                ArrayRef<int64_t> strides,
                                                ArrayRef<int64_t> dilations);
  /// The window of an N-D Conv: strides, dilations, pads (ONNX order) and
  /// the output type, checked against the input's and the weight's shapes.
  struct ConvWindow {
    SmallVector<int64_t> strides, dilations, pads;
    RankedTensorType type;
  };
  FailureOr<ConvWindow> getConvWindow(const onnx::NodeProto &node,
                                      ArrayRef<int64_t> in,
                                      ArrayRef<int64_t> w);
  /// A 1-D or 3-D Conv as the PE array's 2-D convolution.
  /// A 2-D ConvTranspose of `input` by the constant `weight` to `type`: the
  /// PE array's convolution of the zero-inserted input by the flipped
  /// weight. `node` gives the attributes (2-D ones) and names.
  FailureOr<Value> buildConvTranspose2D(const onnx::NodeProto &node,
                                        Value input, DenseElementsAttr weight,
                                        RankedTensorType type);
  LogicalResult convertConv1D(const onnx::NodeProto &node, Value input,
                              Value filter, Value bias);
  LogicalResult convertConv3D(const onnx::NodeProto &node, Value input,
                              Value filter, Value bias);
  LogicalResult convertGlobalPool(const onnx::NodeProto &node, bool isMax);
  /// A 3-D ConvTranspose as one 2-D transposed convolution per temporal
  /// tap over the frames, each placed along time.
  LogicalResult convertConvTranspose3D(const onnx::NodeProto &node, Value input,
                                       DenseElementsAttr weight,
                                       RankedTensorType type);
  /// 2-D MaxPool position by position (dilated windows, the Indices
  /// output); `pads` are [top, left, bottom, right].
  LogicalResult convertMaxPoolByPositions(const onnx::NodeProto &node,
                                          Value input, ArrayRef<int64_t> kernel,
                                          ArrayRef<int64_t> strides,
                                          ArrayRef<int64_t> dilations,
                                          ArrayRef<int64_t> pads);

  /// The scale and zero point of a QuantizeLinear or DequantizeLinear whose
  /// data input has `shape`: one pair for the whole tensor, or one per slice
  /// along `axis`.
  struct QuantParams {
    SmallVector<float> scales;
    SmallVector<int64_t> zeroPoints;
    /// The dimension the parameters go along; none for one pair.
    std::optional<int64_t> axis;
    bool operator==(const QuantParams &other) const {
      return scales == other.scales && zeroPoints == other.zeroPoints &&
             axis == other.axis;
    }
    /// The parameters of element `i` of a row-major tensor of `shape`.
    size_t indexOf(int64_t i, ArrayRef<int64_t> shape) const;
  };
  FailureOr<QuantParams> getQuantParams(const onnx::NodeProto &node,
                                        ArrayRef<int64_t> shape);
  /// QuantizeLinear `q` followed by DequantizeLinear `dq` with the same
  /// parameters: a constant, or eyeriss.unary's fake quantization. False
  /// when the pair is no fake quantization (a requantization, per-axis
  /// parameters of a computed tensor): each is then converted alone.
  FailureOr<bool> convertFakeQuant(const onnx::NodeProto &q,
                                   const onnx::NodeProto &dq);
  /// The scale (input #1) or zero point (input #2) of a QuantizeLinear or
  /// DequantizeLinear as an operand that broadcasts against its data of
  /// `shape`: a single value as it is, a 1-D one of one value per slice
  /// along the node's `axis` reshaped to lie along it. Constant or
  /// computed.
  FailureOr<Value> getQuantOperand(const onnx::NodeProto &node, int index,
                                   ArrayRef<int64_t> shape);
  /// QuantizeLinear alone: its integers, clamp(rint(x / scale) + zero
  /// point), of its output's type, computed on the host.
  LogicalResult convertQuantizeAlone(const onnx::NodeProto &node);
  /// DequantizeLinear of a computed tensor alone: (x - zero point) * scale.
  LogicalResult convertDequantizeAlone(const onnx::NodeProto &node);

  /// Makes `axis` of a tensor of rank `rank` count from 0 (a negative one
  /// counts from the end); an error naming the node when it is out of range.
  LogicalResult normalizeAxis(const onnx::NodeProto &node, int64_t &axis,
                              int64_t rank) {
    if (axis < -rank || axis >= rank)
      return emitNodeError(node)
             << "axis " << axis << " is out of range for rank " << rank;
    if (axis < 0)
      axis += rank;
    return success();
  }

  /// The location of an op a node expands into besides its main one: the
  /// node's name plus `suffix` (".frames", ".tap0", ...), inside `loc`.
  Location childLoc(Location loc, const Twine &suffix) {
    return NameLoc::get(
        builder.getStringAttr(cast<NameLoc>(loc).getName().getValue() + suffix),
        loc);
  }
  RankedTensorType f32Tensor(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF32Type());
  }

  /// `input` sliced along `axis` from `start` in steps of `step` to the
  /// shape `type`, or `input` itself when that keeps everything.
  Value createSlice(Location loc, Value input, RankedTensorType type,
                    int64_t axis, int64_t start, int64_t step);

  void setResult(const onnx::NodeProto &node, int index, Value value) {
    values[node.output(index)] = value;
  }

  MLIRContext *context;
  std::string bufferName;
  const ONNXImportOptions &options;
  OpBuilder builder;
  int64_t opset = 0;
  /// The opsets the model imports of domains other than ai.onnx.
  llvm::StringMap<int64_t> otherOpsets;

  /// Static types of every named value, from shape inference.
  llvm::StringMap<onnx::TypeProto> valueTypes;
  /// Initializers and Constant outputs, materialized as eyeriss.constant only
  /// when a node uses them as data.
  llvm::StringMap<DenseElementsAttr> constants;
  /// The ONNX data type of each initializer: its attribute widens integers
  /// to i64 (CastLike's `like` needs the declared type).
  llvm::StringMap<int32_t> initializerTypes;
  llvm::StringMap<Value> values;
  /// Names some node or the graph output reads.
  llvm::StringSet<> usedNames;
  llvm::StringSet<> graphOutputs;
  /// The nodes that read each name.
  llvm::StringMap<SmallVector<const onnx::NodeProto *, 1>> readers;
  /// QuantizeLinear nodes by their output, which only DequantizeLinear
  /// nodes read: the pair is converted at the DequantizeLinear.
  llvm::StringMap<const onnx::NodeProto *> pendingQuantize;
  /// Outputs of nodes that failed to import.
  llvm::StringSet<> failedNames;
  /// Computed int64 and int32 tensors (token ids, an ArgMax's indices, and
  /// layout ops of them): whole numbers held in f32, which only Gather (as
  /// indices), Cast and the layout ops may read.
  llvm::StringSet<> integerValues;
  /// Large float initializers, kept out of the model while ONNX's tools run.
  std::vector<onnx::TensorProto> detached;
  llvm::StringSet<> detachedNames;
};

} // namespace

/// Every ONNX op type the importer translates, sorted, with its converter.
/// The supported-op list, the up-front refusal and the dispatch all read this
/// one table. Anything else is refused before translation starts.
static const struct {
  llvm::StringLiteral opType;
  Importer::NodeConverter convert;
} kConverters[] = {
    {"Abs", &Importer::convertUnaryFn},
    {"Acos", &Importer::convertUnaryFn},
    {"Acosh", &Importer::convertUnaryFn},
    {"Add", &Importer::convertAdd},
    {"And", &Importer::convertComparison},
    {"ArgMax", &Importer::convertArgMaxOrMin},
    {"ArgMin", &Importer::convertArgMaxOrMin},
    {"Asin", &Importer::convertUnaryFn},
    {"Asinh", &Importer::convertUnaryFn},
    {"Atan", &Importer::convertUnaryFn},
    {"Atanh", &Importer::convertUnaryFn},
    {"AveragePool", &Importer::convertAvgPool},
    {"BatchNormalization", &Importer::convertBatchNorm},
    {"Cast", &Importer::convertCast},
    {"CastLike", &Importer::convertCast},
    {"Ceil", &Importer::convertUnaryFn},
    {"Celu", &Importer::convertUnaryFn},
    {"Clip", &Importer::convertClip},
    {"Concat", &Importer::convertConcat},
    {"Constant", &Importer::convertConstant},
    {"Conv", &Importer::convertConv},
    {"ConvTranspose", &Importer::convertConvTranspose},
    {"Cos", &Importer::convertUnaryFn},
    {"Cosh", &Importer::convertUnaryFn},
    {"CumSum", &Importer::convertCumSum},
    {"DepthToSpace", &Importer::convertDepthToSpace},
    {"DequantizeLinear", &Importer::convertDequantizeLinear},
    {"Div", &Importer::convertDiv},
    {"Dropout", &Importer::convertDropout},
    {"Einsum", &Importer::convertEinsum},
    {"Elu", &Importer::convertUnaryFn},
    {"Equal", &Importer::convertComparison},
    {"Erf", &Importer::convertUnary<ErfOp>},
    {"Exp", &Importer::convertUnaryFn},
    {"Expand", &Importer::convertExpand},
    {"Flatten", &Importer::convertFlatten},
    {"Floor", &Importer::convertUnaryFn},
    {"GRU", &Importer::convertRecurrent},
    {"Gather", &Importer::convertGather},
    {"GatherElements", &Importer::convertGatherOrScatterElements},
    {"GatherND", &Importer::convertGatherND},
    {"Gemm", &Importer::convertGemmNode},
    {"Greater", &Importer::convertComparison},
    {"GridSample", &Importer::convertGridSample},
    {"GreaterOrEqual", &Importer::convertComparison},
    {"GlobalAveragePool", &Importer::convertGlobalAveragePool},
    {"GlobalMaxPool", &Importer::convertGlobalMaxPool},
    {"HardSigmoid", &Importer::convertHardSigmoid},
    {"HardSwish", &Importer::convertHardSwish},
    {"Hardmax", &Importer::convertHardmax},
    {"Identity", &Importer::convertUnary<IdentityOp>},
    {"InstanceNormalization", &Importer::convertInstanceNorm},
    {"IsInf", &Importer::convertUnaryFn},
    {"IsNaN", &Importer::convertUnaryFn},
    {"LRN", &Importer::convertLRN},
    {"LSTM", &Importer::convertRecurrent},
    {"LayerNormalization", &Importer::convertLayerNorm},
    {"LeakyRelu", &Importer::convertUnaryFn},
    {"Less", &Importer::convertComparison},
    {"LessOrEqual", &Importer::convertComparison},
    {"Log", &Importer::convertUnaryFn},
    {"LogSoftmax", &Importer::convertLogSoftmax},
    {"MatMul", &Importer::convertMatMul},
    {"Max", &Importer::convertMaxOrMin},
    {"MaxPool", &Importer::convertMaxPool},
    {"Mean", &Importer::convertMean},
    {"MeanVarianceNormalization", &Importer::convertMeanVarianceNormalization},
    {"Min", &Importer::convertMaxOrMin},
    {"Mod", &Importer::convertMod},
    {"Mul", &Importer::convertMul},
    {"Neg", &Importer::convertUnaryFn},
    {"Not", &Importer::convertUnaryFn},
    {"OneHot", &Importer::convertOneHot},
    {"Or", &Importer::convertComparison},
    {"PRelu", &Importer::convertBinaryFn},
    {"Pad", &Importer::convertPad},
    {"Pow", &Importer::convertBinaryFn},
    {"QuantizeLinear", &Importer::convertQuantizeLinear},
    {"Reciprocal", &Importer::convertUnaryFn},
    {"ReduceL1", &Importer::convertReduce},
    {"ReduceL2", &Importer::convertReduce},
    {"ReduceLogSum", &Importer::convertReduce},
    {"ReduceLogSumExp", &Importer::convertReduce},
    {"ReduceMax", &Importer::convertReduce},
    {"ReduceMean", &Importer::convertReduce},
    {"ReduceMin", &Importer::convertReduce},
    {"ReduceProd", &Importer::convertReduce},
    {"ReduceSum", &Importer::convertReduce},
    {"ReduceSumSquare", &Importer::convertReduce},
    {"Relu", &Importer::convertUnary<ReLUOp>},
    {"Reshape", &Importer::convertReshape},
    {"Resize", &Importer::convertResize},
    {"ReverseSequence", &Importer::convertReverseSequence},
    {"RNN", &Importer::convertRecurrent},
    {"Round", &Importer::convertUnaryFn},
    {"ScatterElements", &Importer::convertGatherOrScatterElements},
    {"ScatterND", &Importer::convertScatterND},
    {"Selu", &Importer::convertUnaryFn},
    {"Shrink", &Importer::convertShrink},
    {"Sigmoid", &Importer::convertUnary<SigmoidOp>},
    {"Sign", &Importer::convertUnaryFn},
    {"Sin", &Importer::convertUnaryFn},
    {"Sinh", &Importer::convertUnaryFn},
    {"Slice", &Importer::convertSlice},
    {"Softmax", &Importer::convertSoftmax},
    {"Softplus", &Importer::convertUnaryFn},
    {"Softsign", &Importer::convertUnaryFn},
    {"SpaceToDepth", &Importer::convertDepthToSpace},
    {"Split", &Importer::convertSplit},
    {"Sqrt", &Importer::convertUnaryFn},
    {"Squeeze", &Importer::convertSqueezeOrUnsqueeze},
    {"Sub", &Importer::convertSub},
    {"Sum", &Importer::convertSum},
    {"Tan", &Importer::convertUnaryFn},
    {"Tanh", &Importer::convertUnaryFn},
    {"ThresholdedRelu", &Importer::convertUnaryFn},
    {"Tile", &Importer::convertTile},
    {"TopK", &Importer::convertTopK},
    {"Transpose", &Importer::convertTranspose},
    {"Unsqueeze", &Importer::convertSqueezeOrUnsqueeze},
    {"Where", &Importer::convertWhere},
    {"Xor", &Importer::convertComparison},
};

/// Op types of old opsets that ONNX's version converter replaces before
/// translation: Upsample (opsets 7 to 9) becomes Resize, Scatter (opsets 9
/// and 10) ScatterElements.
static const llvm::StringLiteral kConvertedAway[] = {"Upsample", "Scatter"};
/// Ops replaced by their ONNX function bodies (FunctionInlining.h), whose
/// bodies the converters translate (the windows' with a constant size,
/// which sets their output's shape). Other function ops are inlined too,
/// but their bodies need what the importer refuses (Bernoulli's random
/// numbers).
static const llvm::StringLiteral kInlinedFunctions[] = {
    "BlackmanWindow", "DynamicQuantizeLinear",     "HammingWindow",
    "HannWindow",     "NegativeLogLikelihoodLoss", "SoftmaxCrossEntropyLoss"};
/// ONNX's integer operators, rewritten as the QDQ nodes they compute
/// (QuantizedOperators.h).
static const llvm::StringLiteral kQuantizedOperators[] = {
    "ConvInteger", "MatMulInteger", "QLinearConv", "QLinearMatMul"};
/// Fourier transforms, rewritten as the layers they compute
/// (SpectralOperators.h).
static const llvm::StringLiteral kSpectralOperators[] = {"DFT", "STFT"};
/// If nodes, replaced by the branch their condition (known at import)
/// selects, and Loops of a known trip count and Scans, unrolled
/// (ControlFlow.h).
static const llvm::StringLiteral kInlinedControlFlow[] = {"If", "Loop", "Scan"};

llvm::ArrayRef<llvm::StringRef> eyeriss::getSupportedONNXOpTypes() {
  static const llvm::SmallVector<llvm::StringRef> ops = [] {
    llvm::SmallVector<llvm::StringRef> list;
    for (const auto &entry : kConverters)
      list.push_back(entry.opType);
    list.append(std::begin(kConvertedAway), std::end(kConvertedAway));
    list.append(std::begin(kInlinedFunctions), std::end(kInlinedFunctions));
    list.append(std::begin(kQuantizedOperators), std::end(kQuantizedOperators));
    list.append(std::begin(kSpectralOperators), std::end(kSpectralOperators));
    list.append(std::begin(kInlinedControlFlow), std::end(kInlinedControlFlow));
    llvm::sort(list);
    return list;
  }();
  return ops;
}

llvm::ArrayRef<llvm::StringRef> eyeriss::getFoldedONNXOpTypes() {
  static const llvm::SmallVector<llvm::StringRef> ops(foldableOpTypes().begin(),
                                                      foldableOpTypes().end());
  return ops;
}

static Importer::NodeConverter lookupConverter(llvm::StringRef opType) {
  for (const auto &entry : kConverters)
    if (entry.opType == opType)
      return entry.convert;
  return nullptr;
}

static std::string elementTypeName(int32_t elementType) {
  return onnx::TensorProto::DataType_Name(
      static_cast<onnx::TensorProto::DataType>(elementType));
}

/// The integer and bool types a program holds as whole numbers in f32 (a
/// bool as 0 and 1).
static bool isIntegerDataType(int32_t elementType) {
  return integerFormatOfDataType(elementType).has_value();
}

/// The comparisons and logical ops: their result is a bool tensor.
static bool givesBools(StringRef opType) {
  return llvm::is_contained({"Equal", "Less", "LessOrEqual", "Greater",
                             "GreaterOrEqual", "And", "Or", "Xor", "Not",
                             "IsNaN", "IsInf"},
                            opType);
}

/// The ops that move integers without computing on them: a layout op of a
/// computed integer tensor gives one.
static bool passesIntegers(StringRef opType) {
  return llvm::is_contained(
      {"Identity", "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose",
       "Slice", "Concat", "Expand", "Tile", "Split", "Gather", "GatherElements",
       "GatherND", "ScatterElements", "ScatterND", "TopK", "Pad"},
      opType);
}

/// The integer arithmetic the host runs exactly (eyeriss.binary with
/// `integers`; Abs, Neg, Sign and Clip of whole numbers are whole): every
/// input may be a computed integer, and then the result is one.
static bool computesOnIntegers(StringRef opType) {
  return llvm::is_contained({"Add", "Sub", "Mul", "Div", "Mod", "Max", "Min",
                             "Abs", "Neg", "Sign", "Clip", "MaxPool"},
                            opType);
}

/// What may read a computed integer tensor, for the error when other ops do.
static constexpr const char *kIntegerReaders =
    "computed integers may only be read by integer arithmetic (Add, Sub, "
    "Mul, Div, Mod, Pow, Max, Min, Abs, Neg, Sign, Clip, MaxPool), Gather, "
    "GatherElements, GatherND, ScatterElements, ScatterND (as their "
    "indices), TopK, Cast, CastLike, OneHot, QuantizeLinear, "
    "DequantizeLinear, the comparisons, the logical ops, Where and the layout "
    "ops (Reshape, Unsqueeze, Slice, Concat, Pad, ...)";

/// Whether input `index` of `node` may be a computed integer tensor: the
/// data of a layout op (any input of Concat), the indices of the gathers and
/// scatters, TopK's input, a Cast's input, a comparison's, logical op's or
/// Where's inputs, Pow's exponent.
static bool readsIntegers(const onnx::NodeProto &node, int index) {
  StringRef opType = node.op_type();
  if (opType == "Concat" || opType == "Where" || givesBools(opType))
    return true;
  if (opType == "Gather" || opType == "GatherElements" || opType == "GatherND")
    return index <= 1;
  // Data, indices and updates; a reduction of integers is refused by the
  // converter.
  if (opType == "ScatterElements" || opType == "ScatterND")
    return index <= 2;
  if (opType == "OneHot")
    return index == 0;
  // The quantized data (or int32 data QuantizeLinear scales) and the zero
  // point; the scale is a float.
  if (opType == "QuantizeLinear" || opType == "DequantizeLinear")
    return index == 0 || index == 2;
  // Pow's exponent may be an integer type: as a float it is the same power;
  // an integer base makes it integer arithmetic.
  if (opType == "Pow")
    return index <= 1;
  // Clip's bounds are constants, read at import.
  if (computesOnIntegers(opType))
    return opType != "Clip" || index == 0;
  return index == 0 &&
         (passesIntegers(opType) || opType == "Cast" || opType == "CastLike");
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

static const onnx::AttributeProto *findAttr(const onnx::NodeProto &node,
                                            StringRef name) {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

static int64_t getIntAttr(const onnx::NodeProto &node, StringRef name,
                          int64_t defaultValue) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  return attr ? attr->i() : defaultValue;
}

static float getFloatAttr(const onnx::NodeProto &node, StringRef name,
                          float defaultValue) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  return attr ? attr->f() : defaultValue;
}

static std::string getStringAttr(const onnx::NodeProto &node, StringRef name,
                                 StringRef defaultValue) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  return attr ? attr->s() : defaultValue.str();
}

static SmallVector<int64_t> getIntsAttr(const onnx::NodeProto &node,
                                        StringRef name,
                                        ArrayRef<int64_t> defaultValue) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  if (!attr)
    return SmallVector<int64_t>(defaultValue);
  return SmallVector<int64_t>(attr->ints().begin(), attr->ints().end());
}

//===----------------------------------------------------------------------===//
// Preparation
//===----------------------------------------------------------------------===//

/// Float initializers at least this large are weights: no ONNX tool needs
/// their values, only their shapes.
static constexpr int64_t kDetachThreshold = 256;

/// The checker, the version converter and shape inference copy the whole
/// model several times; with ResNet-50's or VGG-16's weights inside, those
/// copies dominate import time. The weights are therefore taken out (their
/// bytes moved, not copied) and stand in as graph inputs of the same type
/// while the tools run. Small and integer initializers stay: shape inference
/// and the converter read their values (Reshape shapes, Clip bounds).
void Importer::detachLargeInitializers(onnx::ModelProto &model) {
  onnx::GraphProto *graph = model.mutable_graph();
  llvm::StringSet<> inputNames;
  for (const onnx::ValueInfoProto &input : graph->input())
    inputNames.insert(input.name());
  auto *initializers = graph->mutable_initializer();
  int kept = 0;
  for (int i = 0; i < initializers->size(); ++i) {
    onnx::TensorProto &tensor = *initializers->Mutable(i);
    int64_t count = 1;
    for (int64_t d : tensor.dims())
      count *= d;
    bool isWeight = floatFormatOfDataType(tensor.data_type()) &&
                    count >= kDetachThreshold &&
                    tensor.data_location() != onnx::TensorProto::EXTERNAL &&
                    !detachedNames.contains(tensor.name());
    if (!isWeight) {
      if (kept != i)
        initializers->SwapElements(kept, i);
      ++kept;
      continue;
    }
    if (!inputNames.contains(tensor.name())) {
      onnx::ValueInfoProto *input = graph->add_input();
      input->set_name(tensor.name());
      onnx::TypeProto::Tensor *type =
          input->mutable_type()->mutable_tensor_type();
      type->set_elem_type(tensor.data_type());
      for (int64_t d : tensor.dims())
        type->mutable_shape()->add_dim()->set_dim_value(d);
    }
    detachedNames.insert(tensor.name());
    detached.emplace_back();
    detached.back().Swap(&tensor);
  }
  while (initializers->size() > kept)
    initializers->RemoveLast();
}

LogicalResult Importer::checkAndConvert(onnx::ModelProto &model) {
  Location fileLoc = FileLineColLoc::get(context, bufferName, 0, 0);
  for (const onnx::OperatorSetIdProto &set : model.opset_import()) {
    if (set.domain().empty() || set.domain() == "ai.onnx")
      opset = set.version();
    else
      otherOpsets[set.domain()] = set.version();
  }
  if (opset == 0)
    return emitError(fileLoc) << "the model imports no default-domain "
                                 "(ai.onnx) opset";
  if (opset < kMinImportOpset)
    return emitError(fileLoc)
           << "opset " << opset << " is older than the oldest supported ("
           << kMinImportOpset << ")";
  if (opset > onnx::OpSchemaRegistry::DomainToVersionRange::Instance()
                  .Map()
                  .at(onnx::ONNX_DOMAIN)
                  .second)
    return emitError(fileLoc) << "opset " << opset
                              << " is newer than this ONNX library knows";

  try {
    onnx::checker::check_model(model);
  } catch (const std::exception &e) {
    return emitError(fileLoc) << "the ONNX checker rejects the model: "
                              << e.what();
  }

  // ONNX 1.12's checker accepts a graph output that nothing defines, and its
  // version converter then dereferences the missing producer: refuse it here.
  llvm::StringSet<> defined(detachedNames);
  for (const onnx::ValueInfoProto &input : model.graph().input())
    defined.insert(input.name());
  for (const onnx::TensorProto &init : model.graph().initializer())
    defined.insert(init.name());
  for (const onnx::NodeProto &node : model.graph().node())
    for (const std::string &output : node.output())
      defined.insert(output);
  for (const onnx::ValueInfoProto &output : model.graph().output())
    if (!defined.contains(output.name()))
      return emitError(fileLoc)
             << "graph output '" << output.name()
             << "' is produced by no node and is no input or initializer";

  if (opset != kImportOpset) {
    // The converter runs ONNX's shape inference, whose Conv and pooling
    // functions crash on the window attributes and ranks checkWindowNodes
    // refuses.
    if (failed(checkWindowNodes(model)))
      return failure();
    // Scan-8 scans a batch of sequences; ONNX 1.12's 8 -> 9 adapter makes it
    // Scan-9 by dropping the batch dimension from the graph's inputs and
    // outputs, which changes the model's interface.
    if (opset < 9)
      for (const onnx::NodeProto &node : model.graph().node())
        if (node.op_type() == "Scan" &&
            (node.domain().empty() || node.domain() == "ai.onnx"))
          return emitNodeError(node)
                 << "Scan of opset 8 (a batch of sequences) is not supported: "
                    "ONNX's conversion to Scan-9 drops the batch dimension "
                    "from the graph's inputs; export at opset 9 or later";
    // ONNX 1.12's Pad 10 -> 11 adapter reads Pad-2's `value` as required,
    // though the schema makes it optional (default 0), and asserts without
    // it: write the default in.
    if (opset < 11)
      for (onnx::NodeProto &node : *model.mutable_graph()->mutable_node())
        if (node.op_type() == "Pad" &&
            (node.domain().empty() || node.domain() == "ai.onnx") &&
            !findAttr(node, "value")) {
          onnx::AttributeProto *value = node.add_attribute();
          value->set_name("value");
          value->set_type(onnx::AttributeProto::FLOAT);
          value->set_f(0.0f);
        }
    try {
      model = convertONNXOpset(model, opset, kImportOpset);
    } catch (const std::exception &e) {
      return emitError(fileLoc)
             << "the ONNX version converter cannot bring opset " << opset
             << " to " << kImportOpset << ": " << cleanONNXMessage(e.what());
    }
  }
  deferSTFTShapeInference(model);
  return success();
}

/// Each bound input becomes an initializer with the file's value, checked
/// against the input's declared type. From IR version 4 on it also leaves
/// the graph's inputs: ONNX treats an initializer that is still an input as
/// a default the caller may override, so shape inference would not read it.
LogicalResult Importer::bindInputs(onnx::ModelProto &model) {
  Location loc = FileLineColLoc::get(context, bufferName, 0, 0);
  onnx::GraphProto *graph = model.mutable_graph();
  for (const auto &[name, path] : options.boundInputs) {
    auto *inputs = graph->mutable_input();
    auto input = llvm::find_if(*inputs, [&](const onnx::ValueInfoProto &v) {
      return v.name() == name;
    });
    bool isInitializer =
        llvm::any_of(graph->initializer(), [&](const onnx::TensorProto &t) {
          return t.name() == name;
        });
    if (input == inputs->end() || isInitializer)
      return emitError(loc) << "--bind-input names '" << name
                            << "', which is not an input of the graph";
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
        llvm::MemoryBuffer::getFile(path);
    if (!file)
      return emitError(loc) << "--bind-input " << name << ": cannot read '"
                            << path << "': " << file.getError().message();
    onnx::TensorProto tensor;
    if ((*file)->getBufferSize() > size_t(std::numeric_limits<int>::max()) ||
        !tensor.ParseFromArray((*file)->getBufferStart(),
                               int((*file)->getBufferSize())))
      return emitError(loc) << "--bind-input " << name << ": '" << path
                            << "' is not an ONNX TensorProto";
    if (tensor.data_location() == onnx::TensorProto::EXTERNAL)
      return emitError(loc) << "--bind-input " << name << ": '" << path
                            << "' refers to external data";
    const onnx::TypeProto::Tensor &declared = input->type().tensor_type();
    if (declared.elem_type() && declared.elem_type() != tensor.data_type())
      return emitError(loc)
             << "--bind-input " << name << ": '" << path << "' holds "
             << onnx::TensorProto::DataType_Name(
                    onnx::TensorProto::DataType(tensor.data_type()))
             << ", the input is "
             << onnx::TensorProto::DataType_Name(
                    onnx::TensorProto::DataType(declared.elem_type()));
    if (declared.has_shape()) {
      bool fits = declared.shape().dim_size() == tensor.dims_size();
      for (int i = 0; fits && i < tensor.dims_size(); ++i) {
        const onnx::TensorShapeProto::Dimension &dim =
            declared.shape().dim(i);
        fits = !dim.has_dim_value() || dim.dim_value() == tensor.dims(i);
      }
      if (!fits)
        return emitError(loc)
               << "--bind-input " << name << ": '" << path
               << "' has shape "
               << formatShape(SmallVector<int64_t>(tensor.dims().begin(),
                                                   tensor.dims().end()))
               << ", which the input's declared shape does not admit";
    }
    tensor.set_name(name);
    *graph->add_initializer() = std::move(tensor);
    if (model.ir_version() >= 4)
      inputs->erase(input);
  }
  return success();
}

LogicalResult Importer::applyInputShapes(onnx::ModelProto &model) {
  onnx::GraphProto *graph = model.mutable_graph();
  llvm::StringSet<> initializerNames;
  for (const onnx::TensorProto &init : graph->initializer())
    initializerNames.insert(init.name());

  bool changed = false;
  llvm::StringSet<> seen;
  for (onnx::ValueInfoProto &input : *graph->mutable_input()) {
    if (initializerNames.contains(input.name()) ||
        detachedNames.contains(input.name()))
      continue;
    seen.insert(input.name());
    onnx::TensorShapeProto *shape =
        input.mutable_type()->mutable_tensor_type()->mutable_shape();
    auto it = options.inputShapes.find(input.name());
    if (it != options.inputShapes.end()) {
      shape->clear_dim();
      for (int64_t d : it->second)
        shape->add_dim()->set_dim_value(d);
      changed = true;
    }
    if (options.batch && shape->dim_size() > 0) {
      shape->mutable_dim(0)->set_dim_value(*options.batch);
      changed = true;
    }
  }
  for (const auto &entry : options.inputShapes)
    if (!seen.contains(entry.first))
      return emitError(FileLineColLoc::get(context, bufferName, 0, 0))
             << "--shape names '" << entry.first
             << "', which is not an input of the graph";
  // Shapes recorded by the exporter were for the old input shapes: let shape
  // inference recompute them rather than report a conflict.
  if (changed) {
    graph->clear_value_info();
    for (onnx::ValueInfoProto &output : *graph->mutable_output())
      output.mutable_type()->mutable_tensor_type()->clear_shape();
  }
  return success();
}

/// The rank of every value whose type is known without inference.
static llvm::StringMap<int> knownRanks(const onnx::GraphProto &graph) {
  llvm::StringMap<int> ranks;
  auto add = [&](const onnx::ValueInfoProto &info) {
    if (info.type().has_tensor_type() &&
        info.type().tensor_type().has_shape())
      ranks[info.name()] = info.type().tensor_type().shape().dim_size();
  };
  for (const onnx::ValueInfoProto &info : graph.input())
    add(info);
  for (const onnx::ValueInfoProto &info : graph.value_info())
    add(info);
  for (const onnx::TensorProto &init : graph.initializer())
    ranks[init.name()] = init.dims_size();
  return ranks;
}

/// ONNX 1.12's shape inference of convolutions and pooling divides by the
/// strides and indexes the per-axis attributes (sized from the input's rank)
/// with the kernel's rank, taken from the weight: a zero stride, or a weight
/// whose rank differs from the input's, crashes it. Both are refused here
/// before inference runs. An input that other nodes compute gets its rank
/// from inference over the nodes before it (a copy of the model cut there).
LogicalResult Importer::checkWindowNodes(const onnx::ModelProto &model) {
  static const llvm::StringSet<> windowOps = {
      "Conv", "ConvTranspose", "MaxPool", "AveragePool", "LpPool"};
  const onnx::GraphProto &graph = model.graph();
  llvm::StringMap<int> ranks = knownRanks(graph);
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto &node = graph.node(i);
    if (!windowOps.contains(node.op_type()) ||
        !(node.domain().empty() || node.domain() == "ai.onnx"))
      continue;
    for (StringRef name : {"strides", "dilations", "kernel_shape"})
      if (const onnx::AttributeProto *attr = findAttr(node, name))
        for (int64_t v : attr->ints())
          if (v < 1)
            return emitNodeError(node)
                   << name << " must be positive, got " << v;
    if (const onnx::AttributeProto *pads = findAttr(node, "pads"))
      for (int64_t v : pads->ints())
        if (v < 0)
          return emitNodeError(node)
                 << "pads must not be negative, got " << v;
    if ((node.op_type() != "Conv" && node.op_type() != "ConvTranspose") ||
        node.input_size() < 2)
      continue;
    const std::string &x = node.input(0), &w = node.input(1);
    if (!ranks.count(x) || !ranks.count(w)) {
      onnx::ModelProto prefix = model;
      onnx::GraphProto *cut = prefix.mutable_graph();
      while (cut->node_size() > i)
        cut->mutable_node()->RemoveLast();
      cut->clear_output();
      try {
        // As the whole model's inference will (data propagation on), so that
        // a rank it would know is known here; not strict, for as many ranks
        // as possible.
        onnx::ShapeInferenceOptions prefixOptions(/*check_type_val=*/false,
                                                  /*strict_mode_val=*/0,
                                                  /*data_prop_val=*/true);
        onnx::shape_inference::InferShapes(
            prefix, onnx::OpSchemaRegistry::Instance(), prefixOptions);
      } catch (const std::exception &) {
        // Reported by the inference of the whole model.
      }
      for (const auto &entry : knownRanks(prefix.graph()))
        ranks.try_emplace(entry.getKey(), entry.getValue());
    }
    auto xRank = ranks.find(x), wRank = ranks.find(w);
    if (xRank == ranks.end() || wRank == ranks.end() ||
        xRank->second == wRank->second)
      continue;
    return emitNodeError(node)
           << "the input '" << x << "' has rank " << xRank->second
           << " but the weight '" << w << "' has rank " << wRank->second
           << " (they must be equal: N x C x spatial, M x C/group x kernel)";
  }
  return success();
}

LogicalResult Importer::inferShapes(onnx::ModelProto &model) {
  if (failed(checkWindowNodes(model)))
    return failure();
  // Each round after the first completes at least one Einsum's or OneHot's
  // shape (ShapeCompletion.h), so there are at most as many rounds as nodes
  // (the bound guards against an inference that would drop what was
  // completed).
  int rounds = 0;
  do {
    try {
      onnx::ShapeInferenceOptions inferenceOptions(/*check_type_val=*/true,
                                                   /*strict_mode_val=*/1,
                                                   /*data_prop_val=*/true);
      onnx::shape_inference::InferShapes(
          model, onnx::OpSchemaRegistry::Instance(), inferenceOptions);
    } catch (const std::exception &e) {
      return emitError(FileLineColLoc::get(context, bufferName, 0, 0))
             << "ONNX shape inference fails: " << e.what();
    }
  } while (rounds++ <= model.graph().node_size() &&
           completeMissingShapes(*model.mutable_graph()));
  const onnx::GraphProto &graph = model.graph();
  for (const onnx::ValueInfoProto &info : graph.input())
    valueTypes[info.name()] = info.type();
  for (const onnx::ValueInfoProto &info : graph.value_info())
    valueTypes[info.name()] = info.type();
  for (const onnx::ValueInfoProto &info : graph.output())
    valueTypes[info.name()] = info.type();
  return success();
}

LogicalResult Importer::inlineFunctions(onnx::ModelProto &model) {
  auto isTranslated = [](StringRef opType) {
    // Ops folded at import keep their meaning when their inputs are
    // constants (Range's body is a Loop).
    return lookupConverter(opType) != nullptr ||
           llvm::is_contained(foldableOpTypes(), opType);
  };
  // Bodies built from the context read their inputs' types: initializers
  // have none in valueTypes.
  llvm::StringMap<onnx::TypeProto> initializerTypeProtos;
  auto addInitializer = [&](const onnx::TensorProto &init) {
    onnx::TypeProto::Tensor *type =
        initializerTypeProtos[init.name()].mutable_tensor_type();
    type->set_elem_type(init.data_type());
    for (int64_t d : init.dims())
      type->mutable_shape()->add_dim()->set_dim_value(d);
  };
  for (const onnx::TensorProto &init : model.graph().initializer())
    addInitializer(init);
  for (const onnx::TensorProto &init : detached)
    addInitializer(init);
  auto typeOf = [&](const std::string &name) -> const onnx::TypeProto * {
    if (auto it = valueTypes.find(name); it != valueTypes.end())
      return &it->second;
    if (auto it = initializerTypeProtos.find(name);
        it != initializerTypeProtos.end())
      return &it->second;
    return nullptr;
  };
  QuantizedOperatorsResult quantized =
      expandQuantizedOperators(*model.mutable_graph(), typeOf);
  if (quantized.badNode)
    return emitNodeError(*quantized.badNode) << quantized.message;
  if (quantized.expanded && failed(inferShapes(model)))
    return failure();
  // A body may hold function ops (SoftmaxCrossEntropyLoss's holds
  // NegativeLogLikelihoodLoss): one level per round, each typed by shape
  // inference. ONNX's bodies nest at most two deep; the bound guards
  // against a body that would contain its own op.
  for (int depth = 0;; ++depth) {
    FunctionInliningResult inlining = inlineFunctionBodies(
        *model.mutable_graph(), kImportOpset, isTranslated, typeOf);
    if (inlining.badNode)
      return emitNodeError(*inlining.badNode)
             << "cannot expand the op's ONNX function body: "
             << cleanONNXMessage(inlining.message);
    if (!inlining.inlined)
      return success();
    if (depth == 8)
      return emitError(FileLineColLoc::get(context, bufferName, 0, 0))
             << "ONNX function bodies nest more than 8 deep";
    if (failed(inferShapes(model)))
      return failure();
  }
}

/// The graph's inputs must be static float32 tensors. Checked before shape
/// arithmetic is evaluated: with a dynamic batch, the Shape nodes of an
/// export cannot be evaluated, and "Shape is not supported" would hide the
/// real cause.
LogicalResult Importer::checkInputTypes(const onnx::ModelProto &model) {
  llvm::StringSet<> initializerNames;
  for (const onnx::TensorProto &init : model.graph().initializer())
    initializerNames.insert(init.name());
  Location fileLoc = FileLineColLoc::get(context, bufferName, 0, 0);
  bool ok = true;
  for (const onnx::ValueInfoProto &input : model.graph().input())
    if (!initializerNames.contains(input.name()) &&
        !detachedNames.contains(input.name())) {
      // Token ids, positions, masks: whole numbers the host feeds in f32.
      if (isIntegerDataType(input.type().tensor_type().elem_type()))
        integerValues.insert(input.name());
      ok &= succeeded(getValueType(
          input.name(), NameLoc::get(builder.getStringAttr(input.name()),
                                     fileLoc)));
    }
  return success(ok);
}

void Importer::fuseLayerNorms(onnx::ModelProto &model) {
  llvm::StringMap<const onnx::TensorProto *> initializers;
  for (const onnx::TensorProto &init : model.graph().initializer())
    initializers[init.name()] = &init;
  for (const onnx::TensorProto &init : detached)
    initializers[init.name()] = &init;
  fuseLayerNormalization(*model.mutable_graph(), valueTypes,
                         [&](const std::string &name) {
                           return initializers.lookup(name);
                         });
}

LogicalResult Importer::foldShapes(onnx::ModelProto &model) {
  // A value whose shape comes from folded arithmetic (the Reshape it feeds)
  // gets its static type only when shape inference runs again, and a Shape
  // of it can fold only then: repeat until nothing folds. Each round folds
  // at least one node, so this ends.
  while (true) {
    ShapeFoldingResult folding =
        foldShapeComputations(*model.mutable_graph(), valueTypes);
    if (folding.badNode)
      return emitNodeError(*folding.badNode)
             << "cannot evaluate this shape computation: " << folding.message;
    if (!folding.folded)
      return success();
    // Before IR version 4 every initializer is also a graph input.
    if (model.ir_version() < 4) {
      llvm::StringSet<> inputNames;
      for (const onnx::ValueInfoProto &input : model.graph().input())
        inputNames.insert(input.name());
      for (const onnx::TensorProto &init : model.graph().initializer()) {
        if (inputNames.contains(init.name()))
          continue;
        onnx::ValueInfoProto *input = model.mutable_graph()->add_input();
        input->set_name(init.name());
        onnx::TypeProto::Tensor *type =
            input->mutable_type()->mutable_tensor_type();
        type->set_elem_type(init.data_type());
        for (int64_t d : init.dims())
          type->mutable_shape()->add_dim()->set_dim_value(d);
      }
    }
    if (failed(inferShapes(model)))
      return failure();
  }
}

llvm::StringMap<const onnx::TensorProto *>
Importer::initializersByName(const onnx::ModelProto &model) const {
  llvm::StringMap<const onnx::TensorProto *> initializers;
  for (const onnx::TensorProto &init : model.graph().initializer())
    initializers[init.name()] = &init;
  for (const onnx::TensorProto &init : detached)
    initializers[init.name()] = &init;
  return initializers;
}

LogicalResult Importer::inlineControlFlow(onnx::ModelProto &model) {
  // A branch or a loop body may hold further control flow, or compute what
  // another's condition or trip count folds from: one round each, then
  // those left are refused.
  for (bool last = false;;) {
    llvm::StringMap<const onnx::TensorProto *> initializers =
        initializersByName(model);
    auto initializerOf = [&](const std::string &name) {
      return initializers.lookup(name);
    };
    BranchInliningResult branches = eyeriss::inlineSelectedBranches(
        *model.mutable_graph(), initializerOf, /*refuseComputed=*/last);
    if (branches.badNode)
      return emitNodeError(*branches.badNode) << branches.message;
    // Inlining may have added initializers (a branch's): look them up anew.
    initializers = initializersByName(model);
    LoopUnrollingResult loops = unrollLoops(
        *model.mutable_graph(), initializerOf, /*refuseOthers=*/last);
    if (loops.badNode)
      return emitNodeError(*loops.badNode)
             << "cannot unroll: " << loops.message;
    auto typeOf = [&](const std::string &name) -> const onnx::TypeProto * {
      auto it = valueTypes.find(name);
      return it != valueTypes.end() ? &it->second : nullptr;
    };
    LoopUnrollingResult scans =
        unrollScans(*model.mutable_graph(), typeOf, /*refuseOthers=*/last);
    if (scans.badNode)
      return emitNodeError(*scans.badNode)
             << "cannot unroll: " << scans.message;
    if (last)
      return success();
    if (!branches.inlined && !loops.unrolled && !scans.unrolled)
      last = true;
    else if (failed(inferShapes(model)) || failed(foldShapes(model)))
      return failure();
  }
}

LogicalResult Importer::expandSpectralOperators(onnx::ModelProto &model) {
  if (llvm::none_of(model.graph().node(), isSpectralOperator))
    return success();
  llvm::StringMap<const onnx::TensorProto *> initializers =
      initializersByName(model);
  auto typeOf = [&](const std::string &name) -> const onnx::TypeProto * {
    auto it = valueTypes.find(name);
    return it != valueTypes.end() ? &it->second : nullptr;
  };
  auto initializerOf = [&](const std::string &name) {
    return initializers.lookup(name);
  };
  SpectralOperatorsResult spectral =
      eyeriss::expandSpectralOperators(model, typeOf, initializerOf);
  if (spectral.badNode)
    return emitNodeError(*spectral.badNode) << spectral.message;
  // What reads the transforms gets its shapes (and a Shape of them folds).
  return success(succeeded(inferShapes(model)) && succeeded(foldShapes(model)));
}

LogicalResult
Importer::refuseUnsupportedNodes(const onnx::GraphProto &graph) {
  SmallVector<const onnx::NodeProto *> refused;
  for (const onnx::NodeProto &node : graph.node()) {
    bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
    if (!defaultDomain || !lookupConverter(node.op_type()))
      refused.push_back(&node);
  }
  if (refused.empty())
    return success();
  InFlightDiagnostic diag =
      emitError(FileLineColLoc::get(context, bufferName, 0, 0))
      << refused.size() << " node" << (refused.size() == 1 ? "" : "s")
      << " of the model " << (refused.size() == 1 ? "is" : "are")
      << " not supported";
  for (const onnx::NodeProto *node : refused) {
    bool defaultDomain = node->domain().empty() || node->domain() == "ai.onnx";
    Location loc = getNodeLoc(*node);
    Diagnostic &note = diag.attachNote(loc);
    note << "node '" << cast<NameLoc>(loc).getName().getValue() << "': op type "
         << node->op_type() << " (domain "
         << (defaultDomain ? "ai.onnx" : node->domain());
    // A domain the model does not import has no opset to name.
    if (defaultDomain)
      note << ", opset " << opset;
    else if (auto it = otherOpsets.find(node->domain());
             it != otherOpsets.end())
      note << ", opset " << it->second;
    note << ") is not supported";
  }
  return diag;
}

//===----------------------------------------------------------------------===//
// Tensors and types
//===----------------------------------------------------------------------===//

FailureOr<DenseElementsAttr>
Importer::convertTensor(const onnx::TensorProto &tensor, Location loc) {
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL)
    return emitError(loc) << "tensor '" << tensor.name()
                          << "' keeps its data in an external file, which "
                             "is not supported";
  SmallVector<int64_t> shape;
  int64_t count = 1;
  for (int64_t d : tensor.dims()) {
    if (d < 0)
      return emitError(loc) << "tensor '" << tensor.name()
                            << "' has a negative dimension " << d;
    shape.push_back(d);
    if (d != 0 && count > options.maxTensorElements / d)
      return emitError(loc) << "tensor '" << tensor.name()
                            << "' is larger than the limit of "
                            << options.maxTensorElements << " elements";
    count *= d;
  }
  if (count > options.maxTensorElements)
    return emitError(loc) << "tensor '" << tensor.name() << "' has " << count
                          << " elements, more than the limit of "
                          << options.maxTensorElements;

  auto mismatch = [&]() {
    return emitError(loc) << "tensor '" << tensor.name()
                          << "' holds a different number of values than its "
                             "shape ("
                          << count << ") says";
  };
  switch (tensor.data_type()) {
  case onnx::TensorProto::FLOAT: {
    auto type = RankedTensorType::get(shape, builder.getF32Type());
    // Raw little-endian floats are already the attribute's storage format.
    if (tensor.has_raw_data() &&
        llvm::endianness::native == llvm::endianness::little) {
      if (tensor.raw_data().size() != count * sizeof(float))
        return mismatch();
      return DenseElementsAttr::getFromRawBuffer(
          type, ArrayRef<char>(tensor.raw_data().data(),
                               tensor.raw_data().size()));
    }
    std::vector<float> data;
    if (!readTensorProtoPayload(tensor, tensor.float_data(), count, data))
      return mismatch();
    return DenseElementsAttr::get(type, llvm::ArrayRef(data));
  }
  case onnx::TensorProto::FLOAT16:
  case onnx::TensorProto::BFLOAT16: {
    // float32 holds every value exactly.
    std::vector<float> widened;
    std::string problem;
    if (!read16BitFloatPayload(tensor, count, widened, problem))
      return emitError(loc) << "tensor '" << tensor.name() << "' " << problem;
    auto type = RankedTensorType::get(shape, builder.getF32Type());
    return DenseElementsAttr::get(type, llvm::ArrayRef(widened));
  }
  case onnx::TensorProto::DOUBLE: {
    std::vector<double> data;
    if (!readTensorProtoPayload(tensor, tensor.double_data(), count, data))
      return mismatch();
    std::vector<float> narrowed(data.begin(), data.end());
    auto type = RankedTensorType::get(shape, builder.getF32Type());
    return DenseElementsAttr::get(type, llvm::ArrayRef(narrowed));
  }
  case onnx::TensorProto::INT64: {
    std::vector<int64_t> data;
    if (!readTensorProtoPayload(tensor, tensor.int64_data(), count, data))
      return mismatch();
    auto type = RankedTensorType::get(shape, builder.getI64Type());
    return DenseElementsAttr::get(type, llvm::ArrayRef(data));
  }
  case onnx::TensorProto::INT32: {
    std::vector<int32_t> data;
    if (!readTensorProtoPayload(tensor, tensor.int32_data(), count, data))
      return mismatch();
    std::vector<int64_t> widened(data.begin(), data.end());
    auto type = RankedTensorType::get(shape, builder.getI64Type());
    return DenseElementsAttr::get(type, llvm::ArrayRef(widened));
  }
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::UINT16:
  case onnx::TensorProto::UINT32:
  case onnx::TensorProto::UINT64: {
    // Quantized weights and zero points (QDQ models), for DequantizeLinear;
    // constants of integer arithmetic.
    std::vector<int64_t> widened;
    std::string problem;
    if (!readNarrowIntegerPayload(tensor, count, widened, problem))
      return emitError(loc) << "tensor '" << tensor.name() << "' " << problem;
    auto type = RankedTensorType::get(shape, builder.getI64Type());
    return DenseElementsAttr::get(type, llvm::ArrayRef(widened));
  }
  case onnx::TensorProto::BOOL: {
    // Flags such as Dropout's training_mode.
    std::vector<uint8_t> data;
    if (!readTensorProtoPayload(tensor, tensor.int32_data(), count, data))
      return mismatch();
    SmallVector<bool> flags(data.begin(), data.end());
    auto type = RankedTensorType::get(shape, builder.getI1Type());
    return DenseElementsAttr::get(type, ArrayRef<bool>(flags));
  }
  default:
    return emitError(loc) << "tensor '" << tensor.name()
                          << "' has ONNX data type "
                          << onnx::TensorProto::DataType_Name(
                                 static_cast<onnx::TensorProto::DataType>(
                                     tensor.data_type()))
                          << "; only float32 (and integer shapes, bounds, "
                             "constants and quantized values, bool flags) "
                             "are supported";
  }
}

FailureOr<RankedTensorType> Importer::getValueType(StringRef name,
                                                   Location loc) {
  auto it = valueTypes.find(name);
  if (it == valueTypes.end() || !it->second.has_tensor_type() ||
      !it->second.tensor_type().has_shape())
    return emitError(loc) << "ONNX shape inference gives no shape for '"
                          << name << "'";
  const onnx::TypeProto::Tensor &tensorType = it->second.tensor_type();
  // Float16, bfloat16 and float64 values are computed in float32 (and the
  // PE array's 16-bit fixed point); a Cast to a narrower type rounds.
  // Integer ones are whole numbers held in f32, where the importer has
  // admitted them (integerValues).
  if (!floatFormatOfDataType(tensorType.elem_type()) &&
      !(isIntegerDataType(tensorType.elem_type()) &&
        integerValues.contains(name)))
    return emitError(loc) << "'" << name << "' has ONNX element type "
                          << elementTypeName(tensorType.elem_type())
                          << "; only floating-point values (float32, "
                             "float16, bfloat16, float64) are supported"
                          << (isIntegerDataType(tensorType.elem_type())
                                  ? ", and integer and bool ones as graph "
                                    "inputs and as what integer arithmetic, "
                                    "Gather, Cast, the comparisons and the "
                                    "layout ops make of them"
                                  : "");
  SmallVector<int64_t> shape;
  int64_t count = 1;
  for (auto [i, dim] : llvm::enumerate(tensorType.shape().dim())) {
    if (!dim.has_dim_value() || dim.dim_value() < 0) {
      InFlightDiagnostic diag = emitError(loc)
                                << "'" << name << "' has a dynamic dimension "
                                << i;
      if (dim.has_dim_param())
        diag << " ('" << dim.dim_param() << "')";
      diag << "; give its shape with --shape=<input>:<d0,d1,...> or --batch N";
      return diag;
    }
    shape.push_back(dim.dim_value());
    if (dim.dim_value() != 0 &&
        count > options.maxTensorElements / dim.dim_value())
      return emitError(loc) << "'" << name
                            << "' is larger than the limit of "
                            << options.maxTensorElements << " elements";
    count *= dim.dim_value();
  }
  if (count > options.maxTensorElements)
    return emitError(loc) << "'" << name << "' is larger than the limit of "
                          << options.maxTensorElements << " elements";
  return RankedTensorType::get(shape, builder.getF32Type());
}

Type Importer::hostFormatOf(StringRef name) {
  auto it = valueTypes.find(name);
  if (it == valueTypes.end())
    return Type();
  // The float16, bfloat16, float64, integer and bool types: the type that
  // names their host format (none for float32).
  int32_t elementType = it->second.tensor_type().elem_type();
  std::optional<HostFormat> format = floatFormatOfDataType(elementType);
  if (!format)
    format = integerFormatOfDataType(elementType);
  return format ? EyerissDialect::getHostFormatType(context, *format) : Type();
}

FailureOr<Value> Importer::getOperand(const onnx::NodeProto &node,
                                      int index) {
  if (!hasInput(node, index))
    return emitNodeError(node) << "input #" << index << " is missing";
  const std::string &name = node.input(index);
  // Its producer failed and said so already.
  if (failedNames.contains(name))
    return failure();
  if (integerValues.contains(name) && !constants.count(name) &&
      !readsIntegers(node, index))
    return emitNodeError(node) << "input '" << name
                               << "' is an integer tensor; " << kIntegerReaders;
  if (Value value = values.lookup(name))
    return value;
  auto it = constants.find(name);
  if (it == constants.end())
    return emitNodeError(node) << "input '" << name << "' is not defined";
  DenseElementsAttr attr = it->second;
  // An integer or bool constant joins computed integers (a Concat of a class
  // token's id with the token ids, an Equal with 0, a Where's constant
  // condition): whole numbers in f32, exact up to 2^24.
  if (isa<IntegerType>(attr.getElementType()) && readsIntegers(node, index)) {
    bool isBool = attr.getElementType().isInteger(1);
    SmallVector<float> whole;
    for (const APInt &v : attr.getValues<APInt>()) {
      int64_t n = isBool ? int64_t(v.getZExtValue()) : v.getSExtValue();
      if (n < -kMaxExactInteger || n > kMaxExactInteger)
        return emitNodeError(node)
               << "input '" << name << "' holds " << n
               << ", beyond the integers float32 holds exactly (2^24)";
      whole.push_back(float(n));
    }
    attr = DenseElementsAttr::get(
        RankedTensorType::get(attr.getType().getShape(), builder.getF32Type()),
        ArrayRef<float>(whole));
  }
  if (!attr.getElementType().isF32())
    return emitNodeError(node)
           << "input '" << name
           << "' is an integer tensor; only float32 tensors can be data";
  Value value = ConstantOp::create(
      builder, NameLoc::get(builder.getStringAttr(name)), attr);
  values[name] = value;
  return value;
}

FailureOr<DenseElementsAttr>
Importer::getConstantInput(const onnx::NodeProto &node, int index,
                           StringRef what) {
  const std::string &name = node.input(index);
  auto it = constants.find(name);
  if (it == constants.end())
    return emitNodeError(node) << what << " ('" << name
                               << "') must be a constant (an initializer "
                                  "or a Constant node)";
  return it->second;
}

//===----------------------------------------------------------------------===//
// Nodes
//===----------------------------------------------------------------------===//

Location Importer::getNodeLoc(const onnx::NodeProto &node) {
  // An unnamed node is named after its first output present (an LSTM's Y
  // may be left out).
  std::string name = node.name();
  for (int i = 0; name.empty() && i < node.output_size(); ++i)
    name = node.output(i);
  if (name.empty())
    name = node.op_type();
  return NameLoc::get(builder.getStringAttr(name),
                      FileLineColLoc::get(context, bufferName, 0, 0));
}

InFlightDiagnostic Importer::emitNodeError(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  return emitError(loc) << "node '" << cast<NameLoc>(loc).getName().getValue()
                        << "' (" << node.op_type() << ", opset " << opset
                        << "): ";
}

LogicalResult Importer::checkExtraOutputsUnused(const onnx::NodeProto &node,
                                                int numUsable) {
  for (int i = numUsable; i < node.output_size(); ++i)
    if (!node.output(i).empty() && usedNames.contains(node.output(i)))
      return emitNodeError(node) << "output #" << i << " ('" << node.output(i)
                                 << "') is used, which is not supported";
  return success();
}

FailureOr<SmallVector<int64_t>>
Importer::getWindowPads(const onnx::NodeProto &node,
                        ArrayRef<int64_t> inputSpatial,
                        ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                        ArrayRef<int64_t> dilations) {
  size_t dims = inputSpatial.size();
  std::string autoPad = getStringAttr(node, "auto_pad", "NOTSET");
  if (autoPad == "NOTSET") {
    SmallVector<int64_t> onnxPads =
        getIntsAttr(node, "pads", SmallVector<int64_t>(2 * dims, 0));
    if (onnxPads.size() != 2 * dims)
      return emitNodeError(node)
             << "pads has " << onnxPads.size() << " values; " << dims
             << "-D windows need " << 2 * dims;
    // ONNX order [h_begin, w_begin, h_end, w_end] is ours too.
    return onnxPads;
  }
  if (autoPad == "VALID")
    return SmallVector<int64_t>(2 * dims, 0);
  if (autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER")
    return emitNodeError(node) << "unknown auto_pad '" << autoPad << "'";
  SmallVector<int64_t> pads(2 * dims, 0);
  for (size_t d = 0; d < dims; ++d) {
    int64_t out = (inputSpatial[d] + strides[d] - 1) / strides[d];
    int64_t span = dilations[d] * (kernel[d] - 1) + 1;
    int64_t total =
        std::max<int64_t>((out - 1) * strides[d] + span - inputSpatial[d], 0);
    int64_t small = total / 2, large = total - small;
    bool upper = autoPad == "SAME_UPPER";
    pads[d] = upper ? small : large;
    pads[d + dims] = upper ? large : small;
  }
  return pads;
}

LogicalResult Importer::convertNode(const onnx::NodeProto &node) {
  builder.setInsertionPointToEnd(builder.getInsertionBlock());
  NodeConverter convert = lookupConverter(node.op_type());
  if (!convert)
    return emitNodeError(node) << "op type is not supported";
  // A node reading what a failed node would have produced fails quietly:
  // that node's error says what is wrong, and parameter inputs (a Reshape's
  // shape) would otherwise draw a second, misleading one.
  if (llvm::any_of(node.input(), [&](const std::string &name) {
        return failedNames.contains(name);
      }))
    return failure();
  // Computed integers are indices, not numbers to compute with: refused
  // here, before a converter reports the integer result type instead.
  // (A layout op of an integer constant that a converter folds gives a
  // constant, which parameter inputs may be.)
  for (int i = 0; i < node.input_size(); ++i)
    if (integerValues.contains(node.input(i)) &&
        !constants.count(node.input(i)) && !readsIntegers(node, i)) {
      // An input after the data sets an op's parameters (a Reshape's shape,
      // a Resize's sizes), which the compile needs at import.
      if (i == 0)
        return emitNodeError(node)
               << "input '" << node.input(i) << "' is an integer tensor; "
               << kIntegerReaders;
      InFlightDiagnostic diag =
          emitNodeError(node)
          << "input #" << i << " ('" << node.input(i)
          << "') is an integer tensor computed at run time; it sets the op's "
             "parameters, which must be known at import (a constant, or "
             "shape arithmetic the importer evaluates)";
      if (isa_and_nonnull<BlockArgument>(values.lookup(node.input(i))))
        diag << ": bind the graph input with --bind-input";
      return diag;
    }
  // A layout op of integers gives integers (a Gather of ids, their
  // Unsqueeze; Concat's every input is data, the others' first), a
  // comparison bools, a Where of integers integers.
  auto isInteger = [&](int i) {
    if (i >= node.input_size())
      return false;
    auto constant = constants.find(node.input(i));
    return integerValues.contains(node.input(i)) ||
           (constant != constants.end() &&
            isa<IntegerType>(constant->second.getElementType()));
  };
  if (givesBools(node.op_type()) ||
      (node.op_type() == "Where" && (isInteger(1) || isInteger(2))) ||
      node.op_type() == "QuantizeLinear" ||
      // Integer arithmetic: ONNX gives both operands one type (but Pow's
      // exponent, which does not make the power an integer).
      (node.op_type() == "Pow" && isInteger(0)) ||
      (computesOnIntegers(node.op_type()) &&
       llvm::any_of(llvm::seq(node.op_type() == "Clip" ? 1 : node.input_size()),
                    isInteger)) ||
      (passesIntegers(node.op_type()) && node.input_size() > 0 &&
       (node.op_type() == "Concat"
            ? llvm::any_of(llvm::seq(node.input_size()), isInteger)
            : isInteger(0))))
    for (const std::string &output : node.output())
      integerValues.insert(output);
  return (this->*convert)(node);
}

template <typename OpTy>
LogicalResult Importer::convertUnary(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  // Identity of a constant stays a constant: exporters reach conv biases
  // through Identity(initializer), and later passes want the constant.
  if constexpr (std::is_same_v<OpTy, IdentityOp>) {
    auto it = constants.find(node.input(0));
    if (it != constants.end()) {
      constants[node.output(0)] = it->second;
      return success();
    }
  }
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  auto inputType = cast<RankedTensorType>(input->getType());
  if constexpr (std::is_same_v<OpTy, GlobalAvgPoolOp>) {
    if (inputType.getRank() != 4)
      return emitNodeError(node) << "only 4-D (NCHW) inputs are supported";
  }
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  setResult(node, 0, OpTy::create(builder, loc, *type, *input));
  return success();
}

LogicalResult Importer::convertConv(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  FailureOr<Value> filter = getOperand(node, 1);
  if (failed(input) || failed(filter))
    return failure();
  auto inputType = cast<RankedTensorType>(input->getType());
  auto filterType = cast<RankedTensorType>(filter->getType());
  int64_t rank = inputType.getRank();
  if (rank < 3 || rank > 5)
    return emitNodeError(node) << "only 1-D, 2-D and 3-D convolutions (an "
                                  "input of rank 3, 4 or 5) are supported, "
                                  "got a rank-"
                               << rank << " input";
  if (filterType.getRank() != rank)
    return emitNodeError(node)
           << "the weight has rank " << filterType.getRank() << "; a rank-"
           << rank << " input needs a rank-" << rank << " weight";
  Value bias;
  if (hasInput(node, 2)) {
    FailureOr<Value> b = getOperand(node, 2);
    if (failed(b))
      return failure();
    bias = *b;
  }
  if (rank == 3)
    return convertConv1D(node, *input, *filter, bias);
  if (rank == 5)
    return convertConv3D(node, *input, *filter, bias);
  SmallVector<int64_t> kernel(filterType.getShape().drop_front(2));
  SmallVector<int64_t> strides = getIntsAttr(node, "strides", {1, 1});
  SmallVector<int64_t> dilations = getIntsAttr(node, "dilations", {1, 1});
  if (strides.size() != 2 || dilations.size() != 2)
    return emitNodeError(node) << "strides and dilations need 2 values each";
  FailureOr<SmallVector<int64_t>> pads =
      getWindowPads(node, inputType.getShape().drop_front(2), kernel, strides,
                    dilations);
  if (failed(pads))
    return failure();
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  auto conv = Conv2DOp::create(
      builder, loc, *type, *input, *filter, bias,
      builder.getDenseI64ArrayAttr(strides), builder.getDenseI64ArrayAttr(*pads),
      builder.getDenseI64ArrayAttr(dilations),
      builder.getI64IntegerAttr(getIntAttr(node, "group", 1)),
      /*activation=*/nullptr, /*mapping=*/nullptr, /*quant=*/nullptr);
  setResult(node, 0, conv);
  return success();
}

FailureOr<Importer::ConvWindow>
Importer::getConvWindow(const onnx::NodeProto &node, ArrayRef<int64_t> in,
                        ArrayRef<int64_t> w) {
  size_t dims = in.size() - 2;
  SmallVector<int64_t> ones(dims, 1);
  ConvWindow window;
  window.strides = getIntsAttr(node, "strides", ones);
  window.dilations = getIntsAttr(node, "dilations", ones);
  if (window.strides.size() != dims || window.dilations.size() != dims)
    return emitNodeError(node)
           << "strides and dilations need " << dims << " values each";
  FailureOr<SmallVector<int64_t>> pads =
      getWindowPads(node, in.drop_front(2), w.drop_front(2), window.strides,
                    window.dilations);
  if (failed(pads))
    return failure();
  window.pads = *pads;
  FailureOr<RankedTensorType> type =
      getValueType(node.output(0), getNodeLoc(node));
  if (failed(type))
    return failure();
  window.type = *type;
  // ONNX shape inference has checked this; a mismatch would be ours.
  bool fits = type->getRank() == static_cast<int64_t>(in.size());
  for (size_t d = 0; fits && d < dims; ++d) {
    int64_t span = window.dilations[d] * (w[2 + d] - 1) + 1;
    int64_t padded = in[2 + d] + window.pads[d] + window.pads[d + dims];
    fits = window.strides[d] >= 1 && padded >= span &&
           type->getDimSize(2 + d) == (padded - span) / window.strides[d] + 1;
  }
  if (!fits)
    return emitNodeError(node)
           << "the " << dims << "-D window does not fit the input "
           << formatShape(in)
           << " as ONNX shape "
              "inference's output "
           << formatShape(type->getShape()) << " says";
  return window;
}

/// Conv1d: the PE array's convolution over rows of height 1, N x C x 1 x L
/// with an M x C/group x 1 x K filter.
LogicalResult Importer::convertConv1D(const onnx::NodeProto &node, Value input,
                                      Value filter, Value bias) {
  Location loc = getNodeLoc(node);
  ArrayRef<int64_t> in = cast<RankedTensorType>(input.getType()).getShape();
  ArrayRef<int64_t> w = cast<RankedTensorType>(filter.getType()).getShape();
  FailureOr<ConvWindow> window = getConvWindow(node, in, w);
  if (failed(window))
    return failure();
  ArrayRef<int64_t> strides = window->strides, dilations = window->dilations,
                    pads = window->pads;
  RankedTensorType type = window->type;
  Type f32 = builder.getF32Type();
  Value rows = ReshapeOp::create(
      builder, childLoc(loc, ".rows"),
      RankedTensorType::get({in[0], in[1], 1, in[2]}, f32), input);
  Value filterRows = ReshapeOp::create(
      builder, childLoc(loc, ".filter"),
      RankedTensorType::get({w[0], w[1], 1, w[2]}, f32), filter);
  int64_t M = type.getDimSize(1), length = type.getDimSize(2);
  Value conv = Conv2DOp::create(
      builder, loc, RankedTensorType::get({in[0], M, 1, length}, f32), rows,
      filterRows, bias, builder.getDenseI64ArrayAttr({1, strides[0]}),
      builder.getDenseI64ArrayAttr({0, pads[0], 0, pads[1]}),
      builder.getDenseI64ArrayAttr({1, dilations[0]}),
      builder.getI64IntegerAttr(getIntAttr(node, "group", 1)),
      /*activation=*/nullptr, /*mapping=*/nullptr, /*quant=*/nullptr);
  setResult(node, 0,
            ReshapeOp::create(builder, childLoc(loc, ".unrows"), type, conv));
  return success();
}

/// Conv3d as one 2-D convolution on the PE array, which sums over the
/// temporal taps in its psums: the frames go to the batch, and each output
/// frame's KT input frames (t * stride + kt * dilation, after padding in
/// time) are stacked along the channels. In layout terms, N x C x T x H x W
/// becomes T x N x C x H x W (a host transpose), padded in T, sliced once per
/// tap (stride st from kt * dt), concatenated on C with the channels of each
/// group kept together, and run as a (To * N) x (KT * C) x H x W convolution
/// with the M x (KT * C/group) x KH x KW filter W'[m][kt * C/g + c] =
/// W[m][c][kt]; its output goes back to N x M x To x Ho x Wo. Bias and
/// activation stay the layer's.
LogicalResult Importer::convertConv3D(const onnx::NodeProto &node, Value input,
                                      Value filter, Value bias) {
  Location loc = getNodeLoc(node);
  ArrayRef<int64_t> in = cast<RankedTensorType>(input.getType()).getShape();
  ArrayRef<int64_t> w = cast<RankedTensorType>(filter.getType()).getShape();
  FailureOr<ConvWindow> window = getConvWindow(node, in, w);
  if (failed(window))
    return failure();
  ArrayRef<int64_t> strides = window->strides, dilations = window->dilations,
                    pads = window->pads;
  RankedTensorType type = window->type;
  int64_t group = getIntAttr(node, "group", 1);
  if (group < 1 || in[1] % group || w[1] * group != in[1] || w[0] % group)
    return emitNodeError(node)
           << "the weight " << formatShape(w) << " does not fit the input "
           << formatShape(in) << " with " << group
           << " groups (ONNX: M x C/group x kT x kH x kW)";
  int64_t N = in[0], C = in[1], T = in[2], H = in[3], W = in[4];
  int64_t M = w[0], Cg = w[1], KT = w[2], KH = w[3], KW = w[4];
  int64_t To = type.getDimSize(2), Ho = type.getDimSize(3),
          Wo = type.getDimSize(4);
  int64_t padBegin = pads[0], padEnd = pads[3];

  // T x N x C x H x W: a run of frames is then a run of images.
  Value frames = TransposeOp::create(
      builder, childLoc(loc, ".frames"), f32Tensor({T, N, C, H, W}), input,
      builder.getDenseI64ArrayAttr({2, 0, 1, 3, 4}));
  int64_t paddedT = T + padBegin + padEnd;
  if (padBegin || padEnd) {
    // Zero frames before and after: rows of a 1 x 1 x T x (N*C*H*W) plane.
    int64_t plane = N * C * H * W;
    Value rows = ReshapeOp::create(builder, childLoc(loc, ".tpad.rows"),
                                   f32Tensor({1, 1, T, plane}), frames);
    Value padded = PadOp::create(
        builder, childLoc(loc, ".tpad"), f32Tensor({1, 1, paddedT, plane}),
        rows, builder.getDenseI64ArrayAttr({padBegin, 0, padEnd, 0}));
    frames = ReshapeOp::create(builder, childLoc(loc, ".tpad.frames"),
                               f32Tensor({paddedT, N, C, H, W}), padded);
  }
  SmallVector<Value> taps;
  for (int64_t kt = 0; kt < KT; ++kt)
    taps.push_back(createSlice(childLoc(loc, ".tap" + std::to_string(kt)),
                               frames, f32Tensor({To, N, C, H, W}), 0,
                               kt * dilations[0], strides[0]));
  Value stacked = KT == 1
                      ? taps[0]
                      : ConcatOp::create(builder, childLoc(loc, ".taps"),
                                         f32Tensor({To, N, KT * C, H, W}), taps,
                                         builder.getI64IntegerAttr(2));
  if (group > 1 && KT > 1) {
    // [kt][g][c] to [g][kt][c]: each group's input channels contiguous.
    int64_t G = group, Gc = C / group;
    Value split =
        ReshapeOp::create(builder, childLoc(loc, ".taps.split"),
                          f32Tensor({To * N, KT, G, Gc, H, W}), stacked);
    stacked =
        TransposeOp::create(builder, childLoc(loc, ".taps.grouped"),
                            f32Tensor({To * N, G, KT, Gc, H, W}), split,
                            builder.getDenseI64ArrayAttr({0, 2, 1, 3, 4, 5}));
  }
  Value batch = ReshapeOp::create(builder, childLoc(loc, ".batch"),
                                  f32Tensor({To * N, KT * C, H, W}), stacked);

  // M x Cg x KT x KH x KW to M x (KT * Cg) x KH x KW, tap-major; folded
  // into a constant by eyeriss-fold-constants when the weight is one.
  Value taps2D = filter;
  if (KT > 1)
    taps2D = TransposeOp::create(builder, childLoc(loc, ".filter.taps"),
                                 f32Tensor({M, KT, Cg, KH, KW}), filter,
                                 builder.getDenseI64ArrayAttr({0, 2, 1, 3, 4}));
  Value filter2D = ReshapeOp::create(builder, childLoc(loc, ".filter"),
                                     f32Tensor({M, KT * Cg, KH, KW}), taps2D);
  Value conv = Conv2DOp::create(
      builder, loc, f32Tensor({To * N, M, Ho, Wo}), batch, filter2D, bias,
      builder.getDenseI64ArrayAttr({strides[1], strides[2]}),
      builder.getDenseI64ArrayAttr({pads[1], pads[2], pads[4], pads[5]}),
      builder.getDenseI64ArrayAttr({dilations[1], dilations[2]}),
      builder.getI64IntegerAttr(group),
      /*activation=*/nullptr, /*mapping=*/nullptr, /*quant=*/nullptr);
  Value unbatched = ReshapeOp::create(builder, childLoc(loc, ".unbatch"),
                                      f32Tensor({To, N, M, Ho, Wo}), conv);
  setResult(node, 0,
            TransposeOp::create(builder, childLoc(loc, ".unframes"), type,
                                unbatched,
                                builder.getDenseI64ArrayAttr({1, 2, 0, 3, 4})));
  return success();
}

/// GlobalAveragePool and GlobalMaxPool: the 2-D average as
/// eyeriss.global_avg_pool, the rest (the maximum, 1-D and 3-D inputs) as a
/// kept-dims reduction over the spatial dimensions on the host.
LogicalResult Importer::convertGlobalPool(const onnx::NodeProto &node,
                                          bool isMax) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  int64_t rank = cast<RankedTensorType>(input->getType()).getRank();
  if (rank < 3)
    return emitNodeError(node) << "the input has rank " << rank
                               << "; a global pool needs N x C and at least "
                                  "one spatial dimension";
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  if (rank == 4 && !isMax) {
    setResult(node, 0, GlobalAvgPoolOp::create(builder, loc, *type, *input));
    return success();
  }
  SmallVector<int64_t> axes;
  for (int64_t d = 2; d < rank; ++d)
    axes.push_back(d);
  setResult(node, 0,
            ReduceOp::create(builder, loc, *type, *input,
                             ReduceFnAttr::get(context, isMax ? ReduceFn::Max
                                                              : ReduceFn::Mean),
                             builder.getDenseI64ArrayAttr(axes),
                             builder.getUnitAttr()));
  return success();
}

/// ConvTranspose as the PE array can run it: a stride-1 convolution, with
/// the filter flipped and its channel axes swapped per group, over the input
/// with stride - 1 zeros inserted (eyeriss.insert_zeros on the host) and
/// padded by dilation * (kernel - 1) - pad on each side (plus
/// output_padding at the end). A side whose pad exceeds that is cropped by
/// a slice instead.
LogicalResult Importer::convertConvTranspose(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  auto inputType = cast<RankedTensorType>(input->getType());
  auto weightIt = constants.find(node.input(1));
  if (weightIt == constants.end() || !weightIt->second.getElementType().isF32())
    return emitNodeError(node) << "the weight ('" << node.input(1)
                               << "') must be a float32 constant (an "
                                  "initializer or a Constant node)";
  DenseElementsAttr weight = weightIt->second;
  auto weightType = cast<RankedTensorType>(weight.getType());
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  if (inputType.getRank() == 4 && weightType.getRank() == 4) {
    FailureOr<Value> result = buildConvTranspose2D(node, *input, weight, *type);
    if (failed(result))
      return failure();
    setResult(node, 0, *result);
    return success();
  }
  if (inputType.getRank() == 5 && weightType.getRank() == 5 &&
      type->getRank() == 5)
    return convertConvTranspose3D(node, *input, weight, *type);
  if (inputType.getRank() != 3 || weightType.getRank() != 3 ||
      type->getRank() != 3)
    return emitNodeError(node) << "only 1-D, 2-D and 3-D transposed "
                                  "convolutions (3-D, 4-D or 5-D input and "
                                  "weight) are supported, got a rank-"
                               << inputType.getRank() << " input and a rank-"
                               << weightType.getRank() << " weight";
  // 1-D: rows of height 1, as Conv1d. The node's attributes gain a leading
  // height dimension that does nothing (stride, dilation and kernel 1, no
  // padding, output extent 1), after their 1-D lengths are checked.
  static const llvm::StringMap<std::pair<int, int64_t>> kLifted = {
      {"strides", {1, 1}},      {"dilations", {1, 1}},
      {"kernel_shape", {1, 1}}, {"output_padding", {1, 0}},
      {"pads", {2, 0}},
  };
  onnx::NodeProto lifted = node;
  for (onnx::AttributeProto &attr : *lifted.mutable_attribute()) {
    SmallVector<int64_t> ints(attr.ints().begin(), attr.ints().end());
    if (attr.name() == "output_shape") {
      // Its extent, or the whole N x M x L shape: H = 1 goes before L.
      if (ints.size() != 1 && ints.size() != 3)
        return emitNodeError(node) << "output_shape needs 1 (or 3) values "
                                      "for a 1-D transposed convolution";
      ints.insert(ints.end() - 1, 1);
    } else if (auto it = kLifted.find(attr.name()); it != kLifted.end()) {
      auto [count, fill] = it->second;
      if (int64_t(ints.size()) != count)
        return emitNodeError(node) << attr.name() << " needs " << count
                                   << (count == 1 ? " value" : " values")
                                   << " for a 1-D transposed convolution";
      // [v] becomes [fill, v]; pads [b, e] become [0, b, 0, e].
      SmallVector<int64_t> grown;
      for (int64_t v : ints)
        grown.append({fill, v});
      ints = grown;
    } else {
      continue;
    }
    attr.clear_ints();
    for (int64_t v : ints)
      attr.add_ints(v);
  }
  auto rows = [](ArrayRef<int64_t> shape) {
    return SmallVector<int64_t>{shape[0], shape[1], 1, shape[2]};
  };
  Value planes =
      ReshapeOp::create(builder, childLoc(loc, ".rows"),
                        f32Tensor(rows(inputType.getShape())), *input);
  FailureOr<Value> result = buildConvTranspose2D(
      lifted, planes, weight.reshape(f32Tensor(rows(weightType.getShape()))),
      f32Tensor(rows(type->getShape())));
  if (failed(result))
    return failure();
  setResult(
      node, 0,
      ReshapeOp::create(builder, childLoc(loc, ".unrows"), *type, *result));
  return success();
}

/// Output frame t gets, from every temporal tap k and input frame i with
/// t = i · stride + k · dilation − pad, the 2-D transposed convolution of
/// frame i by the weight's tap k. So per tap: the frames (in the batch)
/// through a 2-D transposed convolution on the PE array, then spread along
/// time (stride − 1 zeros between frames), shifted by the tap's offset, and
/// the taps summed on the host; the bias is added once.
LogicalResult Importer::convertConvTranspose3D(const onnx::NodeProto &node,
                                               Value input,
                                               DenseElementsAttr weight,
                                               RankedTensorType type) {
  Location loc = getNodeLoc(node);
  ArrayRef<int64_t> in = cast<RankedTensorType>(input.getType()).getShape();
  ArrayRef<int64_t> w = weight.getType().getShape();
  ArrayRef<int64_t> out = type.getShape();
  std::string autoPad = getStringAttr(node, "auto_pad", "NOTSET");
  if ((autoPad != "NOTSET" && autoPad != "VALID") ||
      findAttr(node, "output_shape"))
    return emitNodeError(node) << "a 3-D transposed convolution with "
                                  "auto_pad SAME or output_shape is not "
                                  "supported (explicit pads are)";
  SmallVector<int64_t> strides = getIntsAttr(node, "strides", {1, 1, 1});
  SmallVector<int64_t> dilations = getIntsAttr(node, "dilations", {1, 1, 1});
  SmallVector<int64_t> outputPadding =
      getIntsAttr(node, "output_padding", {0, 0, 0});
  SmallVector<int64_t> pads =
      autoPad == "VALID" ? SmallVector<int64_t>(6, 0)
                         : getIntsAttr(node, "pads", {0, 0, 0, 0, 0, 0});
  if (strides.size() != 3 || dilations.size() != 3 ||
      outputPadding.size() != 3 || pads.size() != 6)
    return emitNodeError(node) << "strides, dilations and output_padding need "
                                  "3 values each and pads 6";
  if (strides[0] < 1 || dilations[0] < 1 || outputPadding[0] < 0 ||
      outputPadding[0] >= std::max(strides[0], dilations[0]))
    return emitNodeError(node) << "the temporal stride, dilation and "
                                  "output_padding must be at least 1, 1 and 0 "
                                  "(output_padding below the stride or the "
                                  "dilation)";
  int64_t N = in[0], T = in[2], kT = w[2], To = out[2];
  SmallVector<int64_t> kernel = getIntsAttr(node, "kernel_shape", {});
  if (!kernel.empty() && (kernel.size() != 3 || kernel[0] != kT))
    return emitNodeError(node) << "kernel_shape differs from the weight's "
                               << formatShape(w.drop_front(2));
  int64_t expectedTo = strides[0] * (T - 1) + outputPadding[0] +
                       (kT - 1) * dilations[0] + 1 - pads[0] - pads[3];
  if (expectedTo != To || To < 1)
    return emitNodeError(node)
           << "the output's " << expectedTo << " frames differ from ONNX "
           << "shape inference's " << To << " (or are none)";
  // The 2-D part: the node's attributes without their temporal entries,
  // and without the bias.
  onnx::NodeProto planar = node;
  while (planar.input_size() > 2)
    planar.mutable_input()->RemoveLast();
  for (onnx::AttributeProto &attr : *planar.mutable_attribute()) {
    SmallVector<int64_t> ints(attr.ints().begin(), attr.ints().end());
    if (attr.name() == "pads")
      ints = {ints[1], ints[2], ints[4], ints[5]};
    else if (llvm::is_contained(
                 {"strides", "dilations", "output_padding", "kernel_shape"},
                 attr.name()) &&
             ints.size() == 3)
      ints.erase(ints.begin());
    else
      continue;
    attr.clear_ints();
    for (int64_t v : ints)
      attr.add_ints(v);
  }
  Value frames = ReshapeOp::create(
      builder, childLoc(loc, ".frames"),
      f32Tensor({N * T, in[1], in[3], in[4]}),
      permute(childLoc(loc, ".time_first"), input, {0, 2, 1, 3, 4}));
  int64_t M = out[1], Ho = out[3], Wo = out[4], F = M * Ho * Wo;
  SmallVector<float> values(weight.getValues<float>());
  int64_t tapSize = w[3] * w[4];
  Value sum;
  for (int64_t k = 0; k < kT; ++k) {
    // Where the tap puts input frame 0, and the span its frames cover.
    int64_t offset = k * dilations[0] - pads[0];
    int64_t span = (T - 1) * strides[0] + 1;
    int64_t cropBegin = std::max<int64_t>(-offset, 0);
    int64_t cropEnd = std::max<int64_t>(offset + span - To, 0);
    if (cropBegin + cropEnd >= span)
      continue; // Every frame of this tap lands outside the output.
    std::vector<float> tap;
    tap.reserve(size_t(w[0] * w[1] * tapSize));
    for (int64_t cm = 0; cm < w[0] * w[1]; ++cm)
      tap.insert(tap.end(), values.begin() + (cm * kT + k) * tapSize,
                 values.begin() + (cm * kT + k + 1) * tapSize);
    auto tapType = f32Tensor({w[0], w[1], w[3], w[4]});
    Location tapLoc = childLoc(loc, ".tap" + Twine(k));
    FailureOr<Value> planes = buildConvTranspose2D(
        planar, frames, DenseElementsAttr::get(tapType, ArrayRef<float>(tap)),
        f32Tensor({N * T, M, Ho, Wo}));
    if (failed(planes))
      return failure();
    Value x =
        ReshapeOp::create(builder, tapLoc, f32Tensor({N, 1, T, F}), *planes);
    if (strides[0] > 1)
      x = InsertZerosOp::create(builder, childLoc(tapLoc, ".spread"),
                                f32Tensor({N, 1, span, F}), x,
                                builder.getDenseI64ArrayAttr({strides[0], 1}));
    if (cropBegin || cropEnd)
      x = createSlice(childLoc(tapLoc, ".crop"), x,
                      f32Tensor({N, 1, span - cropBegin - cropEnd, F}), 2,
                      cropBegin, 1);
    int64_t before = std::max<int64_t>(offset, 0);
    int64_t after = To - before - (span - cropBegin - cropEnd);
    if (before || after)
      x = PadOp::create(builder, childLoc(tapLoc, ".place"),
                        f32Tensor({N, 1, To, F}), x,
                        builder.getDenseI64ArrayAttr({before, 0, after, 0}));
    sum = sum ? AddOp::create(builder, childLoc(tapLoc, ".sum"),
                              f32Tensor({N, 1, To, F}), sum, x, nullptr)
                    .getResult()
              : x;
  }
  if (!sum)
    return emitNodeError(node) << "the pads leave no temporal tap inside the "
                                  "output";
  Value result = permute(childLoc(loc, ".channels_first"),
                         ReshapeOp::create(builder, childLoc(loc, ".unframes"),
                                           f32Tensor({N, To, M, Ho, Wo}), sum),
                         {0, 2, 1, 3, 4});
  if (hasInput(node, 2)) {
    FailureOr<Value> bias = getOperand(node, 2);
    if (failed(bias))
      return failure();
    result =
        AddOp::create(builder, childLoc(loc, ".bias"), type, result,
                      ReshapeOp::create(builder, childLoc(loc, ".bias_shape"),
                                        f32Tensor({M, 1, 1, 1}), *bias),
                      nullptr);
  }
  if (result.getType() != type)
    return emitNodeError(node)
           << "the output " << result.getType()
           << " differs from ONNX shape inference's " << type;
  setResult(node, 0, result);
  return success();
}

FailureOr<Value> Importer::buildConvTranspose2D(const onnx::NodeProto &node,
                                                Value input,
                                                DenseElementsAttr weight,
                                                RankedTensorType type) {
  Location loc = getNodeLoc(node);
  auto inputType = cast<RankedTensorType>(input.getType());
  auto weightType = cast<RankedTensorType>(weight.getType());
  ArrayRef<int64_t> in = inputType.getShape(), w = weightType.getShape();

  int64_t group = getIntAttr(node, "group", 1);
  if (group < 1 || in[1] % group || w[0] != in[1])
    return emitNodeError(node)
           << "the weight " << formatShape(w) << " does not fit the input "
           << formatShape(in) << " with " << group
           << " groups (ONNX: C x M/group x kH x kW)";
  SmallVector<int64_t> kernel(w.drop_front(2));
  if (findAttr(node, "kernel_shape") &&
      getIntsAttr(node, "kernel_shape", {}) != kernel)
    return emitNodeError(node) << "kernel_shape differs from the weight's "
                               << formatShape(kernel);
  SmallVector<int64_t> strides = getIntsAttr(node, "strides", {1, 1});
  SmallVector<int64_t> dilations = getIntsAttr(node, "dilations", {1, 1});
  SmallVector<int64_t> outputPadding =
      getIntsAttr(node, "output_padding", {0, 0});
  if (strides.size() != 2 || dilations.size() != 2 || outputPadding.size() != 2)
    return emitNodeError(node) << "strides, dilations and output_padding need "
                                  "2 values each";
  for (int d = 0; d < 2; ++d)
    if (outputPadding[d] < 0 || outputPadding[d] >= std::max(strides[d],
                                                               dilations[d]))
      return emitNodeError(node)
             << "output_padding " << outputPadding[d]
             << " must be less than the stride or the dilation";

  // [top, left, bottom, right], from pads, auto_pad or output_shape.
  SmallVector<int64_t> pads(4, 0);
  std::string autoPad = getStringAttr(node, "auto_pad", "NOTSET");
  SmallVector<int64_t> outputShape = getIntsAttr(node, "output_shape", {});
  if (!outputShape.empty() || autoPad == "SAME_UPPER" ||
      autoPad == "SAME_LOWER") {
    if (!outputShape.empty() && outputShape.size() != 2 &&
        outputShape.size() != 4)
      return emitNodeError(node) << "output_shape needs 2 (or 4) values";
    for (int d = 0; d < 2; ++d) {
      int64_t out = outputShape.empty()
                        ? in[2 + d] * strides[d]
                        : outputShape[outputShape.size() - 2 + d];
      int64_t total = strides[d] * (in[2 + d] - 1) + outputPadding[d] +
                      (kernel[d] - 1) * dilations[d] + 1 - out;
      // ONNX's total_padding / 2 is Python's floor division: an output
      // one larger than the natural one gets its extra row at the end.
      int64_t half = llvm::divideFloorSigned(total, int64_t(2));
      pads[d] = autoPad == "SAME_UPPER" ? half : total - half;
      pads[d + 2] = total - pads[d];
    }
  } else if (autoPad == "NOTSET") {
    pads = getIntsAttr(node, "pads", {0, 0, 0, 0});
    if (pads.size() != 4)
      return emitNodeError(node) << "pads has " << pads.size()
                                 << " values; 2-D windows need 4";
  } else if (autoPad != "VALID") {
    return emitNodeError(node) << "unknown auto_pad '" << autoPad << "'";
  }

  int64_t M = w[1] * group;
  SmallVector<int64_t> expected = {in[0], M};
  for (int d = 0; d < 2; ++d)
    expected.push_back(strides[d] * (in[2 + d] - 1) + outputPadding[d] +
                       (kernel[d] - 1) * dilations[d] + 1 - pads[d] -
                       pads[d + 2]);
  if (type.getShape() != ArrayRef<int64_t>(expected))
    return emitNodeError(node) << "output shape " << formatShape(expected)
                               << " differs from ONNX shape inference's "
                               << formatShape(type.getShape());
  if (expected[2] < 1 || expected[3] < 1)
    return emitNodeError(node) << "the output " << formatShape(expected)
                               << " is empty";

  Value x = input;
  if (strides[0] > 1 || strides[1] > 1) {
    auto zType = RankedTensorType::get(
        {in[0], in[1], (in[2] - 1) * strides[0] + 1,
         (in[3] - 1) * strides[1] + 1},
        inputType.getElementType());
    x = InsertZerosOp::create(builder, childLoc(loc, ".zeros"), zType, x,
                              builder.getDenseI64ArrayAttr(strides));
  }
  // The convolution's pads; a negative one crops instead.
  SmallVector<int64_t> convPads(4);
  for (int d = 0; d < 2; ++d) {
    int64_t span = dilations[d] * (kernel[d] - 1);
    int64_t begin = span - pads[d], end = span - pads[d + 2] + outputPadding[d];
    auto xType = cast<RankedTensorType>(x.getType());
    int64_t extent = xType.getDimSize(2 + d);
    int64_t cropBegin = std::max<int64_t>(-begin, 0);
    int64_t cropEnd = std::max<int64_t>(-end, 0);
    if (cropBegin + cropEnd >= extent)
      return emitNodeError(node) << "pads [" << pads[d] << ", " << pads[d + 2]
                                 << "] crop away the whole input";
    if (cropBegin || cropEnd) {
      SmallVector<int64_t> shape(xType.getShape());
      shape[2 + d] = extent - cropBegin - cropEnd;
      x = createSlice(childLoc(loc, ".crop"), x,
                      RankedTensorType::get(shape, xType.getElementType()),
                      2 + d, cropBegin, 1);
    }
    convPads[d] = std::max<int64_t>(begin, 0);
    convPads[d + 2] = std::max<int64_t>(end, 0);
  }

  // W'[g * M/g + m][c][r][s] = W[g * C/g + c][m][kH - 1 - r][kW - 1 - s].
  int64_t Cg = in[1] / group, Mg = w[1], kH = kernel[0], kW = kernel[1];
  SmallVector<float> values(weight.getValues<float>());
  std::vector<float> flipped(values.size());
  for (int64_t g = 0; g < group; ++g)
    for (int64_t m = 0; m < Mg; ++m)
      for (int64_t c = 0; c < Cg; ++c)
        for (int64_t r = 0; r < kH; ++r)
          for (int64_t t = 0; t < kW; ++t)
            flipped[(((g * Mg + m) * Cg + c) * kH + r) * kW + t] =
                values[(((g * Cg + c) * Mg + m) * kH + (kH - 1 - r)) * kW +
                       (kW - 1 - t)];
  Value filter = ConstantOp::create(
      builder, NameLoc::get(builder.getStringAttr(node.input(1) + ".flipped")),
      DenseElementsAttr::get(
          RankedTensorType::get({M, Cg, kH, kW}, builder.getF32Type()),
          ArrayRef<float>(flipped)));
  Value bias;
  if (hasInput(node, 2)) {
    FailureOr<Value> b = getOperand(node, 2);
    if (failed(b))
      return failure();
    bias = *b;
  }
  return Conv2DOp::create(builder, loc, type, x, filter, bias,
                          builder.getDenseI64ArrayAttr({1, 1}),
                          builder.getDenseI64ArrayAttr(convPads),
                          builder.getDenseI64ArrayAttr(dilations),
                          builder.getI64IntegerAttr(group),
                          /*activation=*/nullptr, /*mapping=*/nullptr,
                          /*quant=*/nullptr)
      .getResult();
}

/// MaxPool and AveragePool over 1, 2 or 3 spatial dimensions, as the 2-D
/// pooling the host runs. 1-D: rows of height 1. 3-D: a box window is
/// separable, so H x W first (over N x (C*T) x H x W) and then T (over
/// N x C x T x (Ho*Wo), a kT x 1 window); both reshapes keep the order. The
/// maximum of maxima is the maximum; the average of averages is the average
/// because a box's count (of its valid elements, or of all of them with
/// count_include_pad) is the product of its extents' counts.
LogicalResult Importer::convertPool(const onnx::NodeProto &node, bool isMax) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  auto inputType = cast<RankedTensorType>(input->getType());
  int64_t rank = inputType.getRank();
  // A 2-D MaxPool's Indices output is computed position by position.
  bool byPositions = isMax && rank == 4 && node.output_size() > 1 &&
                     !node.output(1).empty() &&
                     usedNames.contains(node.output(1));
  if (!byPositions && failed(checkExtraOutputsUnused(node, 1)))
    return failure();
  if (rank < 3 || rank > 5)
    return emitNodeError(node) << "only 1-D, 2-D and 3-D pooling (an input "
                                  "of rank 3, 4 or 5) is supported, got a "
                                  "rank-"
                               << rank << " input";
  size_t dims = rank - 2;
  SmallVector<int64_t> ones(dims, 1);
  SmallVector<int64_t> kernel = getIntsAttr(node, "kernel_shape", {});
  SmallVector<int64_t> strides = getIntsAttr(node, "strides", ones);
  SmallVector<int64_t> dilations = getIntsAttr(node, "dilations", ones);
  if (kernel.size() != dims || strides.size() != dims ||
      dilations.size() != dims)
    return emitNodeError(node) << "kernel_shape, strides and dilations need "
                               << dims << " values each";
  byPositions |= isMax && rank == 4 && dilations != ones;
  if (dilations != ones && !byPositions)
    return emitNodeError(node) << "dilated pooling is not supported (only "
                                  "of a 2-D MaxPool)";
  // storage_order orders the Indices output's flat indices (computed by
  // positions); it does not change the values.
  int64_t storageOrder = getIntAttr(node, "storage_order", 0);
  if (storageOrder != 0 && storageOrder != 1)
    return emitNodeError(node) << "storage_order " << storageOrder
                               << " is neither 0 (row major) nor 1 (column "
                                  "major)";
  FailureOr<SmallVector<int64_t>> pads = getWindowPads(
      node, inputType.getShape().drop_front(2), kernel, strides, dilations);
  if (failed(pads))
    return failure();
  if (byPositions)
    return convertMaxPoolByPositions(node, *input, kernel, strides, dilations,
                                     *pads);
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  bool ceilMode = getIntAttr(node, "ceil_mode", 0) != 0;
  bool countIncludePad = getIntAttr(node, "count_include_pad", 0) != 0;
  auto pool2D = [&](Location at, RankedTensorType resultType, Value x,
                    ArrayRef<int64_t> k, ArrayRef<int64_t> st,
                    ArrayRef<int64_t> p) -> Value {
    if (isMax)
      return MaxPoolOp::create(builder, at, resultType, x,
                               builder.getDenseI64ArrayAttr(k),
                               builder.getDenseI64ArrayAttr(st),
                               builder.getDenseI64ArrayAttr(p), ceilMode);
    return AvgPoolOp::create(
        builder, at, resultType, x, builder.getDenseI64ArrayAttr(k),
        builder.getDenseI64ArrayAttr(st), builder.getDenseI64ArrayAttr(p),
        ceilMode, countIncludePad);
  };
  if (rank == 4) {
    setResult(node, 0, pool2D(loc, *type, *input, kernel, strides, *pads));
    return success();
  }
  ArrayRef<int64_t> in = inputType.getShape(), out = type->getShape();
  int64_t N = in[0], C = in[1];
  if (rank == 3) {
    Value rows = ReshapeOp::create(builder, childLoc(loc, ".rows"),
                                   f32Tensor({N, C, 1, in[2]}), *input);
    Value pooled =
        pool2D(loc, f32Tensor({N, C, 1, out[2]}), rows, {1, kernel[0]},
               {1, strides[0]}, {0, (*pads)[0], 0, (*pads)[1]});
    setResult(
        node, 0,
        ReshapeOp::create(builder, childLoc(loc, ".unrows"), *type, pooled));
    return success();
  }
  int64_t T = in[2], H = in[3], W = in[4];
  int64_t To = out[2], Ho = out[3], Wo = out[4];
  Value x = *input;
  if (kernel[1] != 1 || kernel[2] != 1 || strides[1] != 1 || strides[2] != 1 ||
      (*pads)[1] || (*pads)[2] || (*pads)[4] || (*pads)[5] || H != Ho ||
      W != Wo) {
    Value planes = ReshapeOp::create(builder, childLoc(loc, ".planes"),
                                     f32Tensor({N, C * T, H, W}), x);
    Value pooled =
        pool2D(childLoc(loc, ".hw"), f32Tensor({N, C * T, Ho, Wo}), planes,
               {kernel[1], kernel[2]}, {strides[1], strides[2]},
               {(*pads)[1], (*pads)[2], (*pads)[4], (*pads)[5]});
    x = ReshapeOp::create(builder, childLoc(loc, ".unplanes"),
                          f32Tensor({N, C, T, Ho, Wo}), pooled);
  }
  if (kernel[0] != 1 || strides[0] != 1 || (*pads)[0] || (*pads)[3] ||
      T != To) {
    Value frames = ReshapeOp::create(builder, childLoc(loc, ".frames"),
                                     f32Tensor({N, C, T, Ho * Wo}), x);
    Value pooled =
        pool2D(childLoc(loc, ".t"), f32Tensor({N, C, To, Ho * Wo}), frames,
               {kernel[0], 1}, {strides[0], 1}, {(*pads)[0], 0, (*pads)[3], 0});
    x = ReshapeOp::create(builder, childLoc(loc, ".unframes"), *type, pooled);
  }
  if (x == *input)
    x = IdentityOp::create(builder, loc, *type, x);
  setResult(node, 0, x);
  return success();
}

/// The maximum over the window's positions, each a strided slice of the
/// (zero-)padded input, taken where it beats the maximum so far (positions
/// in the padding never do): the values and, for the Indices output, ONNX's
/// flat index ((n · C + c) · H + h) · W + w (storage_order 1: (n · C + c) ·
/// H · W + w · H + h) of the first maximum in the window's row-major order. On
/// the host; a NaN never wins (the host's pooling keeps it).
LogicalResult Importer::convertMaxPoolByPositions(const onnx::NodeProto &node,
                                                  Value input,
                                                  ArrayRef<int64_t> kernel,
                                                  ArrayRef<int64_t> strides,
                                                  ArrayRef<int64_t> dilations,
                                                  ArrayRef<int64_t> pads) {
  Location loc = getNodeLoc(node);
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  ArrayRef<int64_t> in = cast<RankedTensorType>(input.getType()).getShape();
  int64_t N = in[0], C = in[1], H = in[2], W = in[3];
  int64_t OH = type->getDimSize(2), OW = type->getDimSize(3);
  if (N * C * H * W > kMaxExactInteger)
    return emitNodeError(node) << "the input has " << N * C * H * W
                               << " elements; the Indices output holds "
                                  "indices below 2^24 (float32's exact "
                                  "integers)";
  // Pad enough for every window (ceil_mode's last ones may pass the pads).
  int64_t padBottom = std::max<int64_t>(
      (OH - 1) * strides[0] + (kernel[0] - 1) * dilations[0] + 1 - H - pads[0],
      0);
  int64_t padRight = std::max<int64_t>(
      (OW - 1) * strides[1] + (kernel[1] - 1) * dilations[1] + 1 - W - pads[1],
      0);
  Value x = input;
  if (pads[0] || pads[1] || padBottom || padRight)
    x = PadOp::create(
        builder, childLoc(loc, ".padded"),
        f32Tensor({N, C, H + pads[0] + padBottom, W + pads[1] + padRight}), x,
        builder.getDenseI64ArrayAttr({pads[0], pads[1], padBottom, padRight}));
  RankedTensorType outType = f32Tensor({N, C, OH, OW});
  RankedTensorType planeType = f32Tensor({1, 1, OH, OW});
  auto planeConstant = [&](const Twine &suffix, ArrayRef<float> v) -> Value {
    return ConstantOp::create(builder, childLoc(loc, suffix),
                              DenseElementsAttr::get(planeType, v));
  };
  Value best =
      scalarConstant(loc, ".lowest", -std::numeric_limits<float>::infinity());
  bool wantIndices = node.output_size() > 1 && !node.output(1).empty() &&
                     usedNames.contains(node.output(1));
  bool columnMajor = getIntAttr(node, "storage_order", 0) == 1;
  // Before any position wins (a window of -inf), the first one inside the
  // input.
  std::vector<float> firstIndex(size_t(OH * OW), -1.0f);
  // Where each position won, and its index in its plane.
  SmallVector<std::pair<Value, Value>> indexPlanes;
  for (int64_t kh = 0; kh < kernel[0]; ++kh)
    for (int64_t kw = 0; kw < kernel[1]; ++kw) {
      std::string at = ".k" + std::to_string(kh) + "_" + std::to_string(kw);
      std::vector<float> index(size_t(OH * OW)), valid(size_t(OH * OW));
      bool allValid = true;
      for (int64_t oh = 0; oh < OH; ++oh)
        for (int64_t ow = 0; ow < OW; ++ow) {
          int64_t h = oh * strides[0] + kh * dilations[0] - pads[0];
          int64_t w = ow * strides[1] + kw * dilations[1] - pads[1];
          bool inside = h >= 0 && h < H && w >= 0 && w < W;
          size_t i = size_t(oh * OW + ow);
          index[i] = !inside       ? 0.0f
                     : columnMajor ? float(w * H + h)
                                   : float(h * W + w);
          valid[i] = inside ? 1.0f : 0.0f;
          allValid &= inside;
          if (inside && firstIndex[i] < 0)
            firstIndex[i] = index[i];
        }
      Value v = createSlice(
          childLoc(loc, at + ".rows"), x,
          f32Tensor(
              {N, C, OH, cast<RankedTensorType>(x.getType()).getDimSize(3)}),
          2, kh * dilations[0], strides[0]);
      v = createSlice(childLoc(loc, at), v, outType, 3, kw * dilations[1],
                      strides[1]);
      if (!allValid)
        v = SelectOp::create(
            builder, childLoc(loc, at + ".inside"), outType,
            planeConstant(at + ".valid", valid), v,
            scalarConstant(loc, at + ".outside",
                           -std::numeric_limits<float>::infinity()));
      Value wins = BinaryOp::create(builder, childLoc(loc, at + ".wins"),
                                    outType, v, best, BinaryFn::Greater);
      best = SelectOp::create(builder, childLoc(loc, at + ".max"), outType,
                              wins, v, best);
      if (wantIndices)
        indexPlanes.push_back({wins, planeConstant(at + ".index", index)});
    }
  setResult(node, 0, best);
  if (!wantIndices)
    return success();
  Location indicesLoc = childLoc(loc, ".indices");
  integerValues.insert(node.output(1));
  FailureOr<RankedTensorType> indicesType =
      getValueType(node.output(1), indicesLoc);
  if (failed(indicesType))
    return failure();
  Value bestIndex = planeConstant(".first_index", firstIndex);
  for (auto [wins, index] : indexPlanes)
    bestIndex =
        SelectOp::create(builder, indicesLoc, outType, wins, index, bestIndex);
  // Each plane's offset in the flat input: (n · C + c) · H · W.
  std::vector<float> offsets;
  for (int64_t plane = 0; plane < N * C; ++plane)
    offsets.push_back(float(plane * H * W));
  Value offset = ConstantOp::create(
      builder, childLoc(loc, ".plane_offset"),
      DenseElementsAttr::get(f32Tensor({N, C, 1, 1}), ArrayRef(offsets)));
  setResult(node, 1,
            AddOp::create(builder, indicesLoc, *indicesType, bestIndex, offset,
                          nullptr));
  return success();
}

LogicalResult Importer::convertGemm(const onnx::NodeProto &node,
                                    bool isMatMul) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> a = getOperand(node, 0);
  FailureOr<Value> b = getOperand(node, 1);
  if (failed(a) || failed(b))
    return failure();
  auto aType = cast<RankedTensorType>(a->getType());
  auto bType = cast<RankedTensorType>(b->getType());
  bool constantB = constants.count(node.input(1));
  if (isMatMul && aType.getRank() > 2 && bType.getRank() == 2 && constantB)
    return convertMatMulOnLastAxis(node, *a, *b);
  // A product of two activations (attention's Q K^T and its weighting of V),
  // or of a batch of constant matrices: not a layer with filters.
  if (isMatMul && aType.getRank() >= 2 && bType.getRank() >= 2 &&
      (!constantB || bType.getRank() > 2)) {
    FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
    if (failed(type))
      return failure();
    setResult(node, 0, MatMulOp::create(builder, loc, *type, *a, *b));
    return success();
  }
  if (aType.getRank() != 2 || bType.getRank() != 2)
    return emitNodeError(node)
           << "only 2-D operands are supported (for MatMul, operands of rank "
              "2 or more); the operands are "
           << aType << " and " << bType;
  Value c;
  if (!isMatMul && hasInput(node, 2)) {
    FailureOr<Value> cValue = getOperand(node, 2);
    if (failed(cValue))
      return failure();
    c = *cValue;
  }
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  float alpha = isMatMul ? 1.0f : getFloatAttr(node, "alpha", 1.0f);
  float beta = isMatMul ? 1.0f : getFloatAttr(node, "beta", 1.0f);
  bool transA = !isMatMul && getIntAttr(node, "transA", 0) != 0;
  bool transB = !isMatMul && getIntAttr(node, "transB", 0) != 0;
  setResult(node, 0,
            GemmOp::create(builder, loc, *type, *a, *b, c,
                           builder.getF32FloatAttr(alpha),
                           builder.getF32FloatAttr(beta),
                           transA ? builder.getUnitAttr() : nullptr,
                           transB ? builder.getUnitAttr() : nullptr));
  return success();
}

/// An N-D x 2-D MatMul (a linear layer on channels-last tensors: ConvNeXt)
/// is a Gemm on the rows of the first operand: reshape to 2-D and back.
LogicalResult Importer::convertMatMulOnLastAxis(const onnx::NodeProto &node,
                                                Value a, Value b) {
  Location loc = getNodeLoc(node);
  auto aType = cast<RankedTensorType>(a.getType());
  auto bType = cast<RankedTensorType>(b.getType());
  ArrayRef<int64_t> aShape = aType.getShape();
  int64_t rows = 1;
  for (int64_t d : aShape.drop_back())
    rows *= d;
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  Type element = aType.getElementType();
  // The layer keeps the node's name; the reshapes around it are named after
  // it, so that reports and programs name each op once.
  StringRef name = cast<NameLoc>(loc).getName().getValue();
  auto suffixed = [&](StringRef suffix) {
    return NameLoc::get(builder.getStringAttr(name + suffix),
                        cast<NameLoc>(loc).getChildLoc());
  };
  Value flat = ReshapeOp::create(
      builder, suffixed(".rows"),
      RankedTensorType::get({rows, aShape.back()}, element), a);
  Value product = GemmOp::create(
      builder, loc, RankedTensorType::get({rows, bType.getDimSize(1)}, element),
      flat, b, Value(), builder.getF32FloatAttr(1.0f),
      builder.getF32FloatAttr(1.0f), nullptr, nullptr);
  setResult(node, 0,
            ReshapeOp::create(builder, suffixed(".unrows"), *type, product));
  return success();
}

/// A scalar bound of Clip: a constant with one element.
static FailureOr<float> getScalar(DenseElementsAttr attr) {
  if (attr.getNumElements() != 1)
    return failure();
  if (attr.getElementType().isF32())
    return *attr.getValues<float>().begin();
  // An integer bound or pad value (of integer data), of any width.
  if (isa<IntegerType>(attr.getElementType())) {
    APInt v = *attr.getValues<APInt>().begin();
    return static_cast<float>(attr.getElementType().isInteger(1)
                                  ? int64_t(v.getZExtValue())
                                  : v.getSExtValue());
  }
  return failure();
}

LogicalResult Importer::convertClip(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  float bounds[2] = {-std::numeric_limits<float>::infinity(),
                     std::numeric_limits<float>::infinity()};
  const char *names[2] = {"min", "max"};
  for (int i = 0; i < 2; ++i) {
    if (!hasInput(node, i + 1))
      continue;
    FailureOr<DenseElementsAttr> attr =
        getConstantInput(node, i + 1, std::string("the ") + names[i] + " bound");
    if (failed(attr))
      return failure();
    FailureOr<float> value = getScalar(*attr);
    if (failed(value))
      return emitNodeError(node) << "the " << names[i]
                                 << " bound must be a scalar";
    bounds[i] = *value;
  }
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  setResult(node, 0,
            ClipOp::create(builder, loc, *type, *input,
                           builder.getF32FloatAttr(bounds[0]),
                           builder.getF32FloatAttr(bounds[1])));
  return success();
}

LogicalResult Importer::convertPad(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  std::string modeName = getStringAttr(node, "mode", "constant");
  std::optional<PadMode> mode = symbolizePadMode(modeName);
  if (!mode)
    return emitNodeError(node) << "mode '" << modeName
                               << "' is not supported (constant, reflect, "
                                  "edge)";
  auto inputType = cast<RankedTensorType>(input->getType());
  int64_t rank = inputType.getRank();
  FailureOr<DenseElementsAttr> padsAttr =
      getConstantInput(node, 1, "the pads");
  if (failed(padsAttr))
    return failure();
  if (!padsAttr->getElementType().isInteger(64) ||
      padsAttr->getNumElements() != 2 * rank)
    return emitNodeError(node)
           << "pads must be " << 2 * rank << " int64 values for a rank-" << rank
           << " input";
  SmallVector<int64_t> onnxPads(padsAttr->getValues<int64_t>());
  float value = 0.0f;
  if (hasInput(node, 2)) {
    FailureOr<DenseElementsAttr> valueAttr =
        getConstantInput(node, 2, "the constant value");
    if (failed(valueAttr))
      return failure();
    FailureOr<float> scalar = getScalar(*valueAttr);
    if (failed(scalar) || !std::isfinite(*scalar))
      return emitNodeError(node) << "the constant value must be one finite "
                                    "number";
    value = *scalar;
  }
  // ONNX ignores the value in the other modes.
  if (*mode != PadMode::Constant)
    value = 0.0f;
  if (hasInput(node, 3))
    return emitNodeError(node) << "the axes input is not supported";
  // ONNX order: every dimension's begin, then every end.
  if (llvm::any_of(onnxPads, [](int64_t p) { return p < 0; }))
    return emitNodeError(node) << "negative pads (cropping) are not supported";
  // A reflection reaches at most extent - 1 elements past the border; an
  // edge needs an element to repeat.
  for (int64_t d = 0; d < rank; ++d)
    if (*mode == PadMode::Edge && inputType.getDimSize(d) == 0 &&
        (onnxPads[d] || onnxPads[d + rank]))
      return emitNodeError(node) << "edge padding of dimension " << d
                                 << ", which is empty, has no element to "
                                    "repeat";
  if (*mode == PadMode::Reflect)
    for (int64_t d = 0; d < rank; ++d)
      if (std::max(onnxPads[d], onnxPads[d + rank]) >=
          inputType.getDimSize(d))
        return emitNodeError(node)
               << "reflect padding of "
               << std::max(onnxPads[d], onnxPads[d + rank])
               << " on dimension " << d << " needs at most "
               << inputType.getDimSize(d) - 1 << " (its extent "
               << inputType.getDimSize(d) << " less one)";
  auto modeAttr = PadModeAttr::get(context, *mode);
  FloatAttr valueAttr = builder.getF32FloatAttr(value);
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  auto padded = [&](int64_t d) {
    return onnxPads[d] != 0 || onnxPads[d + rank] != 0;
  };
  // An N x C x H x W input padded in H and W: the host's pad as it is.
  if (rank == 4 && !padded(0) && !padded(1)) {
    setResult(node, 0,
              PadOp::create(
                  builder, loc, *type, *input,
                  builder.getDenseI64ArrayAttr(
                      {onnxPads[2], onnxPads[3], onnxPads[6], onnxPads[7]}),
                  modeAttr, valueAttr));
    return success();
  }
  // Otherwise one dimension at a time: the pads before and after dimension
  // d are rows around a 1 x (elements before d) x extent x (elements after
  // d) plane, in the same row-major order; each mode pads dimensions
  // independently, as numpy.pad does.
  SmallVector<int64_t> shape(inputType.getShape());
  Value x = *input;
  for (int64_t d = 0; d < rank; ++d) {
    if (!padded(d))
      continue;
    int64_t outer = 1, inner = 1;
    for (int64_t i = 0; i < d; ++i)
      outer *= shape[i];
    for (int64_t i = d + 1; i < rank; ++i)
      inner *= shape[i];
    int64_t extent = shape[d] + onnxPads[d] + onnxPads[d + rank];
    std::string axis = "." + std::to_string(d);
    Type f32 = builder.getF32Type();
    Value plane = ReshapeOp::create(
        builder, childLoc(loc, axis + ".plane"),
        RankedTensorType::get({1, outer, shape[d], inner}, f32), x);
    Value rows = PadOp::create(
        builder, childLoc(loc, axis),
        RankedTensorType::get({1, outer, extent, inner}, f32), plane,
        builder.getDenseI64ArrayAttr({onnxPads[d], 0, onnxPads[d + rank], 0}),
        modeAttr, valueAttr);
    shape[d] = extent;
    x = ReshapeOp::create(builder, childLoc(loc, axis + ".unplane"),
                          RankedTensorType::get(shape, f32), rows);
  }
  if (x == *input)
    x = IdentityOp::create(builder, loc, *type, x);
  setResult(node, 0, x);
  return success();
}

/// ArgMax and ArgMin: the index along one axis, an eyeriss.reduce.
LogicalResult Importer::convertArgMaxOrMin(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  auto inputType = cast<RankedTensorType>(input->getType());
  int64_t rank = inputType.getRank();
  int64_t axis = getIntAttr(node, "axis", 0);
  if (failed(normalizeAxis(node, axis, rank)))
    return failure();
  bool keepDims = getIntAttr(node, "keepdims", 1) != 0;
  bool last = getIntAttr(node, "select_last_index", 0) != 0;
  bool isMax = node.op_type() == "ArgMax";
  ReduceFn fn = isMax ? (last ? ReduceFn::ArgMaxLast : ReduceFn::ArgMax)
                      : (last ? ReduceFn::ArgMinLast : ReduceFn::ArgMin);
  // The int64 indices are whole numbers held in f32; a graph output writes
  // them as int64 (eyeriss.host_format), a Cast makes them floats.
  FailureOr<RankedTensorType> type =
      (integerValues.insert(node.output(0)), getValueType(node.output(0), loc));
  if (failed(type))
    return failure();
  setResult(node, 0,
            ReduceOp::create(builder, loc, *type, *input,
                             ReduceFnAttr::get(context, fn),
                             builder.getDenseI64ArrayAttr({axis}),
                             keepDims ? builder.getUnitAttr() : UnitAttr()));
  return success();
}

/// The ONNX reductions: eyeriss.reduce, except that a ReduceMean over H and
/// W of a 4-D tensor is a global average pool (MNASNet's and
/// EfficientNet-style heads write x.mean([2, 3])).
Value Importer::positionsAlong(Location loc, int64_t rank, int64_t axis,
                               int64_t n) {
  SmallVector<int64_t> shape(rank, 1);
  shape[axis] = n;
  SmallVector<float> positions;
  for (int64_t i = 0; i < n; ++i)
    positions.push_back(float(i));
  return ConstantOp::create(
      builder, childLoc(loc, ".positions"),
      DenseElementsAttr::get(f32Tensor(shape), ArrayRef<float>(positions)));
}

/// CumSum of a computed tensor along a constant axis, on the host.
LogicalResult Importer::convertCumSum(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  FailureOr<DenseElementsAttr> axisAttr = getConstantInput(node, 1, "the axis");
  if (failed(axisAttr))
    return failure();
  if (axisAttr->getNumElements() != 1 ||
      !isa<IntegerType>(axisAttr->getElementType()))
    return emitNodeError(node) << "the axis must be one integer";
  int64_t rank = cast<RankedTensorType>(input->getType()).getRank();
  int64_t axis = (*axisAttr).getValues<APInt>()[0].getSExtValue();
  if (failed(normalizeAxis(node, axis, rank)))
    return failure();
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  bool exclusive = getIntAttr(node, "exclusive", 0) != 0;
  bool reverse = getIntAttr(node, "reverse", 0) != 0;
  setResult(node, 0,
            CumSumOp::create(builder, loc, *type, *input,
                             builder.getI64IntegerAttr(axis),
                             exclusive ? builder.getUnitAttr() : UnitAttr(),
                             reverse ? builder.getUnitAttr() : UnitAttr()));
  return success();
}

Value Importer::scalarConstant(Location loc, const Twine &suffix, float value) {
  return ConstantOp::create(
      builder, childLoc(loc, suffix),
      DenseElementsAttr::get(f32Tensor({}), ArrayRef<float>(value)));
}

LogicalResult
Importer::checkConstantIndices(const onnx::NodeProto &node,
                               llvm::function_ref<int64_t(int64_t)> extent) {
  auto constant = constants.find(node.input(1));
  if (constant == constants.end() ||
      !isa<IntegerType>(constant->second.getElementType()))
    return success();
  for (auto [i, value] : llvm::enumerate(constant->second.getValues<APInt>())) {
    int64_t index = value.getSExtValue(), n = extent(int64_t(i));
    if (index < -n || index >= n)
      return emitNodeError(node)
             << "index " << index << " (element " << i
             << " of the indices) is out of range for extent " << n;
  }
  return success();
}

LogicalResult Importer::checkElementIndexShape(const onnx::NodeProto &node,
                                               RankedTensorType data,
                                               RankedTensorType indices,
                                               int64_t axis) {
  if (indices.getRank() != data.getRank())
    return emitNodeError(node)
           << "the indices have rank " << indices.getRank() << ", the data "
           << data.getRank() << "; they must agree";
  for (int64_t d = 0; d < data.getRank(); ++d)
    if (d != axis && indices.getDimSize(d) > data.getDimSize(d))
      return emitNodeError(node)
             << "the indices (" << formatShape(indices.getShape())
             << ") are larger than the data (" << formatShape(data.getShape())
             << ") in dimension " << d;
  return success();
}

FailureOr<ScatterReduction>
Importer::getScatterReduction(const onnx::NodeProto &node) {
  std::string name = getStringAttr(node, "reduction", "none");
  std::optional<ScatterReduction> reduction = symbolizeScatterReduction(name);
  if (!reduction)
    return emitNodeError(node)
           << "reduction '" << name << "' is not supported (none, add, mul)";
  if (*reduction != ScatterReduction::None &&
      integerValues.contains(node.output(0)))
    return emitNodeError(node)
           << "a scatter with reduction '" << name
           << "' of integers is not supported (its sums and products are "
              "float32's, unchecked for exactness)";
  return *reduction;
}

/// ScatterND of computed data (PyTorch's in-place slice assignment, `y[:,
/// 0] = v`; of constants it is evaluated at import) at computed or
/// constant indices, on the host.
LogicalResult Importer::convertScatterND(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> data = getOperand(node, 0);
  FailureOr<Value> indices = getOperand(node, 1);
  FailureOr<Value> updates = getOperand(node, 2);
  if (failed(data) || failed(indices) || failed(updates))
    return failure();
  auto dataType = cast<RankedTensorType>(data->getType());
  auto indexType = cast<RankedTensorType>(indices->getType());
  int64_t k = indexType.getRank() ? indexType.getShape().back() : 0;
  if (k < 1 || k > dataType.getRank())
    return emitNodeError(node)
           << "the indices' last dimension is " << k << "; it must be 1 to "
           << dataType.getRank() << " (the data's rank)";
  if (failed(checkConstantIndices(
          node, [&](int64_t i) { return dataType.getDimSize(i % k); })))
    return failure();
  FailureOr<ScatterReduction> reduction = getScatterReduction(node);
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(reduction) || failed(type))
    return failure();
  auto op = ScatterNDOp::create(builder, loc, *type, *data, *indices, *updates,
                                ScatterReductionAttr::get(context, *reduction));
  if (failed(verify(op)))
    return failure();
  setResult(node, 0, op);
  return success();
}

/// GridSample (opset 16) of a 4-D input at a computed or constant grid, on
/// the host.
LogicalResult Importer::convertGridSample(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  FailureOr<Value> grid = getOperand(node, 1);
  if (failed(input) || failed(grid))
    return failure();
  auto inputType = cast<RankedTensorType>(input->getType());
  if (inputType.getRank() != 4)
    return emitNodeError(node) << "only 4-D (N x C x H x W) inputs are "
                                  "supported, got rank "
                               << inputType.getRank();
  std::string modeName = getStringAttr(node, "mode", "bilinear");
  std::string paddingName = getStringAttr(node, "padding_mode", "zeros");
  std::optional<GridSampleMode> mode = symbolizeGridSampleMode(modeName);
  std::optional<GridSamplePadding> padding =
      symbolizeGridSamplePadding(paddingName);
  if (!mode)
    return emitNodeError(node) << "mode '" << modeName
                               << "' is not supported (bilinear, nearest, "
                                  "bicubic)";
  if (!padding)
    return emitNodeError(node) << "padding_mode '" << paddingName
                               << "' is not supported (zeros, border, "
                                  "reflection)";
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  auto op = GridSampleOp::create(builder, loc, *type, *input, *grid,
                                 GridSampleModeAttr::get(context, *mode),
                                 GridSamplePaddingAttr::get(context, *padding),
                                 getIntAttr(node, "align_corners", 0)
                                     ? builder.getUnitAttr()
                                     : UnitAttr());
  if (failed(verify(op)))
    return failure();
  setResult(node, 0, op);
  return success();
}

/// GatherElements (torch.gather) and ScatterElements (torch.scatter,
/// scatter_add; opset 9's Scatter is brought to it by the version
/// converter) of computed or constant indices, on the host; the indices are
/// whole numbers in f32, checked at run time (and here when constant).
LogicalResult
Importer::convertGatherOrScatterElements(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  bool scatter = node.op_type() == "ScatterElements";
  FailureOr<Value> data = getOperand(node, 0);
  FailureOr<Value> indices = getOperand(node, 1);
  FailureOr<Value> updates =
      scatter ? getOperand(node, 2) : FailureOr<Value>(Value());
  if (failed(data) || failed(indices) || failed(updates))
    return failure();
  auto dataType = cast<RankedTensorType>(data->getType());
  int64_t axis = getIntAttr(node, "axis", 0);
  if (failed(normalizeAxis(node, axis, dataType.getRank())) ||
      failed(checkElementIndexShape(
          node, dataType, cast<RankedTensorType>(indices->getType()), axis)) ||
      failed(checkConstantIndices(
          node, [&](int64_t) { return dataType.getDimSize(axis); })))
    return failure();
  FailureOr<ScatterReduction> reduction = getScatterReduction(node);
  if (failed(reduction))
    return failure();
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  IntegerAttr axisAttr = builder.getI64IntegerAttr(axis);
  Operation *op =
      scatter ? ScatterElementsOp::create(
                    builder, loc, *type, *data, *indices, *updates, axisAttr,
                    ScatterReductionAttr::get(context, *reduction))
                    .getOperation()
              : GatherElementsOp::create(builder, loc, *type, *data, *indices,
                                         axisAttr)
                    .getOperation();
  if (failed(verify(op)))
    return failure();
  setResult(node, 0, op->getResult(0));
  return success();
}

/// GatherND of computed or constant indices, on the host.
LogicalResult Importer::convertGatherND(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> data = getOperand(node, 0);
  FailureOr<Value> indices = getOperand(node, 1);
  if (failed(data) || failed(indices))
    return failure();
  auto dataType = cast<RankedTensorType>(data->getType());
  auto indexType = cast<RankedTensorType>(indices->getType());
  int64_t batchDims = getIntAttr(node, "batch_dims", 0);
  if (batchDims < 0 || batchDims >= indexType.getRank() ||
      batchDims >= dataType.getRank())
    return emitNodeError(node) << "batch_dims " << batchDims
                               << " must be from 0 to less than the ranks of "
                                  "the data and the indices";
  int64_t k = indexType.getShape().back();
  if (k < 1 || k > dataType.getRank() - batchDims)
    return emitNodeError(node)
           << "the indices' last dimension is " << k << "; it must be 1 to "
           << dataType.getRank() - batchDims;
  if (failed(checkConstantIndices(node, [&](int64_t i) {
        return dataType.getDimSize(batchDims + i % k);
      })))
    return failure();
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  auto op = GatherNDOp::create(builder, loc, *type, *data, *indices,
                               builder.getI64IntegerAttr(batchDims));
  if (failed(verify(op)))
    return failure();
  setResult(node, 0, op);
  return success();
}

/// TopK with a constant K (opset 10 on; opset 1's attribute is brought to an
/// input by the version converter): one eyeriss.topk per output used, the
/// values and the indices (int64 positions, held in f32). `sorted` 0 leaves
/// the order open; the sorted one is given.
LogicalResult Importer::convertTopK(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  auto inputType = cast<RankedTensorType>(input->getType());
  int64_t axis = getIntAttr(node, "axis", -1);
  if (failed(normalizeAxis(node, axis, inputType.getRank())))
    return failure();
  FailureOr<DenseElementsAttr> kAttr = getConstantInput(node, 1, "K");
  if (failed(kAttr))
    return failure();
  if (kAttr->getNumElements() != 1 ||
      !isa<IntegerType>(kAttr->getElementType()))
    return emitNodeError(node) << "K must be one integer";
  int64_t k = (*kAttr).getValues<APInt>()[0].getSExtValue();
  int64_t extent = inputType.getDimSize(axis);
  if (k < 1 || k > extent)
    return emitNodeError(node) << "K is " << k << "; it must be 1 to " << extent
                               << " (the extent of axis " << axis << ")";
  if (extent > kMaxExactInteger)
    return emitNodeError(node) << "its axis has " << extent
                               << " elements; indices above 2^24 are not "
                                  "held exactly";
  bool smallest = getIntAttr(node, "largest", 1) == 0;
  for (int output = 0; output < 2; ++output) {
    if (output >= node.output_size() || node.output(output).empty())
      continue;
    bool wantIndices = output == 1;
    if (wantIndices)
      integerValues.insert(node.output(1));
    FailureOr<RankedTensorType> type = getValueType(node.output(output), loc);
    if (failed(type))
      return failure();
    setResult(node, output,
              TopKOp::create(builder,
                             wantIndices ? childLoc(loc, ".indices") : loc,
                             *type, *input, builder.getI64IntegerAttr(axis),
                             smallest ? builder.getUnitAttr() : UnitAttr(),
                             wantIndices ? builder.getUnitAttr() : UnitAttr()));
  }
  return success();
}

/// Shrink: x + bias below -lambd, x - bias above lambd, 0 between; as
/// comparisons and selects on the host.
LogicalResult Importer::convertShrink(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  float bias = getFloatAttr(node, "bias", 0.0f);
  float lambd = getFloatAttr(node, "lambd", 0.5f);
  Type type = input->getType();
  Value below = BinaryOp::create(builder, childLoc(loc, ".below"), type, *input,
                                 scalarConstant(loc, ".neg_lambd", -lambd),
                                 BinaryFn::Less);
  Value above =
      BinaryOp::create(builder, childLoc(loc, ".above"), type, *input,
                       scalarConstant(loc, ".lambd", lambd), BinaryFn::Greater);
  Value raised = AddOp::create(builder, childLoc(loc, ".raised"), type, *input,
                               scalarConstant(loc, ".bias", bias), nullptr);
  Value lowered =
      AddOp::create(builder, childLoc(loc, ".lowered"), type, *input,
                    scalarConstant(loc, ".neg_bias", -bias), nullptr);
  Value upper = SelectOp::create(builder, childLoc(loc, ".upper"), type, above,
                                 lowered, scalarConstant(loc, ".zero", 0.0f));
  setResult(node, 0,
            SelectOp::create(builder, loc, type, below, raised, upper));
  return success();
}

/// MeanVarianceNormalization, as ONNX's function body defines it: (x -
/// E[x]) / (sqrt(E[x^2] - E[x]^2) + 1e-9), the means over `axes`.
LogicalResult
Importer::convertMeanVarianceNormalization(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  int64_t rank = type.getRank();
  SmallVector<int64_t> axes = getIntsAttr(node, "axes", {0, 2, 3});
  for (int64_t &axis : axes)
    if (failed(normalizeAxis(node, axis, rank)))
      return failure();
  llvm::sort(axes);
  if (axes.empty() ||
      std::adjacent_find(axes.begin(), axes.end()) != axes.end())
    return emitNodeError(node) << "the axes must be distinct, at least one";
  SmallVector<int64_t> kept(type.getShape());
  for (int64_t axis : axes)
    kept[axis] = 1;
  auto mean = [&](const Twine &suffix, Value v) -> Value {
    return ReduceOp::create(builder, childLoc(loc, suffix), f32Tensor(kept), v,
                            ReduceFnAttr::get(context, ReduceFn::Mean),
                            builder.getDenseI64ArrayAttr(axes),
                            builder.getUnitAttr());
  };
  auto binary = [&](const Twine &suffix, Type t, Value a, Value b,
                    BinaryFn fn) -> Value {
    return BinaryOp::create(builder, childLoc(loc, suffix), t, a, b, fn);
  };
  Value meanX = mean(".mean", *input);
  Value squares =
      MulOp::create(builder, childLoc(loc, ".square"), type, *input, *input);
  Value meanSquares = mean(".mean_square", squares);
  Value squaredMean = MulOp::create(builder, childLoc(loc, ".squared_mean"),
                                    f32Tensor(kept), meanX, meanX);
  Value variance = binary(".variance", f32Tensor(kept), meanSquares,
                          squaredMean, BinaryFn::Sub);
  Value deviation =
      UnaryOp::create(builder, childLoc(loc, ".std"), variance.getType(),
                      variance, UnaryFnAttr::get(context, UnaryFn::Sqrt),
                      builder.getF32FloatAttr(0), builder.getF32FloatAttr(0));
  Value denominator =
      AddOp::create(builder, childLoc(loc, ".std_eps"), f32Tensor(kept),
                    deviation, scalarConstant(loc, ".eps", 1e-9f), nullptr);
  Value centered = binary(".centered", type, *input, meanX, BinaryFn::Sub);
  setResult(node, 0, binary("", type, centered, denominator, BinaryFn::Div));
  return success();
}

/// ONNX's definition (BatchNormalization-15): the mean and the biased
/// variance of each channel over the batch and spatial dimensions normalize
/// x; running_mean = mean · momentum + batch mean · (1 − momentum), and the
/// same for the variance (outputs 1 and 2). On the host, in float32.
LogicalResult Importer::convertBatchNormTraining(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  SmallVector<Value> operands;
  for (int i = 0; i < 5; ++i) {
    FailureOr<Value> operand = getOperand(node, i);
    if (failed(operand))
      return failure();
    operands.push_back(*operand);
  }
  auto type = cast<RankedTensorType>(operands[0].getType());
  int64_t rank = type.getRank();
  if (rank < 2)
    return emitNodeError(node) << "the input must have a channel dimension "
                                  "(rank 2 or more), got rank "
                               << rank;
  int64_t channels = type.getDimSize(1);
  for (int i = 1; i < 5; ++i)
    if (cast<RankedTensorType>(operands[i].getType()).getNumElements() !=
        channels)
      return emitNodeError(node) << "input #" << i << " must hold one value "
                                 << "per channel (" << channels << ")";
  SmallVector<int64_t> axes, kept(rank, 1);
  kept[1] = channels;
  for (int64_t d = 0; d < rank; ++d)
    if (d != 1)
      axes.push_back(d);
  RankedTensorType keptType = f32Tensor(kept);
  auto mean = [&](const Twine &suffix, Value v) -> Value {
    return ReduceOp::create(builder, childLoc(loc, suffix), keptType, v,
                            ReduceFnAttr::get(context, ReduceFn::Mean),
                            builder.getDenseI64ArrayAttr(axes),
                            builder.getUnitAttr());
  };
  auto alongChannels = [&](const Twine &suffix, Value v) -> Value {
    return ReshapeOp::create(builder, childLoc(loc, suffix), keptType, v);
  };
  Value batchMean = mean(".mean", operands[0]);
  Value centered = BinaryOp::create(builder, childLoc(loc, ".centered"), type,
                                    operands[0], batchMean, BinaryFn::Sub);
  Value squares = MulOp::create(builder, childLoc(loc, ".squared"), type,
                                centered, centered);
  Value batchVariance = mean(".variance", squares);
  float epsilon = getFloatAttr(node, "epsilon", 1e-5f);
  Value deviation = UnaryOp::create(
      builder, childLoc(loc, ".std_dev"), keptType,
      AddOp::create(builder, childLoc(loc, ".variance_epsilon"), keptType,
                    batchVariance, scalarConstant(loc, ".epsilon", epsilon),
                    nullptr),
      UnaryFnAttr::get(context, UnaryFn::Sqrt), builder.getF32FloatAttr(0),
      builder.getF32FloatAttr(0));
  Value normalized = BinaryOp::create(builder, childLoc(loc, ".normalized"),
                                      type, centered, deviation, BinaryFn::Div);
  Value scaled =
      MulOp::create(builder, childLoc(loc, ".scaled"), type, normalized,
                    alongChannels(".scale", operands[1]));
  FailureOr<RankedTensorType> resultType = getValueType(node.output(0), loc);
  if (failed(resultType))
    return failure();
  setResult(node, 0,
            AddOp::create(builder, loc, *resultType, scaled,
                          alongChannels(".bias", operands[2]), nullptr));
  // The running statistics, when used.
  float momentum = getFloatAttr(node, "momentum", 0.9f);
  for (int i : {1, 2}) {
    if (i >= node.output_size() || node.output(i).empty() ||
        !usedNames.contains(node.output(i)))
      continue;
    Location outLoc = childLoc(loc, i == 1 ? ".running_mean" : ".running_var");
    FailureOr<RankedTensorType> outType = getValueType(node.output(i), outLoc);
    if (failed(outType))
      return failure();
    Value batch =
        ReshapeOp::create(builder, childLoc(outLoc, ".batch"), *outType,
                          i == 1 ? batchMean : batchVariance);
    Value kept = MulOp::create(builder, childLoc(outLoc, ".kept"), *outType,
                               operands[i + 2],
                               scalarConstant(outLoc, ".momentum", momentum));
    Value added =
        MulOp::create(builder, childLoc(outLoc, ".added"), *outType, batch,
                      scalarConstant(outLoc, ".rest", 1.0f - momentum));
    setResult(node, i,
              AddOp::create(builder, outLoc, *outType, kept, added, nullptr));
  }
  return success();
}

/// ReverseSequence with constant sequence lengths: each batch entry's first
/// length steps reversed, the rest kept, as a gather of every element at
/// constant positions along the time axis.
LogicalResult Importer::convertReverseSequence(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  int64_t timeAxis = getIntAttr(node, "time_axis", 0);
  int64_t batchAxis = getIntAttr(node, "batch_axis", 1);
  if (type.getRank() < 2 ||
      !((timeAxis == 0 && batchAxis == 1) || (timeAxis == 1 && batchAxis == 0)))
    return emitNodeError(node)
           << "time_axis " << timeAxis << " and batch_axis " << batchAxis
           << " must be 0 and 1 (either way round) of a "
              "tensor of rank 2 or more";
  // (Computed lengths are refused before: they are integers only the
  // gathers and scatters read.)
  FailureOr<DenseElementsAttr> lengths =
      getConstantInput(node, 1, "the sequence lengths");
  if (failed(lengths))
    return failure();
  int64_t steps = type.getDimSize(timeAxis), batch = type.getDimSize(batchAxis);
  if (lengths->getNumElements() != batch)
    return emitNodeError(node) << "has " << lengths->getNumElements()
                               << " sequence lengths for a batch of " << batch;
  SmallVector<int64_t> lengthOf;
  for (const APInt &v : lengths->getValues<APInt>()) {
    int64_t n = v.getSExtValue();
    if (n < 0 || n > steps)
      return emitNodeError(node)
             << "sequence length " << n << " is outside 0 to " << steps;
    lengthOf.push_back(n);
  }
  // Position along the time axis of every element of the result.
  int64_t inner = type.getNumElements() / (steps * batch);
  SmallVector<float> positions;
  positions.reserve(type.getNumElements());
  for (int64_t i = 0; i < type.getDimSize(0); ++i)
    for (int64_t j = 0; j < type.getDimSize(1); ++j) {
      int64_t t = timeAxis == 0 ? i : j, b = timeAxis == 0 ? j : i;
      float from = float(t < lengthOf[b] ? lengthOf[b] - 1 - t : t);
      positions.append(size_t(inner), from);
    }
  Value indices =
      ConstantOp::create(builder, childLoc(loc, ".positions"),
                         DenseElementsAttr::get(f32Tensor(type.getShape()),
                                                ArrayRef<float>(positions)));
  setResult(node, 0,
            GatherElementsOp::create(builder, loc, type, *input, indices,
                                     builder.getI64IntegerAttr(timeAxis)));
  return success();
}

/// Hardmax (opset 13 on: along one axis; older opsets' coerced 2-D form is
/// brought to it by the version converter): 1 at the first maximum, 0
/// elsewhere. The index of the maximum (eyeriss.reduce argmax, kept) equals
/// the position along the axis there: an eyeriss.binary equal.
LogicalResult Importer::convertHardmax(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  int64_t rank = type.getRank();
  int64_t axis = getIntAttr(node, "axis", -1);
  if (failed(normalizeAxis(node, axis, rank)))
    return failure();
  if (type.getDimSize(axis) > kMaxExactInteger)
    return emitNodeError(node) << "its axis has " << type.getDimSize(axis)
                               << " elements; indices above 2^24 are not "
                                  "held exactly";
  SmallVector<int64_t> kept(type.getShape());
  kept[axis] = 1;
  Value argmax = ReduceOp::create(
      builder, childLoc(loc, ".argmax"), f32Tensor(kept), *input,
      ReduceFnAttr::get(context, ReduceFn::ArgMax),
      builder.getDenseI64ArrayAttr({axis}), builder.getUnitAttr());
  FailureOr<RankedTensorType> resultType = getValueType(node.output(0), loc);
  if (failed(resultType))
    return failure();
  setResult(
      node, 0,
      BinaryOp::create(builder, loc, *resultType, argmax,
                       positionsAlong(loc, rank, axis, type.getDimSize(axis)),
                       BinaryFn::Equal));
  return success();
}

/// OneHot of computed or constant indices with a constant depth and
/// values: each index (a float one truncated, a negative one counted from
/// the end) is compared with the positions 0 to depth - 1 along the new
/// axis (eyeriss.binary equal), and the comparison chooses between the
/// on and off values (eyeriss.select). Out-of-range indices give off.
LogicalResult Importer::convertOneHot(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> indices = getOperand(node, 0);
  if (failed(indices))
    return failure();
  FailureOr<DenseElementsAttr> depthAttr =
      getConstantInput(node, 1, "the depth");
  FailureOr<DenseElementsAttr> valuesAttr =
      getConstantInput(node, 2, "the values");
  if (failed(depthAttr) || failed(valuesAttr))
    return failure();
  if (depthAttr->getNumElements() != 1)
    return emitNodeError(node) << "the depth must be a scalar";
  double depthValue =
      isa<IntegerType>(depthAttr->getElementType())
          ? double((*depthAttr).getValues<APInt>()[0].getSExtValue())
          : double((*depthAttr).getValues<float>()[0]);
  // ONNX reads a float depth as an integer (toward zero).
  int64_t depth = int64_t(std::trunc(depthValue));
  if (!(depthValue >= 1) || depth > kMaxExactInteger) {
    char shown[32];
    std::snprintf(shown, sizeof shown, "%g", depthValue);
    return emitNodeError(node)
           << "depth " << shown << " must be from 1 to 2^24";
  }
  if (valuesAttr->getNumElements() != 2)
    return emitNodeError(node) << "the values must be [off, on], 2 elements";
  SmallVector<float> offOn;
  if (isa<IntegerType>(valuesAttr->getElementType())) {
    for (const APInt &v : valuesAttr->getValues<APInt>()) {
      int64_t n = v.getSExtValue();
      if (n < -kMaxExactInteger || n > kMaxExactInteger)
        return emitNodeError(node) << "the values hold " << n
                                   << ", beyond the integers float32 holds "
                                      "exactly (2^24)";
      offOn.push_back(float(n));
    }
    // An integer result: whole numbers held in f32, as the indices are.
    integerValues.insert(node.output(0));
  } else {
    offOn.assign(valuesAttr->getValues<float>().begin(),
                 valuesAttr->getValues<float>().end());
  }
  auto indexType = cast<RankedTensorType>(indices->getType());
  int64_t rank = indexType.getRank() + 1;
  int64_t axis = getIntAttr(node, "axis", -1);
  if (failed(normalizeAxis(node, axis, rank)))
    return failure();
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();

  Value index = *indices;
  auto scalar = [&](const Twine &suffix, float v) {
    return scalarConstant(loc, suffix, v);
  };
  auto unary = [&](const Twine &suffix, UnaryFn fn, Value v) -> Value {
    return UnaryOp::create(builder, childLoc(loc, suffix), v.getType(), v,
                           UnaryFnAttr::get(context, fn),
                           builder.getF32FloatAttr(0),
                           builder.getF32FloatAttr(0));
  };
  // Float indices are cast to int64 first, as ONNX says: toward zero.
  auto constant = constants.find(node.input(0));
  bool integerIndices =
      integerValues.contains(node.input(0)) ||
      (constant != constants.end() &&
       isa<IntegerType>(constant->second.getElementType()));
  if (!integerIndices)
    index = unary(".trunc", UnaryFn::Trunc, index);
  // index < 0 ? index + depth : index.
  Value negative =
      BinaryOp::create(builder, childLoc(loc, ".negative"), index.getType(),
                       index, scalar(".zero", 0.0f), BinaryFn::Less);
  Value wrapped =
      AddOp::create(builder, childLoc(loc, ".wrapped"), index.getType(), index,
                    scalar(".depth", float(depth)), nullptr);
  index = SelectOp::create(builder, childLoc(loc, ".index"), index.getType(),
                           negative, wrapped, index);
  SmallVector<int64_t> expanded(indexType.getShape());
  expanded.insert(expanded.begin() + axis, 1);
  index = ReshapeOp::create(builder, childLoc(loc, ".expanded"),
                            f32Tensor(expanded), index);
  Value hot =
      BinaryOp::create(builder, childLoc(loc, ".hot"), *type, index,
                       positionsAlong(loc, rank, axis, depth), BinaryFn::Equal);
  setResult(node, 0,
            SelectOp::create(builder, loc, *type, hot, scalar(".on", offOn[1]),
                             scalar(".off", offOn[0])));
  return success();
}

LogicalResult Importer::convertReduce(const onnx::NodeProto &node) {
  static const llvm::StringMap<ReduceFn> functions = {
      {"ReduceSum", ReduceFn::Sum},         {"ReduceMean", ReduceFn::Mean},
      {"ReduceMax", ReduceFn::Max},         {"ReduceMin", ReduceFn::Min},
      {"ReduceProd", ReduceFn::Prod},       {"ReduceL1", ReduceFn::L1},
      {"ReduceL2", ReduceFn::L2},           {"ReduceSumSquare", ReduceFn::SumSquare},
      {"ReduceLogSum", ReduceFn::LogSum},   {"ReduceLogSumExp", ReduceFn::LogSumExp}};
  ReduceFn fn = functions.lookup(node.op_type());
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  auto inputType = cast<RankedTensorType>(input->getType());
  int64_t rank = inputType.getRank();
  // Axes: an attribute, or (ReduceSum from opset 13) a constant input.
  SmallVector<int64_t> axes = getIntsAttr(node, "axes", {});
  if (node.op_type() == "ReduceSum" && hasInput(node, 1)) {
    FailureOr<DenseElementsAttr> attr = getConstantInput(node, 1, "the axes");
    if (failed(attr))
      return failure();
    if (!attr->getElementType().isInteger(64))
      return emitNodeError(node) << "the axes must be int64";
    axes.assign(attr->getValues<int64_t>().begin(),
                attr->getValues<int64_t>().end());
  }
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  if (axes.empty()) {
    // No axes: all of them, or none with noop_with_empty_axes.
    if (getIntAttr(node, "noop_with_empty_axes", 0)) {
      if (*type != inputType)
        return emitNodeError(node) << "a reduction over no axis changes the "
                                      "type to "
                                   << *type;
      setResult(node, 0, *input);
      return success();
    }
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  }
  for (int64_t &axis : axes) {
    if (failed(normalizeAxis(node, axis, rank)))
      return failure();
  }
  llvm::sort(axes);
  if (std::adjacent_find(axes.begin(), axes.end()) != axes.end())
    return emitNodeError(node) << "axis " << *std::adjacent_find(
                                                 axes.begin(), axes.end())
                               << " is reduced twice";
  bool keepDims = getIntAttr(node, "keepdims", 1) != 0;
  if (fn == ReduceFn::Mean && rank == 4 && axes == ArrayRef<int64_t>{2, 3}) {
    ArrayRef<int64_t> shape = inputType.getShape();
    auto pooledType = RankedTensorType::get({shape[0], shape[1], 1, 1},
                                            inputType.getElementType());
    Value result = GlobalAvgPoolOp::create(builder, loc, pooledType, *input);
    if (!keepDims)
      result = ReshapeOp::create(builder, loc, *type, result);
    setResult(node, 0, result);
    return success();
  }
  SmallVector<int64_t> expected;
  for (int64_t d = 0; d < rank; ++d) {
    if (!llvm::is_contained(axes, d))
      expected.push_back(inputType.getDimSize(d));
    else if (keepDims)
      expected.push_back(1);
  }
  if (type->getShape() != ArrayRef<int64_t>(expected))
    return emitNodeError(node) << "output shape " << formatShape(expected)
                               << " differs from ONNX shape inference's "
                               << formatShape(type->getShape());
  setResult(node, 0,
            ReduceOp::create(builder, loc, *type, *input,
                             ReduceFnAttr::get(context, fn),
                             builder.getDenseI64ArrayAttr(axes),
                             keepDims ? builder.getUnitAttr() : UnitAttr()));
  return success();
}

LogicalResult Importer::convertMul(const onnx::NodeProto &node) {
  if (computesIntegers(node))
    return createBinary(node, BinaryFn::Mul);
  return convertChain(node, [&](Location loc, RankedTensorType type, Value a,
                                Value b) -> Value {
    return MulOp::create(builder, loc, type, a, b);
  });
}

LogicalResult Importer::convertHardSigmoid(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  setResult(node, 0,
            HardSigmoidOp::create(
                builder, loc, input->getType(), *input,
                builder.getF32FloatAttr(getFloatAttr(node, "alpha", 0.2f)),
                builder.getF32FloatAttr(getFloatAttr(node, "beta", 0.5f))));
  return success();
}

/// HardSwish(x) = x * HardSigmoid(x) with alpha 1/6 and beta 1/2 (ONNX's
/// definition), as MobileNetV3 uses it.
LogicalResult Importer::convertHardSwish(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  Value gate = HardSigmoidOp::create(builder, loc, input->getType(), *input,
                                     builder.getF32FloatAttr(1.0f / 6.0f),
                                     builder.getF32FloatAttr(0.5f));
  setResult(node, 0,
            MulOp::create(builder, loc, input->getType(), *input, gate));
  return success();
}

LogicalResult Importer::convertBatchNorm(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  if (getIntAttr(node, "training_mode", 0) != 0)
    return convertBatchNormTraining(node);
  if (failed(checkExtraOutputsUnused(node, 1)))
    return failure();
  SmallVector<Value> operands;
  for (int i = 0; i < 5; ++i) {
    FailureOr<Value> operand = getOperand(node, i);
    if (failed(operand))
      return failure();
    operands.push_back(*operand);
  }
  auto inputType = cast<RankedTensorType>(operands[0].getType());
  if (inputType.getRank() < 2)
    return emitNodeError(node) << "the input must have a channel dimension "
                                  "(rank 2 or more), got rank "
                               << inputType.getRank();
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  // Other ranks than N x C x H x W (BatchNorm1d after a Linear layer or over
  // a sequence, BatchNorm3d) normalize the same per channel: as
  // N x C x (the rest) x 1.
  Value x = operands[0];
  ArrayRef<int64_t> shape = inputType.getShape();
  if (inputType.getRank() != 4) {
    int64_t rest = 1;
    for (int64_t d : shape.drop_front(2))
      rest *= d;
    x = ReshapeOp::create(builder, childLoc(loc, ".planes"),
                          f32Tensor({shape[0], shape[1], rest, 1}), x);
  }
  Value y = BatchNormOp::create(
      builder, loc, x.getType(), x, operands[1], operands[2], operands[3],
      operands[4],
      builder.getF32FloatAttr(getFloatAttr(node, "epsilon", 1e-5f)));
  if (y.getType() != *type)
    y = ReshapeOp::create(builder, childLoc(loc, ".unplanes"), *type, y);
  setResult(node, 0, y);
  return success();
}

LogicalResult Importer::convertConstant(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  const onnx::AttributeProto *value = findAttr(node, "value");
  if (value && value->has_t()) {
    FailureOr<DenseElementsAttr> attr = convertTensor(value->t(), loc);
    if (failed(attr))
      return failure();
    constants[node.output(0)] = *attr;
    return success();
  }
  // The scalar and list forms: a rank-0 or a 1-D tensor.
  auto setConstant = [&](Type elementType, auto values, bool scalar) {
    SmallVector<int64_t> shape;
    if (!scalar)
      shape.push_back(static_cast<int64_t>(values.size()));
    constants[node.output(0)] = DenseElementsAttr::get(
        RankedTensorType::get(shape, elementType), llvm::ArrayRef(values));
    return success();
  };
  if (const onnx::AttributeProto *f = findAttr(node, "value_float"))
    return setConstant(builder.getF32Type(), SmallVector<float>{f->f()},
                       /*scalar=*/true);
  if (const onnx::AttributeProto *fs = findAttr(node, "value_floats"))
    return setConstant(builder.getF32Type(),
                       SmallVector<float>(fs->floats().begin(),
                                          fs->floats().end()),
                       /*scalar=*/false);
  if (const onnx::AttributeProto *i = findAttr(node, "value_int"))
    return setConstant(builder.getI64Type(), SmallVector<int64_t>{i->i()},
                       /*scalar=*/true);
  if (const onnx::AttributeProto *is = findAttr(node, "value_ints"))
    return setConstant(builder.getI64Type(),
                       SmallVector<int64_t>(is->ints().begin(),
                                            is->ints().end()),
                       /*scalar=*/false);
  return emitNodeError(node) << "only tensor, float(s) and int(s) constants "
                                "are supported";
}

LogicalResult Importer::convertReshape(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  // The target shape comes from shape inference, which needs the shape
  // input to be known at compile time: refuse a computed one plainly.
  if (failed(getConstantInput(node, 1, "the target shape")))
    return failure();
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  // ONNX 1.12's shape inference does not compare element counts. A model
  // exported at a fixed batch keeps that batch in its Reshape targets, and
  // --batch then makes them wrong: say so here, at the node.
  auto inputType = cast<RankedTensorType>(input->getType());
  if (type->getNumElements() != inputType.getNumElements()) {
    InFlightDiagnostic diag =
        emitNodeError(node)
        << "the target shape " << formatShape(type->getShape()) << " holds "
        << type->getNumElements() << " elements but the input "
        << formatShape(inputType.getShape()) << " has "
        << inputType.getNumElements();
    if (options.batch)
      diag << " (the model fixes a batch size in this Reshape's target; "
              "export it with a symbolic batch dimension, or compile at its "
              "own batch)";
    return diag;
  }
  setResult(node, 0, ReshapeOp::create(builder, loc, *type, *input));
  return success();
}

/// Resize (opset 13's, which every supported opset converts to): the modes
/// become enum attributes, constant scales an attribute, constant sizes the
/// result type.
LogicalResult Importer::convertResize(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  auto inputType = cast<RankedTensorType>(input->getType());
  ArrayRef<int64_t> in = inputType.getShape();
  size_t rank = in.size();

  std::string modeName = getStringAttr(node, "mode", "nearest");
  std::optional<ResizeMode> mode = symbolizeResizeMode(modeName);
  if (!mode)
    return emitNodeError(node) << "unknown mode '" << modeName
                               << "' (nearest, linear or cubic)";
  std::string coordinatesName =
      getStringAttr(node, "coordinate_transformation_mode", "half_pixel");
  std::optional<ResizeCoordinates> coordinates =
      symbolizeResizeCoordinates(coordinatesName);
  if (!coordinates)
    return emitNodeError(node)
           << "unknown coordinate_transformation_mode '" << coordinatesName
           << "'";
  std::string nearestName =
      getStringAttr(node, "nearest_mode", "round_prefer_floor");
  std::optional<ResizeNearest> nearest = symbolizeResizeNearest(nearestName);
  if (!nearest)
    return emitNodeError(node) << "unknown nearest_mode '" << nearestName
                               << "'";
  float cubicCoeffA = getFloatAttr(node, "cubic_coeff_a", -0.75f);
  float extrapolation = getFloatAttr(node, "extrapolation_value", 0.0f);
  if (!std::isfinite(cubicCoeffA) || !std::isfinite(extrapolation))
    return emitNodeError(node)
           << "cubic_coeff_a and extrapolation_value must be finite";

  // A float list from a constant input: nullopt when the input is absent
  // or empty (how opset 11 leaves out the scales).
  auto floats = [&](int index, StringRef what)
      -> FailureOr<std::optional<SmallVector<float>>> {
    if (!hasInput(node, index))
      return std::optional<SmallVector<float>>();
    FailureOr<DenseElementsAttr> attr = getConstantInput(node, index, what);
    if (failed(attr))
      return failure();
    if (!attr->getElementType().isF32())
      return emitNodeError(node) << what << " must be float32";
    if (attr->getNumElements() == 0)
      return std::optional<SmallVector<float>>();
    return std::optional<SmallVector<float>>(
        SmallVector<float>(attr->getValues<float>()));
  };
  bool crop = *coordinates == ResizeCoordinates::TFCropAndResize;
  std::optional<SmallVector<float>> roi;
  if (crop) {
    FailureOr<std::optional<SmallVector<float>>> value = floats(1, "the roi");
    if (failed(value))
      return failure();
    roi = *value;
    if (!roi || roi->size() != 2 * rank ||
        !llvm::all_of(*roi, [](float v) { return std::isfinite(v); }))
      return emitNodeError(node)
             << "tf_crop_and_resize needs a roi of " << 2 * rank
             << " finite values (every start, then every end)";
  }
  FailureOr<std::optional<SmallVector<float>>> scales = floats(2, "the scales");
  if (failed(scales))
    return failure();
  SmallVector<int64_t> expected;
  if (hasInput(node, 3)) {
    if (*scales)
      return emitNodeError(node) << "has both scales and sizes; ONNX allows "
                                    "one";
    FailureOr<DenseElementsAttr> sizes =
        getConstantInput(node, 3, "the sizes");
    if (failed(sizes))
      return failure();
    if (!sizes->getElementType().isInteger(64) ||
        sizes->getNumElements() != int64_t(rank))
      return emitNodeError(node) << "the sizes must be " << rank
                                 << " int64 values, one per input dimension";
    for (int64_t size : sizes->getValues<int64_t>()) {
      if (size < 1)
        return emitNodeError(node) << "output size " << size
                                   << " must be at least 1";
      expected.push_back(size);
    }
  } else {
    if (!*scales)
      return emitNodeError(node) << "has neither scales nor sizes";
    if ((*scales)->size() != rank)
      return emitNodeError(node) << "the scales have " << (*scales)->size()
                                 << " values, the input has rank " << rank;
    for (auto [d, scale] : llvm::enumerate(**scales)) {
      if (!(scale > 0.0f) || !std::isfinite(scale))
        return emitNodeError(node) << "scale " << scale << " of dimension "
                                   << d << " must be positive and finite";
      // ONNX's extent: floor(in * (roi end - roi start) * scale), in float.
      float extent = float(in[d]) * scale;
      if (roi)
        extent = float(in[d]) * ((*roi)[rank + d] - (*roi)[d]) * scale;
      if (!(extent >= 1.0f) || extent > float(options.maxTensorElements))
        return emitNodeError(node)
               << "scale " << scale << " gives dimension " << d
               << " (extent " << in[d] << ") an output extent of " << extent
               << "; it must be at least 1";
      expected.push_back(static_cast<int64_t>(std::floor(extent)));
    }
  }
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  if (type->getShape() != ArrayRef<int64_t>(expected))
    return emitNodeError(node) << "output shape " << formatShape(expected)
                               << " differs from ONNX shape inference's "
                               << formatShape(type->getShape());
  auto f32Array = [&](const std::optional<SmallVector<float>> &values) {
    return values ? builder.getDenseF32ArrayAttr(*values)
                  : DenseF32ArrayAttr();
  };
  auto op = ResizeOp::create(
      builder, loc, *type, *input, ResizeModeAttr::get(context, *mode),
      ResizeCoordinatesAttr::get(context, *coordinates),
      ResizeNearestAttr::get(context, *nearest),
      builder.getF32FloatAttr(cubicCoeffA),
      getIntAttr(node, "exclude_outside", 0) ? builder.getUnitAttr()
                                             : UnitAttr(),
      builder.getF32FloatAttr(extrapolation),
      hasInput(node, 3) ? DenseF32ArrayAttr() : f32Array(*scales),
      f32Array(roi));
  setResult(node, 0, op);
  return success();
}

LogicalResult Importer::convertAdd(const onnx::NodeProto &node) {
  if (computesIntegers(node))
    return createBinary(node, BinaryFn::Add);
  return convertChain(node, [&](Location loc, RankedTensorType type, Value a,
                                Value b) -> Value {
    return AddOp::create(builder, loc, type, a, b, /*activation=*/nullptr);
  });
}

LogicalResult Importer::convertChain(
    const onnx::NodeProto &node,
    function_ref<Value(Location, RankedTensorType, Value, Value)> link) {
  Location loc = getNodeLoc(node);
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  FailureOr<Value> result = getOperand(node, 0);
  if (failed(result))
    return failure();
  for (int i = 1; i < node.input_size(); ++i) {
    FailureOr<Value> term = getOperand(node, i);
    if (failed(term))
      return failure();
    SmallVector<int64_t> shape;
    if (!OpTrait::util::getBroadcastedShape(
            cast<RankedTensorType>(result->getType()).getShape(),
            cast<RankedTensorType>(term->getType()).getShape(), shape))
      return emitNodeError(node) << "inputs #0 to #" << i
                                 << " do not broadcast together";
    result = link(loc, RankedTensorType::get(shape, type->getElementType()),
                  *result, *term);
  }
  if (cast<RankedTensorType>(result->getType()) != *type)
    return emitNodeError(node) << "the result's type " << result->getType()
                               << " is not its output's " << *type;
  setResult(node, 0, *result);
  return success();
}

LogicalResult Importer::convertSum(const onnx::NodeProto &node) {
  // Older exporters' residual additions (Caffe2's ResNets).
  return convertChain(node, [&](Location loc, RankedTensorType type, Value a,
                                Value b) -> Value {
    return AddOp::create(builder, loc, type, a, b, /*activation=*/nullptr);
  });
}

/// `input` with its dimensions permuted (result dimension i is input
/// dimension perm[i]), or `input` itself for the identity.
Value Importer::permute(Location loc, Value input, ArrayRef<int64_t> perm) {
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return input;
  ArrayRef<int64_t> shape = cast<RankedTensorType>(input.getType()).getShape();
  SmallVector<int64_t> permuted;
  for (int64_t d : perm)
    permuted.push_back(shape[d]);
  return TransposeOp::create(builder, loc, f32Tensor(permuted), input,
                             builder.getDenseI64ArrayAttr(perm));
}

/// Einsum of one or two operands with explicit letters (torch.einsum's
/// exports: attention's 'bhid,bhjd->bhij', 'ij->ji', 'bij,bjk->bik'), as
/// transposes, sum reductions, reshapes and one batched matmul on the host.
/// Letters of one operand that the output lacks are summed first; then
/// the letters of both operands are batch dimensions when the output has
/// them and contracted when it does not, and each operand's other letters
/// are the matrix rows (the first) or columns (the second). Ellipses,
/// a letter repeated within an operand (a diagonal) and three or more
/// operands are refused.
/// The equation with each ellipsis written out as letters the equation
/// does not use, one per dimension it stands for, aligned from the right
/// as numpy's (an operand with fewer such dimensions takes the last
/// letters); the output, explicit, gets all of them first (implicit mode:
/// then the letters that appear once, in alphabetical order).
FailureOr<std::string>
Importer::expandEinsumEllipsis(const onnx::NodeProto &node,
                               StringRef equation) {
  auto [lhs, rhs] = equation.split("->");
  bool explicitOutput = equation.contains("->");
  SmallVector<StringRef> terms;
  lhs.split(terms, ',');
  std::string fresh;
  for (char c :
       StringRef("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))
    if (!equation.contains(c))
      fresh.push_back(c);
  SmallVector<int64_t> spans;
  int64_t longest = 0;
  for (auto [i, term] : llvm::enumerate(terms)) {
    size_t at = term.find("...");
    if (at == StringRef::npos) {
      spans.push_back(0);
      continue;
    }
    if (term.find("...", at + 3) != StringRef::npos ||
        int(i) >= node.input_size())
      return emitNodeError(node)
             << "term '" << term << "' has more than one ellipsis";
    int64_t rank = -1;
    if (Value v = values.lookup(node.input(i)))
      rank = cast<RankedTensorType>(v.getType()).getRank();
    else if (auto it = constants.find(node.input(i)); it != constants.end())
      rank = it->second.getType().getRank();
    else
      return emitNodeError(node)
             << "input '" << node.input(i) << "' is not defined";
    int64_t span = rank - int64_t(term.size() - 3);
    if (span < 0)
      return emitNodeError(node)
             << "term '" << term << "' has " << term.size() - 3
             << " letters for input #" << i << " of rank " << rank;
    spans.push_back(span);
    longest = std::max(longest, span);
  }
  if (longest > int64_t(fresh.size()))
    return emitNodeError(node) << "the ellipsis stands for " << longest
                               << " dimensions, more letters than are free";
  std::string ellipsis = fresh.substr(0, size_t(longest));
  std::string expanded;
  for (auto [i, term] : llvm::enumerate(terms)) {
    if (i)
      expanded += ',';
    std::string t = term.str();
    if (size_t at = t.find("..."); at != std::string::npos)
      t.replace(at, 3, ellipsis.substr(size_t(longest - spans[i])));
    expanded += t;
  }
  std::string out;
  if (explicitOutput) {
    out = rhs.str();
    if (size_t at = out.find("..."); at != std::string::npos)
      out.replace(at, 3, ellipsis);
  } else {
    out = ellipsis;
    for (char c = 'A'; c <= 'z'; ++c)
      if (!StringRef(ellipsis).contains(c) &&
          std::count(lhs.begin(), lhs.end(), c) == 1)
        out.push_back(c);
  }
  return expanded + "->" + out;
}

LogicalResult Importer::convertEinsum(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  std::string equation;
  for (char c : getStringAttr(node, "equation", ""))
    if (c != ' ')
      equation.push_back(c);
  // As written, for errors: the ellipsis is expanded below.
  std::string written = equation;
  SmallVector<StringRef> writtenTerms;
  StringRef(written).split("->").first.split(writtenTerms, ',');
  if (equation.find("...") != std::string::npos) {
    FailureOr<std::string> expanded = expandEinsumEllipsis(node, equation);
    if (failed(expanded))
      return failure();
    equation = *expanded;
  }
  StringRef lhs = StringRef(equation).split("->").first;
  SmallVector<StringRef> terms;
  lhs.split(terms, ',');
  int numInputs = node.input_size();
  if (numInputs < 1 || numInputs > 2 ||
      static_cast<int>(terms.size()) != numInputs)
    return emitNodeError(node) << "the equation '" << equation << "' has "
                               << terms.size() << " terms for " << numInputs
                               << " inputs; one or two operands are supported";
  // The output's letters: explicit, or (ONNX's implicit mode) the letters
  // that appear once, in alphabetical order.
  std::string out;
  if (StringRef(equation).contains("->")) {
    out = StringRef(equation).split("->").second.str();
  } else {
    for (char c = 'A'; c <= 'z'; ++c)
      if (std::count(lhs.begin(), lhs.end(), c) == 1)
        out.push_back(c);
  }
  SmallVector<Value> operands;
  // Each operand's letters, once its diagonals are taken.
  SmallVector<std::string> termLetters;
  for (auto [i, term] : llvm::enumerate(terms)) {
    FailureOr<Value> value = getOperand(node, i);
    if (failed(value))
      return failure();
    auto type = cast<RankedTensorType>(value->getType());
    if (static_cast<int64_t>(term.size()) != type.getRank())
      return emitNodeError(node)
             << "term '" << term << "' has " << term.size()
             << " letters for input #" << i << " of rank " << type.getRank();
    for (char c : term)
      if (!std::isalpha(static_cast<unsigned char>(c)))
        return emitNodeError(node) << "term '" << writtenTerms[i]
                                   << "' has a character that is no letter";
    // A letter repeated within a term takes the diagonal ("ii->i", a
    // batched "...ii->...i"): its two dimensions moved last and merged, and
    // every (n + 1)-th element kept.
    std::string letters = term.str();
    Value v = *value;
    for (size_t p = 0; p < letters.size(); ++p) {
      size_t q = letters.find(letters[p], p + 1);
      if (q == std::string::npos)
        continue;
      ArrayRef<int64_t> shape = cast<RankedTensorType>(v.getType()).getShape();
      if (shape[p] != shape[q])
        return emitNodeError(node)
               << "letter '" << letters[p] << "' of term '" << writtenTerms[i]
               << "' has extents " << shape[p] << " and " << shape[q];
      int64_t n = shape[p];
      SmallVector<int64_t> perm, merged;
      std::string rest;
      for (size_t d = 0; d < letters.size(); ++d)
        if (d != p && d != q) {
          perm.push_back(int64_t(d));
          merged.push_back(shape[d]);
          rest.push_back(letters[d]);
        }
      perm.append({int64_t(p), int64_t(q)});
      Location diagLoc = childLoc(loc, ".diagonal" + Twine(i));
      v = permute(diagLoc, v, perm);
      merged.push_back(n * n);
      v = ReshapeOp::create(builder, diagLoc, f32Tensor(merged), v);
      merged.back() = n;
      v = createSlice(diagLoc, v, f32Tensor(merged), int64_t(merged.size()) - 1,
                      0, n + 1);
      letters = rest + letters[p];
      p = size_t(-1); // Look again from the start.
    }
    termLetters.push_back(letters);
    operands.push_back(v);
  }
  for (char c : out)
    if (!lhs.contains(c) || StringRef(out).count(c) != 1)
      return emitNodeError(node) << "the output '" << out
                                 << "' has a letter no input has, or twice";
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();

  // Sum each operand over the letters only it has and the output lacks.
  SmallVector<std::string> letters;
  for (auto [i, term] : llvm::enumerate(termLetters)) {
    StringRef other =
        termLetters.size() == 2 ? StringRef(termLetters[1 - i]) : StringRef();
    std::string kept;
    SmallVector<int64_t> summed, keptShape;
    ArrayRef<int64_t> shape =
        cast<RankedTensorType>(operands[i].getType()).getShape();
    for (auto [d, c] : llvm::enumerate(term)) {
      if (!StringRef(out).contains(c) && !other.contains(c)) {
        summed.push_back(d);
      } else {
        kept.push_back(c);
        keptShape.push_back(shape[d]);
      }
    }
    if (!summed.empty())
      operands[i] = ReduceOp::create(
          builder, childLoc(loc, ".sum" + Twine(i)), f32Tensor(keptShape),
          operands[i], ReduceFnAttr::get(context, ReduceFn::Sum),
          builder.getDenseI64ArrayAttr(summed), UnitAttr());
    letters.push_back(kept);
  }

  auto dimOf = [&](int i, char c) -> int64_t {
    return cast<RankedTensorType>(operands[i].getType())
        .getDimSize(StringRef(letters[i]).find(c));
  };
  auto positions = [](StringRef from, StringRef order) {
    SmallVector<int64_t> perm;
    for (char c : order)
      perm.push_back(from.find(c));
    return perm;
  };
  Value result;
  std::string resultLetters;
  if (operands.size() == 1) {
    result = operands[0];
    resultLetters = letters[0];
  } else {
    // Batch, rows (A's own), columns (B's own), contracted.
    std::string batch, rows, cols, contracted;
    for (char c : letters[0])
      (StringRef(letters[1]).contains(c)
           ? (StringRef(out).contains(c) ? batch : contracted)
           : rows)
          .push_back(c);
    for (char c : letters[1])
      if (!StringRef(letters[0]).contains(c))
        cols.push_back(c);
    for (char c : batch)
      if (dimOf(0, c) != dimOf(1, c))
        return emitNodeError(node)
               << "letter '" << c << "' has extents " << dimOf(0, c) << " and "
               << dimOf(1, c) << " in the two inputs";
    for (char c : contracted)
      if (dimOf(0, c) != dimOf(1, c))
        return emitNodeError(node)
               << "letter '" << c << "' has extents " << dimOf(0, c) << " and "
               << dimOf(1, c) << " in the two inputs";
    auto product = [&](int i, StringRef group) {
      int64_t p = 1;
      for (char c : group)
        p *= dimOf(i, c);
      return p;
    };
    int64_t B = product(0, batch), M = product(0, rows),
            K = product(0, contracted), N = product(1, cols);
    Value a = permute(childLoc(loc, ".lhs"), operands[0],
                      positions(letters[0], batch + rows + contracted));
    Value b = permute(childLoc(loc, ".rhs"), operands[1],
                      positions(letters[1], batch + contracted + cols));
    auto reshape = [&](StringRef suffix, Value x,
                       RankedTensorType to) -> Value {
      return x.getType() == to
                 ? x
                 : ReshapeOp::create(builder, childLoc(loc, suffix), to, x);
    };
    a = reshape(".lhs_matrix", a, f32Tensor({B, M, K}));
    b = reshape(".rhs_matrix", b, f32Tensor({B, K, N}));
    Value product3 = MatMulOp::create(builder, childLoc(loc, ".matmul"),
                                      f32Tensor({B, M, N}), a, b);
    resultLetters = batch + rows + cols;
    SmallVector<int64_t> shape;
    for (char c : batch + rows)
      shape.push_back(dimOf(0, c));
    for (char c : cols)
      shape.push_back(dimOf(1, c));
    result = reshape(".unmatrix", product3, f32Tensor(shape));
  }
  // Every letter left is the output's (the others were summed or
  // contracted): only their order remains.
  result =
      permute(childLoc(loc, ".order"), result, positions(resultLetters, out));
  if (result.getType() != *type) {
    // A rank-0 result (an inner product) or the identity: one reshape.
    result = ReshapeOp::create(builder, loc, *type, result);
  }
  setResult(node, 0, result);
  return success();
}

/// Mean of N tensors (broadcasting): their Sum, times 1/N (as a Div by a
/// constant imports).
/// RNN, GRU and LSTM over the input's static sequence length, unrolled into
/// fully connected layers and host ops (RecurrentLayers.h). The weights,
/// biases, peepholes and sequence lengths must be constants: the chip's
/// filters are, and the steps are laid out at import.
LogicalResult Importer::convertRecurrent(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  RecurrentLayerSpec spec;
  spec.cell = llvm::StringSwitch<RecurrentCell>(node.op_type())
                  .Case("RNN", RecurrentCell::RNN)
                  .Case("GRU", RecurrentCell::GRU)
                  .Default(RecurrentCell::LSTM);
  bool lstm = spec.cell == RecurrentCell::LSTM;
  int64_t gates = recurrentGateCount(spec.cell);

  std::string direction = getStringAttr(node, "direction", "forward");
  if (direction == "forward")
    spec.reverse = {false};
  else if (direction == "reverse")
    spec.reverse = {true};
  else if (direction == "bidirectional")
    spec.reverse = {false, true};
  else
    return emitNodeError(node) << "direction '" << direction
                               << "' is not forward, reverse or bidirectional";
  int64_t directions = spec.reverse.size();
  // ONNX does not say whether activation_alpha/beta hold one value per
  // activation or per activation that has a parameter, and runtimes read
  // them differently; `clip` may or may not bound the cell state itself.
  for (StringRef name : {"activation_alpha", "activation_beta", "clip"})
    if (findAttr(node, name))
      return emitNodeError(node)
             << "the '" << name
             << "' attribute is not supported (ONNX leaves its meaning open "
                "and runtimes differ); only the activations' default "
                "parameters and no clipping are";
  if (lstm && getIntAttr(node, "input_forget", 0) != 0)
    return emitNodeError(node) << "input_forget = 1 (coupled input and forget "
                                  "gates) is not supported";
  spec.linearBeforeReset = spec.cell == RecurrentCell::GRU &&
                           getIntAttr(node, "linear_before_reset", 0) != 0;
  int64_t layout = getIntAttr(node, "layout", 0);
  if (layout != 0 && layout != 1)
    return emitNodeError(node) << "layout " << layout << " is not 0 or 1";

  int64_t perDirection = recurrentActivationCount(spec.cell);
  SmallVector<std::string> names;
  if (const onnx::AttributeProto *attr = findAttr(node, "activations")) {
    names.assign(attr->strings().begin(), attr->strings().end());
    if (int64_t(names.size()) != perDirection * directions)
      return emitNodeError(node)
             << "'activations' lists " << names.size() << " function"
             << (names.size() == 1 ? "" : "s") << "; a " << direction << " "
             << node.op_type() << " takes " << perDirection * directions;
  } else {
    static const char *const defaults[] = {"Sigmoid", "Tanh", "Tanh"};
    for (int64_t d = 0; d < directions; ++d)
      for (int64_t k = 0; k < perDirection; ++k)
        names.push_back(spec.cell == RecurrentCell::RNN ? "Tanh" : defaults[k]);
  }
  for (const std::string &name : names) {
    std::optional<RecurrentActivation> act = parseRecurrentActivation(name);
    if (!act)
      return emitNodeError(node)
             << "activation '" << name
             << "' is not supported (Sigmoid, Tanh, Relu, HardSigmoid, "
                "Softsign, Softplus, LeakyRelu, Elu, ThresholdedRelu)";
    spec.activations.push_back(*act);
  }

  FailureOr<Value> x = getOperand(node, 0);
  if (failed(x))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  if (xType.getRank() != 3)
    return emitNodeError(node) << "X must be 3-D; it is " << xType;
  if (layout == 1)
    x = permute(childLoc(loc, ".x.time_major"), *x, {1, 0, 2});
  ArrayRef<int64_t> xShape = cast<RankedTensorType>(x->getType()).getShape();
  int64_t steps = xShape[0], batch = xShape[1], inputSize = xShape[2];
  if (steps < 1 || batch < 1 || inputSize < 1)
    return emitNodeError(node) << "X is empty (" << steps << " steps, batch "
                               << batch << ", " << inputSize
                               << " inputs); empty sequences are not "
                                  "supported";

  // A parameter input: a float32 constant of `shape`.
  auto parameter =
      [&](int index, StringRef what,
          ArrayRef<int64_t> shape) -> FailureOr<DenseElementsAttr> {
    FailureOr<DenseElementsAttr> attr = getConstantInput(node, index, what);
    if (failed(attr))
      return failure();
    if (!attr->getElementType().isF32())
      return emitNodeError(node) << what << " must be a floating-point tensor";
    if (attr->getType().getShape() != shape)
      return emitNodeError(node)
             << what << " has shape [" << attr->getType().getShape() << "]; a "
             << direction << " " << node.op_type() << " of " << inputSize
             << " inputs needs [" << shape << "]";
    return *attr;
  };
  FailureOr<DenseElementsAttr> r = getConstantInput(node, 2, "R");
  if (failed(r))
    return failure();
  ArrayRef<int64_t> rShape = r->getType().getShape();
  int64_t hidden =
      getIntAttr(node, "hidden_size", rShape.size() == 3 ? rShape[2] : 0);
  if (hidden <= 0)
    return emitNodeError(node) << "hidden_size must be positive";
  spec.hidden = hidden;
  FailureOr<DenseElementsAttr> w =
      parameter(1, "W", {directions, gates * hidden, inputSize});
  if (failed(w))
    return failure();
  spec.w = *w;
  if (failed(r = parameter(2, "R", {directions, gates * hidden, hidden})))
    return failure();
  spec.r = *r;
  if (hasInput(node, 3)) {
    FailureOr<DenseElementsAttr> bias =
        parameter(3, "B", {directions, 2 * gates * hidden});
    if (failed(bias))
      return failure();
    spec.b = *bias;
  }
  if (lstm && hasInput(node, 7)) {
    FailureOr<DenseElementsAttr> p =
        parameter(7, "P", {directions, 3 * hidden});
    if (failed(p))
      return failure();
    spec.p = *p;
  }
  if (hasInput(node, 4)) {
    FailureOr<DenseElementsAttr> lens =
        getConstantInput(node, 4, "sequence_lens");
    if (failed(lens))
      return failure();
    if (!isa<IntegerType>(lens->getElementType()) ||
        lens->getType().getShape() != ArrayRef<int64_t>{batch})
      return emitNodeError(node) << "sequence_lens must be " << batch
                                 << " integers (one per batch element)";
    for (const APInt &v : lens->getValues<APInt>()) {
      int64_t len = v.getSExtValue();
      if (len < 0 || len > steps)
        return emitNodeError(node)
               << "sequence_lens holds " << len << ", outside [0, " << steps
               << "] (seq_length)";
      spec.sequenceLengths.push_back(len);
    }
    if (llvm::all_of(spec.sequenceLengths,
                     [&](int64_t len) { return len == steps; }))
      spec.sequenceLengths.clear();
  }
  // Initial states: [D, N, H] (layout 1: [N, D, H]).
  auto state = [&](int index, StringRef what) -> FailureOr<Value> {
    if (!hasInput(node, index))
      return Value();
    FailureOr<Value> v = getOperand(node, index);
    if (failed(v))
      return failure();
    SmallVector<int64_t> expected =
        layout == 0 ? SmallVector<int64_t>{directions, batch, hidden}
                    : SmallVector<int64_t>{batch, directions, hidden};
    if (cast<RankedTensorType>(v->getType()).getShape() !=
        ArrayRef<int64_t>(expected))
      return emitNodeError(node) << what << " has type " << v->getType()
                                 << "; it must have shape [" << expected << "]";
    if (layout == 1)
      return permute(childLoc(loc, "." + what + ".direction_major"), *v,
                     {1, 0, 2});
    return *v;
  };
  FailureOr<Value> initialH = state(5, "initial_h");
  FailureOr<Value> initialC = lstm ? state(6, "initial_c") : Value();
  if (failed(initialH) || failed(initialC))
    return failure();

  RecurrentLayerResults results = buildRecurrentLayer(
      builder, cast<NameLoc>(loc), spec, *x, *initialH, *initialC);
  Value outputs[3] = {results.y, results.yH, results.yC};
  if (layout == 1) {
    outputs[0] =
        permute(childLoc(loc, ".y.batch_major"), outputs[0], {2, 0, 1, 3});
    outputs[1] =
        permute(childLoc(loc, ".h.batch_major"), outputs[1], {1, 0, 2});
    if (outputs[2])
      outputs[2] =
          permute(childLoc(loc, ".c.batch_major"), outputs[2], {1, 0, 2});
  }
  for (int i = 0; i < node.output_size() && i < 3; ++i) {
    if (node.output(i).empty())
      continue;
    FailureOr<RankedTensorType> type = getValueType(node.output(i), loc);
    if (failed(type))
      return failure();
    if (!outputs[i] || outputs[i].getType() != *type)
      return emitNodeError(node) << "output #" << i << " has type " << *type
                                 << ", not the unrolled layer's";
    setResult(node, i, outputs[i]);
  }
  return success();
}

LogicalResult Importer::convertMean(const onnx::NodeProto &node) {
  if (failed(convertSum(node)))
    return failure();
  int n = node.input_size();
  if (n == 1)
    return success();
  Value sum = values[node.output(0)];
  auto type = cast<RankedTensorType>(sum.getType());
  Value scale = ConstantOp::create(
      builder, childLoc(getNodeLoc(node), ".reciprocal_count"),
      DenseElementsAttr::get(f32Tensor(SmallVector<int64_t>(type.getRank(), 1)),
                             1.0f / n));
  setResult(node, 0,
            MulOp::create(builder, getNodeLoc(node), type, sum, scale));
  return success();
}

LogicalResult Importer::createBinary(const onnx::NodeProto &node,
                                     BinaryFn fn) {
  // A comparison's or logical op's bools are integers, but not arithmetic;
  // arithmetic's integer type is its result's.
  TypeAttr integers;
  if (computesIntegers(node) && BinaryOp::isArithmetic(fn)) {
    Type format = hostFormatOf(node.output(0));
    std::optional<HostFormat> host =
        format ? EyerissDialect::getHostFormat(format) : std::nullopt;
    if (!host || !isIntegerFormat(*host) || *host == HostFormat::Bool)
      return emitNodeError(node) << "integer arithmetic needs an integer "
                                    "result type";
    integers = TypeAttr::get(format);
  }
  return convertChain(
      node,
      [&](Location loc, RankedTensorType type, Value a, Value b) -> Value {
        return BinaryOp::create(builder, loc, type, a, b, fn, integers);
      });
}

/// Mod of computed tensors: of integers, either remainder (fmod 0: the
/// divisor's sign, 1: the dividend's); of floats, ONNX allows fmod 1 only.
LogicalResult Importer::convertMod(const onnx::NodeProto &node) {
  if (node.input_size() != 2)
    return emitNodeError(node) << "takes 2 inputs, has " << node.input_size();
  bool fmod = getIntAttr(node, "fmod", 0) != 0;
  if (!fmod && !computesIntegers(node))
    return emitNodeError(node)
           << "Mod of floats needs fmod = 1 (ONNX's rule; C's fmod)";
  return createBinary(node, fmod ? BinaryFn::FMod : BinaryFn::Mod);
}

LogicalResult Importer::convertDiv(const onnx::NodeProto &node) {
  // A constant divisor becomes a product with its reciprocal (GELU's
  // x / sqrt(2)), within an ulp of the quotient, which later passes see as
  // a scaling; a computed one is a division on the host.
  Location loc = getNodeLoc(node);
  FailureOr<Value> lhs = getOperand(node, 0);
  if (failed(lhs))
    return failure();
  auto constant = constants.find(node.input(1));
  if (constant == constants.end() || computesIntegers(node))
    return createBinary(node, BinaryFn::Div);
  DenseElementsAttr divisor = constant->second;
  if (!divisor.getElementType().isF32())
    return emitNodeError(node) << "the divisor ('" << node.input(1)
                               << "') must be a float32 tensor";
  SmallVector<float> reciprocal;
  for (float v : divisor.getValues<float>())
    reciprocal.push_back(1.0f / v);
  Value rhs = ConstantOp::create(
      builder, NameLoc::get(builder.getStringAttr(node.input(1) + ".reciprocal")),
      DenseElementsAttr::get(divisor.getType(), ArrayRef<float>(reciprocal)));
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  setResult(node, 0, MulOp::create(builder, loc, *type, *lhs, rhs));
  return success();
}

/// Sub of a constant is an Add of its negation, which
/// eyeriss-fold-batch-norm folds into a preceding convolution's bias as it
/// does a bias add (a mean subtracted after a conv); anything else is an
/// eyeriss.binary sub.
LogicalResult Importer::convertSub(const onnx::NodeProto &node) {
  auto constant = constants.find(node.input(1));
  if (constant == constants.end() ||
      !constant->second.getElementType().isF32() || computesIntegers(node))
    return createBinary(node, BinaryFn::Sub);
  Location loc = getNodeLoc(node);
  FailureOr<Value> lhs = getOperand(node, 0);
  if (failed(lhs))
    return failure();
  DenseElementsAttr subtrahend = constant->second;
  SmallVector<float> negated;
  for (float v : subtrahend.getValues<float>())
    negated.push_back(-v);
  Value rhs = ConstantOp::create(
      builder, NameLoc::get(builder.getStringAttr(node.input(1) + ".negated")),
      DenseElementsAttr::get(subtrahend.getType(), ArrayRef<float>(negated)));
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  setResult(node, 0,
            AddOp::create(builder, loc, *type, *lhs, rhs,
                          /*activation=*/nullptr));
  return success();
}

/// Cast and CastLike among the floating-point types.
LogicalResult Importer::convertCast(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  // Initializers and folded values have no entry in valueTypes; their
  // attribute's type says enough (a float one is held as f32).
  auto elementTypeOf = [&](StringRef name) -> int32_t {
    if (auto it = valueTypes.find(name); it != valueTypes.end())
      return it->second.tensor_type().elem_type();
    if (auto it = initializerTypes.find(name); it != initializerTypes.end())
      return it->second;
    if (auto it = constants.find(name); it != constants.end()) {
      Type type = it->second.getElementType();
      return type.isF32()        ? onnx::TensorProto::FLOAT
             : type.isInteger(1) ? onnx::TensorProto::BOOL
                                 : onnx::TensorProto::INT64;
    }
    return onnx::TensorProto::UNDEFINED;
  };
  int32_t to;
  if (node.op_type() == "CastLike") {
    if (!hasInput(node, 1))
      return emitNodeError(node) << "input #1 is missing";
    to = elementTypeOf(node.input(1));
  } else {
    to = int32_t(getIntAttr(node, "to", onnx::TensorProto::UNDEFINED));
  }
  int32_t from = elementTypeOf(node.input(0));
  std::optional<HostFormat> toFormat = floatFormatOfDataType(to);
  std::optional<HostFormat> fromFormat = floatFormatOfDataType(from);
  // A computed integer or bool tensor (token ids, a mask, an ArgMax's
  // indices) is whole numbers held in f32: to a float type it is those
  // numbers, and to another integer type too (they are within 2^24); to
  // bool it is whether each is nonzero. A computed float becomes an integer
  // toward zero, a bool by whether it is nonzero.
  std::optional<UnaryFn> conversion;
  // The integer type a narrowing cast wraps into.
  std::optional<HostFormat> wrapInto;
  if (!constants.count(node.input(0)) &&
      (integerValues.contains(node.input(0)) || isIntegerDataType(to))) {
    bool fromInteger = integerValues.contains(node.input(0));
    // A cast to a narrower or unsigned integer type wraps the values
    // outside it, as numpy's astype does (uint8 300 is 44, int8 200 is
    // -56; a float is truncated first): integer arithmetic of that type
    // adding 0, which wraps an 8- or 16-bit type and checks a 32- or 64-bit
    // one (a negative value cast to uint32 is refused at run time, not
    // wrapped beyond float32's exact integers). A cast that keeps every
    // value is the same numbers.
    if (isIntegerDataType(to) && to != onnx::TensorProto::BOOL &&
        to != onnx::TensorProto::INT64 && to != onnx::TensorProto::INT32) {
      auto [toLo, toHi] = heldIntegerRange(*integerFormatOfDataType(to));
      auto [fromLo, fromHi] =
          fromInteger ? heldIntegerRange(*integerFormatOfDataType(from))
                      : std::pair<int64_t, int64_t>{1, 0};
      if (!fromInteger || fromLo < toLo || fromHi > toHi)
        wrapInto = integerFormatOfDataType(to);
    }
    if (isIntegerDataType(to)) {
      integerValues.insert(node.output(0));
      if (to == onnx::TensorProto::BOOL && from != onnx::TensorProto::BOOL)
        conversion = UnaryFn::NonZero;
      else if (!fromInteger)
        conversion = UnaryFn::Trunc;
      toFormat = HostFormat::Float32;
    }
    if (fromInteger)
      fromFormat = HostFormat::Float32;
  }
  if (!toFormat || !fromFormat)
    return emitNodeError(node)
           << "a cast from " << elementTypeName(from) << " to "
           << elementTypeName(to)
           << " is not supported (only among float32, float16, bfloat16 "
              "and float64, and of computed tensors to and from the integer "
              "types and bool)";
  // Values are computed in float32 whatever their declared type. A cast
  // rounds to each 16-bit type it passes through: the one its input is
  // declared (where a float16 region ends: a float16 model's float32
  // output) and the one it produces (where one begins).
  SmallVector<std::pair<UnaryFn, HostFormat>, 3> roundings;
  auto roundTo = [&](HostFormat format) {
    if (format == HostFormat::Float16)
      roundings.push_back({UnaryFn::RoundToF16, format});
    else if (format == HostFormat::BFloat16)
      roundings.push_back({UnaryFn::RoundToBF16, format});
  };
  roundTo(*fromFormat);
  if (conversion)
    roundings.push_back({*conversion, HostFormat::Float32});
  if (*toFormat != *fromFormat)
    roundTo(*toFormat);
  // A cast of a constant is a constant.
  if (auto it = constants.find(node.input(0)); it != constants.end()) {
    DenseElementsAttr value = it->second;
    if (!value.getElementType().isF32())
      return emitNodeError(node) << "input '" << node.input(0)
                                 << "' is not a floating-point tensor";
    for (auto [fn, format] : roundings)
      value = value.mapValues(value.getElementType(), [&](const APFloat &x) {
        return APFloat(roundToFormat(x.convertToFloat(), format))
            .bitcastToAPInt();
      });
    constants[node.output(0)] = value;
    return success();
  }
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  Value result = *input;
  for (auto [fn, format] : roundings)
    result = UnaryOp::create(
        builder, loc, *type, result, UnaryFnAttr::get(context, fn),
        builder.getF32FloatAttr(0), builder.getF32FloatAttr(0));
  if (wrapInto) {
    Value zero = scalarConstant(loc, ".zero", 0.0f);
    result = BinaryOp::create(
        builder, loc, *type, result, zero, BinaryFn::Add,
        TypeAttr::get(EyerissDialect::getHostFormatType(context, *wrapInto)));
  }
  if (roundings.empty() && !wrapInto)
    result = IdentityOp::create(builder, loc, *type, result);
  setResult(node, 0, result);
  return success();
}

/// The elementwise functions of one input (eyeriss.unary), with their ONNX
/// attributes and defaults.
LogicalResult Importer::convertUnaryFn(const onnx::NodeProto &node) {
  struct Entry {
    StringRef opType;
    UnaryFn fn;
    const char *alphaName = nullptr;
    float alphaDefault = 0;
    const char *betaName = nullptr;
    float betaDefault = 0;
  };
  static const Entry table[] = {
      {"Abs", UnaryFn::Abs},
      {"Neg", UnaryFn::Neg},
      {"Exp", UnaryFn::Exp},
      {"Log", UnaryFn::Log},
      {"Sqrt", UnaryFn::Sqrt},
      {"Reciprocal", UnaryFn::Reciprocal},
      {"Tanh", UnaryFn::Tanh},
      {"Softplus", UnaryFn::Softplus},
      {"Softsign", UnaryFn::Softsign},
      {"LeakyRelu", UnaryFn::LeakyRelu, "alpha", 0.01f},
      {"Elu", UnaryFn::Elu, "alpha", 1.0f},
      // ONNX's defaults, to float precision.
      {"Selu", UnaryFn::Selu, "alpha", 1.67326319217681884765625f, "gamma",
       1.05070102214813232421875f},
      {"Celu", UnaryFn::Celu, "alpha", 1.0f},
      {"ThresholdedRelu", UnaryFn::ThresholdedRelu, "alpha", 1.0f},
      {"Sin", UnaryFn::Sin},
      {"Cos", UnaryFn::Cos},
      {"Floor", UnaryFn::Floor},
      {"Ceil", UnaryFn::Ceil},
      {"Round", UnaryFn::Round},
      {"Sign", UnaryFn::Sign},
      {"Not", UnaryFn::Not},
      {"Tan", UnaryFn::Tan},
      {"Asin", UnaryFn::Asin},
      {"Acos", UnaryFn::Acos},
      {"Atan", UnaryFn::Atan},
      {"Sinh", UnaryFn::Sinh},
      {"Cosh", UnaryFn::Cosh},
      {"Asinh", UnaryFn::Asinh},
      {"Acosh", UnaryFn::Acosh},
      {"Atanh", UnaryFn::Atanh},
      {"IsNaN", UnaryFn::IsNaN},
      {"IsInf", UnaryFn::IsInf},
  };
  const Entry *entry = llvm::find_if(
      table, [&](const Entry &e) { return e.opType == node.op_type(); });
  assert(entry != std::end(table) && "a unary op type of kConverters");
  float alpha = entry->alphaName
                    ? getFloatAttr(node, entry->alphaName, entry->alphaDefault)
                    : 0.0f;
  float beta = entry->betaName
                   ? getFloatAttr(node, entry->betaName, entry->betaDefault)
                   : 0.0f;
  // IsInf's integer flags: alpha detects -inf, beta +inf.
  if (entry->fn == UnaryFn::IsInf) {
    alpha = getIntAttr(node, "detect_negative", 1) != 0 ? 1.0f : 0.0f;
    beta = getIntAttr(node, "detect_positive", 1) != 0 ? 1.0f : 0.0f;
  }
  if (!std::isfinite(alpha) || !std::isfinite(beta))
    return emitNodeError(node) << "its attributes must be finite";
  if (entry->fn == UnaryFn::Celu && alpha == 0.0f)
    return emitNodeError(node) << "alpha 0 divides by zero";
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  // The negation of an 8- or 16-bit signed integer wraps (int8 -(-128) is
  // -128): 0 - x and max(x, 0 - x) in the type.
  if ((entry->fn == UnaryFn::Neg || entry->fn == UnaryFn::Abs) &&
      computesIntegers(node))
    if (Type format = hostFormatOf(node.output(0))) {
      std::optional<IntegerFormat> integer =
          integerFormat(*EyerissDialect::getHostFormat(format));
      if (integer && integer->isSigned && integer->bits <= 16) {
        TypeAttr integers = TypeAttr::get(format);
        Value negated = BinaryOp::create(builder, loc, *type,
                                         scalarConstant(loc, ".zero", 0.0f),
                                         *input, BinaryFn::Sub, integers);
        setResult(node, 0,
                  entry->fn == UnaryFn::Neg
                      ? negated
                      : BinaryOp::create(builder, loc, *type, *input, negated,
                                         BinaryFn::Max, integers));
        return success();
      }
    }
  setResult(node, 0,
            UnaryOp::create(builder, loc, *type, *input,
                            UnaryFnAttr::get(context, entry->fn),
                            builder.getF32FloatAttr(alpha),
                            builder.getF32FloatAttr(beta)));
  return success();
}

/// Pow and PRelu (its slope broadcasts to the input).
LogicalResult Importer::convertBinaryFn(const onnx::NodeProto &node) {
  return createBinary(node, node.op_type() == "Pow" ? BinaryFn::Pow
                                                    : BinaryFn::PRelu);
}

/// The comparisons and the logical ops of computed tensors (constant ones
/// are evaluated at import): a bool result, held as 0 and 1.
LogicalResult Importer::convertComparison(const onnx::NodeProto &node) {
  static const llvm::StringMap<BinaryFn> functions = {
      {"Equal", BinaryFn::Equal},
      {"Less", BinaryFn::Less},
      {"LessOrEqual", BinaryFn::LessEqual},
      {"Greater", BinaryFn::Greater},
      {"GreaterOrEqual", BinaryFn::GreaterEqual},
      {"And", BinaryFn::And},
      {"Or", BinaryFn::Or},
      {"Xor", BinaryFn::Xor}};
  if (node.input_size() != 2)
    return emitNodeError(node) << "takes 2 inputs, has " << node.input_size();
  return createBinary(node, functions.lookup(node.op_type()));
}

/// Where of a computed condition (an attention mask's `mask == 0`), or of
/// computed values: a choice per element on the host.
LogicalResult Importer::convertWhere(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> condition = getOperand(node, 0);
  FailureOr<Value> onTrue = getOperand(node, 1);
  FailureOr<Value> onFalse = getOperand(node, 2);
  if (failed(condition) || failed(onTrue) || failed(onFalse))
    return failure();
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  setResult(
      node, 0,
      SelectOp::create(builder, loc, *type, *condition, *onTrue, *onFalse));
  return success();
}

/// Max and Min of one or more inputs: chains of binaries, as Sum's adds.
LogicalResult Importer::convertMaxOrMin(const onnx::NodeProto &node) {
  return createBinary(node, node.op_type() == "Max" ? BinaryFn::Max
                                                    : BinaryFn::Min);
}

/// The float32 constant of `type` whose element at each index is `data`'s
/// element at offset `offsetOf(index)`: what Expand and Tile of a constant
/// fold to.
static DenseElementsAttr
gatherConstant(DenseElementsAttr data, RankedTensorType type,
               function_ref<int64_t(ArrayRef<int64_t>)> offsetOf) {
  SmallVector<float> source = llvm::to_vector(data.getValues<float>());
  SmallVector<float> result;
  result.reserve(type.getNumElements());
  ArrayRef<int64_t> to = type.getShape();
  SmallVector<int64_t> index(to.size(), 0);
  for (int64_t n = 0, e = type.getNumElements(); n < e; ++n) {
    result.push_back(source[offsetOf(index)]);
    for (size_t d = to.size(); d-- > 0;)
      if (++index[d] < to[d])
        break;
      else
        index[d] = 0;
  }
  return DenseElementsAttr::get(type, ArrayRef<float>(result));
}

/// Tile (PyTorch's Tensor.repeat): the input repeated `repeats[d]` times
/// along each dimension d. Of a constant, folded at import; of a computed
/// tensor, a reshape that puts a unit dimension before each repeated one,
/// an expand of those to the repeats and a reshape back (in row-major order
/// repetition k of element i lands at k * extent + i, as Tile wants), on the
/// host: three ops whatever the repeats.
LogicalResult Importer::convertTile(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<DenseElementsAttr> repeatsAttr =
      getConstantInput(node, 1, "repeats");
  if (failed(repeatsAttr))
    return failure();
  if (!repeatsAttr->getElementType().isInteger(64))
    return emitNodeError(node) << "repeats must be integers";
  SmallVector<int64_t> repeats =
      llvm::to_vector(repeatsAttr->getValues<int64_t>());
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  int64_t rank = type->getRank();
  if (static_cast<int64_t>(repeats.size()) != rank)
    return emitNodeError(node) << "repeats has " << repeats.size()
                               << " values for an input of rank " << rank;
  for (auto [d, r] : llvm::enumerate(repeats))
    if (r < 1)
      return emitNodeError(node) << "repeats " << r << " on dimension " << d
                                 << " leaves it empty (at least 1)";
  auto it = constants.find(node.input(0));
  if (it != constants.end()) {
    DenseElementsAttr data = it->second;
    if (!data.getElementType().isF32())
      return emitNodeError(node) << "only float32 constants can be tiled";
    ArrayRef<int64_t> from = data.getType().getShape();
    SmallVector<int64_t> strides(rank, 1);
    for (int64_t d = rank - 1; d > 0; --d)
      strides[d - 1] = strides[d] * from[d];
    constants[node.output(0)] =
        gatherConstant(data, *type, [&](ArrayRef<int64_t> index) {
          int64_t at = 0;
          for (int64_t d = 0; d < rank; ++d)
            at += index[d] % from[d] * strides[d];
          return at;
        });
    return success();
  }
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  ArrayRef<int64_t> from = cast<RankedTensorType>(input->getType()).getShape();
  SmallVector<int64_t> split, expanded;
  for (int64_t d = 0; d < rank; ++d) {
    if (repeats[d] > 1) {
      split.push_back(1);
      expanded.push_back(repeats[d]);
    }
    split.push_back(from[d]);
    expanded.push_back(from[d]);
  }
  if (split.size() == from.size()) {
    setResult(node, 0, *input);
    return success();
  }
  Value units = ReshapeOp::create(builder, childLoc(loc, ".units"),
                                  f32Tensor(split), *input);
  Value copies = ExpandOp::create(builder, childLoc(loc, ".copies"),
                                  f32Tensor(expanded), units);
  setResult(node, 0, ReshapeOp::create(builder, loc, *type, copies));
  return success();
}

LogicalResult Importer::convertExpand(const onnx::NodeProto &node) {
  // The vision transformer's class token: a constant broadcast to the batch,
  // here. A computed tensor is broadcast on the host (eyeriss.expand), or
  // left as it is when Expand keeps its shape.
  Location loc = getNodeLoc(node);
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  auto it = constants.find(node.input(0));
  if (it == constants.end()) {
    FailureOr<Value> input = getOperand(node, 0);
    if (failed(input))
      return failure();
    setResult(node, 0,
              input->getType() == *type
                  ? *input
                  : ExpandOp::create(builder, loc, *type, *input).getResult());
    return success();
  }
  DenseElementsAttr data = it->second;
  if (!data.getElementType().isF32())
    return emitNodeError(node) << "only float32 constants can be expanded";
  ArrayRef<int64_t> from = data.getType().getShape();
  ArrayRef<int64_t> to = type->getShape();
  if (from.size() > to.size())
    return emitNodeError(node) << "the result has a lower rank than the input";
  SmallVector<int64_t> strides = broadcastStrides(from, to.size());
  constants[node.output(0)] =
      gatherConstant(data, *type, [&](ArrayRef<int64_t> index) {
        int64_t at = 0;
        for (size_t d = 0; d < index.size(); ++d)
          at += index[d] * strides[d];
        return at;
      });
  return success();
}

/// Up to this many constant indices a Gather is a slice per index, joined
/// (EYB's concat joins at most 1024 tensors); beyond, one eyeriss.gather.
static constexpr int64_t kMaxGatherSlices = 64;

LogicalResult Importer::convertGather(const onnx::NodeProto &node) {
  // Gather of data at constant indices (the vision transformer's class
  // token, x[:, 0]): a slice per index, joined, then the indices' shape in
  // place of the axis. Shape arithmetic's Gathers are evaluated earlier;
  // computed indices become eyeriss.gather.
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  auto inputType = cast<RankedTensorType>(input->getType());
  int64_t rank = inputType.getRank();
  int64_t axis = getIntAttr(node, "axis", 0);
  if (failed(normalizeAxis(node, axis, rank)))
    return failure();
  // Computed indices (token ids into an embedding table): picked on the
  // host, checked there.
  if (integerValues.contains(node.input(1))) {
    FailureOr<Value> indices = getOperand(node, 1);
    if (failed(indices))
      return failure();
    FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
    if (failed(type))
      return failure();
    setResult(node, 0,
              GatherOp::create(builder, loc, *type, *input, *indices,
                               builder.getI64IntegerAttr(axis)));
    return success();
  }
  FailureOr<DenseElementsAttr> indices =
      getConstantInput(node, 1, "the indices");
  if (failed(indices))
    return failure();
  if (!isa<IntegerType>(indices->getElementType()))
    return emitNodeError(node) << "the indices must be integers";
  int64_t extent = inputType.getDimSize(axis);
  if (indices->getNumElements() < 1)
    return emitNodeError(node) << "gathers no indices";
  // Many indices (an STFT's frames): one host gather at the constant
  // indices, checked here, rather than a slice each.
  if (indices->getNumElements() > kMaxGatherSlices) {
    if (extent > kMaxExactInteger)
      return emitNodeError(node) << "its axis has " << extent
                                 << " elements; indices above 2^24 are not "
                                    "held exactly";
    if (failed(checkConstantIndices(node, [&](int64_t) { return extent; })))
      return failure();
    FailureOr<Value> indexValues = getOperand(node, 1);
    FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
    if (failed(indexValues) || failed(type))
      return failure();
    setResult(node, 0,
              GatherOp::create(builder, loc, *type, *input, *indexValues,
                               builder.getI64IntegerAttr(axis)));
    return success();
  }
  SmallVector<int64_t> sliceShape(inputType.getShape());
  sliceShape[axis] = 1;
  auto sliceType = RankedTensorType::get(sliceShape, inputType.getElementType());
  SmallVector<Value> pieces;
  for (const APInt &value : indices->getValues<APInt>()) {
    int64_t index = value.getSExtValue();
    if (index < -extent || index >= extent)
      return emitNodeError(node) << "index " << index
                                 << " is out of range for extent " << extent;
    pieces.push_back(createSlice(loc, *input, sliceType, axis,
                                 index < 0 ? index + extent : index, 1));
  }
  Value joined = pieces.front();
  if (pieces.size() > 1) {
    SmallVector<int64_t> joinedShape(sliceShape);
    joinedShape[axis] = int64_t(pieces.size());
    joined = ConcatOp::create(
        builder, loc,
        RankedTensorType::get(joinedShape, inputType.getElementType()), pieces,
        builder.getI64IntegerAttr(axis));
  }
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  setResult(node, 0,
            joined.getType() == *type
                ? joined
                : ReshapeOp::create(builder, loc, *type, joined).getResult());
  return success();
}

LogicalResult Importer::convertLayerNorm(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  FailureOr<Value> scale = getOperand(node, 1);
  if (failed(input) || failed(scale))
    return failure();
  auto inputType = cast<RankedTensorType>(input->getType());
  int64_t rank = inputType.getRank();
  int64_t axis = getIntAttr(node, "axis", -1);
  if (failed(normalizeAxis(node, axis, rank)))
    return failure();
  ArrayRef<int64_t> normalized = inputType.getShape().drop_front(axis);
  auto paramType = RankedTensorType::get(normalized, inputType.getElementType());
  float epsilon = getFloatAttr(node, "epsilon", 1e-5f);
  if (!std::isfinite(epsilon) || epsilon < 0.0f)
    return emitNodeError(node)
           << "epsilon " << epsilon << " must be finite and non-negative";
  Value bias;
  if (hasInput(node, 2)) {
    FailureOr<Value> value = getOperand(node, 2);
    if (failed(value))
      return failure();
    bias = *value;
  } else {
    bias = ConstantOp::create(builder, loc,
                              DenseElementsAttr::get(paramType, 0.0f));
  }
  // ONNX lets scale and bias broadcast to the normalized shape; exporters
  // give them that shape exactly, which is all the host op takes.
  for (auto [what, value] : {std::pair<const char *, Value>{"scale", *scale},
                             {"bias", bias}})
    if (value.getType() != paramType)
      return emitNodeError(node)
             << "the " << what << " has type " << value.getType()
             << "; only the normalized dimensions' shape ("
             << formatShape(normalized) << ") is supported";
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  setResult(node, 0,
            LayerNormOp::create(builder, loc, *type, *input, *scale, bias,
                                builder.getI64IntegerAttr(axis),
                                builder.getF32FloatAttr(epsilon)));
  return convertLayerNormStatistics(node, *input, axis, epsilon);
}

/// LayerNormalization's optional outputs Mean and InvStdDev (training
/// graphs export them): the mean and 1 / sqrt(biased variance + epsilon) of
/// each normalized slice, with the normalized dimensions kept as extent 1.
/// Only the outputs used are built, from reductions and elementwise ops on
/// the host, in ONNX's own order of operations.
LogicalResult Importer::convertLayerNormStatistics(const onnx::NodeProto &node,
                                                   Value input, int64_t axis,
                                                   float epsilon) {
  auto used = [&](int i) {
    return node.output_size() > i && !node.output(i).empty() &&
           usedNames.contains(node.output(i));
  };
  if (!used(1) && !used(2))
    return success();
  Location loc = getNodeLoc(node);
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t rank = inputType.getRank();
  SmallVector<int64_t> axes, statShape(inputType.getShape());
  for (int64_t d = axis; d < rank; ++d) {
    axes.push_back(d);
    statShape[d] = 1;
  }
  RankedTensorType statType = f32Tensor(statShape);
  for (int i : {1, 2}) {
    if (!used(i))
      continue;
    FailureOr<RankedTensorType> type = getValueType(node.output(i), loc);
    if (failed(type))
      return failure();
    if (*type != statType)
      return emitNodeError(node)
             << "output #" << i << " ('" << node.output(i) << "') has type "
             << *type << "; the statistics of the normalized slices are "
             << statType;
  }
  auto mean = [&](Location at, Value x) -> Value {
    return ReduceOp::create(
        builder, at, statType, x, ReduceFnAttr::get(context, ReduceFn::Mean),
        builder.getDenseI64ArrayAttr(axes), builder.getUnitAttr());
  };
  Value xMean = mean(childLoc(loc, ".mean"), input);
  if (used(1))
    setResult(node, 1, xMean);
  if (!used(2))
    return success();
  Value centered = BinaryOp::create(builder, childLoc(loc, ".centered"),
                                    inputType, input, xMean, BinaryFn::Sub);
  Value squared = MulOp::create(builder, childLoc(loc, ".squared"), inputType,
                                centered, centered);
  Value variance = mean(childLoc(loc, ".variance"), squared);
  Value eps = ConstantOp::create(
      builder, childLoc(loc, ".epsilon"),
      DenseElementsAttr::get(f32Tensor(SmallVector<int64_t>(rank, 1)),
                             epsilon));
  Value shifted = AddOp::create(builder, childLoc(loc, ".variance_epsilon"),
                                statType, variance, eps,
                                /*activation=*/nullptr);
  auto unary = [&](StringRef suffix, Value x, UnaryFn fn) -> Value {
    return UnaryOp::create(builder, childLoc(loc, suffix), statType, x,
                           UnaryFnAttr::get(context, fn),
                           builder.getF32FloatAttr(0.0f),
                           builder.getF32FloatAttr(0.0f));
  };
  Value stdDev = unary(".std_dev", shifted, UnaryFn::Sqrt);
  setResult(node, 2, unary(".inv_std_dev", stdDev, UnaryFn::Reciprocal));
  return success();
}

LogicalResult Importer::convertConcat(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  SmallVector<Value> inputs;
  for (int i = 0; i < node.input_size(); ++i) {
    FailureOr<Value> input = getOperand(node, i);
    if (failed(input))
      return failure();
    inputs.push_back(*input);
  }
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  int64_t axis = getIntAttr(node, "axis", 1);
  if (axis < 0)
    axis += type->getRank();
  setResult(node, 0,
            ConcatOp::create(builder, loc, *type, inputs,
                             builder.getI64IntegerAttr(axis)));
  return success();
}

Value Importer::createSlice(Location loc, Value input, RankedTensorType type,
                           int64_t axis, int64_t start, int64_t step) {
  if (type == input.getType() && start == 0)
    return input;
  return SliceOp::create(builder, loc, type, input,
                         builder.getI64IntegerAttr(axis),
                         builder.getI64IntegerAttr(start),
                         builder.getI64IntegerAttr(step));
}

LogicalResult Importer::convertSlice(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  auto inputType = cast<RankedTensorType>(input->getType());
  int64_t rank = inputType.getRank();
  auto intList = [&](int index, StringRef what)
      -> FailureOr<SmallVector<int64_t>> {
    FailureOr<DenseElementsAttr> attr = getConstantInput(node, index, what);
    if (failed(attr))
      return failure();
    if (!attr->getElementType().isInteger(64))
      return emitNodeError(node) << what << " must be integers";
    return llvm::to_vector(attr->getValues<int64_t>());
  };
  FailureOr<SmallVector<int64_t>> starts = intList(1, "starts");
  FailureOr<SmallVector<int64_t>> ends = intList(2, "ends");
  if (failed(starts) || failed(ends))
    return failure();
  SmallVector<int64_t> axes, steps(starts->size(), 1);
  if (hasInput(node, 3)) {
    FailureOr<SmallVector<int64_t>> list = intList(3, "axes");
    if (failed(list))
      return failure();
    axes = *list;
  } else {
    for (int64_t i = 0; i < static_cast<int64_t>(starts->size()); ++i)
      axes.push_back(i);
  }
  if (hasInput(node, 4)) {
    FailureOr<SmallVector<int64_t>> list = intList(4, "steps");
    if (failed(list))
      return failure();
    steps = *list;
  }
  if (ends->size() != starts->size() || axes.size() != starts->size() ||
      steps.size() != starts->size())
    return emitNodeError(node) << "starts, ends, axes and steps must have one "
                                  "entry per sliced axis";

  // One eyeriss.slice per axis, in the order of the axes.
  Value value = *input;
  SmallVector<int64_t> shape(inputType.getShape());
  SmallVector<bool> seen(rank, false);
  for (size_t i = 0; i < axes.size(); ++i) {
    int64_t axis = axes[i] < 0 ? axes[i] + rank : axes[i];
    if (axis < 0 || axis >= rank || seen[axis])
      return emitNodeError(node) << "axis " << axes[i]
                                 << " is out of range for rank " << rank
                                 << " or repeated";
    seen[axis] = true;
    int64_t step = steps[i];
    if (step == 0)
      return emitNodeError(node) << "step 0 on axis " << axis;
    int64_t extent = shape[axis];
    auto [start, count] =
        resolveSliceRange((*starts)[i], (*ends)[i], step, extent);
    // One element needs no step (and a huge one would not fit the op's
    // bounds check as it is written).
    if (count == 1)
      step = 1;
    if (count == 0)
      return emitNodeError(node) << "the slice of axis " << axis
                                 << " is empty (start " << (*starts)[i]
                                 << ", end " << (*ends)[i] << ", extent "
                                 << extent << ")";
    shape[axis] = count;
    value = createSlice(loc, value,
                        RankedTensorType::get(shape,
                                              inputType.getElementType()),
                        axis, start, step);
  }
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  if (*type != value.getType())
    return emitNodeError(node) << "the slice gives " << value.getType()
                               << " but ONNX shape inference says " << *type;
  setResult(node, 0, value);
  return success();
}

LogicalResult Importer::convertSplit(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  auto inputType = cast<RankedTensorType>(input->getType());
  int64_t axis = getIntAttr(node, "axis", 0);
  if (axis < 0)
    axis += inputType.getRank();
  if (axis < 0 || axis >= inputType.getRank())
    return emitNodeError(node) << "axis " << getIntAttr(node, "axis", 0)
                               << " is out of range for rank "
                               << inputType.getRank();
  // The pieces' extents come from shape inference (which read `split`, or
  // split evenly); they are laid end to end along the axis.
  int64_t start = 0;
  for (int i = 0; i < node.output_size(); ++i) {
    // An unnamed piece would leave the next one's offset unknown.
    if (node.output(i).empty())
      return emitNodeError(node) << "output #" << i << " has no name";
    FailureOr<RankedTensorType> type = getValueType(node.output(i), loc);
    if (failed(type))
      return failure();
    setResult(node, i, createSlice(loc, *input, *type, axis, start, 1));
    start += type->getDimSize(axis);
  }
  return success();
}

LogicalResult Importer::convertTranspose(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  int64_t rank = cast<RankedTensorType>(input->getType()).getRank();
  SmallVector<int64_t> reversed;
  for (int64_t d = rank - 1; d >= 0; --d)
    reversed.push_back(d);
  SmallVector<int64_t> perm = getIntsAttr(node, "perm", reversed);
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  setResult(node, 0,
            TransposeOp::create(builder, loc, *type, *input,
                                builder.getDenseI64ArrayAttr(perm)));
  return success();
}

LogicalResult Importer::convertFlatten(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  int64_t axis = getIntAttr(node, "axis", 1);
  if (axis < 0)
    axis += cast<RankedTensorType>(input->getType()).getRank();
  setResult(node, 0,
            FlattenOp::create(builder, loc, *type, *input,
                              builder.getI64IntegerAttr(axis)));
  return success();
}

LogicalResult Importer::convertSqueezeOrUnsqueeze(const onnx::NodeProto &node) {
  // Both only add or drop dims of extent 1: a reshape to the type shape
  // inference gave, which needs the axes (an input since opset 13) known.
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  if (node.input_size() > 1 && !node.input(1).empty() &&
      failed(getConstantInput(node, 1, "the axes")))
    return failure();
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  setResult(node, 0, ReshapeOp::create(builder, loc, *type, *input));
  return success();
}

LogicalResult Importer::convertSoftmax(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  // Opset 13 semantics (the converter rewrote older models): one axis.
  int64_t axis = getIntAttr(node, "axis", -1);
  if (axis < 0)
    axis += type->getRank();
  setResult(node, 0,
            SoftmaxOp::create(builder, loc, *type, *input,
                              builder.getI64IntegerAttr(axis)));
  return success();
}

/// LogSoftmax along one axis (opset 13 semantics, as Softmax), as ONNX's
/// function body computes it: d = x - max(x), then d - log(sum(exp(d))).
/// Subtracting the maximum first keeps float32's precision where x is large
/// (x - logsumexp(x) would round logsumexp(x) at x's magnitude); the
/// reduction shifts by d's maximum (0) too, so no exp overflows.
LogicalResult Importer::convertLogSoftmax(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  int64_t rank = type->getRank();
  int64_t axis = getIntAttr(node, "axis", -1);
  if (failed(normalizeAxis(node, axis, rank)))
    return failure();
  SmallVector<int64_t> reducedShape(type->getShape());
  reducedShape[axis] = 1;
  auto reduce = [&](StringRef suffix, Value x, ReduceFn fn) -> Value {
    return ReduceOp::create(
        builder, childLoc(loc, suffix), f32Tensor(reducedShape), x,
        ReduceFnAttr::get(context, fn), builder.getDenseI64ArrayAttr({axis}),
        builder.getUnitAttr());
  };
  Value top = reduce(".max", *input, ReduceFn::Max);
  Value shifted = BinaryOp::create(builder, childLoc(loc, ".shifted"), *type,
                                   *input, top, BinaryFn::Sub);
  Value logSumExp = reduce(".log_sum_exp", shifted, ReduceFn::LogSumExp);
  setResult(
      node, 0,
      BinaryOp::create(builder, loc, *type, shifted, logSumExp, BinaryFn::Sub));
  return success();
}

/// InstanceNormalization: each (image, channel) slice over the spatial
/// dimensions normalized by its mean and biased variance, then scaled and
/// shifted per channel. The normalization is a layer norm from axis 2 (with
/// a unit scale and zero bias of the spatial shape); the per-channel scale
/// and bias follow as broadcasting mul and add, left out for a constant
/// scale of ones or bias of zeros. PyTorch's InstanceNorm2d
/// (style transfer, CycleGAN's generators) and GroupNorm (exported as a
/// reshape to N x groups x rest, this, and a reshape back) import this way.
LogicalResult Importer::convertInstanceNorm(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  FailureOr<Value> scale = getOperand(node, 1);
  FailureOr<Value> bias = getOperand(node, 2);
  if (failed(input) || failed(scale) || failed(bias))
    return failure();
  auto inputType = cast<RankedTensorType>(input->getType());
  int64_t rank = inputType.getRank();
  if (rank < 3)
    return emitNodeError(node) << "the input has rank " << rank
                               << "; instance normalization needs N x C x "
                                  "at least one spatial dimension";
  int64_t channels = inputType.getDimSize(1);
  for (auto [what, value] :
       {std::pair<const char *, Value>{"scale", *scale}, {"bias", *bias}})
    if (cast<RankedTensorType>(value.getType()).getShape() !=
        ArrayRef<int64_t>{channels})
      return emitNodeError(node)
             << "the " << what << " has type " << value.getType()
             << "; it must hold one value per channel (" << channels << ")";
  float epsilon = getFloatAttr(node, "epsilon", 1e-5f);
  if (!std::isfinite(epsilon) || epsilon < 0.0f)
    return emitNodeError(node)
           << "epsilon " << epsilon << " must be finite and non-negative";
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  ArrayRef<int64_t> spatial = inputType.getShape().drop_front(2);
  Value ones =
      ConstantOp::create(builder, childLoc(loc, ".unit_scale"),
                         DenseElementsAttr::get(f32Tensor(spatial), 1.0f));
  Value zeros =
      ConstantOp::create(builder, childLoc(loc, ".zero_bias"),
                         DenseElementsAttr::get(f32Tensor(spatial), 0.0f));
  // A constant scale of ones or bias of zeros (GroupNorm's export: its
  // affine part follows as a separate Mul and Add) needs no host op.
  auto isConstant = [&](int index, float value) {
    auto it = constants.find(node.input(index));
    return it != constants.end() && it->second.getElementType().isF32() &&
           llvm::all_of(it->second.getValues<float>(),
                        [&](float v) { return v == value; });
  };
  bool scaled = !isConstant(1, 1.0f), shifted = !isConstant(2, 0.0f);
  // The last op built carries the node's own location (its name).
  Value result = LayerNormOp::create(
      builder, scaled || shifted ? childLoc(loc, ".normalized") : loc,
      inputType, *input, ones, zeros, builder.getI64IntegerAttr(2),
      builder.getF32FloatAttr(epsilon));
  // C x 1 x ... x 1: broadcasts along the channel axis.
  SmallVector<int64_t> perChannel(rank - 1, 1);
  perChannel[0] = channels;
  if (scaled) {
    Value channelScale = ReshapeOp::create(builder, childLoc(loc, ".scale"),
                                           f32Tensor(perChannel), *scale);
    result = MulOp::create(builder, shifted ? childLoc(loc, ".scaled") : loc,
                           inputType, result, channelScale);
  }
  if (shifted) {
    Value channelBias = ReshapeOp::create(builder, childLoc(loc, ".bias"),
                                          f32Tensor(perChannel), *bias);
    result = AddOp::create(builder, loc, inputType, result, channelBias,
                           /*activation=*/nullptr);
  }
  setResult(node, 0, result);
  return success();
}

/// DepthToSpace and SpaceToDepth (PyTorch's PixelShuffle and PixelUnshuffle:
/// super-resolution networks' upsampling) as ONNX defines them: a reshape to
/// rank 6, a transpose and a reshape back, on the host.
LogicalResult Importer::convertDepthToSpace(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  auto inputType = cast<RankedTensorType>(input->getType());
  if (inputType.getRank() != 4)
    return emitNodeError(node) << "the input has rank " << inputType.getRank()
                               << "; only N x C x H x W inputs are defined";
  int64_t b = getIntAttr(node, "blocksize", 0);
  if (b < 1 || b > (int64_t(1) << 16))
    return emitNodeError(node) << "blocksize " << b << " must be 1 to 65536";
  int64_t N = inputType.getDimSize(0), C = inputType.getDimSize(1),
          H = inputType.getDimSize(2), W = inputType.getDimSize(3);
  bool toSpace = node.op_type() == "DepthToSpace";
  std::string mode = toSpace ? getStringAttr(node, "mode", "DCR") : "";
  if (toSpace && mode != "DCR" && mode != "CRD")
    return emitNodeError(node) << "mode '" << mode << "' is not DCR or CRD";
  if (toSpace ? C % (b * b) != 0 : H % b != 0 || W % b != 0)
    return emitNodeError(node)
           << "blocksize " << b << " does not divide the input "
           << formatShape(inputType.getShape())
           << (toSpace ? "'s channels in b x b blocks" : "'s height and width");
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  SmallVector<int64_t> blocks, perm;
  if (!toSpace) {
    blocks = {N, C, H / b, b, W / b, b};
    perm = {0, 3, 5, 1, 2, 4};
  } else if (mode == "DCR") {
    blocks = {N, b, b, C / (b * b), H, W};
    perm = {0, 3, 4, 1, 5, 2};
  } else {
    blocks = {N, C / (b * b), b, b, H, W};
    perm = {0, 1, 4, 2, 5, 3};
  }
  SmallVector<int64_t> permuted;
  for (int64_t d : perm)
    permuted.push_back(blocks[d]);
  Value split = ReshapeOp::create(builder, childLoc(loc, ".blocks"),
                                  f32Tensor(blocks), *input);
  Value moved =
      TransposeOp::create(builder, childLoc(loc, ".moved"), f32Tensor(permuted),
                          split, builder.getDenseI64ArrayAttr(perm));
  setResult(node, 0, ReshapeOp::create(builder, loc, *type, moved));
  return success();
}

LogicalResult Importer::convertLRN(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  if (cast<RankedTensorType>(input->getType()).getRank() != 4)
    return emitNodeError(node) << "only 4-D (NCHW) inputs are supported";
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  setResult(node, 0,
            LRNOp::create(builder, loc, *type, *input,
                          builder.getI64IntegerAttr(getIntAttr(node, "size", 1)),
                          builder.getF32FloatAttr(
                              getFloatAttr(node, "alpha", 1e-4f)),
                          builder.getF32FloatAttr(
                              getFloatAttr(node, "beta", 0.75f)),
                          builder.getF32FloatAttr(
                              getFloatAttr(node, "bias", 1.0f))));
  return success();
}

//===----------------------------------------------------------------------===//
// Quantization (QDQ models)
//===----------------------------------------------------------------------===//

size_t Importer::QuantParams::indexOf(int64_t i,
                                      ArrayRef<int64_t> shape) const {
  if (!axis)
    return 0;
  int64_t inner = 1;
  for (int64_t d : shape.drop_front(*axis + 1))
    inner *= d;
  return size_t(i / inner % shape[*axis]);
}

FailureOr<Importer::QuantParams>
Importer::getQuantParams(const onnx::NodeProto &node, ArrayRef<int64_t> shape) {
  FailureOr<DenseElementsAttr> scale = getConstantInput(node, 1, "the scale");
  if (failed(scale))
    return failure();
  QuantParams params;
  if (!scale->getElementType().isF32())
    return emitNodeError(node) << "the scale must be float32";
  // A scale of one element is per tensor whatever its shape ([1] is what
  // PyTorch writes); otherwise a 1-D scale is per slice along `axis`.
  int64_t count = scale->getNumElements();
  auto rank = int64_t(shape.size());
  if (count != 1) {
    int64_t axis = getIntAttr(node, "axis", 1);
    if (axis < -rank || axis >= rank)
      return emitNodeError(node) << "axis " << axis << " is out of range for "
                                 << "a rank-" << rank << " input";
    params.axis = axis < 0 ? axis + rank : axis;
    if (scale->getType().getRank() != 1 || count != shape[*params.axis])
      return emitNodeError(node)
             << "the scale has shape " << scale->getType()
             << "; per-axis quantization along axis " << *params.axis
             << " needs one value per slice (" << shape[*params.axis] << ")";
  }
  for (float v : scale->getValues<float>()) {
    if (!(v > 0.0f) || !std::isfinite(v))
      return emitNodeError(node)
             << "scale " << v << " must be positive and finite";
    params.scales.push_back(v);
  }
  if (hasInput(node, 2)) {
    FailureOr<DenseElementsAttr> zeroPoint =
        getConstantInput(node, 2, "the zero point");
    if (failed(zeroPoint))
      return failure();
    // One zero point for per-axis scales is the same for every slice (a
    // QLinearConv's scalar w_zero_point with per-channel w_scale).
    if (!zeroPoint->getElementType().isInteger(64) ||
        (zeroPoint->getNumElements() != count &&
         zeroPoint->getNumElements() != 1))
      return emitNodeError(node) << "the zero point must be an integer "
                                    "tensor of one value or as many as the "
                                    "scale ("
                                 << count << ")";
    llvm::append_range(params.zeroPoints, zeroPoint->getValues<int64_t>());
    params.zeroPoints.resize(count, params.zeroPoints.front());
  } else {
    params.zeroPoints.assign(count, 0);
  }
  return params;
}

/// The chip computes in 16-bit fixed point: a QDQ model's activations,
/// quantized by a QuantizeLinear and read back by DequantizeLinear nodes
/// with the same constant parameters, are a fake quantization, converted at
/// the DequantizeLinear. Any other QuantizeLinear computes its integers.
LogicalResult Importer::convertQuantizeLinear(const onnx::NodeProto &node) {
  const std::string &output = node.output(0);
  bool onlyDequantized =
      !graphOutputs.contains(output) &&
      llvm::all_of(readers.lookup(output),
                   [&](const onnx::NodeProto *reader) {
                     return reader->op_type() == "DequantizeLinear" &&
                            reader->input(0) == output;
                   }) &&
      hasInput(node, 1) && constants.count(node.input(1)) &&
      (!hasInput(node, 2) || constants.count(node.input(2)));
  if (!onlyDequantized)
    return convertQuantizeAlone(node);
  pendingQuantize[output] = &node;
  return success();
}

LogicalResult Importer::convertDequantizeLinear(const onnx::NodeProto &node) {
  const std::string &name = node.input(0);
  if (const onnx::NodeProto *q = pendingQuantize.lookup(name)) {
    // Converted alone for an earlier reader that was no fake quantization.
    if (!values.count(name)) {
      FailureOr<bool> paired = convertFakeQuant(*q, node);
      if (failed(paired))
        return failure();
      if (*paired)
        return success();
      if (failed(convertQuantizeAlone(*q)))
        return failure();
    }
    return convertDequantizeAlone(node);
  }
  if (failedNames.contains(name))
    return failure();
  auto it = constants.find(name);
  if (it == constants.end())
    return convertDequantizeAlone(node);
  // The quantized values are an initializer (int8 weights, int32 biases):
  // dequantized here, they are the float weights the layer takes.
  if (it->second.getElementType().isF32())
    return emitNodeError(node)
           << "its input '" << name << "' is a float constant, not integers";
  DenseElementsAttr quantized = it->second;
  ArrayRef<int64_t> shape = quantized.getType().getShape();
  FailureOr<QuantParams> params = getQuantParams(node, shape);
  if (failed(params))
    return failure();
  std::vector<float> values;
  values.reserve(quantized.getNumElements());
  for (auto [i, q] : llvm::enumerate(quantized.getValues<int64_t>())) {
    size_t p = params->indexOf(int64_t(i), shape);
    values.push_back(float(q - params->zeroPoints[p]) * params->scales[p]);
  }
  constants[node.output(0)] =
      DenseElementsAttr::get(f32Tensor(shape), llvm::ArrayRef(values));
  return success();
}

FailureOr<Value> Importer::getQuantOperand(const onnx::NodeProto &node,
                                           int index, ArrayRef<int64_t> shape) {
  const char *what = index == 1 ? "the scale" : "the zero point";
  FailureOr<Value> value = getOperand(node, index);
  if (failed(value))
    return failure();
  auto type = cast<RankedTensorType>(value->getType());
  if (index == 1)
    if (auto constant = constants.find(node.input(1));
        constant != constants.end())
      for (float v : constant->second.getValues<float>())
        if (!(v > 0.0f) || !std::isfinite(v))
          return emitNodeError(node)
                 << "scale " << v << " must be positive and finite";
  if (type.getRank() > 1)
    return emitNodeError(node)
           << what << " has shape " << type << "; it must be a scalar or 1-D";
  // One value is per tensor whatever its shape ([1] is what PyTorch
  // writes): a scalar. Otherwise one per slice along the axis.
  SmallVector<int64_t> along;
  if (type.getNumElements() != 1) {
    auto rank = int64_t(shape.size());
    int64_t axis = getIntAttr(node, "axis", 1);
    if (failed(normalizeAxis(node, axis, rank)))
      return failure();
    if (type.getNumElements() != shape[axis])
      return emitNodeError(node)
             << what << " has shape " << type
             << "; per-axis quantization along axis " << axis
             << " needs one value per slice (" << shape[axis] << ")";
    along.assign(shape.size(), 1);
    along[axis] = shape[axis];
  }
  if (type.getShape() == ArrayRef<int64_t>(along))
    return *value;
  return ReshapeOp::create(
             builder,
             childLoc(getNodeLoc(node), index == 1 ? ".scale" : ".zero"),
             f32Tensor(along), *value)
      .getResult();
}

LogicalResult Importer::convertQuantizeAlone(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  ArrayRef<int64_t> shape = cast<RankedTensorType>(input->getType()).getShape();
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  // The integer type is the zero point's (uint8 without one), which shape
  // inference gave the output.
  auto typeIt = valueTypes.find(node.output(0));
  int32_t elementType = typeIt == valueTypes.end()
                            ? onnx::TensorProto::UINT8
                            : typeIt->second.tensor_type().elem_type();
  std::optional<HostFormat> format = integerFormatOfDataType(elementType);
  if (!format || *format == HostFormat::Bool)
    return emitNodeError(node)
           << "quantization to " << elementTypeName(elementType)
           << " is not supported";
  auto [lo, hi] = heldIntegerRange(*format);
  FailureOr<Value> scale = getQuantOperand(node, 1, shape);
  if (failed(scale))
    return failure();
  Value q = BinaryOp::create(builder, childLoc(loc, ".scaled"), *type, *input,
                             *scale, BinaryFn::Div);
  q = UnaryOp::create(builder, childLoc(loc, ".rounded"), *type, q,
                      UnaryFnAttr::get(context, UnaryFn::Round),
                      builder.getF32FloatAttr(0), builder.getF32FloatAttr(0));
  if (hasInput(node, 2)) {
    FailureOr<Value> zeroPoint = getQuantOperand(node, 2, shape);
    if (failed(zeroPoint))
      return failure();
    q = AddOp::create(builder, childLoc(loc, ".shifted"), *type, q, *zeroPoint,
                      /*activation=*/nullptr);
  }
  setResult(node, 0,
            ClipOp::create(builder, loc, *type, q,
                           builder.getF32FloatAttr(float(lo)),
                           builder.getF32FloatAttr(float(hi))));
  return success();
}

LogicalResult Importer::convertDequantizeAlone(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  ArrayRef<int64_t> shape = cast<RankedTensorType>(input->getType()).getShape();
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  Value x = *input;
  if (hasInput(node, 2)) {
    FailureOr<Value> zeroPoint = getQuantOperand(node, 2, shape);
    if (failed(zeroPoint))
      return failure();
    x = BinaryOp::create(builder, childLoc(loc, ".centered"), *type, x,
                         *zeroPoint, BinaryFn::Sub);
  }
  FailureOr<Value> scale = getQuantOperand(node, 1, shape);
  if (failed(scale))
    return failure();
  setResult(node, 0, MulOp::create(builder, loc, *type, x, *scale));
  return success();
}

FailureOr<bool> Importer::convertFakeQuant(const onnx::NodeProto &q,
                                           const onnx::NodeProto &dq) {
  const std::string &input = q.input(0);
  auto constant = constants.find(input);
  bool isConstant = constant != constants.end();
  SmallVector<int64_t> shape;
  if (isConstant) {
    if (!constant->second.getElementType().isF32())
      return emitNodeError(q) << "its input '" << input << "' must be float32";
    llvm::append_range(shape, constant->second.getType().getShape());
  } else {
    FailureOr<Value> value = getOperand(q, 0);
    if (failed(value))
      return failure();
    llvm::append_range(shape,
                       cast<RankedTensorType>(value->getType()).getShape());
  }
  // A pair's shared parameters are wrong once, at the QuantizeLinear.
  FailureOr<QuantParams> qParams = getQuantParams(q, shape);
  if (failed(qParams))
    return failure();
  FailureOr<QuantParams> dqParams = getQuantParams(dq, shape);
  if (failed(dqParams))
    return failure();
  // A requantization: the integers, then the other parameters.
  if (!(*qParams == *dqParams))
    return false;
  // The quantized type is the zero point's (uint8 without one), which
  // shape inference gave the QuantizeLinear's output.
  auto typeIt = valueTypes.find(q.output(0));
  int32_t elementType = typeIt == valueTypes.end()
                            ? onnx::TensorProto::UINT8
                            : typeIt->second.tensor_type().elem_type();
  if (elementType != onnx::TensorProto::UINT8 &&
      elementType != onnx::TensorProto::INT8)
    return emitNodeError(q) << "quantization to "
                            << onnx::TensorProto::DataType_Name(
                                   onnx::TensorProto::DataType(elementType))
                            << " is not supported (only uint8 and int8)";
  bool isSigned = elementType == onnx::TensorProto::INT8;
  int32_t lo = isSigned ? -128 : 0, hi = isSigned ? 127 : 255;
  for (int64_t z : qParams->zeroPoints)
    if (z < lo || z > hi)
      return emitNodeError(q)
             << "zero point " << z << " is out of [" << lo << ", " << hi << "]";

  // Quantized weights (QAT exports): the layer gets the rounded weights.
  if (isConstant) {
    std::vector<float> result;
    result.reserve(constant->second.getNumElements());
    for (auto [i, x] : llvm::enumerate(constant->second.getValues<float>())) {
      size_t p = qParams->indexOf(int64_t(i), shape);
      result.push_back(reference::fakeQuantize(
          x, qParams->scales[p], int32_t(qParams->zeroPoints[p]), lo, hi));
    }
    constants[dq.output(0)] =
        DenseElementsAttr::get(f32Tensor(shape), llvm::ArrayRef(result));
    return true;
  }
  // eyeriss.unary's fake quantization takes one scale.
  if (qParams->axis)
    return false;
  Location loc = getNodeLoc(dq);
  FailureOr<RankedTensorType> type = getValueType(dq.output(0), loc);
  if (failed(type))
    return failure();
  setResult(dq, 0,
            UnaryOp::create(
                builder, loc, *type, values.lookup(input),
                UnaryFnAttr::get(context, isSigned ? UnaryFn::FakeQuantI8
                                                   : UnaryFn::FakeQuantU8),
                builder.getF32FloatAttr(qParams->scales[0]),
                builder.getF32FloatAttr(float(qParams->zeroPoints[0]))));
  return true;
}

LogicalResult Importer::convertDropout(const onnx::NodeProto &node) {
  Location loc = getNodeLoc(node);
  if (failed(checkExtraOutputsUnused(node, 2)))
    return failure();
  FailureOr<Value> input = getOperand(node, 0);
  if (failed(input))
    return failure();
  float ratio = 0.5f;
  if (hasInput(node, 1)) {
    FailureOr<DenseElementsAttr> attr =
        getConstantInput(node, 1, "the ratio");
    if (failed(attr))
      return failure();
    FailureOr<float> value = getScalar(*attr);
    if (failed(value))
      return emitNodeError(node) << "the ratio must be a scalar";
    ratio = *value;
  }
  if (hasInput(node, 2)) {
    FailureOr<DenseElementsAttr> training =
        getConstantInput(node, 2, "training_mode");
    if (failed(training))
      return failure();
    if (!training->isSplat() || training->getNumElements() != 1)
      return emitNodeError(node) << "training_mode must be a single value";
    // PyTorch's F.dropout(x, p=0.0) exports with training_mode true (its
    // `training` defaults to True); with ratio 0 that drops nothing.
    if (training->getSplatValue<APInt>().getBoolValue() && ratio != 0.0f)
      return emitNodeError(node)
             << "training_mode true with ratio " << ratio
             << " is not supported (only inference, or a ratio of 0)";
  }
  FailureOr<RankedTensorType> type = getValueType(node.output(0), loc);
  if (failed(type))
    return failure();
  setResult(node, 0,
            DropoutOp::create(builder, loc, *type, *input,
                              builder.getF32FloatAttr(ratio)));
  // The mask: nothing is dropped, so every element is kept (a bool tensor
  // of ones).
  if (node.output_size() > 1 && !node.output(1).empty() &&
      usedNames.contains(node.output(1))) {
    Location maskLoc = childLoc(loc, ".mask");
    integerValues.insert(node.output(1));
    FailureOr<RankedTensorType> maskType =
        getValueType(node.output(1), maskLoc);
    if (failed(maskType))
      return failure();
    setResult(node, 1,
              ConstantOp::create(builder, maskLoc,
                                 DenseElementsAttr::get(*maskType, 1.0f)));
  }
  return success();
}

//===----------------------------------------------------------------------===//
// The whole model
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> Importer::run(onnx::ModelProto &model) {
  context->loadDialect<EyerissDialect, func::FuncDialect>();
  TimingScope rootTiming =
      options.timing ? options.timing->nest("ONNX tools") : TimingScope();
  if (failed(bindInputs(model)))
    return nullptr;
  // Before the ONNX checker, which would look for the data file relative to
  // the working directory.
  if (llvm::Error error = loadExternalData(*model.mutable_graph(),
                                           options.modelDirectory,
                                           options.maxTensorElements)) {
    emitError(FileLineColLoc::get(context, bufferName, 0, 0))
        << llvm::toString(std::move(error));
    return nullptr;
  }
  detachLargeInitializers(model);
  if (failed(checkAndConvert(model)) || failed(applyInputShapes(model)) ||
      failed(inferShapes(model)) || failed(inlineFunctions(model)) ||
      failed(checkInputTypes(model)) || failed(foldShapes(model)) ||
      failed(inlineControlFlow(model)) ||
      failed(expandSpectralOperators(model)))
    return nullptr;
  fuseLayerNorms(model);
  rootTiming.stop();
  TimingScope translateTiming =
      options.timing ? options.timing->nest("Translate to eyeriss")
                     : TimingScope();
  const onnx::GraphProto &graph = model.graph();
  if (failed(refuseUnsupportedNodes(graph)))
    return nullptr;

  Location fileLoc = FileLineColLoc::get(context, bufferName, 0, 0);
  for (const onnx::NodeProto &node : graph.node())
    for (const std::string &input : node.input()) {
      usedNames.insert(input);
      readers[input].push_back(&node);
    }
  for (const onnx::ValueInfoProto &output : graph.output()) {
    usedNames.insert(output.name());
    graphOutputs.insert(output.name());
  }

  auto addConstant = [&](const onnx::TensorProto &init) {
    FailureOr<DenseElementsAttr> attr =
        convertTensor(init, NameLoc::get(builder.getStringAttr(init.name()),
                                         fileLoc));
    if (failed(attr))
      return false;
    constants[init.name()] = *attr;
    initializerTypes[init.name()] = init.data_type();
    return true;
  };
  for (const onnx::TensorProto &init : graph.initializer())
    if (!addConstant(init))
      return nullptr;
  for (const onnx::TensorProto &init : detached)
    if (!addConstant(init))
      return nullptr;
  detached.clear();

  // Graph inputs that are not initializers are the function's arguments.
  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames;
  for (const onnx::ValueInfoProto &input : graph.input()) {
    if (constants.count(input.name()))
      continue;
    FailureOr<RankedTensorType> type = getValueType(
        input.name(), NameLoc::get(builder.getStringAttr(input.name()),
                                   fileLoc));
    if (failed(type))
      return nullptr;
    argTypes.push_back(*type);
    argNames.push_back(input.name());
  }
  // The result types are those of the values the nodes produce; they are
  // set once the body is built.
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());
  auto func = func::FuncOp::create(builder, fileLoc, options.functionName,
                                   builder.getFunctionType(argTypes, {}));
  Block *entry = builder.createBlock(&func.getBody());
  for (auto [i, name] : llvm::enumerate(argNames)) {
    values[name] = entry->addArgument(
        argTypes[i], NameLoc::get(builder.getStringAttr(name), fileLoc));
    func.setArgAttr(i, EyerissDialect::kNameAttrName,
                    builder.getStringAttr(name));
    if (Type format = hostFormatOf(name))
      func.setArgAttr(i, EyerissDialect::kHostFormatAttrName,
                      TypeAttr::get(format));
  }
  builder.setInsertionPointToEnd(entry);

  // Translate every node, reporting each failure, so one run shows them all.
  bool ok = true;
  for (const onnx::NodeProto &node : graph.node()) {
    if (succeeded(convertNode(node)))
      continue;
    ok = false;
    for (const std::string &output : node.output())
      failedNames.insert(output);
  }
  if (!ok)
    return nullptr;

  SmallVector<Value> results;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    Value value = values.lookup(output.name());
    if (!value && constants.count(output.name())) {
      DenseElementsAttr constant = constants[output.name()];
      // An int64 constant output (a folded Shape) is written as int64 from
      // whole f32 numbers, exact below 2^24; other integer and bool
      // outputs have no host format.
      if (!constant.getElementType().isF32()) {
        auto typeIt = valueTypes.find(output.name());
        bool isInt64 = constant.getElementType().isInteger(64) &&
                       (typeIt == valueTypes.end() ||
                        typeIt->second.tensor_type().elem_type() ==
                            onnx::TensorProto::INT64);
        SmallVector<float> whole;
        for (const APInt &v : constant.getValues<APInt>()) {
          int64_t n = v.getSExtValue();
          if (!isInt64 || n < -(int64_t(1) << 24) || n > (int64_t(1) << 24)) {
            emitError(fileLoc)
                << "graph output '" << output.name()
                << "' is a constant of type " << constant.getType()
                << "; integer outputs must be int64 and within 2^24 "
                   "(held as float32)";
            return nullptr;
          }
          whole.push_back(float(n));
        }
        constant = DenseElementsAttr::get(
            RankedTensorType::get(constant.getType().getShape(),
                                  builder.getF32Type()),
            llvm::ArrayRef(whole));
      }
      value = ConstantOp::create(
          builder, NameLoc::get(builder.getStringAttr(output.name())),
          constant);
    }
    if (!value) {
      emitError(fileLoc) << "graph output '" << output.name()
                         << "' is produced by no node";
      return nullptr;
    }
    results.push_back(value);
  }
  func::ReturnOp::create(builder, fileLoc, results);
  func.setFunctionType(
      builder.getFunctionType(argTypes, ValueRange(results).getTypes()));
  for (auto [i, output] : llvm::enumerate(graph.output())) {
    func.setResultAttr(i, EyerissDialect::kNameAttrName,
                       builder.getStringAttr(output.name()));
    if (Type format = hostFormatOf(output.name()))
      func.setResultAttr(i, EyerissDialect::kHostFormatAttrName,
                         TypeAttr::get(format));
  }

  if (failed(verify(*module)))
    return nullptr;
  return module;
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> eyeriss::importONNXBuffer(StringRef buffer,
                                                StringRef bufferName,
                                                bool isText,
                                                MLIRContext *context,
                                                const ONNXImportOptions &options) {
  Location fileLoc = FileLineColLoc::get(context, bufferName, 0, 0);
  onnx::ModelProto model;
  if (isText) {
    std::string text = buffer.str();
    onnx::Common::Status status;
    try {
      status = onnx::OnnxParser::Parse(model, text.c_str());
    } catch (const std::exception &e) {
      emitError(fileLoc) << "cannot parse the ONNX text: " << e.what();
      return nullptr;
    }
    if (!status.IsOK()) {
      // The parser reports "(line: L column: C)": point the diagnostic there.
      Location errorLoc = fileLoc;
      unsigned line = 0, column = 0;
      StringRef message = status.ErrorMessage();
      size_t at = message.find("(line: ");
      if (at != StringRef::npos &&
          std::sscanf(message.data() + at, "(line: %u column: %u", &line,
                      &column) == 2)
        errorLoc = FileLineColLoc::get(context, bufferName, line, column);
      emitError(errorLoc) << "cannot parse the ONNX text: " << message;
      return nullptr;
    }
  } else {
    if (buffer.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
      emitError(fileLoc) << "the file is larger than protobuf's 2 GiB limit";
      return nullptr;
    }
    TimingScope parseTiming = options.timing
                                  ? options.timing->nest("Parse protobuf")
                                  : TimingScope();
    if (!model.ParseFromArray(buffer.data(), static_cast<int>(buffer.size()))) {
      emitError(fileLoc) << "not a valid ONNX model: the file does not parse "
                            "as an ONNX protobuf (truncated or another "
                            "format?)";
      return nullptr;
    }
    if (!model.has_graph()) {
      emitError(fileLoc) << "not a valid ONNX model: it has no graph";
      return nullptr;
    }
  }
  Importer importer(context, bufferName, options);
  return importer.run(model);
}

OwningOpRef<ModuleOp>
eyeriss::importONNXFile(StringRef path, MLIRContext *context,
                        const ONNXImportOptions &options) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    emitError(FileLineColLoc::get(context, path, 0, 0))
        << "cannot read '" << path << "': " << buffer.getError().message();
    return nullptr;
  }
  StringRef ext = llvm::sys::path::extension(path);
  bool isText = ext == ".onnxtext" || ext == ".txt";
  ONNXImportOptions fileOptions = options;
  if (fileOptions.modelDirectory.empty()) {
    StringRef directory = llvm::sys::path::parent_path(path);
    fileOptions.modelDirectory = directory.empty() ? "." : directory.str();
  }
  return importONNXBuffer((*buffer)->getBuffer(), path, isText, context,
                          fileOptions);
}

llvm::Error
eyeriss::parseBoundInput(StringRef spec,
                         std::map<std::string, std::string> &bound) {
  auto [name, path] = spec.split('=');
  if (name.empty() || path.empty())
    return llvm::createStringError(
        "--bind-input='%s': expected <input name>=<TensorProto file>",
        spec.str().c_str());
  if (!bound.emplace(name.str(), path.str()).second)
    return llvm::createStringError("--bind-input: '%s' is bound twice",
                                   name.str().c_str());
  return llvm::Error::success();
}

llvm::Error eyeriss::parseInputShapeOverride(
    StringRef spec, std::map<std::string, std::vector<int64_t>> &shapes) {
  auto [name, dims] = spec.rsplit(':');
  if (name.empty() || dims.empty() || spec.find(':') == StringRef::npos)
    return llvm::createStringError(
        "--shape='%s': expected <input name>:<d0>,<d1>,...", spec.str().c_str());
  std::vector<int64_t> shape;
  SmallVector<StringRef> parts;
  dims.split(parts, ',');
  for (StringRef part : parts) {
    int64_t d;
    if (part.trim().getAsInteger(10, d) || d <= 0)
      return llvm::createStringError(
          "--shape='%s': '%s' is not a positive dimension", spec.str().c_str(),
          part.str().c_str());
    shape.push_back(d);
  }
  shapes[name.str()] = std::move(shape);
  return llvm::Error::success();
}

