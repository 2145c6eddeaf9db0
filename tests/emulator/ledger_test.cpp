// The ledger: replies matched to updates, duplicates, unmatched replies, order and latency.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "test_client.hpp"
#include "tgperf/emulator/emulator.hpp"
#include "tgperf/emulator/ledger.hpp"
#include "tgperf/report/ledger_report.hpp"

using namespace tgperf;
using test::TestClient;

TEST_CASE("payload markers round-trip and are found inside longer text") {
  CHECK(emulator::find_payload_marker("echo: message 3 " + emulator::payload_marker(42)) == 42u);
  CHECK_FALSE(emulator::find_payload_marker("tgperf# no digits").has_value());
  CHECK_FALSE(emulator::find_payload_marker("").has_value());
}

TEST_CASE("an echo of every update answers all of them exactly once") {
  emulator::EmulatorOptions options;
  options.chats = 3;
  options.messages = 30;
  emulator::Emulator emu(options);
  TestClient client(emu.base_url());
  const auto updates = client.call("getUpdates").json()["result"];
  REQUIRE(updates.size() == 30);
  CHECK_FALSE(emu.wait_until_answered(std::chrono::milliseconds(1)));
  for (const auto& u : updates) {
    const auto& m = u["message"];
    REQUIRE(client.call("sendMessage", {{"chat_id", m["chat"]["id"]}, {"text", m["text"]}}).status == 200);
  }
  CHECK(emu.wait_until_answered(std::chrono::seconds(5)));
  const auto r = emu.ledger();
  CHECK(r.messages == 30);
  CHECK(r.answered == 30);
  CHECK(r.unanswered == 0);
  CHECK(r.duplicates == 0);
  CHECK(r.unmatched == 0);
  CHECK(r.out_of_order == 0);
  REQUIRE(r.latency_ms.has_value());
  CHECK(r.latency_ms->count == 30);
  CHECK(r.latency_ms->min >= 0);
  CHECK(r.latency_ms->p50 <= r.latency_ms->p99);
  CHECK(r.throughput_per_s > 0);
  std::size_t in_histogram = 0;
  for (const auto& b : r.histogram) in_histogram += b.count;
  CHECK(in_histogram == 30);
}

TEST_CASE("duplicates, unmatched replies, replies by reply_to and out-of-order replies are told apart") {
  emulator::EmulatorOptions options;
  options.chats = 1;
  options.messages = 3;
  emulator::Emulator emu(options);
  TestClient client(emu.base_url());
  const auto updates = client.call("getUpdates").json()["result"];
  REQUIRE(updates.size() == 3);
  const auto chat = updates[0]["message"]["chat"]["id"].get<std::int64_t>();
  // Answer the second before the first: the first is then out of order.
  client.call("sendMessage", {{"chat_id", chat}, {"text", updates[1]["message"]["text"]}});
  client.call("sendMessage", {{"chat_id", chat}, {"text", "no marker"},
                              {"reply_parameters", {{"message_id", updates[0]["message"]["message_id"]}}}});
  client.call("sendMessage", {{"chat_id", chat}, {"text", updates[1]["message"]["text"]}});  // duplicate
  client.call("sendMessage", {{"chat_id", chat}, {"text", "unrelated"}});                   // unmatched
  client.call("sendMessage", {{"chat_id", chat + 1}, {"text", updates[2]["message"]["text"]}});  // wrong chat: 400
  client.call("sendMessage", {{"chat_id", chat}, {"text", "tgperf#999"}});                 // unknown marker
  const auto r = emu.ledger();
  CHECK(r.answered == 2);
  CHECK(r.unanswered == 1);
  CHECK(r.duplicates == 1);
  CHECK(r.unmatched == 2);
  CHECK(r.out_of_order == 1);
  CHECK_FALSE(r.all_answered());
}

TEST_CASE("the ledger's JSON has the documented keys") {
  emulator::Ledger ledger;
  const auto t0 = emulator::Clock::now();
  const auto seq = ledger.offer(1, 10, 1, t0);
  ledger.record({1, 10, emulator::payload_marker(seq), std::nullopt, t0 + std::chrono::milliseconds(20)});
  const auto j = tgperf::report::ledger_json(ledger.report(t0 + std::chrono::seconds(1)));
  for (const char* key : {"messages", "answered", "duplicates", "unanswered", "unmatched", "seconds",
                          "throughput_per_s", "latency_ms", "out_of_order", "histogram"}) {
    CHECK(j.contains(key));
  }
  for (const char* key : {"p50", "p90", "p99", "max"}) CHECK(j["latency_ms"].contains(key));
  CHECK(j["latency_ms"]["max"].get<double>() == Approx(20.0));
  CHECK(j["seconds"].get<double>() == Approx(0.02));  // all answered: up to the last reply
  CHECK(tgperf::report::render_ledger(ledger.report()).find("answered") != std::string::npos);
}

TEST_CASE("the ledger matches a marker only to the bot and chat its update went to") {
  // Two bots with a user of the same chat id (private chat ids are user ids, so they collide
  // across bots): a reply by bot 2 carrying bot 1's marker answers nothing.
  emulator::Ledger ledger;
  const auto now = emulator::Clock::now();
  const auto first = ledger.offer(1, 500, 10, now);
  const auto second = ledger.offer(2, 500, 10, now);
  const std::string first_text = "echo " + emulator::payload_marker(first);
  ledger.record({2, 500, first_text, std::nullopt, now});  // another bot, same chat id
  ledger.record({1, 501, first_text, std::nullopt, now});  // the right bot, another chat
  auto r = ledger.report(now);
  CHECK(r.answered == 0);
  CHECK(r.unmatched == 2);
  ledger.record({1, 500, first_text, std::nullopt, now});
  ledger.record({2, 500, "echo " + emulator::payload_marker(second), std::nullopt, now});
  r = ledger.report(now);
  CHECK(r.answered == 2);
  CHECK(r.unmatched == 2);
  CHECK(r.duplicates == 0);
}
