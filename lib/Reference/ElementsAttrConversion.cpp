//===- ElementsAttrConversion.cpp - Constants to tensors and back ---------===//

#include "eyeriss/Reference/ReferenceExecutor.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"

#include <cassert>

#include <cstring>

using namespace mlir;
using namespace eyeriss::reference;

/// Copies a blob's elements, converting each to float.
template <typename T>
static FailureOr<Tensor> fromBlob(std::optional<ArrayRef<T>> blob,
                                  RankedTensorType type, Location loc) {
  if (!blob)
    return emitError(loc) << "the dense_resource blob of this " << type
                          << " constant holds no data (elided or missing)";
  if (static_cast<int64_t>(blob->size()) != type.getNumElements())
    return emitError(loc) << "the dense_resource blob holds " << blob->size()
                          << " elements but " << type << " has "
                          << type.getNumElements();
  return Tensor(type.getShape(), std::vector<float>(blob->begin(), blob->end()));
}

FailureOr<Tensor> eyeriss::reference::fromElementsAttr(ElementsAttr value,
                                                       Location loc) {
  auto type = dyn_cast<RankedTensorType>(value.getShapedType());
  if (!type || !type.hasStaticShape())
    return emitError(loc) << "the reference executor needs a statically "
                             "shaped tensor constant, not "
                          << value.getShapedType();
  if (!isa<FloatType>(type.getElementType()))
    return emitError(loc) << "the float32 reference executor cannot hold "
                          << type.getElementType() << " elements";

  if (auto blob = dyn_cast<DenseF32ResourceElementsAttr>(value))
    return fromBlob(blob.tryGetAsArrayRef(), type, loc);
  if (auto blob = dyn_cast<DenseF64ResourceElementsAttr>(value))
    return fromBlob(blob.tryGetAsArrayRef(), type, loc);

  // f32 elements are copied as they are (stored densely: one copy of the
  // raw data); splats iterate as one value.
  if (auto dense = dyn_cast<DenseElementsAttr>(value);
      dense && type.getElementType().isF32() && !dense.isSplat()) {
    std::vector<float> data(type.getNumElements());
    ArrayRef<char> raw = dense.getRawData();
    assert(raw.size() == data.size() * sizeof(float) && "dense f32 storage");
    std::memcpy(data.data(), raw.data(), raw.size());
    return Tensor(type.getShape(), std::move(data));
  }
  if (auto values = value.tryGetValues<float>())
    return Tensor(type.getShape(),
                  std::vector<float>(values->begin(), values->end()));
  if (auto values = value.tryGetValues<APFloat>()) {
    std::vector<float> data;
    data.reserve(type.getNumElements());
    for (APFloat element : *values) {
      bool losesInfo;
      element.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven,
                      &losesInfo);
      data.push_back(element.convertToFloat());
    }
    return Tensor(type.getShape(), std::move(data));
  }
  return emitError(loc) << "the reference executor cannot read the elements "
                           "of this constant";
}

DenseElementsAttr eyeriss::reference::toElementsAttr(const Tensor &tensor,
                                                     RankedTensorType type) {
  assert(type.getShape() == ArrayRef<int64_t>(tensor.shape) &&
         "the type has the tensor's shape");
  auto floatType = cast<FloatType>(type.getElementType());
  if (floatType.isF32())
    return DenseElementsAttr::get(type, ArrayRef<float>(tensor.data));
  SmallVector<APFloat> values;
  values.reserve(tensor.data.size());
  for (float x : tensor.data) {
    APFloat element(x);
    bool losesInfo;
    element.convert(floatType.getFloatSemantics(),
                    APFloat::rmNearestTiesToEven, &losesInfo);
    values.push_back(element);
  }
  return DenseElementsAttr::get(type, values);
}
