#pragma once
// The echo-bench report as JSON: {"latency_ms": L, "jitter_ms": J, "chats": K, "runs": [...]}.
#include <cstddef>
#include <optional>
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
  std::size_t max_connections = 0;     // the webhook runs' setWebhook max_connections
  std::optional<double> rate_per_s;    // open-loop arrivals; none for a backlog
  bool interrupted = false;            // a signal ended the bench before its last run
};

// Pretty-printed JSON with a trailing newline; the setup adds max_connections and rate_per_s (null
// for a backlog), and the document has interrupted (a signal cut it). Every run has interrupted and
// unanswered (what a cut run did not answer; its lost is 0), and mode, delivery ("polling" or "webhook"), max_connections (null when polling), offered_per_s (null for a
// backlog), bot_error (null unless the bot ended early), workers, inflight, updates,
// answered, lost, duplicates, out_of_order, seconds, throughput_per_s, bound_per_s (null without
// latency), efficiency (null likewise), cpu_seconds and latency_ms {p50,p90,p99,max} (null when
// nothing was answered), redeliveries (webhook), unexplained_duplicates, and faults (null without injected faults, else
// configured, seed, server_errors, resets, drops, stalls, rate_limited, outages, outage_cuts,
// unacknowledged_replies).
std::string render_bench_json(const BenchSetup& setup, std::span<const BenchRun> runs);

}  // namespace tgperf::report
