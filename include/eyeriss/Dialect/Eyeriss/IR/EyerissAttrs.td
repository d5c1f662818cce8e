//===- EyerissAttrs.td - eyeriss attributes ----------------*- tablegen -*-===//

#ifndef EYERISS_DIALECT_EYERISS_IR_EYERISSATTRS_TD
#define EYERISS_DIALECT_EYERISS_IR_EYERISSATTRS_TD

include "eyeriss/Dialect/Eyeriss/IR/EyerissDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

//===----------------------------------------------------------------------===//
// Fused activation
//===----------------------------------------------------------------------===//

def Eyeriss_Activation : I32EnumAttr<"Activation",
    "activation applied to a layer's output before it leaves the chip", [
      I32EnumAttrCase<"ReLU", 1, "relu">,
      I32EnumAttrCase<"ReLU6", 2, "relu6">
    ]> {
  let cppNamespace = "::eyeriss";
  let description = [{
    The chip applies ReLU in its ReLU module on the way from the PE array to
    the GLB (JSSC 2017 §III-A). `relu6` (clip to [0, 6], MobileNet's
    activation) is the same unit with an upper bound.
  }];
}

//===----------------------------------------------------------------------===//
// Elementwise functions of the host (the values are EYB's codes too)
//===----------------------------------------------------------------------===//

def Eyeriss_UnaryFn : I32EnumAttr<"UnaryFn",
    "an elementwise function of one tensor", [
      I32EnumAttrCase<"Abs", 0, "abs">,
      I32EnumAttrCase<"Neg", 1, "neg">,
      I32EnumAttrCase<"Exp", 2, "exp">,
      I32EnumAttrCase<"Log", 3, "log">,
      I32EnumAttrCase<"Sqrt", 4, "sqrt">,
      I32EnumAttrCase<"Reciprocal", 5, "reciprocal">,
      I32EnumAttrCase<"Tanh", 6, "tanh">,
      I32EnumAttrCase<"Softplus", 7, "softplus">,
      I32EnumAttrCase<"Softsign", 8, "softsign">,
      I32EnumAttrCase<"LeakyRelu", 9, "leaky_relu">,
      I32EnumAttrCase<"Elu", 10, "elu">,
      I32EnumAttrCase<"Selu", 11, "selu">,
      I32EnumAttrCase<"Celu", 12, "celu">,
      I32EnumAttrCase<"ThresholdedRelu", 13, "thresholded_relu">,
      I32EnumAttrCase<"FakeQuantU8", 14, "fake_quant_u8">,
      I32EnumAttrCase<"FakeQuantI8", 15, "fake_quant_i8">,
      I32EnumAttrCase<"Sin", 16, "sin">,
      I32EnumAttrCase<"Cos", 17, "cos">,
      I32EnumAttrCase<"Floor", 18, "floor">,
      I32EnumAttrCase<"Ceil", 19, "ceil">,
      I32EnumAttrCase<"Round", 20, "round">,
      I32EnumAttrCase<"Sign", 21, "sign">,
      I32EnumAttrCase<"RoundToF16", 22, "round_to_f16">,
      I32EnumAttrCase<"RoundToBF16", 23, "round_to_bf16">,
      I32EnumAttrCase<"Not", 24, "not">,
      I32EnumAttrCase<"NonZero", 25, "nonzero">,
      I32EnumAttrCase<"Trunc", 26, "trunc">,
      I32EnumAttrCase<"Tan", 27, "tan">,
      I32EnumAttrCase<"Asin", 28, "asin">,
      I32EnumAttrCase<"Acos", 29, "acos">,
      I32EnumAttrCase<"Atan", 30, "atan">,
      I32EnumAttrCase<"Sinh", 31, "sinh">,
      I32EnumAttrCase<"Cosh", 32, "cosh">,
      I32EnumAttrCase<"Asinh", 33, "asinh">,
      I32EnumAttrCase<"Acosh", 34, "acosh">,
      I32EnumAttrCase<"Atanh", 35, "atanh">,
      I32EnumAttrCase<"IsNaN", 36, "isnan">,
      I32EnumAttrCase<"IsInf", 37, "isinf">
    ]> {
  let cppNamespace = "::eyeriss";
}

