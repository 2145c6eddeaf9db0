#include "tgperf/bench/race_bench.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <random>
#include <stop_token>
#include <thread>
#include <unordered_map>

#include "tgperf/bench/account_store.hpp"
#include "tgperf/bench/bank_bot.hpp"
#include "tgperf/bench/commit_log.hpp"
#include "tgperf/bench/delivery.hpp"
#include "tgperf/bench/notification_log.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/emulator/emulator.hpp"
#include "tgperf/stats/summary.hpp"

namespace tgperf::bench {

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxRaceWorkers = 1024;
constexpr std::size_t kMaxAccounts = 10'000;
constexpr std::size_t kMaxTransactions = 1'000'000;
// The bank bot's token: well formed, obviously fake, and never printed anyway.
constexpr const char* kBankToken = "123456:race-bench-token-not-a-secret";
// "Preparing...", "Transferring money...", "Done!": a run is over when all of them came back.
constexpr std::size_t kNotificationsPerTransfer = 3;

// One transfer end to end when nothing else runs: three notifications and four store operations.
Duration transfer_time(const RaceBenchOptions& options) { return 3 * options.latency + 4 * options.db_latency; }

Duration run_deadline(const RaceBenchOptions& options, RaceVariant variant) {
  if (options.run_timeout > Duration::zero()) return options.run_timeout;
  const auto bound = race_bound_per_s(variant, options);
  const double expected_s = bound ? double(options.transactions) / *bound : 0.0;
  return std::max<Duration>(std::chrono::duration_cast<Duration>(std::chrono::duration<double>(10 * expected_s)), 30s);
}

std::optional<report::RaceLatencyMs> latency_summary(std::vector<double> samples) {
  const auto summary = stats::summarize(samples);
  if (!summary) return std::nullopt;
  return report::RaceLatencyMs{summary->p50, summary->p99};
}

// Runs `variant` over `stream`; none when `cancel` stopped it before every transaction finished.
std::optional<report::RaceRun> run_once(const RaceBenchOptions& options, RaceVariant variant,
                                        const std::vector<Transaction>& stream, const RaceObserver& observer,
                                        std::stop_token cancel) {
  emulator::EmulatorOptions emulator_options;
  emulator_options.chats = static_cast<int>(options.accounts);
  emulator_options.messages = 0;  // the transactions are offered below, not by the scenario
  emulator_options.latency = options.latency;
  emulator_options.threads = 2;
  emulator::Emulator emulator(emulator_options);
  AccountStore bank(options.accounts, options.opening_balance, options.db_latency);
  NotificationLog notifications;

  // The backlog: every /transaction waits in its customer's chat before the bot's first poll.
  std::unordered_map<std::uint64_t, Transaction> by_update;
  std::unordered_map<std::uint64_t, Clock::time_point> offered_at;
  const auto started = Clock::now();
  for (const auto& transaction : stream) {
    const auto at = Clock::now();
    const auto id = static_cast<std::uint64_t>(
        emulator.inject_message(kBankToken, static_cast<int>(transaction.source), transaction_command(transaction)));
    by_update.emplace(id, transaction);
    offered_at.emplace(id, at);
  }

  BankBotOptions bot_options(botapi::Token::parse(kBankToken));
  bot_options.api_url = emulator.base_url();
  bot_options.variant = variant;
  bot_options.workers = options.workers;
  bot_options.first_chat_id = emulator::kFirstChatId;
  bot_options.request_timeout = std::max<Duration>(10s, 4 * options.latency);
  std::stop_source stop;
  std::exception_ptr bot_failure;
  std::jthread bot([&] {
    try {
      run_bank_bot(bot_options, bank, notifications, stop.get_token());
    } catch (...) {
      bot_failure = std::current_exception();
    }
  });

  const std::string label(to_string(variant));
  const std::size_t total = stream.size();
  const auto deadline = started + run_deadline(options, variant);
  if (observer) observer(RaceProgress{label, 0, total, Duration::zero()});
  bool complete = false;
  for (;;) {
    complete = notifications.wait_recorded(kNotificationsPerTransfer * total,
                                           std::min(Clock::now() + 200ms, deadline));
    if (complete || cancel.stop_requested() || Clock::now() >= deadline) break;
    if (observer) observer(RaceProgress{label, notifications.finished_count(), total, Clock::now() - started});
  }
  stop.request_stop();
  emulator.stop();  // ends the bot's pending long poll at once instead of at its timeout
  bot.join();       // every queued handler and notification has finished: the store is final
  if (bot_failure) std::rethrow_exception(bot_failure);
  // Cut short by Ctrl-C: the transfers skipped at the stop make the figures meaningless.
  if (!complete && cancel.stop_requested()) return std::nullopt;
  const auto finished = notifications.finished();

  report::RaceRun run;
  run.variant = label;
  run.safe_by_design = safe_by_design(variant);
  run.workers = variant == RaceVariant::sync ? 1 : options.workers;
  run.transactions = total;
  run.finished = finished.size();
  std::vector<double> latencies_ms;
  Clock::time_point last = started;
  for (const auto& [id, at] : finished) {
    last = std::max(last, at);
    if (const auto it = offered_at.find(id); it != offered_at.end()) latencies_ms.push_back(to_ms(at - it->second));
  }
  run.seconds = to_seconds(last - started);
  run.throughput_per_s = run.seconds > 0 ? double(run.finished) / run.seconds : 0.0;
  run.bound_per_s = race_bound_per_s(variant, options);
  if (run.bound_per_s) run.efficiency = run.throughput_per_s / *run.bound_per_s;
  run.latency_ms = latency_summary(std::move(latencies_ms));
  run.notifications_out_of_order = notifications.out_of_order();
  run.notifications_failed = notifications.failed();

  const std::vector<Money> opening(options.accounts, options.opening_balance);
  run.money_before = options.opening_balance * static_cast<Money>(options.accounts);
  run.money_after = bank.total();
  run.money_drift = run.money_after - run.money_before;
  const auto log = bank.commit_log();
  run.lost_updates = count_lost_updates(log);
  // The serial result of exactly the transfers that reached the store (all of them, unless the
  // run was cut off by its deadline).
  std::vector<Transaction> committed;
  for (const auto id : committed_transactions(log)) committed.push_back(by_update.at(id));
  const auto expected = serial_balances(opening, committed);
  const auto balances = bank.balances();
  for (std::size_t i = 0; i < balances.size(); ++i) run.wrong_accounts += balances[i] != expected[i] ? 1 : 0;
  return run;
}

}  // namespace

