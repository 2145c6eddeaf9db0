// The delivery rules on their own (WebhookQueue): the connection cap, per-chat order, the backoff,
// and Telegram's error wording.
#include <catch2/catch.hpp>

#include "tgperf/emulator/webhook_queue.hpp"

using namespace tgperf::emulator;
using namespace std::chrono_literals;

namespace {

WebhookQueue::Update update(std::int64_t id, std::int64_t chat) { return {id, chat, "{}"}; }

}  // namespace

TEST_CASE("webhook queue: at most max_connections deliveries are out at once") {
  WebhookQueue queue(3, {});
  const auto now = WebhookQueue::Clock::now();
  for (int i = 1; i <= 10; ++i) queue.push(update(i, i), now);  // ten chats: order does not hold them back
  std::vector<std::int64_t> out;
  while (auto d = queue.next(now)) out.push_back(d->update.update_id);
  CHECK(out == std::vector<std::int64_t>{1, 2, 3});
  CHECK(queue.in_flight() == 3);
  queue.acknowledge(2);
  const auto d = queue.next(now);
  REQUIRE(d);
  CHECK(d->update.update_id == 4);
  CHECK_FALSE(queue.next(now));
  CHECK(queue.pending() == 9);  // all but the acknowledged one
}

TEST_CASE("webhook queue: nothing is due while every connection is out, though updates wait") {
  // The delivery loop sleeps until next_due(): a due update it has no connection for must not
  // wake it (it would spin), only the acknowledgement that frees a connection.
  WebhookQueue queue(2, {});
  const auto now = WebhookQueue::Clock::now();
  for (int i = 1; i <= 6; ++i) queue.push(update(i, i), now);
  REQUIRE(queue.next(now));
  REQUIRE(queue.next(now));
  CHECK_FALSE(queue.next(now));
  CHECK_FALSE(queue.next_due());
  queue.acknowledge(1);
  CHECK(queue.next_due() == now);  // update 3 may go now
  const auto d = queue.next(now);
  REQUIRE(d);
  CHECK(d->update.update_id == 3);
}

TEST_CASE("webhook queue: a chat's next update waits for the previous one's acknowledgement") {
  WebhookQueue queue(40, {});
  const auto now = WebhookQueue::Clock::now();
  for (int i = 1; i <= 6; ++i) queue.push(update(i, i % 2), now);  // chats 1,0,1,0,1,0
  std::vector<std::int64_t> out;
  while (auto d = queue.next(now)) out.push_back(d->update.update_id);
  CHECK(out == std::vector<std::int64_t>{1, 2});  // one per chat
  queue.acknowledge(1);
  auto d = queue.next(now);
  REQUIRE(d);
  CHECK(d->update.update_id == 3);
  CHECK_FALSE(queue.next(now));  // chat 0 still waits for update 2
}

TEST_CASE("webhook queue: a failed update is retried after a doubling backoff, capped, ahead of its chat") {
  WebhookQueue queue(40, WebhookBackoff{100ms, 350ms});
  auto now = WebhookQueue::Clock::now();
  queue.push(update(1, 7), now);
  queue.push(update(2, 7), now);
  queue.push(update(3, 8), now);
  std::vector<std::chrono::milliseconds> waits;
  for (int attempt = 1; attempt <= 5; ++attempt) {
    auto d = queue.next(now);
    REQUIRE(d);
    CHECK(d->update.update_id == 1);
    CHECK(d->attempt == attempt);
    if (attempt == 1) {
      auto other_chat = queue.next(now);  // chat 8 is not held back by chat 7's trouble
      REQUIRE(other_chat);
      CHECK(other_chat->update.update_id == 3);
      queue.acknowledge(3);
    }
    const auto wait = queue.fail(1, now);
    waits.push_back(wait);
    CHECK_FALSE(queue.next(now));                   // not due yet, and update 2 waits behind it
    CHECK_FALSE(queue.next(now + wait - 1ms));
    REQUIRE(queue.next_due() == now + wait);
    now += wait;
  }
  CHECK(waits == std::vector<std::chrono::milliseconds>{100ms, 200ms, 350ms, 350ms, 350ms});
  auto d = queue.next(now);
  REQUIRE(d);
  CHECK(d->attempt == 6);
  CHECK(queue.fail(1, now, std::chrono::seconds(2)) == 2000ms);  // the webhook's Retry-After wins
}

TEST_CASE("webhook queue: take_all hands back everything unacknowledged, oldest first") {
  WebhookQueue queue(2, {});
  const auto now = WebhookQueue::Clock::now();
  for (int i = 1; i <= 4; ++i) queue.push(update(i, i), now);
  (void)queue.next(now);
  (void)queue.next(now);
  queue.acknowledge(1);
  const auto rest = queue.take_all();
  REQUIRE(rest.size() == 3);
  CHECK(rest[0].update_id == 2);
  CHECK(rest[2].update_id == 4);
  CHECK(queue.pending() == 0);
}

TEST_CASE("webhook errors and refused reply methods use Telegram's words") {
  CHECK(wrong_response_message(502) == "Wrong response from the webhook: 502 Bad Gateway");
  CHECK(wrong_response_message(404) == "Wrong response from the webhook: 404 Not Found");
  CHECK(refused_in_webhook_reply("getMe"));
  CHECK(refused_in_webhook_reply("getUpdates"));
  CHECK(refused_in_webhook_reply("setWebhook"));
  CHECK(refused_in_webhook_reply("deleteWebhook"));
  CHECK(refused_in_webhook_reply("logOut"));
  CHECK(refused_in_webhook_reply("close"));
  CHECK_FALSE(refused_in_webhook_reply("sendMessage"));
}
