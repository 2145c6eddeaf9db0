#include "webhook_url.hpp"

#include <curl/curl.h>

#include <memory>
#include <optional>

#include "tgperf/core/ascii.hpp"
#include "tgperf/core/loopback_address.hpp"

namespace tgperf::emulator {
namespace {

// tdlib's reasons (td::parse_url), word for word.
constexpr const char* kUnsupportedProtocol = "Unsupported URL protocol";
constexpr const char* kWrongPort = "Wrong port number specified in the URL";
constexpr const char* kWrongIpv6 = "Wrong IPv6 address specified in the URL";
constexpr const char* kEmptyHost = "URL host is empty";
constexpr const char* kInvalidHost = "Host is invalid";
constexpr const char* kBadHostCharacter = "Disallowed character in URL host";
constexpr const char* kBadUserinfoCharacter = "Disallowed character in URL userinfo";

struct CurlUrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
struct CurlStringDeleter {
  void operator()(char* text) const { curl_free(text); }
};

// A URL as tdlib splits it before checking any part: [scheme://]authority[rest].
struct UrlParts {
  std::optional<std::string_view> scheme;  // none: tdlib takes https
  std::string_view authority;              // [userinfo@]host[:port]
  std::string_view rest;                   // path, query and fragment, from the '/', '?' or '#'
};

UrlParts split_url(std::string_view url) {
  UrlParts parts;
  // A scheme is what comes before the first of these, and only when "://" follows it.
  const auto scheme_end = url.find_first_of(":/?#@[]");
  if (scheme_end != std::string_view::npos && url.substr(scheme_end).starts_with("://")) {
    parts.scheme = url.substr(0, scheme_end);
    url.remove_prefix(scheme_end + 3);
  }
  const auto authority_end = url.find_first_of("/?#");
  parts.authority = url.substr(0, authority_end);
  parts.rest =
      authority_end == std::string_view::npos ? std::string_view{} : url.substr(authority_end);
  return parts;
}

// Where the port's ':' is, found as tdlib finds it: the last ':' after any ']' and '@', never the
// authority's first character.
std::optional<std::size_t> port_colon(std::string_view authority) {
  for (std::size_t i = authority.size(); i-- > 1;) {
    if (authority[i] == ']' || authority[i] == '@') return std::nullopt;
    if (authority[i] == ':') return i;
  }
  return std::nullopt;
}

// tdlib's character check for the host and the userinfo: RFC 3986's unreserved characters and
// sub-delims, %XX escapes and any byte of a UTF-8 sequence.
bool allowed_in_url_part(std::string_view part, bool allow_colon) {
  for (std::size_t i = 0; i < part.size(); ++i) {
    const auto c = static_cast<unsigned char>(part[i]);
    if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
      continue;
    if (std::string_view(".-_!$,~*'();&+=").find(static_cast<char>(c)) != std::string_view::npos)
      continue;
    if (allow_colon && c == ':') continue;
    if (c == '%' && i + 2 < part.size() && hex_digit_value(part[i + 1]) >= 0 &&
        hex_digit_value(part[i + 2]) >= 0) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

// What tdlib refuses in the authority that libcurl would take, or nullopt.
std::optional<std::string> refusal_beyond_curl(std::string_view authority) {
  std::string_view userinfo_host = authority;
  if (const auto colon = port_colon(authority)) {
    std::string_view port = authority.substr(*colon + 1);
    while (port.size() > 1 && port.front() == '0') port.remove_prefix(1);
    if (port.empty() || port == "0") return kWrongPort;  // libcurl reads both as "no port"
    userinfo_host = authority.substr(0, *colon);
  }
  const auto at = userinfo_host.rfind('@');
  const std::string_view userinfo =
      at == std::string_view::npos ? std::string_view{} : userinfo_host.substr(0, at);
  const std::string_view host =
      at == std::string_view::npos ? userinfo_host : userinfo_host.substr(at + 1);
  if (host.empty()) return kEmptyHost;
  if (host == ".") return kInvalidHost;
  if (host.starts_with('[')) return std::nullopt;  // an IPv6 literal: libcurl checks it
  if (!allowed_in_url_part(host, false)) return kBadHostCharacter;
  if (!allowed_in_url_part(userinfo, true)) return kBadUserinfoCharacter;
  return std::nullopt;
}

// The path, query and fragment as tdlib sends them: without trailing whitespace, each byte up to
// 0x20 (space and control characters) percent-encoded, and starting with '/'.
std::string sendable_rest(std::string_view rest) {
  while (!rest.empty() &&
         std::string_view(" \t\r\n\v\0", 6).find(rest.back()) != std::string_view::npos) {
    rest.remove_suffix(1);
  }
  std::string out;
  if (!rest.starts_with('/')) out.push_back('/');
  constexpr std::string_view kHex = "0123456789ABCDEF";
  for (const char c : rest) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte > 0x20) {
      out.push_back(c);
      continue;
    }
    out.push_back('%');
    out.push_back(kHex[byte / 16]);
    out.push_back(kHex[byte % 16]);
  }
  return out;
}

// libcurl's refusal in tdlib's words where tdlib has them; libcurl's own otherwise.
std::string reason_for(CURLUcode code) {
  switch (code) {
    case CURLUE_BAD_PORT_NUMBER:
      return kWrongPort;
    case CURLUE_BAD_IPV6:
      return kWrongIpv6;
    case CURLUE_NO_HOST:
      return kEmptyHost;
    case CURLUE_BAD_HOSTNAME:
      return kBadHostCharacter;
    case CURLUE_BAD_LOGIN:
    case CURLUE_BAD_USER:
    case CURLUE_BAD_PASSWORD:
      return kBadUserinfoCharacter;
    default:
      return curl_url_strerror(code);
  }
}

std::optional<std::string> get_part(CURLU* url, CURLUPart part, unsigned flags) {
  char* raw = nullptr;
  if (curl_url_get(url, part, &raw, flags) != CURLUE_OK) return std::nullopt;
  const std::unique_ptr<char, CurlStringDeleter> owned(raw);
  return std::string(raw);
}

}  // namespace

std::variant<WebhookUrl, InvalidWebhookUrl> parse_webhook_url(std::string_view text) {
  const UrlParts parts = split_url(text);
  const std::string scheme = parts.scheme ? ascii_lower(*parts.scheme) : std::string("https");
  if (scheme != "http" && scheme != "https") return InvalidWebhookUrl{kUnsupportedProtocol};
  if (auto refusal = refusal_beyond_curl(parts.authority))
    return InvalidWebhookUrl{std::move(*refusal)};

  const std::string normalized =
      scheme + "://" + std::string(parts.authority) + sendable_rest(parts.rest);
  const std::unique_ptr<CURLU, CurlUrlDeleter> url(curl_url());
  if (!url) return InvalidWebhookUrl{curl_url_strerror(CURLUE_OUT_OF_MEMORY)};
  if (const CURLUcode code = curl_url_set(url.get(), CURLUPART_URL, normalized.c_str(), 0);
      code != CURLUE_OK) {
    return InvalidWebhookUrl{reason_for(code)};
  }
  WebhookUrl parsed;
  parsed.https = scheme == "https";
  parsed.host = ascii_lower(get_part(url.get(), CURLUPART_HOST, 0).value_or(""));
  if (parsed.host.starts_with('[') && parsed.host.ends_with(']'))
    parsed.host = parsed.host.substr(1, parsed.host.size() - 2);
  parsed.port = std::stoi(get_part(url.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT)
                              .value_or(parsed.https ? "443" : "80"));
  parsed.request_url = get_part(url.get(), CURLUPART_URL, 0).value_or(normalized);
  return parsed;
}

bool is_loopback_host(const std::string& host) { return host == "localhost" || is_loopback_address(host); }

}  // namespace tgperf::emulator
