#include "tgperf/bot/update_fields.hpp"

#include "tgperf/botapi/types.hpp"

namespace tgperf::bot {

std::int64_t update_id_of(const botapi::Update& update) { return update.update_id; }

std::optional<std::int64_t> chat_id_of(const botapi::Update& update) {
  const auto* message = botapi::message_of(update);
  if (message == nullptr) return std::nullopt;
  return message->chat.id;
}

std::string_view text_of(const botapi::Update& update) {
  const auto* message = botapi::message_of(update);
  if (message == nullptr || !message->text) return {};
  return *message->text;
}

}  // namespace tgperf::bot
