// RUN: eyeriss-opt %s --eyeriss-attach-target | FileCheck %s --check-prefix=V1
// RUN: eyeriss-opt %s --eyeriss-attach-target=arch=eyeriss-isca16-256pe | FileCheck %s --check-prefix=ISCA
// RUN: eyeriss-opt %s --eyeriss-attach-target=arch=%S/Inputs/small-array.json | FileCheck %s --check-prefix=FILE
// RUN: not eyeriss-opt %s --eyeriss-attach-target=arch=%S/Inputs/bad-rows.json 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not eyeriss-opt %s --eyeriss-attach-target=arch=%t.missing.json 2>&1 | FileCheck %s --check-prefix=MISSING

// V1: module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">}
// ISCA: module attributes {eyeriss.target = #eyeriss.target<"eyeriss-isca16-256pe">}
// FILE: module attributes {eyeriss.target = #eyeriss.target<"{{.*}}small-array.json">}
// BAD: error: cannot load architecture '{{.*}}bad-rows.json': {{.*}}bad-rows.json: pe_array.rows: {{.*}}
// MISSING: error: cannot load architecture '{{.*}}.missing.json'
module {
  func.func @f() {
    return
  }
}
