//===- ControlFlow.cpp - If nodes of a condition known at import ----------===//

#include "ControlFlow.h"
#include "NodeWriting.h"

#include "eyeriss/Support/TensorProtoPayload.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"

#include <algorithm>
#include <numeric>
#include <vector>

using namespace eyeriss;

/// The one value of a bool (or integer) condition tensor, if it has one.
static std::optional<bool> conditionValue(const onnx::TensorProto &tensor) {
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL)
    return std::nullopt;
  int64_t count = 1;
  for (int64_t d : tensor.dims())
    count *= d;
  if (count != 1)
    return std::nullopt;
  switch (tensor.data_type()) {
  case onnx::TensorProto::BOOL: {
    std::vector<uint8_t> v;
    if (readTensorProtoPayload(tensor, tensor.int32_data(), 1, v))
      return v[0] != 0;
    return std::nullopt;
  }
  case onnx::TensorProto::INT64: {
    std::vector<int64_t> v;
    if (readTensorProtoPayload(tensor, tensor.int64_data(), 1, v))
      return v[0] != 0;
    return std::nullopt;
  }
  case onnx::TensorProto::INT32: {
    std::vector<int32_t> v;
    if (readTensorProtoPayload(tensor, tensor.int32_data(), 1, v))
      return v[0] != 0;
    return std::nullopt;
  }
  default:
    return std::nullopt;
  }
}

static const onnx::GraphProto *branch(const onnx::NodeProto &node,
                                      const char *name) {
  const onnx::AttributeProto *attr = findAttribute(node, name);
  return attr && attr->has_g() ? &attr->g() : nullptr;
}

/// The tensors of the graph's Constant nodes (a `value` attribute), by
/// output.
static llvm::StringMap<const onnx::TensorProto *>
constantNodes(const onnx::GraphProto &graph) {
  llvm::StringMap<const onnx::TensorProto *> constants;
  for (const onnx::NodeProto &node : graph.node())
    if (node.op_type() == "Constant" && node.output_size() == 1)
      if (const onnx::AttributeProto *value = findAttribute(node, "value");
          value && value->has_t())
        constants[node.output(0)] = &value->t();
  return constants;
}

BranchInliningResult eyeriss::inlineSelectedBranches(
    onnx::GraphProto &graph,
    llvm::function_ref<const onnx::TensorProto *(const std::string &)>
        initializerOf,
    bool refuseComputed) {
  BranchInliningResult result;
  llvm::StringMap<const onnx::TensorProto *> constants = constantNodes(graph);

  google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
  std::vector<onnx::TensorProto> initializers;
  for (const onnx::NodeProto &node : graph.node()) {
    bool isIf = node.op_type() == "If" && isDefaultDomain(node);
    if (!isIf) {
      *nodes.Add() = node;
      continue;
    }
    const std::string cond = node.input_size() ? node.input(0) : "";
    const onnx::TensorProto *tensor = initializerOf(cond);
    if (!tensor)
      tensor = constants.lookup(cond);
    std::optional<bool> value =
        tensor ? conditionValue(*tensor) : std::optional<bool>();
    if (!value) {
      if (refuseComputed && !result.badNode) {
        result.badNode = node;
        result.message =
            "the condition ('" + cond + "') is " +
            (tensor ? "not one bool value"
                    : "computed at run time; an If is translated only when "
                      "its condition is known at import (a constant, shape "
                      "arithmetic the importer evaluates, or a graph input "
                      "bound with --bind-input), as the branch it selects");
      }
      *nodes.Add() = node;
      continue;
    }
    const char *which = *value ? "then_branch" : "else_branch";
    const onnx::GraphProto *body = branch(node, which);
    if (!body) {
      *nodes.Add() = node;
      continue;
    }
    if (body->output_size() != node.output_size()) {
      result.badNode = node;
      result.message =
          std::string(which) + " has " + std::to_string(body->output_size()) +
          " outputs; the If has " + std::to_string(node.output_size());
      return result;
    }
    std::string prefix = nodeName(node) + (*value ? ".then." : ".else.");
    for (const onnx::TensorProto &init : body->initializer())
      initializers.push_back(init);
    for (const onnx::NodeProto &inner : body->node()) {
      onnx::NodeProto *copy = nodes.Add();
      *copy = inner;
      copy->set_name(prefix + nodeName(inner));
    }
    for (int i = 0; i < node.output_size(); ++i) {
      if (node.output(i).empty())
        continue;
      onnx::NodeProto *copy = nodes.Add();
      copy->set_op_type("Identity");
      copy->set_name(prefix + node.output(i));
      copy->add_input(body->output(i).name());
      copy->add_output(node.output(i));
    }
    ++result.inlined;
  }
  if (result.inlined) {
    graph.mutable_node()->Swap(&nodes);
    for (onnx::TensorProto &init : initializers)
      graph.add_initializer()->Swap(&init);
  }
  return result;
}

