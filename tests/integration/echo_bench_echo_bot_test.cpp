// `tgperf echo-bot` end to end: the real binary against an emulator started in this test process.
#include <catch2/catch.hpp>

#include <string>

#include "support/child_process.hpp"

#include "tgperf/emulator/emulator.hpp"

namespace {

constexpr const char* kEchoBotSecret = "echoBotSecretPart_0123456789abcdef";

struct EchoBotOutcome {
  int status = -1;
  std::string out;  // stdout and stderr together
};

EchoBotOutcome run_echo_bot(const std::string& args) {
  const auto r = tgperf::test::run_tgperf(args);
  return {r.exit_code, r.out + r.err};
}

}  // namespace

TEST_CASE("echo-bot answers every message of the emulator and prints handling times, never the token") {
  tgperf::emulator::EmulatorOptions options;
  options.chats = 3;
  options.latency = std::chrono::milliseconds(2);
  tgperf::emulator::Emulator server(options);
  const std::string token = std::string("123456:") + kEchoBotSecret;
  for (const char* mode : {"sync", "threaded", "async"}) {
    INFO(mode);
    // Each run is a new instance of the same bot: it sees only what the previous one left.
    for (int i = 0; i < 25; ++i) server.inject_message(token, i % 3, "hello");
    const auto before = server.ledger().answered;
    const auto outcome = run_echo_bot("echo-bot --token " + token + " --api-url " + server.base_url() +
                                    " --mode " + mode + " --max-updates 25 --poll-timeout 1");
    INFO(outcome.out);
    CHECK(outcome.status == 0);
    CHECK(outcome.out.find("replied in") != std::string::npos);
    CHECK(outcome.out.find("25 replied, 0 failed") != std::string::npos);
    CHECK(outcome.out.find("123456:***") != std::string::npos);
    CHECK(outcome.out.find(kEchoBotSecret) == std::string::npos);
    const auto ledger = server.ledger();
    CHECK(ledger.answered == before + 25);
    CHECK(ledger.duplicates == 0);
  }
}

TEST_CASE("echo-bot reports an unreachable API in one line without the token, exit 1") {
  const auto outcome = run_echo_bot(std::string("echo-bot --token 123456:") + kEchoBotSecret +
                                  " --api-url http://127.0.0.1:1");
  CHECK(outcome.status == 1);
  CHECK(outcome.out.find("tgperf: getMe at http://127.0.0.1:1/bot123456:***/getMe failed") != std::string::npos);
  CHECK(outcome.out.find(kEchoBotSecret) == std::string::npos);
}

TEST_CASE("echo-bot refuses bad input with exit 2") {
  CHECK(run_echo_bot("echo-bot --token not-a-token").status == 2);
  CHECK(run_echo_bot(std::string("echo-bot --token 123456:") + kEchoBotSecret + " --mode fastest").status == 2);
  CHECK(run_echo_bot(std::string("echo-bot --token 123456:") + kEchoBotSecret + " --api-url ftp://x").status == 2);
}
