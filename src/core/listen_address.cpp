#include "tgperf/core/listen_address.hpp"

#include <arpa/inet.h>

#include <charconv>

#include <fmt/format.h>

#include "tgperf/core/usage_error.hpp"

namespace tgperf {

namespace {

bool is_ip_literal(const std::string& host) {
  unsigned char address[16];
  return inet_pton(AF_INET, host.c_str(), address) == 1 || inet_pton(AF_INET6, host.c_str(), address) == 1;
}

}  // namespace

ListenAddress parse_listen_address(std::string_view text, std::string_view flag, std::uint16_t example_port) {
  const auto refuse = [&](std::string_view why) { return UsageError(fmt::format("{} '{}': {}", flag, text, why)); };
  std::string host = "127.0.0.1";
  std::string_view port_text = text;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      throw refuse("expected [ADDRESS]:PORT");
    }
    host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
  } else if (const auto colon = text.rfind(':'); colon != std::string_view::npos) {
    if (text.find(':') != colon) {
      throw refuse(fmt::format("put an IPv6 address in brackets, e.g. [::1]:{}", example_port));
    }
    if (colon > 0) host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
  } else if (text.find_first_not_of("0123456789") != std::string_view::npos) {
    throw refuse(fmt::format("expected HOST:PORT, [IPV6]:PORT or a port alone, e.g. 127.0.0.1:{}", example_port));
  }
  if (host == "localhost") host = "127.0.0.1";
  if (host.find('\0') != std::string::npos || !is_ip_literal(host)) {
    throw refuse(fmt::format("'{}' is not an IP address; give one (127.0.0.1, 0.0.0.0, [::1]) or localhost", host));
  }
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc{} || end != port_text.data() + port_text.size() || port > 65535) {
    throw refuse("the port must be a number from 0 to 65535");
  }
  return ListenAddress{host, static_cast<std::uint16_t>(port)};
}

}  // namespace tgperf
