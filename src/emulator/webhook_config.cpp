#include "tgperf/emulator/webhook_config.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>

#include <nlohmann/json.hpp>

#include "tgperf/emulator/request_params.hpp"
#include "tgperf/core/ascii.hpp"

namespace tgperf::emulator {
namespace {

constexpr std::size_t kMaxSecretLength = 256;

bool base64url_characters(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; });
}

// The host part of scheme://[userinfo@]host[:port][/...], without brackets.
std::string host_of(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {};
  auto authority = url.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (authority.starts_with("[")) {
    const auto close = authority.find(']');
    return close == std::string_view::npos ? std::string{} : std::string(authority.substr(1, close - 1));
  }
  return ascii_lower(authority.substr(0, authority.find(':')));
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

bool is_loopback_url(std::string_view url) {
  const std::string host = host_of(url);
  if (host == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

std::variant<WebhookConfig, std::string> parse_set_webhook(const nlohmann::json& params) {
  WebhookConfig config;
  config.url = string_param(params, "url").value_or("");
  config.drop_pending_updates = bool_param(params, "drop_pending_updates").value_or(false);
  if (config.url.empty()) return config;

  const std::string scheme = ascii_lower(config.url.substr(0, config.url.find("://")));
  const bool https = scheme == "https" && config.url.find("://") != std::string::npos;
  const bool loopback_http = scheme == "http" && is_loopback_url(config.url);
  if ((!https && !loopback_http) || host_of(config.url).empty()) {
    return std::string("Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
  }
  config.max_connections = static_cast<int>(std::clamp<std::int64_t>(
      int_param(params, "max_connections").value_or(kDefaultWebhookConnections), 1, kMaxWebhookConnections));
  config.secret_token = string_param(params, "secret_token").value_or("");
  if (config.secret_token.size() > kMaxSecretLength) return std::string("Bad Request: secret token is too long");
  if (!base64url_characters(config.secret_token)) {
    return std::string("Bad Request: secret token contains unallowed characters");
  }
  config.allowed_updates = parse_allowed_updates(params);
  return config;
}

}  // namespace tgperf::emulator
