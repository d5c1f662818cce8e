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

#include <cmath>
#include <cstring>
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
      return std::vector<int64_t>(t.int64_data().begin(), t.int64_data().end());
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
  // A dynamic dimension and float data cannot be folded; nothing that
  // depends on them folds either.
  onnx::GraphProto graph = parseGraph(R"(
agraph (float[N, 4] X, float[3] F) => (float[3] Y, int64[1] Z, int64[3] W)
<int64[1] one = {1}>
{
  S = Shape (X)
  Z = Add (S, one)
  Y = Identity (F)
  C = Cast <to = 7> (F)
  W = Add (C, one)
}
)");
  ShapeFoldingResult result = foldShapeComputations(graph, inputTypes(graph));
  EXPECT_EQ(result.badNode, nullptr);
  EXPECT_EQ(result.folded, 0);
  EXPECT_EQ(opTypes(graph), (std::vector<std::string>{
                                "Shape", "Add", "Identity", "Cast", "Add"}));
}

/// The folded value `name`: its element type, dims and values.
struct Folded {
  int32_t type = 0;
  std::vector<int64_t> dims;
  std::vector<double> values;
};

Folded folded(const onnx::GraphProto &graph, const std::string &name) {
  Folded f;
  for (const onnx::TensorProto &t : graph.initializer()) {
    if (t.name() != name)
      continue;
    f.type = t.data_type();
    f.dims.assign(t.dims().begin(), t.dims().end());
    if (t.data_type() == onnx::TensorProto::FLOAT) {
      std::vector<float> v(t.raw_data().size() / sizeof(float));
      std::memcpy(v.data(), t.raw_data().data(), t.raw_data().size());
      f.values.assign(v.begin(), v.end());
    } else if (t.data_type() == onnx::TensorProto::INT64) {
      f.values.assign(t.int64_data().begin(), t.int64_data().end());
    } else {
      f.values.assign(t.int32_data().begin(), t.int32_data().end());
    }
    return f;
  }
  ADD_FAILURE() << "no initializer " << name;
  return f;
}

