// The race-bench table, explanation and JSON from hand-made runs.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "tgperf/report/race_json.hpp"
#include "tgperf/report/race_report.hpp"

using namespace tgperf::report;

namespace {

RaceRun make_run(std::string variant, double throughput, std::int64_t drift, std::size_t lost, std::size_t wrong) {
  RaceRun run;
  run.variant = std::move(variant);
  run.safe_by_design = run.variant == "sync" || run.variant == "split" || run.variant == "locked";
  run.workers = run.variant == "sync" ? 1 : 8;
  run.transactions = 100;
  run.finished = 100;
  run.seconds = 100 / throughput;
  run.throughput_per_s = throughput;
  run.money_before = 4000;
  run.money_after = 4000 + drift;
  run.money_drift = drift;
  run.lost_updates = lost;
  run.wrong_accounts = wrong;
  run.latency_ms = RaceLatencyMs{12.5, 40.0};
  return run;
}

std::vector<RaceRun> five_runs() {
  return {make_run("sync", 14.0, 0, 0, 0), make_run("naive", 110.0, -230, 57, 4), make_run("split", 98.0, 0, 0, 0),
          make_run("ordered", 55.0, 40, 20, 3), make_run("locked", 66.0, 0, 0, 0)};
}

}  // namespace

TEST_CASE("race verdict: safe, money created, money destroyed, balances wrong") {
  CHECK(race_verdict(make_run("sync", 1, 0, 0, 0)) == "safe");
  CHECK(race_verdict(make_run("naive", 1, 25, 3, 2)) == "money created");
  CHECK(race_verdict(make_run("naive", 1, -25, 3, 2)) == "money destroyed");
  CHECK(race_verdict(make_run("naive", 1, 0, 2, 2)) == "balances wrong");
}

TEST_CASE("race table: one row per run with its verdict, the explanation names the damage and the price") {
  const auto runs = five_runs();
  const auto table = render_race_table(runs);
  CHECK(table.find("verdict") != std::string::npos);
  CHECK(table.find("money destroyed") != std::string::npos);
  CHECK(table.find("money created") != std::string::npos);
  CHECK(table.find("-$230") != std::string::npos);
  CHECK(std::count(table.begin(), table.end(), '\n') == 6);
  const auto text = render_race_explanation(runs);
  CHECK(text.find("57 lost updates, 4 accounts off the serial result, $230 destroyed") != std::string::npos);
  CHECK(text.find("split runs 7.0x the throughput of sync") != std::string::npos);
  CHECK(text.find("locked runs 0.60x the throughput of naive") != std::string::npos);
  CHECK(text.find("NOT SAFE") == std::string::npos);
  // A safe variant that drifted is called what it is.
  const std::vector<RaceRun> broken{make_run("locked", 60, -10, 1, 2)};
  CHECK(render_race_explanation(broken).find("NOT SAFE") != std::string::npos);
}

TEST_CASE("race JSON: a runs array with the keys the issue lists, and the price of safety") {
  const auto runs = five_runs();
  const RaceSetup setup{4, 100, 1000, 20.0, 2.0, 77};
  const auto j = nlohmann::json::parse(render_race_json(setup, runs));
  CHECK(j["seed"] == 77);
  REQUIRE(j["runs"].size() == 5);
  for (const char* key : {"variant", "workers", "transactions", "seconds", "throughput_per_s", "money_drift",
                          "lost_updates", "wrong_accounts", "notifications_out_of_order", "latency_ms"}) {
    CAPTURE(key);
    CHECK(j["runs"][1].contains(key));
  }
  CHECK(j["runs"][1]["variant"] == "naive");
  CHECK(j["runs"][1]["money_drift"] == -230);
  CHECK(j["runs"][1]["lost_updates"] == 57);
  CHECK(j["runs"][1]["latency_ms"]["p50"] == 12.5);
  CHECK(j["runs"][1]["latency_ms"]["p99"] == 40.0);
  CHECK(j["runs"][1]["verdict"] == "money destroyed");
  CHECK(j["price_of_safety"]["split_over_sync"].get<double>() == Approx(7.0));
  CHECK(j["price_of_safety"]["locked_over_naive"].get<double>() == Approx(0.6));
  // Without the pair, the ratio is absent, not zero.
  const std::vector<RaceRun> only_naive{make_run("naive", 110, -5, 1, 1)};
  const auto k = nlohmann::json::parse(render_race_json(setup, only_naive));
  CHECK(k["price_of_safety"]["locked_over_naive"].is_null());
}
