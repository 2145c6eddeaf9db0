// Webhook delivery end to end: the in-process emulator POSTs to a loopback receiver that plays the
// bot, and the tests watch what arrives, what getWebhookInfo says, and what the ledger counts.
#include <catch2/catch.hpp>
#include <sys/timerfd.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <vector>

#include "emulator/send_timer.hpp"
#include "emulator/webhook_client.hpp"
#include "support/loopback.hpp"
#include "test_client.hpp"
#include "tgperf/emulator/emulator.hpp"
#include "tgperf/emulator/ledger.hpp"
#include "tgperf/report/ledger_report.hpp"
#include "webhook_receiver.hpp"

using namespace tgperf;
using namespace std::chrono_literals;
using test::kToken;
using test::TestClient;
using test::WebhookAnswer;
using test::WebhookReceiver;
using test::WebhookRequest;

namespace {

emulator::EmulatorOptions fast_retries(int chats) {
  emulator::EmulatorOptions o;
  o.chats = chats;
  o.webhook_backoff = {50ms, 100ms};
  return o;
}

nlohmann::json webhook_info(TestClient& client) { return client.call("getWebhookInfo").json()["result"]; }

// The echo a bot would send for this update, as a webhook reply.
std::string echo_reply(const WebhookRequest& r) {
  return nlohmann::json{{"method", "sendMessage"}, {"chat_id", r.chat_id()}, {"text", r.text()}}.dump();
}

}  // namespace

TEST_CASE("webhook: every delivery carries the secret header, one update per POST") {
  emulator::Emulator emu(fast_retries(2));
  WebhookReceiver receiver([](const WebhookRequest&) { return WebhookAnswer{}; });
  TestClient client(emu.base_url());
  REQUIRE(client.call("setWebhook", {{"url", receiver.url()}, {"secret_token", "s3cr3t-T0ken_x"}}).status == 200);
  for (int i = 0; i < 4; ++i) emu.inject_message(kToken, i % 2, "hi");
  REQUIRE(test::eventually([&] { return receiver.requests().size() == 4; }));
  std::set<std::int64_t> ids;
  for (const auto& r : receiver.requests()) {
    CHECK(r.target == "/hook");
    CHECK(r.has_secret_header);
    CHECK(r.secret_header == "s3cr3t-T0ken_x");
    ids.insert(r.update_id());
  }
  CHECK(ids.size() == 4);
  REQUIRE(test::eventually([&] { return webhook_info(client)["pending_update_count"] == 0; }));
  const auto info = webhook_info(client);
  CHECK(info["url"] == receiver.url());
  CHECK(info["ip_address"] == "127.0.0.1");
  CHECK(info["max_connections"] == 40);
  CHECK_FALSE(info.contains("last_error_message"));

  // Without a secret there is no header at all.
  WebhookReceiver plain([](const WebhookRequest&) { return WebhookAnswer{}; });
  REQUIRE(client.call("setWebhook", {{"url", plain.url()}}).status == 200);
  emu.inject_message(kToken, 0, "again");
  REQUIRE(test::eventually([&] { return plain.requests().size() == 1; }));
  CHECK_FALSE(plain.requests()[0].has_secret_header);
}

TEST_CASE("webhook: no more than max_connections deliveries are open at once") {
  emulator::Emulator emu(fast_retries(10));
  WebhookReceiver* self = nullptr;
  WebhookReceiver receiver([&self](const WebhookRequest&) {
    self->hold_until_released();
    return WebhookAnswer{};
  });
  self = &receiver;
  TestClient client(emu.base_url());
  REQUIRE(client.call("setWebhook", {{"url", receiver.url()}, {"max_connections", 3}}).status == 200);
  for (int i = 0; i < 10; ++i) emu.inject_message(kToken, i, "hi");  // ten chats: only the cap holds them back
  // Let one through at a time: each release lets exactly one more in (without the cap, all ten
  // would have arrived at once).
  for (int released = 0; released < 10; ++released) {
    const auto arrived = static_cast<std::size_t>(std::min(10, 3 + released));
    const int held = std::min(3, 10 - released);
    REQUIRE(test::eventually([&] { return receiver.requests().size() == arrived && receiver.held() == held; }));
    CHECK(receiver.open_peak() == 3);
    receiver.release(1);
  }
  REQUIRE(test::eventually([&] { return receiver.requests().size() == 10 && receiver.open_now() == 0; }));
  CHECK(receiver.open_peak() == 3);
}

