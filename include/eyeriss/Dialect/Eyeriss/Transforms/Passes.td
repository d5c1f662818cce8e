//===- Passes.td - eyeriss passes --------------------------*- tablegen -*-===//

#ifndef EYERISS_DIALECT_EYERISS_TRANSFORMS_PASSES_TD
#define EYERISS_DIALECT_EYERISS_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def EyerissAttachTarget : Pass<"eyeriss-attach-target", "::mlir::ModuleOp"> {
  let summary = "Name the target hardware of a module";
  let description = [{
    Loads and validates an architecture description and records it on the
    module as `eyeriss.target = #eyeriss.target<"...">`, which every later
    pass reads through the target model. `arch` is the name of a shipped
    architecture (`eyeriss-v1`, `eyeriss-isca16-256pe`) or the path of a JSON
    file (docs/ArchitectureFile.md). A module that already names a different
    target is an error unless `override` is set.

    Example: `eyeriss-opt --eyeriss-attach-target=arch=eyeriss-isca16-256pe`.
  }];
  let dependentDialects = ["::eyeriss::EyerissDialect"];
  let options = [
    Option<"arch", "arch", "std::string", /*default=*/"\"eyeriss-v1\"",
           "Architecture name or JSON file path">,
    Option<"override", "override", "bool", /*default=*/"false",
           "Replace a target the module already names">
  ];
}

def EyerissPrintWorkload : Pass<"eyeriss-print-workload", "::mlir::ModuleOp"> {
  let summary = "Print the shape and MAC count of every layer the array runs";
  let description = [{
    Prints one row per CONV or FC layer (every op with the
    ArrayLayerOpInterface), in the papers' shape notation: N, C, M, H, W, R,
    S, E, F, stride and groups, with the layer's MACs, filter weights and
    fmap sizes, and a total. The layer is named by its location (the ONNX node
    name after import). The IR is left unchanged.
  }];
  let options = [
    Option<"format", "format", "std::string", /*default=*/"\"table\"",
           "Output format: 'table' or 'json'">
  ];
}

#endif // EYERISS_DIALECT_EYERISS_TRANSFORMS_PASSES_TD