def Eyeriss_BinaryFn : I32EnumAttr<"BinaryFn",
    "an elementwise function of two broadcasting tensors", [
      I32EnumAttrCase<"Sub", 0, "sub">,
      I32EnumAttrCase<"Div", 1, "div">,
      I32EnumAttrCase<"Pow", 2, "pow">,
      I32EnumAttrCase<"Max", 3, "max">,
      I32EnumAttrCase<"Min", 4, "min">,
      I32EnumAttrCase<"PRelu", 5, "prelu">,
      I32EnumAttrCase<"Equal", 6, "equal">,
      I32EnumAttrCase<"Less", 7, "less">,
      I32EnumAttrCase<"LessEqual", 8, "less_equal">,
      I32EnumAttrCase<"Greater", 9, "greater">,
      I32EnumAttrCase<"GreaterEqual", 10, "greater_equal">,
      I32EnumAttrCase<"And", 11, "and">,
      I32EnumAttrCase<"Or", 12, "or">,
      I32EnumAttrCase<"Xor", 13, "xor">,
      I32EnumAttrCase<"Add", 14, "add">,
      I32EnumAttrCase<"Mul", 15, "mul">,
      I32EnumAttrCase<"Mod", 16, "mod">,
      I32EnumAttrCase<"FMod", 17, "fmod">
    ]> {
  let cppNamespace = "::eyeriss";
}

def Eyeriss_ScatterReduction : I32EnumAttr<"ScatterReduction",
    "how a scatter combines an update with the element it lands on", [
      I32EnumAttrCase<"None", 0, "none">,
      I32EnumAttrCase<"Add", 1, "add">,
      I32EnumAttrCase<"Mul", 2, "mul">
    ]> {
  let cppNamespace = "::eyeriss";
}

def Eyeriss_GridSampleMode : I32EnumAttr<"GridSampleMode",
    "how a grid sample interpolates", [
      I32EnumAttrCase<"Bilinear", 0, "bilinear">,
      I32EnumAttrCase<"Nearest", 1, "nearest">,
      I32EnumAttrCase<"Bicubic", 2, "bicubic">
    ]> {
  let cppNamespace = "::eyeriss";
}

def Eyeriss_GridSamplePadding : I32EnumAttr<"GridSamplePadding",
    "what a grid sample reads outside the image", [
      I32EnumAttrCase<"Zeros", 0, "zeros">,
      I32EnumAttrCase<"Border", 1, "border">,
      I32EnumAttrCase<"Reflection", 2, "reflection">
    ]> {
  let cppNamespace = "::eyeriss";
}

def Eyeriss_PadMode : I32EnumAttr<"PadMode",
    "what a pad fills the border with", [
      I32EnumAttrCase<"Constant", 0, "constant">,
      I32EnumAttrCase<"Reflect", 1, "reflect">,
      I32EnumAttrCase<"Edge", 2, "edge">
    ]> {
  let cppNamespace = "::eyeriss";
}

def Eyeriss_ReduceFn : I32EnumAttr<"ReduceFn",
    "how a reduction combines the elements it reduces", [
      I32EnumAttrCase<"Sum", 0, "sum">,
      I32EnumAttrCase<"Mean", 1, "mean">,
      I32EnumAttrCase<"Max", 2, "max">,
      I32EnumAttrCase<"Min", 3, "min">,
      I32EnumAttrCase<"Prod", 4, "prod">,
      I32EnumAttrCase<"L1", 5, "l1">,
      I32EnumAttrCase<"L2", 6, "l2">,
      I32EnumAttrCase<"SumSquare", 7, "sum_square">,
      I32EnumAttrCase<"LogSum", 8, "log_sum">,
      I32EnumAttrCase<"LogSumExp", 9, "log_sum_exp">,
      I32EnumAttrCase<"ArgMax", 10, "argmax">,
      I32EnumAttrCase<"ArgMin", 11, "argmin">,
      I32EnumAttrCase<"ArgMaxLast", 12, "argmax_last">,
      I32EnumAttrCase<"ArgMinLast", 13, "argmin_last">
    ]> {
  let cppNamespace = "::eyeriss";
}

