#include "tgperf/doctor/http_date.hpp"

#include <ctime>
#include <string>

namespace tgperf::doctor {

std::optional<std::int64_t> parse_http_date(std::string_view text) {
  // strptime's %a/%b follow the C locale, which is what HTTP uses.
  const std::string copy(text);
  std::tm tm{};
  const char* end = ::strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return static_cast<std::int64_t>(::timegm(&tm));
}

}  // namespace tgperf::doctor
