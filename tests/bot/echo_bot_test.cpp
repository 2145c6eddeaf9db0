// The echo bot in every dispatch mode against the in-process emulator, judged by its ledger.
#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

#include "tgperf/bot/echo_bot.hpp"
#include "tgperf/botapi/client.hpp"
#include "tgperf/emulator/emulator.hpp"

using namespace tgperf;
using namespace std::chrono_literals;

namespace {

const botapi::Token kToken = botapi::Token::parse("123456:echo-bot-test-token-abcdefgh");

struct Outcome {
  bool all_answered = false;
  emulator::LedgerReport ledger;
  bot::EchoBotResult result;
};

Outcome run_against_emulator(bot::DispatchMode mode, bool ordered, Duration jitter) {
  emulator::EmulatorOptions eo;
  eo.chats = 4;
  eo.messages = 120;
  eo.latency = 1ms;
  eo.jitter = jitter;
  emulator::Emulator server(eo);
  bot::EchoBotOptions options(kToken);
  options.api_url = server.base_url();
  options.mode = mode;
  options.workers = 8;
  options.inflight = 32;
  options.ordered = ordered;
  options.polling.poll_timeout = 1s;
  Outcome outcome;
  std::stop_source stop;
  // The ledger counts a reply when the server carries it out, before its answer reaches the bot;
  // a stop abandons the answers still on their way, so wait until the bot has seen them all.
  std::mutex mutex;
  std::condition_variable seen_all;
  std::size_t handled = 0;
  const auto on_handled = [&](const bot::HandledUpdate&) {
    std::lock_guard lock(mutex);
    if (++handled == static_cast<std::size_t>(eo.messages)) seen_all.notify_all();
  };
  std::jthread bot([&] { outcome.result = bot::run_echo_bot(options, stop.get_token(), on_handled); });
  outcome.all_answered = server.wait_until_answered(60s);
  {
    std::unique_lock lock(mutex);
    seen_all.wait_for(lock, 60s, [&] { return handled >= static_cast<std::size_t>(eo.messages); });
  }
  stop.request_stop();
  bot.join();
  outcome.ledger = server.ledger();
  return outcome;
}

}  // namespace

TEST_CASE("the echo bot answers every update exactly once in each dispatch mode") {
  for (auto mode : {bot::DispatchMode::sync, bot::DispatchMode::threaded, bot::DispatchMode::async}) {
    INFO("mode " << bot::to_string(mode));
    const auto o = run_against_emulator(mode, false, 0ms);
    CHECK(o.all_answered);
    CHECK(o.ledger.answered == 120);
    CHECK(o.ledger.duplicates == 0);
    CHECK(o.ledger.unmatched == 0);
    CHECK(o.result.replied == 120);
    CHECK(o.result.failed == 0);
    CHECK(o.result.polling.reason == bot::UpdaterResult::Reason::stop_requested);
  }
}

TEST_CASE("ordered dispatch keeps each chat's replies in order despite jitter") {
  for (auto mode : {bot::DispatchMode::threaded, bot::DispatchMode::async}) {
    INFO("mode " << bot::to_string(mode));
    const auto o = run_against_emulator(mode, true, 3ms);
    CHECK(o.all_answered);
    CHECK(o.ledger.duplicates == 0);
    CHECK(o.ledger.out_of_order == 0);
  }
}

TEST_CASE("a stopped bot has confirmed what it handled: the server offers none of it again") {
  emulator::EmulatorOptions eo;
  eo.chats = 2;
  eo.messages = 30;
  emulator::Emulator server(eo);
  bot::EchoBotOptions options(kToken);
  options.api_url = server.base_url();
  options.mode = bot::DispatchMode::async;
  options.polling.poll_timeout = 1s;
  std::stop_source stop;
  std::jthread bot([&] { bot::run_echo_bot(options, stop.get_token()); });
  REQUIRE(server.wait_until_answered(60s));
  stop.request_stop();
  bot.join();
  botapi::Client next_instance(botapi::Endpoint(server.base_url(), kToken));
  CHECK(next_instance.get_updates(0, 100, 0s).empty());
}

TEST_CASE("a wrong API URL ends polling with a fatal error instead of retrying forever") {
  emulator::Emulator server(emulator::EmulatorOptions{});
  bot::EchoBotOptions options(kToken);
  options.api_url = server.base_url() + "/not-the-api";  // every method answers 404
  options.mode = bot::DispatchMode::sync;
  std::stop_source stop;  // requested only by the watchdog, so that a broken bot fails, not hangs
  std::jthread watchdog([&stop](std::stop_token self) {
    std::mutex m;
    std::condition_variable_any cv;
    std::unique_lock lock(m);
    cv.wait_for(lock, self, 30s, [] { return false; });
    if (!self.stop_requested()) stop.request_stop();
  });
  const auto result = bot::run_echo_bot(options, stop.get_token());
  watchdog.request_stop();
  CHECK(result.polling.reason == bot::UpdaterResult::Reason::fatal_error);
}