//===----------------------------------------------------------------------===//
// Resize (ONNX Resize's modes; the values are EYB's codes too)
//===----------------------------------------------------------------------===//

def Eyeriss_ResizeMode : I32EnumAttr<"ResizeMode",
    "how a resize interpolates", [
      I32EnumAttrCase<"Nearest", 0, "nearest">,
      I32EnumAttrCase<"Linear", 1, "linear">,
      I32EnumAttrCase<"Cubic", 2, "cubic">
    ]> {
  let cppNamespace = "::eyeriss";
}

def Eyeriss_ResizeCoordinates : I32EnumAttr<"ResizeCoordinates",
    "how a resize maps an output coordinate to the input", [
      I32EnumAttrCase<"HalfPixel", 0, "half_pixel">,
      I32EnumAttrCase<"PytorchHalfPixel", 1, "pytorch_half_pixel">,
      I32EnumAttrCase<"AlignCorners", 2, "align_corners">,
      I32EnumAttrCase<"Asymmetric", 3, "asymmetric">,
      I32EnumAttrCase<"TFHalfPixelForNN", 4, "tf_half_pixel_for_nn">,
      I32EnumAttrCase<"TFCropAndResize", 5, "tf_crop_and_resize">
    ]> {
  let cppNamespace = "::eyeriss";
}

def Eyeriss_ResizeNearest : I32EnumAttr<"ResizeNearest",
    "how a nearest-neighbour resize rounds a coordinate", [
      I32EnumAttrCase<"RoundPreferFloor", 0, "round_prefer_floor">,
      I32EnumAttrCase<"RoundPreferCeil", 1, "round_prefer_ceil">,
      I32EnumAttrCase<"Floor", 2, "floor">,
      I32EnumAttrCase<"Ceil", 3, "ceil">
    ]> {
  let cppNamespace = "::eyeriss";
}

//===----------------------------------------------------------------------===//
// Target
//===----------------------------------------------------------------------===//

class Eyeriss_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<Eyeriss_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def Eyeriss_TargetAttr : Eyeriss_Attr<"Target", "target"> {
  let summary = "The hardware a module is compiled for";
  let description = [{
    Names an architecture description: either one shipped with eyeriss-mlir
    (`"eyeriss-v1"`, `"eyeriss-isca16-256pe"`) or the path of a JSON file in
    the format of docs/ArchitectureFile.md. Attached to the module as
    `eyeriss.target`; passes and verifiers get the target model from it, so
    no chip parameter is written into the compiler.

    Example:
    ```mlir
    module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {}
    ```
  }];
  let parameters = (ins StringRefParameter<"architecture name or file path">:$arch);
  let assemblyFormat = "`<` $arch `>`";
}


//===----------------------------------------------------------------------===//
// Row-stationary mapping
//===----------------------------------------------------------------------===//

def Eyeriss_RSMappingAttr : Eyeriss_Attr<"RSMapping", "rs"> {
  let summary = "How a CONV or FC layer is laid onto the PE array (row stationary)";
  let description = [{
    The mapping parameters of JSSC 2017 Table II, per group of the layer:
    `p` filters and `q` channels interleaved in each PE; `r` PE sets on
    different channels (psums summed in the array) and `t` on different
    filters (sharing ifmaps); `n` ifmaps per processing pass; `e` ofmap rows
    per PE set (strip-mining E); `m` ofmap channels whose psums stay in the
    GLB. docs/Mapping.md defines the loop nest, the placement of the sets on
    the array and the cost model. The `eyeriss-map` pass attaches it as a
    layer's `mapping`; a layer's verifier checks it against the module's
    target (spads, array, NoC IDs, GLB).

    Example (AlexNet CONV1 as the chip ran it, JSSC Table III):
    ```mlir
    #eyeriss.rs<m = 96, n = 1, e = 7, p = 16, q = 1, r = 1, t = 2>
    ```
  }];
  let parameters = (ins "int64_t":$m, "int64_t":$n, "int64_t":$e,
                        "int64_t":$p, "int64_t":$q, "int64_t":$r,
                        "int64_t":$t);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let builders = [
    AttrBuilder<(ins "const ::eyeriss::RSMapping &":$mapping), [{
      return $_get($_ctxt, mapping.m, mapping.n, mapping.e, mapping.p,
                   mapping.q, mapping.r, mapping.t);
    }]>
  ];
  let extraClassDeclaration = [{
    ::eyeriss::RSMapping getMapping() const {
      return {getM(), getN(), getE(), getP(), getQ(), getR(), getT()};
    }
  }];
}


