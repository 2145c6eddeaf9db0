// The bot core against the emulator's injected faults: the updater rides out an outage and every
// fault kind without losing or repeating an update; the echo bot answers every update; a stalled
// request times out instead of hanging the bot.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stop_token>
#include <thread>
#include <vector>

#include "tgperf/bot/client_update_source.hpp"
#include "tgperf/bot/echo_bot.hpp"
#include "tgperf/bot/update_fields.hpp"
#include "tgperf/bot/updater.hpp"
#include "tgperf/botapi/client.hpp"
#include "tgperf/emulator/emulator.hpp"

using namespace tgperf;
using namespace std::chrono_literals;

namespace {

const std::string kRecoveryToken = "123456:fault-recovery-token";

// Waits (in 1 ms steps) for a condition that another thread makes true; false after `timeout`.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 60s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

// An Updater on its own thread over a real client with a timeout, recording what it delivers.
class RunningUpdater {
 public:
  explicit RunningUpdater(const std::string& base_url, std::chrono::seconds poll_timeout = 1s,
                          std::chrono::milliseconds max_time = 2s) {
    botapi::ClientOptions client_options;
    client_options.transport.max_time = max_time;  // plus the poll timeout, for getUpdates
    client_ = std::make_unique<botapi::Client>(botapi::Endpoint(base_url, botapi::Token::parse(kRecoveryToken)), client_options);
    source_ = std::make_unique<bot::ClientUpdateSource>(*client_);
    bot::UpdaterOptions options;
    options.poll_timeout = poll_timeout;
    options.backoff_initial = 20ms;
    options.backoff_max = 200ms;
    updater_ = std::make_unique<bot::Updater>(
        *source_,
        [this](const botapi::Update& u) {
          std::lock_guard lock(mutex_);
          delivered_.push_back(bot::update_id_of(u));
        },
        options, [this](const bot::UpdaterEvent& e) {
          if (e.kind == bot::UpdaterEvent::Kind::network_error) ++network_errors_;
        });
    thread_ = std::jthread([this](std::stop_token stop) { result_ = updater_->run(stop); });
  }
  ~RunningUpdater() { stop(); }

  bot::UpdaterResult stop() {
    if (thread_.joinable()) {
      thread_.request_stop();
      thread_.join();
    }
    return result_;
  }
  std::vector<std::int64_t> delivered() {
    std::lock_guard lock(mutex_);
    return delivered_;
  }
  std::size_t delivered_count() { return delivered().size(); }
  std::size_t network_errors() const { return network_errors_; }

 private:
  std::unique_ptr<botapi::Client> client_;
  std::unique_ptr<bot::ClientUpdateSource> source_;
  std::unique_ptr<bot::Updater> updater_;
  std::mutex mutex_;
  std::vector<std::int64_t> delivered_;
  std::atomic<std::size_t> network_errors_{0};
  bot::UpdaterResult result_;
  std::jthread thread_;
};

// 1, 2, ..., n: every update exactly once, in order.
std::vector<std::int64_t> one_to(std::int64_t n) {
  std::vector<std::int64_t> ids;
  for (std::int64_t i = 1; i <= n; ++i) ids.push_back(i);
  return ids;
}

}  // namespace

TEST_CASE("the updater resumes after the server disappears and comes back, losing and repeating nothing") {
  emulator::EmulatorOptions options;
  options.chats = 3;
  emulator::Emulator emu(options);
  RunningUpdater updater(emu.base_url());
  for (int i = 0; i < 5; ++i) emu.inject_message(kRecoveryToken, i % 3, "before");
  REQUIRE(eventually([&] { return updater.delivered_count() == 5; }));

  emu.set_available(false);
  REQUIRE(eventually([&] { return emu.ledger().faults.outages == 1; }));  // down (it is asynchronous)
  // Updates keep arriving while the bot cannot reach the server.
  for (int i = 0; i < 5; ++i) emu.inject_message(kRecoveryToken, i % 3, "during");
  REQUIRE(eventually([&] { return updater.network_errors() >= 2; }));  // it is retrying, refused
  CHECK(updater.delivered_count() == 5);

  emu.set_available(true);
  REQUIRE(eventually([&] { return updater.delivered_count() == 10; }));
  for (int i = 0; i < 3; ++i) emu.inject_message(kRecoveryToken, i, "after");
  REQUIRE(eventually([&] { return updater.delivered_count() == 13; }));
  const auto result = updater.stop();
  CHECK(updater.delivered() == one_to(13));
  CHECK(result.next_offset == 14);
  CHECK(emu.ledger().faults.outages == 1);
}

