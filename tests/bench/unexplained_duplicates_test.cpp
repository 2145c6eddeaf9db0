// BenchRun::unexplained_duplicates() (report/bench_run.hpp): duplicates beyond what the injected
// faults explain fail echo-bench. Unit rows first, then the figures produced by the emulator's
// fault model: a "bot" that sends the same reply several times, through an emulator that drops,
// resets or leaves alone every call.
#include <catch2/catch.hpp>

#include <chrono>
#include <optional>
#include <string>

#include "tgperf/bench/echo_bench.hpp"
#include "tgperf/botapi/client.hpp"
#include "tgperf/botapi/errors.hpp"
#include "tgperf/emulator/emulator.hpp"
#include "tgperf/emulator/ledger.hpp"
#include "tgperf/report/bench_run.hpp"

namespace {

using tgperf::report::BenchFaults;
using tgperf::report::BenchRun;
namespace emulator = tgperf::emulator;
namespace botapi = tgperf::botapi;

constexpr const char* kToken = "123456:bench-duplicates_test-token-AAAA";

BenchRun run_with(std::size_t duplicates, std::optional<std::size_t> unacknowledged) {
  BenchRun run;
  run.duplicates = duplicates;
  if (unacknowledged) {
    run.faults = BenchFaults{};
    run.faults->counts.unacknowledged_replies = *unacknowledged;
  }
  return run;
}

// What echo-bench reports for a run, taken from the emulator's ledger the way the harness does.
BenchRun run_from(const emulator::LedgerReport& ledger, bool faults_injected) {
  BenchRun run;
  run.duplicates = ledger.duplicates;
  if (faults_injected) {
    run.faults = BenchFaults{ledger.faults, 0, ""};
  }
  return run;
}

// One update injected into chat 0, then the same echo sent `sends` times, as a bot that retries
// (or misbehaves) would. Failed sends (the faults) are expected and ignored.
emulator::LedgerReport send_the_same_reply(emulator::EmulatorOptions options, int sends) {
  options.chats = 1;
  emulator::Emulator emu(options);
  emu.inject_message(kToken, 0, "hello");
  // The ledger numbers offers from 1; the echo carries the marker back, which is how it matches.
  const std::string echo = "hello " + emulator::payload_marker(1);
  botapi::Client client(botapi::Endpoint(emu.base_url(), botapi::Token::parse(kToken)));
  for (int i = 0; i < sends; ++i) {
    try {
      client.send_message(emulator::kFirstChatId, echo);
    } catch (const botapi::NetworkError&) {
    } catch (const botapi::ApiException&) {
    }
  }
  emu.stop();
  return emu.ledger();
}

emulator::FaultOptions every_call(emulator::FaultKind kind) {
  emulator::FaultOptions faults;
  faults.rules = {{kind, 1.0, 0}};
  faults.seed = 20;
  return faults;
}

}  // namespace

TEST_CASE("unexplained_duplicates: all duplicates without faults, the excess over unacknowledged replies with them") {
  CHECK(run_with(0, std::nullopt).unexplained_duplicates() == 0);
  CHECK(run_with(3, std::nullopt).unexplained_duplicates() == 3);
  CHECK(run_with(3, 0).unexplained_duplicates() == 3);
  CHECK(run_with(3, 2).unexplained_duplicates() == 1);
  CHECK(run_with(3, 3).unexplained_duplicates() == 0);
  CHECK(run_with(2, 5).unexplained_duplicates() == 0);  // never negative (no wrap-around)
}

TEST_CASE("a reply sent twice with no fault injected is an unexplained duplicate") {
  const auto ledger = send_the_same_reply(emulator::EmulatorOptions{}, 2);
  REQUIRE(ledger.answered == 1);
  REQUIRE(ledger.duplicates == 1);
  CHECK(ledger.faults.unacknowledged_replies == 0);
  CHECK(run_from(ledger, false).unexplained_duplicates() == 1);
}

TEST_CASE("replies whose answers the emulator dropped explain the retries that duplicate them") {
  emulator::EmulatorOptions options;
  options.faults = every_call(emulator::FaultKind::drop);
  // Every send is carried out and its answer cut mid-response: the bot cannot know, so it retries.
  const auto ledger = send_the_same_reply(options, 3);
  REQUIRE(ledger.answered == 1);
  REQUIRE(ledger.duplicates == 2);
  CHECK(ledger.faults.drops == 3);
  CHECK(ledger.faults.unacknowledged_replies == 3);
  CHECK(run_from(ledger, true).unexplained_duplicates() == 0);
}

TEST_CASE("a fault that strikes before the call is carried out explains no duplicate") {
  // A 50% reset rate: the reset sends never reached the chat, so they explain nothing; the ones
  // carried out were acknowledged, so every duplicate among them is unexplained.
  emulator::EmulatorOptions options;
  options.faults.rules = {{emulator::FaultKind::reset, 0.5, 0}};
  options.faults.seed = 7;
  const auto ledger = send_the_same_reply(options, 12);
  INFO("resets " << ledger.faults.resets << ", replies " << ledger.replies);
  REQUIRE(ledger.faults.resets > 0);
  REQUIRE(ledger.replies >= 2);  // seed 7 carries several of the 12 out
  // At least one request per send; libcurl may resend a call whose reused connection was reset.
  CHECK(ledger.replies + ledger.faults.resets >= 12);
  CHECK(ledger.replies <= 12);
  CHECK(ledger.faults.unacknowledged_replies == 0);
  CHECK(run_from(ledger, true).unexplained_duplicates() == ledger.replies - 1);
}

TEST_CASE("echo-bench carries the emulator's unacknowledged replies into its run, so retries after drops are explained") {
  tgperf::bench::EchoBenchOptions options;
  options.modes = {tgperf::bench::DispatchMode::threaded};
  options.workers = {8};
  options.updates = 100;
  options.chats = 10;
  options.latency = std::chrono::milliseconds(2);
  options.request_timeout = std::chrono::seconds(1);
  options.faults.rules = {{emulator::FaultKind::drop, 0.3, 0}};
  options.faults.seed = 17;
  const auto runs = tgperf::bench::run_echo_bench(options);
  REQUIRE(runs.size() == 1);
  const auto& run = runs[0];
  REQUIRE(run.faults);
  INFO("duplicates " << run.duplicates << ", drops " << run.faults->counts.drops << ", unacknowledged "
                     << run.faults->counts.unacknowledged_replies);
  CHECK(run.answered == 100);
  CHECK(run.lost == 0);
  // About 30 of the 100 sendMessage calls were carried out and then cut: the bot retried them.
  CHECK(run.faults->counts.drops > 0);
  CHECK(run.faults->counts.unacknowledged_replies > 0);
  CHECK(run.duplicates <= run.faults->counts.unacknowledged_replies);
  CHECK(run.unexplained_duplicates() == 0);
}
