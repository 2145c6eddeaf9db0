#pragma once
// The Bot API objects an echo bot needs, as plain values, with nlohmann::json conversions
// (from_json reads what the server sends, ignoring fields we do not model; to_json writes the
// fields we have, so the emulator can produce the same shapes).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace tgperf::botapi {

struct User {
  std::int64_t id = 0;
  bool is_bot = false;
  std::string first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> username;
};

struct Chat {
  std::int64_t id = 0;
  std::string type;  // "private", "group", "supergroup", "channel"
  std::optional<std::string> title;
  std::optional<std::string> username;
  std::optional<std::string> first_name;
};

struct Message {
  std::int64_t message_id = 0;
  std::int64_t date = 0;  // Unix time, seconds
  Chat chat;
  std::optional<User> from;
  std::optional<std::string> text;
};

struct Update {
  std::int64_t update_id = 0;
  std::optional<Message> message;
  std::optional<Message> edited_message;
  std::optional<Message> channel_post;
};

// Throw nlohmann::json::exception (type_error / out_of_range) when a required field is missing or
// has the wrong type.
void from_json(const nlohmann::json& j, User& v);
void from_json(const nlohmann::json& j, Chat& v);
void from_json(const nlohmann::json& j, Message& v);
void from_json(const nlohmann::json& j, Update& v);
void to_json(nlohmann::json& j, const User& v);
void to_json(nlohmann::json& j, const Chat& v);
void to_json(nlohmann::json& j, const Message& v);
void to_json(nlohmann::json& j, const Update& v);

// getUpdates' result (an array of updates). Throws as from_json does.
std::vector<Update> parse_updates(const nlohmann::json& result);

// The message of an update, whichever kind carries it (message, edited_message, channel_post).
const Message* message_of(const Update& update);

}  // namespace tgperf::botapi
