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
#include <cstring>
#include <type_traits>
#include <vector>

using namespace eyeriss::reference;
using namespace eyeriss::reference::detail;

// The blocked loop and its micro-kernels are compiled twice: for the x86-64
// baseline (SSE2) and for x86-64-v3 (AVX2 + FMA: twice the lanes, fused
// multiply-adds), the loader picking the one the CPU runs. Products and sums
// are the same IEEE double operations either way (an FMA rounds once where a
// multiply and an add round twice, so the last bits of a block's sum may
// differ; the result is rounded to float once per block).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) &&   \
    defined(__GLIBC__) // target_clones needs ifunc support
#define EYERISS_MATMUL_CLONES                                                  \
  __attribute__((target_clones("arch=x86-64-v3", "default")))
#define EYERISS_MATMUL_INLINE __attribute__((always_inline)) inline
#else
#define EYERISS_MATMUL_CLONES
#define EYERISS_MATMUL_INLINE inline
#endif

/// Rows of A per micro-kernel call (a 4 x 8 tile of accumulators).
static constexpr int64_t kMicroRows = 4;
/// Depth of a packed block of B (KC).
static constexpr int64_t kBlockDepth = 256;
/// Columns of a packed block of B (NC); KC x NC doubles = 256 KiB.
static constexpr int64_t kBlockCols = 128;

/// c(0..MR, 0..nc) += alpha * a(0..MR, 0..kc) * panel(0..kc, 0..nc), the
/// products summed in `Acc` (the panel is already in that type).
///
/// In double, each block's sum is added to c with one rounding to float.
/// Summing in float (as PyTorch does) leaves ResNet-50's logits 1.05e-4
/// (relative to the largest) from the float64 result, about as far as
/// PyTorch's own, so the two float32 results differ by 1.5e-4; in double ours
/// come within 2.1e-5. Float is for callers that only need ranges.
template <int64_t MR, typename Acc>
EYERISS_MATMUL_INLINE static void
microKernel(int64_t kc, const float *a, int64_t aRowStride,
            int64_t aColStride, const Acc *panel, float alpha, float *c,
            int64_t ldc, int64_t nc) {
  // One row of the tile as GCC/Clang vectors of 32 bytes (one AVX register;
  // two SSE2 registers on the baseline): written out rather than left to the
  // vectorizer, which handles the float tile badly.
  constexpr int64_t kLanes = 32 / sizeof(Acc);
  constexpr int64_t kVectors = kPanelWidth / kLanes;
  typedef Acc Vector __attribute__((vector_size(32)));
  // The same, for loads from the panel: any alignment, aliasing Acc.
  typedef Acc LoadVector
      __attribute__((vector_size(32), aligned(alignof(Acc)), may_alias));
  Vector acc[MR][kVectors] = {};
  for (int64_t k = 0; k < kc; ++k) {
    const LoadVector *bRow =
        reinterpret_cast<const LoadVector *>(panel + k * kPanelWidth);
    Vector b[kVectors];
    for (int64_t v = 0; v < kVectors; ++v)
      b[v] = bRow[v];
    const float *aCol = a + k * aColStride;
    for (int64_t i = 0; i < MR; ++i) {
      Acc ai = aCol[i * aRowStride];
      for (int64_t v = 0; v < kVectors; ++v)
        acc[i][v] += ai * b[v];
    }
  }
  // Lanes are read by subscript: taking the tile's address would keep it in
  // memory instead of registers.
  for (int64_t i = 0; i < MR; ++i)
    for (int64_t j = 0; j < nc; ++j)
      c[i * ldc + j] = static_cast<float>(
          c[i * ldc + j] + alpha * acc[i][j / kLanes][j % kLanes]);
}

/// Dispatches the last, partial row panel to the instantiation of its height.
template <typename Acc>
EYERISS_MATMUL_INLINE static void
microKernelRows(int64_t rows, int64_t kc, const float *a, int64_t aRowStride,
                int64_t aColStride, const Acc *panel, float alpha, float *c,
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

/// The blocked loop, with the packed block of B in `Acc` (converted once per
/// block rather than once per micro-kernel call, every MR rows of A).
template <typename Acc>
EYERISS_MATMUL_INLINE static void
blockedMatmul(const MatrixView &a, int64_t n, PackPanelsFn packB, float alpha,
              float *c, int64_t ldc) {
  static_assert(kMicroRows == 4, "microKernelRows dispatches up to 4 rows");
  int64_t m = a.rows, depth = a.cols;
  if (m == 0 || n == 0 || depth == 0)
    return;
  int64_t maxPanels = (std::min(n, kBlockCols) + kPanelWidth - 1) / kPanelWidth;
  std::vector<float> panels(maxPanels * std::min(depth, kBlockDepth) *
                            kPanelWidth);
  std::vector<Acc> wide(std::is_same_v<Acc, float> ? 0 : panels.size());
  for (int64_t j0 = 0; j0 < n; j0 += kBlockCols) {
    int64_t nc = std::min(kBlockCols, n - j0);
    for (int64_t k0 = 0; k0 < depth; k0 += kBlockDepth) {
      int64_t kc = std::min(kBlockDepth, depth - k0);
      packB(k0, kc, j0, nc, panels.data());
      const Acc *block;
      if constexpr (std::is_same_v<Acc, float>) {
        block = panels.data();
      } else {
        size_t used =
            size_t((nc + kPanelWidth - 1) / kPanelWidth) * kc * kPanelWidth;
        std::copy(panels.begin(), panels.begin() + used, wide.begin());
        block = wide.data();
      }
      for (int64_t i0 = 0; i0 < m; i0 += kMicroRows) {
        int64_t rows = std::min(kMicroRows, m - i0);
        const float *aBlock = a.data + i0 * a.rowStride + k0 * a.colStride;
        for (int64_t jp = 0; jp < nc; jp += kPanelWidth)
          microKernelRows(rows, kc, aBlock, a.rowStride, a.colStride,
                          block + jp * kc, alpha, c + i0 * ldc + j0 + jp, ldc,
                          std::min(kPanelWidth, nc - jp));
      }
    }
  }
}

EYERISS_MATMUL_CLONES
void eyeriss::reference::detail::matmulAccumulate(
    const MatrixView &a, int64_t n, PackPanelsFn packB, float alpha, float *c,
    int64_t ldc, Accumulation accumulation) {
  if (accumulation == Accumulation::Float)
    blockedMatmul<float>(a, n, packB, alpha, c, ldc);
  else
    blockedMatmul<double>(a, n, packB, alpha, c, ldc);
}

void eyeriss::reference::detail::matmulAccumulate(const MatrixView &a,
                                                  const MatrixView &b,
                                                  float alpha, float *c,
                                                  int64_t ldc,
                                                  Accumulation accumulation) {
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
  matmulAccumulate(a, b.cols, pack, alpha, c, ldc, accumulation);
}
