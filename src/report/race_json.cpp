#include "tgperf/report/race_json.hpp"

#include <nlohmann/json.hpp>

#include "report/race_ratio.hpp"
#include "report/run_json.hpp"
#include "tgperf/report/race_report.hpp"

namespace tgperf::report {

// The setup's keys are its field names.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(RaceSetup, accounts, transactions, opening_balance, latency_ms, db_latency_ms, seed,
                                   interrupted)

std::string render_race_json(const RaceSetup& setup, std::span<const RaceRun> runs) {
  nlohmann::json out = setup;
  out["price_of_safety"] = {{"split_over_sync", optional_number(throughput_ratio(runs, "split", "sync"))},
                            {"locked_over_naive", optional_number(throughput_ratio(runs, "locked", "naive"))}};
  return render_runs_json<RaceRun>(std::move(out), runs, [](const RaceRun& run) {
    nlohmann::json j;
    j["variant"] = run.variant;
    j["workers"] = run.workers;
    j["transactions"] = run.transactions;
    j["finished"] = run.finished;
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
    return j;
  });
}

}  // namespace tgperf::report
