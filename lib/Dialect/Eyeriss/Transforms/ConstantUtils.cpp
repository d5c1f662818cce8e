//===- ConstantUtils.cpp - Reading and making f32 constants ---------------===//

#include "eyeriss/Dialect/Eyeriss/Transforms/ConstantUtils.h"

#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;

namespace eyeriss {

DenseElementsAttr getF32ConstantAttr(Value value) {
  auto constant = value.getDefiningOp<ConstantOp>();
  if (!constant)
    return nullptr;
  auto dense = dyn_cast<DenseElementsAttr>(constant.getValue());
  if (!dense || !dense.getElementType().isF32())
    return nullptr;
  return dense;
}

std::optional<std::vector<float>> getF32ConstantValues(Value value) {
  DenseElementsAttr dense = getF32ConstantAttr(value);
  if (!dense)
    return std::nullopt;
  auto values = dense.getValues<float>();
  return std::vector<float>(values.begin(), values.end());
}

std::optional<std::vector<float>> addToBias(Value bias,
                                            std::vector<float> extra) {
  if (!bias)
    return extra;
  std::optional<std::vector<float>> old = getF32ConstantValues(bias);
  if (!old || old->size() != extra.size())
    return std::nullopt;
  for (size_t i = 0; i < extra.size(); ++i)
    extra[i] += (*old)[i];
  return extra;
}

ConstantOp createF32Constant(OpBuilder &builder, Location loc,
                             ArrayRef<int64_t> shape, ArrayRef<float> values) {
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  return ConstantOp::create(builder, loc, DenseElementsAttr::get(type, values));
}

} // namespace eyeriss
