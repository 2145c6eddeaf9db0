#pragma once
// Builds text-message updates for the bot tests; the only test code that knows botapi::Update's layout.
#include <cstdint>
#include <string>

#include "tgperf/botapi/types.hpp"

namespace tgperf::bot::testing {

inline botapi::Update make_update(std::int64_t update_id, std::int64_t chat_id, std::string text) {
  botapi::Update update;
  update.update_id = update_id;
  botapi::Message message;
  message.message_id = update_id;
  message.chat.id = chat_id;
  message.chat.type = "private";
  message.text = std::move(text);
  update.message = std::move(message);
  return update;
}

}  // namespace tgperf::bot::testing
