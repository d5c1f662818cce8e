//===- LayoutTest.cpp - slices, transposes and channel shuffles -----------===//

#include "ReferenceTestSupport.h"

#include "eyeriss/Reference/Kernels.h"

#include <algorithm>
#include <functional>
#include <limits>

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

/// Random whole-number indices in [-extent, extent) of `shape`.
static Tensor randomIndices(llvm::ArrayRef<int64_t> shape, int64_t extent,
                            unsigned seed) {
  Tensor t = Tensor::zeros(shape);
  unsigned state = seed;
  for (float &v : t.data) {
    state = state * 1103515245u + 12345u;
    v = float(int64_t((state >> 8) % uint64_t(2 * extent)) - extent);
  }
  return t;
}

TEST_F(ReferenceTest, GatherElementsPicksAlongOneAxis) {
  // torch.gather on a 3-D tensor, every axis, indices smaller than the data
  // (and longer along the axis), negative ones counting from the end.
  Tensor x = randomTensor({3, 4, 5}, 41);
  for (int64_t axis = 0; axis < 3; ++axis) {
    llvm::SmallVector<int64_t> shape = {2, 3, 4};
    shape[axis] = 7;
    Tensor indices = randomIndices(shape, x.shape[axis], 42 + axis);
    llvm::Expected<Tensor> y = gatherElements(x, indices, axis);
    ASSERT_TRUE(bool(y)) << llvm::toString(y.takeError());
    ASSERT_EQ(y->shape, indices.shape);
    for (int64_t a = 0; a < shape[0]; ++a)
      for (int64_t b = 0; b < shape[1]; ++b)
        for (int64_t c = 0; c < shape[2]; ++c) {
          llvm::SmallVector<int64_t> from = {a, b, c};
          int64_t i = int64_t(indices.at({a, b, c}));
          from[axis] = i < 0 ? i + x.shape[axis] : i;
          ASSERT_EQ(y->at({a, b, c}), x.at(from)) << "axis " << axis;
        }
  }
  llvm::Expected<Tensor> bad = gatherElements(x, Tensor({1, 1, 2}, {0, 5}), 2);
  ASSERT_FALSE(bool(bad));
  EXPECT_EQ(llvm::toString(bad.takeError()),
            "index 5 (element 1 of the indices) is out of range for extent 5");
}

TEST_F(ReferenceTest, ScatterElementsWritesInOrder) {
  // The same positions as gather_elements; later updates to one element
  // win (none), add up (add) or multiply (mul).
  Tensor x = randomTensor({3, 4, 5}, 51);
  for (int64_t axis = 0; axis < 3; ++axis)
    for (ScatterReduction reduction :
         {ScatterReduction::None, ScatterReduction::Add,
          ScatterReduction::Mul}) {
      llvm::SmallVector<int64_t> shape = {2, 3, 4};
      shape[axis] = 6;
      Tensor indices = randomIndices(shape, x.shape[axis], 52 + axis);
      Tensor updates = randomTensor(shape, 53 + axis);
      llvm::Expected<Tensor> y =
          scatterElements(x, indices, updates, axis, reduction);
      ASSERT_TRUE(bool(y)) << llvm::toString(y.takeError());
      Tensor expected = x;
      for (int64_t a = 0; a < shape[0]; ++a)
        for (int64_t b = 0; b < shape[1]; ++b)
          for (int64_t c = 0; c < shape[2]; ++c) {
            llvm::SmallVector<int64_t> to = {a, b, c};
            int64_t i = int64_t(indices.at({a, b, c}));
            to[axis] = i < 0 ? i + x.shape[axis] : i;
            int64_t at = (to[0] * 4 + to[1]) * 5 + to[2];
            float u = updates.at({a, b, c});
            float &e = expected.data[at];
            e = reduction == ScatterReduction::None  ? u
                : reduction == ScatterReduction::Add ? e + u
                                                     : e * u;
          }
      ASSERT_EQ(y->shape, x.shape);
      ASSERT_EQ(y->data, expected.data)
          << "axis " << axis << " reduction " << int(reduction);
    }
  llvm::Expected<Tensor> bad =
      scatterElements(x, Tensor({1, 1, 1}, {0.5f}), Tensor({1, 1, 1}, {1}), 0,
                      ScatterReduction::None);
  ASSERT_FALSE(bool(bad));
  EXPECT_EQ(llvm::toString(bad.takeError()),
            "element 0 of the indices is 0.5, not a whole number");
}

