#pragma once
// echo-bench (module bench: a harness above bot, emulator and report): the same echo bot, the same emulated network latency, three dispatch models.
//
// Each run starts a fresh in-process emulator (ephemeral loopback port, real HTTP) holding
// `updates` text messages over `chats` chats, all available at the start (a backlog, so the bot's
// dispatch model is the only limit), points the echo bot at it in one mode, and waits until the
// emulator's ledger says every update was answered (or the run's deadline passed). The figures
// come from the emulator's ledger, not from the bot: what the users would see.
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "tgperf/bench/delivery.hpp"
#include "tgperf/bot/dispatch_mode.hpp"
#include "tgperf/core/duration.hpp"
#include "tgperf/emulator/fault_model.hpp"
#include "tgperf/report/bench_run.hpp"

namespace tgperf::bench {

using bot::DispatchMode;

struct EchoBenchOptions {
  std::vector<DispatchMode> modes{DispatchMode::sync, DispatchMode::threaded, DispatchMode::async};
  std::vector<std::size_t> workers{1, 4, 16, 64};  // one threaded run per entry
  std::vector<std::size_t> inflight{256};          // one async run per entry
  // One run per delivery for every mode (webhook: sync and threaded; the webhook receiver has no
  // event-loop dispatch, so async runs poll only).
  std::vector<Delivery> deliveries{Delivery::polling};
  int max_connections = kDefaultMaxConnections;  // the webhook runs' setWebhook max_connections
  // 0: a backlog (every update available at the start: the dispatch is the only limit). Otherwise
  // open-loop arrivals at this many per second whatever the bot does; the ledger measures each
  // update's latency from its scheduled arrival, so a bot that falls behind cannot hide its queue
  // (no coordinated omission).
  double rate_per_s = 0;
  std::size_t updates = 2000;
  // When non-zero, a run whose Little's-law bound says it would take longer than this gets fewer
  // updates (bound x budget, at least kMinRunUpdates): the slow sync and 1-worker runs make their
  // point in a few seconds instead of minutes. Zero: every run gets `updates`.
  Duration slow_run_budget{0};
  std::size_t chats = 100;
  Duration latency = std::chrono::milliseconds(50);  // before every API response (the wiki's "good" ping)
  Duration jitter{0};
  bool ordered = false;  // replies of one chat one after another
  // Longest a run may take before it is cut off and its unanswered updates count as lost (a run
  // cut by a stop request instead is marked interrupted, and they count as unanswered);
  // zero: derived from the bound (10x the expected time, at least 30 s; with faults at least 60 s
  // plus the outages and the time stalls can cost).
  Duration run_timeout{0};
  // Faults the emulator injects in every run (each run is a fresh emulator with the same seed).
  // A stall_for of zero means "past the bot's timeout": request timeout + poll timeout + 1 s.
  emulator::FaultOptions faults{.rules = {}, .stall_for = Duration::zero(), .retry_after_s = 1, .outages = {}, .seed = {}};
  // The bot's limit for one answer (zero: max(2 s, 4 x (latency + jitter))).
  Duration request_timeout{0};
};

// The bot's request timeout and the stall length a run uses (the zero defaults resolved).
Duration effective_request_timeout(const EchoBenchOptions& options);
Duration effective_stall_for(const EchoBenchOptions& options);
// The long-poll timeout of the bench's bot.
inline constexpr std::chrono::seconds kBenchPollTimeout{1};

// Checks ranges (at least one mode, positive counts, sane limits); UsageError naming the flag.
void validate(const EchoBenchOptions& options);

// The fewest updates a run trimmed by slow_run_budget gets.
inline constexpr std::size_t kMinRunUpdates = 50;

// The updates one run is offered: `updates`, or fewer under slow_run_budget. `concurrency` is 1 for
// sync, N workers, M in flight.
std::size_t run_updates(const EchoBenchOptions& options, std::size_t concurrency);

struct BenchProgress {
  std::size_t run;       // 1-based index of this run
  std::size_t runs;      // how many runs are planned
  std::string label;     // "threaded 16 workers"
  std::size_t answered;  // so far in this run
  std::size_t total;
  Duration elapsed;
};
using BenchObserver = std::function<void(const BenchProgress&)>;
using RunObserver = std::function<void(const report::BenchRun&)>;

// Runs every configured run in order (sync, then threaded per worker count, then async per
// in-flight count; each of them once per delivery, polling first). A stop request ends the run under way at once (its bot stops polling and
// abandons the replies in flight; the run is reported with what the emulator saw so far) and
// starts no further run. `observer` is called from the calling thread once when a run is under way
// (its bot started, answered 0) and then a few times a second; `on_run` with each finished run,
// as soon as it ends (so a report can show it at once).
std::vector<report::BenchRun> run_echo_bench(const EchoBenchOptions& options, std::stop_token stop = {},
                                             const BenchObserver& observer = nullptr,
                                             const RunObserver& on_run = nullptr);

// The theoretical ceiling of a run, by Little's law: updates in flight / latency, where at most
// `concurrency` replies are in flight (1 for sync, N workers, M requests), never more than one
// getUpdates batch (100 updates: a long-polling loop takes in at most 100 per round trip), and with
// `ordered` never more than one per chat. None when the latency is zero.
std::optional<double> bench_bound_per_s(std::size_t concurrency, Duration latency,
                                        std::size_t chats = 0, bool ordered = false);

// The bound of one run: bench_bound_per_s for polling; for a webhook, webhook_bound_per_s with the
// emulator's latency before each delivery and one sendMessage round trip as the handler time; a sync
// handler runs on the receiver's connection thread, so its concurrency is max_connections, and an
// ordered threaded run has at most one handler per chat. None when the latency is zero.
std::optional<double> run_bound_per_s(const EchoBenchOptions& options, Delivery delivery, DispatchMode mode,
                                      std::size_t concurrency, Duration latency);

}  // namespace tgperf::bench
