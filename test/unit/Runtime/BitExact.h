//===- BitExact.h - Check a simulated layer against a plain loop -*- C++ -*-===//

#ifndef EYERISS_TEST_UNIT_RUNTIME_BITEXACT_H
#define EYERISS_TEST_UNIT_RUNTIME_BITEXACT_H

#include "CompileLayer.h"

#include "eyeriss/Arith/FixedPoint.h"
#include "eyeriss/Runtime/Simulator.h"

#include "gtest/gtest.h"

namespace eyeriss::test {

/// The layer's output words by the definition: for every output, the bias
/// (or 0) plus the windowed products, wrapping, then the output stage.
/// `overflows` counts the outputs whose exact sum is outside 16 bits.
inline std::vector<int16_t>
referenceLayer(const eyb::LayerConfig &l, const std::vector<int16_t> &x,
               const std::vector<int16_t> &w, const std::vector<int16_t> &b,
               int64_t &overflows) {
  namespace fp = fixedpoint;
  const LayerShape &s = l.shape;
  const int64_t Cg = s.channelsPerGroup(), Mg = s.filtersPerGroup();
  fp::Format psumF = *fp::Format::get(l.psumFracBits);
  fp::Format outF = *fp::Format::get(l.ofmapFracBits);
  int16_t six = fp::quantize(6.0, psumF).word;
  std::vector<int16_t> out(size_t(s.N * s.M * s.E * s.F));
  for (int64_t n = 0; n < s.N; ++n)
    for (int64_t m = 0; m < s.M; ++m) {
      int64_t g = m / Mg;
      for (int64_t y = 0; y < s.E; ++y)
        for (int64_t xo = 0; xo < s.F; ++xo) {
          int16_t acc = b.empty() ? int16_t(0) : b[size_t(m)];
          int64_t exact = acc;
          for (int64_t c = 0; c < Cg; ++c)
            for (int64_t i = 0; i < s.R; ++i) {
              int64_t h = y * s.strideH + i * s.dilationH - s.padTop;
              if (h < 0 || h >= s.H)
                continue;
              for (int64_t t = 0; t < s.S; ++t) {
                int64_t wc = xo * s.strideW + t * s.dilationW - s.padLeft;
                if (wc < 0 || wc >= s.W)
                  continue;
                int16_t xv =
                    x[size_t(((n * s.C + g * Cg + c) * s.H + h) * s.W + wc)];
                int16_t wv = w[size_t(((m * Cg + c) * s.R + i) * s.S + t)];
                acc = fp::mac(acc, wv, xv, l.windowShift);
                exact += fp::window(wv, xv, l.windowShift).word;
              }
            }
          overflows += exact < -32768 || exact > 32767;
          int16_t v = acc;
          if (l.activation == eyb::Activation::ReLU)
            v = fp::relu(v);
          else if (l.activation == eyb::Activation::ReLU6)
            v = std::clamp<int16_t>(v, 0, six);
          out[size_t(((n * s.M + m) * s.E + y) * s.F + xo)] =
              fp::requantize(v, psumF, outF).word;
        }
    }
  return out;
}

/// Runs `program` (one array layer) on seeded N(0, inputScale^2) inputs and
/// compares the layer's output words, and its count of overflowed psums,
/// with referenceLayer. Inputs beyond the calibrated range (inputScale > 1)
/// make psums overflow; `overflows`, if given, receives their count.
inline void expectBitExact(eyb::Program program, bool timing,
                           float inputScale = 1.0f,
                           int64_t *overflows = nullptr) {
  ASSERT_EQ(program.layers.size(), 1u);
  runtime::SimulatorOptions options;
  options.timing = timing;
  auto created = runtime::Simulator::create(std::move(program), options);
  ASSERT_TRUE(bool(created)) << llvm::toString(created.takeError());
  runtime::Simulator &sim = **created;
  const eyb::Program &p = sim.program();
  std::mt19937 rng(7);
  std::normal_distribution<float> normal(0.0f, inputScale);
  for (uint32_t id : sim.inputs()) {
    std::vector<float> v(size_t(p.tensors[id].numElements()));
    for (float &f : v)
      f = normal(rng);
    ASSERT_FALSE(bool(sim.setInput(id, v)));
  }
  llvm::Error err = sim.run();
  ASSERT_FALSE(bool(err)) << llvm::toString(std::move(err));
  const eyb::LayerConfig &l = p.layers[0];
  auto x = sim.readTensorWords(l.ifmap);
  auto y = sim.readTensorWords(l.ofmap);
  ASSERT_TRUE(bool(x) && bool(y));
  std::vector<int16_t> w = eyb::unpackInt16(p.tensors[l.filter].data);
  std::vector<int16_t> b;
  if (l.bias != eyb::kNoTensor)
    b = eyb::unpackInt16(p.tensors[l.bias].data);
  int64_t expectedOverflows = 0;
  std::vector<int16_t> expected = referenceLayer(l, *x, w, b, expectedOverflows);
  ASSERT_EQ(y->size(), expected.size());
  size_t mismatches = 0, first = 0;
  for (size_t i = 0; i < expected.size(); ++i)
    if ((*y)[i] != expected[i] && mismatches++ == 0)
      first = i;
  EXPECT_EQ(mismatches, 0u)
      << "layer '" << l.name << "' (mapping m=" << l.mapping.m
      << " n=" << l.mapping.n << " e=" << l.mapping.e << " p=" << l.mapping.p
      << " q=" << l.mapping.q << " r=" << l.mapping.r << " t=" << l.mapping.t
      << "): first mismatch at word " << first << ": simulator "
      << (mismatches ? (*y)[first] : 0) << ", reference "
      << (mismatches ? expected[first] : 0);
  // The simulator's carries find exactly the outputs that overflowed,
  // however many passes built them.
  EXPECT_EQ(sim.stats().totals.psumOverflows, expectedOverflows);
  if (overflows)
    *overflows = expectedOverflows;
  // The run did the layer's MACs, and nothing else.
  EXPECT_EQ(sim.stats().totals.macs, l.shape.numMACs());
  if (timing) {
    EXPECT_GT(sim.stats().totals.processingCycles, 0);
  }
}

inline void expectBitExact(const LayerSpec &spec, bool timing) {
  std::string error;
  std::optional<eyb::Program> program = compileLayer(spec, error);
  ASSERT_TRUE(program.has_value()) << error;
  expectBitExact(std::move(*program), timing);
}

} // namespace eyeriss::test

#endif // EYERISS_TEST_UNIT_RUNTIME_BITEXACT_H
