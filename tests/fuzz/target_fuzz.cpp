// Fuzzes ping's target parsing (probe/target.hpp): HOST, HOST:PORT, IPv6 literals, [IPV6]:PORT.
// Only parse_target: resolve_target would ask DNS, and fuzzers stay off the network.
//
// Input: `<target>` or `<target>\n<-p value>`.
// Properties, besides no crash and no sanitizer report:
// - parse_target returns a non-empty host and a port in 1..65535, or throws UsageError;
// - the result written back as `HOST:PORT` (`[HOST]:PORT` for an IPv6 literal) parses to itself;
// - -p wins: with a port override the result's port is the override.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/probe/target.hpp"

namespace {

using tgperf::probe::TargetSpec;

std::optional<TargetSpec> try_parse(std::string_view text, std::optional<long> port_override,
                                    std::uint16_t default_port) {
  try {
    return tgperf::probe::parse_target(text, port_override, default_port);
  } catch (const tgperf::UsageError&) {
    return std::nullopt;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const std::string_view text = input.substr(0, newline);
  std::optional<long> port_override;
  if (newline != std::string_view::npos) {
    const std::string_view p = input.substr(newline + 1);
    long value = 0;
    const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
    if (ec == std::errc{} && end == p.data() + p.size()) port_override = value;
  }
  const std::uint16_t default_port = size > 0 ? static_cast<std::uint16_t>(data[0] | 1) : 443;

  const auto spec = try_parse(text, port_override, default_port);
  if (!spec) return 0;
  FUZZ_CHECK(!spec->host.empty() && spec->port >= 1, "'%.*s' -> host '%s' port %u", static_cast<int>(text.size()),
             text.data(), spec->host.c_str(), spec->port);
  if (port_override) {
    FUZZ_CHECK(spec->port == *port_override, "-p %ld ignored: port %u", *port_override, spec->port);
  }
  const bool bracket = spec->host.find(':') != std::string::npos;
  const std::string again = (bracket ? "[" + spec->host + "]" : spec->host) + ":" + std::to_string(spec->port);
  const auto back = try_parse(again, std::nullopt, 443);
  FUZZ_CHECK(back && back->host == spec->host && back->port == spec->port, "'%.*s' -> '%s' does not parse back",
             static_cast<int>(text.size()), text.data(), again.c_str());
  return 0;
}
