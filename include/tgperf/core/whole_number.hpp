#pragma once
// The one parser of counts and seeds typed by the user. A seed of `-1` or
// `99999999999999999999999` is refused with the flag's name and its range, never wrapped to
// 18446744073709551615 by strtoull (which accepts a sign and saturates silently).
#include <cstdint>
#include <string>
#include <string_view>

namespace tgperf {

// Digits only (no sign, space or base prefix), from 0 to UINT64_MAX; UsageError naming `flag`.
std::uint64_t parse_unsigned_whole_number(std::string_view text, std::string_view flag);

// An optional '-' then digits, within int64_t; UsageError naming `flag`.
std::int64_t parse_signed_whole_number(std::string_view text, std::string_view flag);

}  // namespace tgperf
