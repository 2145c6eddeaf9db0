// The --flood limiter in the ledger: which limit refused each 429 (chat or bot), and the early
// retries (a call sent before the retry_after it was told had passed). BotApi is driven without a
// server on a fake clock (the limiter's time is the call's arrival, BotApi's CallClock seam), so
// no case depends on how fast this machine is: time moves only when a test moves it. The last
// case goes through the real server and compares counts only.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>

#include "emulator/bot_api.hpp"
#include "test_client.hpp"
#include "tgperf/emulator/emulator.hpp"
#include "tgperf/emulator/flood_limiter.hpp"
#include "tgperf/report/ledger_report.hpp"

namespace tgperf::test {
namespace {

using namespace std::chrono_literals;
using emulator::FloodLimit;

// BotApi with --flood on, its own ledger, and a clock that stands still until advance().
class FloodedBotApi {
 public:
  explicit FloodedBotApi(int chats) : api_(io_, flood_options(chats), ledger_, [this] { return now_; }) {}
  ~FloodedBotApi() {
    api_.shutdown();
    io_.poll();
  }

  // One sendMessage to chat `chat_index` at the fake clock's time; tallies the 429s it gets.
  const emulator::ApiReply& send(int chat_index) {
    const std::string body =
        nlohmann::json{{"chat_id", emulator::kFirstChatId + chat_index}, {"text", "hello"}}.dump();
    last_.reset();
    api_.handle(emulator::HttpCall{"POST", "/bot" + kToken + "/sendMessage", "application/json", body},
                [this](emulator::ApiReply reply) { last_ = std::move(reply); });
    io_.poll();
    io_.restart();
    REQUIRE(last_.has_value());  // sendMessage answers at once
    if (last_->status == 429) ++too_many_requests_;
    return *last_;
  }
  // The retry_after of the last answer (a 429's), in seconds.
  int retry_after() const { return nlohmann::json::parse(last_->body)["parameters"]["retry_after"].get<int>(); }

  void advance(std::chrono::steady_clock::duration by) { now_ += by; }
  emulator::FloodCounts counts() const { return ledger_.report(now_).flood; }
  // The 429s this test received, counted on its side of the API.
  std::size_t too_many_requests() const { return too_many_requests_; }

 private:
  static emulator::EmulatorOptions flood_options(int chats) {
    emulator::EmulatorOptions options;
    options.chats = chats;
    options.flood = true;
    return options;
  }

