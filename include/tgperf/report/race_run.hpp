#pragma once
// The outcome of one race-bench run (one variant of the wiki's bank handler), as plain values for
// the table, the explanation and the JSON report. Money is in whole dollars; units in the names.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace tgperf::report {

struct RaceLatencyMs {
  double p50 = 0;
  double p99 = 0;
};

struct RaceRun {
  std::string variant;             // "sync", "naive", "split", "ordered" or "locked"
  bool safe_by_design = false;     // sync, split, locked: built to conserve money
  std::size_t workers = 0;         // threads running handlers or notifications (1 for sync)
  std::size_t transactions = 0;    // /transaction updates sent
  std::size_t finished = 0;        // transactions whose "Done!" went out
  double seconds = 0;              // first update available -> last "Done!" acknowledged
  double throughput_per_s = 0;     // finished / seconds
  std::optional<double> bound_per_s;  // what the variant's concurrency allows (none without delays)
  std::optional<double> efficiency;   // throughput / bound
  std::int64_t money_before = 0;
  std::int64_t money_after = 0;
  std::int64_t money_drift = 0;       // after - before: created (+) or destroyed (-)
  std::size_t lost_updates = 0;       // account writes that overwrote another transaction's write
  std::size_t wrong_accounts = 0;     // final balance differs from the serial result
  std::size_t notifications_out_of_order = 0;  // per chat, acknowledged after a later one
  std::size_t notifications_failed = 0;
  std::optional<RaceLatencyMs> latency_ms;      // update available -> "Done!" acknowledged

  // Every transfer applied exactly as a serial run would: no drift, no lost update, no wrong account.
  bool consistent() const { return money_drift == 0 && lost_updates == 0 && wrong_accounts == 0; }
};

// The settings every run shared, for the header and the JSON.
struct RaceSetup {
  std::size_t accounts = 0;
  std::size_t transactions = 0;
  std::int64_t opening_balance = 0;  // per account
  double latency_ms = 0;             // before every Bot API response
  double db_latency_ms = 0;          // before every account read and write
  std::uint64_t seed = 0;            // --seed that replays the transaction stream
  bool interrupted = false;          // a signal cut the bench: the run under way is left out
};

}  // namespace tgperf::report
