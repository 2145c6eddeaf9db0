#pragma once
// setWebhook's parameters, checked the way Telegram's Bot API server checks them.
//
// url: https to any host; plain http only to a loopback host (localhost, 127.0.0.0/8, [::1]), as
// the local Bot API server allows. max_connections: clamped to 1..100 (default 40). secret_token:
// up to 256 characters of A-Z a-z 0-9 _ - (empty: no header). allowed_updates: a JSON array of
// update types (or a string holding one); empty means every type.
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace tgperf::emulator {

inline constexpr int kDefaultWebhookConnections = 40;
inline constexpr int kMaxWebhookConnections = 100;

struct WebhookConfig {
  std::string url;
  int max_connections = kDefaultWebhookConnections;
  std::string secret_token;                  // empty: no X-Telegram-Bot-Api-Secret-Token header
  std::vector<std::string> allowed_updates;  // empty: all
  bool drop_pending_updates = false;
};

// The config, or the error description to answer with ("Bad Request: ..."). An empty url is a
// valid config: setWebhook with no url deletes the webhook.
std::variant<WebhookConfig, std::string> parse_set_webhook(const nlohmann::json& params);

// Whether the URL's host is loopback (the only place plain http may go).
bool is_loopback_url(std::string_view url);

}  // namespace tgperf::emulator