//===----------------------------------------------------------------------===//
// Fixed-point formats
//===----------------------------------------------------------------------===//

def Eyeriss_FixedPointAttr : Eyeriss_Attr<"FixedPoint", "fixed"> {
  let summary = "The 16-bit fixed-point formats of a CONV or FC layer";
  let description = [{
    Fractional bits (a word w stands for w * 2^-f) of the layer's ifmap,
    filter weights, psums (and bias) and ofmap, as the chip computes them
    (docs/FixedPoint.md): each 32-b product is cut to the psum format
    through the window `shift = input + weight - psum` (floor, saturate),
    psums accumulate in 16 b, and the ofmap is the psum requantized to
    `output` after the fused activation. The `eyeriss-quantize` pass chooses
    them from the weights and calibration data. The window must select 16
    of the product's 32 bits: 0 <= shift <= 16.

    Example: `#eyeriss.fixed<input = 8, weight = 14, psum = 10, output = 10>`
    (shift 12).
  }];
  let parameters = (ins "int64_t":$input, "int64_t":$weight,
                        "int64_t":$psum, "int64_t":$output);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Right shift of the product window: input + weight - psum.
    int64_t getWindowShift() const { return getInput() + getWeight() - getPsum(); }
  }];
}

//===----------------------------------------------------------------------===//
// Hardware level: GLB regions, psum sources, compression
//===----------------------------------------------------------------------===//

def Eyeriss_GLBSpace : I32EnumAttr<"GLBSpace",
    "the part of the global buffer a buffer lives in", [
      I32EnumAttrCase<"Ifmap", 0, "ifmap">,
      I32EnumAttrCase<"Psum", 1, "psum">,
      I32EnumAttrCase<"Filter", 2, "filter">
    ]> {
  let cppNamespace = "::eyeriss";
  let genSpecializedAttr = 0;
}

def Eyeriss_GLBSpaceAttr : EnumAttr<Eyeriss_Dialect, Eyeriss_GLBSpace, "glb"> {
  let summary = "Memory space of a GLB buffer: ifmap banks, psum banks or the filter region";
  let description = [{
    The memory space of the `memref`s that `eyeriss.glb_alloc` creates. The
    chip's GLB (JSSC 2017 §V-A) holds the filters in a region of their own
    and splits its fmap banks, per layer, between ifmaps and psums.

    Example: `memref<6552xi16, #eyeriss.glb<ifmap>>`.
  }];
  let assemblyFormat = "`<` $value `>`";
}

def Eyeriss_PsumSource : I32EnumAttr<"PsumSource",
    "where a processing pass's input psums come from", [
      I32EnumAttrCase<"Zero", 0, "zero">,
      I32EnumAttrCase<"Bias", 1, "bias">,
      I32EnumAttrCase<"GLB", 2, "glb">
    ]> {
  let cppNamespace = "::eyeriss";
}

def Eyeriss_Compression : I32EnumAttr<"Compression",
    "how a feature map is stored in DRAM", [
      I32EnumAttrCase<"None", 0, "none">,
      I32EnumAttrCase<"Row", 1, "row">,
      I32EnumAttrCase<"Plane", 2, "plane">
    ]> {
  let cppNamespace = "::eyeriss";
  let description = [{
    `none`: plain 16-bit words. `row` / `plane`: run-length compressed
    (JSSC 2017 §V-C, 64-b words of three (run, level) pairs), one stream per
    ofmap row or per channel plane of an image.
  }];
}

#endif // EYERISS_DIALECT_EYERISS_IR_EYERISSATTRS_TD
