#pragma once
// The few facts the bot core reads from an update (its id, its chat, its text), in one place so
// that filters, ordering and the updater do not depend on the layout of botapi::Update.
#include <cstdint>
#include <optional>
#include <string_view>

namespace tgperf::botapi {
struct Update;
}

namespace tgperf::bot {

std::int64_t update_id_of(const botapi::Update& update);
// The chat of the update's message, if it carries one.
std::optional<std::int64_t> chat_id_of(const botapi::Update& update);
// The text of the update's message; empty when there is none (a sticker, a service message).
std::string_view text_of(const botapi::Update& update);

}  // namespace tgperf::bot
