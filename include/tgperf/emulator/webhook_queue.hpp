#pragma once
// The order in which a webhook's updates go out, as Telegram's WebhookActor sends them; no
// sockets, no clock of its own (every call gets `now`), so each rule is testable on its own:
//   - one update per request, at most max_connections requests open at once;
//   - within a chat an update waits until the previous one of that chat is acknowledged (and any
//     retry of it has succeeded); different chats go in parallel; otherwise oldest first;
//   - a failed delivery comes back after a doubling backoff (initial, 2x, 4x, ... up to `max`),
//     or after the Retry-After the webhook asked for.
// Not thread-safe: its owner locks.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace tgperf::emulator {

struct WebhookBackoff {
  std::chrono::milliseconds initial{1000};  // Telegram: 1 s
  std::chrono::milliseconds max{60000};     // Telegram: 60 s (plus a random share of it)
};

class WebhookQueue {
 public:
  using Clock = std::chrono::steady_clock;

  struct Update {
    std::int64_t update_id = 0;
    std::int64_t chat_id = 0;
    std::string body;  // the JSON of the update
  };
  // An update handed out for sending.
  struct Delivery {
    Update update;
    int attempt = 1;  // 1: the first delivery; more: a re-delivery
  };

  WebhookQueue(int max_connections, WebhookBackoff backoff);

  void push(Update update, Clock::time_point now);
  // The next update that may go out now, or none (every connection busy, or nothing due).
  std::optional<Delivery> next(Clock::time_point now);
  // The webhook answered 2xx: the update is done and its chat's next update may go.
  void acknowledge(std::int64_t update_id);
  // The delivery failed: the update goes back to its place, due after the backoff (or retry_after).
  // Returns the wait chosen.
  std::chrono::milliseconds fail(std::int64_t update_id, Clock::time_point now,
                                 std::optional<std::chrono::seconds> retry_after = {});

  // When next() may have something new without any acknowledge/fail/push (a retry falling due).
  // None while every connection is busy: only an acknowledge or a fail can free one.
  std::optional<Clock::time_point> next_due() const;
  std::size_t pending() const { return waiting_.size() + sending_.size(); }  // not yet acknowledged
  std::size_t in_flight() const { return sending_.size(); }
  // Everything not acknowledged, oldest update first (for a return to getUpdates), emptying the queue.
  std::vector<Update> take_all();

 private:
  struct Entry {
    Update update;
    int failures = 0;
    std::chrono::milliseconds delay{0};  // the last backoff
    Clock::time_point due{};
  };

  int max_connections_;
  WebhookBackoff backoff_;
  std::deque<Entry> waiting_;            // by update_id
  std::vector<Entry> sending_;           // handed out, not yet answered
  std::unordered_set<std::int64_t> busy_chats_;  // a chat with an update in sending_
  // Updates in waiting_ per chat: a scan of waiting_ stops once it has met every such chat, since
  // only a chat's oldest waiting update can go next. With a backlog of N updates over C chats, a
  // scan reads about C entries instead of N.
  std::unordered_map<std::int64_t, std::size_t> waiting_per_chat_;
  void count_waiting(std::int64_t chat);
  void uncount_waiting(std::int64_t chat);
};

// getWebhookInfo's last_error_message for a failed delivery, in Telegram's words: an HTTP answer
// other than 2xx -> "Wrong response from the webhook: 502 Bad Gateway"; no answer -> the reason
// ("Connection refused", "Read timeout expired", ...).
std::string wrong_response_message(long http_status);
inline constexpr const char* kConnectionRefused = "Connection refused";
inline constexpr const char* kReadTimeoutExpired = "Read timeout expired";
inline constexpr const char* kWebhookConnectionClosed = "Webhook connection closed";

// Methods a webhook may not call in its answer (Telegram ignores them there).
bool refused_in_webhook_reply(std::string_view method);

}  // namespace tgperf::emulator
