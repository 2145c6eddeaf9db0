#include "tgperf/probe/target.hpp"

#include <arpa/inet.h>

#include <charconv>

#include <fmt/format.h>

#include "tgperf/core/usage_error.hpp"
#include "tgperf/probe/resolver.hpp"

namespace tgperf::probe {
namespace {

bool is_ipv6_literal(const std::string& text) {
  in6_addr addr{};
  return inet_pton(AF_INET6, text.c_str(), &addr) == 1;
}

long parse_port_text(std::string_view text, std::string_view whole) {
  long value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end) {
    throw UsageError("bad port in '" + std::string(whole) + "': expected a number 1..65535");
  }
  return value;
}

}  // namespace

std::uint16_t checked_port(long port) {
  if (port < 1 || port > 65535) throw UsageError("port " + std::to_string(port) + " is out of range 1..65535");
  return static_cast<std::uint16_t>(port);
}

TargetSpec parse_target(std::string_view text, std::optional<long> port_override, std::uint16_t default_port) {
  // inet_pton and getaddrinfo read a C string: a host with a NUL inside would be checked and
  // resolved as its part before the NUL (found by tests/fuzz/target_fuzz).
  if (text.find('\0') != std::string_view::npos) throw UsageError("bad target: it contains a NUL byte");
  std::string host;
  std::optional<long> port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) throw UsageError("bad target '" + std::string(text) + "': missing ']'");
    host = std::string(text.substr(1, close - 1));
    const auto rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') throw UsageError("bad target '" + std::string(text) + "': expected [IPV6]:PORT");
      port = parse_port_text(rest.substr(1), text);
    }
    if (!host.empty() && !is_ipv6_literal(host)) {
      throw UsageError("bad target '" + std::string(text) + "': brackets hold an IPv6 address");
    }
  } else if (const auto colon = text.find(':'); colon == std::string_view::npos) {
    host = std::string(text);
  } else if (text.find(':', colon + 1) == std::string_view::npos) {
    host = std::string(text.substr(0, colon));
    port = parse_port_text(text.substr(colon + 1), text);
  } else {
    // Two or more colons: an IPv6 literal without a port.
    host = std::string(text);
    if (!is_ipv6_literal(host)) {
      throw UsageError("bad target '" + host + "': not an IPv6 address; write [IPV6]:PORT for a port");
    }
    // "::1:443" is an address (::0.1.4.67), and just as well ::1 with port 443: which one the user
    // meant is a guess, so it is refused as the --listen flags refuse it, brackets settling it.
    const auto last = text.rfind(':');
    const std::string before(text.substr(0, last));
    const auto group = text.substr(last + 1);
    if (!group.empty() && group.find_first_not_of("0123456789") == std::string_view::npos && is_ipv6_literal(before)) {
      throw UsageError(fmt::format("bad target '{}': an address and a port? write [{}]:{} for a port, or [{}] for "
                                   "the address alone",
                                   text, before, group, text));
    }
  }
  if (host.empty()) throw UsageError("empty host in target '" + std::string(text) + "'");
  if (port_override) port = port_override;
  return TargetSpec{host, port ? checked_port(*port) : checked_port(default_port)};
}

ResolvedTarget resolve_target(const TargetSpec& spec, AddressFamily family) {
  return resolve_all(spec, family).front();
}

std::string endpoint_text(const ResolvedTarget& target) {
  const auto port = std::to_string(target.port);
  return target.family == AF_INET6 ? "[" + target.address + "]:" + port : target.address + ":" + port;
}

}  // namespace tgperf::probe
