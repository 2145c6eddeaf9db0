#include "tgperf/botapi/envelope.hpp"

#include <fmt/format.h>

#include <climits>
#include <cstdint>
#include <optional>

namespace tgperf::botapi {
namespace {

// The longest retry_after taken from an answer: a day. A negative or larger value is no wait a
// client can honour, and a huge one overflows when the bot core converts it to a nanosecond
// Duration (undefined behaviour; tests/fuzz/envelope_fuzz checks the range).
constexpr std::int64_t kMaxRetryAfterSeconds = 24 * 60 * 60;

// An integer JSON value within [low, high] (high >= 0), or nothing: a float, a string, too large.
// (nlohmann stores a non-negative integer as unsigned, a negative one as signed.)
std::optional<std::int64_t> integer_in(const nlohmann::json& value, std::int64_t low, std::int64_t high) {
  std::int64_t n = 0;
  if (value.is_number_unsigned()) {
    if (value.get<std::uint64_t>() > static_cast<std::uint64_t>(high)) return std::nullopt;
    n = static_cast<std::int64_t>(value.get<std::uint64_t>());
  } else if (value.is_number_integer()) {
    n = value.get<std::int64_t>();
  } else {
    return std::nullopt;
  }
  if (n < low || n > high) return std::nullopt;
  return n;
}

}  // namespace

Envelope parse_envelope(std::string_view body, long http_status) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  const auto status = fmt::format("HTTP {}", http_status);
  if (j.is_discarded()) {
    throw MalformedResponse(body.empty() ? status + " with an empty body, not a Bot API answer"
                                         : status + " with a body that is not JSON, not a Bot API answer");
  }
  if (!j.is_object() || !j.contains("ok") || !j["ok"].is_boolean()) {
    throw MalformedResponse(status + " with JSON that is not a Bot API envelope (no boolean \"ok\")");
  }
  Envelope e;
  e.ok = j["ok"].get<bool>();
  if (e.ok) {
    if (!j.contains("result")) throw MalformedResponse(status + ": \"ok\":true without a \"result\"");
    e.result = std::move(j["result"]);
    return e;
  }
  ApiError& err = e.error;
  const auto code = j.find("error_code");
  // An error_code that does not fit an int is no HTTP status: the transport's status stands in.
  const auto code_value = code != j.end() ? integer_in(*code, INT_MIN, INT_MAX) : std::nullopt;
  err.error_code = static_cast<int>(code_value.value_or(http_status));
  const auto description = j.find("description");
  if (description != j.end() && description->is_string()) err.description = description->get<std::string>();
  const auto params = j.find("parameters");
  if (params != j.end() && params->is_object()) {
    const auto retry = params->find("retry_after");
    if (retry != params->end()) {
      if (const auto seconds = integer_in(*retry, 0, kMaxRetryAfterSeconds)) {
        err.retry_after = std::chrono::seconds(*seconds);
      }
    }
    const auto migrate = params->find("migrate_to_chat_id");
    if (migrate != params->end()) err.migrate_to_chat_id = integer_in(*migrate, INT64_MIN, INT64_MAX);
  }
  return e;
}

std::string describe(const ApiError& error) {
  std::string text = std::to_string(error.error_code);
  if (!error.description.empty()) text += " " + error.description;
  if (error.retry_after) text += fmt::format(" (retry after {} s)", error.retry_after->count());
  return text;
}

}  // namespace tgperf::botapi
