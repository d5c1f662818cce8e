//===- Linear.cpp - FC layers, ONNX Gemm and batched MatMul ---------------===//
//
// Each is a call to the blocked matrix multiply (per matrix of a batch);
// transposed operands are views with swapped strides, so nothing is copied
// but the packed blocks.
//
//===----------------------------------------------------------------------===//

#include "MatMul.h"

#include "eyeriss/Reference/Kernels.h"
#include "eyeriss/Workload/Broadcast.h"

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

Tensor eyeriss::reference::matmul(const Tensor &a, const Tensor &b,
                                  Accumulation accumulation) {
  assert(a.rank() >= 2 && b.rank() >= 2 && "matrices");
  llvm::ArrayRef<int64_t> aShape(a.shape), bShape(b.shape);
  const int64_t M = aShape[aShape.size() - 2], K = aShape.back();
  const int64_t N = bShape.back();
  assert(bShape[bShape.size() - 2] == K && "inner dimensions agree");
  std::optional<llvm::SmallVector<int64_t>> batch =
      eyeriss::broadcastShape(aShape.drop_back(2), bShape.drop_back(2));
  assert(batch && "batch dimensions that broadcast");
  // Each operand's matrix index along every batch dimension of the result:
  // strides in matrices, 0 where it broadcasts.
  const size_t rank = batch->size();
  llvm::SmallVector<int64_t> as =
      eyeriss::broadcastStrides(aShape.drop_back(2), rank);
  llvm::SmallVector<int64_t> bs =
      eyeriss::broadcastStrides(bShape.drop_back(2), rank);
  llvm::SmallVector<int64_t> shape(*batch);
  shape.push_back(M);
  shape.push_back(N);
  Tensor result = Tensor::zeros(shape);
  const int64_t matrices = Tensor::numElements(*batch);
  llvm::SmallVector<int64_t> index(rank, 0);
  for (int64_t m = 0; m < matrices; ++m) {
    int64_t ai = 0, bi = 0;
    for (size_t d = 0; d < rank; ++d) {
      ai += index[d] * as[d];
      bi += index[d] * bs[d];
    }
    matmulAccumulate(MatrixView{a.data.data() + ai * M * K, M, K, K, 1},
                     MatrixView{b.data.data() + bi * K * N, K, N, N, 1}, 1.0f,
                     result.data.data() + m * M * N, N, accumulation);
    for (size_t d = rank; d-- > 0;)
      if (++index[d] < (*batch)[d])
        break;
      else
        index[d] = 0;
  }
  return result;
}
