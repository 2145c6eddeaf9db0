// The Bot API contract as clients see it: routes, envelopes, status codes, parameter encodings.
#include <catch2/catch.hpp>

#include "test_client.hpp"
#include "tgperf/emulator/emulator.hpp"

using namespace tgperf;
using test::kToken;
using test::TestClient;

namespace {

emulator::EmulatorOptions quiet() {
  emulator::EmulatorOptions o;
  o.chats = 3;
  return o;
}

void require_error(const test::HttpAnswer& a, long code, const std::string& description) {
  REQUIRE(a.code == CURLE_OK);
  CHECK(a.status == code);
  const auto j = a.json();
  CHECK(j["ok"] == false);
  CHECK(j["error_code"] == code);
  CHECK(j["description"] == description);
}

}  // namespace

TEST_CASE("getMe returns a full User for GET with a query string and for POST with JSON") {
  emulator::Emulator emu(quiet());
  TestClient client(emu.base_url());
  for (const auto& a : {client.get("/bot" + kToken + "/getMe"), client.call("getMe")}) {
    REQUIRE(a.code == CURLE_OK);
    CHECK(a.status == 200);
    CHECK(a.headers.find("application/json") != std::string::npos);
    const auto j = a.json();
    CHECK(j["ok"] == true);
    CHECK(j["result"]["id"] == 123456);
    CHECK(j["result"]["is_bot"] == true);
    CHECK(j["result"]["first_name"].is_string());
    CHECK(j["result"]["username"].is_string());
  }
}

TEST_CASE("consecutive requests reuse one keep-alive connection") {
  emulator::Emulator emu(quiet());
  TestClient client(emu.base_url());
  CHECK(client.call("getMe").new_connections == 1);
  CHECK(client.call("getMe").new_connections == 0);
  CHECK(client.get("/bot" + kToken + "/getMe").new_connections == 0);
  CHECK(emu.connections_open() == 1);
}

TEST_CASE("method names are case-insensitive") {
  emulator::Emulator emu(quiet());
  TestClient client(emu.base_url());
  CHECK(client.call("GETME").json()["ok"] == true);
  CHECK(client.call("getme").json()["ok"] == true);
  CHECK(client.call("DeleteWebhook").json()["ok"] == true);
}

TEST_CASE("a malformed token is 401 and an unknown method 404, with the real descriptions") {
  emulator::Emulator emu(quiet());
  TestClient client(emu.base_url());
  require_error(client.get("/botnot-a-token/getMe"), 401, "Unauthorized: invalid token specified");
  require_error(client.get("/bot0123:abc/getMe"), 401, "Unauthorized: invalid token specified");
  require_error(client.get("/bot" + kToken + "/sendPhotoPlease"), 404, "Not Found: method not found");
  require_error(client.get("/bot" + kToken + "/"), 404, "Not Found: method not found");
  require_error(client.get("/index.html"), 404, "Not Found");
}

TEST_CASE("with known tokens, other well-formed tokens are 401") {
  auto options = quiet();
  options.tokens = {kToken};
  emulator::Emulator emu(options);
  TestClient client(emu.base_url());
  CHECK(client.call("getMe").status == 200);
  require_error(client.get("/bot654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0/getMe"), 401, "Unauthorized");
}

TEST_CASE("parameters are read from query, urlencoded form, JSON (numbers as strings) and multipart") {
  auto options = quiet();
  emulator::Emulator emu(options);
  TestClient client(emu.base_url());
  const std::string path = "/bot" + kToken + "/sendMessage";
  const auto chat = std::to_string(emulator::kFirstChatId + 1);

  const auto via_query = client.get(path + "?chat_id=" + chat + "&text=hello%20query");
  CHECK(via_query.json()["result"]["text"] == "hello query");
  const auto via_form = client.post(path, "chat_id=" + chat + "&text=hello+form%21", "application/x-www-form-urlencoded");
  CHECK(via_form.json()["result"]["text"] == "hello form!");
  const auto via_json = client.post(path, R"({"chat_id":")" + chat + R"(","text":"hello json"})", "application/json");
  CHECK(via_json.json()["result"]["text"] == "hello json");
  const auto via_json_number = client.call("sendMessage", {{"chat_id", emulator::kFirstChatId + 1}, {"text", "n"}});
  CHECK(via_json_number.json()["result"]["chat"]["id"] == emulator::kFirstChatId + 1);
  const auto via_multipart = client.post_multipart(path, {{"chat_id", chat}, {"text", "hello multipart"}});
  CHECK(via_multipart.json()["result"]["text"] == "hello multipart");

  // python-telegram-bot 13 sends getUpdates' numbers as strings.
  const auto poll = client.call("getUpdates", {{"offset", "0"}, {"limit", "5"}, {"timeout", "0"}});
  CHECK(poll.status == 200);
  CHECK(poll.json()["result"].is_array());
}

