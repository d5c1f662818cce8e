//===- Trace.h - Chrome/Perfetto trace of a simulated run -------*- C++ -*-===//
//
// Complete events ("ph": "X") in the Trace Event Format that chrome://tracing
// and ui.perfetto.dev read: one track per unit (scan chain, DRAM interface,
// PE array, host) and one for layers, timestamps in microseconds of
// simulated time at the run's core clock.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_RUNTIME_TRACE_H
#define EYERISS_RUNTIME_TRACE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <cstdint>
#include <string>
#include <vector>

namespace eyeriss {
namespace runtime {

enum class TraceTrack { Layers = 0, ScanChain, DRAM, PEArray, Host };
llvm::StringRef stringifyTraceTrack(TraceTrack track);

struct TraceEvent {
  std::string name;
  std::string category;
  TraceTrack track = TraceTrack::PEArray;
  int64_t startCycle = 0;
  int64_t cycles = 0;
  /// Extra fields for the event's "args" (e.g. active PEs, bytes).
  llvm::json::Object args;
};

class Trace {
public:
  void add(TraceEvent event) { events.push_back(std::move(event)); }
  const std::vector<TraceEvent> &getEvents() const { return events; }
  /// The trace as Trace Event Format JSON at `coreMHz`.
  llvm::json::Value toJSON(double coreMHz, llvm::StringRef programName) const;
  llvm::Error writeFile(llvm::StringRef path, double coreMHz,
                        llvm::StringRef programName) const;

private:
  std::vector<TraceEvent> events;
};

} // namespace runtime
} // namespace eyeriss

#endif // EYERISS_RUNTIME_TRACE_H
