#pragma once
// setWebhook's parameters, checked the way Telegram's Bot API server checks them.
//
// url: parsed as Telegram parses it (src/emulator/webhook_url.hpp; whatever its parser refuses is
// answered "Bad Request: invalid webhook URL specified"), then https to any host and port, plain
// http only to a loopback host (localhost, 127.0.0.0/8, [::1]), as the local Bot API server
// allows. max_connections: clamped to 1..100 (default 40). secret_token: up to 256 characters of
// A-Z a-z 0-9 _ - (empty: no header). allowed_updates: a JSON array of update types (or a string
// holding one); empty means every type.
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace tgperf::emulator {

inline constexpr int kDefaultWebhookConnections = 40;
inline constexpr int kMaxWebhookConnections = 100;

struct WebhookConfig {
  std::string url;           // as given: what getWebhookInfo shows
  std::string delivery_url;  // what deliveries request: url with its path percent-encoded where
                             // Telegram encodes it (a space as %20); empty: url as it is
  int max_connections = kDefaultWebhookConnections;
  std::string secret_token;                  // empty: no X-Telegram-Bot-Api-Secret-Token header
  std::vector<std::string> allowed_updates;  // empty: all
  bool drop_pending_updates = false;
};

// The config, or the error description to answer with ("Bad Request: ..."). An empty url is a
// valid config: setWebhook with no url deletes the webhook.
std::variant<WebhookConfig, std::string> parse_set_webhook(const nlohmann::json& params);

// Where a delivery for `config` goes: its delivery_url, or its url when that is unset.
const std::string& delivery_target(const WebhookConfig& config);

}  // namespace tgperf::emulator