TEST(ShapeFoldingTest, EvaluatesTensorOps) {
  // Each op on N-D integer, bool and float constants, against values worked
  // out with numpy.
  struct Case {
    const char *body;
    int32_t type;
    std::vector<int64_t> dims;
    std::vector<double> values;
  };
  const int32_t I64 = onnx::TensorProto::INT64, F32 = onnx::TensorProto::FLOAT,
                BOOL = onnx::TensorProto::BOOL;
  const Case cases[] = {
      {"Y = Range (one, ten, three)", I64, {3}, {1, 4, 7}},
      {"Y = Range (half, two_f, half)", F32, {3}, {0.5, 1, 1.5}},
      // Python's % (the divisor's sign), then C's fmod (the dividend's).
      {"Y = Mod (pm7, pm3)", I64, {2}, {2, -2}},
      {"Y = Mod <fmod = 1> (pm7, pm3)", I64, {2}, {-1, 1}},
      {"Y = Transpose (m23)", I64, {3, 2}, {0, 3, 1, 4, 2, 5}},
      {"Y = Transpose <perm = [1, 0, 2]> (m232)",
       I64,
       {3, 2, 2},
       {0, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11}},
      {"Y = Reshape (m232, zero_minus1)",
       I64,
       {2, 6},
       {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}},
      {"Y = Expand (col3, s232)",
       I64,
       {2, 3, 2},
       {1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3}},
      // Backwards on axis 0 from the last row, every second column.
      {"Y = Slice (m34, starts, ends, axes01, steps)",
       I64,
       {3, 2},
       {8, 10, 4, 6, 0, 2}},
      {"Y = Gather <axis = 1> (m23, idx20)", I64, {2, 2}, {2, 0, 5, 3}},
      {"Y = Concat <axis = 1> (col2, m22)", I64, {2, 3}, {1, 3, 4, 2, 5, 6}},
      {"Z = ConstantOfShape (s23)\n Y = ScatterND (Z, row1, upd)",
       F32,
       {2, 3},
       {0, 0, 0, 7, 8, 9}},
      {"Z = ConstantOfShape <value = float[1] {1}> (s23)\n"
       " Y = ScatterND <reduction = \"add\"> (Z, row1, upd)",
       F32,
       {2, 3},
       {1, 1, 1, 8, 9, 10}},
      {"E = Equal (v123, two)\n Y = Where (E, minus100, f123)",
       F32,
       {3},
       {1, -100, 3}},
      {"E = Equal (v123, two)\n N = Not (E)\n Y = Cast <to = 1> (N)",
       F32,
       {3},
       {1, 0, 1}},
      {"L = Less (v123, three1)\n G = Greater (v123, one)\n"
       " Y = And (L, G)",
       BOOL,
       {3},
       {0, 1, 0}},
      {"L = LessOrEqual (v123, one)\n G = GreaterOrEqual (v123, three1)\n"
       " Y = Or (L, G)",
       BOOL,
       {3},
       {1, 0, 1}},
      {"Y = Pow (f23, two_f)", F32, {2}, {4, 9}},
      {"Y = Pow (two, ten)", I64, {1}, {1024}},
      {"Y = Floor (f25)", F32, {2}, {2, -3}},
      {"Y = Ceil (f25)", F32, {2}, {3, -2}},
      {"Y = Sqrt (f49)", F32, {2}, {2, 3}},
      // A window function's terms, in float32.
      {"Y = Cos (f23)", F32, {2}, {std::cos(2.0f), std::cos(3.0f)}},
      {"Y = Sin (f23)", F32, {2}, {std::sin(2.0f), std::sin(3.0f)}},
      // 4 mel filters over the 17 bins of a 32-point DFT at 16 kHz from
      // 300 to 8000 Hz: numpy on ONNX 1.12's reference algorithm.
      {"Y = MelWeightMatrix (mels4, n32, r16k, f300, f8000)",
       F32,
       {17, 4},
       // One spectrum bin a row.
       // clang-format off
       {0, 0, 0, 0,
        1, 0, 0, 0,
        0, 1, 0, 0,
        0, 0.5, 0.5, 0,
        0, 0, 1, 0,
        0, 0, float(2.0 / 3), float(1.0 / 3),
        0, 0, float(1.0 / 3), float(2.0 / 3),
        0, 0, 0, 1,
        0, 0, 0, 0.75,
        0, 0, 0, 0.5,
        0, 0, 0, 0.25,
        0, 0, 0, 0,
        0, 0, 0, 0,
        0, 0, 0, 0,
        0, 0, 0, 0,
        0, 0, 0, 0,
        0, 0, 0, 0}},
      // clang-format on
      {"Y = Neg (pm7)", I64, {2}, {7, -7}},
      {"Y = Cast <to = 7> (f27)", I64, {2}, {2, -2}},
      {"Y = Div (f23, two_f)", F32, {2}, {1, 1.5}},
      // Huge steps, exact comparison of int64s doubles cannot tell apart,
      // an integer to a float power (truncated), Range near int64's ends.
      {"Y = Slice (v123, zero1, max, zero1, max)", I64, {1}, {1}},
      {"Y = Slice (v123, max, min, zero1, min)", I64, {1}, {3}},
      {"Y = Equal (max, maxm1)", BOOL, {1}, {0}},
      {"Y = Pow (ten, half)", I64, {1}, {3}},
      {"Y = Range (maxm1s, maxs, ones)", I64, {1}, {9223372036854775806.0}},
      // Exporters write the end of an open slice as INT64_MAX.
      {"Y = Slice (v123, one, max, zero1)", I64, {2}, {2, 3}},
      // Triangles of each matrix: above the diagonal (a causal mask), on
      // and below it, shifted by k both ways and past the matrix.
      {"Y = Trilu (m34, ones)",
       I64,
       {3, 4},
       {0, 1, 2, 3, 0, 0, 6, 7, 0, 0, 0, 11}},
      {"Y = Trilu <upper = 0> (m34)",
       I64,
       {3, 4},
       {0, 0, 0, 0, 4, 5, 0, 0, 8, 9, 10, 0}},
      {"Y = Trilu <upper = 0> (m34, minus1s)",
       I64,
       {3, 4},
       {0, 0, 0, 0, 4, 0, 0, 0, 8, 9, 0, 0}},
      {"Y = Trilu (m232, max)",
       I64,
       {2, 3, 2},
       {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
      {"Z = ConstantOfShape <value = float[1] {-1e9}> (s23)\n"
       " Y = Trilu (Z, ones)",
       F32,
       {2, 3},
       {0, -1e9, -1e9, 0, 0, -1e9}},
  };
  for (const Case &c : cases) {
    std::string text = std::string(R"(
agraph (float[1] X) => (float[1] R)
<int64[1] one = {1}, int64[1] two = {2}, int64[1] three = {3},
 int64[1] three1 = {3}, int64[1] ten = {10}, int64[1] zero1 = {0},
 int64[1] max = {9223372036854775807},
 int64[1] maxm1 = {9223372036854775806}, int64[1] min = {-9223372036854775808},
 int64 maxs = {9223372036854775807}, int64 maxm1s = {9223372036854775806},
 int64 ones = {1}, int64 minus1s = {-1},
 float[1] half = {0.5}, float[1] two_f = {2.0}, float[1] minus100 = {-100.0},
 int64[2] pm7 = {-7, 7}, int64[2] pm3 = {3, -3},
 int64[2, 3] m23 = {0, 1, 2, 3, 4, 5},
 int64[2, 3, 2] m232 = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
 int64[3, 4] m34 = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
 int64[2, 2] m22 = {3, 4, 5, 6}, int64[2, 1] col2 = {1, 2},
 int64[3, 1] col3 = {1, 2, 3}, int64[3] s232 = {2, 3, 2},
 int64[2] s23 = {2, 3}, int64[2] zero_minus1 = {0, -1},
 int64[2] starts = {-1, 0}, int64[2] ends = {-100, 4},
 int64[2] axes01 = {0, 1}, int64[2] steps = {-1, 2}, int64[2] idx20 = {2, 0},
 int64[1, 1] row1 = {1}, float[1, 3] upd = {7.0, 8.0, 9.0},
 int64[3] v123 = {1, 2, 3}, float[3] f123 = {1.0, 2.0, 3.0},
 float[2] f23 = {2.0, 3.0}, float[2] f25 = {2.5, -2.5},
 float[2] f49 = {4.0, 9.0}, float[2] f27 = {2.7, -2.7},
 int32 mels4 = {4}, int32 n32 = {32}, int32 r16k = {16000},
 float f300 = {300.0}, float f8000 = {8000.0}>
{
  )") + c.body + "\n  R = Identity (X)\n}\n";
    onnx::GraphProto graph = parseGraph(text.c_str());
    // Y is read by nothing: an output, so that it is kept.
    graph.add_output()->set_name("Y");
    ShapeFoldingResult result = foldShapeComputations(graph, inputTypes(graph));
    ASSERT_EQ(result.badNode, nullptr) << c.body << ": " << result.message;
    Folded y = folded(graph, "Y");
    EXPECT_EQ(y.type, c.type) << c.body;
    EXPECT_EQ(y.dims, c.dims) << c.body;
    EXPECT_EQ(y.values, c.values) << c.body;
  }
}

TEST(ShapeFoldingTest, ListsTheOpTypesItEvaluatesSortedOnce) {
  // eyeriss-compile --print-folded-ops prints this list; the ONNX node-test
  // runner groups tests by it.
  llvm::ArrayRef<llvm::StringLiteral> types = foldableOpTypes();
  EXPECT_EQ(types.size(), 41u);
  for (size_t i = 1; i < types.size(); ++i)
    EXPECT_LT(types[i - 1], types[i]) << types[i].str();
  EXPECT_TRUE(llvm::is_contained(types, "Trilu"));
  EXPECT_TRUE(llvm::is_contained(types, "Shape"));
  EXPECT_TRUE(llvm::is_contained(types, "Size"));
  EXPECT_TRUE(llvm::is_contained(types, "EyeLike"));
  EXPECT_TRUE(llvm::is_contained(types, "MelWeightMatrix"));
}

TEST(ShapeFoldingTest, EvaluatesSizeAndEyeLikeFromTheShapeAlone) {
  // X is a run-time input: only its static shape is known, which is all
  // Size and EyeLike read. EyeLike of a complex input type is left alone.
  onnx::GraphProto graph = parseGraph(R"(
agraph (float[2, 3] X) => (int64 N, int64[2, 3] E, float Y)
{
  N = Size (X)
  E = EyeLike <k = 1, dtype = 7> (X)
  Y = ReduceSum <keepdims = 0> (X)
}
)");
  ShapeFoldingResult result = foldShapeComputations(graph, inputTypes(graph));
  EXPECT_EQ(result.badNode, nullptr) << result.message;
  EXPECT_EQ(result.folded, 2);
  EXPECT_EQ(opTypes(graph), std::vector<std::string>{"ReduceSum"});
  EXPECT_EQ(initializer(graph, "N"), std::vector<int64_t>{6});
  EXPECT_EQ(initializer(graph, "E"),
            (std::vector<int64_t>{0, 1, 0, 0, 0, 1}));
}

TEST(ShapeFoldingTest, RefusesWhatCannotBeEvaluated) {
  struct Case {
    const char *body, *node, *message;
  };
  const Case cases[] = {
      {"Y = Gather <axis = 0> (S, five)", "Y",
       "index 5 is out of range for 4 values"},
      {"Y = Div (S, zeros)", "Y", "integer division by zero"},
      {"Y = Squeeze (S, axis0)", "Y", "Squeeze of dimension 0, which is not 1"},
      {"Y = Unsqueeze (S, twice)", "Y",
       "Unsqueeze axes are out of range or repeated"},
      {"Y = Mod (S, zeros)", "Y", "integer modulo by zero"},
      {"Y = Range (one, five, zero)", "Y", "Range with delta 0"},
      {"Y = Reshape (S, three)", "Y", "Reshape of 4 elements to 3"},
      {"Y = Reshape (S, minus1_twice)", "Y",
       "Reshape infers more than one dimension"},
      {"Y = Transpose <perm = [0, 0]> (S)", "Y",
       "Transpose's perm is not a permutation of the input's dimensions"},
      {"Y = ScatterND (S, five2, one)", "Y",
       "ScatterND index 5 is out of range for 4 values"},
      {"Y = Slice (S, one, five, zero, zero)", "Y", "Slice step 0"},
      {"Y = Cast <to = 7> (huge)", "Y",
       "Cast of 1e+30 to an integer is out of range"},
      {"Y = Div (min, minus1)", "Y", "integer arithmetic overflows int64"},
      {"Y = Mul (min, minus1)", "Y", "integer arithmetic overflows int64"},
      {"Y = Neg (min)", "Y", "Neg of the smallest int64 overflows"},
      {"Y = Reshape (S, huge_shape)", "Y",
       "Reshape to more elements than int64 counts"},
      {"Y = MelWeightMatrix (mels4, n32, r8k, f300, f8000)", "Y",
       "MelWeightMatrix's upper_edge_hertz 8000.00 lies beyond the 17 bins "
       "of a 32-point DFT at 8000 Hz (up to 4000 Hz)"},
      {"Y = MelWeightMatrix (mels4, n32, r8k, f8000, f300)", "Y",
       "MelWeightMatrix needs 0 <= lower_edge_hertz < upper_edge_hertz"},
      {"Y = MelWeightMatrix (zero32, n32, r8k, f300, f8000)", "Y",
       "MelWeightMatrix needs num_mel_bins, dft_length and sample_rate of "
       "at least 1"},
  };
  for (const Case &c : cases) {
    std::string text = std::string(R"(
agraph (float[1, 4, 3, 3] X) => (int64[4] Y)
<int64[1] min = {-9223372036854775808}, int64[1] minus1 = {-1},
 int64[2] huge_shape = {4611686018427387904, 4},
 int64[1] five = {5}, int64[4] zeros = {1, 0, 1, 1}, int64[1] axis0 = {0},
 int64[2] twice = {0, 0}, int64[1] one = {1}, int64[1] zero = {0},
 int64[1] three = {3}, int64[2] minus1_twice = {-1, -1},
 int64[1, 1] five2 = {5}, float[1] huge = {1e30}, int32 mels4 = {4},
 int32 n32 = {32}, int32 r8k = {8000}, int32 zero32 = {0},
 float f300 = {300.0}, float f8000 = {8000.0}>
{
  S = Shape (X)
  )") + c.body + "\n}\n";
    onnx::GraphProto graph = parseGraph(text.c_str());
    ShapeFoldingResult result = foldShapeComputations(graph, inputTypes(graph));
    ASSERT_NE(result.badNode, nullptr) << c.body;
    EXPECT_EQ(result.badNode->output(0), c.node);
    EXPECT_EQ(result.message, c.message);
  }
}

} // namespace
