//===- EyerissOps.td - eyeriss graph-level ops -------------*- tablegen -*-===//
//
// Graph-level layers on ranked, statically shaped tensors: what the ONNX
// importer produces and what the mapper consumes. Hardware-level ops
// (processing passes, transfers, multicast configuration) come in their own
// .td files.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_DIALECT_EYERISS_IR_EYERISSOPS_TD
#define EYERISS_DIALECT_EYERISS_IR_EYERISSOPS_TD

include "eyeriss/Dialect/Eyeriss/IR/EyerissAttrs.td"
include "eyeriss/Dialect/Eyeriss/IR/EyerissDialect.td"
include "eyeriss/Dialect/Eyeriss/IR/EyerissInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

// Element types: float at the graph level; signless integers once quantized
// to the chip's fixed point.
defvar Eyeriss_ElementTypes = [AnyFloat, AnySignlessInteger];

def Eyeriss_Tensor : RankedTensorOf<Eyeriss_ElementTypes, [HasStaticShapePred],
                                    "statically shaped tensor">;
def Eyeriss_Tensor1D : RankedTensorOf<Eyeriss_ElementTypes,
    [HasStaticShapePred, HasAnyRankOfPred<[1]>], "statically shaped 1-D tensor">;
def Eyeriss_Tensor2D : RankedTensorOf<Eyeriss_ElementTypes,
    [HasStaticShapePred, HasAnyRankOfPred<[2]>], "statically shaped 2-D tensor">;
def Eyeriss_Tensor4D : RankedTensorOf<Eyeriss_ElementTypes,
    [HasStaticShapePred, HasAnyRankOfPred<[4]>], "statically shaped 4-D tensor">;

//===----------------------------------------------------------------------===//
// Attribute constraints
//===----------------------------------------------------------------------===//

def Eyeriss_Pair : ConfinedAttr<DenseI64ArrayAttr,
    [DenseArrayCount<2>, DenseArrayStrictlyPositive<DenseI64ArrayAttr>]>;
def Eyeriss_Pads : ConfinedAttr<DenseI64ArrayAttr,
    [DenseArrayCount<4>, DenseArrayNonNegative<DenseI64ArrayAttr>]>;
def Eyeriss_PositiveI64 : ConfinedAttr<I64Attr, [IntMinValue<1>]>;
def Eyeriss_NonNegativeI64 : ConfinedAttr<I64Attr, [IntNonNegative]>;
// An i64 attribute read back with its sign (I64Attr's getter zero-extends).
def Eyeriss_SignedI64 : TypedSignlessIntegerAttrBase<I64, "int64_t",
    "64-bit signless integer attribute"> {
  let convertFromStorage = "$_self.getValue().getSExtValue()";
}
def Eyeriss_NonZeroI64 : ConfinedAttr<Eyeriss_SignedI64, [AttrConstraint<
    CPred<"!::llvm::cast<::mlir::IntegerAttr>($_self).getValue().isZero()">,
    "whose value is not 0">]>;
