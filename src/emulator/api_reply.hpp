#pragma once
// What the emulator answers to one HTTP request, before the network model delays it: an HTTP
// status and a Bot API envelope (HTTP status = error_code), or a dropped connection.
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace tgperf::emulator {

struct ApiReply {
  unsigned status = 200;
  std::string body;                // the JSON envelope
  std::optional<int> retry_after;  // seconds, also sent as the Retry-After header
  bool drop_connection = false;    // close without answering (a simulated network failure)
};

// {"ok":true,"result":...} (+ "description" when given, as setWebhook's answer has one).
ApiReply ok_reply(const nlohmann::json& result, const std::string& description = {});
// {"ok":false,"error_code":code,"description":...} with parameters.retry_after when given.
ApiReply error_reply(unsigned code, const std::string& description, std::optional<int> retry_after = {});

}  // namespace tgperf::emulator
