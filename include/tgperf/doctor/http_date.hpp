#pragma once
// The HTTP Date header (RFC 9110 IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT"), for the clock offset.
#include <cstdint>
#include <optional>
#include <string_view>

namespace tgperf::doctor {

// Unix time of an IMF-fixdate, or nothing when the text is not one.
std::optional<std::int64_t> parse_http_date(std::string_view text);

}  // namespace tgperf::doctor
