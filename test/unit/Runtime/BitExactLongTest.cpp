//===- BitExactLongTest.cpp - VGG-16's layers, bit-exact (long) -----------===//
//
// Every distinct CONV and FC shape of VGG-16 (224x224, one image), compiled
// by the real compiler and run on the simulator, against the plain
// fixed-point loop of BitExact.h. About 15 GMAC of scalar reference loop, so
// it runs in the long set (ctest -L long): the functional model only, the
// timing being covered by BitExactTest.
//
//===----------------------------------------------------------------------===//

#include "BitExact.h"
#include "../Mapping/LayerShapes.h"

#include "gtest/gtest.h"

using namespace eyeriss;
using namespace eyeriss::test;

namespace {
/// VGG-16's 3x3, stride 1, pad 1 convolutions, one image.
LayerShape vggConv(int64_t c, int64_t m, int64_t hw) {
  return conv(1, c, m, hw, 3, 1, 1);
}

LayerShape vggFC(int64_t k, int64_t m) {
  LayerShape s;
  s.C = k;
  s.M = m;
  return s;
}
} // namespace

TEST(BitExactLongTest, VGG16Layers) {
  std::vector<std::pair<LayerShape, bool>> layers = {
      {vggConv(3, 64, 224), false},    {vggConv(64, 64, 224), false},
      {vggConv(64, 128, 112), false},  {vggConv(128, 128, 112), false},
      {vggConv(128, 256, 56), false},  {vggConv(256, 256, 56), false},
      {vggConv(256, 512, 28), false},  {vggConv(512, 512, 28), false},
      {vggConv(512, 512, 14), false},  {vggFC(25088, 4096), true},
      {vggFC(4096, 4096), true},       {vggFC(4096, 1000), true},
  };
  unsigned seed = 300;
  for (auto &[shape, isFC] : layers) {
    LayerSpec spec;
    spec.shape = shape;
    spec.fc = isFC;
    spec.seed = seed++;
    SCOPED_TRACE("VGG-16 layer C=" + std::to_string(shape.C) +
                 " M=" + std::to_string(shape.M) +
                 " H=" + std::to_string(shape.H));
    expectBitExact(spec, /*timing=*/false);
  }
}
