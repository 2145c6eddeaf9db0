#include "tgperf/exporter/query_string.hpp"
#include "tgperf/core/ascii.hpp"

namespace tgperf::exporter {
namespace {

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hex_digit_value(text[i + 1]), low = hex_digit_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

bool is_plain_name(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  for (const char c : name) {
    if (!is_ascii_alnum(c) && c != '_' && c != '-' && c != '.') return false;
  }
  return true;
}

}  // namespace

std::optional<RequestTarget> parse_request_target(std::string_view target, std::string* why) {
  const auto refuse = [why](std::string reason) -> std::optional<RequestTarget> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  RequestTarget out;
  const auto question = target.find('?');
  auto path = percent_decode(target.substr(0, question));
  if (!path) return refuse("the request's path is not valid percent-encoding");
  out.path = std::move(*path);
  if (question == std::string_view::npos) return out;
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    auto name = percent_decode(pair.substr(0, eq));
    auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!name || !value) return refuse("the request's query is not valid percent-encoding");
    // Which of two values would be meant is a guess: refused, never guessed. The name goes into a
    // log line and a reply, so only a short, plain one is quoted back.
    const std::string repeated = is_plain_name(*name) ? "'" + *name + "'" : std::string("a parameter");
    if (!out.parameters.emplace(std::move(*name), std::move(*value)).second) {
      return refuse("the query gives " + repeated + " more than once");
    }
  }
  return out;
}

}  // namespace tgperf::exporter
