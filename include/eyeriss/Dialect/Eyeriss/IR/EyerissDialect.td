//===- EyerissDialect.td - The eyeriss dialect -------------*- tablegen -*-===//

#ifndef EYERISS_DIALECT_EYERISS_IR_EYERISSDIALECT_TD
#define EYERISS_DIALECT_EYERISS_IR_EYERISSDIALECT_TD

include "mlir/IR/OpBase.td"

def Eyeriss_Dialect : Dialect {
  let name = "eyeriss";
  let cppNamespace = "::eyeriss";
  let summary = "Neural networks as the Eyeriss CNN accelerator runs them";
  let description = [{
    The `eyeriss` dialect carries a convolutional neural network from the
    graph level (layers on ranked, statically shaped tensors, as imported from
    ONNX) down to the hardware level of the Eyeriss v1 accelerator (JSSC
    2017): row-stationary mappings onto the PE array, processing passes, GLB
    buffers, NoC multicast configuration and run-length compression.

    Graph-level ops use NCHW feature maps and MCRS filters, the papers'
    notation (N batch, C channels, H x W ifmap, M filters of R x S, E x F
    ofmap). The hardware a module targets is named by the `eyeriss.target`
    module attribute, which refers to an architecture description file.
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let hasRegionArgAttrVerify = 1;
  let hasRegionResultAttrVerify = 1;
  let extraClassDeclaration = [{
    /// Name of the module attribute that selects the target hardware.
    static constexpr ::llvm::StringLiteral kTargetAttrName = "eyeriss.target";

    /// Name of the CONV/FC layer attribute holding the measured fractions of
    /// zeros in its ifmap and ofmap: `array<f64: ifmap, ofmap>`. The cost
    /// model uses them for zero gating and run-length compression.
    static constexpr ::llvm::StringLiteral kZeroFractionsAttrName =
        "eyeriss.zero_fractions";

    /// Name of the function argument and result attribute holding the ONNX
    /// graph's name of that input or output (a string).
    static constexpr ::llvm::StringLiteral kNameAttrName = "eyeriss.name";

    /// Name of the function argument and result attribute holding the
    /// element type the ONNX graph declares for that input or output when it
    /// is not f32: `f16`, `bf16`, `f64`, or `i64`, `i32`, `i1`, `ui8`, `i8`,
    /// `ui16`, `i16`, `ui32`, `ui64` (token ids, masks, ArgMax's indices,
    /// uint8 images: whole numbers, bools as 0 and 1). The program
    /// computes in f32 (and the PE array's fixed point); the host rounds a
    /// float input to its type, checks an integer or bool one, and writes
    /// such an output as its type.
    static constexpr ::llvm::StringLiteral kHostFormatAttrName =
        "eyeriss.host_format";

    /// The host format of argument (result) `index` of `function`: its
    /// eyeriss.host_format, Float32 without one.
    static ::eyeriss::HostFormat
    getArgHostFormat(::mlir::FunctionOpInterface function, unsigned index);
    static ::eyeriss::HostFormat
    getResultHostFormat(::mlir::FunctionOpInterface function, unsigned index);
    /// The host format a type names (f16 ... ui64); nullopt for types that
    /// name none (f32 is the program's own).
    static std::optional<::eyeriss::HostFormat> getHostFormat(::mlir::Type type);
    /// The type that names `format` (nullptr for Float32).
    static ::mlir::Type getHostFormatType(::mlir::MLIRContext *context,
                                          ::eyeriss::HostFormat format);

    /// Architectures loaded in this context (see EyerissTarget.h).
    ::eyeriss::TargetModelCache &getTargetModelCache() {
      return *targetModelCache;
    }

  private:
    void registerAttributes();
    std::unique_ptr<::eyeriss::TargetModelCache> targetModelCache;
  }];
}

class Eyeriss_Op<string mnemonic, list<Trait> traits = []>
    : Op<Eyeriss_Dialect, mnemonic, traits>;

#endif // EYERISS_DIALECT_EYERISS_IR_EYERISSDIALECT_TD
