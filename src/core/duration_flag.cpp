#include "tgperf/core/duration_flag.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>

#include "tgperf/core/usage_error.hpp"

namespace tgperf {
namespace {

// A number without any unit letter: "20", "1.5", "2e3" (the exponent's 'e' is not a unit).
bool is_bare_number(std::string_view text) {
  if (text.empty()) return false;
  const char last = text.back();
  return std::isdigit(static_cast<unsigned char>(last)) != 0 || last == '.';
}

}  // namespace

Duration parse_duration_flag(std::string_view text, const DurationFlag& flag) {
  Duration value{};
  try {
    value = flag.positive ? parse_positive_duration(text) : parse_duration(text);
  } catch (const UsageError& e) {
    throw UsageError(fmt::format("{}: {}", flag.name, e.what()));
  }
  if (!flag.bare_number_is_seconds && value > Duration::zero() && is_bare_number(text)) {
    throw UsageError(fmt::format("{} '{}' needs a unit: {}ms or {}s (a bare number would mean seconds)", flag.name,
                                 text, text, text));
  }
  if (value > flag.max) {
    throw UsageError(fmt::format("{} '{}' is too long: at most {}", flag.name, text, format_duration(flag.max)));
  }
  if (const auto warning = duration_flag_warning(value, flag)) {
    std::fprintf(stderr, "tgperf: warning: %s\n", warning->c_str());
  }
  return value;
}

std::optional<std::string> duration_flag_warning(Duration value, const DurationFlag& flag) {
  if (!flag.warn_above || value <= *flag.warn_above) return std::nullopt;
  return fmt::format("{} {} is longer than {}: no real network answers that slowly; the run will mostly wait",
                     flag.name, format_duration(value), format_duration(*flag.warn_above));
}

}  // namespace tgperf