TEST_CASE("the updater delivers every update once under 5xx, reset, drop, stall and 429 faults on getUpdates") {
  const char* kind = GENERATE("5xx:0.4", "reset:0.4", "drop:0.4", "stall:0.2", "429:0.4");
  INFO(kind);
  emulator::EmulatorOptions options;
  options.chats = 4;
  options.faults.rules.push_back(emulator::parse_fault_rule(kind));
  options.faults.retry_after_s = 0;
  options.faults.stall_for = 5s;  // past the client's timeout (poll timeout 0 + 500 ms)
  options.faults.seed = 3;
  emulator::Emulator emu(options);
  // Poll timeout 0: every poll is a fresh request, so the faults get many chances.
  RunningUpdater updater(emu.base_url(), 0s, 500ms);
  constexpr int kUpdates = 30;
  for (int i = 0; i < kUpdates; ++i) {
    emu.inject_message(kRecoveryToken, i % 4, "m");
    // A few at a time, so there are many polls (and faults) in between.
    if (i % 3 == 2) {
      REQUIRE(eventually([&] { return updater.delivered_count() == static_cast<std::size_t>(i + 1); }));
    }
  }
  updater.stop();
  CHECK(updater.delivered() == one_to(kUpdates));
  const auto faults = emu.ledger().faults;
  CHECK(faults.injected() > 0);
}

TEST_CASE("the echo bot answers every update under each fault kind; duplicates only from executed, lost answers") {
  const char* kind = GENERATE("5xx:0.2", "reset:0.2", "drop:0.2", "stall:0.1", "429:0.2");
  const auto mode = GENERATE(bot::DispatchMode::sync, bot::DispatchMode::threaded, bot::DispatchMode::async);
  INFO(kind << " mode " << bot::to_string(mode));
  emulator::EmulatorOptions options;
  options.chats = 10;
  options.messages = 60;
  options.latency = 2ms;
  options.faults.rules.push_back(emulator::parse_fault_rule(kind));
  options.faults.retry_after_s = 0;
  options.faults.stall_for = 4s;
  options.faults.seed = 11;
  emulator::Emulator emu(options);

  bot::EchoBotOptions bot_options(botapi::Token::parse(kRecoveryToken));
  bot_options.api_url = emu.base_url();
  bot_options.mode = mode;
  bot_options.workers = 8;
  bot_options.inflight = 32;
  bot_options.polling.poll_timeout = 1s;
  bot_options.request_timeout = 1s;  // a stall (4 s) must end in a timeout and a retry
  std::stop_source stop;
  std::jthread bot([&] { bot::run_echo_bot(bot_options, stop.get_token()); });
  const bool all = emu.wait_until_answered(120s);
  stop.request_stop();
  bot.join();
  const auto ledger = emu.ledger();
  CHECK(all);
  CHECK(ledger.answered == 60);
  CHECK(ledger.unmatched == 0);
  CHECK(ledger.faults.injected() > 0);
  // A duplicate needs a reply the server carried out and whose answer was lost.
  CHECK(ledger.duplicates <= ledger.faults.unacknowledged_replies);
  if (std::string(kind).starts_with("5xx") || std::string(kind).starts_with("reset") ||
      std::string(kind).starts_with("429")) {
    CHECK(ledger.duplicates == 0);  // those faults strike before the call is carried out
  }
}

TEST_CASE("a stalled call ends with the client's timeout (curl 28), not a hang") {
  emulator::EmulatorOptions options;
  options.faults.rules.push_back(emulator::parse_fault_rule("stall:1"));
  options.faults.stall_for = 3600s;  // an hour: only the client's timeout can end the call
  emulator::Emulator emu(options);
  botapi::ClientOptions client_options;
  client_options.transport.max_time = 500ms;
  botapi::Client client(botapi::Endpoint(emu.base_url(), botapi::Token::parse(kRecoveryToken)), client_options);
  try {
    client.send_message(emulator::kFirstChatId, "hello");
    FAIL("a stalled call returned");
  } catch (const botapi::NetworkError& e) {
    CHECK(e.curl_code() == 28);  // CURLE_OPERATION_TIMEDOUT
    CHECK(std::string(e.what()).find(kRecoveryToken) == std::string::npos);
  }
  CHECK(emu.ledger().faults.stalls == 1);
  CHECK(emu.ledger().faults.unacknowledged_replies == 1);
}
