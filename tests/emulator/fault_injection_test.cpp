// Injected faults: 5xx, reset, drop mid-response, stall, 429 on any method, outages; the seed;
// the ledger's fault counts.
#include <catch2/catch.hpp>

#include <set>

#include "test_client.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/emulator/emulator.hpp"
#include "tgperf/report/fault_counts.hpp"
#include "tgperf/report/ledger_report.hpp"

using namespace tgperf;
using test::TestClient;

namespace {

emulator::EmulatorOptions with_fault(const std::string& rule) {
  emulator::EmulatorOptions options;
  options.faults.rules.push_back(emulator::parse_fault_rule(rule));
  options.faults.seed = 42;
  return options;
}

const nlohmann::json kReply = {{"chat_id", emulator::kFirstChatId}, {"text", "reply tgperf#1"}};

}  // namespace

TEST_CASE("fault rules and outage windows parse, and bad ones are usage errors") {
  const auto drop = emulator::parse_fault_rule("drop:0.05");
  CHECK(drop.kind == emulator::FaultKind::drop);
  CHECK(drop.rate == Approx(0.05));
  const auto code = emulator::parse_fault_rule("503:10%");
  CHECK(code.kind == emulator::FaultKind::server_error);
  CHECK(code.status == 503);
  CHECK(code.rate == Approx(0.1));
  const auto mix = emulator::parse_fault_rule("5xx");
  CHECK(mix.status == 0);
  CHECK(mix.rate == Approx(emulator::kDefaultFaultRate));
  CHECK(emulator::parse_fault_rule("429:1").kind == emulator::FaultKind::rate_limit);
  CHECK(emulator::parse_fault_rule("stall:0.5").kind == emulator::FaultKind::stall);
  CHECK(emulator::parse_fault_rule("reset:0.5").kind == emulator::FaultKind::reset);
  for (const char* bad : {"", "boom", "404:0.1", "600", "drop:0", "drop:1.5", "drop:x", "drop:", "stall:-1"}) {
    INFO(bad);
    CHECK_THROWS_AS(emulator::parse_fault_rule(bad), UsageError);
  }
  const auto window = emulator::parse_outage("2s@3s");
  CHECK(window.length == std::chrono::seconds(2));
  CHECK(window.start == std::chrono::seconds(3));
  CHECK(emulator::parse_outage("500ms@0").start == Duration::zero());
  for (const char* bad : {"2s", "0@1s", "@1s", "2s@", "2s@-1s", "x@y"}) {
    INFO(bad);
    CHECK_THROWS_AS(emulator::parse_outage(bad), UsageError);
  }
  emulator::FaultOptions too_much;
  too_much.rules = {emulator::parse_fault_rule("drop:0.6"), emulator::parse_fault_rule("stall:0.6")};
  CHECK_THROWS_AS(emulator::validate(too_much), UsageError);
  emulator::EmulatorOptions with_fail_rate = with_fault("drop:0.8");
  with_fail_rate.fail_rate = 0.5;  // 0.8 + 0.5 > 1 once folded in
  CHECK_THROWS_AS(emulator::validate(with_fail_rate), UsageError);
}

TEST_CASE("a 5xx fault answers that status with an error envelope and does not execute the call") {
  emulator::Emulator emu(with_fault("503:1"));
  TestClient client(emu.base_url());
  for (int i = 0; i < 5; ++i) {
    const auto a = client.call("sendMessage", kReply);
    REQUIRE(a.code == CURLE_OK);
    CHECK(a.status == 503);
    CHECK(a.json()["ok"] == false);
    CHECK(a.json()["error_code"] == 503);
  }
  const auto ledger = emu.ledger();
  CHECK(ledger.replies == 0);
  CHECK(ledger.faults.server_errors == 5);
  CHECK(ledger.faults.unacknowledged_replies == 0);
}

TEST_CASE("the 5xx mix draws 500, 502, 503 and 504") {
  emulator::Emulator emu(with_fault("5xx:1"));
  TestClient client(emu.base_url());
  std::set<long> statuses;
  for (int i = 0; i < 40; ++i) statuses.insert(client.call("getMe").status);
  CHECK(statuses == std::set<long>{500, 502, 503, 504});
}

TEST_CASE("a drop fault executes the call, sends the headers and part of the body, then closes") {
  emulator::Emulator emu(with_fault("drop:1"));
  TestClient client(emu.base_url());
  const auto a = client.call("sendMessage", kReply);
  CHECK(a.code == CURLE_PARTIAL_FILE);  // "transfer closed with N bytes remaining to read"
  CHECK(a.status == 200);               // the status line and headers did arrive
  CHECK_FALSE(a.body.empty());          // and some of the body
  CHECK_THROWS(a.json());               // but not all of it
  const auto ledger = emu.ledger();
  CHECK(ledger.replies == 1);  // the server carried it out: a retry would be a duplicate
  CHECK(ledger.faults.drops == 1);
  CHECK(ledger.faults.unacknowledged_replies == 1);
  // Not every call is a reply: a dropped getMe is not an unacknowledged reply.
  CHECK(client.call("getMe").code == CURLE_PARTIAL_FILE);
  CHECK(emu.ledger().faults.unacknowledged_replies == 1);
}

TEST_CASE("a reset fault closes the connection before any byte and does not execute the call") {
  emulator::Emulator emu(with_fault("reset:1"));
  TestClient client(emu.base_url());
  const auto a = client.call("sendMessage", kReply);
  CHECK(a.code == CURLE_GOT_NOTHING);
  CHECK(a.status == 0);
  CHECK(emu.ledger().replies == 0);
  CHECK(emu.ledger().faults.resets == 1);
}

