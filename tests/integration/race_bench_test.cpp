// race-bench end to end: the real binary, its exit status, its JSON and its bad-input line.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

#include "support/child_process.hpp"

TEST_CASE("race-bench --json: every variant runs the same stream, the safe ones conserve money, exit 0") {
  const auto r = tgperf::test::run_tgperf(
      "race-bench --transactions 30 --accounts 3 --workers 6 --latency 1ms --db-latency 200us --seed 11 --json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto report = nlohmann::json::parse(r.out);
  CHECK(report["seed"] == 11);
  const auto& runs = report["runs"];
  REQUIRE(runs.size() == 5);
  const char* order[] = {"sync", "naive", "split", "ordered", "locked"};
  for (std::size_t i = 0; i < 5; ++i) {
    INFO(runs[i].dump());
    CHECK(runs[i]["variant"] == order[i]);
    CHECK(runs[i]["transactions"] == 30);
    CHECK(runs[i]["finished"] == 30);
    CHECK(runs[i]["latency_ms"]["p99"].get<double>() >= runs[i]["latency_ms"]["p50"].get<double>());
    if (runs[i]["safe_by_design"].get<bool>()) {
      CHECK(runs[i]["money_drift"] == 0);
      CHECK(runs[i]["lost_updates"] == 0);
      CHECK(runs[i]["wrong_accounts"] == 0);
      CHECK(runs[i]["verdict"] == "safe");
    }
  }
  CHECK(runs[0]["workers"] == 1);
  CHECK(runs[1]["workers"] == 6);
}

TEST_CASE("race-bench text: a table with a verdict column and the explanation under it") {
  const auto r = tgperf::test::run_tgperf(
      "race-bench --variants sync,split --transactions 10 --latency 1ms --db-latency 100us --seed 5");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("verdict") != std::string::npos);
  CHECK(r.out.find("--seed 5 replays it") != std::string::npos);
  CHECK(r.out.find("price of safety: split runs") != std::string::npos);
  CHECK(r.out.find("safe") != std::string::npos);
}

TEST_CASE("race-bench bad input: exit 2 with one line naming the flag") {
  for (const char* args : {"race-bench --accounts 1", "race-bench --variants sync,fast", "race-bench --workers 0",
                           "race-bench --db-latency -1ms", "race-bench --transactions 0"}) {
    CAPTURE(args);
    const auto r = tgperf::test::run_tgperf(args);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.rfind("tgperf: ", 0) == 0);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
}
