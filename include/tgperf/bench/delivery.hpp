#pragma once
// How echo-bench's bot gets its updates (long polling or a webhook the emulator POSTs to), and the
// Little's-law ceiling of each: a run's throughput is at most (updates in flight) / (time each one
// occupies its slot), taken at the narrowest stage the update passes through.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "tgperf/core/duration.hpp"

namespace tgperf::bench {

enum class Delivery { polling, webhook };

std::string_view to_string(Delivery delivery);
// "polling" or "webhook"; UsageError naming --delivery otherwise.
Delivery parse_delivery(std::string_view text);

// Telegram's default and limits for setWebhook's max_connections.
inline constexpr int kDefaultMaxConnections = 40;
inline constexpr int kMaxMaxConnections = 100;

// What bounds a webhook run. A delivery holds one of the webhook's `max_connections` and, within a
// chat, the chat itself (Telegram sends a chat's next update only after the previous one was
// acknowledged) for `delivery_latency`. When `handler_holds_connection`, the handler runs on the
// receiver's connection before it reads the next request (sync dispatch: one handler per
// connection), so the slot is held for delivery_latency + handler_time; otherwise the receiver
// acknowledges at once and `concurrency` handlers (N workers) take handler_time each.
struct WebhookBoundInputs {
  std::size_t concurrency = 1;
  std::size_t max_connections = kDefaultMaxConnections;
  std::size_t chats = 1;
  Duration delivery_latency{};
  Duration handler_time{};
  bool handler_holds_connection = false;
};

// min(min(max_connections, chats) / (delivery_latency [+ handler_time]), concurrency / handler_time):
// with the handler on the connection and concurrency = max_connections this is the plain
// min(concurrency, max_connections, chats) / (delivery latency + handler time). None when both
// times are zero (no latency: the machine is the limit).
std::optional<double> webhook_bound_per_s(const WebhookBoundInputs& inputs);

}  // namespace tgperf::bench