namespace {

/// Renames the values `node` (and the graphs of its attributes) reads.
void renameReads(onnx::NodeProto &node,
                 const llvm::StringMap<std::string> &to) {
  for (std::string &input : *node.mutable_input())
    if (auto it = to.find(input); it != to.end())
      input = it->second;
  for (onnx::AttributeProto &attr : *node.mutable_attribute()) {
    auto renameGraph = [&](onnx::GraphProto &g) {
      for (onnx::NodeProto &inner : *g.mutable_node())
        renameReads(inner, to);
      for (onnx::ValueInfoProto &out : *g.mutable_output())
        if (auto it = to.find(out.name()); it != to.end())
          out.set_name(it->second);
    };
    if (attr.has_g())
      renameGraph(*attr.mutable_g());
    for (onnx::GraphProto &g : *attr.mutable_graphs())
      renameGraph(g);
  }
}

/// A Constant node writing `tensor` to `output`.
onnx::NodeProto constantNode(const std::string &name, const std::string &output,
                             onnx::TensorProto tensor) {
  onnx::NodeProto node;
  node.set_op_type("Constant");
  node.set_name(name);
  node.add_output(output);
  onnx::AttributeProto *value = node.add_attribute();
  value->set_name("value");
  value->set_type(onnx::AttributeProto::TENSOR);
  *value->mutable_t() = std::move(tensor);
  return node;
}

/// Why `loop` cannot be unrolled, or "" with `trips` set.
std::string
checkLoop(const onnx::NodeProto &loop, const onnx::GraphProto &body,
          llvm::function_ref<const onnx::TensorProto *(const std::string &)>
              constantOf,
          int64_t &trips) {
  const std::string tripCount = loop.input_size() > 0 ? loop.input(0) : "";
  const std::string cond = loop.input_size() > 1 ? loop.input(1) : "";
  if (tripCount.empty())
    return "it has no trip count (a while loop); only loops of a trip count "
           "known at import are unrolled";
  const onnx::TensorProto *m = constantOf(tripCount);
  std::vector<int64_t> count;
  if (!m || m->data_type() != onnx::TensorProto::INT64 ||
      !readTensorProtoPayload(*m, m->int64_data(), 1, count))
    return "the trip count ('" + tripCount +
           "') is computed at run time; a Loop is unrolled only when its trip "
           "count is known at import (a constant, shape arithmetic the "
           "importer evaluates, or a graph input bound with --bind-input)";
  trips = count[0];
  if (!cond.empty()) {
    const onnx::TensorProto *c = constantOf(cond);
    std::optional<bool> value = c ? conditionValue(*c) : std::nullopt;
    if (!value)
      return "the initial condition ('" + cond +
             "') is computed at run time (a while loop on the data); only "
             "loops of a number of iterations known at import are unrolled";
    if (!*value)
      trips = 0;
  }
  const int numCarried = loop.input_size() - 2;
  if (numCarried < 0 || body.input_size() != 2 + numCarried ||
      body.output_size() < 1 + numCarried ||
      loop.output_size() > body.output_size() - 1)
    return "its body has " + std::to_string(body.input_size()) +
           " inputs and " + std::to_string(body.output_size()) +
           " outputs for " + std::to_string(std::max(numCarried, 0)) +
           " loop-carried values";
  // The condition the body passes on must stay true: the condition input,
  // or a constant true, through Identity nodes.
  std::string out = body.output(0).name();
  for (bool moved = true; moved;) {
    moved = false;
    for (const onnx::NodeProto &node : body.node())
      if (node.op_type() == "Identity" && node.output_size() == 1 &&
          node.output(0) == out && node.input_size() == 1) {
        out = node.input(0);
        moved = true;
      }
  }
  // Checked last: a while loop's trip count is INT64_MAX.
  auto checkTrips = [&]() -> std::string {
    if (trips < 0 || trips > kMaxUnrolledIterations)
      return "the trip count is " + std::to_string(trips) + "; at most " +
             std::to_string(kMaxUnrolledIterations) +
             " iterations are unrolled";
    return "";
  };
  if (out == body.input(1).name())
    return checkTrips();
  const onnx::TensorProto *constant = constantOf(out);
  for (const onnx::NodeProto &node : body.node())
    if (node.op_type() == "Constant" && node.output_size() == 1 &&
        node.output(0) == out)
      if (const onnx::AttributeProto *v = findAttribute(node, "value");
          v && v->has_t())
        constant = &v->t();
  std::optional<bool> stays =
      constant ? conditionValue(*constant) : std::nullopt;
  if (stays && *stays)
    return checkTrips();
  return "its body computes whether to go on ('" + body.output(0).name() +
         "'); only loops whose condition stays true (for loops) are "
         "unrolled";
}

} // namespace

