#pragma once
// The echo-bench report as JSON: {"latency_ms": L, "jitter_ms": J, "chats": K, "runs": [...]}.
#include <cstddef>
#include <span>
#include <string>

#include "tgperf/report/bench_run.hpp"

namespace tgperf::report {

struct BenchSetup {
  double latency_ms = 0;  // the emulator's latency before every response
  double jitter_ms = 0;
  std::size_t chats = 0;
  std::size_t updates = 0;
  bool ordered = false;
};

// Pretty-printed JSON with a trailing newline. Every run has mode, workers, inflight, updates,
// answered, lost, duplicates, out_of_order, seconds, throughput_per_s, bound_per_s (null without
// latency), efficiency (null likewise), cpu_seconds and latency_ms {p50,p90,p99,max} (null when
// nothing was answered), unexplained_duplicates, and faults (null without injected faults, else
// configured, seed, server_errors, resets, drops, stalls, rate_limited, outages, outage_cuts,
// unacknowledged_replies).
std::string render_bench_json(const BenchSetup& setup, std::span<const BenchRun> runs);

}  // namespace tgperf::report
