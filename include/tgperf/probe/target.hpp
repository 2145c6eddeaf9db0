#pragma once
// What `tgperf ping` probes: HOST[:PORT] as the user typed it, and the one address it resolved to.
// Resolution happens before any timing, because DNS time is not round-trip time.
#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tgperf::probe {

enum class AddressFamily { any, ipv4, ipv6 };

struct TargetSpec {
  std::string host;    // a name, an IPv4 literal or an IPv6 literal (without brackets)
  std::uint16_t port;  // 1..65535
};

// Parses `HOST`, `HOST:PORT`, `IPV4:PORT`, an IPv6 literal, or `[IPV6]:PORT`. `port_override`
// (-p) wins over a port in the text; without either, `default_port`. Throws UsageError on an empty
// host, a port outside 1..65535, or an unbracketed IPv6 literal with a port-like tail.
TargetSpec parse_target(std::string_view text, std::optional<long> port_override, std::uint16_t default_port = 443);

// A port from user input, 1..65535; throws UsageError otherwise.
std::uint16_t checked_port(long port);

struct ResolvedTarget {
  std::string host;      // as given
  std::string address;   // numeric form of the probed address, e.g. "149.154.167.220" or "::1"
  std::uint16_t port = 0;
  int family = 0;        // AF_INET or AF_INET6
  sockaddr_storage sockaddr{};
  socklen_t sockaddr_len = 0;
};

// Resolves to the first address of the wanted family. Throws UsageError when the name does not
// resolve ("cannot resolve 'x': <reason>") or a literal contradicts -4/-6.
ResolvedTarget resolve_target(const TargetSpec& spec, AddressFamily family);

// "1.2.3.4:443" or "[::1]:443".
std::string endpoint_text(const ResolvedTarget& target);

}  // namespace tgperf::probe
