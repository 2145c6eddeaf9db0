#include "tgperf/core/duration.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <utility>
#include <fmt/format.h>

#include "tgperf/core/usage_error.hpp"

namespace tgperf {
namespace {

struct Unit {
  std::string_view suffix;
  double nanoseconds;
};

// Longest suffixes first so that "ms" is not read as "m" followed by garbage.
constexpr std::array<Unit, 7> kUnits{{
    {"ns", 1.0},
    {"us", 1e3},
    {"ms", 1e6},
    {"s", 1e9},
    {"m", 60e9},
    {"h", 3600e9},
    {"d", 86400e9},  // the longest limits are days: ping -w and serve --duration, at most 31d
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
    reject(text, "expected a number with an optional unit (ns, us, ms, s, m, h, d)");
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
    if (!known) reject(text, "unknown unit '" + std::string(suffix) + "' (use ns, us, ms, s, m, h, d)");
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
  // From a minute up, the largest unit the value is a whole number of ("10m", "1h", "31d"), never
  // "2.6784e+06s"; what fits none is seconds up to 11 days ("90s", "86401s") and days above.
  constexpr std::int64_t kSecond = 1'000'000'000;
  for (const auto& [suffix, unit] : {std::pair{"d", 86400 * kSecond}, std::pair{"h", 3600 * kSecond},
                                     std::pair{"m", 60 * kSecond}}) {
    if (d.count() >= unit && d.count() % unit == 0) return fmt::format("{}{}", d.count() / unit, suffix);
  }
  if (ns < 1e15) return fmt::format("{:g}s", ns / 1e9);  // up to 11 days: six digits of seconds
  // Six significant digits of days, cut toward zero, so that what is printed never parses back
  // above the value (the largest durations are at parse_duration's ceiling).
  const double days = ns / 86400e9;
  const int decimals = std::max(0, 6 - static_cast<int>(std::floor(std::log10(days))) - 1);
  const double scale = std::pow(10.0, decimals);
  std::string text = fmt::format("{:.{}f}", std::floor(days * scale) / scale, decimals);
  if (text.find('.') != std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
  }
  return text + "d";
}

}  // namespace tgperf
