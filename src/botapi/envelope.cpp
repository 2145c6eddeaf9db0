#include "tgperf/botapi/envelope.hpp"

#include <fmt/format.h>

namespace tgperf::botapi {

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
  err.error_code = code != j.end() && code->is_number_integer() ? code->get<int>()
                                                                : static_cast<int>(http_status);
  const auto description = j.find("description");
  if (description != j.end() && description->is_string()) err.description = description->get<std::string>();
  const auto params = j.find("parameters");
  if (params != j.end() && params->is_object()) {
    const auto retry = params->find("retry_after");
    if (retry != params->end() && retry->is_number_integer()) {
      err.retry_after = std::chrono::seconds(retry->get<std::int64_t>());
    }
    const auto migrate = params->find("migrate_to_chat_id");
    if (migrate != params->end() && migrate->is_number_integer()) {
      err.migrate_to_chat_id = migrate->get<std::int64_t>();
    }
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
