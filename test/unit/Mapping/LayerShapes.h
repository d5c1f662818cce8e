//===- LayerShapes.h - Layer shapes of the networks the tests map ---------===//
//
// AlexNet as Eyeriss ran it (grouped original, 227x227; JSSC 2017 Table III)
// and VGG-16 (224x224), with the chip's own AlexNet mappings (Table III).
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_TEST_UNIT_MAPPING_LAYERSHAPES_H
#define EYERISS_TEST_UNIT_MAPPING_LAYERSHAPES_H

#include "eyeriss/Arch/ArchDescription.h"
#include "eyeriss/Arch/TargetModel.h"
#include "eyeriss/Mapping/RSMapping.h"
#include "eyeriss/Workload/LayerShape.h"

#include "gtest/gtest.h"

#include <memory>
#include <string>
#include <vector>

namespace eyeriss::test {

inline LayerShape conv(int64_t n, int64_t c, int64_t m, int64_t hw,
                       int64_t k, int64_t stride, int64_t pad,
                       int64_t groups = 1) {
  LayerShape s;
  s.N = n;
  s.C = c;
  s.M = m;
  s.H = s.W = hw;
  s.R = s.S = k;
  s.strideH = s.strideW = stride;
  s.padTop = s.padBottom = s.padLeft = s.padRight = pad;
  s.groups = groups;
  s.E = s.F = (hw + 2 * pad - k) / stride + 1;
  return s;
}

/// An FC layer of `c` channels of hw x hw to `m` outputs.
inline LayerShape fc(int64_t n, int64_t c, int64_t hw, int64_t m) {
  return conv(n, c, m, hw, hw, 1, 0);
}

struct NamedLayer {
  std::string name;
  LayerShape shape;
};

inline std::vector<NamedLayer> alexnetConvLayers(int64_t n) {
  return {{"CONV1", conv(n, 3, 96, 227, 11, 4, 0)},
          {"CONV2", conv(n, 96, 256, 27, 5, 1, 2, 2)},
          {"CONV3", conv(n, 256, 384, 13, 3, 1, 1)},
          {"CONV4", conv(n, 384, 384, 13, 3, 1, 1, 2)},
          {"CONV5", conv(n, 384, 256, 13, 3, 1, 1, 2)}};
}

inline std::vector<NamedLayer> alexnetFCLayers(int64_t n) {
  return {{"FC6", fc(n, 256, 6, 4096)},
          {"FC7", fc(n, 4096, 1, 4096)},
          {"FC8", fc(n, 4096, 1, 1000)}};
}

/// JSSC 2017 Table III, in the order of alexnetConvLayers.
inline std::vector<RSMapping> alexnetTableIIIMappings() {
  // m, n, e, p, q, r, t
  return {{96, 1, 7, 16, 1, 1, 2},
          {64, 1, 27, 16, 2, 1, 1},
          {64, 4, 13, 16, 4, 1, 4},
          {64, 4, 13, 16, 3, 2, 2},
          {64, 4, 13, 16, 3, 2, 2}};
}

inline std::vector<NamedLayer> vgg16Layers(int64_t n) {
  std::vector<NamedLayer> layers;
  int64_t hw = 224, c = 3;
  const int64_t blocks[5][2] = {{2, 64}, {2, 128}, {3, 256}, {3, 512},
                                {3, 512}};
  for (int b = 0; b < 5; ++b) {
    for (int64_t i = 0; i < blocks[b][0]; ++i) {
      layers.push_back({"conv" + std::to_string(b + 1) + "_" +
                            std::to_string(i + 1),
                        conv(n, c, blocks[b][1], hw, 3, 1, 1)});
      c = blocks[b][1];
    }
    hw /= 2;
  }
  layers.push_back({"fc6", fc(n, 512, 7, 4096)});
  layers.push_back({"fc7", fc(n, 4096, 1, 4096)});
  layers.push_back({"fc8", fc(n, 4096, 1, 1000)});
  return layers;
}

inline std::unique_ptr<TargetModel> loadTarget(llvm::StringRef name) {
  llvm::Expected<ArchDescription> arch = loadArchDescription(name);
  if (!arch) {
    ADD_FAILURE() << llvm::toString(arch.takeError());
    return nullptr;
  }
  return std::make_unique<TargetModel>(std::move(*arch));
}

} // namespace eyeriss::test

#endif // EYERISS_TEST_UNIT_MAPPING_LAYERSHAPES_H
