#pragma once
// The `target` of a /probe request: HOST:PORT, checked before anything is sent, and the allow-list
// that keeps the exporter from being an open proxy for port scans.
#include <span>
#include <string>
#include <string_view>

#include "tgperf/probe/target.hpp"

namespace tgperf::exporter {

// "api.telegram.org:443", "127.0.0.1:8081", "[::1]:443". Throws UsageError with one line (the
// exporter's 400) when the text is empty, has no port, a port outside 1..65535, or characters no
// host name or address has.
probe::TargetSpec parse_probe_target(std::string_view text);

// The canonical text of a target, as labels and the allow-list use it: host lower-cased, an IPv6
// literal in brackets.
std::string target_text(const probe::TargetSpec& target);

// Whether an allow-list entry (HOST:PORT or HOST:*, host compared case-insensitively, an IPv6
// literal in brackets) admits the target.
bool target_allowed(std::span<const std::string> allow_list, const probe::TargetSpec& target);

}  // namespace tgperf::exporter
