// The echo bot in webhook mode against the in-process emulator: setWebhook, deliveries, replies
// (through the API or in the webhook answer), deleteWebhook on the way out.
#include <catch2/catch.hpp>

#include <atomic>
#include <stop_token>
#include <thread>

#include <nlohmann/json.hpp>

#include "support/loopback.hpp"
#include "tgperf/botapi/client.hpp"
#include "tgperf/emulator/emulator.hpp"
#include "tgperf/webhook/webhook_echo_bot.hpp"

using namespace tgperf;
using namespace std::chrono_literals;

namespace {

const std::string kToken = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";

struct Outcome {
  webhook::WebhookEchoResult result;
  emulator::LedgerReport ledger;
  nlohmann::json info_while_running;
  nlohmann::json info_after;
};

Outcome run_against_emulator(bool reply_in_body, bot::DispatchMode mode) {
  emulator::EmulatorOptions emulator_options;
  emulator_options.chats = 5;
  emulator_options.messages = 40;
  emulator::Emulator emu(emulator_options);

  bot::EchoBotOptions options(botapi::Token::parse(kToken));
  options.api_url = emu.base_url();
  options.mode = mode;
  options.workers = 4;
  webhook::WebhookEchoOptions hook;
  hook.listen_port = tgperf::test::closed_loopback_port();  // a free port, so the URL can name it
  hook.url = "http://127.0.0.1:" + std::to_string(hook.listen_port) + "/tg/hook";
  hook.secret_token = "s3cret";
  hook.max_connections = 5;
  hook.reply_in_body = reply_in_body;

  std::stop_source stop;
  Outcome outcome;
  std::atomic<bool> ready{false};
  std::atomic<int> handled{0};
  std::string error;
  std::thread bot([&] {
    try {
      outcome.result = webhook::run_webhook_echo_bot(
          options, hook, stop.get_token(), [&](const bot::HandledUpdate&) { ++handled; },
          [&](std::uint16_t) { ready = true; });
    } catch (const std::exception& e) {
      error = e.what();
      ready = true;
    }
  });
  botapi::Client client(botapi::Endpoint(emu.base_url(), botapi::Token::parse(kToken)));
  const bool answered = emu.wait_until_answered(60s);
  while (!ready) std::this_thread::yield();
  // The emulator counts a reply before the bot has read its answer, and a stop abandons the
  // requests in flight: stop only once the bot has seen every answer (or gave up waiting).
  const auto give_up = std::chrono::steady_clock::now() + 60s;
  while (answered && handled < emulator_options.messages && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(1ms);
  }
  outcome.info_while_running = client.call(botapi::get_webhook_info());
  stop.request_stop();
  bot.join();
  REQUIRE(error.empty());
  outcome.info_after = client.call(botapi::get_webhook_info());
  outcome.ledger = emu.ledger();
  CHECK(answered);
  return outcome;
}

}  // namespace

TEST_CASE("webhook echo bot: every update answered once through the API, webhook deleted on the way out") {
  const auto mode = GENERATE(bot::DispatchMode::sync, bot::DispatchMode::threaded, bot::DispatchMode::async);
  const auto o = run_against_emulator(false, mode);
  CHECK(o.ledger.answered == 40);
  CHECK(o.ledger.duplicates == 0);
  CHECK(o.ledger.unmatched == 0);
  CHECK(o.ledger.redeliveries == 0);
  CHECK(o.result.received == 40);
  CHECK(o.result.replied == 40);
  CHECK(o.result.rejected == 0);
  CHECK(o.info_while_running["url"].get<std::string>().ends_with("/tg/hook"));
  CHECK(o.info_while_running["max_connections"] == 5);
  CHECK(o.result.webhook_deleted);
  CHECK(o.info_after["url"] == "");
}

TEST_CASE("webhook echo bot: --webhook-reply answers in the webhook response, no sendMessage call of its own") {
  const auto o = run_against_emulator(true, bot::DispatchMode::threaded);
  CHECK(o.ledger.answered == 40);
  CHECK(o.ledger.duplicates == 0);
  CHECK(o.result.replied == 40);
  CHECK(o.result.webhook_deleted);
}

TEST_CASE("webhook echo bot: url_path is the path setWebhook's URL points at") {
  CHECK(webhook::url_path("https://bot.example/tg/hook?x=1") == "/tg/hook");
  CHECK(webhook::url_path("http://127.0.0.1:8443") == "/");
}