TEST_F(ReferenceTest, GatherNDPicksSlicesByTuples) {
  // ONNX's examples, then batch_dims 1 against a loop.
  Tensor x({2, 2}, {0, 1, 2, 3});
  llvm::Expected<Tensor> y = gatherND(x, Tensor({2, 2}, {0, 0, 1, 1}), 0);
  ASSERT_TRUE(bool(y)) << llvm::toString(y.takeError());
  EXPECT_EQ(y->shape, (llvm::SmallVector<int64_t>{2}));
  EXPECT_EQ(y->data, (std::vector<float>{0, 3}));
  y = gatherND(x, Tensor({2, 1}, {1, 0}), 0);
  ASSERT_TRUE(bool(y));
  EXPECT_EQ(y->shape, (llvm::SmallVector<int64_t>{2, 2}));
  EXPECT_EQ(y->data, (std::vector<float>{2, 3, 0, 1}));
  Tensor cube({2, 2, 2}, {0, 1, 2, 3, 4, 5, 6, 7});
  y = gatherND(cube, Tensor({2, 1}, {1, 0}), 1); // batch_dims 1
  ASSERT_TRUE(bool(y));
  EXPECT_EQ(y->shape, (llvm::SmallVector<int64_t>{2, 2}));
  EXPECT_EQ(y->data, (std::vector<float>{2, 3, 4, 5}));

  Tensor data = randomTensor({3, 4, 5, 6}, 61);
  Tensor indices = randomIndices({3, 2, 2}, 4, 62);
  // Entry 1 of each tuple indexes dimension 2 (extent 5): keep it in range.
  for (size_t i = 1; i < indices.data.size(); i += 2)
    indices.data[i] = float(int64_t(indices.data[i]) % 5);
  y = gatherND(data, indices, 1);
  ASSERT_TRUE(bool(y)) << llvm::toString(y.takeError());
  ASSERT_EQ(y->shape, (llvm::SmallVector<int64_t>{3, 2, 6}));
  for (int64_t b = 0; b < 3; ++b)
    for (int64_t r = 0; r < 2; ++r) {
      int64_t i = int64_t(indices.at({b, r, 0})),
              j = int64_t(indices.at({b, r, 1}));
      i = i < 0 ? i + 4 : i;
      j = j < 0 ? j + 5 : j;
      for (int64_t w = 0; w < 6; ++w)
        ASSERT_EQ(y->at({b, r, w}), data.at({b, i, j, w}));
    }
  llvm::Expected<Tensor> bad = gatherND(x, Tensor({1, 2}, {0, -3}), 0);
  ASSERT_FALSE(bool(bad));
  EXPECT_EQ(llvm::toString(bad.takeError()),
            "index -3 (element 1 of the indices) is out of range for extent 2");
}

TEST_F(ReferenceTest, ScatterNDWritesSlicesAtTuples) {
  // ONNX's example (whole slices), then single elements against a loop, in
  // every reduction, with a repeated tuple.
  Tensor data = Tensor::zeros({4, 2, 2});
  Tensor updates({2, 2, 2}, {5, 5, 5, 5, 6, 6, 6, 6});
  llvm::Expected<Tensor> y =
      scatterND(data, Tensor({2, 1}, {0, -2}), updates, ScatterReduction::None);
  ASSERT_TRUE(bool(y)) << llvm::toString(y.takeError());
  EXPECT_EQ(y->data, (std::vector<float>{5, 5, 5, 5, 0, 0, 0, 0, 6, 6, 6, 6, 0,
                                         0, 0, 0}));
  Tensor x = randomTensor({3, 4}, 81);
  Tensor tuples({4, 2}, {0, 1, 2, -1, 0, 1, -3, 3});
  Tensor values({4}, {1.5f, -2, 4, 0.25f});
  for (ScatterReduction reduction :
       {ScatterReduction::None, ScatterReduction::Add, ScatterReduction::Mul}) {
    llvm::Expected<Tensor> z = scatterND(x, tuples, values, reduction);
    ASSERT_TRUE(bool(z)) << llvm::toString(z.takeError());
    Tensor expected = x;
    for (int64_t r = 0; r < 4; ++r) {
      int64_t i = int64_t(tuples.at({r, 0})), j = int64_t(tuples.at({r, 1}));
      float &e = expected.data[(i < 0 ? i + 3 : i) * 4 + (j < 0 ? j + 4 : j)];
      float u = values.data[r];
      e = reduction == ScatterReduction::None  ? u
          : reduction == ScatterReduction::Add ? e + u
                                               : e * u;
    }
    EXPECT_EQ(z->data, expected.data) << int(reduction);
  }
  llvm::Expected<Tensor> bad = scatterND(
      x, Tensor({1, 2}, {3, 0}), Tensor({1}, {1}), ScatterReduction::None);
  ASSERT_FALSE(bool(bad));
  EXPECT_EQ(llvm::toString(bad.takeError()),
            "index 3 (element 0 of the indices) is out of range for extent 3");
}

