// What the emulator keeps per update (chat_history.hpp, the ledger's compact entries) still answers
// everything a bot can ask of an old message: replies by reply_to to any message of a long chat,
// the quoted text and date as delivered, bot messages quoted as the bot's, unknown ids refused.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "test_client.hpp"
#include "tgperf/emulator/emulator.hpp"

using namespace tgperf;
using test::TestClient;

TEST_CASE("replies by reply_to reach any message of a long chat, quoted as delivered") {
  emulator::EmulatorOptions options;
  options.chats = 2;
  options.messages = 300;
  emulator::Emulator emu(options);
  TestClient client(emu.base_url());
  std::vector<nlohmann::json> updates;
  std::int64_t offset = 0;
  while (updates.size() < 300) {
    const auto batch = client.call("getUpdates", {{"offset", offset}}).json()["result"];
    REQUIRE_FALSE(batch.empty());
    for (const auto& u : batch) {
      updates.push_back(u);
      offset = u["update_id"].get<std::int64_t>() + 1;
    }
  }
  // Taken again after confirmation: nothing is left, the backlog was delivered once.
  CHECK(client.call("getUpdates", {{"offset", offset}}).json()["result"].empty());

  // Every update of chat 2 answered by reply_to alone (no marker), newest first, then the oldest
  // of chat 1 by its marker: the ledger finds each through its message id.
  std::size_t replies = 0;
  for (auto it = updates.rbegin(); it != updates.rend(); ++it) {
    const auto& m = (*it)["message"];
    if (m["chat"]["id"] != emulator::kFirstChatId + 1) continue;
    const auto answer = client.call("sendMessage", {{"chat_id", m["chat"]["id"]},
                                                    {"text", "seen"},
                                                    {"reply_to_message_id", m["message_id"]}});
    REQUIRE(answer.status == 200);
    const auto quoted = answer.json()["result"]["reply_to_message"];
    CHECK(quoted["message_id"] == m["message_id"]);
    CHECK(quoted["text"] == m["text"]);
    CHECK(quoted["date"] == m["date"]);
    CHECK(quoted["from"] == m["from"]);
    ++replies;
  }
  CHECK(replies == 150);
  const auto first = updates.front()["message"];
  REQUIRE(client.call("sendMessage", {{"chat_id", first["chat"]["id"]}, {"text", first["text"]}}).status == 200);
  auto r = emu.ledger();
  CHECK(r.answered == 151);
  CHECK(r.unmatched == 0);
  CHECK(r.duplicates == 0);
  CHECK(r.out_of_order == 149);  // chat 2 was answered newest first

  // A bot message (id 301 of chat 2 is the first "seen") is quoted as the bot's; an id never
  // handed out is refused.
  const auto quoting_bot = client.call("sendMessage", {{"chat_id", emulator::kFirstChatId + 1},
                                                       {"text", "again"},
                                                       {"reply_to_message_id", 151}});
  REQUIRE(quoting_bot.status == 200);
  CHECK(quoting_bot.json()["result"]["reply_to_message"]["text"] == "seen");
  CHECK(quoting_bot.json()["result"]["reply_to_message"]["from"]["is_bot"] == true);
  CHECK(client.call("sendMessage", {{"chat_id", emulator::kFirstChatId}, {"text", "x"},
                                    {"reply_to_message_id", 100000}}).status == 400);
  r = emu.ledger();
  CHECK(r.unmatched == 1);  // "again" answers no update
}
