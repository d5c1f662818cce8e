//===- EyerissInterfaces.td - eyeriss op interfaces --------*- tablegen -*-===//

#ifndef EYERISS_DIALECT_EYERISS_IR_EYERISSINTERFACES_TD
#define EYERISS_DIALECT_EYERISS_IR_EYERISSINTERFACES_TD

include "mlir/IR/OpBase.td"

def Eyeriss_ArrayLayerOpInterface : OpInterface<"ArrayLayerOpInterface"> {
  let cppNamespace = "::eyeriss";
  let description = [{
    A layer the PE array runs: a convolution or a fully connected layer. The
    mapper, the tiling and the cost model see layers only through this
    interface, in the papers' shape notation (JSSC 2017 Table I).
  }];
  let methods = [
    InterfaceMethod<
      "The layer's shape (N, C, M, H, W, R, S, E, F, strides, pads, ...).",
      "::eyeriss::LayerShape", "getLayerShape">,
    InterfaceMethod<
      "The activation fused into the layer, if any.",
      "std::optional<::eyeriss::Activation>", "getFusedActivation">,
  ];
  let extraSharedClassDeclaration = [{
    /// The row-stationary mapping attached by eyeriss-map, if any.
    ::eyeriss::RSMappingAttr getRSMapping() {
      return $_op->template getAttrOfType<::eyeriss::RSMappingAttr>("mapping");
    }
    /// The fixed-point formats attached by eyeriss-quantize, if any.
    ::eyeriss::FixedPointAttr getFixedPoint() {
      return $_op->template getAttrOfType<::eyeriss::FixedPointAttr>("quant");
    }

    /// Multiply-accumulates of the whole layer.
    int64_t getNumMACs() { return $_op.getLayerShape().numMACs(); }
  }];
}

#endif // EYERISS_DIALECT_EYERISS_IR_EYERISSINTERFACES_TD
