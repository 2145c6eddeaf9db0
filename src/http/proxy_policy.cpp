#include "tgperf/http/proxy_policy.hpp"
#include "tgperf/core/ascii.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

namespace tgperf::http {
namespace {

// The first of the variables that is set and not empty, with its name.
std::optional<std::pair<std::string, std::string>> env_first(std::initializer_list<const char*> names) {
  for (const char* name : names) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') return std::pair<std::string, std::string>{name, value};
  }
  return std::nullopt;
}

// "http://user:pw@host:port/path" -> "host" (lowercase, IPv6 without brackets).
std::string host_of(std::string_view url) {
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find_first_of("/?#"));
  if (const auto at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
  if (url.starts_with('[')) return ascii_lower(url.substr(1, url.find(']') - 1));
  return ascii_lower(url.substr(0, url.find(':')));
}

bool is_loopback(const std::string& host) {
  if (host == "localhost" || host.ends_with(".localhost") || host == "::1") return true;
  in_addr v4{};
  return inet_pton(AF_INET, host.c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127;
}

// no_proxy as libcurl reads it: "*" or comma-separated names matching the host or a domain of it.
bool excluded_by_no_proxy(const std::string& host) {
  const auto no_proxy = env_first({"no_proxy", "NO_PROXY"});
  if (!no_proxy) return false;
  std::string_view rest = no_proxy->second;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string entry = ascii_lower(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    entry.erase(std::remove_if(entry.begin(), entry.end(), [](unsigned char c) { return std::isspace(c) != 0; }),
                entry.end());
    if (entry == "*") return true;
    if (entry.starts_with('.')) entry.erase(0, 1);
    if (!entry.empty() && (host == entry || host.ends_with("." + entry))) return true;
  }
  return false;
}

}  // namespace

std::string no_proxy_list() {
  std::string list;
  if (const auto user = env_first({"no_proxy", "NO_PROXY"})) list = user->second + ",";
  return list + std::string(kLoopbackNoProxy);
}

std::optional<ProxyInUse> proxy_for(std::string_view url, const std::optional<std::string>& explicit_proxy) {
  const std::string host = host_of(url);
  if (is_loopback(host)) return std::nullopt;
  if (explicit_proxy) {
    if (explicit_proxy->empty()) return std::nullopt;
    return ProxyInUse{redact_userinfo(*explicit_proxy), "--proxy"};
  }
  if (excluded_by_no_proxy(host)) return std::nullopt;
  const bool https = ascii_lower(url.substr(0, 8)) == "https://";
  // libcurl reads http_proxy in lowercase only (HTTP_PROXY may be set by a CGI request header).
  const auto found = https ? env_first({"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
                           : env_first({"http_proxy", "all_proxy", "ALL_PROXY"});
  if (!found) return std::nullopt;
  return ProxyInUse{redact_userinfo(found->second), found->first};
}

std::string redact_userinfo(std::string_view url) {
  const auto scheme = url.find("://");
  const std::size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
  const auto authority_end = url.find_first_of("/?#", start);
  const auto at = url.substr(0, authority_end).rfind('@');
  if (at == std::string_view::npos || at < start) return std::string(url);
  const auto colon = url.substr(start, at - start).find(':');
  if (colon == std::string_view::npos) return std::string(url);  // a user name alone is no secret
  return std::string(url.substr(0, start + colon + 1)) + "***" + std::string(url.substr(at));
}

}  // namespace tgperf::http
