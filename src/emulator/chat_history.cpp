#include "chat_history.hpp"

namespace tgperf::emulator {

void ChatHistory::add(std::int64_t message_id, bool from_bot, std::int64_t date, std::string_view text,
                      nlohmann::json entities) {
  if (message_id < 1) return;  // never handed out: ids start at 1
  const auto index = static_cast<std::size_t>(message_id - 1);
  if (index >= records_.size()) records_.resize(index + 1, Record{0, 0, 0, 0});
  const bool has_entities = !entities.is_null();
  records_[index] = Record{date, texts_.size(), static_cast<std::uint32_t>(text.size()),
                           static_cast<std::uint8_t>(kPresent | (from_bot ? kFromBot : 0) |
                                                     (has_entities ? kHasEntities : 0))};
  texts_.append(text);
  if (has_entities) entities_[message_id] = std::move(entities);
}

std::optional<ChatHistory::Message> ChatHistory::find(std::int64_t message_id) const {
  if (message_id < 1 || static_cast<std::uint64_t>(message_id) > records_.size()) return std::nullopt;
  const Record& r = records_[static_cast<std::size_t>(message_id - 1)];
  if ((r.flags & kPresent) == 0) return std::nullopt;
  Message m;
  m.from_bot = (r.flags & kFromBot) != 0;
  m.date = r.date;
  m.text = std::string_view(texts_).substr(r.text_offset, r.text_size);
  if ((r.flags & kHasEntities) != 0) m.entities = &entities_.at(message_id);
  return m;
}

}  // namespace tgperf::emulator