def Eyeriss_FloatNonNegative : AttrConstraint<
    CPred<"!::llvm::cast<::mlir::FloatAttr>($_self).getValue().isNegative()">,
    "whose value is non-negative">;

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def Eyeriss_ConstantOp : Eyeriss_Op<"constant",
    [ConstantLike, Pure, AllTypesMatch<["value", "result"]>,
     DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Weights, biases and other constant tensors";
  let description = [{
    A constant tensor: filter weights, biases, batch-norm parameters, or any
    other value known at compile time (ONNX initializers and `Constant`
    nodes). Large weights are best held as `dense_resource` blobs.

    Example:
    ```mlir
    %b = eyeriss.constant dense<[0.5, -1.0]> : tensor<2xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Layers the PE array runs
//===----------------------------------------------------------------------===//

def Eyeriss_Conv2DOp : Eyeriss_Op<"conv2d",
    [Pure, DeclareOpInterfaceMethods<Eyeriss_ArrayLayerOpInterface>,
     DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "2-D convolution (a CONV layer)";
  let description = [{
    A CONV layer in NCHW layout: `input` is N x C x H x W, `filter` is
    M x (C/groups) x R x S, the optional `bias` has M elements, and the result
    is N x M x E x F with, per spatial dimension,
    `E = floor((H + pad_top + pad_bottom - dilation*(R-1) - 1) / stride) + 1`.
    `pads` are [top, left, bottom, right] (ONNX order). `groups` splits the
    channels and filters into independent groups (grouped AlexNet's CONV2,
    CONV4, CONV5; depthwise convolution when groups = C). `activation`, when
    present, is applied to the output (fused ReLU).

    Example (grouped AlexNet CONV2, batch 4):
    ```mlir
    %conv2 = eyeriss.conv2d %x, %w, %b strides [1, 1] pads [2, 2, 2, 2]
        dilations [1, 1] groups 2 activation relu
        : (tensor<4x96x27x27xf32>, tensor<256x48x5x5xf32>, tensor<256xf32>)
        -> tensor<4x256x27x27xf32>
    ```
  }];
  let arguments = (ins
    Eyeriss_Tensor4D:$input,
    Eyeriss_Tensor4D:$filter,
    Optional<Eyeriss_Tensor1D>:$bias,
    Eyeriss_Pair:$strides,
    Eyeriss_Pads:$pads,
    Eyeriss_Pair:$dilations,
    Eyeriss_PositiveI64:$groups,
    OptionalAttr<Eyeriss_Activation>:$activation,
    OptionalAttr<Eyeriss_RSMappingAttr>:$mapping,
    OptionalAttr<Eyeriss_FixedPointAttr>:$quant
  );
  let results = (outs Eyeriss_Tensor4D:$result);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? `strides` $strides `pads` $pads
    `dilations` $dilations `groups` $groups (`activation` $activation^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Eyeriss_FullyConnectedOp : Eyeriss_Op<"fc",
    [Pure, DeclareOpInterfaceMethods<Eyeriss_ArrayLayerOpInterface>,
     DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Fully connected layer (an FC layer)";
  let description = [{
    `result[n][m] = bias[m] + sum_k input[n][k] * weight[m][k]`: `input` is
    N x K, `weight` is M x K (one row per filter, as ONNX Gemm with
    `transB = 1` stores it), the optional `bias` has M elements and the
    result is N x M. The array runs it as a convolution whose filter covers
    the whole ifmap (E = F = 1).

    Example (AlexNet FC6, batch 4):
    ```mlir
    %fc6 = eyeriss.fc %x, %w, %b activation relu
        : (tensor<4x9216xf32>, tensor<4096x9216xf32>, tensor<4096xf32>)
        -> tensor<4x4096xf32>
    ```
  }];
  let arguments = (ins
    Eyeriss_Tensor2D:$input,
    Eyeriss_Tensor2D:$weight,
    Optional<Eyeriss_Tensor1D>:$bias,
    OptionalAttr<Eyeriss_Activation>:$activation,
    OptionalAttr<Eyeriss_RSMappingAttr>:$mapping,
    OptionalAttr<Eyeriss_FixedPointAttr>:$quant
  );
  let results = (outs Eyeriss_Tensor2D:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? (`activation` $activation^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Import-level ops: canonicalized away before mapping
//===----------------------------------------------------------------------===//

def Eyeriss_GemmOp : Eyeriss_Op<"gemm",
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "General matrix multiply as ONNX defines it (Gemm, MatMul)";
  let description = [{
    `result = alpha * op(a) * op(b) + beta * c`, where `op` transposes its
    argument when `trans_a` / `trans_b` is set, and `c`, when present, is a
    vector of N elements or a 1 x N or M x N matrix broadcast over the rows.
    The importer produces it for ONNX Gemm and 2-D MatMul;
    `--eyeriss-gemm-to-fc` turns it into `eyeriss.fc`, which the array runs.

    Example (an ONNX Gemm with transB = 1):
    ```mlir
    %y = eyeriss.gemm %x, %w, %b alpha 1.0 beta 1.0 trans_b
        : (tensor<1x9216xf32>, tensor<4096x9216xf32>, tensor<4096xf32>) -> tensor<1x4096xf32>
    ```
  }];
  let arguments = (ins
    Eyeriss_Tensor2D:$a,
    Eyeriss_Tensor2D:$b,
    Optional<Eyeriss_Tensor>:$c,
    F32Attr:$alpha,
    F32Attr:$beta,
    UnitAttr:$trans_a,
    UnitAttr:$trans_b
  );
  let results = (outs Eyeriss_Tensor2D:$result);
  let assemblyFormat = [{
    $a `,` $b (`,` $c^)? `alpha` $alpha `beta` $beta (`trans_a` $trans_a^)?
    (`trans_b` $trans_b^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Eyeriss_IdentityOp : Eyeriss_Op<"identity",
    [Pure, SameOperandsAndResultType,
     DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "The input, unchanged (ONNX Identity)";
  let description = [{
    Produced by the importer for ONNX Identity nodes (exporters use them, for
    example, to reach a conv bias); `--eyeriss-drop-identity` removes it.

    Example:
    ```mlir
    %y = eyeriss.identity %x : tensor<64xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$input);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def Eyeriss_DropoutOp : Eyeriss_Op<"dropout",
    [Pure, SameOperandsAndResultType,
     DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Dropout, an identity at inference (ONNX Dropout)";
  let description = [{
    Keeps the training-time `ratio` for the record; at inference the output
    is the input. `--eyeriss-drop-identity` removes it.

    Example:
    ```mlir
    %y = eyeriss.dropout %x ratio 5.000000e-01 : tensor<1x9216xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$input, F32Attr:$ratio);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = "$input `ratio` $ratio attr-dict `:` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

class Eyeriss_PoolOp<string mnemonic, dag extraArguments = (ins)>
    : Eyeriss_Op<mnemonic,
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let arguments = !con((ins
    Eyeriss_Tensor4D:$input,
    Eyeriss_Pair:$kernel,
    Eyeriss_Pair:$strides,
    Eyeriss_Pads:$pads,
    UnitAttr:$ceil_mode
  ), extraArguments);
  let results = (outs Eyeriss_Tensor4D:$result);
  let hasVerifier = 1;
}

def Eyeriss_MaxPoolOp : Eyeriss_PoolOp<"max_pool"> {
  let summary = "2-D max pooling";
  let description = [{
    Max pooling over `kernel` windows of an N x C x H x W input. `pads` are
    [top, left, bottom, right]; padded positions never win. With
    `ceil_mode`, the output size is rounded up (ONNX `ceil_mode = 1`), except
    that a window starting in the end padding is dropped.

    Example:
    ```mlir
    %pool = eyeriss.max_pool %x kernel [3, 3] strides [2, 2] pads [0, 0, 0, 0]
        : tensor<4x96x55x55xf32> -> tensor<4x96x27x27xf32>
    ```
  }];
  let assemblyFormat = [{
    $input `kernel` $kernel `strides` $strides `pads` $pads
    (`ceil_mode` $ceil_mode^)? attr-dict `:` type($input) `->` type($result)
  }];
}

def Eyeriss_AvgPoolOp : Eyeriss_PoolOp<"avg_pool",
                                         (ins UnitAttr:$count_include_pad)> {
  let summary = "2-D average pooling";
  let description = [{
    Average pooling over `kernel` windows of an N x C x H x W input. `pads`
    are [top, left, bottom, right]. Padded positions count in the divisor
    only with `count_include_pad`.

    Example:
    ```mlir
    %pool = eyeriss.avg_pool %x kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0]
        count_include_pad : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
    ```
  }];
  let assemblyFormat = [{
    $input `kernel` $kernel `strides` $strides `pads` $pads
    (`ceil_mode` $ceil_mode^)? (`count_include_pad` $count_include_pad^)?
    attr-dict `:` type($input) `->` type($result)
  }];
}

def Eyeriss_GlobalAvgPoolOp : Eyeriss_Op<"global_avg_pool",
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Average of each channel plane";
  let description = [{
    Averages each H x W plane of an N x C x H x W input into N x C x 1 x 1.

    Example:
    ```mlir
    %gap = eyeriss.global_avg_pool %x : tensor<1x512x7x7xf32> -> tensor<1x512x1x1xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor4D:$input);
  let results = (outs Eyeriss_Tensor4D:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Normalization and activations
//===----------------------------------------------------------------------===//

def Eyeriss_LRNOp : Eyeriss_Op<"lrn",
    [Pure, SameOperandsAndResultType,
     DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Local response normalization across channels";
  let description = [{
    `y[c] = x[c] / (bias + alpha / size * sum(x[c']^2))^beta`, the sum over
    the `size` channels centred on c (ONNX LRN; AlexNet's CONV1 and CONV2).
    `size` must be odd so the window is centred.

    Example:
    ```mlir
    %n = eyeriss.lrn %x size 5 alpha 1.0e-04 beta 7.5e-01 bias 2.0
        : tensor<4x96x55x55xf32>
    ```
  }];
  let arguments = (ins
    Eyeriss_Tensor4D:$input,
    Eyeriss_PositiveI64:$size,
    F32Attr:$alpha,
    F32Attr:$beta,
    F32Attr:$bias
  );
  let results = (outs Eyeriss_Tensor4D:$result);
  let assemblyFormat = [{
    $input `size` $size `alpha` $alpha `beta` $beta `bias` $bias attr-dict
    `:` type($result)
  }];
  let hasVerifier = 1;
}

def Eyeriss_BatchNormOp : Eyeriss_Op<"batch_norm",
    [Pure, AllTypesMatch<["input", "result"]>,
     AllTypesMatch<["scale", "bias", "mean", "variance"]>,
     DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Batch normalization in inference form";
  let description = [{
    `y = scale * (x - mean) / sqrt(variance + epsilon) + bias`, per channel
    (dimension 1) of an N x C x H x W input. Folded into the preceding
    layer's weights when there is one; otherwise run on the host.

    Example:
    ```mlir
    %bn = eyeriss.batch_norm %x, %scale, %bias, %mean, %var epsilon 1.0e-05
        : tensor<1x64x56x56xf32>, tensor<64xf32>
    ```
  }];
  let arguments = (ins
    Eyeriss_Tensor4D:$input,
    Eyeriss_Tensor1D:$scale,
    Eyeriss_Tensor1D:$bias,
    Eyeriss_Tensor1D:$mean,
    Eyeriss_Tensor1D:$variance,
    ConfinedAttr<F32Attr, [Eyeriss_FloatNonNegative]>:$epsilon
  );
  let results = (outs Eyeriss_Tensor4D:$result);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance `epsilon` $epsilon
    attr-dict `:` type($input) `,` type($scale)
  }];
  let hasVerifier = 1;
}

def Eyeriss_ReLUOp : Eyeriss_Op<"relu",
    [Pure, SameOperandsAndResultType,
     DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Rectified linear unit";
  let description = [{
    `y = max(x, 0)`. A ReLU that follows a CONV or FC layer is fused into it
    (`activation relu`).

    Example:
    ```mlir
    %r = eyeriss.relu %x : tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$input);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def Eyeriss_ClipOp : Eyeriss_Op<"clip",
    [Pure, SameOperandsAndResultType,
     DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Clamp to [min, max]";
  let description = [{
    `y = min(max(x, min), max)`. With min = 0 and max = 6 it is ReLU6, which
    fuses into a preceding CONV or FC layer (`activation relu6`).

    Example:
    ```mlir
    %c = eyeriss.clip %x min 0.0 max 6.0 : tensor<1x32x112x112xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$input, F32Attr:$min, F32Attr:$max);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $input `min` $min `max` $max attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

def Eyeriss_SoftmaxOp : Eyeriss_Op<"softmax",
    [Pure, SameOperandsAndResultType,
     DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Softmax along one axis";
  let description = [{
    `y = exp(x) / sum(exp(x))` along `axis` (ONNX opset 13 semantics; the
    importer rewrites the older coerce-to-2-D form).

    Example:
    ```mlir
    %p = eyeriss.softmax %x axis 1 : tensor<4x1000xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$input, Eyeriss_NonNegativeI64:$axis);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = "$input `axis` $axis attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Eyeriss_SigmoidOp : Eyeriss_Op<"sigmoid",
    [Pure, SameOperandsAndResultType,
     DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Logistic sigmoid";
  let description = [{
    `y = 1 / (1 + exp(-x))`, elementwise: the gate of squeeze-and-excitation
    blocks, and with `eyeriss.mul` SiLU (EfficientNet). Runs on the host.

    Example:
    ```mlir
    %s = eyeriss.sigmoid %x : tensor<1x32x1x1xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$input);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def Eyeriss_HardSigmoidOp : Eyeriss_Op<"hard_sigmoid",
    [Pure, SameOperandsAndResultType,
     DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Piecewise-linear sigmoid";
  let description = [{
    `y = max(0, min(1, alpha * x + beta))`, elementwise (ONNX HardSigmoid).
    ONNX HardSwish imports as `x * hard_sigmoid(x)` with alpha 1/6 and beta
    1/2 (MobileNetV3). Runs on the host.

    Example:
    ```mlir
    %h = eyeriss.hard_sigmoid %x alpha 0.166666672 beta 5.000000e-01
        : tensor<1x16x56x56xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$input, F32Attr:$alpha, F32Attr:$beta);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $input `alpha` $alpha `beta` $beta attr-dict `:` type($result)
  }];
}

def Eyeriss_MatMulOp : Eyeriss_Op<"matmul",
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Batched matrix product of two tensors";
  let description = [{
    numpy's matmul (ONNX MatMul) on operands of rank 2 or more: the last two
    dimensions are matrices, `lhs` M x K and `rhs` K x N, and the leading
    dimensions broadcast. A vision transformer's attention multiplies two
    activations this way (Q K^T, then the weights times V): not a layer
    with filters, so it runs on the host. A MatMul by a 2-D constant imports
    as a Gemm, which becomes an FC layer on the array instead.

    Example:
    ```mlir
    %scores = eyeriss.matmul %q, %kt
        : (tensor<12x197x64xf32>, tensor<12x64x197xf32>) -> tensor<12x197x197xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$lhs, Eyeriss_Tensor:$rhs);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Eyeriss_ErfOp : Eyeriss_Op<"erf",
    [Pure, SameOperandsAndResultType,
     DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Gauss error function";
  let description = [{
    `y = erf(x)`, elementwise (ONNX Erf). PyTorch exports the exact GELU of
    ConvNeXt and vision transformers as `x * 0.5 * (1 + erf(x / sqrt(2)))`.
    Runs on the host.

    Example:
    ```mlir
    %e = eyeriss.erf %x : tensor<1x56x56x384xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$input);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def Eyeriss_UnaryOp : Eyeriss_Op<"unary",
    [Pure, SameOperandsAndResultType,
     DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Elementwise function of one tensor";
  let description = [{
    `y = fn(x)`, elementwise, for ONNX's elementwise activations and math
    functions; `alpha` and `beta` are the parameters of the ones that take
    them (0 for the others):

    | fn | y | ONNX |
    |---|---|---|
    | `abs`, `neg`, `exp`, `log`, `sqrt`, `tanh` | as named | Abs, Neg, Exp, Log, Sqrt, Tanh |
    | `reciprocal` | `1 / x` | Reciprocal |
    | `softplus` | `log(1 + exp(x))` | Softplus |
    | `softsign` | `x / (1 + abs(x))` | Softsign |
    | `leaky_relu` | `x < 0 ? alpha * x : x` | LeakyRelu (YOLO's activation) |
    | `elu` | `x < 0 ? alpha * (exp(x) - 1) : x` | Elu |
    | `selu` | `beta * (x <= 0 ? alpha * (exp(x) - 1) : x)` (`beta` is gamma) | Selu |
    | `celu` | `max(0, x) + min(0, alpha * (exp(x / alpha) - 1))`, alpha != 0 | Celu |
    | `thresholded_relu` | `x > alpha ? x : 0` | ThresholdedRelu |
    | `sin`, `cos`, `floor`, `ceil` | as named | Sin, Cos (a diffusion model's timestep embedding), Floor, Ceil |
    | `round` | to the nearest integer, halves to even | Round |
    | `sign` | `x > 0 ? 1 : x < 0 ? -1 : x` (0, -0 and NaN kept) | Sign |
    | `round_to_f16`, `round_to_bf16` | the nearest float16 (bfloat16) value, ties to even, overflow to infinity | Cast and CastLike to float16 (bfloat16) of a float32 or float64 tensor |
    | `not` | `x == 0 ? 1 : 0` | Not (of a bool tensor, held as 0 and 1) |
    | `nonzero` | `x != 0 ? 1 : 0` (NaN gives 1) | Cast to bool |
    | `trunc` | toward zero | Cast of a floating-point tensor to an integer type |
    | `tan`, `asin`, `acos`, `atan`, `sinh`, `cosh`, `asinh`, `acosh`, `atanh` | as named (NaN outside the domain) | Tan, Asin, Acos, Atan, Sinh, Cosh, Asinh, Acosh, Atanh |
    | `isnan` | `x != x ? 1 : 0` | IsNaN |
    | `isinf` | 1 for -inf when `alpha` is 1, for +inf when `beta` is 1, else 0 | IsInf (`detect_negative`, `detect_positive`) |
    | `fake_quant_u8`, `fake_quant_i8` | `(clamp(rint(x / alpha) + beta, lo, hi) - beta) * alpha`, `[lo, hi]` = [0, 255] and [-128, 127] | QuantizeLinear then DequantizeLinear (a QDQ model's activations) |

    The fake quantizations take the scale (`alpha`, positive) and the
    zero point (`beta`, an integer in `[lo, hi]`) of a per-tensor ONNX
    QuantizeLinear / DequantizeLinear pair; `rint` rounds half to even.

    Runs on the host, in float32 (IEEE: `log(0)` is `-inf`, `sqrt(-1)` NaN).

    Example:
    ```mlir
    %y = eyeriss.unary leaky_relu %x alpha 1.000000e-01 : tensor<1x16x52x52xf32>
    ```
  }];
  let arguments = (ins
    Eyeriss_Tensor:$input,
    Eyeriss_UnaryFn:$fn,
    DefaultValuedAttr<F32Attr, "0.0f">:$alpha,
    DefaultValuedAttr<F32Attr, "0.0f">:$beta
  );
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $fn $input (`alpha` $alpha^)? (`beta` $beta^)? attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
  // An idempotent function of its own result (a float16 rounding of a
  // float16 rounding, abs of abs) is that result.
  let hasFolder = 1;
}

def Eyeriss_BinaryOp : Eyeriss_Op<"binary",
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Elementwise function of two tensors, with broadcasting";
  let description = [{
    `y = fn(lhs, rhs)`, elementwise, the operands broadcast as
    `eyeriss.add`'s do (numpy rules): `sub` (`lhs - rhs`), `div`
    (`lhs / rhs`), `pow` (`lhs ^ rhs`), `max`, `min`, and `prelu`
    (`lhs < 0 ? rhs * lhs : lhs`, ONNX PRelu with its slope as `rhs`). ONNX
    Sub, Div by a computed tensor, Pow, Max, Min (a chain for more than two
    inputs) and PRelu. The comparisons `equal`, `less`, `less_equal`,
    `greater`, `greater_equal` (1 where true, 0 where false; false for a
    NaN) and the logical `and`, `or`, `xor` (of tensors of 0 and 1) give a
    bool tensor held as 0 and 1: ONNX Equal, Less, LessOrEqual, Greater,
    GreaterOrEqual, And, Or, Xor (a padding mask's `mask == 0`). `mod`
    is the remainder with the divisor's sign (Python's %), `fmod` the one
    with the dividend's (ONNX Mod with fmod 0 and 1). Runs on the host, in
    float32. Operands of the result's type print with one type; others
    with the functional form.

    With `integers <type>` (i64, i32, ui8, i8, ui16, i16, ui32, ui64: the
    operands' ONNX type) the operands are whole numbers held in f32 and
    `fn` is integer arithmetic as ONNX defines it: `div` truncates toward
    zero, `pow`'s result is truncated, and a division or remainder by zero
    fails at run time. Results of the 8- and 16-bit types wrap around as the
    type does; those of the 32- and 64-bit ones must stay below 2^24 in
    magnitude (beyond which f32 does not hold every integer) and be
    non-negative if unsigned, or the run fails: a key point's row and column
    from its heatmap's argmax (`idx // W`, `idx % W`), a detector's anchor
    and class from its top-k indices, uint8 pixel arithmetic.
    `add` and `mul` exist only with it (float sums and products are
    `eyeriss.add` and `eyeriss.mul`, which passes fuse); the comparisons,
    the logical functions and `prelu` do not take it.

    Example:
    ```mlir
    %d = eyeriss.binary sub %x, %mean
        : (tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>) -> tensor<1x8x4x4xf32>
    %row = eyeriss.binary div %idx, %w integers i64
        : (tensor<1x17xf32>, tensor<f32>) -> tensor<1x17xf32>
    ```
  }];
  let arguments = (ins
    Eyeriss_Tensor:$lhs,
    Eyeriss_Tensor:$rhs,
    Eyeriss_BinaryFn:$fn,
    OptionalAttr<TypeAttr>:$integers
  );
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $fn $lhs `,` $rhs (`integers` $integers^)? attr-dict `:`
    custom<BroadcastTypes>(type($lhs), type($rhs), type($result))
  }];
  let builders = [
    // Float arithmetic, the comparisons and logic: no integer type.
    OpBuilder<(ins "::mlir::Type":$result, "::mlir::Value":$lhs,
                   "::mlir::Value":$rhs, "::eyeriss::BinaryFn":$fn), [{
      build($_builder, $_state, result, lhs, rhs, fn, ::mlir::TypeAttr());
    }]>
  ];
  let extraClassDeclaration = [{
    /// Whether `fn` is arithmetic, which `integers` may qualify.
    static bool isArithmetic(::eyeriss::BinaryFn fn);
  }];
  let hasVerifier = 1;
}

def Eyeriss_ReduceOp : Eyeriss_Op<"reduce",
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Reduction over some dimensions";
  let description = [{
    Combines the elements along `axes` (increasing, at least one) by `fn`:
    `sum`, `mean`, `max`, `min`, `prod`, `l1` (sum of magnitudes), `l2`
    (square root of the sum of squares), `sum_square`, `log_sum` (log of
    the sum), `log_sum_exp`. With `keepdims` the reduced dimensions stay as
    extent 1, else they are dropped. ONNX ReduceSum, ReduceMean, ReduceMax,
    ReduceMin, ReduceProd, ReduceL1, ReduceL2, ReduceSumSquare, ReduceLogSum
    and ReduceLogSumExp (a ReduceMean over H and W of a 4-D tensor is a
    global average pool instead); e.g. CBAM's channel max and mean. Runs on
    the host, accumulating in double.

    `argmax` and `argmin` take one axis and give the index of the first
    largest (smallest) element along it, `argmax_last` and `argmin_last` of
    the last one; a NaN counts as the extreme (numpy's argmax). The index
    is an f32 value, exact for an axis of at most 2^24 elements: ONNX ArgMax
    and ArgMin, whose int64 output the host writes as such
    (`eyeriss.host_format = i64`).

    Example:
    ```mlir
    %m = eyeriss.reduce max %x axes [1] keepdims
        : tensor<1x64x28x28xf32> -> tensor<1x1x28x28xf32>
    ```
  }];
  let arguments = (ins
    Eyeriss_Tensor:$input,
    Eyeriss_ReduceFn:$fn,
    DenseI64ArrayAttr:$axes,
    UnitAttr:$keepdims
  );
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $fn $input `axes` $axes (`keepdims` $keepdims^)? attr-dict `:`
    type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Eyeriss_LayerNormOp : Eyeriss_Op<"layer_norm",
    [Pure, AllTypesMatch<["input", "result"]>,
     AllTypesMatch<["scale", "bias"]>,
     DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Layer normalization over the trailing dimensions";
  let description = [{
    ONNX LayerNormalization (opset 17): each slice of the dimensions from
    `axis` to the last is normalized to zero mean and unit variance (the
    biased variance, plus `epsilon`), then scaled and shifted elementwise:
    `y = (x - mean) / sqrt(var + epsilon) * scale + bias`. `scale` and
    `bias` have the shape of those trailing dimensions. ConvNeXt normalizes
    the channels of a channels-last tensor this way. Runs on the host.

    Example:
    ```mlir
    %ln = eyeriss.layer_norm %x, %scale, %bias axis 3 epsilon 9.99999997E-7
        : tensor<1x56x56x96xf32>, tensor<96xf32>
    ```
  }];
  let arguments = (ins
    Eyeriss_Tensor:$input,
    Eyeriss_Tensor:$scale,
    Eyeriss_Tensor:$bias,
    Eyeriss_NonNegativeI64:$axis,
    ConfinedAttr<F32Attr, [Eyeriss_FloatNonNegative]>:$epsilon
  );
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `axis` $axis `epsilon` $epsilon attr-dict
    `:` type($input) `,` type($scale)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise and data movement
//===----------------------------------------------------------------------===//

def Eyeriss_AddOp : Eyeriss_Op<"add",
    [Pure, Commutative,
     DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Elementwise addition with broadcasting";
  let description = [{
    `y = lhs + rhs`, with an optional fused activation (ResNet's add
    followed by ReLU). The operands broadcast as `eyeriss.mul`'s do (numpy
    rules): residual connections add tensors of one shape, and a bias after
    a channels-last MatMul (ConvNeXt) adds a 1-D tensor along the last
    dimension. Runs on the host. Operands of the result's type print with
    one type; others with the functional form. An add of two tensors moved
    the same way (by equal transposes, or reshapes of equal shapes, used
    only there) is canonicalized into the move of their sum, so that the
    moves around residual connections can cancel (a Conv3d's layout).

    Example:
    ```mlir
    %sum = eyeriss.add %a, %b activation relu : tensor<1x64x56x56xf32>
    %biased = eyeriss.add %x, %bias
        : (tensor<1x56x56x384xf32>, tensor<384xf32>) -> tensor<1x56x56x384xf32>
    ```
  }];
  let arguments = (ins
    Eyeriss_Tensor:$lhs,
    Eyeriss_Tensor:$rhs,
    OptionalAttr<Eyeriss_Activation>:$activation
  );
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs (`activation` $activation^)? attr-dict `:`
    custom<BroadcastTypes>(type($lhs), type($rhs), type($result))
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def Eyeriss_MulOp : Eyeriss_Op<"mul",
    [Pure, Commutative,
     DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Elementwise product with broadcasting";
  let description = [{
    `y = lhs * rhs` with numpy (ONNX multidirectional) broadcasting: the
    shapes are aligned at their last dimension and each pair of extents is
    equal or one of them is 1. Squeeze-and-excitation scales an
    N x C x H x W tensor by N x C x 1 x 1 gates this way. Runs on the host.

    Example:
    ```mlir
    %p = eyeriss.mul %x, %gate
        : (tensor<1x32x56x56xf32>, tensor<1x32x1x1xf32>) -> tensor<1x32x56x56xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$lhs, Eyeriss_Tensor:$rhs);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Eyeriss_PadOp : Eyeriss_Op<"pad",
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Padding of the spatial dimensions";
  let description = [{
    Surrounds each H x W plane of an N x C x H x W input: `pads` are [top,
    left, bottom, right]. ONNX Pad's modes: `constant` fills with `value`
    (0 by default), `reflect` mirrors the plane about its border element
    (not repeating it; each pad less than its extent: PyTorch's
    ReflectionPad2d), `edge` repeats the border element (ReplicationPad2d).
    ONNX pads of other dimensions import as pads of reshaped planes.
    `eyeriss-fold-pad` merges a zero pad into the padding of the CONV layers
    and average pools that read it; one that remains runs on the host. Zero
    pads fold away.

    Example:
    ```mlir
    %p = eyeriss.pad %x pads [1, 1, 1, 1]
        : tensor<1x192x35x35xf32> -> tensor<1x192x37x37xf32>
    %r = eyeriss.pad %x mode reflect pads [3, 3, 3, 3]
        : tensor<1x3x64x64xf32> -> tensor<1x3x70x70xf32>
    ```
  }];
  let arguments = (ins
    Eyeriss_Tensor4D:$input,
    Eyeriss_Pads:$pads,
    DefaultValuedAttr<Eyeriss_PadMode, "::eyeriss::PadMode::Constant">:$mode,
    DefaultValuedAttr<F32Attr, "0.0f">:$value
  );
  let results = (outs Eyeriss_Tensor4D:$result);
  let assemblyFormat = [{
    $input (`mode` $mode^)? `pads` $pads (`value` $value^)? attr-dict `:`
    type($input) `->` type($result)
  }];
  let builders = [
    // Zero padding, the PE array's and pooling's.
    OpBuilder<(ins "::mlir::Type":$result, "::mlir::Value":$input,
                   "::mlir::DenseI64ArrayAttr":$pads), [{
      build($_builder, $_state, result, input, pads,
            ::eyeriss::PadModeAttr::get($_builder.getContext(),
                                        ::eyeriss::PadMode::Constant),
            $_builder.getF32FloatAttr(0.0f));
    }]>
  ];
  let extraClassDeclaration = [{
    /// Whether it pads with zeros, as the PE array and pooling do.
    bool padsWithZeros() {
      return getMode() == ::eyeriss::PadMode::Constant &&
             getValue().isZero();
    }
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Eyeriss_InsertZerosOp : Eyeriss_Op<"insert_zeros",
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Zeros between the elements of each H x W plane";
  let description = [{
    `factors` = [fh, fw] - 1 zeros go between neighbouring rows and columns:
    `y[n][c][h * fh][w * fw] = x[n][c][h][w]`, every other element 0, so an
    H x W plane becomes ((H - 1) * fh + 1) x ((W - 1) * fw + 1). ONNX
    ConvTranspose of stride s imports as a stride-1 convolution (flipped,
    transposed filter) over its input with s - 1 zeros inserted: the PE
    array runs it, and the chip's zero gating skips the MACs of the inserted
    zeros. Runs on the host.

    Example:
    ```mlir
    %z = eyeriss.insert_zeros %x factors [2, 2]
        : tensor<1x64x8x8xf32> -> tensor<1x64x15x15xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor4D:$input, Eyeriss_Pair:$factors);
  let results = (outs Eyeriss_Tensor4D:$result);
  let assemblyFormat = [{
    $input `factors` $factors attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Eyeriss_ConcatOp : Eyeriss_Op<"concat",
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Concatenation along one axis";
  let description = [{
    Joins tensors of one rank and element type along `axis`; every other
    dimension must agree (GoogLeNet's inception modules, SqueezeNet's fire
    modules).

    Example:
    ```mlir
    %cat = eyeriss.concat %a, %b axis 1
        : (tensor<1x64x28x28xf32>, tensor<1x128x28x28xf32>) -> tensor<1x192x28x28xf32>
    ```
  }];
  let arguments = (ins Variadic<Eyeriss_Tensor>:$inputs,
                       Eyeriss_NonNegativeI64:$axis);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $inputs `axis` $axis attr-dict `:` functional-type($inputs, results)
  }];
  let hasVerifier = 1;
}

def Eyeriss_SliceOp : Eyeriss_Op<"slice",
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Every step-th element of one axis, from start";
  let description = [{
    Keeps, along `axis`, the elements start, start + step, ...: as many as
    the result's extent on that axis; every other dimension is unchanged.
    A negative step walks down from start (torch.flip and `x[::-1]` export
    as step -1 from the last index). ONNX Slice (one op per sliced axis) and
    Split import as slices: ShuffleNet splits its channels in two this way.
    Runs on the host.

    Example:
    ```mlir
    %s = eyeriss.slice %x axis 1 start 58 step 1
        : tensor<1x116x28x28xf32> -> tensor<1x58x28x28xf32>
    %r = eyeriss.slice %x axis 3 start 27 step -1
        : tensor<1x116x28x28xf32> -> tensor<1x116x28x28xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$input, Eyeriss_NonNegativeI64:$axis,
                       Eyeriss_NonNegativeI64:$start,
                       Eyeriss_NonZeroI64:$step);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $input `axis` $axis `start` $start `step` $step attr-dict `:` type($input)
    `->` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Eyeriss_TransposeOp : Eyeriss_Op<"transpose",
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Permutation of the dimensions";
  let description = [{
    Result dimension i is input dimension `perm[i]` (ONNX Transpose). The
    PE array has no transpose: `eyeriss-raise-channel-shuffle` turns
    ShuffleNet's reshape, transpose, reshape into `channel_shuffle`, and any
    other transpose runs on the host (EYB's `transpose`). A transpose of a
    transpose folds into one, and the identity permutation away.

    Example:
    ```mlir
    %t = eyeriss.transpose %x perm [0, 2, 1, 3, 4]
        : tensor<1x2x58x28x28xf32> -> tensor<1x58x2x28x28xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $input `perm` $perm attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Eyeriss_ExpandOp : Eyeriss_Op<"expand",
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Broadcast to the result's shape";
  let description = [{
    The input repeated along the dimensions where it has extent 1 (and the
    leading dimensions it lacks) to the result's shape, numpy's
    `broadcast_to` (ONNX Expand of a computed tensor; an Expand of a
    constant is folded at import). Runs on the host. An expand to the
    input's own shape folds away.

    Example:
    ```mlir
    %e = eyeriss.expand %x : tensor<3x1xf32> -> tensor<2x3x6xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$input);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Eyeriss_SelectOp : Eyeriss_Op<"select",
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Elementwise choice between two tensors by a condition";
  let description = [{
    `y = condition != 0 ? true_value : false_value`, elementwise, the three
    operands broadcast to the result's shape (numpy rules): ONNX Where, of a
    computed condition (a bool tensor held as 0 and 1: an attention mask's
    `mask == 0`). A choice, not arithmetic: `-inf` where the condition
    holds and 0 elsewhere stays so. Runs on the host. (A Where of constants
    is evaluated at import.)

    Example:
    ```mlir
    %m = eyeriss.select %padding, %neg_inf, %zero
        : (tensor<2x1x1x16xf32>, tensor<f32>, tensor<f32>) -> tensor<2x1x1x16xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$condition, Eyeriss_Tensor:$true_value,
                       Eyeriss_Tensor:$false_value);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $condition `,` $true_value `,` $false_value attr-dict `:`
    `(` type($condition) `,` type($true_value) `,` type($false_value) `)`
    `->` type($result)
  }];
  let hasVerifier = 1;
}

def Eyeriss_CumSumOp : Eyeriss_Op<"cumsum",
    [Pure, SameOperandsAndResultType,
     DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Running sums along one axis";
  let description = [{
    ONNX CumSum: element i along `axis` is the sum of elements 0 to i
    (`exclusive`: 0 to i - 1, the first 0; `reverse`: from the end of the
    axis down to i), accumulated in order in float32 as numpy's cumsum
    does. A DETR-style sine position encoding's running count of unmasked
    pixels. Runs on the host.

    Example:
    ```mlir
    %c = eyeriss.cumsum %x axis 1 exclusive : tensor<2x5xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$input, Eyeriss_NonNegativeI64:$axis,
                       UnitAttr:$exclusive, UnitAttr:$reverse);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $input `axis` $axis (`exclusive` $exclusive^)? (`reverse` $reverse^)?
    attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

def Eyeriss_GatherOp : Eyeriss_Op<"gather",
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Entries of one axis picked by computed indices";
  let description = [{
    ONNX Gather with indices the program computes or is given: an embedding
    table's rows for a batch of token ids (`nn.Embedding`). The indices
    tensor holds whole numbers (an integer graph input or an ArgMax's
    output, held in f32); each index picks the entry of `data` along `axis`,
    negative ones counting from the end. The result's shape is data's with
    `axis` replaced by the indices' shape. An index that is not whole or is
    out of range is a runtime error, reported with its position. Runs on
    the host. (A Gather at up to 64 constant indices is imported as slices;
    at more, an STFT's frames, as this op with constant indices.)

    Example:
    ```mlir
    %e = eyeriss.gather %table[%ids] axis 0
        : (tensor<1000x64xf32>, tensor<2x16xf32>) -> tensor<2x16x64xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$data, Eyeriss_Tensor:$indices,
                       Eyeriss_NonNegativeI64:$axis);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $data `[` $indices `]` `axis` $axis attr-dict `:`
    `(` type($data) `,` type($indices) `)` `->` type($result)
  }];
  let hasVerifier = 1;
}

def Eyeriss_GatherElementsOp : Eyeriss_Op<"gather_elements",
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Elements picked one by one along an axis";
  let description = [{
    ONNX GatherElements (torch.gather): `indices` has data's rank and is no
    larger than data in any dimension but `axis`; result element
    [i0, ..., ik, ...] is data[i0, ..., indices[i0, ..., ik, ...], ...],
    the index replacing position `axis`. The result is shaped as the
    indices. The indices are whole numbers held in f32 (computed, an
    integer graph input or a constant), negative ones counting from the
    end; one that is not whole or is out of range is a runtime error,
    reported with its position. Runs on the host.

    Example:
    ```mlir
    %g = eyeriss.gather_elements %x[%idx] axis 1
        : (tensor<2x5xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$data, Eyeriss_Tensor:$indices,
                       Eyeriss_NonNegativeI64:$axis);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $data `[` $indices `]` `axis` $axis attr-dict `:`
    `(` type($data) `,` type($indices) `)` `->` type($result)
  }];
  let hasVerifier = 1;
}

def Eyeriss_ScatterElementsOp : Eyeriss_Op<"scatter_elements",
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "A copy of data with updates written along an axis";
  let description = [{
    ONNX ScatterElements (torch.scatter, scatter_add): a copy of `data` in
    which updates[i0, ..., ik, ...] lands on data[i0, ..., indices[i0, ...,
    ik, ...], ...], the updates taken in row-major order. `reduction`
    `none` replaces the element (of several updates to one element the
    last wins), `add` and `mul` combine with it. `indices` and `updates`
    have one shape, of data's rank, no larger than data but along `axis`.
    Indices as in `eyeriss.gather_elements`. Runs on the host.

    Example:
    ```mlir
    %s = eyeriss.scatter_elements add %x[%idx] = %u axis 1
        : (tensor<2x5xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x5xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$data, Eyeriss_Tensor:$indices,
                       Eyeriss_Tensor:$updates, Eyeriss_NonNegativeI64:$axis,
                       Eyeriss_ScatterReduction:$reduction);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $reduction $data `[` $indices `]` `=` $updates `axis` $axis attr-dict `:`
    `(` type($data) `,` type($indices) `,` type($updates) `)` `->`
    type($result)
  }];
  let hasVerifier = 1;
}

def Eyeriss_GatherNDOp : Eyeriss_Op<"gather_nd",
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Slices picked by index tuples";
  let description = [{
    ONNX GatherND: the first `batch_dims` dimensions of data and indices
    agree; each row of the indices' last dimension (k entries, 1 to data's
    rank less batch_dims) indexes data's next k dimensions and picks the
    slice of the rest. The result is shaped indices.shape[:-1] +
    data.shape[batch_dims + k:]. Indices as in `eyeriss.gather_elements`.
    Runs on the host.

    Example:
    ```mlir
    %g = eyeriss.gather_nd %x[%idx] batch_dims 0
        : (tensor<4x5x6xf32>, tensor<3x2xf32>) -> tensor<3x6xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$data, Eyeriss_Tensor:$indices,
                       Eyeriss_NonNegativeI64:$batch_dims);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $data `[` $indices `]` `batch_dims` $batch_dims attr-dict `:`
    `(` type($data) `,` type($indices) `)` `->` type($result)
  }];
  let hasVerifier = 1;
}

def Eyeriss_ScatterNDOp : Eyeriss_Op<"scatter_nd",
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "A copy of data with slices written at index tuples";
  let description = [{
    ONNX ScatterND: each row of the indices' last dimension (k entries, 1
    to data's rank) names a position of data's first k dimensions, where
    the matching slice of `updates` (shaped indices.shape[:-1] +
    data.shape[k:]) is written (`none`; of rows naming one position the
    last wins) or combined (`add`, `mul`), rows in row-major order.
    PyTorch exports in-place slice assignment (`y[:, 0] = v`) this way.
    Indices as in `eyeriss.gather_elements`. Runs on the host.

    Example:
    ```mlir
    %s = eyeriss.scatter_nd none %y[%idx] = %v
        : (tensor<2x3x5xf32>, tensor<2x1x2xf32>, tensor<2x1x5xf32>) -> tensor<2x3x5xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$data, Eyeriss_Tensor:$indices,
                       Eyeriss_Tensor:$updates,
                       Eyeriss_ScatterReduction:$reduction);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $reduction $data `[` $indices `]` `=` $updates attr-dict `:`
    `(` type($data) `,` type($indices) `,` type($updates) `)` `->`
    type($result)
  }];
  let hasVerifier = 1;
}

def Eyeriss_GridSampleOp : Eyeriss_Op<"grid_sample",
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "An image sampled at computed coordinates";
  let description = [{
    ONNX GridSample (torch.nn.functional.grid_sample): the N x C x H x W
    `input` sampled at the normalized (x, y) coordinates of the
    N x Ho x Wo x 2 `grid`, giving N x C x Ho x Wo. -1 and 1 are the centres
    of the corner pixels with `align_corners`, else their outer edges;
    `mode` interpolates (`bilinear`, `nearest`: half to even, `bicubic`:
    A = -0.75), `padding` says what lies outside (`zeros`, `border`: the
    edge pixel, `reflection`: the image mirrored at its border). Computed as
    PyTorch does on the CPU. An optical-flow network's warp. Runs on the
    host.

    Example:
    ```mlir
    %w = eyeriss.grid_sample bilinear zeros %img, %grid align_corners
        : (tensor<1x3x8x8xf32>, tensor<1x8x8x2xf32>) -> tensor<1x3x8x8xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$input, Eyeriss_Tensor:$grid,
                       Eyeriss_GridSampleMode:$mode,
                       Eyeriss_GridSamplePadding:$padding,
                       UnitAttr:$align_corners);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $mode $padding $input `,` $grid (`align_corners` $align_corners^)?
    attr-dict `:` `(` type($input) `,` type($grid) `)` `->` type($result)
  }];
  let hasVerifier = 1;
}

def Eyeriss_TopKOp : Eyeriss_Op<"topk",
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "The K largest or smallest elements along an axis";
  let description = [{
    ONNX TopK: along `axis`, the K largest elements of each line (with
    `smallest`, the K smallest), in order from the largest (smallest), ties
    broken by the lower index, a NaN larger than any number (torch.topk);
    K is the result's extent along the axis. With `indices` the result is
    their positions along the axis (whole numbers in f32, which the host
    writes as int64 where the graph says so) instead of their values: ONNX
    TopK's two outputs are two ops. Runs on the host.

    Example:
    ```mlir
    %v = eyeriss.topk %x axis 1 : tensor<2x10xf32> -> tensor<2x3xf32>
    %i = eyeriss.topk %x axis 1 indices : tensor<2x10xf32> -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$input, Eyeriss_NonNegativeI64:$axis,
                       UnitAttr:$smallest, UnitAttr:$indices);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $input `axis` $axis (`smallest` $smallest^)? (`indices` $indices^)?
    attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Eyeriss_ResizeOp : Eyeriss_Op<"resize",
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Nearest, linear or cubic resampling to the result's shape";
  let description = [{
    ONNX Resize (opset 11 and later; opset 10's Resize and Upsample are
    converted to it). Each dimension is resampled on its own: an output
    coordinate `x` maps to an input coordinate by `coordinates`, with the
    dimension's scale `s` (from `scales`, or `out / in` when the model gave
    output sizes) and `L = s * in`:

    | coordinates | input coordinate |
    |---|---|
    | `half_pixel` | `(x + 0.5) / s - 0.5` |
    | `pytorch_half_pixel` | `L > 1 ? (x + 0.5) / s - 0.5 : 0` |
    | `align_corners` | `L > 1 ? x * (in - 1) / (L - 1) : 0` |
    | `asymmetric` | `x / s` |
    | `tf_half_pixel_for_nn` | `(x + 0.5) / s` |
    | `tf_crop_and_resize` | `L > 1 ? start * (in - 1) + x * (end - start) * (in - 1) / (L - 1) : (start + end) * (in - 1) / 2`, from `roi` (all starts, then all ends); outside `[0, in - 1]` the output is `extrapolation_value` |

    `nearest` takes one input element (rounded by `nearest`), `linear` two
    (the N-linear interpolation, one dimension after the other), `cubic`
    four, with the cubic convolution kernel of coefficient `cubic_coeff_a`;
    neighbours past the edges repeat the edge element, or, with
    `exclude_outside`, get weight 0 and the others are renormalized.
    Semantics and rounding are the ONNX reference implementation's. PyTorch
    exports `interpolate(mode="bilinear")` (the segmentation heads of FCN,
    DeepLabV3 and LR-ASPP) as a `linear`, `pytorch_half_pixel` resize. Runs
    on the host.

    Example:
    ```mlir
    %up = eyeriss.resize %x linear pytorch_half_pixel
        : tensor<1x21x28x28xf32> -> tensor<1x21x224x224xf32>
    %n = eyeriss.resize %y nearest asymmetric nearest_mode floor
        scales [1.0, 1.0, 2.0, 2.0]
        : tensor<1x256x13x13xf32> -> tensor<1x256x26x26xf32>
    ```
  }];
  let arguments = (ins
    Eyeriss_Tensor:$input,
    Eyeriss_ResizeMode:$mode,
    Eyeriss_ResizeCoordinates:$coordinates,
    DefaultValuedAttr<Eyeriss_ResizeNearest,
                      "::eyeriss::ResizeNearest::RoundPreferFloor">:$nearest_mode,
    DefaultValuedAttr<F32Attr, "-0.75f">:$cubic_coeff_a,
    UnitAttr:$exclude_outside,
    DefaultValuedAttr<F32Attr, "0.0f">:$extrapolation_value,
    OptionalAttr<DenseF32ArrayAttr>:$scales,
    OptionalAttr<DenseF32ArrayAttr>:$roi
  );
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = [{
    $input $mode $coordinates (`nearest_mode` $nearest_mode^)?
    (`cubic_coeff_a` $cubic_coeff_a^)? (`exclude_outside` $exclude_outside^)?
    (`extrapolation_value` $extrapolation_value^)? (`scales` $scales^)?
    (`roi` $roi^)? attr-dict `:` type($input) `->` type($result)
  }];
  let extraClassDeclaration = [{
    /// The scale of dimension `dim`: `scales[dim]`, or the result's extent
    /// over the input's when the op has no scales.
    double getScale(unsigned dim);
  }];
  let hasVerifier = 1;
}

def Eyeriss_ChannelShuffleOp : Eyeriss_Op<"channel_shuffle",
    [Pure, SameOperandsAndResultType,
     DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "ShuffleNet's channel shuffle";
  let description = [{
    Splits the C channels of an N x C x H x W tensor into `groups` groups of
    C / groups and interleaves them: output channel `j * groups + i` is input
    channel `i * (C / groups) + j`. It is what ShuffleNet's
    reshape(N, g, C/g, H, W), transpose(0, 2, 1, 3, 4), reshape(N, C, H, W)
    computes (`eyeriss-raise-channel-shuffle`). Runs on the host.

    Example:
    ```mlir
    %s = eyeriss.channel_shuffle %x groups 2 : tensor<1x116x28x28xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor4D:$input, Eyeriss_PositiveI64:$groups);
  let results = (outs Eyeriss_Tensor4D:$result);
  let assemblyFormat = "$input `groups` $groups attr-dict `:` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Eyeriss_ReshapeOp : Eyeriss_Op<"reshape",
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Reinterpret a tensor with another static shape";
  let description = [{
    Keeps the elements in row-major order and changes the shape; both shapes
    are static and hold the same number of elements. A reshape of a reshape
    folds into one, and a reshape to the input's own shape away.

    Example:
    ```mlir
    %r = eyeriss.reshape %x : tensor<4x256x6x6xf32> -> tensor<4x9216xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$input);
  let results = (outs Eyeriss_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Eyeriss_FlattenOp : Eyeriss_Op<"flatten",
    [Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Flatten into a 2-D tensor at an axis";
  let description = [{
    The dimensions before `axis` become the first dimension of the result and
    the rest the second (ONNX Flatten): d0 x ... x d(n-1) becomes
    (d0 * ... * d(axis-1)) x (d(axis) * ... * d(n-1)).

    Example:
    ```mlir
    %f = eyeriss.flatten %x axis 1 : tensor<4x256x6x6xf32> -> tensor<4x9216xf32>
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$input, Eyeriss_NonNegativeI64:$axis);
  let results = (outs Eyeriss_Tensor2D:$result);
  let assemblyFormat = [{
    $input `axis` $axis attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

include "eyeriss/Dialect/Eyeriss/IR/EyerissScheduleOps.td"

#endif // EYERISS_DIALECT_EYERISS_IR_EYERISSOPS_TD
