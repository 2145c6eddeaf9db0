// getUpdates: the scenario backlog, offset/limit, and real long polling with its 409 conflict.
#include <catch2/catch.hpp>

#include <future>
#include <set>

#include "test_client.hpp"
#include "tgperf/emulator/emulator.hpp"

using namespace tgperf;
using test::kToken;
using test::TestClient;

namespace {

std::vector<std::int64_t> update_ids(const test::HttpAnswer& a) {
  std::vector<std::int64_t> ids;
  const auto body = a.json();  // kept alive for the loop
  for (const auto& u : body["result"]) ids.push_back(u["update_id"].get<std::int64_t>());
  return ids;
}

}  // namespace

TEST_CASE("the backlog scenario offers every message at the first getUpdates, spread over the chats") {
  emulator::EmulatorOptions options;
  options.chats = 4;
  options.messages = 10;
  emulator::Emulator emu(options);
  CHECK(emu.ledger().messages == 0);  // the clock starts at the bot's first poll
  TestClient client(emu.base_url());
  const auto a = client.call("getUpdates");
  const auto updates = a.json()["result"];
  REQUIRE(updates.size() == 10);
  std::set<std::int64_t> chats;
  std::set<std::string> texts;
  for (const auto& u : updates) {
    chats.insert(u["message"]["chat"]["id"].get<std::int64_t>());
    texts.insert(u["message"]["text"].get<std::string>());
    CHECK(u["message"]["from"]["is_bot"] == false);
  }
  CHECK(chats.size() == 4);
  CHECK(texts.size() == 10);  // unique payloads
  CHECK(emu.ledger().messages == 10);
}

TEST_CASE("offset confirms earlier updates and limit is clamped to 1..100") {
  emulator::EmulatorOptions options;
  options.messages = 150;
  emulator::Emulator emu(options);
  TestClient client(emu.base_url());
  const auto first = update_ids(client.call("getUpdates", {{"limit", 1000}}));
  REQUIRE(first.size() == 100);
  CHECK(update_ids(client.call("getUpdates", {{"limit", 0}})).size() == 1);
  const auto again = update_ids(client.call("getUpdates", {{"limit", 3}}));
  CHECK(again == std::vector<std::int64_t>{first[0], first[1], first[2]});  // nothing confirmed yet
  const auto next = update_ids(client.call("getUpdates", {{"offset", first.back() + 1}}));
  REQUIRE(next.size() == 50);
  CHECK(next.front() == first.back() + 1);
  CHECK(update_ids(client.call("getUpdates", {{"offset", next.back() + 1}})).empty());
}

TEST_CASE("a waiting long poll answers as soon as an update arrives") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  TestClient first(emu.base_url());
  REQUIRE(first.call("getUpdates").json()["result"].empty());  // starts the (empty) scenario

  auto poll = std::async(std::launch::async, [&] {
    TestClient poller(emu.base_url());
    return poller.call("getUpdates", {{"timeout", 50}});
  });
  REQUIRE(test::eventually([&] { return emu.requests_in_flight() == 1; }));
  const auto id = emu.inject_message(kToken, 0, "wake up");
  // Without a wake-up the poll would return an empty result after 50 s.
  const auto answer = poll.get();
  const auto updates = answer.json()["result"];
  REQUIRE(updates.size() == 1);
  CHECK(updates[0]["update_id"] == id);
  CHECK(updates[0]["message"]["text"].get<std::string>().starts_with("wake up"));
}

TEST_CASE("a long poll with nothing to deliver returns an empty result after its timeout") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  TestClient client(emu.base_url());
  const auto started = std::chrono::steady_clock::now();
  const auto a = client.call("getUpdates", {{"timeout", "1"}});
  CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(990));
  CHECK(a.status == 200);
  CHECK(a.json()["result"].empty());
}

TEST_CASE("a second concurrent getUpdates ends the first with the 409 conflict") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  auto first = std::async(std::launch::async, [&] {
    TestClient poller(emu.base_url());
    return poller.call("getUpdates", {{"timeout", 50}});
  });
  REQUIRE(test::eventually([&] { return emu.requests_in_flight() == 1; }));
  TestClient second(emu.base_url());
  const auto second_answer = second.call("getUpdates", {{"timeout", 0}});
  const auto first_answer = first.get();
  CHECK(first_answer.status == 409);
  CHECK(first_answer.json()["description"] ==
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
  CHECK(second_answer.status == 200);
}

TEST_CASE("setting a webhook ends a waiting poll with the webhook conflict") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  auto poll = std::async(std::launch::async, [&] {
    TestClient poller(emu.base_url());
    return poller.call("getUpdates", {{"timeout", 50}});
  });
  REQUIRE(test::eventually([&] { return emu.requests_in_flight() == 1; }));
  TestClient client(emu.base_url());
  CHECK(client.call("setWebhook", {{"url", "https://example.invalid/x"}}).status == 200);
  const auto a = poll.get();
  CHECK(a.status == 409);
  CHECK(a.json()["error_code"] == 409);
}

TEST_CASE("each token has its own update stream") {
  emulator::EmulatorOptions options;
  options.messages = 5;
  emulator::Emulator emu(options);
  TestClient client(emu.base_url());
  CHECK(client.call("getUpdates").json()["result"].size() == 5);
  const auto other = client.post("/bot777:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0/getUpdates", "{}", "application/json");
  CHECK(other.json()["result"].size() == 5);
  CHECK(emu.ledger().messages == 10);
}

TEST_CASE("a rate scenario offers messages over time, all counted as scheduled from the start") {
  emulator::EmulatorOptions options;
  options.messages = 6;
  options.rate_per_s = 100;  // one every 10 ms
  emulator::Emulator emu(options);
  TestClient client(emu.base_url());
  const auto first = client.call("getUpdates");
  CHECK(first.json()["result"].size() >= 1);  // the first is due at once
  CHECK(emu.ledger().scheduled == 6);
  std::int64_t offset = 0;
  std::size_t seen = 0;
  while (seen < 6) {
    const auto batch = client.call("getUpdates", {{"offset", offset}, {"timeout", 5}}).json()["result"];
    REQUIRE_FALSE(batch.empty());  // long polling wakes up for each arrival
    seen += batch.size();
    offset = batch.back()["update_id"].get<std::int64_t>() + 1;
  }
  CHECK(seen == 6);
  CHECK(emu.ledger().messages == 6);
}
