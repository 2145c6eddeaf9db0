#pragma once
// race-bench (module bench): the wiki's bank race reproduced, fixed and priced.
//
// Each run starts a fresh in-process emulator (chat i is the customer of account i), a fresh
// account store with every account at the opening balance, and offers the whole transaction stream
// of the seed as a backlog of /transaction updates before the bank bot starts polling, so
// simultaneous A->B and B->A transfers really are simultaneous. The run ends when every notification
// came back (or at its deadline). Then the store's commit log is replayed for lost updates and the
// balances are compared with the serial result.
#include <stop_token>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tgperf/bench/race_variant.hpp"
#include "tgperf/bench/transaction_stream.hpp"
#include "tgperf/core/duration.hpp"
#include "tgperf/report/race_run.hpp"

namespace tgperf::bench {

struct RaceBenchOptions {
  std::vector<RaceVariant> variants{std::begin(kAllRaceVariants), std::end(kAllRaceVariants)};
  std::size_t workers = 8;
  std::size_t accounts = 4;
  std::size_t transactions = 100;
  Duration latency = std::chrono::milliseconds(20);    // before every Bot API response
  Duration db_latency = std::chrono::milliseconds(2);  // before every account read and write
  std::optional<std::uint64_t> seed;                   // none: drawn at start (reported)
  Money opening_balance = 1000;
  Duration run_timeout{0};  // zero: 10x the bound's time, at least 30 s
};

// Checks ranges; UsageError naming the flag.
void validate(const RaceBenchOptions& options);

// The longest --latency and --db-latency: every run waits for them several times per transfer.
inline constexpr Duration kMaxRaceLatency = std::chrono::seconds(10);

// What a run's concurrency allows, by Little's law, in transactions per second; none when neither
// latency nor db-latency is set. A transfer takes t = 3 x latency + 4 x db-latency end to end:
//   sync 1/t; naive and locked min(workers, 100)/t; ordered min(workers, 100, accounts)/t (one chat
//   per account); split min(1/(4 x db-latency), workers/(3 x latency)): the dispatcher thread does
//   the store work, the workers the notifications.
std::optional<double> race_bound_per_s(RaceVariant variant, const RaceBenchOptions& options);

struct RaceProgress {
  std::string variant;
  std::size_t finished;
  std::size_t total;
  Duration elapsed;
};
using RaceObserver = std::function<void(const RaceProgress&)>;

struct RaceBenchResult {
  std::uint64_t seed = 0;             // the seed used (given or drawn)
  std::vector<report::RaceRun> runs;  // finished runs; an interrupted run is left out
};

// Runs the variants in order. Stops early when `stop` is requested; the run under way then is
// dropped. `observer` is called from the calling thread a few times a second.
RaceBenchResult run_race_bench(const RaceBenchOptions& options, std::stop_token stop = {},
                               const RaceObserver& observer = nullptr);

}  // namespace tgperf::bench
