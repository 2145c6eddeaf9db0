#include "tgperf/emulator/webhook_config.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "tgperf/emulator/request_params.hpp"
#include "webhook_url.hpp"

namespace tgperf::emulator {
namespace {

constexpr std::size_t kMaxSecretLength = 256;

// Telegram's one answer to every URL its parser refuses (telegram-bot-api, Client::do_set_webhook).
constexpr const char* kInvalidUrl = "Bad Request: invalid webhook URL specified";
// Telegram's answer to plain http (WebhookActor::start_up), which the local server we emulate
// still allows to a loopback host.
constexpr const char* kHttpsNeeded = "Bad Request: bad webhook: An HTTPS URL must be provided for webhook";

bool base64url_characters(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; });
}

std::vector<std::string> parse_allowed_updates(const nlohmann::json& params) {
  const auto it = params.find("allowed_updates");
  if (it == params.end() || it->is_null()) return {};
  nlohmann::json list = *it;
  if (list.is_string()) {
    const auto& text = list.get_ref<const std::string&>();
    if (text.empty()) return {};
    list = nlohmann::json::parse(text, nullptr, false);
  }
  if (!list.is_array()) throw BadParameter("Bad Request: can't parse allowed updates JSON array");
  std::vector<std::string> out;
  for (const auto& item : list) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace

std::variant<WebhookConfig, std::string> parse_set_webhook(const nlohmann::json& params) {
  WebhookConfig config;
  config.url = string_param(params, "url").value_or("");
  config.drop_pending_updates = bool_param(params, "drop_pending_updates").value_or(false);
  if (config.url.empty()) return config;

  // Checked in Telegram's order: the URL parsed (Client::do_set_webhook), the secret token, and only
  // then, when the webhook starts, the scheme (WebhookActor::start_up).
  const auto url = parse_webhook_url(config.url);
  if (std::holds_alternative<InvalidWebhookUrl>(url)) return std::string(kInvalidUrl);
  const WebhookUrl& target = std::get<WebhookUrl>(url);
  config.max_connections = static_cast<int>(std::clamp<std::int64_t>(
      int_param(params, "max_connections").value_or(kDefaultWebhookConnections), 1, kMaxWebhookConnections));
  config.secret_token = string_param(params, "secret_token").value_or("");
  if (config.secret_token.size() > kMaxSecretLength) return std::string("Bad Request: secret token is too long");
  if (!base64url_characters(config.secret_token)) {
    return std::string("Bad Request: secret token contains unallowed characters");
  }
  if (!target.https && !is_loopback_host(target.host)) return std::string(kHttpsNeeded);
  config.delivery_url = target.request_url;
  config.allowed_updates = parse_allowed_updates(params);
  return config;
}

const std::string& delivery_target(const WebhookConfig& config) {
  return config.delivery_url.empty() ? config.url : config.delivery_url;
}

}  // namespace tgperf::emulator
