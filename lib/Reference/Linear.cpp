//===- Linear.cpp - FC layers and ONNX Gemm -------------------------------===//
//
// Both are one call to the blocked matrix multiply; transposed operands are
// views with swapped strides, so nothing is copied but the packed blocks.
//
//===----------------------------------------------------------------------===//

#include "MatMul.h"

#include "eyeriss/Reference/Kernels.h"

#include <algorithm>
#include <cassert>

using namespace eyeriss::reference;
using namespace eyeriss::reference::detail;

/// A row-major rank-2 tensor as a matrix view.
static MatrixView viewOf(const Tensor &t) {
  assert(t.rank() == 2 && "a matrix");
  return {t.data.data(), t.shape[0], t.shape[1], t.shape[1], 1};
}

Tensor eyeriss::reference::fullyConnected(const Tensor &input,
                                          const Tensor &weight,
                                          const Tensor *bias,
                                          Accumulation accumulation) {
  assert(input.rank() == 2 && weight.rank() == 2 &&
         input.shape[1] == weight.shape[1] && "weight rows match the input");
  const int64_t N = input.shape[0], M = weight.shape[0];
  assert((!bias || bias->numElements() == M) && "one bias per filter");
  Tensor result = Tensor::zeros({N, M});
  if (bias)
    for (int64_t n = 0; n < N; ++n)
      std::copy(bias->data.begin(), bias->data.end(),
                result.data.begin() + n * M);
  matmulAccumulate(viewOf(input), viewOf(weight).transposed(), 1.0f,
                   result.data.data(), M, accumulation);
  return result;
}

Tensor eyeriss::reference::gemm(const Tensor &a, const Tensor &b,
                                const Tensor *c, const GemmParams &params) {
  MatrixView opA = params.transA ? viewOf(a).transposed() : viewOf(a);
  MatrixView opB = params.transB ? viewOf(b).transposed() : viewOf(b);
  assert(opA.cols == opB.rows && "inner dimensions agree");
  const int64_t M = opA.rows, N = opB.cols;
  Tensor result = Tensor::zeros({M, N});
  if (c) {
    // ONNX (unidirectional) broadcasting: a dimension of extent 1, or a
    // missing leading one, repeats; stride 0 reads its one element again.
    assert(c->rank() <= 2 && "c broadcasts to the result");
    int64_t rowStride = 0, colStride = 0;
    if (c->rank() >= 1 && c->shape.back() != 1)
      colStride = 1;
    if (c->rank() == 2 && c->shape[0] != 1)
      rowStride = c->shape[1];
    for (int64_t i = 0; i < M; ++i)
      for (int64_t j = 0; j < N; ++j)
        result.data[i * N + j] =
            params.beta * c->data[i * rowStride + j * colStride];
  }
  matmulAccumulate(opA, opB, params.alpha, result.data.data(), N,
                   params.accumulation);
  return result;
}
