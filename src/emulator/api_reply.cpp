#include "api_reply.hpp"

#include <nlohmann/json.hpp>

namespace tgperf::emulator {

ApiReply ok_reply(const nlohmann::json& result, const std::string& description) {
  // Results echo client text (sendMessage), which may be invalid UTF-8: replace, never throw.
  const auto error_handler = nlohmann::json::error_handler_t::replace;
  if (description.empty()) {
    // The envelope's text around the result's own dump: what dumping {"ok":true,"result":result}
    // writes (keys sorted), without a deep copy of the result into an envelope DOM per reply.
    std::string body = R"({"ok":true,"result":)";
    body += result.dump(-1, ' ', false, error_handler);
    body += '}';
    return ApiReply{200, std::move(body), std::nullopt, false};
  }
  const nlohmann::json envelope = {{"ok", true}, {"result", result}, {"description", description}};
  return ApiReply{200, envelope.dump(-1, ' ', false, error_handler), std::nullopt, false};
}

ApiReply error_reply(unsigned code, const std::string& description, std::optional<int> retry_after) {
  nlohmann::json envelope = {{"ok", false}, {"error_code", code}, {"description", description}};
  if (retry_after) envelope["parameters"] = {{"retry_after", *retry_after}};
  // Invalid UTF-8 in a description (it can echo client input) must not throw: replace it.
  return ApiReply{code, envelope.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), retry_after,
                  false};
}

}  // namespace tgperf::emulator
