#pragma once
// The emulator's ledger (emulator::LedgerReport) for people and programs: `tgperf serve`'s report
// on exit, and the tests that read it.
#include <string>

#include <nlohmann/json.hpp>

#include "tgperf/emulator/ledger.hpp"

namespace tgperf::report {

// Keys: scheduled messages answered duplicates unanswered unmatched out_of_order replies seconds
// throughput_per_s latency_ms{count,min,avg,p50,p90,p99,max} (null when nothing was answered)
// histogram[{le_ms (null: +inf), count}] redeliveries methods{getMe getUpdates ...: calls}
// faults{fault_counts_json} flood{chat_limited bot_limited early_retries} (the --flood limiter's 429s
// by limit, and the calls sent before the retry_after they were told).
nlohmann::json ledger_json(const emulator::LedgerReport& report);

// The ledger as an aligned text table (several lines, each ending in '\n').
std::string render_ledger(const emulator::LedgerReport& report);

}  // namespace tgperf::report
