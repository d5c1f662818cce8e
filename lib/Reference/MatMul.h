//===- MatMul.h - Blocked float32 matrix multiply ---------------*- C++ -*-===//
//
// The one inner loop of the reference executor: CONV (through im2col), FC
// and Gemm all multiply matrices here. Private to lib/Reference.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_LIB_REFERENCE_MATMUL_H
#define EYERISS_LIB_REFERENCE_MATMUL_H

#include "eyeriss/Reference/Kernels.h"

#include "llvm/ADT/STLFunctionalExtras.h"

#include <cstdint>

namespace eyeriss::reference::detail {

/// A read-only matrix whose element (i, j) is
/// `data[i * rowStride + j * colStride]`; swapping the strides transposes it
/// without a copy.
struct MatrixView {
  const float *data;
  int64_t rows, cols;
  int64_t rowStride, colStride;

  float operator()(int64_t i, int64_t j) const {
    return data[i * rowStride + j * colStride];
  }
  MatrixView transposed() const {
    return {data, cols, rows, colStride, rowStride};
  }
};

/// Columns of B in one packed panel.
inline constexpr int64_t kPanelWidth = 8;

/// Writes rows [k0, k0 + kc) x columns [j0, j0 + nc) of B into `panels`:
/// ceil(nc / kPanelWidth) panels of kc x kPanelWidth floats one after the
/// other, each row-major, with columns past nc set to zero.
using PackPanelsFn = llvm::function_ref<void(int64_t k0, int64_t kc, int64_t j0,
                                             int64_t nc, float *panels)>;

/// `c[i * ldc + j] += alpha * sum_k a(i, k) * b(k, j)` for the a.rows x n
/// product, where B (a.cols x n) is only ever seen through `packB`. Products
/// are summed in double within each block of the depth (256) and the block
/// sums added to `c` in float.
/// With Accumulation::Float the sums are kept in float instead.
void matmulAccumulate(const MatrixView &a, int64_t n, PackPanelsFn packB,
                      float alpha, float *c, int64_t ldc,
                      Accumulation accumulation = Accumulation::Double);

/// The same with B given as a view.
void matmulAccumulate(const MatrixView &a, const MatrixView &b, float alpha,
                      float *c, int64_t ldc,
                      Accumulation accumulation = Accumulation::Double);

} // namespace eyeriss::reference::detail

#endif // EYERISS_LIB_REFERENCE_MATMUL_H
