// Ctrl-C during every long-running command: each is started, awaited until it is visibly at work
// (its own output, not a fixed sleep), sent SIGINT, and must then exit on its own (a kill timer
// catches a hang) with its documented exit status and a report of what it did so far:
//   ping        the statistics, exit 0 when a probe connected;
//   curl-timing the summary of the requests made, "interrupted after N request(s)" on stderr, 0;
//   echo-bench  the table with the runs so far, exit 1 (an interrupted bench is not a result);
//   serve       the ledger, exit 0;
//   echo-bot    its summary line, exit 0 (a clean stop);
//   race-bench  the finished runs (the one under way is dropped), exit 1.
// Each dispatch mode, latency class and SIGTERM, and the second signal, are in
// interrupt_modes_test.cpp.
#include <catch2/catch.hpp>

#include <chrono>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/child_process.hpp"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

const std::string kInterruptToken = "7123456789:AAH3xQ-secretsecretsecretsecret12345";
const std::string kInterruptSecret = "AAH3xQ-secretsecretsecretsecret12345";

using tgperf::test::TgperfProcess;

void check_no_interrupt_token(const TgperfProcess& child) {
  CHECK(child.out().find(kInterruptSecret) == std::string::npos);
  CHECK(child.err().find(kInterruptSecret) == std::string::npos);
}

}  // namespace

TEST_CASE("Ctrl-C: ping without -c prints its statistics and exits 0", "[interrupt][ping]") {
  TgperfProcess ping({"ping", "--local"});
  REQUIRE(ping.await("seq=2"));  // two probes answered: the run is under way
  ping.interrupt();
  const auto status = ping.wait();
  INFO("stdout: " << ping.out() << "\nstderr: " << ping.err());
  REQUIRE(status);
  CHECK(*status == 0);
  CHECK(ping.out().find("probes transmitted") != std::string::npos);
  CHECK(ping.out().find("rtt min/avg/max/mdev") != std::string::npos);
  check_no_interrupt_token(ping);
}

TEST_CASE("Ctrl-C: curl-timing -n 1000 prints the summary of the requests made", "[interrupt][curl-timing]") {
  TgperfProcess timing({"curl-timing", "--local", "-n", "1000", "--token", kInterruptToken});
  REQUIRE(timing.await("#2 GET"));
  timing.interrupt();
  const auto status = timing.wait();
  INFO("stdout: " << timing.out() << "\nstderr: " << timing.err());
  REQUIRE(status);
  CHECK(*status == 0);
  CHECK(timing.out().find("advice:") != std::string::npos);
  CHECK(timing.out().find("#1000 GET") == std::string::npos);  // it did stop early
  const std::regex interrupted("interrupted after ([0-9]+) request");
  const std::string err = timing.err();
  std::smatch m;
  REQUIRE(std::regex_search(err, m, interrupted));
  CHECK(std::stoi(m[1]) >= 2);
  check_no_interrupt_token(timing);
}

TEST_CASE("Ctrl-C: echo-bench prints the runs so far and exits 1", "[interrupt][echo-bench]") {
  // At 50 ms per call the sync run of 20000 updates would take over 15 minutes: it is cut short.
  // Progress shows only on a terminal, so stderr is one.
  TgperfProcess bench({"echo-bench", "--modes", "sync,threaded", "--updates", "20000"}, true);
  REQUIRE(bench.await("answered", true));
  bench.interrupt();
  const auto status = bench.wait();
  INFO("stdout: " << bench.out() << "\nstderr: " << bench.err());
  REQUIRE(status);
  CHECK(*status == 1);
  CHECK(bench.out().find("mode ") != std::string::npos);  // the table's header
  CHECK(bench.out().find("sync ") != std::string::npos);  // the interrupted run is reported
  CHECK(bench.out().find("20000 updates") != std::string::npos);
  check_no_interrupt_token(bench);
}

TEST_CASE("Ctrl-C: serve prints the ledger and exits 0", "[interrupt][serve]") {
  TgperfProcess serve({"serve", "--listen", "127.0.0.1:0", "--token", kInterruptToken});
  REQUIRE(serve.await("stop with Ctrl-C"));
  serve.interrupt();
  const auto status = serve.wait();
  INFO("stdout: " << serve.out() << "\nstderr: " << serve.err());
  REQUIRE(status);
  CHECK(*status == 0);
  CHECK(serve.out().find("Ledger") != std::string::npos);
  CHECK(serve.out().find("answered") != std::string::npos);
  CHECK(serve.out().find("7123456789:***") != std::string::npos);
  check_no_interrupt_token(serve);
}

TEST_CASE("Ctrl-C: echo-bot against tgperf serve prints its summary and exits 0", "[interrupt][echo-bot]") {
  // Messages keep arriving (20/s for over an hour), so the bot is busy when it is interrupted.
  TgperfProcess serve({"serve", "--listen", "127.0.0.1:0", "--token", kInterruptToken, "--messages", "100000", "--rate", "20"});
  REQUIRE(serve.await("stop with Ctrl-C"));
  const std::string banner = serve.out();
  std::smatch url;
  REQUIRE(std::regex_search(banner, url, std::regex("http://127\\.0\\.0\\.1:[0-9]+")));

  TgperfProcess bot({"echo-bot", "--token", kInterruptToken, "--api-url", url.str()});
  REQUIRE(bot.await("replied in"));
  bot.interrupt();
  const auto status = bot.wait();
  INFO("stdout: " << bot.out() << "\nstderr: " << bot.err());
  REQUIRE(status);
  CHECK(*status == 0);
  const std::regex summary("--- 7123456789:\\*\\*\\*: ([0-9]+) replied, 0 failed, polling stopped");
  const std::string out = bot.out();
  std::smatch m;
  REQUIRE(std::regex_search(out, m, summary));
  CHECK(std::stoi(m[1]) >= 1);
  check_no_interrupt_token(bot);

  serve.interrupt();
  const auto serve_status = serve.wait();
  REQUIRE(serve_status);
  CHECK(*serve_status == 0);
  CHECK(serve.out().find("Ledger") != std::string::npos);
  check_no_interrupt_token(serve);
}

TEST_CASE("Ctrl-C: race-bench prints the finished runs, drops the one under way, and exits 1",
          "[interrupt][race-bench]") {
  // split finishes in about a second; sync then needs 2000 x (3 round trips + 4 store calls) of
  // at least 3 ms, over 6 s: it is under way when interrupted. Progress shows only on a terminal.
  TgperfProcess bench({"race-bench", "--variants", "split,sync", "--transactions", "2000", "--latency", "1ms",
                       "--db-latency", "0", "--seed", "3"},
                      true);
  REQUIRE(bench.await("sync:", true));
  bench.interrupt();
  const auto status = bench.wait();
  INFO("stdout: " << bench.out() << "\nstderr: " << bench.err());
  REQUIRE(status);
  CHECK(*status == 1);
  CHECK(bench.out().find("verdict") != std::string::npos);  // the table's header
  CHECK(bench.out().find("\nsplit ") != std::string::npos);  // the finished run
  CHECK(bench.out().find("\nsync ") == std::string::npos);   // the cut one is not a result
  CHECK(bench.err().find("interrupted") != std::string::npos);
}
