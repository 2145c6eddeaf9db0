#include "tgperf/bench/echo_bench.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <stop_token>
#include <thread>

#include "tgperf/bot/echo_bot.hpp"
#include "tgperf/core/cpu_time.hpp"
#include "tgperf/core/plural.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/emulator/emulator.hpp"
#include "tgperf/webhook/webhook_echo_bot.hpp"

namespace tgperf::bench {

using bot::EchoBotOptions;
using bot::run_echo_bot;

namespace {

using namespace std::chrono_literals;

constexpr std::size_t kMaxWorkers = 1024;
constexpr std::size_t kMaxInflight = 10000;
constexpr std::size_t kMaxUpdates = 1'000'000;
constexpr std::size_t kMaxChats = 100'000;
constexpr double kMaxRate = 1'000'000;
// The bench's bot token: well formed, obviously fake, and never printed anyway.
constexpr const char* kBenchToken = "123456:echo-bench-token-not-a-secret";

struct RunPlan {
  DispatchMode mode;
  std::size_t workers = 0;
  std::size_t inflight = 0;
  std::size_t updates = 0;
  Delivery delivery = Delivery::polling;
  std::size_t concurrency() const { return mode == DispatchMode::async ? inflight : std::max<std::size_t>(workers, 1); }
};

std::string mode_label(const RunPlan& plan) {
  switch (plan.mode) {
    case DispatchMode::sync: return "sync";
    case DispatchMode::threaded: return "threaded " + counted(static_cast<std::int64_t>(plan.workers), "worker");
    case DispatchMode::async: return fmt::format("async {} in flight", plan.inflight);
  }
  return "?";
}

std::string run_label(const RunPlan& plan) {
  return plan.delivery == Delivery::polling ? mode_label(plan) : mode_label(plan) + " (webhook)";
}

std::optional<double> plan_bound(const EchoBenchOptions& options, const RunPlan& plan, Duration latency) {
  return run_bound_per_s(options, plan.delivery, plan.mode, plan.concurrency(), latency);
}

// The updates a run gets under slow_run_budget: as many as it can answer within the budget at its
// bound (or at the offered rate, when that is lower).
std::size_t budgeted_updates(const EchoBenchOptions& options, std::optional<double> bound) {
  if (options.slow_run_budget <= Duration::zero()) return options.updates;
  if (!bound) return options.updates;  // no latency: the machine is the limit, runs are fast
  const double pace = options.rate_per_s > 0 ? std::min(*bound, options.rate_per_s) : *bound;
  const auto fitting = static_cast<std::size_t>(pace * to_seconds(options.slow_run_budget));
  return std::min(options.updates, std::max(fitting, kMinRunUpdates));
}

Duration run_deadline(const EchoBenchOptions& options, const RunPlan& plan) {
  if (options.run_timeout > Duration::zero()) return options.run_timeout;
  auto pace = plan_bound(options, plan, options.latency + options.jitter);
  if (options.rate_per_s > 0) pace = std::min(pace.value_or(options.rate_per_s), options.rate_per_s);
  const double expected_s = pace ? double(plan.updates) / *pace : 0.0;
  Duration deadline =
      std::max<Duration>(std::chrono::duration_cast<Duration>(std::chrono::duration<double>(10 * expected_s)), 30s);
  if (options.faults.any()) {
    // Room for the faults: every outage over, and every stall waited out one concurrency slot at a time.
    Duration faults = 60s;
    for (const auto& w : options.faults.outages) faults = std::max<Duration>(faults, 60s + w.start + w.length);
    double stall_rate = 0;
    for (const auto& rule : options.faults.rules) {
      if (rule.kind == emulator::FaultKind::stall) stall_rate += rule.rate;
    }
    const double stalls = 2 * stall_rate * double(plan.updates) / double(plan.concurrency());
    faults += std::chrono::duration_cast<Duration>(effective_request_timeout(options) * stalls);
    deadline = std::max(deadline, faults);
  }
  return deadline;
}

struct RunPosition {
  std::size_t index;  // 1-based
  std::size_t count;
};

report::BenchRun run_once(const EchoBenchOptions& options, const RunPlan& plan, RunPosition position,
                          std::stop_token outer, const BenchObserver& observer) {
  emulator::EmulatorOptions emulator_options;
  emulator_options.chats = static_cast<int>(options.chats);
  emulator_options.messages = static_cast<int>(plan.updates);
  emulator_options.latency = options.latency;
  emulator_options.jitter = options.jitter;
  emulator_options.rate_per_s = options.rate_per_s;
  emulator_options.threads = 2;  // the emulator answers bursts of replies on both cores
  emulator_options.faults = options.faults;
  emulator_options.faults.stall_for = effective_stall_for(options);
  emulator::Emulator emulator(emulator_options);

  EchoBotOptions bot_options(botapi::Token::parse(kBenchToken));
  bot_options.api_url = emulator.base_url();
  bot_options.mode = plan.mode;
  bot_options.workers = plan.workers;
  bot_options.inflight = plan.inflight;
  bot_options.ordered = options.ordered;
  bot_options.polling.poll_timeout = kBenchPollTimeout;  // a stopping bot waits at most this long for its last poll
  bot_options.request_timeout = effective_request_timeout(options);

  const auto cpu_before = process_cpu_time();
  const auto started = std::chrono::steady_clock::now();
  // The run's own stop: the end of the run (all answered, the deadline) or the caller's stop, which
  // reaches the bot at once through the callback rather than at the next check below.
  std::stop_source stop;
  const std::stop_callback forward(outer, [&stop] { stop.request_stop(); });
  // Webhook: the bot listens on an ephemeral loopback port and calls setWebhook with its own
  // address; it calls deleteWebhook when stopped.
  webhook::WebhookEchoOptions webhook_options;
  webhook_options.max_connections = options.max_connections;
  std::string bot_failure;  // why the bot ended early (setWebhook refused, cannot listen)
  std::jthread bot([&, token = stop.get_token()] {
    try {
      if (plan.delivery == Delivery::webhook) {
        webhook::run_webhook_echo_bot(bot_options, webhook_options, token);
      } else {
        run_echo_bot(bot_options, token);
      }
    } catch (const std::exception& e) {
      bot_failure = botapi::redact(e.what(), bot_options.token);
      stop.request_stop();
    }
  });

  const auto deadline = started + run_deadline(options, plan);
  const std::string label = run_label(plan);
  const auto progress = [&](std::size_t answered) {
    if (observer) {
      observer(BenchProgress{position.index, position.count, label, answered, plan.updates,
                             std::chrono::steady_clock::now() - started});
    }
  };
  progress(0);  // the run is under way
  for (;;) {
    if (emulator.wait_until_answered(100ms)) break;
    if (stop.stop_requested() || std::chrono::steady_clock::now() >= deadline) break;
    progress(emulator.ledger().answered);
  }
  stop.request_stop();
  bot.join();
  const auto cpu = process_cpu_time() - cpu_before;
  const auto ledger = emulator.ledger();

  report::BenchRun run;
  run.mode = std::string(to_string(plan.mode));
  run.delivery = std::string(to_string(plan.delivery));
  if (plan.delivery == Delivery::webhook) run.connections = static_cast<std::size_t>(options.max_connections);
  if (options.rate_per_s > 0) run.offered_per_s = options.rate_per_s;
  if (!bot_failure.empty()) run.bot_error = bot_failure;
  run.workers = plan.mode == DispatchMode::async ? 0 : std::max<std::size_t>(plan.workers, 1);
  run.inflight = plan.mode == DispatchMode::async ? plan.inflight : 0;
  run.ordered = options.ordered;
  // Counted against what we asked for: a bot that never polled has been offered nothing, yet it
  // lost every update.
  run.updates = plan.updates;
  run.answered = std::min(ledger.answered, plan.updates);
  // A run the caller stopped (Ctrl-C, SIGTERM) never had the chance to answer the rest: they are
  // unanswered, not lost. A run that reached its deadline had every chance: what it missed is lost.
  run.interrupted = outer.stop_requested() && run.answered < plan.updates;
  (run.interrupted ? run.unanswered : run.lost) = plan.updates - run.answered;
  run.duplicates = ledger.duplicates;
  run.redeliveries = ledger.redeliveries;
  run.out_of_order = ledger.out_of_order;
  run.seconds = ledger.seconds;
  run.throughput_per_s = ledger.throughput_per_s;
  run.bound_per_s = plan_bound(options, plan, options.latency);
  if (run.bound_per_s) run.efficiency = run.throughput_per_s / *run.bound_per_s;
  run.cpu_seconds = to_seconds(cpu.total());
  if (options.faults.any()) {
    run.faults = report::BenchFaults{ledger.faults, emulator.fault_seed(), emulator::describe(emulator_options.faults)};
  }
  if (ledger.latency_ms) {
    run.latency_ms = report::BenchLatencyMs{ledger.latency_ms->p50, ledger.latency_ms->p90,
                                            ledger.latency_ms->p99, ledger.latency_ms->max};
  }
  return run;
}

}  // namespace

std::optional<double> run_bound_per_s(const EchoBenchOptions& options, Delivery delivery, DispatchMode mode,
                                      std::size_t concurrency, Duration latency) {
  if (delivery == Delivery::polling) return bench_bound_per_s(concurrency, latency, options.chats, options.ordered);
  const auto connections = static_cast<std::size_t>(options.max_connections);
  WebhookBoundInputs inputs;
  // Sync: one handler per receiver connection, on its thread. Threaded: the workers; async: the
  // sends in flight (--inflight); ordered, at most one per chat (the ChatSequencer, the replier's
  // chat queues). Sync has no sequencer, so --ordered does not narrow it.
  inputs.concurrency = mode == DispatchMode::sync ? connections
                       : options.ordered          ? std::min(concurrency, options.chats)
                                                  : concurrency;
  inputs.max_connections = connections;
  inputs.chats = options.chats;
  inputs.delivery_latency = latency;  // the emulator waits it before every delivery
  inputs.handler_time = latency;      // one sendMessage round trip
  return webhook_bound_per_s(inputs);
}

std::optional<double> bench_bound_per_s(std::size_t concurrency, Duration latency, std::size_t chats,
                                        bool ordered) {
  if (latency <= Duration::zero()) return std::nullopt;
  std::size_t in_flight = std::min(concurrency, kUpdatesPerPoll);
  if (ordered && chats > 0) in_flight = std::min(in_flight, chats);
  return double(in_flight) / to_seconds(latency);
}

Duration effective_request_timeout(const EchoBenchOptions& options) {
  if (options.request_timeout > Duration::zero()) return options.request_timeout;
  return std::max<Duration>(2s, 4 * (options.latency + options.jitter));
}

Duration effective_stall_for(const EchoBenchOptions& options) {
  if (options.faults.stall_for > Duration::zero()) return options.faults.stall_for;
  return effective_request_timeout(options) + kBenchPollTimeout + 1s;
}

void validate(const EchoBenchOptions& options) {
  if (options.modes.empty()) throw UsageError("--modes: give at least one of sync, threaded, async");
  if (options.updates == 0 || options.updates > kMaxUpdates) {
    throw UsageError(fmt::format("--updates must be between 1 and {}", kMaxUpdates));
  }
  if (options.chats == 0 || options.chats > kMaxChats) {
    throw UsageError(fmt::format("--chats must be between 1 and {}", kMaxChats));
  }
  const bool threaded = std::find(options.modes.begin(), options.modes.end(), DispatchMode::threaded) != options.modes.end();
  const bool async = std::find(options.modes.begin(), options.modes.end(), DispatchMode::async) != options.modes.end();
  if (threaded && options.workers.empty()) throw UsageError("--workers: give at least one count");
  if (async && options.inflight.empty()) throw UsageError("--inflight: give at least one count");
  for (auto n : options.workers) {
    if (n == 0 || n > kMaxWorkers) throw UsageError(fmt::format("--workers must be between 1 and {}", kMaxWorkers));
  }
  for (auto m : options.inflight) {
    if (m == 0 || m > kMaxInflight) throw UsageError(fmt::format("--inflight must be between 1 and {}", kMaxInflight));
  }
  if (options.request_timeout < Duration::zero()) throw UsageError("--request-timeout must not be negative");
  if (options.deliveries.empty()) throw UsageError("--delivery: give at least one of polling, webhook");
  if (options.max_connections < 1 || options.max_connections > kMaxMaxConnections) {
    throw UsageError(fmt::format("--max-connections must be between 1 and {}", kMaxMaxConnections));
  }
  if (!(options.rate_per_s >= 0) || options.rate_per_s > kMaxRate) {
    throw UsageError(fmt::format("--rate must be a number of messages per second from 0 (a backlog) to {}", kMaxRate));
  }
  emulator::FaultOptions faults = options.faults;
  faults.stall_for = effective_stall_for(options);
  emulator::validate(faults);
}

std::size_t run_updates(const EchoBenchOptions& options, std::size_t concurrency) {
  return budgeted_updates(
      options, bench_bound_per_s(concurrency, options.latency + options.jitter, options.chats, options.ordered));
}

std::vector<report::BenchRun> run_echo_bench(const EchoBenchOptions& given, std::stop_token stop,
                                             const BenchObserver& observer, const RunObserver& on_run) {
  validate(given);
  EchoBenchOptions options = given;
  // One seed for every run, drawn now when none was given, so the report can say how to replay it.
  if (options.faults.any() && !options.faults.seed) options.faults.seed = emulator::random_fault_seed();
  std::vector<RunPlan> modes;
  for (auto mode : options.modes) {
    if (mode == DispatchMode::sync) modes.push_back({mode, 1, 0, 0});
    if (mode == DispatchMode::threaded) {
      for (auto n : options.workers) modes.push_back({mode, n, 0, 0});
    }
    if (mode == DispatchMode::async) {
      for (auto m : options.inflight) modes.push_back({mode, 0, m, 0});
    }
  }
  // Each mode's deliveries next to each other, so the table compares them row by row.
  std::vector<RunPlan> plans;
  for (const auto& mode : modes) {
    for (auto delivery : options.deliveries) {
      RunPlan plan = mode;
      plan.delivery = delivery;
      plan.updates = budgeted_updates(options, plan_bound(options, plan, options.latency + options.jitter));
      plans.push_back(plan);
    }
  }
  std::vector<report::BenchRun> runs;
  for (std::size_t i = 0; i < plans.size(); ++i) {
    if (stop.stop_requested()) break;
    runs.push_back(run_once(options, plans[i], RunPosition{i + 1, plans.size()}, stop, observer));
    if (on_run) on_run(runs.back());
  }
  return runs;
}

}  // namespace tgperf::bench
