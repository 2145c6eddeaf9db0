// echo-bench's verdict, end to end: exit 1 when an update was lost, with the loss caused by the
// emulator's fault model (every call reset, or the server gone for good), in JSON and text output.
// The other half of the verdict (a duplicate no fault explains) needs a misbehaving bot, which
// echo-bench does not have: tests/bench/unexplained_duplicates_test.cpp drives that rule through the
// fault model in process.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>

#include "support/child_process.hpp"

namespace {

using namespace std::chrono_literals;

}  // namespace

TEST_CASE("echo-bench exits 1 when every call is reset and no update can be answered") {
  // getUpdates is reset like every other call: the bot never sees an update, and the run is cut off
  // after 1 s with all 20 lost.
  const auto r = tgperf::test::run_tgperf(
      "echo-bench --modes sync --updates 20 --chats 2 --latency 0 --request-timeout 1s --run-timeout 1s "
      "--fault reset:1 --seed 5 --json",
      60s);
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE_FALSE(r.timed_out);
  CHECK(r.exit_code == 1);
  const auto report = nlohmann::json::parse(r.out);
  REQUIRE(report["runs"].size() == 1);
  const auto& run = report["runs"][0];
  CHECK(run["updates"] == 20);
  CHECK(run["answered"] == 0);
  CHECK(run["lost"] == 20);
  CHECK(run["faults"]["resets"].get<std::size_t>() > 0);
  CHECK(run["faults"]["seed"] == 5);
}

TEST_CASE("echo-bench exits 1 when an outage outlasts the run and the rest of the updates are lost") {
  // Sync at 5 ms per reply needs at least 1000 x 5 ms = 5 s; the server leaves after 1 s and the run
  // is cut off at 3 s, so some updates are lost whatever the machine's speed.
  for (const std::string output : {"--json", ""}) {
    INFO("output: " << output);
    const auto r = tgperf::test::run_tgperf(
        "echo-bench --modes sync --updates 1000 --chats 10 --latency 5ms --request-timeout 1s --run-timeout 3s "
        "--outage 60s@1s --seed 9 " + output,
        90s);
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    REQUIRE_FALSE(r.timed_out);
    CHECK(r.exit_code == 1);
    if (output == "--json") {
      const auto report = nlohmann::json::parse(r.out);
      REQUIRE(report["runs"].size() == 1);
      const auto& run = report["runs"][0];
      const auto answered = run["answered"].get<std::size_t>();
      CHECK(answered < 1000);
      CHECK(run["lost"] == 1000 - answered);
      CHECK(run["faults"]["outages"] == 1);
    } else {
      CHECK(r.out.find("answered ") != std::string::npos);
      CHECK(r.out.find("lost 0") == std::string::npos);
    }
  }
}
