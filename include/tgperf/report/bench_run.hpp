#pragma once
// The outcome of one echo-bench run (one dispatch mode at one concurrency), as plain values for
// the table, the bar chart and the JSON report. Durations leave the program here, so the units are
// in the names.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "tgperf/emulator/fault_model.hpp"

namespace tgperf::report {

// Quantiles of the latency from "update available" to "reply arrived", in milliseconds.
struct BenchLatencyMs {
  double p50 = 0;
  double p90 = 0;
  double p99 = 0;
  double max = 0;
};

// Faults the emulator injected during a run, by kind (emulator::FaultCounts), with what was asked
// for and the seed that replays the draws.
struct BenchFaults {
  emulator::FaultCounts counts;  // its unacknowledged_replies: duplicates up to this many are
                                 // explained by faults (each lost answer may come back as a retry)
  std::uint64_t seed = 0;        // --seed that replays these draws
  std::string configured;        // what was asked for: "drop 10%, outage 1s at 300ms"
};

struct BenchRun {
  std::string mode;            // "sync", "threaded" or "async"
  std::string delivery = "polling";  // how the bot got its updates: "polling" or "webhook"
  std::size_t workers = 0;     // threads handling updates (1 for sync, 0 for async)
  std::size_t inflight = 0;    // requests in flight at most (async only, 0 otherwise)
  std::size_t connections = 0;  // webhook: setWebhook's max_connections (0 when polling)
  bool ordered = false;        // replies of one chat kept in order
  std::size_t updates = 0;     // updates the emulator offered
  std::size_t answered = 0;    // updates answered at least once
  std::size_t lost = 0;        // updates never answered in a run that ran to its end or its deadline
  // A run cut by a stop request (Ctrl-C, SIGTERM) before every update was answered: what it did not
  // answer is `unanswered`, and nothing is counted lost.
  bool interrupted = false;
  std::size_t unanswered = 0;
  std::size_t duplicates = 0;  // extra replies to an already answered update
  std::size_t out_of_order = 0;  // replies that arrived before an earlier update of the same chat
  double seconds = 0;            // wall time from the first update available to the last reply
  double throughput_per_s = 0;   // answered / seconds
  std::optional<double> bound_per_s;  // 1/L, N/L or M/L; none when L is 0 (no latency bound)
  std::optional<double> efficiency;   // throughput / bound
  // Open-loop runs (--rate): the arrival rate offered, whatever the bot did; none for a backlog.
  std::optional<double> offered_per_s;
  std::string bot_error;              // why the bot ended before the run did (empty: it did not)
  double cpu_seconds = 0;             // user + system CPU of the whole process during the run
  std::optional<BenchLatencyMs> latency_ms;  // none when nothing was answered
  std::optional<BenchFaults> faults;         // none when no faults were injected on purpose
  // Webhook: deliveries of an update delivered before (its acknowledgement failed or was lost); the
  // bot may answer each again, so each explains a duplicate, as Telegram's re-deliveries do.
  std::size_t redeliveries = 0;

  // Duplicates beyond what injected faults and webhook re-deliveries explain (all of them
  // without either): a bot bug.
  std::size_t unexplained_duplicates() const {
    const std::size_t explained = (faults ? faults->counts.unacknowledged_replies : 0) + redeliveries;
    return duplicates > explained ? duplicates - explained : 0;
  }
};

}  // namespace tgperf::report
