// Stopping stops, in every mode: echo-bench and echo-bot in each dispatch mode with a backlog,
// each latency class (none, milliseconds, an hour per call), SIGTERM as well as SIGINT, the second
// signal killing at once, and --run-timeout bounding wall time. Each command is awaited until its
// own output shows it at work, then signalled.
//
// "Stops" is checked as "exits on its own within kStops", a bound far from the noise: every run
// here would take 100 s or more (the backlogs) or hours (1h per call) if the signal waited for it,
// and the documented behaviour is about a second. A child still running at the bound is killed
// and the test fails.
#include <signal.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "support/child_process.hpp"

namespace {

using namespace std::chrono_literals;
using tgperf::test::TgperfProcess;

constexpr auto kStops = 10s;
const std::string kModesToken = "7123456789:AAH3xQ-secretsecretsecretsecret12345";
const std::string kModesSecret = "AAH3xQ-secretsecretsecretsecret12345";
// A call that never answers while the test runs. (If a maximum latency is ever enforced below an
// hour, this must become that maximum: the point is "far longer than the test".)
const std::string kVeryLong = "1h";

void check_no_modes_token(const TgperfProcess& child) {
  CHECK(child.out().find(kModesSecret) == std::string::npos);
  CHECK(child.err().find(kModesSecret) == std::string::npos);
}

// The row of `mode` in echo-bench's table: answered, and lost ("cut" for an interrupted run, whose
// unanswered updates are not lost: the note under the table counts them).
struct ModeRow {
  long answered;
  std::string lost;
};
std::optional<ModeRow> bench_row(const std::string& out, const std::string& mode) {
  std::smatch m;
  // mode, delivery (polling, webhook), concurrency ("4 workers"), answered, lost
  const std::regex row("\\n" + mode + " +[a-z]+ +[0-9]+ [a-z ]+ +([0-9]+) +([0-9]+|cut) ");
  if (!std::regex_search(out, m, row)) return std::nullopt;
  return ModeRow{std::stol(m[1]), m[2]};
}

// The count in the note under the table for the cut run: "cut: ... interrupted with N of M updates unanswered".
std::optional<long> cut_run_unanswered(const std::string& out) {
  std::smatch m;
  if (!std::regex_search(out, m, std::regex("\\ncut: .* was interrupted with ([0-9]+) of [0-9]+ updates unanswered"))) {
    return std::nullopt;
  }
  return std::stol(m[1]);
}

std::string base_url(const TgperfProcess& serve) {
  const std::string err = serve.err();  // a copy: the match points into it
  std::smatch url;
  if (!std::regex_search(err, url, std::regex("http://127\\.0\\.0\\.1:[0-9]+"))) return {};
  return url.str();
}

std::vector<std::string> bench_args(const std::string& mode, const std::string& latency, const std::string& updates) {
  // One run in the given mode: sync, 4 workers, or 4 in flight (a sizing flag for another mode is
  // refused as having no effect).
  std::vector<std::string> args{"echo-bench", "--modes", mode, "--latency", latency, "--updates", updates, "--chats", "20"};
  if (mode == "threaded") args.insert(args.end(), {"--workers", "4"});
  if (mode == "async") args.insert(args.end(), {"--inflight", "4"});
  return args;
}

// Starts echo-bench with a backlog of 20000 updates at 20 ms (100 s or more in any mode), signals it
// once replies flow, and checks that it stops and reports the cut run: some answered, the rest
// unanswered, none lost.
void check_backlog_run_is_cut(const std::string& mode, const std::string& delivery, int signal_number) {
  auto args = bench_args(mode, "20ms", "20000");
  args.insert(args.end(), {"--delivery", delivery});
  if (delivery == "webhook") args.insert(args.end(), {"--max-connections", "4"});
  TgperfProcess bench(args, true);
  REQUIRE(bench.await_regex("[1-9][0-9]*/20000 answered", true));  // replies are flowing
  CHECK(bench.err().find("1/1: " + mode) != std::string::npos);     // the progress names the run
  bench.signal(signal_number);
  const auto status = bench.wait(kStops);
  INFO("stdout: " << bench.out() << "\nstderr: " << bench.err());
  REQUIRE(status);
  CHECK(*status == 1);  // an interrupted bench is not a result
  const auto row = bench_row(bench.out(), mode);
  REQUIRE(row);
  CHECK(bench.out().find(" " + delivery + " ") != std::string::npos);
  CHECK(row->answered > 0);
  CHECK(row->lost == "cut");  // it was cut, not finished: nothing is counted lost
  const auto unanswered = cut_run_unanswered(bench.out());
  REQUIRE(unanswered);
  CHECK(row->answered + *unanswered == 20000);
  CHECK(bench.err().find("interrupted; the runs above are partial") != std::string::npos);
  check_no_modes_token(bench);
}

}  // namespace

