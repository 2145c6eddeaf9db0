#pragma once
// The query of a request target (`/probe?target=127.0.0.1%3A443&module=tcp`), decoded.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace tgperf::exporter {

// Splits a request target into path and parameters, percent-decoding both names and values ('+'
// is a space). Nothing when the encoding is broken (a '%' not followed by two hex digits) or a
// parameter is repeated: the caller answers 400 with `why` (when given), which says which.
struct RequestTarget {
  std::string path;
  std::map<std::string, std::string, std::less<>> parameters;
};

std::optional<RequestTarget> parse_request_target(std::string_view target, std::string* why = nullptr);

}  // namespace tgperf::exporter
