#pragma once
// Durations as users type them: `250ms`, `1.5s`, `2m`, `100us`, or a bare number of seconds
// (the convention of ping's -i and -W).
#include <chrono>
#include <string>
#include <string_view>

namespace tgperf {

using Duration = std::chrono::nanoseconds;

// Parses a non-negative duration. Units: ns, us, ms, s, m, h, d; no unit means seconds. The number
// may be decimal or scientific (`1.5e3ms`), as format_duration prints very large values.
// Throws UsageError naming the input when it is empty, malformed, negative or too large.
Duration parse_duration(std::string_view text);

// Like parse_duration, but zero is rejected too (intervals, timeouts).
Duration parse_positive_duration(std::string_view text);

// A duration in (fractional) milliseconds or seconds, for reports.
double to_ms(Duration d);
double to_seconds(Duration d);

// A short human form: `850us`, `12.5ms`, `2s`, `1.5s`, `90s`, `10m`, `31d`.
std::string format_duration(Duration d);

}  // namespace tgperf
