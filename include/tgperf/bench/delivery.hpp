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

// The most updates one getUpdates returns (the Bot API's limit): what one poll can bring a bot.
inline constexpr std::size_t kUpdatesPerPoll = 100;

// Telegram's default and limits for setWebhook's max_connections.
inline constexpr int kDefaultMaxConnections = 40;
inline constexpr int kMaxMaxConnections = 100;

// What bounds a webhook run: two stages that overlap, so the narrower one is the bound.
//
// Delivery: an update holds one of the webhook's `max_connections` and, within a chat, the chat
// itself (Telegram sends a chat's next update only after the previous one was acknowledged) for
// `delivery_latency`. The receiver writes its 200 before it runs the handler (webhook/receiver.hpp),
// so the handler's time is never part of a delivery.
//
// Handlers: `concurrency` of them at once, handler_time each. Threaded: the workers (with ordered,
// at most one per chat). Sync: the handler runs on the receiver's connection thread after the 200,
// so a connection takes its next request only once the handler returned; the emulator's delay
// before that next delivery runs meanwhile. Per connection that is max(delivery_latency,
// handler_time), not their sum: concurrency = max_connections (the sender never opens more
// connections than it has deliveries out).
struct WebhookBoundInputs {
  std::size_t concurrency = 1;
  std::size_t max_connections = kDefaultMaxConnections;
  std::size_t chats = 1;
  Duration delivery_latency{};
  Duration handler_time{};
};

// min(min(max_connections, chats) / delivery_latency, concurrency / handler_time): with sync's
// concurrency = max_connections and chats >= max_connections, max_connections / max(delivery
// latency, handler time). None when both times are zero (no latency: the machine is the limit).
std::optional<double> webhook_bound_per_s(const WebhookBoundInputs& inputs);

}  // namespace tgperf::bench
