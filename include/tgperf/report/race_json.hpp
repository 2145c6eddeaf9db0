#pragma once
// The race-bench report as JSON: {"accounts", "transactions", "opening_balance", "latency_ms",
// "db_latency_ms", "seed", "runs": [...], "price_of_safety": {...}}.
#include <span>
#include <string>

#include "tgperf/report/race_run.hpp"

namespace tgperf::report {

// Pretty-printed JSON with a trailing newline. Every run has variant, workers, transactions,
// finished, seconds, throughput_per_s, bound_per_s and efficiency (null without delays),
// money_before, money_after, money_drift, lost_updates, wrong_accounts,
// notifications_out_of_order, notifications_failed, latency_ms {p50,p99} (null when nothing
// finished), safe_by_design and verdict. price_of_safety has split_over_sync and
// locked_over_naive throughput ratios (null when a run of the pair is missing).
std::string render_race_json(const RaceSetup& setup, std::span<const RaceRun> runs);

}  // namespace tgperf::report
