// echo-bench under injected faults, end to end: every update answered under each fault kind,
// duplicates counted and explained (never more than the replies whose answer a fault lost), exit 0;
// Ctrl-C in the middle of a faulty run exits 1 with a partial report, no hang.
#include <signal.h>

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

#include "support/child_process.hpp"

namespace {

// Small and fast: 200 updates over 20 chats, 5 ms per call.
const std::string kSmall = "echo-bench --updates 200 --chats 20 --latency 5ms --seed 17 --request-timeout 1s ";

}  // namespace

TEST_CASE("echo-bench answers every update under each injected fault kind; duplicates are explained") {
  const auto [kind, counter] = GENERATE(table<std::string, std::string>({
      {"--fault 5xx:0.15", "server_errors"},
      {"--fault reset:0.15", "resets"},
      {"--fault drop:0.15", "drops"},
      {"--fault stall:0.05", "stalls"},
      {"--fault 429:0.15 --retry-after 0", "rate_limited"},
      {"--fault 503:0.05 --fault drop:0.05 --fault stall:0.02 --fault 429:0.05 --retry-after 0", "drops"},
  }));
  INFO(kind);
  const auto r = tgperf::test::run_tgperf(kSmall + "--modes threaded,async --workers 16 --inflight 64 --json " + kind,
                                          std::chrono::seconds(240));
  INFO("stderr: " << r.err);
  REQUIRE_FALSE(r.timed_out);
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("injecting faults") != std::string::npos);
  CHECK(r.err.find("seed 17") != std::string::npos);
  const auto report = nlohmann::json::parse(r.out);
  REQUIRE(report["runs"].size() == 2);
  std::size_t injected = 0;
  for (const auto& run : report["runs"]) {
    INFO(run.dump());
    CHECK(run["answered"] == 200);
    CHECK(run["lost"] == 0);
    CHECK(run["unexplained_duplicates"] == 0);
    REQUIRE(run["faults"].is_object());
    CHECK(run["faults"]["seed"] == 17);
    CHECK(run["duplicates"].get<std::size_t>() <= run["faults"]["unacknowledged_replies"].get<std::size_t>());
    injected += run["faults"][counter].get<std::size_t>();
  }
  CHECK(injected > 0);  // the fault did strike
}

TEST_CASE("echo-bench rides out an outage in the middle of a run") {
  // sync at 5 ms per reply takes at least 200 x 5 ms = 1 s, so a window from 200 ms to 500 ms lies
  // inside the run by construction.
  const auto r = tgperf::test::run_tgperf(kSmall + "--modes sync --outage 300ms@200ms --json", std::chrono::seconds(240));
  INFO("stderr: " << r.err);
  REQUIRE_FALSE(r.timed_out);
  CHECK(r.exit_code == 0);
  const auto report = nlohmann::json::parse(r.out);
  REQUIRE(report["runs"].size() == 1);
  const auto& run = report["runs"][0];
  INFO(run.dump());
  CHECK(run["answered"] == 200);
  CHECK(run["lost"] == 0);
  CHECK(run["faults"]["outages"] == 1);
  CHECK(run["unexplained_duplicates"] == 0);
}

TEST_CASE("echo-bench's text report lists the injected faults per run and what duplicates mean") {
  const auto r = tgperf::test::run_tgperf(kSmall + "--modes threaded --workers 8 --fault drop:0.3",
                                          std::chrono::seconds(240));
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("faults injected: drop 30% (seed 17; --seed 17 replays the draws)") != std::string::npos);
  CHECK(r.out.find("dropped mid-response") != std::string::npos);
  CHECK(r.out.find("answered 200/200, lost 0") != std::string::npos);
  // Bad fault flags are usage errors.
  for (const char* bad : {"--fault boom", "--fault drop:2", "--fault 404", "--outage 2s", "--outage 0@1s",
                          "--fault drop:0.6 --fault stall:0.6", "--stall-for 0 --fault stall", "--retry-after -1",
                          "--request-timeout soon"}) {
    INFO(bad);
    const auto b = tgperf::test::run_tgperf(std::string("echo-bench --updates 10 ") + bad, std::chrono::seconds(30));
    CHECK(b.exit_code == 2);
    CHECK(b.err.rfind("tgperf: ", 0) == 0);
    CHECK(b.out.empty());
  }
}

TEST_CASE("Ctrl-C during a faulty echo-bench run exits 1 with a partial report, without hanging") {
  // Long enough that it cannot finish before the interrupt: 5000 updates one after another.
  tgperf::test::ChildProcess bench({TGPERF_BINARY, "echo-bench", "--modes", "sync,async", "--updates", "5000",
                                    "--chats", "20", "--latency", "5ms", "--fault", "stall:0.05", "--fault", "drop:0.1",
                                    "--outage", "1s@500ms", "--request-timeout", "1s", "--seed", "3"});
  // Printed once the first run is under way (Ctrl-C handled from before then).
  REQUIRE(bench.wait_for_line("echo-bench: injecting faults", true));
  bench.signal(SIGINT);
  const auto status = bench.finish(std::chrono::seconds(90));
  INFO("stdout: " << bench.out() << "\nstderr: " << bench.err());
  REQUIRE(status.has_value());  // exited, not killed by the timer or the signal
  CHECK(*status == 1);
  CHECK(bench.err().find("interrupted") != std::string::npos);
  CHECK(bench.out().find("sync") != std::string::npos);    // the cut run is reported
  CHECK(bench.out().find("async") == std::string::npos);   // the next one never started
  CHECK(bench.out().find("faults injected") != std::string::npos);
}
