#include "api_reply.hpp"

#include <nlohmann/json.hpp>

namespace tgperf::emulator {

ApiReply ok_reply(const nlohmann::json& result, const std::string& description) {
  nlohmann::json envelope = {{"ok", true}, {"result", result}};
  if (!description.empty()) envelope["description"] = description;
  // Results echo client text (sendMessage), which may be invalid UTF-8: replace, never throw.
  return ApiReply{200, envelope.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), std::nullopt,
                  false};
}

ApiReply error_reply(unsigned code, const std::string& description, std::optional<int> retry_after) {
  nlohmann::json envelope = {{"ok", false}, {"error_code", code}, {"description", description}};
  if (retry_after) envelope["parameters"] = {{"retry_after", *retry_after}};
  // Invalid UTF-8 in a description (it can echo client input) must not throw: replace it.
  return ApiReply{code, envelope.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), retry_after,
                  false};
}

}  // namespace tgperf::emulator