TEST_CASE("echo-bench with a backlog stops at the first signal in every mode and prints the cut run",
          "[interrupt][echo-bench]") {
  for (const std::string mode : {"sync", "threaded", "async"}) {
    for (const int signal_number : {SIGINT, SIGTERM}) {
      INFO("mode " << mode << ", signal " << signal_number);
      check_backlog_run_is_cut(mode, "polling", signal_number);
    }
  }
}

TEST_CASE("echo-bench with a webhook backlog stops at the first signal and prints the cut run",
          "[interrupt][echo-bench]") {
  // The bot must also leave its receiver and call deleteWebhook; async abandons its sends in flight.
  for (const std::string mode : {"sync", "threaded", "async"}) {
    INFO("mode " << mode);
    check_backlog_run_is_cut(mode, "webhook", SIGINT);
  }
}

TEST_CASE("echo-bench --json marks a run cut by SIGTERM interrupted, its rest unanswered and none lost",
          "[interrupt][echo-bench]") {
  // Two runs planned; the signal comes during the first, so the second never starts.
  TgperfProcess bench({"echo-bench", "--modes", "async,threaded", "--workers", "4", "--inflight", "4", "--latency", "20ms",
                       "--updates", "20000", "--chats", "20", "--json"},
                      true);
  REQUIRE(bench.await_regex("[1-9][0-9]*/20000 answered", true));
  bench.signal(SIGTERM);
  const auto status = bench.wait(kStops);
  INFO("stdout: " << bench.out() << "\nstderr: " << bench.err());
  REQUIRE(status);
  CHECK(*status == 1);
  const auto doc = nlohmann::json::parse(bench.out());
  CHECK(doc.at("interrupted") == true);
  REQUIRE(doc.at("runs").size() == 1);
  const auto& run = doc.at("runs").at(0);
  CHECK(run.at("interrupted") == true);
  CHECK(run.at("lost") == 0);
  CHECK(run.at("answered").get<long>() > 0);
  CHECK(run.at("answered").get<long>() + run.at("unanswered").get<long>() == run.at("updates").get<long>());
  check_no_modes_token(bench);
}

TEST_CASE("race-bench and serve --json say when a signal cut them", "[interrupt][race-bench][serve]") {
  TgperfProcess race({"race-bench", "--variants", "sync", "--transactions", "100000", "--latency", "20ms", "--json"}, true);
  REQUIRE(race.await_regex("[1-9][0-9]*/100000 transactions done", true));
  race.signal(SIGTERM);
  const auto race_status = race.wait(kStops);
  INFO("race stdout: " << race.out() << "\nstderr: " << race.err());
  REQUIRE(race_status);
  CHECK(*race_status == 1);
  CHECK(nlohmann::json::parse(race.out()).at("interrupted") == true);

  TgperfProcess serve({"serve", "--listen", "127.0.0.1:0", "--token", kModesToken, "--json"}, true);
  REQUIRE(serve.await("stop with Ctrl-C", true));
  serve.signal(SIGTERM);
  const auto serve_status = serve.wait(kStops);
  REQUIRE(serve_status);
  CHECK(nlohmann::json::parse(serve.out()).at("interrupted") == true);
  check_no_modes_token(serve);
}

TEST_CASE("echo-bench without latency stops at the first signal in every mode", "[interrupt][echo-bench]") {
  for (const std::string mode : {"sync", "threaded", "async"}) {
    INFO("mode " << mode);
    // 50000 updates: well over 5 s even at the fastest mode's few thousand per second, so the
    // signal sent at the first answers always cuts the run.
    TgperfProcess bench(bench_args(mode, "0", "50000"), true);
    REQUIRE(bench.await_regex("[1-9][0-9]*/50000 answered", true));
    bench.interrupt();
    const auto status = bench.wait(kStops);
    INFO("stdout: " << bench.out() << "\nstderr: " << bench.err());
    REQUIRE(status);
    CHECK(*status == 1);
    const auto row = bench_row(bench.out(), mode);
    REQUIRE(row);
    CHECK(row->lost == "cut");
  }
}

TEST_CASE("echo-bench with an hour per call stops at the first signal in every mode", "[interrupt][echo-bench]") {
  for (const std::string mode : {"sync", "threaded", "async"}) {
    INFO("mode " << mode);
    TgperfProcess bench(bench_args(mode, kVeryLong, "5"), true);
    REQUIRE(bench.await("1/1: " + mode, true));  // the run is under way: its first poll waits an hour
    bench.signal(SIGTERM);
    const auto status = bench.wait(kStops);
    INFO("stdout: " << bench.out() << "\nstderr: " << bench.err());
    REQUIRE(status);
    CHECK(*status == 1);
    const auto row = bench_row(bench.out(), mode);
    REQUIRE(row);
    CHECK(row->answered == 0);
    CHECK(row->lost == "cut");
    CHECK(cut_run_unanswered(bench.out()) == 5);
  }
}

