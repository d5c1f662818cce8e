//===- LinearTest.cpp - eyeriss.fc and eyeriss.gemm against naive loops ---===//

#include "ReferenceTestSupport.h"

#include "llvm/Support/FormatVariadic.h"

using namespace eyeriss::reference;
using namespace eyeriss::reference::testing;

namespace {

Tensor naiveFC(const Tensor &x, const Tensor &w, const Tensor *b, bool relu) {
  int64_t N = x.shape[0], K = x.shape[1], M = w.shape[0];
  Tensor y = Tensor::zeros({N, M});
  for (int64_t n = 0; n < N; ++n)
    for (int64_t m = 0; m < M; ++m) {
      double sum = b ? b->data[m] : 0.0;
      for (int64_t k = 0; k < K; ++k)
        sum += double(x.at({n, k})) * w.at({m, k});
      y.at({n, m}) = static_cast<float>(relu ? std::max(sum, 0.0) : sum);
    }
  return y;
}

std::string fcSource(int64_t N, int64_t K, int64_t M, bool bias,
                     bool relu) {
  std::string x = tensorType({N, K}), w = tensorType({M, K}),
              b = tensorType({M}), y = tensorType({N, M});
  return llvm::formatv(R"mlir(
func.func @main(%x: {0}, %w: {1}{2}) -> {3} {
  %y = eyeriss.fc %x, %w{4}{5} : ({0}, {1}{6}) -> {3}
  return %y : {3}
}
)mlir",
                       x, w, bias ? ", %b: " + b : "", y,
                       bias ? ", %b" : "", relu ? " activation relu" : "",
                       bias ? ", " + b : "");
}

TEST_F(ReferenceTest, FullyConnected) {
  struct {
    int64_t N, K, M;
    bool bias, relu;
  } cases[] = {{3, 20, 11, true, true},
               {1, 600, 37, true, false}, // Depth beyond one packed block.
               {5, 7, 300, false, false}, // Filters beyond one block.
               {1, 1, 1, false, true}};
  for (const auto &c : cases) {
    SCOPED_TRACE(llvm::formatv("N={0} K={1} M={2}", c.N, c.K, c.M).str());
    Tensor x = randomTensor({c.N, c.K}, 21);
    Tensor w = randomTensor({c.M, c.K}, 22);
    Tensor b = randomTensor({c.M}, 23);
    llvm::SmallVector<Tensor> inputs = {x, w};
    if (c.bias)
      inputs.push_back(b);
    expectClose(runOne(fcSource(c.N, c.K, c.M, c.bias, c.relu), inputs),
                naiveFC(x, w, c.bias ? &b : nullptr, c.relu), 1e-4);
  }
}

/// Every transposition with every shape ONNX lets c broadcast from.
TEST_F(ReferenceTest, GemmTranspositionsAndBroadcasts) {
  const int64_t M = 5, K = 7, N = 9;
  const float alpha = 0.5f, beta = -1.5f;
  const llvm::SmallVector<llvm::SmallVector<int64_t>> cShapes = {
      {}, {N}, {1}, {1, N}, {M, 1}, {M, N}, {1, 1}};
  for (bool transA : {false, true}) {
    for (bool transB : {false, true}) {
      // Index cShapes.size() stands for "no c".
      for (size_t ci = 0; ci <= cShapes.size(); ++ci) {
        bool hasC = ci < cShapes.size();
        llvm::SmallVector<int64_t> cShape = hasC ? cShapes[ci]
                                                 : llvm::SmallVector<int64_t>{};
        SCOPED_TRACE(llvm::formatv("trans_a={0} trans_b={1} c={2}", transA,
                                   transB,
                                   hasC ? tensorType(cShape) : "none")
                         .str());
        llvm::SmallVector<int64_t> aShape = transA
                                                ? llvm::SmallVector<int64_t>{K, M}
                                                : llvm::SmallVector<int64_t>{M, K};
        llvm::SmallVector<int64_t> bShape = transB
                                                ? llvm::SmallVector<int64_t>{N, K}
                                                : llvm::SmallVector<int64_t>{K, N};
        Tensor a = randomTensor(aShape, 31);
        Tensor b = randomTensor(bShape, 32);
        Tensor c = randomTensor(cShape, 33);

        Tensor expected = Tensor::zeros({M, N});
        for (int64_t i = 0; i < M; ++i)
          for (int64_t j = 0; j < N; ++j) {
            double sum = 0.0;
            for (int64_t k = 0; k < K; ++k)
              sum += double(transA ? a.at({k, i}) : a.at({i, k})) *
                     (transB ? b.at({j, k}) : b.at({k, j}));
            double cij = 0.0;
            if (hasC) {
              // Index c as its own shape says, from the right (ONNX).
              int64_t ri = cShape.size() == 2 && cShape[0] != 1 ? i : 0;
              int64_t rj = !cShape.empty() && cShape.back() != 1 ? j : 0;
              if (cShape.empty())
                cij = c.data[0];
              else if (cShape.size() == 1)
                cij = c.at({rj});
              else
                cij = c.at({ri, rj});
            }
            expected.at({i, j}) = static_cast<float>(alpha * sum + beta * cij);
          }

        std::string aT = tensorType(aShape), bT = tensorType(bShape),
                    cT = tensorType(cShape), yT = tensorType({M, N});
        std::string source = llvm::formatv(
            R"mlir(
func.func @main(%a: {0}, %b: {1}{2}) -> {3} {
  %y = eyeriss.gemm %a, %b{4} alpha 0.5 beta -1.5{5}{6}
      : ({0}, {1}{7}) -> {3}
  return %y : {3}
}
)mlir",
            aT, bT, hasC ? ", %c: " + cT : "", yT, hasC ? ", %c" : "",
            transA ? " trans_a" : "", transB ? " trans_b" : "",
            hasC ? ", " + cT : "");
        llvm::SmallVector<Tensor> inputs = {a, b};
        if (hasC)
          inputs.push_back(c);
        expectClose(runOne(source, inputs), expected, 1e-5);
      }
    }
  }
}

/// 2x2 by hand: [[1, 2], [3, 4]] * [[5, 6], [7, 8]] = [[19, 22], [43, 50]].
TEST_F(ReferenceTest, GemmByHand) {
  Tensor a({2, 2}, {1, 2, 3, 4});
  Tensor b({2, 2}, {5, 6, 7, 8});
  Tensor c({2}, {100, 200});
  Tensor y = runOne(R"mlir(
func.func @main(%a: tensor<2x2xf32>, %b: tensor<2x2xf32>, %c: tensor<2xf32>)
    -> tensor<2x2xf32> {
  %y = eyeriss.gemm %a, %b, %c alpha 2.0 beta 0.5
      : (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}
)mlir",
                    {a, b, c});
  EXPECT_EQ(y.data, (std::vector<float>{88, 144, 136, 200}));
}

} // namespace
