// The network model: latency before every response, failures, flood limits.
#include <catch2/catch.hpp>

#include <future>

#include "test_client.hpp"
#include "tgperf/emulator/emulator.hpp"

using namespace tgperf;
using test::TestClient;

TEST_CASE("every response waits at least the configured latency") {
  emulator::EmulatorOptions options;
  options.latency = std::chrono::milliseconds(200);
  emulator::Emulator emu(options);
  TestClient client(emu.base_url());
  for (int i = 0; i < 3; ++i) {
    const auto started = std::chrono::steady_clock::now();
    CHECK(client.call("getMe").status == 200);
    CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(200));
  }
}

TEST_CASE("delayed requests are held concurrently on one io thread, not one after another") {
  emulator::EmulatorOptions options;
  options.latency = std::chrono::seconds(2);
  options.threads = 1;
  emulator::Emulator emu(options);
  constexpr int kClients = 20;
  std::vector<std::future<long>> answers;
  for (int i = 0; i < kClients; ++i) {
    answers.push_back(std::async(std::launch::async, [&] {
      TestClient client(emu.base_url());
      return client.call("getMe").status;
    }));
  }
  // All twenty are inside the server at the same time: a sleeping thread could hold only one.
  CHECK(test::eventually([&] { return emu.requests_in_flight() == kClients; }, std::chrono::seconds(30)));
  for (auto& a : answers) CHECK(a.get() == 200);
}

TEST_CASE("with fail rate 1 every call fails as a 502 envelope or a dropped connection, and none is executed") {
  emulator::EmulatorOptions options;
  options.fail_rate = 1.0;
  options.messages = 1;
  emulator::Emulator emu(options);
  int bad_gateway = 0, dropped = 0;
  for (int i = 0; i < 40; ++i) {
    TestClient client(emu.base_url());
    const auto a = client.call("sendMessage", {{"chat_id", emulator::kFirstChatId}, {"text", "tgperf#1"}});
    if (a.code != CURLE_OK) {
      ++dropped;
    } else {
      CHECK(a.status == 502);
      CHECK(a.json()["error_code"] == 502);
      ++bad_gateway;
    }
  }
  CHECK(bad_gateway > 0);
  CHECK(dropped > 0);
  CHECK(emu.ledger().replies == 0);
}

TEST_CASE("flood limits answer 429 with retry_after and a Retry-After header") {
  emulator::EmulatorOptions options;
  options.flood = true;
  emulator::Emulator emu(options);
  TestClient client(emu.base_url());
  std::optional<test::HttpAnswer> limited;
  for (int i = 0; i < 10 && !limited; ++i) {
    auto a = client.call("sendMessage", {{"chat_id", emulator::kFirstChatId}, {"text", "burst"}});
    if (a.status == 429) limited = a;
  }
  REQUIRE(limited.has_value());
  const auto j = limited->json();
  CHECK(j["error_code"] == 429);
  const int retry_after = j["parameters"]["retry_after"].get<int>();
  CHECK(retry_after >= 1);
  CHECK(j["description"] == "Too Many Requests: retry after " + std::to_string(retry_after));
  CHECK(limited->headers.find("Retry-After: " + std::to_string(retry_after)) != std::string::npos);
  // getMe is not a message: never limited.
  CHECK(client.call("getMe").status == 200);
}
