#include "tgperf/bench/delivery.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "tgperf/core/usage_error.hpp"

namespace tgperf::bench {

std::string_view to_string(Delivery delivery) {
  switch (delivery) {
    case Delivery::polling: return "polling";
    case Delivery::webhook: return "webhook";
  }
  return "?";
}

Delivery parse_delivery(std::string_view text) {
  if (text == "polling") return Delivery::polling;
  if (text == "webhook") return Delivery::webhook;
  throw UsageError("--delivery '" + std::string(text) + "': expected polling or webhook");
}

std::optional<double> webhook_bound_per_s(const WebhookBoundInputs& in) {
  if (in.delivery_latency <= Duration::zero() && in.handler_time <= Duration::zero()) return std::nullopt;
  constexpr double unbounded = std::numeric_limits<double>::infinity();
  // Little's law at each stage: what it holds at once over how long each update holds it. The
  // stages overlap (the 200 goes out before the handler runs), so their times do not add up.
  const double deliveries = in.delivery_latency > Duration::zero()
                                ? double(std::min(in.max_connections, in.chats)) / to_seconds(in.delivery_latency)
                                : unbounded;
  const double handlers = in.handler_time > Duration::zero() ? double(in.concurrency) / to_seconds(in.handler_time)
                                                             : unbounded;
  return std::min(deliveries, handlers);
}

}  // namespace tgperf::bench