TEST_CASE("sendMessage answers the full Message and the real 400 descriptions") {
  emulator::Emulator emu(quiet());
  TestClient client(emu.base_url());
  const auto chat = emulator::kFirstChatId;

  const auto ok = client.call("sendMessage", {{"chat_id", chat}, {"text", "hi"}});
  REQUIRE(ok.status == 200);
  const auto m = ok.json()["result"];
  CHECK(m["message_id"].is_number_integer());
  CHECK(m["date"].is_number_integer());
  CHECK(m["chat"]["id"] == chat);
  CHECK(m["from"]["id"] == 123456);
  CHECK(m["from"]["is_bot"] == true);
  CHECK(m["text"] == "hi");

  const auto by_username = client.call("sendMessage", {{"chat_id", "@tgperf_user_2"}, {"text", "hi"}});
  CHECK(by_username.json()["result"]["chat"]["id"] == chat + 1);

  require_error(client.call("sendMessage", {{"chat_id", 42}, {"text", "hi"}}), 400, "Bad Request: chat not found");
  require_error(client.call("sendMessage", {{"chat_id", "@nobody"}, {"text", "hi"}}), 400, "Bad Request: chat not found");
  require_error(client.call("sendMessage", {{"text", "hi"}}), 400, "Bad Request: chat_id is empty");
  require_error(client.call("sendMessage", {{"chat_id", chat}}), 400, "Bad Request: message text is empty");
  require_error(client.call("sendMessage", {{"chat_id", chat}, {"text", ""}}), 400, "Bad Request: message text is empty");
  require_error(client.call("sendMessage", {{"chat_id", chat}, {"text", std::string(4097, 'x')}}), 400,
                "Bad Request: message is too long");
  CHECK(client.call("sendMessage", {{"chat_id", chat}, {"text", std::string(4096, 'x')}}).status == 200);
  // 4096 characters, not bytes: Cyrillic letters are two bytes each.
  std::string cyrillic;
  for (int i = 0; i < 4096; ++i) cyrillic += "\xD0\x96";
  CHECK(client.call("sendMessage", {{"chat_id", chat}, {"text", cyrillic}}).status == 200);
}

TEST_CASE("webhook methods keep state and getUpdates conflicts while a webhook is set") {
  emulator::Emulator emu(quiet());
  TestClient client(emu.base_url());
  CHECK(client.call("getWebhookInfo").json()["result"]["url"] == "");

  require_error(client.call("setWebhook", {{"url", "http://example.invalid/hook"}}), 400,
                "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
  // A port past 65535 is no URL to Telegram (issue #33): refused, and no webhook is set.
  require_error(client.call("setWebhook", {{"url", "http://127.0.0.1:99999/hook"}}), 400,
                "Bad Request: invalid webhook URL specified");
  CHECK(client.call("getWebhookInfo").json()["result"]["url"] == "");
  const auto set = client.call("setWebhook", {{"url", "https://example.invalid/hook"}, {"max_connections", "10"}});
  CHECK(set.json()["result"] == true);
  CHECK(set.json()["description"] == "Webhook was set");
  const auto info = client.call("getWebhookInfo").json()["result"];
  CHECK(info["url"] == "https://example.invalid/hook");
  CHECK(info["max_connections"] == 10);

  require_error(client.call("getUpdates"), 409,
                "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the "
                "webhook first");

  const auto deleted = client.call("deleteWebhook");
  CHECK(deleted.json()["result"] == true);
  CHECK(deleted.json()["description"] == "Webhook was deleted");
  CHECK(client.call("deleteWebhook").json()["description"] == "Webhook is already deleted");
  CHECK(client.call("getUpdates").status == 200);
  CHECK(client.call("logOut").json()["result"] == true);
  CHECK(client.call("close").json()["result"] == true);
}

TEST_CASE("a large POST with Expect: 100-continue gets the go-ahead at once") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  // raw_exchange sends headers and body together; the interim 100 must precede the real answer.
  const std::string body = R"({"chat_id":)" + std::to_string(emulator::kFirstChatId) + R"(,"text":")" +
                           std::string(2000, 'x') + R"("})";
  const auto reply = test::raw_exchange(
      emu.port(), "POST /bot" + kToken + "/sendMessage HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  "Expect: 100-continue\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) +
                  "\r\n\r\n" + body);
  CHECK(reply.starts_with("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK"));
}