TEST_CASE("echo-bench --run-timeout bounds the wall time when every call takes an hour", "[interrupt][echo-bench]") {
  for (const std::string mode : {"sync", "threaded", "async"}) {
    INFO("mode " << mode);
    auto args = bench_args(mode, kVeryLong, "1");
    args.insert(args.end(), {"--run-timeout", "1s"});
    TgperfProcess bench(args);
    const auto status = bench.wait(kStops);  // no signal: it must end by itself
    INFO("stdout: " << bench.out() << "\nstderr: " << bench.err());
    REQUIRE(status);
    CHECK(*status == 1);  // the update is lost: a deadline is no interruption
    const auto row = bench_row(bench.out(), mode);
    REQUIRE(row);
    CHECK(row->lost == "1");
  }
}

TEST_CASE("echo-bench prints its header at once and each row as its run ends", "[interrupt][echo-bench]") {
  // Two runs of 3 s each (an hour per call, cut by --run-timeout): the header is out before the
  // first run ends, and the sync row while the async run is still under way.
  TgperfProcess bench({"echo-bench", "--modes", "sync,async", "--inflight", "4", "--latency", kVeryLong,
                       "--updates", "5", "--chats", "5", "--run-timeout", "3s"},
                      true);
  REQUIRE(bench.await("mode "));  // the table's header
  CHECK(bench.out().find("\nsync ") == std::string::npos);
  REQUIRE(bench.await("\nsync "));
  CHECK(bench.out().find("\nasync ") == std::string::npos);
  CHECK(bench.out().find("bound = ") == std::string::npos);  // the report's end
  const auto status = bench.wait(kStops);
  INFO("stdout: " << bench.out() << "\nstderr: " << bench.err());
  REQUIRE(status);
  CHECK(*status == 1);  // both runs lost their updates
  CHECK(bench.out().find("\nasync ") != std::string::npos);
  CHECK(bench.err().find("1/2: sync") != std::string::npos);
  CHECK(bench.err().find("2/2: async 4 in flight") != std::string::npos);
}

TEST_CASE("a second signal kills echo-bench at once, without a report", "[interrupt][echo-bench]") {
  // Two different signals back to back: a repeated one could merge with the first while pending.
  // The first starts the orderly stop, the second arrives long before the hour-long calls could
  // have been abandoned and the report printed, and kills with the default action.
  TgperfProcess bench(bench_args("sync", kVeryLong, "5"), true);
  REQUIRE(bench.await("1/1: sync", true));
  bench.signal(SIGINT);
  bench.signal(SIGTERM);
  const auto status = bench.wait(kStops);
  INFO("stdout: " << bench.out() << "\nstderr: " << bench.err());
  REQUIRE(status);
  CHECK((*status == 128 + SIGINT || *status == 128 + SIGTERM));
  CHECK(bench.err().find("interrupted; the runs above are partial") == std::string::npos);
}

TEST_CASE("echo-bot with a backlog stops polling and replying at the first signal in every mode",
          "[interrupt][echo-bot]") {
  struct Case {
    std::string mode;
    std::vector<std::string> concurrency;
    long in_flight_at_most;  // replies the server may carry out whose answer the bot abandoned
    int signal_number;
  };
  for (const auto& c : {Case{"sync", {}, 1, SIGINT}, Case{"threaded", {"--workers", "16"}, 16, SIGTERM},
                        Case{"async", {"--inflight", "64"}, 64, SIGINT}}) {
    INFO("mode " << c.mode);
    // 100000 messages at 20 ms: minutes of work in any mode (the issue's case).
    TgperfProcess serve({"serve", "--listen", "127.0.0.1:0", "--token", kModesToken, "--messages", "100000",
                         "--latency", "20ms", "--json"});
    REQUIRE(serve.await("stop with Ctrl-C", true));
    const auto url = base_url(serve);
    REQUIRE(!url.empty());

    std::vector<std::string> args{"echo-bot", "--token", kModesToken, "--api-url", url, "--mode", c.mode};
    args.insert(args.end(), c.concurrency.begin(), c.concurrency.end());
    TgperfProcess bot(args);
    REQUIRE(bot.await_count("replied in", 20));  // a few round trips under way
    bot.signal(c.signal_number);
    const auto status = bot.wait(kStops);
    INFO("stdout: " << bot.out() << "\nstderr: " << bot.err());
    REQUIRE(status);
    CHECK(*status == 0);  // a clean stop: no reply failed
    const std::string out = bot.out();
    std::smatch m;
    REQUIRE(std::regex_search(out, m,
                              std::regex("--- 7123456789:\\*\\*\\*: ([0-9]+) replied, 0 failed, polling stopped")));
    const long replied = std::stol(m[1]);
    CHECK(replied >= 20);
    check_no_modes_token(bot);

    // What the server carried out: the bot's replies, plus at most the ones in flight when it
    // stopped (carried out, their answers abandoned). Not thousands more.
    serve.interrupt();
    const auto serve_status = serve.wait(kStops);
    REQUIRE(serve_status);
    CHECK(*serve_status == 0);
    const auto ledger = nlohmann::json::parse(serve.out());
    const long answered = ledger.at("answered").get<long>();
    CHECK(answered >= replied);
    CHECK(answered <= replied + c.in_flight_at_most);
    check_no_modes_token(serve);
  }
}