  boost::asio::io_context io_;
  emulator::Ledger ledger_;
  // An arbitrary start: the limiter only ever looks at differences.
  emulator::Clock::time_point now_ = emulator::Clock::time_point{} + 1000h;
  emulator::BotApi api_;
  std::optional<emulator::ApiReply> last_;
  std::size_t too_many_requests_ = 0;
};

// The default limits: a chat takes a burst of 3, the bot one of 30.
constexpr int kChatBurst = 3;
constexpr int kBotBurst = 30;

}  // namespace

TEST_CASE("the flood limiter names the limit that refused, and the longer wait when both do", "[flood]") {
  using Limiter = emulator::FloodLimiter;
  const auto t0 = Limiter::Clock::time_point{} + 1h;

  SECTION("the chat limit alone") {
    Limiter limiter({/*bot_per_s=*/10, /*bot_burst=*/10, /*chat_per_s=*/1, /*chat_burst=*/1});
    CHECK_FALSE(limiter.take(1, t0).refusal);
    const auto refused = limiter.take(1, t0).refusal;
    REQUIRE(refused);
    CHECK(refused->limit == FloodLimit::chat);
    CHECK(refused->retry_after == 1s);
    CHECK_FALSE(limiter.take(2, t0).refusal);  // another chat: the bot still has room
  }
  SECTION("the bot limit alone") {
    Limiter limiter({1, 1, 10, 10});
    CHECK_FALSE(limiter.take(1, t0).refusal);
    const auto refused = limiter.take(2, t0).refusal;  // a fresh chat: only the bot is out
    REQUIRE(refused);
    CHECK(refused->limit == FloodLimit::bot);
  }
  SECTION("both refuse: the chat's wait is longer") {
    // The bot refills in 0.1 s, the chat in 1 s: waiting 0.1 s would still be refused.
    Limiter limiter({10, 1, 1, 1});
    CHECK_FALSE(limiter.take(1, t0).refusal);
    const auto refused = limiter.take(1, t0).refusal;
    REQUIRE(refused);
    CHECK(refused->limit == FloodLimit::chat);
  }
  SECTION("both refuse: the bot's wait is longer") {
    // The bot refills in 2 s, the chat in 0.1 s: retry_after is the bot's 2 s.
    Limiter limiter({0.5, 1, 10, 1});
    CHECK_FALSE(limiter.take(1, t0).refusal);
    const auto refused = limiter.take(1, t0).refusal;
    REQUIRE(refused);
    CHECK(refused->limit == FloodLimit::bot);
    CHECK(refused->retry_after == 2s);
  }
  SECTION("both refuse with the same wait: the chat is counted") {
    Limiter limiter({1, 1, 1, 1});
    CHECK_FALSE(limiter.take(1, t0).refusal);
    const auto refused = limiter.take(1, t0).refusal;
    REQUIRE(refused);
    CHECK(refused->limit == FloodLimit::chat);
  }
}

TEST_CASE("a burst in one chat: the ledger counts each 429 it answered as chat_limited", "[flood]") {
  FloodedBotApi api(1);
  constexpr int kBurst = 10;
  for (int i = 0; i < kBurst; ++i) api.send(0);
  const auto counts = api.counts();
  CHECK(api.too_many_requests() == kBurst - kChatBurst);
  CHECK(counts.chat_limited == api.too_many_requests());
  CHECK(counts.bot_limited == 0);
  // All at one instant: every call after the first 429 came back within its retry_after.
  CHECK(counts.early_retries == kBurst - kChatBurst - 1);
}

TEST_CASE("a burst over many chats: the ledger counts each 429 it answered as bot_limited", "[flood]") {
  constexpr int kChats = 40;  // one message each: no chat is ever out, only the bot
  FloodedBotApi api(kChats);
  for (int chat = 0; chat < kChats; ++chat) api.send(chat);
  const auto counts = api.counts();
  CHECK(api.too_many_requests() == kChats - kBotBurst);
  CHECK(counts.bot_limited == api.too_many_requests());
  CHECK(counts.chat_limited == 0);
  // The bot was told to wait: the calls after that, in other chats, are early too.
  CHECK(counts.early_retries == kChats - kBotBurst - 1);
}

TEST_CASE("bursts past both limits: per chat and per bot add up to the 429s answered", "[flood]") {
  constexpr int kChats = 30;
  FloodedBotApi api(kChats);
  // Chat 0 gets 5 (2 refused by its limit), then 29 other chats one each, with the bot's burst
  // running out among them, then chat 0 again: both would refuse it, its own wait (1 s) being the
  // longer, so it counts for the chat.
  for (int i = 0; i < 5; ++i) api.send(0);
  for (int chat = 1; chat < kChats; ++chat) api.send(chat);
  CHECK(api.send(0).status == 429);
  const auto counts = api.counts();
  CHECK(counts.chat_limited == 3);
  CHECK(counts.bot_limited == 2);  // chats 28 and 29: the bot's 30 went to 3 + 27 messages
  CHECK(counts.chat_limited + counts.bot_limited == api.too_many_requests());
  // Early: chat 0's fifth (its chat was told 1 s), chat 29 (the bot was), and chat 0's last.
  CHECK(counts.early_retries == 3);
  emulator::LedgerReport ledger;
  ledger.flood = counts;
  CHECK(report::ledger_json(ledger)["flood"] ==
        nlohmann::json{{"chat_limited", 3}, {"bot_limited", 2}, {"early_retries", 3}});
}

TEST_CASE("a call back in the same chat before its retry_after is an early retry", "[flood]") {
  FloodedBotApi api(2);
  for (int i = 0; i < kChatBurst; ++i) REQUIRE(api.send(0).status == 200);
  REQUIRE(api.send(0).status == 429);
  REQUIRE(api.retry_after() == 1);
  CHECK(api.counts().early_retries == 0);  // the refusal itself is no retry

  api.send(1);  // another chat is not a retry of this one
  CHECK(api.counts().early_retries == 0);

  api.advance(500ms);  // half the second it was told
  CHECK(api.send(0).status == 429);
  CHECK(api.counts().early_retries == 1);
  CHECK(api.counts().chat_limited == api.too_many_requests());
}

TEST_CASE("a call back after waiting out its retry_after is not early", "[flood]") {
  SECTION("the chat limit") {
    FloodedBotApi api(1);
    for (int i = 0; i < kChatBurst; ++i) REQUIRE(api.send(0).status == 200);
    REQUIRE(api.send(0).status == 429);
    api.advance(std::chrono::seconds(api.retry_after()));
    CHECK(api.send(0).status == 200);
    CHECK(api.counts().early_retries == 0);
    CHECK(api.counts().chat_limited == 1);
  }
  SECTION("the bot limit") {
    constexpr int kChats = kBotBurst + 3;
    FloodedBotApi api(kChats);
    for (int chat = 0; chat < kBotBurst; ++chat) REQUIRE(api.send(chat).status == 200);
    REQUIRE(api.send(kBotBurst).status == 429);
    api.advance(std::chrono::seconds(api.retry_after()));
    CHECK(api.send(kBotBurst + 1).status == 200);
    CHECK(api.counts().early_retries == 0);
    CHECK(api.counts().bot_limited == 1);
  }
}

TEST_CASE("after a bot-limit 429, a call in any chat before its retry_after is early, even when let through",
          "[flood]") {
  constexpr int kChats = kBotBurst + 3;
  FloodedBotApi api(kChats);
  for (int chat = 0; chat < kBotBurst; ++chat) REQUIRE(api.send(chat).status == 200);
  REQUIRE(api.send(kBotBurst).status == 429);
  REQUIRE(api.retry_after() == 1);  // 1/30 s, rounded up to the whole second sent
  // A tenth of a second later the bot's bucket has room for 3 again, but the client was told 1 s.
  api.advance(100ms);
  CHECK(api.send(kBotBurst + 1).status == 200);
  CHECK(api.counts().early_retries == 1);
  CHECK(api.counts().bot_limited == 1);
}

TEST_CASE("the text ledger shows the flood limiter's line when --flood is on or it counted something", "[flood]") {
  emulator::LedgerReport off;
  CHECK(report::render_ledger(off).find("flood limiter") == std::string::npos);
  emulator::LedgerReport on_and_idle;
  on_and_idle.flood_limits_on = true;
  CHECK(report::render_ledger(on_and_idle).find(
            "flood limiter    0 refused per chat, 0 per bot (429); 0 early retries (sent before their retry_after)") !=
        std::string::npos);
  emulator::LedgerReport counted;
  counted.flood = {2, 1, 1};
  CHECK(report::render_ledger(counted).find("2 refused per chat, 1 per bot (429); 1 early retry") != std::string::npos);
}

TEST_CASE("over HTTP, the ledger's flood counts equal the 429s a burst received", "[flood]") {
  emulator::EmulatorOptions options;
  options.flood = true;
  emulator::Emulator emu(options);
  TestClient client(emu.base_url());
  std::size_t too_many_requests = 0;
  for (int i = 0; i < 10; ++i) {
    if (client.call("sendMessage", {{"chat_id", emulator::kFirstChatId}, {"text", "burst"}}).status == 429) {
      ++too_many_requests;
    }
  }
  // How many are refused depends on how fast the calls go; that the ledger counts each does not.
  const auto report = emu.ledger();
  CHECK(report.flood_limits_on);
  CHECK(report.flood.chat_limited == too_many_requests);
  CHECK(report.flood.bot_limited == 0);  // one chat reaches its limit long before the bot's
  CHECK(report.faults.rate_limited == 0);  // the limiter's 429s are not injected faults
  const auto json = report::ledger_json(report);
  CHECK(json["flood"]["chat_limited"] == too_many_requests);
}

}  // namespace tgperf::test