namespace {

/// Writes the copies of a loop body, one per iteration, into `nodes`
/// (values `<valueName>::iter<k>::<value>`, nodes `<baseName>.iter<k>.<node>`):
/// `bind` names what each body input is at iteration k, and after each copy
/// `collect` receives the renaming of its values.
void writeIterations(
    const onnx::GraphProto &body, const std::string &valueName,
    const std::string &baseName, int64_t trips,
    google::protobuf::RepeatedPtrField<onnx::NodeProto> &nodes,
    llvm::function_ref<void(int64_t, const std::string &, const std::string &,
                            llvm::StringMap<std::string> &)>
        bind,
    llvm::function_ref<void(const llvm::StringMap<std::string> &)> collect) {
  for (int64_t k = 0; k < trips; ++k) {
    const std::string iter = "iter" + std::to_string(k);
    const std::string valuePrefix = valueName + "::" + iter + "::";
    const std::string nodePrefix = baseName + "." + iter + ".";
    llvm::StringMap<std::string> to;
    bind(k, valuePrefix, nodePrefix, to);
    for (const onnx::NodeProto &inner : body.node())
      for (const std::string &out : inner.output())
        if (!out.empty())
          to[out] = valuePrefix + out;
    for (const onnx::NodeProto &inner : body.node()) {
      onnx::NodeProto *copy = nodes.Add();
      *copy = inner;
      copy->set_name(nodePrefix + nodeName(inner));
      for (std::string &out : *copy->mutable_output())
        if (!out.empty())
          out = to[out];
      renameReads(*copy, to);
    }
    collect(to);
  }
}

onnx::TensorProto int64Vector(std::initializer_list<int64_t> values) {
  onnx::TensorProto t;
  t.set_data_type(onnx::TensorProto::INT64);
  t.add_dims(int64_t(values.size()));
  for (int64_t v : values)
    t.add_int64_data(v);
  return t;
}

/// The body of `node` if it is a default-domain `opType` (Loop, Scan) with
/// a body and an output present, else null.
const onnx::GraphProto *loopBody(const onnx::NodeProto &node,
                                 llvm::StringRef opType) {
  const onnx::AttributeProto *body = findAttribute(node, "body");
  if (node.op_type() != opType || !isDefaultDomain(node) || !body ||
      !body->has_g() || firstOutput(node).empty())
    return nullptr;
  return &body->g();
}

/// Identity nodes giving `outputs[j]` (those present) the value `last[j]`.
void writeFinalValues(
    google::protobuf::RepeatedPtrField<onnx::NodeProto> &nodes,
    const std::string &baseName, llvm::ArrayRef<std::string> outputs,
    llvm::ArrayRef<std::string> last) {
  for (size_t j = 0; j < outputs.size() && j < last.size(); ++j) {
    if (outputs[j].empty())
      continue;
    onnx::NodeProto *copy = nodes.Add();
    copy->set_op_type("Identity");
    copy->set_name(baseName + ".final." + outputs[j]);
    copy->add_input(last[j]);
    copy->add_output(outputs[j]);
  }
}

/// `out` = the iterations' values `parts` (indexed by iteration), stacked
/// in `order` on a new axis `axis` (negative: of the stacked rank):
/// Unsqueeze each, then Concat.
void writeStack(google::protobuf::RepeatedPtrField<onnx::NodeProto> &nodes,
                const std::string &values, const std::string &baseName,
                const std::string &out, llvm::ArrayRef<std::string> parts,
                llvm::ArrayRef<int64_t> order, int64_t axis) {
  std::string axes = values + "::stack_axes::" + out;
  *nodes.Add() =
      constantNode(baseName + ".stack_axes." + out, axes, int64Vector({axis}));
  onnx::NodeProto concat;
  concat.set_op_type("Concat");
  concat.set_name(baseName + ".stack." + out);
  for (int64_t k : order) {
    std::string stacked =
        values + "::iter" + std::to_string(k) + "::stack::" + out;
    onnx::NodeProto *unsqueeze = nodes.Add();
    unsqueeze->set_op_type("Unsqueeze");
    unsqueeze->set_name(baseName + ".iter" + std::to_string(k) + ".stack." +
                        out);
    unsqueeze->add_input(parts[size_t(k)]);
    unsqueeze->add_input(axes);
    unsqueeze->add_output(stacked);
    concat.add_input(stacked);
  }
  concat.add_output(out);
  onnx::AttributeProto *attr = concat.add_attribute();
  attr->set_name("axis");
  attr->set_type(onnx::AttributeProto::INT);
  attr->set_i(axis);
  *nodes.Add() = std::move(concat);
}

} // namespace

