//===- ResizeTest.cpp - ONNX Resize: coordinates, rounding, edges ---------===//
//
// The ONNX node tests (utils/onnx_node_tests.py) compare the kernel with the
// ONNX reference's outputs on 23 cases; these pin what they leave out: the
// identity, PyTorch's bilinear upsampling, ties under each nearest rounding,
// and coordinates far past the edges.
//
//===----------------------------------------------------------------------===//

#include "ReferenceTestSupport.h"

#include "eyeriss/Reference/Kernels.h"

using namespace eyeriss::reference;
using namespace eyeriss::reference::testing;

namespace {

ResizeParams params(Interpolation mode, CoordinateTransform coordinates,
                    llvm::ArrayRef<double> scales) {
  ResizeParams p;
  p.mode = mode;
  p.coordinates = coordinates;
  p.scales.assign(scales.begin(), scales.end());
  return p;
}

TEST_F(ReferenceTest, ResizeByOneIsTheIdentity) {
  Tensor x = randomTensor({2, 3, 4, 5}, 7);
  for (Interpolation mode :
       {Interpolation::Nearest, Interpolation::Linear, Interpolation::Cubic})
    for (CoordinateTransform c :
         {CoordinateTransform::HalfPixel, CoordinateTransform::PytorchHalfPixel,
          CoordinateTransform::AlignCorners, CoordinateTransform::Asymmetric})
      EXPECT_EQ(resize(x, x.shape, params(mode, c, {1, 1, 1, 1})).data,
                x.data)
          << int(mode) << " " << int(c);
}

TEST_F(ReferenceTest, ResizeLinearPytorchHalfPixelIsBilinearUpsampling) {
  // torch.nn.functional.interpolate([[0, 1], [2, 3]], scale_factor=2,
  // mode="bilinear", align_corners=False).
  Tensor x({1, 1, 2, 2}, {0, 1, 2, 3});
  Tensor y = resize(x, {1, 1, 4, 4},
                    params(Interpolation::Linear,
                           CoordinateTransform::PytorchHalfPixel,
                           {1, 1, 2, 2}));
  std::vector<float> expected = {0.0f, 0.25f, 0.75f, 1.0f,  //
                                 0.5f, 0.75f, 1.25f, 1.5f,  //
                                 1.5f, 1.75f, 2.25f, 2.5f,  //
                                 2.0f, 2.25f, 2.75f, 3.0f};
  EXPECT_EQ(y.data, expected);
}

TEST_F(ReferenceTest, ResizeNearestRoundsTiesAsItsModeSays) {
  // Asymmetric, scale 2: output 1 maps to input 0.5, a tie.
  Tensor x({4}, {10, 20, 30, 40});
  struct Case {
    NearestRounding rounding;
    float atTie, atQuarter; // outputs 1 (0.5) and, at scale 4, 1 (0.25)
  };
  for (Case c : {Case{NearestRounding::RoundPreferFloor, 10, 10},
                 Case{NearestRounding::RoundPreferCeil, 20, 10},
                 Case{NearestRounding::Floor, 10, 10},
                 Case{NearestRounding::Ceil, 20, 20}}) {
    ResizeParams p = params(Interpolation::Nearest,
                            CoordinateTransform::Asymmetric, {2});
    p.nearest = c.rounding;
    EXPECT_EQ(resize(x, {8}, p).data[1], c.atTie) << int(c.rounding);
    p.scales = {4};
    EXPECT_EQ(resize(x, {16}, p).data[1], c.atQuarter) << int(c.rounding);
  }
}

TEST_F(ReferenceTest, ResizeFarPastTheEdgesTakesTheEdge) {
  // A tiny scale puts the sampling point ~1e30 elements out: every mode
  // reads the last element, with or without exclude_outside.
  Tensor x({1, 4}, {1, 2, 3, 4});
  for (Interpolation mode :
       {Interpolation::Nearest, Interpolation::Linear, Interpolation::Cubic})
    for (bool exclude : {false, true}) {
      ResizeParams p =
          params(mode, CoordinateTransform::HalfPixel, {1, 1e-30});
      p.excludeOutside = exclude;
      EXPECT_EQ(resize(x, {1, 1}, p).data, std::vector<float>{4})
          << int(mode) << " " << exclude;
    }
}

TEST_F(ReferenceTest, ResizeCropOutsideTheRoiIsTheExtrapolationValue) {
  // tf_crop_and_resize of [0, 1, 2, 3] over roi [0.5, 1.5]: x = 1.5 + 1.5 k
  // for k = 0, 1, 2; 3 is the last element, still inside; 4.5 is past it.
  Tensor x({4}, {0, 1, 2, 3});
  ResizeParams p = params(Interpolation::Linear,
                          CoordinateTransform::TFCropAndResize, {0.75});
  p.roi = {0.5, 1.5};
  p.extrapolationValue = -7;
  EXPECT_EQ(resize(x, {3}, p).data, (std::vector<float>{1.5f, 3, -7}));
}

} // namespace
