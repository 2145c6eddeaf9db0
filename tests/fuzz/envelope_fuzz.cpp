// Fuzzes the Bot API answer parsing a bot does on every call: parse_envelope (botapi/envelope.hpp),
// getUpdates' result into Updates (botapi/types.hpp) and the fields the bot core reads
// (bot/update_fields.hpp). The input is the response body, arbitrary bytes.
//
// Properties, besides no crash and no sanitizer report:
// - parse_envelope returns or throws MalformedResponse, and its message never quotes the body;
// - an error envelope's describe() starts with its error_code, and its retry_after is 0..86400 s;
// - parse_updates returns or throws nlohmann::json::exception (what the updater catches);
// - an Update written back with to_json reads back with the same id, chat and text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz_check.hpp"
#include "tgperf/bot/update_fields.hpp"
#include "tgperf/botapi/envelope.hpp"
#include "tgperf/botapi/types.hpp"

namespace {

namespace botapi = tgperf::botapi;
namespace bot = tgperf::bot;

void check_updates(const nlohmann::json& result) {
  std::vector<botapi::Update> updates;
  try {
    updates = botapi::parse_updates(result);
  } catch (const nlohmann::json::exception&) {
    return;
  }
  FUZZ_CHECK(result.is_array() && updates.size() == result.size(), "%zu updates from %s", updates.size(),
             result.dump().c_str());
  for (const auto& update : updates) {
    const nlohmann::json written = update;
    const auto again = written.get<botapi::Update>();
    FUZZ_CHECK(bot::update_id_of(again) == bot::update_id_of(update), "update_id changed in %s",
               written.dump().c_str());
    FUZZ_CHECK(bot::chat_id_of(again) == bot::chat_id_of(update), "chat changed in %s", written.dump().c_str());
    FUZZ_CHECK(bot::text_of(again) == bot::text_of(update), "text changed in %s", written.dump().c_str());
    const auto* message = botapi::message_of(update);
    FUZZ_CHECK(bot::chat_id_of(update).has_value() == (message != nullptr), "chat_id_of without a message");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const long http_status = size > 0 ? 200 + data[0] % 400 : 200;
  try {
    const botapi::Envelope envelope = botapi::parse_envelope(body, http_status);
    if (envelope.ok) {
      check_updates(envelope.result);
    } else {
      const std::string text = botapi::describe(envelope.error);
      FUZZ_CHECK(text.starts_with(std::to_string(envelope.error.error_code)), "describe() = '%s'", text.c_str());
      // What envelope.hpp promises, and what keeps the bot core's Duration(retry_after) defined.
      if (envelope.error.retry_after) {
        const auto seconds = envelope.error.retry_after->count();
        FUZZ_CHECK(seconds >= 0 && seconds <= 86400, "retry_after %lld s", static_cast<long long>(seconds));
      }
    }
  } catch (const botapi::MalformedResponse& e) {
    // The fixed messages hold no '{', so a body with one cannot be in them by coincidence.
    if (body.find('{') != std::string_view::npos) {
      FUZZ_CHECK(std::string_view(e.what()).find(body) == std::string_view::npos, "the error quotes the body: %s",
                 e.what());
    }
  }
  // A bare getUpdates result too, so the update parser sees arrays without the envelope around them.
  const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_array()) check_updates(json);
  return 0;
}
