// The workload of grouped AlexNet (batch 4): per-layer MACs must equal JSSC
// 2017 Table V (CONV1 421.66 M, CONV2 895.79 M, CONV3 598.1 M, CONV4 448.6 M,
// CONV5 299.0 M; 2.66 G in all), and the IR is left unchanged.
// RUN: eyeriss-opt %eyeriss_src_root/examples/alexnet-grouped.mlir --eyeriss-print-workload -o %t.mlir | FileCheck %s
// RUN: eyeriss-opt %eyeriss_src_root/examples/alexnet-grouped.mlir -o %t.ref.mlir
// RUN: diff %t.mlir %t.ref.mlir
// RUN: eyeriss-opt %eyeriss_src_root/examples/alexnet-grouped.mlir --eyeriss-print-workload=format=json -o /dev/null | FileCheck %s --check-prefix=JSON
// RUN: not eyeriss-opt %eyeriss_src_root/examples/alexnet-grouped.mlir --eyeriss-print-workload=format=xml -o /dev/null 2>&1 | FileCheck %s --check-prefix=BADFMT

// CHECK:      layer  op          N     C     M     H     W    R    S     E     F  U  G            MACs      weights
// CHECK-NEXT: conv1  conv2d      4     3    96   227   227   11   11    55    55  4  1       421660800        34848
// CHECK-NEXT: conv2  conv2d      4    96   256    27    27    5    5    27    27  1  2       895795200       307200
// CHECK-NEXT: conv3  conv2d      4   256   384    13    13    3    3    13    13  1  1       598081536       884736
// CHECK-NEXT: conv4  conv2d      4   384   384    13    13    3    3    13    13  1  2       448561152       663552
// CHECK-NEXT: conv5  conv2d      4   384   256    13    13    3    3    13    13  1  2       299040768       442368
// CHECK-NEXT: fc6    fc          4  9216  4096     1     1    1    1     1     1  1  1       150994944     37748736
// CHECK-NEXT: fc7    fc          4  4096  4096     1     1    1    1     1     1  1  1        67108864     16777216
// CHECK-NEXT: fc8    fc          4  4096  1000     1     1    1    1     1     1  1  1        16384000      4096000
// CHECK-NEXT: total 2897627264 60954656

// JSON: "layers": [
// JSON:     "name": "conv1",
// JSON:     "macs": 421660800,
// JSON: "total_macs": 2897627264

// BADFMT: error: unknown format 'xml' (expected 'table' or 'json')
