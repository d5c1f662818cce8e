//===- LayoutTest.cpp - slices, transposes and channel shuffles -----------===//

#include "ReferenceTestSupport.h"

#include "eyeriss/Reference/Kernels.h"

using namespace eyeriss::reference;
using namespace eyeriss::reference::testing;

namespace {

TEST_F(ReferenceTest, SliceKeepsEveryStepthElementOfOneAxis) {
  // Negative steps walk down from start to index 0 (numpy's x[start::step]).
  Tensor x = randomTensor({2, 5, 3, 4}, 11);
  for (int64_t axis = 0; axis < 4; ++axis) {
    int64_t extent = x.shape[axis];
    for (int64_t step : {-3, -2, -1, 1, 2, 3})
      for (int64_t start = 0; start < extent; ++start) {
        int64_t count =
            step > 0 ? (extent - start + step - 1) / step : start / -step + 1;
        Tensor y = slice(x, axis, start, step, count);
        ASSERT_EQ(y.shape[axis], count);
        for (int64_t n = 0; n < y.shape[0]; ++n)
          for (int64_t c = 0; c < y.shape[1]; ++c)
            for (int64_t h = 0; h < y.shape[2]; ++h)
              for (int64_t w = 0; w < y.shape[3]; ++w) {
                llvm::SmallVector<int64_t> from = {n, c, h, w};
                from[axis] = start + from[axis] * step;
                ASSERT_EQ(y.at({n, c, h, w}), x.at(from))
                    << "axis " << axis << " start " << start << " step "
                    << step;
              }
      }
  }
}

TEST_F(ReferenceTest, SliceWithStepMinusOneReverses) {
  Tensor x = randomTensor({3, 4}, 21);
  Tensor y = slice(x, 1, 3, -1, 4);
  for (int64_t r = 0; r < 3; ++r)
    for (int64_t c = 0; c < 4; ++c)
      ASSERT_EQ(y.at({r, c}), x.at({r, 3 - c}));
}

TEST_F(ReferenceTest, GatherPicksEntriesOfOneAxis) {
  // numpy's take: for every axis, indices of rank 0 to 2, negative ones
  // counting from the end.
  Tensor x = randomTensor({3, 4, 5}, 31);
  struct Case {
    llvm::SmallVector<int64_t> shape;
    std::vector<float> values;
  } cases[] = {{{}, {-1}}, {{4}, {0, 2, -3, 2}}, {{2, 3}, {1, 0, -1, 2, 2, 0}}};
  for (int64_t axis = 0; axis < 3; ++axis)
    for (const Case &c : cases) {
      Tensor indices(c.shape, c.values);
      llvm::Expected<Tensor> y = gather(x, indices, axis);
      ASSERT_TRUE(bool(y)) << llvm::toString(y.takeError());
      llvm::SmallVector<int64_t> shape(x.shape.begin(), x.shape.begin() + axis);
      shape.append(c.shape.begin(), c.shape.end());
      shape.append(x.shape.begin() + axis + 1, x.shape.end());
      ASSERT_EQ(y->shape, shape);
      // Walk the result: its index splits into before, the indices', after.
      int64_t outer = 1, inner = 1, extent = x.shape[axis];
      for (int64_t d = 0; d < axis; ++d)
        outer *= x.shape[d];
      for (int64_t d = axis + 1; d < 3; ++d)
        inner *= x.shape[d];
      int64_t k = int64_t(c.values.size());
      for (int64_t o = 0; o < outer; ++o)
        for (int64_t i = 0; i < k; ++i) {
          int64_t row = int64_t(c.values[i]);
          row = row < 0 ? row + extent : row;
          for (int64_t j = 0; j < inner; ++j)
            ASSERT_EQ(y->data[(o * k + i) * inner + j],
                      x.data[(o * extent + row) * inner + j])
                << "axis " << axis;
        }
    }
}

TEST_F(ReferenceTest, GatherRefusesBadIndices) {
  Tensor table = randomTensor({7, 2}, 32);
  auto message = [&](std::vector<float> values) {
    llvm::SmallVector<int64_t> shape = {int64_t(values.size())};
    llvm::Expected<Tensor> y = gather(table, Tensor(shape, values), 0);
    return y ? std::string("no error") : llvm::toString(y.takeError());
  };
  EXPECT_EQ(message({0, 7}),
            "index 7 (element 1 of the indices) is out of range for extent 7");
  EXPECT_EQ(message({-8}),
            "index -8 (element 0 of the indices) is out of range for extent 7");
  EXPECT_EQ(message({1, 2, 0.5}),
            "element 2 of the indices is 0.5, not a whole number");
  EXPECT_EQ(message({std::numeric_limits<float>::quiet_NaN()}),
            "element 0 of the indices is nan, not a whole number");
  EXPECT_EQ(message({std::numeric_limits<float>::infinity()}),
            "element 0 of the indices is inf, not a whole number");
  EXPECT_EQ(message({-7, 6}), "no error");
}

TEST_F(ReferenceTest, TransposeMovesEveryDimension) {
  Tensor x = randomTensor({2, 3, 4, 5}, 12);
  const int64_t perm[] = {3, 1, 0, 2};
  Tensor y = transpose(x, perm);
  ASSERT_EQ(y.shape, (llvm::SmallVector<int64_t>{5, 3, 2, 4}));
  for (int64_t a = 0; a < 5; ++a)
    for (int64_t b = 0; b < 3; ++b)
      for (int64_t c = 0; c < 2; ++c)
        for (int64_t d = 0; d < 4; ++d)
          ASSERT_EQ(y.at({a, b, c, d}), x.at({c, b, d, a}));
  // Rank 5 and the identity.
  Tensor z = randomTensor({1, 2, 3, 2, 2}, 13);
  const int64_t same[] = {0, 1, 2, 3, 4};
  EXPECT_EQ(transpose(z, same).data, z.data);
}

TEST_F(ReferenceTest, ChannelShuffleIsReshapeTransposeReshape) {
  // ShuffleNet's definition: N x g x C/g x H x W, swap the two channel
  // dimensions, flatten back.
  for (int64_t groups : {1, 2, 3, 6}) {
    Tensor x = randomTensor({2, 6, 3, 2}, 14 + groups);
    Tensor grouped(llvm::SmallVector<int64_t>{2, groups, 6 / groups, 3, 2},
                   x.data);
    const int64_t swap[] = {0, 2, 1, 3, 4};
    Tensor expected = transpose(grouped, swap);
    Tensor y = channelShuffle(x, groups);
    EXPECT_EQ(y.shape, x.shape);
    EXPECT_EQ(y.data, expected.data) << "groups " << groups;
  }
}

TEST_F(ReferenceTest, ExecutorRunsTheLayoutOps) {
  Tensor x = randomTensor({1, 4, 3, 3}, 15);
  llvm::SmallVector<Tensor> y = run(R"mlir(
func.func @main(%x: tensor<1x4x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x4x3x3xf32>, tensor<3x3x4x1xf32>) {
  %s = eyeriss.slice %x axis 1 start 1 step 2 : tensor<1x4x3x3xf32> -> tensor<1x2x3x3xf32>
  %c = eyeriss.channel_shuffle %x groups 2 : tensor<1x4x3x3xf32>
  %t = eyeriss.transpose %x perm [2, 3, 1, 0] : tensor<1x4x3x3xf32> -> tensor<3x3x4x1xf32>
  return %s, %c, %t : tensor<1x2x3x3xf32>, tensor<1x4x3x3xf32>, tensor<3x3x4x1xf32>
}
)mlir",
                                    {x});
  ASSERT_EQ(y.size(), 3u);
  const int64_t perm[] = {2, 3, 1, 0};
  EXPECT_EQ(y[0].data, slice(x, 1, 1, 2, 2).data);
  EXPECT_EQ(y[1].data, channelShuffle(x, 2).data);
  EXPECT_EQ(y[2].data, transpose(x, perm).data);
  // Channel shuffle by hand: channels 0, 2, 1, 3.
  for (int64_t c = 0; c < 4; ++c)
    EXPECT_EQ(y[1].at({0, c, 1, 2}), x.at({0, (c % 2) * 2 + c / 2, 1, 2}));
}

} // namespace
