// BotApi, the emulator's Bot API without a transport (src/emulator/bot_api.hpp): calls handed in as
// (verb, target, content type, body), answers taken from the reply callback, timers run by polling
// the io_context in the test's thread. No socket, no server, no wall-clock wait: a long poll is
// answered by inject_message or shutdown, never by its timeout.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "emulator/bot_api.hpp"

namespace tgperf::test {
namespace {

const std::string kBotToken = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";

// One BotApi over its own io_context and ledger; call() hands in a request and runs what is ready.
class Api {
 public:
  explicit Api(emulator::EmulatorOptions options = {}) : api_(io_, options, ledger_) {}
  ~Api() {
    api_.shutdown();
    run_ready();
  }

  // The reply, when the call was answered by the time the ready handlers ran.
  std::optional<emulator::ApiReply>& call(const std::string& method, const std::string& body = "{}",
                                          const std::string& token = kBotToken) {
    replies_.emplace_back();
    const std::string target = "/bot" + token + "/" + method;
    auto& slot = replies_.back();
    api_.handle(emulator::HttpCall{"POST", target, "application/json", body},
                [&slot](emulator::ApiReply reply) { slot = std::move(reply); });
    run_ready();
    return slot;
  }

  void run_ready() {
    io_.poll();
    io_.restart();
  }

  emulator::BotApi& api() { return api_; }
  emulator::Ledger& ledger() { return ledger_; }

 private:
  boost::asio::io_context io_;
  emulator::Ledger ledger_;
  emulator::BotApi api_;
  std::deque<std::optional<emulator::ApiReply>> replies_;  // stable addresses for the callbacks
};

nlohmann::json envelope(const emulator::ApiReply& reply) { return nlohmann::json::parse(reply.body); }

emulator::EmulatorOptions backlog(int chats, int messages) {
  emulator::EmulatorOptions options;
  options.chats = chats;
  options.messages = messages;
  return options;
}

}  // namespace

TEST_CASE("BotApi: getMe answers the bot of the token in the path", "[bot_api]") {
  Api api;
  const auto& reply = api.call("getMe");
  REQUIRE(reply);
  CHECK(reply->status == 200);
  const auto j = envelope(*reply);
  CHECK(j["ok"] == true);
  CHECK(j["result"]["id"] == 123456);
  CHECK(j["result"]["is_bot"] == true);
}

TEST_CASE("BotApi: method names are case-insensitive; an unknown one is 404", "[bot_api]") {
  Api api;
  const auto& lower = api.call("getme");
  REQUIRE(lower);
  CHECK(lower->status == 200);
  const auto& unknown = api.call("getChatHistory");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  CHECK(envelope(*unknown)["error_code"] == 404);
  CHECK(envelope(*unknown)["description"] == "Not Found: method not found");
}

TEST_CASE("BotApi: a malformed token is 401, and a token outside --token's list is refused", "[bot_api]") {
  Api open;
  const auto& malformed = open.call("getMe", "{}", "not-a-token");
  REQUIRE(malformed);
  CHECK(malformed->status == 401);
  CHECK(envelope(*malformed)["ok"] == false);

  emulator::EmulatorOptions options;
  options.tokens = {kBotToken};
  Api closed(options);
  REQUIRE(closed.call("getMe"));
  CHECK(closed.call("getMe")->status == 200);
  const auto& other = closed.call("getMe", "{}", "654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0");
  REQUIRE(other);
  CHECK(other->status == 401);
  CHECK(envelope(*other)["description"] == "Unauthorized");
}

TEST_CASE("BotApi: getUpdates hands out the backlog, and the next offset confirms it", "[bot_api]") {
  Api api(backlog(2, 3));
  const auto& first = api.call("getUpdates", R"({"timeout":0})");
  REQUIRE(first);
  const auto updates = envelope(*first)["result"];
  REQUIRE(updates.size() == 3);
  const std::int64_t last = updates.back()["update_id"];
  CHECK(api.ledger().report().messages == 3);

  // The same offset again: nothing was confirmed, the same updates come back.
  const auto& again = api.call("getUpdates", R"({"timeout":0})");
  REQUIRE(again);
  CHECK(envelope(*again)["result"].size() == 3);

  const auto& confirmed = api.call("getUpdates", nlohmann::json{{"offset", last + 1}, {"timeout", 0}}.dump());
  REQUIRE(confirmed);
  CHECK(envelope(*confirmed)["result"].empty());
}

TEST_CASE("BotApi: an echoed reply answers its update in the ledger", "[bot_api]") {
  Api api(backlog(1, 1));
  const auto& polled = api.call("getUpdates", R"({"timeout":0})");
  REQUIRE(polled);
  const auto update = envelope(*polled)["result"].at(0);
  const auto& sent = api.call("sendMessage", nlohmann::json{{"chat_id", update["message"]["chat"]["id"]},
                                                             {"text", update["message"]["text"]}}
                                                 .dump());
  REQUIRE(sent);
  CHECK(sent->status == 200);
  CHECK(envelope(*sent)["result"]["text"] == update["message"]["text"]);
  const auto report = api.ledger().report();
  CHECK(report.answered == 1);
  CHECK(report.replies == 1);
  CHECK(report.all_answered());
}

TEST_CASE("BotApi: sendMessage to an unknown chat or without text is a 400", "[bot_api]") {
  Api api(backlog(1, 0));
  const auto& no_chat = api.call("sendMessage", R"({"chat_id":424242,"text":"hi"})");
  REQUIRE(no_chat);
  CHECK(no_chat->status == 400);
  CHECK(envelope(*no_chat)["description"] == "Bad Request: chat not found");
  const auto& no_text = api.call("sendMessage", R"({"chat_id":424242})");
  REQUIRE(no_text);
  CHECK(no_text->status == 400);
  CHECK(api.ledger().report().replies == 0);
}

TEST_CASE("BotApi: a long poll waits until an update arrives", "[bot_api]") {
  Api api(backlog(1, 0));
  REQUIRE(api.call("getMe"));  // the bot exists, with its chat
  const auto& poll = api.call("getUpdates", R"({"timeout":30})");
  CHECK_FALSE(poll);  // nothing to hand out: the call waits
  api.api().inject_message(kBotToken, 0, "hello");
  api.run_ready();
  REQUIRE(poll);
  const auto updates = envelope(*poll)["result"];
  REQUIRE(updates.size() == 1);
  CHECK(updates[0]["message"]["text"].get<std::string>().find("hello") != std::string::npos);
}

TEST_CASE("BotApi: a second poller of the same bot is a 409 conflict", "[bot_api]") {
  Api api(backlog(1, 0));
  const auto& first = api.call("getUpdates", R"({"timeout":30})");
  CHECK_FALSE(first);
  const auto& second = api.call("getUpdates", R"({"timeout":30})");
  // The Bot API's "terminated by other getUpdates request": the earlier poll ends, the new one waits.
  REQUIRE(first);
  CHECK(first->status == 409);
  CHECK_FALSE(second);
}

TEST_CASE("BotApi: shutdown answers a waiting poll with no updates, and later calls 502", "[bot_api]") {
  Api api(backlog(1, 0));
  const auto& poll = api.call("getUpdates", R"({"timeout":30})");
  CHECK_FALSE(poll);
  api.api().shutdown();
  api.run_ready();
  REQUIRE(poll);
  CHECK(poll->status == 200);
  CHECK(envelope(*poll)["result"].empty());
  const auto& late = api.call("getMe");
  REQUIRE(late);
  CHECK(late->status == 502);
}

}  // namespace tgperf::test