void validate(const RaceBenchOptions& options) {
  if (options.variants.empty()) throw UsageError("--variants: give at least one of sync, naive, split, ordered, locked");
  if (options.workers == 0 || options.workers > kMaxRaceWorkers) {
    throw UsageError(fmt::format("--workers must be between 1 and {}", kMaxRaceWorkers));
  }
  if (options.accounts < 2 || options.accounts > kMaxAccounts) {
    throw UsageError(fmt::format("--accounts must be between 2 and {} (a transfer needs two)", kMaxAccounts));
  }
  if (options.transactions == 0 || options.transactions > kMaxTransactions) {
    throw UsageError(fmt::format("--transactions must be between 1 and {}", kMaxTransactions));
  }
  if (options.latency < Duration::zero() || options.latency > kMaxRaceLatency) {
    throw UsageError("--latency must be between 0 and " + format_duration(kMaxRaceLatency));
  }
  if (options.db_latency < Duration::zero() || options.db_latency > kMaxRaceLatency) {
    throw UsageError("--db-latency must be between 0 and " + format_duration(kMaxRaceLatency));
  }
  if (options.run_timeout < Duration::zero()) throw UsageError("--run-timeout must not be negative");
}

std::optional<double> race_bound_per_s(RaceVariant variant, const RaceBenchOptions& options) {
  const double t = to_seconds(transfer_time(options));
  if (t <= 0) return std::nullopt;
  const double workers = double(std::min(options.workers, kUpdatesPerPoll));
  switch (variant) {
    case RaceVariant::sync: return 1.0 / t;
    case RaceVariant::naive:
    case RaceVariant::locked: return workers / t;
    case RaceVariant::ordered: return std::min(workers, double(options.accounts)) / t;
    case RaceVariant::split: {
      const double store_s = to_seconds(4 * options.db_latency);
      const double notify_s = to_seconds(3 * options.latency);
      std::optional<double> bound;
      if (store_s > 0) bound = 1.0 / store_s;
      if (notify_s > 0) {
        const double notify_bound = double(options.workers) / notify_s;
        bound = bound ? std::min(*bound, notify_bound) : notify_bound;
      }
      return bound;
    }
  }
  return std::nullopt;
}

RaceBenchResult run_race_bench(const RaceBenchOptions& options, std::stop_token stop, const RaceObserver& observer) {
  validate(options);
  RaceBenchResult result;
  result.seed = options.seed ? *options.seed : std::random_device{}();
  const auto stream = generate_transactions(result.seed, options.accounts, options.transactions);
  for (const auto variant : options.variants) {
    if (stop.stop_requested()) break;
    if (auto run = run_once(options, variant, stream, observer, stop)) result.runs.push_back(std::move(*run));
  }
  return result;
}

}  // namespace tgperf::bench
