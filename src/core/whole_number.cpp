#include "tgperf/core/whole_number.hpp"

#include <fmt/format.h>

#include <charconv>
#include <limits>
#include <system_error>

#include "tgperf/core/usage_error.hpp"

namespace tgperf {
namespace {

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

template <typename T>
T parse_digits(std::string_view digits, std::string_view whole, std::string_view flag) {
  T value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error == std::errc::result_out_of_range) {
    throw UsageError(fmt::format("{} '{}' is out of range {}..{}", flag, whole, std::numeric_limits<T>::min(),
                                 std::numeric_limits<T>::max()));
  }
  if (error != std::errc{} || end != digits.data() + digits.size()) {
    throw UsageError(fmt::format("{} '{}' is not a whole number", flag, whole));
  }
  return value;
}

}  // namespace

std::uint64_t parse_unsigned_whole_number(std::string_view text, std::string_view flag) {
  if (text.starts_with('-') && all_digits(text.substr(1))) {
    throw UsageError(fmt::format("{} '{}' is negative; it takes a whole number, 0 or more (range 0..{})", flag, text,
                                 std::numeric_limits<std::uint64_t>::max()));
  }
  if (!all_digits(text)) throw UsageError(fmt::format("{} '{}' is not a whole number, 0 or more", flag, text));
  return parse_digits<std::uint64_t>(text, text, flag);
}

std::int64_t parse_signed_whole_number(std::string_view text, std::string_view flag) {
  const bool negative = text.starts_with('-');
  if (!all_digits(negative ? text.substr(1) : text)) {
    throw UsageError(fmt::format("{} '{}' is not a whole number", flag, text));
  }
  // from_chars takes the sign itself, so INT64_MIN parses too.
  return parse_digits<std::int64_t>(text, text, flag);
}

}  // namespace tgperf
