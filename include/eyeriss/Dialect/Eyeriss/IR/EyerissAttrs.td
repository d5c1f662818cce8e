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

#endif // EYERISS_DIALECT_EYERISS_IR_EYERISSATTRS_TD
