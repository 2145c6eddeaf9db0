#include "tgperf/exporter/probe_target.hpp"

#include <algorithm>
#include <cctype>

#include "tgperf/botapi/endpoint.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/core/ascii.hpp"

namespace tgperf::exporter {
namespace {

// Names, IPv4 and IPv6 literals: letters, digits, '.', '-', '_', ':' (v6) and '%' (a v6 zone).
bool plausible_host(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  return std::all_of(host.begin(), host.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == ':' || c == '%';
  });
}

// The target as the 400's line (and the log) shows it. It comes from anyone who can reach the
// exporter: quoted only when it is short printable ASCII, and passed through the secret redaction
// (a token or URL userinfo pasted into a target must not end up in the journal).
std::string quoted_for_error(std::string_view text) {
  const bool plain = text.size() <= 100 && std::all_of(text.begin(), text.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7f; });
  return plain ? "'" + botapi::redact_secrets(text) + "'" : std::string("the target");
}

}  // namespace

probe::TargetSpec parse_probe_target(std::string_view text) {
  if (text.empty()) throw UsageError("the target is empty: expected HOST:PORT");
  // The port is required: a default would hide a typo such as "host:" or "host 443".
  const bool bracketed = text.starts_with('[');
  const auto close = bracketed ? text.find(']') : std::string_view::npos;
  const auto colon = text.rfind(':');
  const bool has_port = bracketed ? (close != std::string_view::npos && colon == close + 1)
                                  : (colon != std::string_view::npos && text.find(':') == colon);
  const std::string shown = quoted_for_error(text);
  if (!has_port) throw UsageError(shown + " is not HOST:PORT (the port is required; an IPv6 address goes in brackets)");
  probe::TargetSpec spec{};
  try {
    spec = probe::parse_target(text, std::nullopt, 443);
  } catch (const UsageError&) {
    throw UsageError(shown + " is not HOST:PORT with a port from 1 to 65535");
  }
  if (!plausible_host(spec.host)) throw UsageError(shown + ": the host is not a name or an IP address");
  spec.host = ascii_lower(spec.host);
  return spec;
}

std::string target_text(const probe::TargetSpec& target) {
  const bool v6 = target.host.find(':') != std::string::npos;
  return (v6 ? "[" + target.host + "]" : target.host) + ":" + std::to_string(target.port);
}

bool target_allowed(std::span<const std::string> allow_list, const probe::TargetSpec& target) {
  const std::string host = target.host.find(':') != std::string::npos ? "[" + target.host + "]" : target.host;
  for (const auto& entry : allow_list) {
    const auto colon = entry.rfind(':');
    if (colon == std::string::npos) continue;
    if (ascii_lower(std::string_view(entry).substr(0, colon)) != host) continue;
    const std::string_view port = std::string_view(entry).substr(colon + 1);
    if (port == "*" || port == std::to_string(target.port)) return true;
  }
  return false;
}

}  // namespace tgperf::exporter
