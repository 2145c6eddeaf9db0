#include "tgperf/report/race_json.hpp"

#include <nlohmann/json.hpp>

#include "report/race_ratio.hpp"
#include "tgperf/report/race_report.hpp"

namespace tgperf::report {

namespace {

nlohmann::json optional_number(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

std::string render_race_json(const RaceSetup& setup, std::span<const RaceRun> runs) {
  nlohmann::json out;
  out["accounts"] = setup.accounts;
  out["transactions"] = setup.transactions;
  out["opening_balance"] = setup.opening_balance;
  out["latency_ms"] = setup.latency_ms;
  out["db_latency_ms"] = setup.db_latency_ms;
  out["seed"] = setup.seed;
  out["runs"] = nlohmann::json::array();
  for (const auto& run : runs) {
    nlohmann::json j;
    j["variant"] = run.variant;
    j["workers"] = run.workers;
    j["transactions"] = run.transactions;
    j["finished"] = run.finished;
    j["seconds"] = run.seconds;
    j["throughput_per_s"] = run.throughput_per_s;
    j["bound_per_s"] = optional_number(run.bound_per_s);
    j["efficiency"] = optional_number(run.efficiency);
    j["money_before"] = run.money_before;
    j["money_after"] = run.money_after;
    j["money_drift"] = run.money_drift;
    j["lost_updates"] = run.lost_updates;
    j["wrong_accounts"] = run.wrong_accounts;
    j["notifications_out_of_order"] = run.notifications_out_of_order;
    j["notifications_failed"] = run.notifications_failed;
    if (run.latency_ms) {
      j["latency_ms"] = {{"p50", run.latency_ms->p50}, {"p99", run.latency_ms->p99}};
    } else {
      j["latency_ms"] = nullptr;
    }
    j["safe_by_design"] = run.safe_by_design;
    j["verdict"] = std::string(race_verdict(run));
    out["runs"].push_back(std::move(j));
  }
  out["price_of_safety"] = {{"split_over_sync", optional_number(throughput_ratio(runs, "split", "sync"))},
                            {"locked_over_naive", optional_number(throughput_ratio(runs, "locked", "naive"))}};
  return out.dump(2) + "\n";
}

}  // namespace tgperf::report
