// echo-bench end to end: the real binary, its in-process emulator on an ephemeral port, real HTTP.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>

#include "support/child_process.hpp"

namespace {

struct Outcome {
  int status = -1;
  std::string out;  // stdout only
};

Outcome run_tgperf(const std::string& args) {
  const auto r = tgperf::test::run_tgperf(args);
  return {r.exit_code, r.out};
}

void check_every_update_answered_once(const nlohmann::json& runs, std::size_t updates) {
  for (const auto& run : runs) {
    INFO(run.dump());
    CHECK(run["updates"] == updates);
    CHECK(run["answered"] == updates);
    CHECK(run["lost"] == 0);
    CHECK(run["duplicates"] == 0);
    CHECK(run["throughput_per_s"].get<double>() > 0);
    CHECK(run["latency_ms"]["max"].get<double>() >= run["latency_ms"]["p50"].get<double>());
  }
}

}  // namespace

TEST_CASE("echo-bench answers every update exactly once in each mode") {
  const auto outcome = run_tgperf(
      "echo-bench --modes sync,threaded,async --workers 1,8 --inflight 32 --updates 150 --chats 10 "
      "--latency 2ms --json");
  REQUIRE(outcome.status == 0);
  const auto report = nlohmann::json::parse(outcome.out);
  const auto& runs = report["runs"];
  REQUIRE(runs.size() == 4);
  CHECK(runs[0]["mode"] == "sync");
  CHECK(runs[1]["mode"] == "threaded");
  CHECK(runs[1]["workers"] == 1);
  CHECK(runs[2]["workers"] == 8);
  CHECK(runs[3]["mode"] == "async");
  CHECK(runs[3]["inflight"] == 32);
  check_every_update_answered_once(runs, 150);
  for (const auto& run : runs) {
    // With latency, Little's law gives a bound, and no run can beat it by much.
    REQUIRE(run["bound_per_s"].is_number());
    CHECK(run["efficiency"].get<double>() <= 1.2);
  }
}

TEST_CASE("echo-bench --ordered keeps every chat's replies in order under concurrency and jitter") {
  const auto outcome = run_tgperf(
      "echo-bench --modes threaded,async --workers 16 --inflight 64 --updates 300 --chats 5 "
      "--latency 1ms --jitter 5ms --ordered --json");
  REQUIRE(outcome.status == 0);
  const auto report = nlohmann::json::parse(outcome.out);
  REQUIRE(report["runs"].size() == 2);
  check_every_update_answered_once(report["runs"], 300);
  for (const auto& run : report["runs"]) {
    INFO(run.dump());
    CHECK(run["ordered"] == true);
    CHECK(run["out_of_order"] == 0);
  }
}

TEST_CASE("echo-bench prints a table and a chart, and refuses bad input with exit 2") {
  const auto outcome = run_tgperf("echo-bench --modes async --inflight 8 --updates 40 --chats 4 --latency 1ms");
  REQUIRE(outcome.status == 0);
  CHECK(outcome.out.find("updates/s") != std::string::npos);
  CHECK(outcome.out.find("8 in flight") != std::string::npos);
  CHECK(outcome.out.find("█") != std::string::npos);

  CHECK(run_tgperf("echo-bench --modes bogus").status == 2);
  CHECK(run_tgperf("echo-bench --workers 0 --modes threaded").status == 2);
  CHECK(run_tgperf("echo-bench --updates 0").status == 2);
  CHECK(run_tgperf("echo-bench --latency soon").status == 2);
}
