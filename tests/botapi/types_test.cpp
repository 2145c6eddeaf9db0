#include <catch2/catch.hpp>

#include <cstdint>

#include <nlohmann/json.hpp>

#include "tgperf/botapi/types.hpp"

using namespace tgperf::botapi;

TEST_CASE("getUpdates results parse into updates with their message, chat and sender") {
  const auto result = nlohmann::json::parse(R"([
    {"update_id": 10, "message": {"message_id": 5, "date": 1700000000,
      "chat": {"id": 42, "type": "private", "first_name": "Ann"},
      "from": {"id": 42, "is_bot": false, "first_name": "Ann", "language_code": "en"},
      "text": "hello"}},
    {"update_id": 11, "edited_message": {"message_id": 5, "date": 1700000001,
      "chat": {"id": -7, "type": "group", "title": "G"}, "text": "hello!"}},
    {"update_id": 12, "callback_query": {"id": "x"}}
  ])");
  const auto updates = parse_updates(result);
  REQUIRE(updates.size() == 3);
  CHECK(updates[0].update_id == 10);
  REQUIRE(updates[0].message);
  CHECK(updates[0].message->chat.id == 42);
  CHECK(updates[0].message->text == "hello");
  REQUIRE(updates[0].message->from);
  CHECK(updates[0].message->from->first_name == "Ann");
  CHECK(message_of(updates[0]) == &*updates[0].message);
  REQUIRE(message_of(updates[1]) != nullptr);
  CHECK(message_of(updates[1])->chat.title == "G");
  CHECK(message_of(updates[2]) == nullptr);  // a kind we do not model is kept as a bare update
}

TEST_CASE("a message without text (a sticker) parses with no text") {
  const auto m = nlohmann::json::parse(
      R"({"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"sticker":{}})").get<Message>();
  CHECK_FALSE(m.text);
}

TEST_CASE("missing required fields are errors, not zeros") {
  CHECK_THROWS(nlohmann::json::parse(R"({"message":{}})").get<Update>());
  CHECK_THROWS(nlohmann::json::parse(R"({"id":"x","first_name":"a"})").get<User>());
}

TEST_CASE("ids and dates must be integers that fit in 64 bits: floats and huge numbers are type errors") {
  // 1.5e300 used to be converted to int64, which is undefined behaviour (UBSan: float-cast-overflow).
  const char* const bad[] = {
      R"({"update_id":1.5e300})",
      R"({"update_id":1.5})",
      R"({"update_id":18446744073709551615})",
      R"({"update_id":"7"})",
      R"({"update_id":1,"message":{"message_id":1e19,"date":0,"chat":{"id":1,"type":"private"}}})",
      R"({"update_id":1,"message":{"message_id":1,"date":-1e300,"chat":{"id":1,"type":"private"}}})",
      R"({"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":9.3e18,"type":"private"}}})",
  };
  for (const char* text : bad) {
    INFO(text);
    CHECK_THROWS_AS(nlohmann::json::parse(text).get<Update>(), nlohmann::json::type_error);
  }
  const auto largest = nlohmann::json::parse(
      R"({"update_id":9223372036854775807,"message":{"message_id":1,"date":0,"chat":{"id":-9223372036854775808,"type":"private"}}})");
  const auto update = largest.get<Update>();
  CHECK(update.update_id == INT64_MAX);
  CHECK(update.message->chat.id == INT64_MIN);
}

TEST_CASE("types round-trip through JSON") {
  Message m;
  m.message_id = 3;
  m.date = 9;
  m.chat = Chat{7, "private", std::nullopt, std::string("u"), std::nullopt};
  m.from = User{1, true, "Bot", std::nullopt, std::string("b_bot")};
  m.text = "echo";
  Update u{99, m, std::nullopt, std::nullopt};
  const nlohmann::json j = u;
  const auto back = j.get<Update>();
  CHECK(back.update_id == 99);
  REQUIRE(back.message);
  CHECK(back.message->chat.username == "u");
  CHECK(back.message->from->username == "b_bot");
  CHECK(j["message"]["from"]["is_bot"] == true);
  CHECK_FALSE(j["message"].contains("edited_message"));
}