LoopUnrollingResult eyeriss::unrollLoops(
    onnx::GraphProto &graph,
    llvm::function_ref<const onnx::TensorProto *(const std::string &)>
        initializerOf,
    bool refuseOthers) {
  LoopUnrollingResult result;
  llvm::StringMap<const onnx::TensorProto *> constants = constantNodes(graph);
  auto constantOf = [&](const std::string &name) -> const onnx::TensorProto * {
    if (const onnx::TensorProto *init = initializerOf(name))
      return init;
    return constants.lookup(name);
  };

  google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
  std::vector<onnx::TensorProto> initializers;
  for (const onnx::NodeProto &loop : graph.node()) {
    const onnx::GraphProto *bodyGraph = loopBody(loop, "Loop");
    if (!bodyGraph) {
      *nodes.Add() = loop;
      continue;
    }
    const onnx::GraphProto &body = *bodyGraph;
    int64_t trips = 0;
    if (std::string why = checkLoop(loop, body, constantOf, trips);
        !why.empty()) {
      if (refuseOthers) {
        result.badNode = loop;
        result.message = why;
        return result;
      }
      *nodes.Add() = loop;
      continue;
    }
    const int numCarried = loop.input_size() - 2;
    const int numScans = body.output_size() - 1 - numCarried;
    const std::string loopName = nodeName(loop);
    // Every value written in the loop's place starts with its first output.
    const std::string values = firstOutput(loop);
    // Loop outputs: the carried values' last, then the stacked scans.
    for (int j = numCarried; j < loop.output_size(); ++j)
      if (!loop.output(j).empty() && trips == 0) {
        result.badNode = loop;
        result.message = "it runs no iteration, so its scan outputs are "
                         "empty, which are not supported";
        return result;
      }
    for (const onnx::TensorProto &init : body.initializer())
      initializers.push_back(init);
    std::vector<std::string> carried(loop.input().begin() + 2,
                                     loop.input().end());
    std::vector<std::vector<std::string>> scans(numScans);
    writeIterations(
        body, values, loopName, trips, nodes,
        [&](int64_t k, const std::string &valuePrefix,
            const std::string &nodePrefix, llvm::StringMap<std::string> &to) {
          // The iteration number and the condition, as constants.
          onnx::TensorProto number;
          number.set_data_type(onnx::TensorProto::INT64);
          number.add_int64_data(k);
          to[body.input(0).name()] = valuePrefix + body.input(0).name();
          *nodes.Add() = constantNode(nodePrefix + body.input(0).name(),
                                      to[body.input(0).name()], number);
          onnx::TensorProto yes;
          yes.set_data_type(onnx::TensorProto::BOOL);
          yes.add_int32_data(1);
          to[body.input(1).name()] = valuePrefix + body.input(1).name();
          *nodes.Add() = constantNode(nodePrefix + body.input(1).name(),
                                      to[body.input(1).name()], yes);
          for (int j = 0; j < numCarried; ++j)
            to[body.input(2 + j).name()] = carried[j];
        },
        [&](const llvm::StringMap<std::string> &to) {
          auto renamed = [&](const std::string &name) {
            auto it = to.find(name);
            return it != to.end() ? it->second : name;
          };
          for (int j = 0; j < numCarried; ++j)
            carried[j] = renamed(body.output(1 + j).name());
          for (int j = 0; j < numScans; ++j)
            scans[j].push_back(renamed(body.output(1 + numCarried + j).name()));
        });
    std::vector<std::string> outputs(loop.output().begin(),
                                     loop.output().end());
    writeFinalValues(nodes, loopName,
                     llvm::ArrayRef(outputs).take_front(numCarried), carried);
    // Each scan output stacks its iterations' values on a new axis 0.
    std::vector<int64_t> order(static_cast<size_t>(trips));
    std::iota(order.begin(), order.end(), 0);
    for (int j = 0; j < numScans && numCarried + j < loop.output_size(); ++j)
      if (!outputs[numCarried + j].empty())
        writeStack(nodes, values, loopName, outputs[numCarried + j], scans[j],
                   order, 0);
    ++result.unrolled;
  }
  if (result.unrolled) {
    graph.mutable_node()->Swap(&nodes);
    for (onnx::TensorProto &init : initializers)
      graph.add_initializer()->Swap(&init);
  }
  return result;
}

