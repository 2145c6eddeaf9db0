// echo-bench --delivery and --rate end to end: the real binary, its in-process emulator, a real
// webhook receiver on loopback. The figures come from the emulator's ledger.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>

#include "support/child_process.hpp"

TEST_CASE("echo-bench --delivery polling,webhook answers every update once in both deliveries") {
  const auto r = tgperf::test::run_tgperf(
      "echo-bench --modes sync,threaded,async --workers 4 --inflight 16 --delivery polling,webhook "
      "--max-connections 8 --updates 120 --chats 12 --latency 2ms --json");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const auto report = nlohmann::json::parse(r.out);
  CHECK(report["max_connections"] == 8);
  CHECK(report["rate_per_s"].is_null());
  const auto& runs = report["runs"];
  // Each mode's deliveries side by side, async's too (the event-loop receiver).
  REQUIRE(runs.size() == 6);
  const char* expected[][2] = {{"sync", "polling"},     {"sync", "webhook"},  {"threaded", "polling"},
                               {"threaded", "webhook"}, {"async", "polling"}, {"async", "webhook"}};
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const auto& run = runs[i];
    INFO(run.dump());
    CHECK(run["mode"] == expected[i][0]);
    CHECK(run["delivery"] == expected[i][1]);
    CHECK(run["answered"] == 120);
    CHECK(run["lost"] == 0);
    CHECK(run["duplicates"] == 0);
    CHECK(run["out_of_order"].is_number());
    CHECK(run["bot_error"].is_null());
    CHECK(run["offered_per_s"].is_null());
    REQUIRE(run["bound_per_s"].is_number());
  }
  // The webhook bounds follow their own formula (2 ms each way): the receiver acknowledges before
  // it handles, so deliveries and handlers overlap; sync: min(8, 12) / 2 ms, its 8 connection
  // threads / 2 ms; threaded: min(8 / 2 ms, 4 workers / 2 ms).
  CHECK(runs[1]["bound_per_s"].get<double>() == Approx(4000.0));
  CHECK(runs[3]["bound_per_s"].get<double>() == Approx(2000.0));
  CHECK(runs[0]["bound_per_s"].get<double>() == Approx(500.0));   // polling sync: 1 / 2 ms
  CHECK(runs[2]["bound_per_s"].get<double>() == Approx(2000.0));  // polling 4 workers: 4 / 2 ms
  CHECK(runs[5]["bound_per_s"].get<double>() == Approx(4000.0));  // webhook async: min(16, 8, 12) / 2 ms
}

TEST_CASE("echo-bench's table names each run's delivery and states the webhook bound") {
  const auto r = tgperf::test::run_tgperf(
      "echo-bench --modes threaded --workers 2 --delivery webhook --updates 40 --chats 4 --latency 1ms");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("delivery") != std::string::npos);
  CHECK(r.out.find(" webhook ") != std::string::npos);
  CHECK(r.out.find("webhook bound = ") != std::string::npos);
  CHECK(r.out.find(" polling ") == std::string::npos);
}

TEST_CASE("echo-bench --rate measures latency from each message's scheduled arrival, so a slow bot's queue shows") {
  // The sync bot answers one message per round trip of at least 20 ms: at most 50/s. Messages
  // arrive at 100/s, so the queue grows by at least one message every 20 ms. The last of 60 is
  // scheduled at 590 ms and cannot be answered before 60 x 20 ms = 1200 ms (the emulator holds
  // every answer that long), so its latency from scheduled arrival is at least 610 ms. A bench
  // that timed from the moment the bot fetched a message would see about 20 ms per message.
  constexpr int kUpdates = 60;
  constexpr double kRate = 100;
  constexpr double kRoundTripMs = 20;
  const auto r = tgperf::test::run_tgperf("echo-bench --modes sync --delivery polling,webhook --max-connections 1 "
                                          "--updates 60 --chats 60 --latency 20ms --rate 100 --json");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const auto report = nlohmann::json::parse(r.out);
  CHECK(report["rate_per_s"].get<double>() == Approx(kRate));
  const auto& runs = report["runs"];
  REQUIRE(runs.size() == 2);
  for (const auto& run : runs) {
    INFO(run.dump());
    CHECK(run["answered"] == kUpdates);
    CHECK(run["duplicates"] == 0);
    CHECK(run["offered_per_s"].get<double>() == Approx(kRate));
    // Achieved is below offered: the bot fell behind.
    CHECK(run["throughput_per_s"].get<double>() < kRate);
    const double floor_ms = kUpdates * kRoundTripMs - (kUpdates - 1) * 1000.0 / kRate;
    CHECK(run["latency_ms"]["max"].get<double>() >= floor_ms);
    // Growing: the later messages waited longer than the typical one.
    CHECK(run["latency_ms"]["max"].get<double>() > run["latency_ms"]["p50"].get<double>());
  }
}
