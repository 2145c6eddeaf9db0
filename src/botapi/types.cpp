#include "tgperf/botapi/types.hpp"

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace tgperf::botapi {
namespace {

// Ids and dates are integers in the Bot API. nlohmann's get<std::int64_t> also converts a float,
// and one outside int64's range (`"id":1e300`) is undefined behaviour (UBSan in
// tests/fuzz/envelope_fuzz): anything but an integer that fits is a type error, like other wrong types.
std::int64_t integer_field(const nlohmann::json& j, const char* name) {
  const nlohmann::json& value = j.at(name);
  const bool fits = value.is_number_integer() &&
                    !(value.is_number_unsigned() &&
                      value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX));
  if (!fits) {
    throw nlohmann::json::type_error::create(
        302, std::string("'") + name + "' must be a 64-bit integer, but is " + value.type_name(), &value);
  }
  return value.get<std::int64_t>();
}

template <typename T>
void optional_field(const nlohmann::json& j, const char* name, std::optional<T>& out) {
  const auto it = j.find(name);
  if (it != j.end() && !it->is_null()) out = it->get<T>();
}

template <typename T>
void put_optional(nlohmann::json& j, const char* name, const std::optional<T>& value) {
  if (value) j[name] = *value;
}

}  // namespace

void from_json(const nlohmann::json& j, User& v) {
  v.id = integer_field(j, "id");
  v.is_bot = j.value("is_bot", false);
  j.at("first_name").get_to(v.first_name);
  optional_field(j, "last_name", v.last_name);
  optional_field(j, "username", v.username);
}

void from_json(const nlohmann::json& j, Chat& v) {
  v.id = integer_field(j, "id");
  j.at("type").get_to(v.type);
  optional_field(j, "title", v.title);
  optional_field(j, "username", v.username);
  optional_field(j, "first_name", v.first_name);
}

void from_json(const nlohmann::json& j, Message& v) {
  v.message_id = integer_field(j, "message_id");
  v.date = integer_field(j, "date");
  j.at("chat").get_to(v.chat);
  optional_field(j, "from", v.from);
  optional_field(j, "text", v.text);
}

void from_json(const nlohmann::json& j, Update& v) {
  v.update_id = integer_field(j, "update_id");
  optional_field(j, "message", v.message);
  optional_field(j, "edited_message", v.edited_message);
  optional_field(j, "channel_post", v.channel_post);
}

void to_json(nlohmann::json& j, const User& v) {
  j = {{"id", v.id}, {"is_bot", v.is_bot}, {"first_name", v.first_name}};
  put_optional(j, "last_name", v.last_name);
  put_optional(j, "username", v.username);
}

void to_json(nlohmann::json& j, const Chat& v) {
  j = {{"id", v.id}, {"type", v.type}};
  put_optional(j, "title", v.title);
  put_optional(j, "username", v.username);
  put_optional(j, "first_name", v.first_name);
}

void to_json(nlohmann::json& j, const Message& v) {
  j = {{"message_id", v.message_id}, {"date", v.date}, {"chat", v.chat}};
  put_optional(j, "from", v.from);
  put_optional(j, "text", v.text);
}

void to_json(nlohmann::json& j, const Update& v) {
  j = {{"update_id", v.update_id}};
  put_optional(j, "message", v.message);
  put_optional(j, "edited_message", v.edited_message);
  put_optional(j, "channel_post", v.channel_post);
}

std::vector<Update> parse_updates(const nlohmann::json& result) {
  return result.get<std::vector<Update>>();
}

const Message* message_of(const Update& update) {
  if (update.message) return &*update.message;
  if (update.edited_message) return &*update.edited_message;
  if (update.channel_post) return &*update.channel_post;
  return nullptr;
}

}  // namespace tgperf::botapi
