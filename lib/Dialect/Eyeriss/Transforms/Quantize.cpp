//===- Quantize.cpp - 16-bit fixed-point formats of every array layer -----===//
//
// Calibration runs the float32 golden model and records ranges; the formats
// then follow the datapath's rules (docs/FixedPoint.md). Formats flow along
// the network: a layer fed directly by another array layer reads the data in
// the format that layer wrote, so no requantization happens between them.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Arith/FixedPoint.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/PassUtils.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"
#include "eyeriss/Reference/ReferenceExecutor.h"
#include "eyeriss/Support/TensorFile.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Threading.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InterleavedRange.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

namespace eyeriss {
#define GEN_PASS_DEF_EYERISSQUANTIZE
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;
using namespace eyeriss::reference;

namespace {
struct Range {
  double min = 0, max = 0;
  bool seen = false;
  void add(ArrayRef<float> values) {
    for (float v : values) {
      if (!seen) {
        min = max = v;
        seen = true;
      }
      min = std::min<double>(min, v);
      max = std::max<double>(max, v);
    }
  }
  double maxAbs() const { return std::max(std::abs(min), std::abs(max)); }
  void merge(const Range &o) {
    if (!o.seen)
      return;
    if (!seen) {
      *this = o;
      return;
    }
    min = std::min(min, o.min);
    max = std::max(max, o.max);
  }
};

/// A calibrated range, and the largest |value| of each calibration image
/// (dimension 0 of the tensor) seen in it.
struct ImageRange : Range {
  std::vector<double> imageMaxAbs;
  void addImages(const Tensor &t) {
    add(t.data);
    int64_t images = t.rank() ? t.shape[0] : 1;
    if (images < 1)
      return;
    size_t perImage = t.data.size() / images;
    for (int64_t n = 0; n < images; ++n) {
      double m = 0;
      for (size_t i = n * perImage, e = i + perImage; i < e; ++i)
        m = std::max(m, std::abs(double(t.data[i])));
      imageMaxAbs.push_back(m);
    }
  }
  void merge(const ImageRange &o) {
    Range::merge(o);
    imageMaxAbs.insert(imageMaxAbs.end(), o.imageMaxAbs.begin(),
                       o.imageMaxAbs.end());
  }
  /// Coefficient of variation (standard deviation / mean) of the per-image
  /// largest |value|s: how much the range moves from one image to the next,
  /// hence how far an unseen image may go past it. 0 with fewer than two.
  double imageSpread() const {
    size_t n = imageMaxAbs.size();
    if (n < 2)
      return 0;
    double mean = 0, var = 0;
    for (double m : imageMaxAbs)
      mean += m;
    mean /= n;
    if (mean <= 0)
      return 0;
    for (double m : imageMaxAbs)
      var += (m - mean) * (m - mean);
    return std::sqrt(var / n) / mean;
  }
};

struct LayerStats {
  ImageRange input, preActivation;
};

/// The largest |value| of a constant operand, or failure.
FailureOr<Tensor> constantTensor(Value value) {
  auto constant = value.getDefiningOp<ConstantOp>();
  if (!constant)
    return failure();
  return fromElementsAttr(constant.getValue(), constant.getLoc());
}

/// A double as %g, for messages.
std::string num(double value) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%g", value);
  return text;
}

double maxAbs(const Tensor &t) {
  double m = 0;
  for (float v : t.data)
    m = std::max<double>(m, std::abs(v));
  return m;
}

struct QuantizePass
    : public eyeriss::impl::EyerissQuantizeBase<QuantizePass> {
  using Base::Base;

  /// The calibration samples of the `calibration-input` entries: for a
  /// network of one input, one sample per entry, `FILE` or `NAME=FILE`;
  /// for several inputs, every entry `NAME=FILE`, and sample j holds the
  /// j-th file of each input.
  FailureOr<std::vector<SmallVector<Tensor>>>
  calibrationFiles(func::FuncOp func) {
    unsigned numInputs = func.getNumArguments();
    SmallVector<std::string> names;
    for (unsigned i = 0; i < numInputs; ++i) {
      auto name =
          func.getArgAttrOfType<StringAttr>(i, EyerissDialect::kNameAttrName);
      names.push_back(name ? name.getValue().str()
                           : "input" + std::to_string(i));
    }
    std::string inputList = llvm::join(names, ", ");
    if (numInputs == 0)
      return func.emitError() << "calibration-input: the network has no inputs",
             failure();
    // Each input's files, in order.
    std::vector<SmallVector<std::string>> files(numInputs);
    for (const std::string &entry : calibrationInputs) {
      auto [name, path] = StringRef(entry).split('=');
      auto *it = llvm::find(names, name);
      if (!path.empty() && it != names.end()) {
        files[it - names.begin()].push_back(path.str());
        continue;
      }
      if (numInputs == 1) {
        files[0].push_back(entry);
        continue;
      }
      if (path.empty())
        return func.emitError()
                   << "calibration-input '" << entry << "': a network of "
                   << numInputs
                   << " inputs needs NAME=FILE (its inputs: " << inputList
                   << ")",
               failure();
      return func.emitError() << "calibration-input '" << entry
                              << "': the network has no input '" << name
                              << "' (its inputs: " << inputList << ")",
             failure();
    }
    for (unsigned i = 0; i < numInputs; ++i)
      if (files[i].size() != files[0].size())
        return func.emitError()
                   << "calibration-input: input '" << names[0] << "' has "
                   << files[0].size() << " file(s) and '" << names[i] << "' "
                   << files[i].size()
                   << "; each sample needs one file per input",
               failure();

    std::vector<SmallVector<Tensor>> samples(files[0].size());
    for (unsigned i = 0; i < numInputs; ++i) {
      auto type = dyn_cast<RankedTensorType>(func.getArgumentTypes()[i]);
      if (!type || !type.hasStaticShape())
        return func.emitError() << "calibration-input: input '" << names[i]
                                << "' has type " << func.getArgumentTypes()[i]
                                << ", not a statically shaped tensor",
               failure();
      for (auto [j, path] : llvm::enumerate(files[i])) {
        llvm::Expected<TensorFileData> file = readTensorFile(path);
        if (!file)
          return func.emitError() << "calibration-input: "
                                  << llvm::toString(file.takeError()),
                 failure();
        if (ArrayRef<int64_t>(file->shape) != type.getShape()) {
          std::string have, want;
          llvm::raw_string_ostream(have) << llvm::interleaved(file->shape, "x");
          llvm::raw_string_ostream(want)
              << llvm::interleaved(type.getShape(), "x");
          return func.emitError() << "calibration-input " << path << ": shape "
                                  << have << ", but the network's input '"
                                  << names[i] << "' is " << want,
                 failure();
        }
        Tensor t = Tensor::zeros(type.getShape());
        t.data = std::move(file->data);
        samples[j].push_back(std::move(t));
      }
    }
    return samples;
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (calibrationSamples == 0) {
      module.emitError("calibration-samples must be at least 1");
      return signalPassFailure();
    }
    if (!(headroom >= 1.0) || !std::isfinite(headroom)) {
      module.emitError() << "headroom " << num(headroom)
                         << " is not a factor >= 1 (the formats must hold at "
                            "least the calibrated ranges)";
      return signalPassFailure();
    }
    if (!(headroomSpread >= 0.0) || !std::isfinite(headroomSpread)) {
      module.emitError() << "headroom-spread " << num(headroomSpread)
                         << " is not a finite weight >= 0";
      return signalPassFailure();
    }
    // A range is given headroom * (1 + headroom-spread * its per-image
    // spread): ranges that move a lot between images go further on unseen
    // ones (docs/FixedPoint.md, "Headroom").
    auto margin = [&](const ImageRange &r) {
      return headroom * (1.0 + headroomSpread * r.imageSpread());
    };
    std::optional<std::pair<double, double>> declared;
    if (!inputRange.empty()) {
      auto [lo, hi] = StringRef(inputRange).split(',');
      double a, b;
      if (lo.trim().getAsDouble(a) || hi.trim().getAsDouble(b) || !(a <= b)) {
        module.emitError() << "input-range '" << inputRange
                           << "' is not 'min,max' with min <= max";
        return signalPassFailure();
      }
      declared = {a, b};
    }
    FailureOr<func::FuncOp> entry =
        getEntryFunction(module, "eyeriss-quantize", "to calibrate");
    if (failed(entry))
      return signalPassFailure();
    func::FuncOp func = *entry;

    // Calibration: the samples run in parallel, each into its own ranges.
    // Draw the inputs up front (errors are reported here, not in a thread).
    std::vector<SmallVector<Tensor>> sampleInputs;
    if (!calibrationInputs.empty()) {
      FailureOr<std::vector<SmallVector<Tensor>>> files =
          calibrationFiles(func);
      if (failed(files))
        return signalPassFailure();
      sampleInputs = std::move(*files);
    } else {
      for (unsigned sample = 0; sample < calibrationSamples; ++sample) {
        FailureOr<SmallVector<Tensor>> inputs =
            seededNormalInputs(func, calibrationSeed + sample, "calibrate");
        if (failed(inputs))
          return signalPassFailure();
        sampleInputs.push_back(std::move(*inputs));
      }
    }
    const size_t numSamples = sampleInputs.size();
    struct SampleStats {
      llvm::DenseMap<Operation *, LayerStats> layers;
      Range networkInput;
    };
    std::vector<SampleStats> perSample(numSamples);
    LogicalResult calibrated = failableParallelForEachN(
        &getContext(), 0, numSamples, [&](size_t sample) {
          SampleStats &mine = perSample[sample];
          ArrayRef<Tensor> inputs = sampleInputs[sample];
          for (const Tensor &t : inputs)
            mine.networkInput.add(t.data);
          // The observer sees a layer's psums before its fused activation.
          auto observe = [&](Operation *op, ArrayRef<Tensor> operands,
                             ArrayRef<Tensor> results) {
            if (!isa<ArrayLayerOpInterface>(op))
              return;
            LayerStats &s = mine.layers[op];
            s.input.addImages(operands[0]);
            s.preActivation.addImages(results[0]);
          };
          // Only ranges are needed: float sums are close enough, and
          // about twice as fast as the golden model's double ones.
          return runFunction(func, inputs, observe,
                             /*observePreActivation=*/true,
                             reference::Accumulation::Float);
        });
    if (failed(calibrated))
      return signalPassFailure();
    llvm::DenseMap<Operation *, LayerStats> stats;
    Range networkInput;
    for (SampleStats &sample : perSample) {
      networkInput.merge(sample.networkInput);
      for (auto &[op, s] : sample.layers) {
        LayerStats &all = stats[op];
        all.input.merge(s.input);
        all.preActivation.merge(s.preActivation);
      }
    }

    // Formats, in IR order so that producers come first.
    bool failedAny = false;
    std::string table;
    llvm::raw_string_ostream report(table);
    if (this->report)
      report << "layer: formats (fractional bits in/weight/psum/out, window "
                "shift), ranges, worst-case error bound of one output\n";
    func.walk([&](ArrayLayerOpInterface layer) {
      if (failedAny)
        return;
      Operation *op = layer.getOperation();
      auto fail = [&](const Twine &message) {
        op->emitOpError() << message;
        failedAny = true;
      };
      auto it = stats.find(op);
      if (it == stats.end())
        return fail("was not reached by the calibration run");
      const LayerStats &s = it->second;
      FailureOr<Tensor> weights = constantTensor(op->getOperand(1));
      if (failed(weights))
        return fail("cannot be quantized: its weights are not an "
                    "eyeriss.constant");
      std::optional<Tensor> bias;
      if (op->getNumOperands() > 2) {
        FailureOr<Tensor> b = constantTensor(op->getOperand(2));
        if (failed(b))
          return fail("cannot be quantized: its bias is not an "
                      "eyeriss.constant");
        bias = std::move(*b);
      }

      auto choose = [&](double lo, double hi,
                        StringRef what) -> std::optional<int64_t> {
        llvm::Expected<fixedpoint::Format> f = fixedpoint::chooseFormat(lo, hi);
        if (!f) {
          fail("cannot be quantized: no 16-bit format holds its " + what +
               " (" + llvm::toString(f.takeError()) + ")");
          return std::nullopt;
        }
        return f->fracBits();
      };

      double wMax = maxAbs(*weights);
      std::optional<int64_t> weightFrac = choose(-wMax, wMax, "weights");
      if (!weightFrac)
        return;

      // The ifmap's format, and its margin when calibration chose it.
      std::optional<int64_t> inputFrac;
      std::optional<double> inputMargin;
      Value input = op->getOperand(0);
      if (auto producer = input.getDefiningOp<ArrayLayerOpInterface>();
          producer && producer.getFixedPoint()) {
        inputFrac = producer.getFixedPoint().getOutput();
        double limit = fixedpoint::Format::get(*inputFrac)->maxValue();
        if (s.input.maxAbs() > limit)
          return fail("its ifmap reaches " + num(s.input.maxAbs()) +
                      ", beyond its producer's output format");
      } else if (isa<BlockArgument>(input) && declared) {
        if (networkInput.min < declared->first ||
            networkInput.max > declared->second)
          return fail("quantization overflow: the calibration input spans [" +
                      num(networkInput.min) + ", " + num(networkInput.max) +
                      "], beyond the declared input-range [" +
                      num(declared->first) + ", " + num(declared->second) +
                      "]");
        inputFrac = choose(declared->first, declared->second, "declared input range");
      } else {
        inputMargin = margin(s.input);
        double m = s.input.maxAbs() * *inputMargin;
        inputFrac = choose(-m, m, "ifmap range");
      }
      if (!inputFrac)
        return;

      // Psums: the pre-activation range and the bias.
      double psumMax = s.preActivation.maxAbs();
      if (bias)
        psumMax = std::max(psumMax, maxAbs(*bias));
      psumMax *= margin(s.preActivation);
      std::optional<int64_t> psumFrac = choose(-psumMax, psumMax, "psum range");
      if (!psumFrac)
        return;
      // Keep the window inside the 32-b product.
      int64_t shift = *inputFrac + *weightFrac - *psumFrac;
      if (shift > 16)
        *weightFrac -= shift - 16;
      else if (shift < 0)
        *psumFrac += shift;
      if (!fixedpoint::Format::isValid(*weightFrac) ||
          !fixedpoint::Format::isValid(*psumFrac))
        return fail("cannot be quantized: its ranges need a product window "
                    "outside the 32-b product");
      auto attr = FixedPointAttr::get(op->getContext(), *inputFrac,
                                      *weightFrac, *psumFrac, *psumFrac);
      op->setAttr("quant", attr);

      if (this->report) {
        LayerShape shape = layer.getLayerShape();
        double k = double(shape.channelsPerGroup()) * shape.R * shape.S;
        // Largest sum of |w| over one filter.
        double filterAbsSum = 0;
        int64_t perFilter = weights->numElements() / shape.M;
        for (int64_t m = 0; m < shape.M; ++m) {
          double sum = 0;
          for (int64_t i = 0; i < perFilter; ++i)
            sum += std::abs(weights->data[m * perFilter + i]);
          filterAbsSum = std::max(filterAbsSum, sum);
        }
        double in = std::ldexp(1.0, -int(*inputFrac));
        double w = std::ldexp(1.0, -int(*weightFrac));
        double ps = std::ldexp(1.0, -int(*psumFrac));
        // Input and weight rounding, then half a psum LSB per windowed
        // product (the window rounds) and for the bias.
        double bound = 0.5 * in * filterAbsSum + 0.5 * w * k * s.input.maxAbs() +
                       0.5 * k * ps + (bias ? 0.5 * ps : 0.0);
        double outMax = std::max(s.preActivation.maxAbs(), 1e-30);
        report << getLayerName(op) << ": " << attr << " shift "
               << attr.getWindowShift() << "; |x| <= "
               << llvm::format("%.4g", s.input.maxAbs());
        if (inputMargin)
          report << " x " << llvm::format("%.3g", *inputMargin);
        report << ", |w| <= "
               << llvm::format("%.4g", wMax) << ", psums in ["
               << llvm::format("%.4g", s.preActivation.min) << ", "
               << llvm::format("%.4g", s.preActivation.max) << "] x "
               << llvm::format("%.3g", margin(s.preActivation))
               << "; error <= " << llvm::format("%.3g", bound) << " ("
               << llvm::format("%.3g", bound / outMax) << " of max |psum|)\n";
      }
    });
    if (failedAny)
      return signalPassFailure();
    if (this->report)
      llvm::outs() << table;
  }
};
} // namespace