TEST_CASE("a stall fault executes the call and holds the answer past the client's timeout") {
  auto options = with_fault("stall:1");
  options.faults.stall_for = std::chrono::seconds(30);
  emulator::Emulator emu(options);
  TestClient client(emu.base_url());
  const auto a = client.call("sendMessage", kReply, /*timeout_s=*/1);
  CHECK(a.code == CURLE_OPERATION_TIMEDOUT);
  CHECK(a.status == 0);
  const auto ledger = emu.ledger();
  CHECK(ledger.replies == 1);
  CHECK(ledger.faults.stalls == 1);
  CHECK(ledger.faults.unacknowledged_replies == 1);
}

TEST_CASE("a 429 fault on any method carries retry_after in the envelope and the header") {
  auto options = with_fault("429:1");
  options.faults.retry_after_s = 7;
  emulator::Emulator emu(options);
  TestClient client(emu.base_url());
  for (const char* method : {"getMe", "getUpdates", "sendMessage"}) {
    INFO(method);
    const auto a = client.call(method, std::string(method) == "sendMessage" ? kReply : nlohmann::json::object());
    REQUIRE(a.status == 429);
    CHECK(a.json()["parameters"]["retry_after"] == 7);
    CHECK(a.json()["description"] == "Too Many Requests: retry after 7");
    CHECK(a.headers.find("Retry-After: 7") != std::string::npos);
  }
  CHECK(emu.ledger().replies == 0);
  CHECK(emu.ledger().faults.rate_limited == 3);
}

TEST_CASE("the same seed draws the same faults for the same requests") {
  auto statuses = [](std::uint64_t seed) {
    auto options = with_fault("503:0.3");
    options.faults.rules.push_back(emulator::parse_fault_rule("429:0.3"));
    options.faults.seed = seed;
    emulator::Emulator emu(options);
    CHECK(emu.fault_seed() == seed);
    TestClient client(emu.base_url());
    std::vector<long> out;
    for (int i = 0; i < 40; ++i) out.push_back(client.call("getMe").status);
    return out;
  };
  const auto first = statuses(7);
  CHECK(first == statuses(7));
  CHECK(first != statuses(8));
  CHECK(std::set<long>(first.begin(), first.end()) == std::set<long>{200, 429, 503});
}

TEST_CASE("an outage refuses connections and cuts open ones; the server comes back on the same port") {
  emulator::EmulatorOptions options;
  emulator::Emulator emu(options);
  const auto port = emu.port();
  TestClient kept(emu.base_url());
  REQUIRE(kept.call("getMe").status == 200);
  REQUIRE(emu.connections_open() == 1);

  emu.set_available(false);
  // The kept-alive connection is cut (the server closes it) ...
  CHECK(test::eventually([&] { return emu.connections_open() == 0; }));
  // ... and a new one is refused: nothing listens on the port.
  TestClient fresh(emu.base_url());
  CHECK(test::eventually([&] { return fresh.call("getMe").code == CURLE_COULDNT_CONNECT; }));
  CHECK(emu.ledger().faults.outages == 1);
  CHECK(emu.ledger().faults.outage_cuts == 1);

  emu.set_available(true);
  CHECK(test::eventually([&] { return fresh.call("getMe").status == 200; }));
  CHECK(emu.port() == port);
  CHECK(kept.call("getMe").status == 200);  // a client whose connection was cut reconnects
}

TEST_CASE("an outage cuts a held sendMessage answer and counts it as unacknowledged") {
  emulator::EmulatorOptions options;
  options.latency = std::chrono::seconds(30);  // the answer waits in the server
  emulator::Emulator emu(options);
  // The caller's result is checked after join: Catch2's assertions are not thread-safe (TSan saw
  // a CHECK on this thread race with the REQUIRE below).
  CURLcode caller_code = CURLE_OK;
  std::thread caller([&] {
    TestClient client(emu.base_url());
    caller_code = client.call("sendMessage", kReply).code;
  });
  REQUIRE(test::eventually([&] { return emu.requests_in_flight() == 1; }));
  emu.set_available(false);
  caller.join();
  CHECK(caller_code != CURLE_OK);
  const auto ledger = emu.ledger();
  CHECK(ledger.replies == 1);
  CHECK(ledger.faults.outage_cuts == 1);
  CHECK(ledger.faults.unacknowledged_replies == 1);
}

TEST_CASE("a scheduled outage window takes the server away and brings it back") {
  emulator::EmulatorOptions options;
  options.faults.outages.push_back(emulator::parse_outage("1s@0"));
  emulator::Emulator emu(options);
  TestClient client(emu.base_url());
  CHECK(test::eventually([&] { return client.call("getMe").code == CURLE_COULDNT_CONNECT; }));
  CHECK(test::eventually([&] { return client.call("getMe").status == 200; }));
  CHECK(emu.ledger().faults.outages == 1);
}

TEST_CASE("the ledger's JSON and text show the injected faults") {
  emulator::Emulator emu(with_fault("503:1"));
  TestClient client(emu.base_url());
  client.call("getMe");
  const auto report = emu.ledger();
  const auto j = tgperf::report::ledger_json(report);
  CHECK(j["faults"]["server_errors"] == 1);
  CHECK(j["faults"]["drops"] == 0);
  CHECK(tgperf::report::render_ledger(report).find("faults injected") != std::string::npos);
  CHECK(tgperf::report::render_fault_counts(report.faults) == "1 5xx");
  CHECK(tgperf::report::render_ledger(emulator::LedgerReport{}).find("faults injected") == std::string::npos);
}
