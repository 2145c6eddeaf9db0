// sendMessage as Telegram answers it: parse_mode turned into entities (or a 400 naming the
// problem), reply_to_message for a reply, a 400 for a reply to a message that does not exist.
#include <catch2/catch.hpp>

#include "test_client.hpp"
#include "tgperf/emulator/emulator.hpp"

using namespace tgperf;
using test::kToken;
using test::TestClient;

namespace {

const std::int64_t kChatId = emulator::kFirstChatId;

void require_refusal(const test::HttpAnswer& a, long code, const std::string& description) {
  REQUIRE(a.code == CURLE_OK);
  CHECK(a.status == code);
  const auto j = a.json();
  CHECK(j["ok"] == false);
  CHECK(j["description"] == description);
}

}  // namespace

TEST_CASE("sendMessage with parse_mode HTML answers the plain text and its entities") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  TestClient client(emu.base_url());
  const auto a = client.call("sendMessage", {{"chat_id", kChatId},
                                             {"text", "<b>Hi</b> \xF0\x9F\x98\x80 <a href=\"https://t.me/\">link</a>"},
                                             {"parse_mode", "HTML"}});
  REQUIRE(a.status == 200);
  const auto message = a.json()["result"];
  CHECK(message["text"] == "Hi \xF0\x9F\x98\x80 link");
  REQUIRE(message["entities"].size() == 2);
  CHECK(message["entities"][0] == nlohmann::json{{"offset", 0}, {"length", 2}, {"type", "bold"}});
  CHECK(message["entities"][1] ==
        nlohmann::json{{"offset", 6}, {"length", 4}, {"type", "text_link"}, {"url", "https://t.me/"}});
}

TEST_CASE("sendMessage with MarkdownV2 answers entities, a mention of a simulated user carries the user") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  TestClient client(emu.base_url());
  const auto a = client.call("sendMessage", {{"chat_id", kChatId},
                                             {"text", "*a* [you](tg://user?id=" + std::to_string(kChatId) + ")"},
                                             {"parse_mode", "MarkdownV2"}});
  REQUIRE(a.status == 200);
  const auto entities = a.json()["result"]["entities"];
  REQUIRE(entities.size() == 2);
  CHECK(entities[1]["type"] == "text_mention");
  CHECK(entities[1]["user"]["id"] == kChatId);
  CHECK(entities[1]["user"]["is_bot"] == false);
}

TEST_CASE("sendMessage refuses an unknown parse_mode and markup Telegram cannot parse, with 400") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  TestClient client(emu.base_url());
  require_refusal(client.call("sendMessage", {{"chat_id", kChatId}, {"text", "x"}, {"parse_mode", "Markdown3"}}), 400,
                "Bad Request: unsupported parse_mode");
  require_refusal(client.call("sendMessage", {{"chat_id", kChatId}, {"text", "<b>x"}, {"parse_mode", "html"}}), 400,
                "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"");
  require_refusal(client.call("sendMessage", {{"chat_id", kChatId}, {"text", "v1.2"}, {"parse_mode", "MarkdownV2"}}), 400,
                "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the "
                "preceding '\\'");
  // Empty once parsed: tdlib's refusal of an empty text, not the Bot API's of an empty parameter.
  require_refusal(client.call("sendMessage", {{"chat_id", kChatId}, {"text", "<b></b>"}, {"parse_mode", "HTML"}}), 400,
                "Bad Request: text must be non-empty");
  CHECK(emu.ledger().replies == 0);
}

TEST_CASE("sendMessage refuses a text of only whitespace, which Telegram trims to nothing") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  TestClient client(emu.base_url());
  const std::string blank = "Bad Request: text must be non-empty";
  const auto send = [&](const std::string& text) {
    return client.call("sendMessage", {{"chat_id", kChatId}, {"text", text}});
  };
  require_refusal(send(" "), 400, blank);
  require_refusal(send("     "), 400, blank);
  require_refusal(send("\n"), 400, blank);
  require_refusal(send("\n\n \n"), 400, blank);
  require_refusal(send("\t \r\n\v\f"), 400, blank);  // control characters become spaces, '\r' goes
  // No-break space, zero-width space, ideographic space, byte order mark: empty to Telegram too.
  require_refusal(send("\xC2\xA0\xE2\x80\x8B\xE3\x80\x80\xEF\xBB\xBF"), 400, blank);
  require_refusal(client.call("sendMessage", {{"chat_id", kChatId}, {"text", "<b> </b>\n"}, {"parse_mode", "HTML"}}),
                  400, blank);
  // An empty parameter is the Bot API's own refusal, in its own words.
  require_refusal(send(""), 400, "Bad Request: message text is empty");

  for (const std::string text : {" hi ", "\nhi", "\xE2\x80\x8Bx", "."}) {
    INFO(text);
    CHECK(send(text).status == 200);
  }
}

TEST_CASE("a reply carries reply_to_message, a reply to no message is a 400 unless allowed") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  TestClient client(emu.base_url());
  emu.inject_message(kToken, 0, "question");
  const auto updates = client.call("getUpdates", {{"timeout", 0}}).json()["result"];
  REQUIRE(updates.size() == 1);
  const auto asked = updates[0]["message"];

  const auto a = client.call("sendMessage", {{"chat_id", kChatId}, {"text", "answer"},
                                             {"reply_to_message_id", asked["message_id"]}});
  REQUIRE(a.status == 200);
  const auto reply = a.json()["result"]["reply_to_message"];
  CHECK(reply["message_id"] == asked["message_id"]);
  CHECK(reply["text"] == asked["text"]);
  CHECK(reply["from"]["is_bot"] == false);

  // A reply to the bot's own reply, through reply_parameters: one level of nesting only.
  const auto again = client.call("sendMessage", {{"chat_id", kChatId}, {"text", "more"},
                                                 {"reply_parameters", {{"message_id", a.json()["result"]["message_id"]}}}});
  REQUIRE(again.status == 200);
  CHECK(again.json()["result"]["reply_to_message"]["from"]["is_bot"] == true);
  CHECK_FALSE(again.json()["result"]["reply_to_message"].contains("reply_to_message"));

  require_refusal(client.call("sendMessage", {{"chat_id", kChatId}, {"text", "x"}, {"reply_to_message_id", 999999}}), 400,
                "Bad Request: message to be replied not found");
  const auto allowed = client.call("sendMessage", {{"chat_id", kChatId}, {"text", "x"}, {"reply_to_message_id", 999999},
                                                   {"allow_sending_without_reply", true}});
  REQUIRE(allowed.status == 200);
  CHECK_FALSE(allowed.json()["result"].contains("reply_to_message"));
}
