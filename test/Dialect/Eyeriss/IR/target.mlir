// The eyeriss.target module attribute: valid forms round-trip, bad ones are
// refused with the reason.
// RUN: eyeriss-opt %s -split-input-file -verify-diagnostics | FileCheck %s

// CHECK: module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">}
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {}

// -----

// CHECK: module attributes {eyeriss.target = #eyeriss.target<"eyeriss-isca16-256pe">}
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-isca16-256pe">} {}

// -----

// expected-error @+1 {{cannot load architecture 'no-such-chip'}}
module attributes {eyeriss.target = #eyeriss.target<"no-such-chip">} {}

// -----

// expected-error @+1 {{'eyeriss.target' must be an #eyeriss.target attribute}}
module attributes {eyeriss.target = "eyeriss-v1"} {}

// -----

module {
  // expected-error @+1 {{'eyeriss.target' is only allowed on a module}}
  func.func @f() attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
    return
  }
}

// -----

// expected-error @+1 {{unknown eyeriss attribute 'eyeriss.mapping'}}
module attributes {eyeriss.mapping = 1} {}
