// The async echo bot under webhook delivery: the event-loop receiver posts every update to the
// curl EventLoop, whose sends in flight stay within --inflight while the emulator delivers over
// many connections at once.
#include <catch2/catch.hpp>

#include <atomic>
#include <stop_token>
#include <thread>

#include "support/loopback.hpp"
#include "tgperf/emulator/emulator.hpp"
#include "tgperf/webhook/webhook_echo_bot.hpp"

using namespace tgperf;
using namespace std::chrono_literals;

namespace {

const std::string kAsyncToken = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";

}  // namespace

TEST_CASE("async webhook echo bot: every update answered, never more than --inflight sends at once") {
  constexpr std::size_t kInflight = 3;
  constexpr int kMessages = 120;
  emulator::EmulatorOptions emulator_options;
  emulator_options.chats = 30;
  emulator_options.messages = kMessages;
  emulator_options.latency = 20ms;  // each send held for 20 ms: deliveries pile up behind the 3 slots
  emulator::Emulator emu(emulator_options);

  bot::EchoBotOptions options(botapi::Token::parse(kAsyncToken));
  options.api_url = emu.base_url();
  options.mode = bot::DispatchMode::async;
  options.inflight = kInflight;
  webhook::WebhookEchoOptions hook;
  hook.max_connections = 20;  // far more deliveries at once than sends allowed

  std::stop_source stop;
  std::atomic<bool> ready{false};
  std::atomic<int> handled{0};
  webhook::WebhookEchoResult result;
  std::string error;
  std::thread bot([&] {
    try {
      result = webhook::run_webhook_echo_bot(
          options, hook, stop.get_token(), [&](const bot::HandledUpdate&) { ++handled; },
          [&](std::uint16_t) { ready = true; });
    } catch (const std::exception& e) {
      error = e.what();
      ready = true;
    }
  });
  while (!ready) std::this_thread::yield();
  const auto give_up = std::chrono::steady_clock::now() + 60s;
  while (handled < kMessages && std::chrono::steady_clock::now() < give_up) std::this_thread::sleep_for(1ms);
  stop.request_stop();
  bot.join();
  REQUIRE(error.empty());
  const auto ledger = emu.ledger();
  CHECK(ledger.answered == kMessages);
  CHECK(ledger.duplicates == 0);
  CHECK(result.received == kMessages);
  CHECK(result.replied == kMessages);
  CHECK(result.failed == 0);
  CHECK(result.webhook_deleted);
  // The bot's own count (EventLoop::peak_limited): the emulator's requests_in_flight is no judge
  // here, it counts a request until its write completes, by when the next send may have arrived.
  CHECK(result.peak_in_flight == kInflight);  // never more, and the deliveries did fill every slot
}
