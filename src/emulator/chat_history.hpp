#pragma once
// Every message of one chat (the user's and the bot's), by message_id, for reply_to_message and for
// rendering updates when they are taken. Compact, because an echo benchmark keeps two messages per
// update for the whole run: a chat's message ids are handed out 1, 2, 3, ..., so a message is an
// index into one vector of fixed-size records, and the texts sit back to back in one arena string
// (no node, no string header, no allocation per message). Entities, which few messages have, are
// kept apart. Not thread-safe (BotApi's mutex guards it).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

namespace tgperf::emulator {

class ChatHistory {
 public:
  struct Message {
    bool from_bot = false;
    std::int64_t date = 0;
    std::string_view text;                      // valid until the next add()
    const nlohmann::json* entities = nullptr;   // null when the message has none
  };

  // Message ids are expected in increasing order (the chat's counter); a skipped id stays absent.
  void add(std::int64_t message_id, bool from_bot, std::int64_t date, std::string_view text,
           nlohmann::json entities = nullptr);
  std::optional<Message> find(std::int64_t message_id) const;

 private:
  struct Record {
    std::int64_t date;
    std::uint64_t text_offset;
    std::uint32_t text_size;
    std::uint8_t flags;  // kPresent | kFromBot | kHasEntities
  };
  static constexpr std::uint8_t kPresent = 1, kFromBot = 2, kHasEntities = 4;

  std::vector<Record> records_;  // index = message_id - 1
  std::string texts_;
  std::unordered_map<std::int64_t, nlohmann::json> entities_;  // by message_id
};

}  // namespace tgperf::emulator