TEST_F(ReferenceTest, GridSampleAtPixelCentresCopies) {
  // With align_corners, grid points at the pixel centres read the pixels
  // in every mode. Half a pixel past the right edge, bilinear sampling
  // with zeros padding gives half the edge pixel, with border the pixel,
  // with reflection the point mirrored half a pixel inside.
  Tensor x = randomTensor({1, 2, 3, 4}, 91);
  Tensor grid = Tensor::zeros({1, 3, 4, 2});
  for (int64_t h = 0; h < 3; ++h)
    for (int64_t w = 0; w < 4; ++w) {
      grid.data[size_t((h * 4 + w) * 2)] = -1 + 2 * float(w) / 3;
      grid.data[size_t((h * 4 + w) * 2 + 1)] = -1 + float(h);
    }
  for (GridSampleMode mode : {GridSampleMode::Bilinear, GridSampleMode::Nearest,
                              GridSampleMode::Bicubic}) {
    Tensor y = gridSample(x, grid, mode, GridSamplePadding::Zeros, true);
    ASSERT_EQ(y.shape, x.shape);
    for (size_t i = 0; i < x.data.size(); ++i)
      ASSERT_NEAR(y.data[i], x.data[i], 1e-6) << "mode " << int(mode);
  }
  Tensor edge({1, 1, 1, 2}, {1 + 1.0f / 3, -1});
  float last = x.at({0, 0, 0, 3}), before = x.at({0, 0, 0, 2});
  auto bilinear = [&](GridSamplePadding padding) {
    return gridSample(x, edge, GridSampleMode::Bilinear, padding, true).data[0];
  };
  // (4/3 is not exact in float: the point is 3.5 within rounding.)
  EXPECT_NEAR(bilinear(GridSamplePadding::Zeros), last / 2, 1e-6);
  EXPECT_NEAR(bilinear(GridSamplePadding::Border), last, 1e-6);
  EXPECT_NEAR(bilinear(GridSamplePadding::Reflection), before / 2 + last / 2,
              1e-6);
}

TEST_F(ReferenceTest, TopKOrdersLargestOrSmallestFirst) {
  // Ties keep the lower index first; a NaN is the largest value.
  float nan = std::numeric_limits<float>::quiet_NaN();
  Tensor x({2, 5}, {3, 1, 3, nan, 2, 0, -1, 5, -1, 4});
  Tensor values = topK(x, 1, 3, false, false);
  Tensor indices = topK(x, 1, 3, false, true);
  EXPECT_EQ(indices.data, (std::vector<float>{3, 0, 2, 2, 4, 0}));
  EXPECT_TRUE(std::isnan(values.data[0]));
  EXPECT_EQ(values.data[1], 3.0f);
  EXPECT_EQ(values.data[3], 5.0f);
  EXPECT_EQ(topK(x, 1, 2, true, true).data, (std::vector<float>{1, 4, 1, 3}));
  EXPECT_EQ(topK(x, 1, 2, true, false).data,
            (std::vector<float>{1, 2, -1, -1}));
  // Along a middle axis of a 3-D tensor, against a sort of each line.
  Tensor t = randomTensor({2, 6, 3}, 71);
  Tensor top = topK(t, 1, 4, false, false);
  Tensor at = topK(t, 1, 4, false, true);
  ASSERT_EQ(top.shape, (llvm::SmallVector<int64_t>{2, 4, 3}));
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t w = 0; w < 3; ++w) {
      std::vector<float> line;
      for (int64_t c = 0; c < 6; ++c)
        line.push_back(t.at({n, c, w}));
      std::sort(line.begin(), line.end(), std::greater<float>());
      for (int64_t c = 0; c < 4; ++c) {
        ASSERT_EQ(top.at({n, c, w}), line[c]);
        ASSERT_EQ(t.at({n, int64_t(at.at({n, c, w})), w}), line[c]);
      }
    }
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
