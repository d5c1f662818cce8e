//===- Tensor.cpp - Dense float tensors of the reference executor ---------===//

#include "eyeriss/Reference/Tensor.h"

#include "llvm/ADT/STLExtras.h"

#include <cassert>

using namespace eyeriss::reference;

Tensor::Tensor(llvm::ArrayRef<int64_t> shape, std::vector<float> data)
    : shape(shape), data(std::move(data)) {
  assert(static_cast<int64_t>(this->data.size()) == numElements(shape) &&
         "data does not fill the shape");
}

int64_t Tensor::numElements(llvm::ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    assert(d >= 0 && "negative dimension");
    n *= d;
  }
  return n;
}

int64_t Tensor::offset(llvm::ArrayRef<int64_t> indices) const {
  assert(indices.size() == shape.size() && "one index per dimension");
  int64_t flat = 0;
  for (auto [index, extent] : llvm::zip_equal(indices, shape)) {
    assert(index >= 0 && index < extent && "index out of range");
    flat = flat * extent + index;
  }
  return flat;
}