TEST_CASE("webhook: within a chat an update waits for the previous one's answer; chats go in parallel") {
  emulator::Emulator emu(fast_retries(2));
  WebhookReceiver* self = nullptr;
  WebhookReceiver receiver([&self](const WebhookRequest&) {
    self->hold_until_released();
    return WebhookAnswer{};
  });
  self = &receiver;
  TestClient client(emu.base_url());
  REQUIRE(client.call("setWebhook", {{"url", receiver.url()}}).status == 200);
  for (int i = 0; i < 6; ++i) emu.inject_message(kToken, i % 2, "m" + std::to_string(i));
  for (int round = 0; round < 3; ++round) {
    // Exactly one update of each chat is out; the other four wait although 40 connections are allowed.
    const auto arrived = static_cast<std::size_t>(2 * (round + 1));
    REQUIRE(test::eventually([&] { return receiver.requests().size() == arrived && receiver.held() == 2; }));
    const auto seen = receiver.requests();
    REQUIRE(seen.size() == arrived);
    CHECK(seen[seen.size() - 1].chat_id() != seen[seen.size() - 2].chat_id());
    receiver.release(2);
  }
  std::map<std::int64_t, std::vector<std::int64_t>> by_chat;
  for (const auto& r : receiver.requests()) by_chat[r.chat_id()].push_back(r.update_id());
  REQUIRE(by_chat.size() == 2);
  for (const auto& [chat, ids] : by_chat) CHECK(std::is_sorted(ids.begin(), ids.end()));
}

