// A module that already names its target is not silently retargeted.
// RUN: eyeriss-opt %s --eyeriss-attach-target=arch=eyeriss-v1 | FileCheck %s --check-prefix=SAME
// RUN: not eyeriss-opt %s --eyeriss-attach-target=arch=eyeriss-isca16-256pe 2>&1 | FileCheck %s --check-prefix=REFUSE
// RUN: eyeriss-opt %s --eyeriss-attach-target="arch=eyeriss-isca16-256pe override=true" | FileCheck %s --check-prefix=OVERRIDE

// SAME: #eyeriss.target<"eyeriss-v1">
// REFUSE: error: module already targets 'eyeriss-v1'; refusing to retarget it to 'eyeriss-isca16-256pe' (use override=true)
// OVERRIDE: #eyeriss.target<"eyeriss-isca16-256pe">
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {}
