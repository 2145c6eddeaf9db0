#include "tgperf/core/duration.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <fmt/format.h>

#include "tgperf/core/usage_error.hpp"

namespace tgperf {
namespace {

struct Unit {
  std::string_view suffix;
  double nanoseconds;
};

// Longest suffixes first so that "ms" is not read as "m" followed by garbage.
constexpr std::array<Unit, 6> kUnits{{
    {"ns", 1.0},
    {"us", 1e3},
    {"ms", 1e6},
    {"s", 1e9},
    {"m", 60e9},
    {"h", 3600e9},
}};

[[noreturn]] void reject(std::string_view text, std::string_view why) {
  throw UsageError("invalid duration '" + std::string(text) + "': " + std::string(why));
}

}  // namespace

Duration parse_duration(std::string_view text) {
  if (text.empty()) reject(text, "empty");
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  double value = 0;
  // `general` also takes scientific notation ("1e3ms", "1.5e+06s"): format_duration prints large
  // values that way, and what a report prints must be accepted back as a flag.
  auto [number_end, ec] = std::from_chars(begin, end, value, std::chars_format::general);
  if (ec == std::errc::result_out_of_range) reject(text, "the number is out of range");
  if (ec != std::errc{} || number_end == begin) {
    reject(text, "expected a number with an optional unit (ns, us, ms, s, m, h)");
  }
  const std::string_view suffix(number_end, static_cast<size_t>(end - number_end));
  double scale = 1e9;  // a bare number means seconds
  if (!suffix.empty()) {
    bool known = false;
    for (const Unit& unit : kUnits) {
      if (suffix == unit.suffix) {
        scale = unit.nanoseconds;
        known = true;
        break;
      }
    }
    if (!known) reject(text, "unknown unit '" + std::string(suffix) + "' (use ns, us, ms, s, m, h)");
  }
  if (!std::isfinite(value) || value < 0) reject(text, "must be a finite, non-negative number");
  const double nanoseconds = value * scale;
  // About 292 years fit in int64 nanoseconds; anything near that is a typo, not a duration.
  if (nanoseconds > 1e18) reject(text, "too large");
  return Duration(static_cast<Duration::rep>(std::llround(nanoseconds)));
}

Duration parse_positive_duration(std::string_view text) {
  Duration d = parse_duration(text);
  if (d <= Duration::zero()) reject(text, "must be greater than zero");
  return d;
}

double to_ms(Duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double to_seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

std::string format_duration(Duration d) {
  const double ns = static_cast<double>(d.count());
  if (ns < 1e3) return fmt::format("{:.0f}ns", ns);
  if (ns < 1e6) return fmt::format("{:g}us", ns / 1e3);
  if (ns < 1e9) return fmt::format("{:g}ms", ns / 1e6);
  return fmt::format("{:g}s", ns / 1e9);
}

}  // namespace tgperf