TEST_CASE("webhook: a non-2xx answer is retried with a doubling backoff and reported as Telegram words it") {
  emulator::Emulator emu(fast_retries(1));
  std::atomic<int> calls{0};
  WebhookReceiver receiver([&](const WebhookRequest&) {
    return ++calls <= 3 ? WebhookAnswer{502, ""} : WebhookAnswer{200, ""};
  });
  TestClient client(emu.base_url());
  REQUIRE(client.call("setWebhook", {{"url", receiver.url()}}).status == 200);
  emu.inject_message(kToken, 0, "hi");
  REQUIRE(test::eventually([&] { return webhook_info(client).contains("last_error_message"); }));
  const auto failing = webhook_info(client);
  CHECK(failing["last_error_message"] == "Wrong response from the webhook: 502 Bad Gateway");
  CHECK(failing["last_error_date"].get<std::int64_t>() > 1'600'000'000);
  REQUIRE(test::eventually([&] { return receiver.requests().size() == 4; }));
  REQUIRE(test::eventually([&] { return webhook_info(client)["pending_update_count"] == 0; }));
  const auto r = receiver.requests();
  for (const auto& request : r) CHECK(request.update_id() == r[0].update_id());
  // Waits of at least 50, 100 and 100 ms (the cap) between the attempts: timers never fire early.
  CHECK(r[1].received_at - r[0].received_at >= 50ms);
  CHECK(r[2].received_at - r[1].received_at >= 100ms);
  CHECK(r[3].received_at - r[2].received_at >= 100ms);
  CHECK(emu.ledger().redeliveries == 3);
}

TEST_CASE("webhook: a refused connection and a read timeout are reported in Telegram's words") {
  SECTION("refused") {
    emulator::Emulator emu(fast_retries(1));
    TestClient client(emu.base_url());
    const std::string url = "http://127.0.0.1:" + std::to_string(tgperf::test::closed_loopback_port()) + "/hook";
    REQUIRE(client.call("setWebhook", {{"url", url}}).status == 200);
    emu.inject_message(kToken, 0, "hi");
    REQUIRE(test::eventually([&] { return webhook_info(client).contains("last_error_message"); }));
    CHECK(webhook_info(client)["last_error_message"] == "Connection refused");
    CHECK(webhook_info(client)["pending_update_count"] == 1);
  }
  SECTION("timeout") {
    auto options = fast_retries(1);
    options.webhook_timeout = 200ms;
    emulator::Emulator emu(options);
    WebhookReceiver* self = nullptr;
    WebhookReceiver receiver([&self](const WebhookRequest&) {
      self->hold_until_released();  // never answers until the test ends
      return WebhookAnswer{};
    });
    self = &receiver;
    TestClient client(emu.base_url());
    REQUIRE(client.call("setWebhook", {{"url", receiver.url()}}).status == 200);
    emu.inject_message(kToken, 0, "hi");
    REQUIRE(test::eventually([&] { return webhook_info(client).contains("last_error_message"); }));
    CHECK(webhook_info(client)["last_error_message"] == "Read timeout expired");
    CHECK(webhook_info(client)["pending_update_count"] == 1);
    emu.stop();
  }
}

TEST_CASE("webhook: a method call in the answer is carried out, except the methods Telegram refuses there") {
  emulator::Emulator emu(fast_retries(1));
  WebhookReceiver receiver([](const WebhookRequest& r) {
    if (r.text().starts_with("echo")) return WebhookAnswer{200, echo_reply(r)};
    // Refused in a webhook reply: the webhook stays set, nothing is sent.
    if (r.text().starts_with("delete")) return WebhookAnswer{200, R"({"method":"deleteWebhook"})"};
    return WebhookAnswer{200, R"({"method":"getMe"})"};
  });
  TestClient client(emu.base_url());
  REQUIRE(client.call("setWebhook", {{"url", receiver.url()}}).status == 200);
  emu.inject_message(kToken, 0, "delete me");
  emu.inject_message(kToken, 0, "get me");
  emu.inject_message(kToken, 0, "echo me");
  // In one chat the three go one after another: the echo (last) is carried out after the other two
  // were delivered, and had deleteWebhook been obeyed, the last two would never have been POSTed.
  REQUIRE(test::eventually([&] { return emu.ledger().answered == 1; }));
  CHECK(receiver.requests().size() == 3);
  const auto ledger = emu.ledger();
  CHECK(ledger.replies == 1);
  CHECK(ledger.unmatched == 0);
  CHECK(webhook_info(client)["url"] == receiver.url());
}

TEST_CASE("webhook: getUpdates is refused while set; deleteWebhook returns to polling or drops the backlog") {
  auto options = fast_retries(1);
  options.webhook_backoff = {10s, 10s};  // a failed update stays pending for the whole test
  emulator::Emulator emu(options);
  WebhookReceiver receiver([](const WebhookRequest&) { return WebhookAnswer{502, ""}; });
  TestClient client(emu.base_url());
  REQUIRE(client.call("setWebhook", {{"url", receiver.url()}}).status == 200);
  const auto refused = client.call("getUpdates");
  CHECK(refused.status == 409);
  CHECK(refused.json()["description"] ==
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");

  emu.inject_message(kToken, 0, "one");
  emu.inject_message(kToken, 0, "two");
  REQUIRE(test::eventually([&] { return receiver.requests().size() == 1; }));
  CHECK(webhook_info(client)["pending_update_count"] == 2);

  SECTION("kept") {
    REQUIRE(client.call("deleteWebhook").status == 200);
    const auto updates = client.call("getUpdates").json()["result"];
    REQUIRE(updates.size() == 2);
    CHECK(updates[0]["message"]["text"].get<std::string>().starts_with("one"));
    CHECK(updates[1]["message"]["text"].get<std::string>().starts_with("two"));
  }
  SECTION("dropped") {
    REQUIRE(client.call("deleteWebhook", {{"drop_pending_updates", true}}).status == 200);
    CHECK(webhook_info(client)["pending_update_count"] == 0);
    CHECK(client.call("getUpdates").json()["result"].empty());
  }
  SECTION("dropped by setWebhook") {
    WebhookReceiver other([](const WebhookRequest&) { return WebhookAnswer{}; });
    REQUIRE(client.call("setWebhook", {{"url", other.url()}, {"drop_pending_updates", true}}).status == 200);
    CHECK(webhook_info(client)["pending_update_count"] == 0);
    emu.inject_message(kToken, 0, "three");
    REQUIRE(test::eventually([&] { return other.requests().size() == 1; }));
    CHECK(other.requests()[0].text().starts_with("three"));
  }
}

TEST_CASE("webhook: a reply to a re-delivered update is a duplicate the ledger explains") {
  emulator::Emulator emu(fast_retries(1));
  std::atomic<int> calls{0};
  std::string base = emu.base_url();
  WebhookReceiver receiver([&](const WebhookRequest& r) {
    // The bot answers through the API, then fails the delivery once: Telegram sends it again.
    TestClient bot(base);
    bot.call("sendMessage", {{"chat_id", r.chat_id()}, {"text", r.text()}});
    return ++calls == 1 ? WebhookAnswer{500, ""} : WebhookAnswer{};
  });
  TestClient client(emu.base_url());
  REQUIRE(client.call("setWebhook", {{"url", receiver.url()}}).status == 200);
  emu.inject_message(kToken, 0, "hi");
  REQUIRE(test::eventually([&] { return emu.ledger().replies == 2; }));
  const auto ledger = emu.ledger();
  CHECK(ledger.answered == 1);
  CHECK(ledger.duplicates == 1);
  CHECK(ledger.redeliveries == 1);
  CHECK(tgperf::report::render_ledger(ledger).find("re-deliveries") != std::string::npos);
}

TEST_CASE("webhook: the next delivery takes the connection ready the longest, as Telegram's") {
  emulator::Emulator emu(fast_retries(3));
  WebhookReceiver* self = nullptr;
  std::atomic<bool> hold{true};
  std::mutex mutex;
  std::vector<int> ready_order;  // the connections of the held updates, in the order they are answered
  WebhookReceiver receiver([&](const WebhookRequest& r) {
    if (hold) {
      self->hold_until_released();
      std::lock_guard lock(mutex);
      ready_order.push_back(r.connection);
    }
    return WebhookAnswer{};
  });
  self = &receiver;
  TestClient client(emu.base_url());
  REQUIRE(client.call("setWebhook", {{"url", receiver.url()}, {"max_connections", 3}}).status == 200);
  // Three chats held at once: three connections.
  for (int chat = 0; chat < 3; ++chat) emu.inject_message(kToken, chat, "open");
  REQUIRE(test::eventually([&] { return receiver.held() == 3; }));
  hold = false;
  // Answered one at a time, each only once the last answer has arrived: the connections become
  // ready in ready_order.
  for (int left = 2; left >= 0; --left) {
    receiver.release(1);
    REQUIRE(test::eventually([&] { return webhook_info(client)["pending_update_count"] == left; }));
  }
  std::vector<int> order;
  {
    std::lock_guard lock(mutex);
    order = ready_order;
  }
  REQUIRE(std::set<int>(order.begin(), order.end()).size() == 3);
  // One update at a time: each goes to the connection that has been ready the longest, and its own
  // goes to the back of the line. (libcurl's pool would send every one on the first connection it
  // opened, the first idle one in its list.)
  std::vector<int> used;
  for (int i = 0; i < 6; ++i) {
    emu.inject_message(kToken, i % 3, "next");
    REQUIRE(test::eventually([&] {
      return receiver.requests().size() == static_cast<std::size_t>(4 + i) &&
             webhook_info(client)["pending_update_count"] == 0;
    }));
    used.push_back(receiver.requests().back().connection);
  }
  const std::vector<int> expected{order[0], order[1], order[2], order[0], order[1], order[2]};
  CHECK(used == expected);
}

TEST_CASE("webhook: a delivery never goes before its latency has passed") {
  constexpr auto latency = std::chrono::microseconds(5100);
  auto options = fast_retries(1);
  options.latency = latency;
  emulator::Emulator emu(options);
  WebhookReceiver receiver([](const WebhookRequest&) { return WebhookAnswer{}; });
  TestClient client(emu.base_url());
  REQUIRE(client.call("setWebhook", {{"url", receiver.url()}}).status == 200);
  for (int i = 0; i < 30; ++i) {
    const auto injected = std::chrono::steady_clock::now();
    emu.inject_message(kToken, 0, "hi");
    REQUIRE(test::eventually([&] { return receiver.requests().size() == static_cast<std::size_t>(i + 1); }));
    const auto late = receiver.requests().back().received_at - injected - latency;
    CHECK(late >= std::chrono::steady_clock::duration::zero());
    REQUIRE(test::eventually([&] { return webhook_info(client)["pending_update_count"] == 0; }));
  }
}

TEST_CASE("webhook: the sender's timer is armed to the nanosecond, not rounded up to a millisecond") {
  // Read back from the kernel, not timed: a timer rounded up to whole milliseconds would have more
  // than the 5.1 ms left that it was armed for. (How late a delivery arrives is a benchmark's
  // question on a shared machine, not a unit test's.)
  emulator::SendTimer timer;
  timer.arm(emulator::SendTimer::Clock::now() + std::chrono::microseconds(5100));
  itimerspec left{};
  REQUIRE(timerfd_gettime(timer.fd(), &left) == 0);
  const auto remaining = std::chrono::seconds(left.it_value.tv_sec) + std::chrono::nanoseconds(left.it_value.tv_nsec);
  CHECK(remaining > std::chrono::nanoseconds::zero());
  CHECK(remaining <= std::chrono::microseconds(5100));
  timer.arm(std::nullopt);
  REQUIRE(timerfd_gettime(timer.fd(), &left) == 0);
  CHECK(left.it_value.tv_sec == 0);
  CHECK(left.it_value.tv_nsec == 0);
}

TEST_CASE("webhook: a lost answer closes its connection, as Telegram drops a connection that broke") {
  WebhookReceiver receiver([](const WebhookRequest&) { return WebhookAnswer{}; });
  emulator::Ledger ledger;
  emulator::WebhookDeliveryOptions options;
  options.config.url = receiver.url();
  options.backoff = {20ms, 40ms};
  options.faults.rules = {emulator::FaultRule{emulator::FaultKind::drop, 1.0, 0}};  // every answer lost
  emulator::WebhookClient client(options, ledger, [](const std::string&, const nlohmann::json&) {});
  client.push({1, 7, R"({"update_id":1,"message":{"message_id":1,"chat":{"id":7},"text":"hi"}})"});
  REQUIRE(test::eventually([&] { return receiver.requests().size() >= 3; }));
  client.close();
  // The same update again and again, each time on a new connection (a kept one would be reused).
  const auto requests = receiver.requests();
  std::set<int> connections;
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(requests[i].update_id() == 1);
    connections.insert(requests[i].connection);
  }
  CHECK(connections.size() == 3);
  CHECK(client.status().last_error_message == emulator::kWebhookConnectionClosed);
}
