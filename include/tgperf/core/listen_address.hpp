#pragma once
// Where a server of tgperf's listens (serve --listen, exporter --listen, echo-bot --webhook), in one
// syntax for all three: "HOST:PORT", "[IPV6]:PORT", ":PORT" or "PORT" (host 127.0.0.1: loopback
// unless the user asks for more), HOST a literal address or localhost. Port 0 picks a free one.
// An IPv6 address without brackets is refused with a hint: in "::1:8081" the port cannot be told
// from the address's last group.
#include <cstdint>
#include <string>
#include <string_view>

namespace tgperf {

struct ListenAddress {
  std::string host;  // numeric: "127.0.0.1", "0.0.0.0", "::1"
  std::uint16_t port = 0;
};

// `flag` names the option in every message ("--listen"); `example_port` shows in the bracket hint.
// Throws UsageError.
ListenAddress parse_listen_address(std::string_view text, std::string_view flag, std::uint16_t example_port);

}  // namespace tgperf
