#pragma once
// The emulator's side of a webhook: POSTs a bot's updates to its URL as Telegram does, on its own
// thread with a libcurl multi loop. Which update goes when is WebhookQueue's rule; this class adds
// the wire (one JSON update per POST, the secret header, --webhook-timeout, TLS verified against
// --webhook-cacert), the connections (a delivery takes the one ready the longest, as Telegram's
// WebhookActor does, and keeps it until answered; webhook_connection.hpp), the network model
// (every delivery waits latency ± jitter, to the nanosecond, before it is sent;
// a drawn fault loses the webhook's answer, so the update comes back as a re-delivery), the
// getWebhookInfo error state, and the webhook reply (a method call in a 2xx body is handed to
// `on_reply_call`, except the methods Telegram refuses there). Thread-safe.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tgperf/core/duration.hpp"
#include "tgperf/emulator/fault_model.hpp"
#include "tgperf/emulator/webhook_config.hpp"
#include "tgperf/emulator/webhook_queue.hpp"

namespace tgperf::emulator {

class Ledger;

struct WebhookDeliveryOptions {
  WebhookConfig config;
  Duration timeout = std::chrono::seconds(60);  // per delivery, as Telegram's
  std::string ca_file;                          // https: verify against this CA (empty: the system's)
  WebhookBackoff backoff;
  Duration latency{};
  Duration jitter{};
  FaultOptions faults;  // drawn per delivery
};

struct WebhookStatus {
  std::optional<std::int64_t> last_error_date;  // unix time
  std::string last_error_message;
  std::string ip_address;  // of the last delivery that connected
};

class WebhookClient {
 public:
  // method (as the webhook wrote it) and its parameters, the "method" key removed.
  using ReplyCall = std::function<void(const std::string& method, const nlohmann::json& params)>;

  WebhookClient(WebhookDeliveryOptions options, Ledger& ledger, ReplyCall on_reply_call);
  ~WebhookClient();  // close() and join
  WebhookClient(const WebhookClient&) = delete;
  WebhookClient& operator=(const WebhookClient&) = delete;

  void push(WebhookQueue::Update update);
  std::size_t pending() const;  // pushed and not yet acknowledged
  WebhookStatus status() const;
  const WebhookConfig& config() const;
  // Stops delivering (answers to requests still open are ignored) and returns every update not
  // acknowledged, oldest first. Idempotent.
  std::vector<WebhookQueue::Update> close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tgperf::emulator
