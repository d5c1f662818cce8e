//===- MatMul.cpp - Blocked float32 matrix multiply -----------------------===//
//
// Goto-style blocking, kept plain C++ so that the compiler's vectorizer does
// the SIMD work: B is packed, one block of KC x NC at a time, into panels of
// kPanelWidth columns (the block stays in L2); a micro-kernel multiplies MR
// rows of A by one panel into an MR x kPanelWidth tile of accumulators kept
// for the whole k loop. A is read in place: MR adjacent elements per k,
// whatever its strides.
//
//===----------------------------------------------------------------------===//

#include "MatMul.h"

#include <algorithm>
#include <vector>

using namespace eyeriss::reference::detail;

/// Rows of A per micro-kernel call (a 4 x 8 tile of accumulators).
static constexpr int64_t kMicroRows = 4;
/// Depth of a packed block of B (KC).
static constexpr int64_t kBlockDepth = 256;
/// Columns of a packed block of B (NC); KC x NC floats = 256 KiB.
static constexpr int64_t kBlockCols = 256;

/// c(0..MR, 0..nc) += alpha * a(0..MR, 0..kc) * panel(0..kc, 0..nc).
///
/// The products are summed in double, and each block's sum is added to c
/// with one rounding to float. Summing in float (as PyTorch does) leaves ResNet-50's logits
/// 1.05e-4 (relative to the largest) from the float64 result, about as far
/// as PyTorch's own, so the two float32 results differ by 1.5e-4; in double
/// ours come within 2.1e-5. On the SSE2 baseline this is no slower.
template <int64_t MR>
static void microKernel(int64_t kc, const float *a, int64_t aRowStride,
                        int64_t aColStride, const float *panel, float alpha,
                        float *c, int64_t ldc, int64_t nc) {
  double acc[MR][kPanelWidth] = {};
  for (int64_t k = 0; k < kc; ++k) {
    const float *bRow = panel + k * kPanelWidth;
    const float *aCol = a + k * aColStride;
    for (int64_t i = 0; i < MR; ++i) {
      double ai = aCol[i * aRowStride];
      for (int64_t j = 0; j < kPanelWidth; ++j)
        acc[i][j] += ai * bRow[j];
    }
  }
  for (int64_t i = 0; i < MR; ++i)
    for (int64_t j = 0; j < nc; ++j)
      c[i * ldc + j] = static_cast<float>(c[i * ldc + j] + alpha * acc[i][j]);
}

/// Dispatches the last, partial row panel to the instantiation of its height.
static void microKernelRows(int64_t rows, int64_t kc, const float *a,
                            int64_t aRowStride, int64_t aColStride,
                            const float *panel, float alpha, float *c,
                            int64_t ldc, int64_t nc) {
  switch (rows) {
  case 4:
    return microKernel<4>(kc, a, aRowStride, aColStride, panel, alpha, c, ldc,
                          nc);
  case 3:
    return microKernel<3>(kc, a, aRowStride, aColStride, panel, alpha, c, ldc,
                          nc);
  case 2:
    return microKernel<2>(kc, a, aRowStride, aColStride, panel, alpha, c, ldc,
                          nc);
  default:
    return microKernel<1>(kc, a, aRowStride, aColStride, panel, alpha, c, ldc,
                          nc);
  }
}

void eyeriss::reference::detail::matmulAccumulate(const MatrixView &a,
                                                  int64_t n,
                                                  PackPanelsFn packB,
                                                  float alpha, float *c,
                                                  int64_t ldc) {
  static_assert(kMicroRows == 4, "microKernelRows dispatches up to 4 rows");
  int64_t m = a.rows, depth = a.cols;
  if (m == 0 || n == 0 || depth == 0)
    return;
  int64_t maxPanels = (std::min(n, kBlockCols) + kPanelWidth - 1) / kPanelWidth;
  std::vector<float> panels(maxPanels * std::min(depth, kBlockDepth) *
                            kPanelWidth);
  for (int64_t j0 = 0; j0 < n; j0 += kBlockCols) {
    int64_t nc = std::min(kBlockCols, n - j0);
    for (int64_t k0 = 0; k0 < depth; k0 += kBlockDepth) {
      int64_t kc = std::min(kBlockDepth, depth - k0);
      packB(k0, kc, j0, nc, panels.data());
      for (int64_t i0 = 0; i0 < m; i0 += kMicroRows) {
        int64_t rows = std::min(kMicroRows, m - i0);
        const float *aBlock = a.data + i0 * a.rowStride + k0 * a.colStride;
        for (int64_t jp = 0; jp < nc; jp += kPanelWidth)
          microKernelRows(rows, kc, aBlock, a.rowStride, a.colStride,
                          panels.data() + jp * kc, alpha,
                          c + i0 * ldc + j0 + jp, ldc,
                          std::min(kPanelWidth, nc - jp));
      }
    }
  }
}

void eyeriss::reference::detail::matmulAccumulate(const MatrixView &a,
                                                  const MatrixView &b,
                                                  float alpha, float *c,
                                                  int64_t ldc) {
  auto pack = [&](int64_t k0, int64_t kc, int64_t j0, int64_t nc,
                  float *panels) {
    for (int64_t jp = 0; jp < nc; jp += kPanelWidth) {
      int64_t width = std::min(kPanelWidth, nc - jp);
      float *panel = panels + jp * kc;
      for (int64_t k = 0; k < kc; ++k) {
        float *row = panel + k * kPanelWidth;
        for (int64_t j = 0; j < width; ++j)
          row[j] = b(k0 + k, j0 + jp + j);
        std::fill(row + width, row + kPanelWidth, 0.0f);
      }
    }
  };
  matmulAccumulate(a, b.cols, pack, alpha, c, ldc);
}