LoopUnrollingResult eyeriss::unrollScans(
    onnx::GraphProto &graph,
    llvm::function_ref<const onnx::TypeProto *(const std::string &)> typeOf,
    bool refuseOthers) {
  LoopUnrollingResult result;
  google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
  std::vector<onnx::TensorProto> initializers;
  for (const onnx::NodeProto &scan : graph.node()) {
    const onnx::GraphProto *bodyGraph = loopBody(scan, "Scan");
    if (!bodyGraph) {
      *nodes.Add() = scan;
      continue;
    }
    const onnx::GraphProto &body = *bodyGraph;
    auto ints = [&](const char *name) {
      std::vector<int64_t> v;
      if (const onnx::AttributeProto *attr = findAttribute(scan, name))
        v.assign(attr->ints().begin(), attr->ints().end());
      return v;
    };
    const onnx::AttributeProto *numAttr =
        findAttribute(scan, "num_scan_inputs");
    const int numScanIn = numAttr ? int(numAttr->i()) : 0;
    const int numStates = scan.input_size() - numScanIn;
    const int numScanOut = body.output_size() - numStates;
    std::vector<int64_t> inAxes = ints("scan_input_axes"),
                         inDirs = ints("scan_input_directions"),
                         outAxes = ints("scan_output_axes"),
                         outDirs = ints("scan_output_directions");
    // Why this Scan cannot be unrolled, or "" with `trips` set.
    int64_t trips = -1;
    std::vector<std::vector<int64_t>> inShapes;
    auto check = [&]() -> std::string {
      if (numScanIn < 1 || numStates < 0 ||
          body.input_size() != numStates + numScanIn || numScanOut < 0)
        return "its body's inputs and outputs do not match its " +
               std::to_string(numScanIn) + " scan inputs";
      for (int j = 0; j < numScanIn; ++j) {
        std::optional<std::vector<int64_t>> shape =
            shapeOf(scan.input(numStates + j), typeOf);
        if (!shape)
          return "the shape of scan input '" + scan.input(numStates + j) +
                 "' is not static";
        auto rank = int64_t(shape->size());
        int64_t axis = j < int(inAxes.size()) ? inAxes[j] : 0;
        if (axis < -rank || axis >= rank)
          return "scan axis " + std::to_string(axis) + " is out of range";
        int64_t extent = (*shape)[size_t(axis < 0 ? axis + rank : axis)];
        if (trips >= 0 && extent != trips)
          return "its scan inputs have " + std::to_string(trips) + " and " +
                 std::to_string(extent) + " positions";
        trips = extent;
        inShapes.push_back(*shape);
      }
      if (trips < 1 || trips > kMaxUnrolledIterations)
        return "it scans " + std::to_string(trips) + " positions; 1 to " +
               std::to_string(kMaxUnrolledIterations) + " are unrolled";
      return "";
    };
    if (std::string why = check(); !why.empty()) {
      if (refuseOthers) {
        result.badNode = scan;
        result.message = why;
        return result;
      }
      *nodes.Add() = scan;
      continue;
    }
    const std::string scanName = nodeName(scan);
    const std::string values = firstOutput(scan);
    for (const onnx::TensorProto &init : body.initializer())
      initializers.push_back(init);
    std::vector<std::string> states(scan.input().begin(),
                                    scan.input().begin() + numStates);
    std::vector<std::vector<std::string>> scans(numScanOut);
    writeIterations(
        body, values, scanName, trips, nodes,
        [&](int64_t k, const std::string &valuePrefix,
            const std::string &nodePrefix, llvm::StringMap<std::string> &to) {
          for (int j = 0; j < numStates; ++j)
            to[body.input(j).name()] = states[j];
          for (int j = 0; j < numScanIn; ++j) {
            auto rank = int64_t(inShapes[j].size());
            int64_t axis = j < int(inAxes.size()) ? inAxes[j] : 0;
            if (axis < 0)
              axis += rank;
            bool reverse = j < int(inDirs.size()) && inDirs[j] != 0;
            int64_t t = reverse ? trips - 1 - k : k;
            const std::string &in = scan.input(numStates + j);
            std::string base = valuePrefix + "slice" + std::to_string(j);
            std::string starts = base + "::starts", ends = base + "::ends",
                        axes = base + "::axes";
            std::string slicePrefix = nodePrefix + "slice" + std::to_string(j);
            *nodes.Add() =
                constantNode(slicePrefix + ".starts", starts, int64Vector({t}));
            *nodes.Add() =
                constantNode(slicePrefix + ".ends", ends, int64Vector({t + 1}));
            *nodes.Add() =
                constantNode(slicePrefix + ".axes", axes, int64Vector({axis}));
            onnx::NodeProto *slice = nodes.Add();
            slice->set_op_type("Slice");
            slice->set_name(nodePrefix + "slice" + std::to_string(j));
            for (const std::string &s : {in, starts, ends, axes})
              slice->add_input(s);
            slice->add_output(base);
            onnx::NodeProto *squeeze = nodes.Add();
            squeeze->set_op_type("Squeeze");
            squeeze->set_name(nodePrefix + "squeeze" + std::to_string(j));
            squeeze->add_input(base);
            squeeze->add_input(axes);
            squeeze->add_output(valuePrefix + body.input(numStates + j).name());
            to[body.input(numStates + j).name()] =
                valuePrefix + body.input(numStates + j).name();
          }
        },
        [&](const llvm::StringMap<std::string> &to) {
          auto renamed = [&](const std::string &name) {
            auto it = to.find(name);
            return it != to.end() ? it->second : name;
          };
          for (int j = 0; j < numStates; ++j)
            states[j] = renamed(body.output(j).name());
          for (int j = 0; j < numScanOut; ++j)
            scans[j].push_back(renamed(body.output(numStates + j).name()));
        });
    std::vector<std::string> outputs(scan.output().begin(),
                                     scan.output().end());
    writeFinalValues(nodes, scanName,
                     llvm::ArrayRef(outputs).take_front(numStates), states);
    for (int j = 0; j < numScanOut && numStates + j < scan.output_size(); ++j) {
      if (outputs[numStates + j].empty())
        continue;
      std::vector<int64_t> order(static_cast<size_t>(trips));
      std::iota(order.begin(), order.end(), 0);
      if (j < int(outDirs.size()) && outDirs[j] != 0)
        std::reverse(order.begin(), order.end());
      writeStack(nodes, values, scanName, outputs[numStates + j], scans[j],
                 order, j < int(outAxes.size()) ? outAxes[j] : 0);
    }
    ++result.unrolled;
  }
  if (result.unrolled) {
    graph.mutable_node()->Swap(&nodes);
    for (onnx::TensorProto &init : initializers)
      graph.add_initializer()->Swap(&init);
  }
  return result;
}
