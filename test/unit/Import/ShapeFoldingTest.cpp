//===- ShapeFoldingTest.cpp - the importer's shape arithmetic -------------===//
//
// The evaluator on graphs written in ONNX text form: what folds, what is
// left alone, and the errors ONNX's own shape inference does not reach
// first.
//
//===----------------------------------------------------------------------===//

#include "ShapeFolding.h"

#include "onnx/defs/parser.h"

#include "gtest/gtest.h"

#include <vector>

using namespace eyeriss;

namespace {

onnx::GraphProto parseGraph(const char *text) {
  onnx::GraphProto graph;
  onnx::OnnxParser parser(text);
  onnx::Common::Status status = parser.Parse(graph);
  EXPECT_TRUE(status.IsOK()) << status.ErrorMessage();
  return graph;
}

/// Types of the graph's inputs (what shape inference would give Shape).
llvm::StringMap<onnx::TypeProto> inputTypes(const onnx::GraphProto &graph) {
  llvm::StringMap<onnx::TypeProto> types;
  for (const onnx::ValueInfoProto &input : graph.input())
    types[input.name()] = input.type();
  return types;
}

std::vector<int64_t> initializer(const onnx::GraphProto &graph,
                                 const std::string &name) {
  for (const onnx::TensorProto &t : graph.initializer())
    if (t.name() == name) {
      EXPECT_EQ(t.data_type(), onnx::TensorProto::INT64);
      return std::vector<int64_t>(t.int64_data().begin(),
                                  t.int64_data().end());
    }
  ADD_FAILURE() << "no initializer " << name;
  return {};
}

std::vector<std::string> opTypes(const onnx::GraphProto &graph) {
  std::vector<std::string> ops;
  for (const onnx::NodeProto &node : graph.node())
    ops.push_back(node.op_type());
  return ops;
}

TEST(ShapeFoldingTest, EvaluatesShapeArithmetic) {
  onnx::GraphProto graph = parseGraph(R"(
agraph (float[2, 6, 4, 5] X) => (float[2, 3, 2, 20] Y, int64[1] Neg, int64 Q)
<int64[1] one = {1}, int64[1] two = {2}, int64 zero = {0}, int64[1] axis0 = {0}>
{
  S = Shape (X)
  C = Gather <axis = 0> (S, one)
  G = Div (C, two)
  N = Gather <axis = 0> (S, zero)
  NU = Unsqueeze (N, axis0)
  HW = Shape <start = 2> (X)
  Tail = Slice (HW, one, two)
  Neg = Sub (zero, Tail)
  Prod = Mul (Tail, HW)
  Q = Squeeze (NU, axis0)
  T = Concat <axis = 0> (NU, G, two, Prod)
  Y = Reshape (X, T)
}
)");
  ShapeFoldingResult result = foldShapeComputations(graph, inputTypes(graph));
  EXPECT_EQ(result.badNode, nullptr) << result.message;
  EXPECT_EQ(result.folded, 11);
  EXPECT_EQ(opTypes(graph), std::vector<std::string>{"Reshape"});
  EXPECT_EQ(initializer(graph, "T"), (std::vector<int64_t>{2, 3, 2, 20, 25}));
  EXPECT_EQ(initializer(graph, "Neg"), std::vector<int64_t>{-5});
  EXPECT_EQ(initializer(graph, "Q"), std::vector<int64_t>{2});
  // Intermediates nothing reads any more are not kept.
  for (const onnx::TensorProto &init : graph.initializer())
    EXPECT_NE(init.name(), "Prod");
}

TEST(ShapeFoldingTest, EvaluatesTheClassTokenExpand) {
  // The vision transformer's x.expand(n, -1, -1) as PyTorch exports it: -1
  // entries replaced by 1 through ConstantOfShape, Equal and Where.
  onnx::GraphProto graph = parseGraph(R"(
agraph (float[1, 1, 4] X) => (float[1, 1, 4] Y)
<int64[3] target = {1, -1, -1}, int64[1] rank = {3}, int64 minus_one = {-1}>
{
  ones = ConstantOfShape <value = int64[1] {1}> (rank)
  neg = Mul (ones, minus_one)
  keep = Equal (target, neg)
  shape = Where (keep, ones, target)
  Y = Expand (X, shape)
}
)");
  ShapeFoldingResult result = foldShapeComputations(graph, inputTypes(graph));
  EXPECT_EQ(result.badNode, nullptr) << result.message;
  EXPECT_EQ(result.folded, 4);
  EXPECT_EQ(opTypes(graph), std::vector<std::string>{"Expand"});
  EXPECT_EQ(initializer(graph, "shape"), (std::vector<int64_t>{1, 1, 1}));
  // Equal's bool mask was read only by the folded Where: not kept (a bool
  // initializer would be refused by the importer).
  for (const onnx::TensorProto &init : graph.initializer())
    EXPECT_NE(init.name(), "keep");
}

TEST(ShapeFoldingTest, LeavesRunTimeValuesAlone) {
  // A dynamic dimension, float data and a cast to float cannot be folded;
  // nothing that depends on them folds either.
  onnx::GraphProto graph = parseGraph(R"(
agraph (float[N, 4] X, float[3] F) => (float[3] Y, int64[1] Z, float[2] W)
<int64[1] one = {1}>
{
  S = Shape (X)
  Z = Add (S, one)
  Y = Identity (F)
  C = Cast <to = 1> (one)
  W = Concat <axis = 0> (C, C)
}
)");
  ShapeFoldingResult result = foldShapeComputations(graph, inputTypes(graph));
  EXPECT_EQ(result.badNode, nullptr);
  EXPECT_EQ(result.folded, 0);
  EXPECT_EQ(opTypes(graph),
            (std::vector<std::string>{"Shape", "Add", "Identity", "Cast",
                                      "Concat"}));
}

TEST(ShapeFoldingTest, RefusesWhatCannotBeEvaluated) {
  struct Case {
    const char *body, *node, *message;
  };
  const Case cases[] = {
      {"Y = Gather <axis = 0> (S, five)", "Y",
       "index 5 is out of range for 4 values"},
      {"Y = Div (S, zeros)", "Y", "integer division by zero"},
      {"Y = Squeeze (S, axis0)", "Y",
       "Squeeze of dimension 0, which is not 1"},
      {"Y = Unsqueeze (S, twice)", "Y",
       "Unsqueeze axes are out of range or repeated"},
  };
  for (const Case &c : cases) {
    std::string text = std::string(R"(
agraph (float[1, 4, 3, 3] X) => (int64[4] Y)
<int64[1] five = {5}, int64[4] zeros = {1, 0, 1, 1}, int64[1] axis0 = {0},
 int64[2] twice = {0, 0}>
{
  S = Shape (X)
  )") + c.body + "\n}\n";
    onnx::GraphProto graph = parseGraph(text.c_str());
    ShapeFoldingResult result =
        foldShapeComputations(graph, inputTypes(graph));
    ASSERT_NE(result.badNode, nullptr) << c.body;
    EXPECT_EQ(result.badNode->output(0), c.node);
    EXPECT_EQ(result.message, c.message);
  }
}

} // namespace
