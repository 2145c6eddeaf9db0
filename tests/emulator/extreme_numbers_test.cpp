// Numbers at the edge of int64 in requests: the emulator answers them without undefined behaviour
// (the ASan+UBSan run of the suite turns any signed overflow or out-of-range conversion into a failure).
// Both cases were found by tests/fuzz/bot_api_fuzz.cpp.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "test_client.hpp"
#include "tgperf/emulator/emulator.hpp"
#include "tgperf/emulator/request_params.hpp"

using namespace tgperf;
using test::TestClient;

TEST_CASE("a float parameter far outside int64 is refused, a whole float inside it is an integer") {
  CHECK_THROWS_AS(emulator::int_param({{"chat_id", 1.5e300}}, "chat_id"), emulator::BadParameter);
  CHECK_THROWS_AS(emulator::int_param({{"chat_id", -1.5e300}}, "chat_id"), emulator::BadParameter);
  CHECK_THROWS_AS(emulator::int_param({{"chat_id", 9223372036854775808.0}}, "chat_id"), emulator::BadParameter);
  CHECK_THROWS_AS(emulator::int_param({{"chat_id", 2.5}}, "chat_id"), emulator::BadParameter);
  CHECK(emulator::int_param({{"chat_id", 10000001.0}}, "chat_id") == 10000001);
}

TEST_CASE("a bot id in the trillions is tracked per chat like any other") {
  emulator::EmulatorOptions options;
  options.messages = 2;
  emulator::Emulator emu(options);
  TestClient client(emu.base_url());
  const std::string bot = "/bot12310000001456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
  const auto updates = nlohmann::json::parse(client.get(bot + "/getUpdates").body)["result"];
  REQUIRE(updates.size() == 2);
  for (const auto& u : updates) {
    const nlohmann::json params = {{"chat_id", u["message"]["chat"]["id"]}, {"text", u["message"]["text"]}};
    CHECK(client.post(bot + "/sendMessage", params.dump(), "application/json").status == 200);
  }
  CHECK(emu.wait_until_answered(std::chrono::seconds(5)));
  CHECK(emu.ledger().answered == 2);
}

TEST_CASE("a float chat_id far outside int64 is a 400, not a crash") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  TestClient client(emu.base_url());
  const auto answer = client.call("sendMessage", {{"chat_id", 1.5e300}, {"text", "x"}});
  CHECK(answer.status == 400);
}