TEST_CASE("echo-bot waiting an hour for getMe stops at SIGTERM", "[interrupt][echo-bot]") {
  // serve's progress line (on a terminal) shows the bot's connection: its getMe is being held.
  TgperfProcess serve({"serve", "--listen", "127.0.0.1:0", "--token", kModesToken, "--latency", kVeryLong, "--json"}, true);
  REQUIRE(serve.await("stop with Ctrl-C", true));
  const auto url = base_url(serve);
  REQUIRE(!url.empty());
  TgperfProcess bot({"echo-bot", "--token", kModesToken, "--api-url", url, "--mode", "async"});
  REQUIRE(serve.await("connections 1", true));
  bot.signal(SIGTERM);
  const auto status = bot.wait(kStops);
  INFO("stdout: " << bot.out() << "\nstderr: " << bot.err());
  REQUIRE(status);
  CHECK(*status == 1);  // nothing was done
  CHECK(bot.err().find("interrupted before getMe answered") != std::string::npos);
  check_no_modes_token(bot);
  serve.interrupt();
  REQUIRE(serve.wait(kStops));
}

TEST_CASE("curl-timing's exit status after a signal counts only the requests that completed",
          "[interrupt][curl-timing]") {
  // 300 ms per request: the signal lands inside one. It is left out, the completed ones are
  // summarised, and the exit status is 0 every time (it was 0 or 1 by where the signal landed).
  for (int attempt = 0; attempt < 2; ++attempt) {
    TgperfProcess timing({"curl-timing", "--local", "--local-latency", "300ms", "-n", "1000", "--token", kModesToken});
    REQUIRE(timing.await("#2 GET"));
    timing.signal(attempt == 0 ? SIGINT : SIGTERM);
    const auto status = timing.wait(kStops);
    INFO("stdout: " << timing.out() << "\nstderr: " << timing.err());
    REQUIRE(status);
    CHECK(*status == 0);
    const std::string err = timing.err();
    std::smatch m;
    REQUIRE(std::regex_search(err, m, std::regex("interrupted after ([0-9]+) request")));
    const auto counted = std::stoul(m[1]);
    // Every request counted was printed, and none was printed that was not counted.
    const auto request_line = [](unsigned long n) { return "#" + std::to_string(n) + " GET"; };
    CHECK(counted >= 2);
    CHECK(timing.out().find(request_line(counted)) != std::string::npos);
    CHECK(timing.out().find(request_line(counted + 1)) == std::string::npos);
    check_no_modes_token(timing);
  }
}

TEST_CASE("curl-timing with an hour per request stops at SIGTERM; nothing completed is exit 1",
          "[interrupt][curl-timing]") {
  TgperfProcess timing({"curl-timing", "--local", "--local-latency", kVeryLong, "-n", "3", "--token", kModesToken});
  REQUIRE(timing.await("3 requests"));  // the header: the first request is on its way
  timing.signal(SIGTERM);
  const auto status = timing.wait(kStops);
  INFO("stdout: " << timing.out() << "\nstderr: " << timing.err());
  REQUIRE(status);
  CHECK(*status == 1);
  CHECK(timing.err().find("interrupted after 0 requests") != std::string::npos);
  check_no_modes_token(timing);
}

TEST_CASE("SIGTERM: ping and serve report and exit like Ctrl-C", "[interrupt][ping][serve]") {
  TgperfProcess ping({"ping", "--local"});
  REQUIRE(ping.await("seq=2"));
  ping.signal(SIGTERM);
  const auto ping_status = ping.wait(kStops);
  REQUIRE(ping_status);
  CHECK(*ping_status == 0);
  CHECK(ping.out().find("probes transmitted") != std::string::npos);

  TgperfProcess serve({"serve", "--listen", "127.0.0.1:0", "--token", kModesToken});
  REQUIRE(serve.await("stop with Ctrl-C"));
  serve.signal(SIGTERM);
  const auto serve_status = serve.wait(kStops);
  REQUIRE(serve_status);
  CHECK(*serve_status == 0);
  CHECK(serve.out().find("Ledger") != std::string::npos);
  check_no_modes_token(serve);
}
