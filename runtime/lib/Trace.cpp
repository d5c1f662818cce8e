//===- Trace.cpp - Chrome/Perfetto trace of a simulated run ---------------===//

#include "eyeriss/Runtime/Trace.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace eyeriss::runtime;

llvm::StringRef eyeriss::runtime::stringifyTraceTrack(TraceTrack track) {
  switch (track) {
  case TraceTrack::Layers:
    return "layers";
  case TraceTrack::ScanChain:
    return "scan chain";
  case TraceTrack::DRAM:
    return "DRAM interface";
  case TraceTrack::PEArray:
    return "PE array";
  case TraceTrack::Host:
    return "host";
  }
  return "unknown";
}

llvm::json::Value Trace::toJSON(double coreMHz,
                                llvm::StringRef programName) const {
  llvm::json::Array out;
  out.push_back(llvm::json::Object{
      {"name", "process_name"},
      {"ph", "M"},
      {"pid", 0},
      {"args", llvm::json::Object{{"name", programName}}}});
  for (TraceTrack t : {TraceTrack::Layers, TraceTrack::ScanChain,
                       TraceTrack::DRAM, TraceTrack::PEArray, TraceTrack::Host})
    out.push_back(llvm::json::Object{
        {"name", "thread_name"},
        {"ph", "M"},
        {"pid", 0},
        {"tid", int64_t(t)},
        {"args", llvm::json::Object{{"name", stringifyTraceTrack(t)}}}});
  for (const TraceEvent &e : events) {
    llvm::json::Object args = e.args;
    args["cycles"] = e.cycles;
    out.push_back(llvm::json::Object{{"name", e.name},
                                     {"cat", e.category},
                                     {"ph", "X"},
                                     {"pid", 0},
                                     {"tid", int64_t(e.track)},
                                     {"ts", double(e.startCycle) / coreMHz},
                                     {"dur", double(e.cycles) / coreMHz},
                                     {"args", std::move(args)}});
  }
  return llvm::json::Object{{"traceEvents", std::move(out)},
                            {"displayTimeUnit", "ms"}};
}

llvm::Error Trace::writeFile(llvm::StringRef path, double coreMHz,
                             llvm::StringRef programName) const {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_Text);
  if (ec)
    return llvm::createStringError(
        llvm::formatv("cannot write trace '{0}': {1}", path, ec.message())
            .str());
  os << toJSON(coreMHz, programName) << "\n";
  return llvm::Error::success();
}
