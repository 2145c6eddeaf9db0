// What the commands say, read as a user reads it: counts with the right plural, a refused port
// called refused, no "0ns" for a latency that is not there, ASCII under LC_ALL=C, and a header that
// does not promise connection reuse before anything happened.
#include <catch2/catch.hpp>

#include "support/child_process.hpp"
#include "support/loopback.hpp"
#include "tgperf/emulator/emulator.hpp"

using tgperf::test::run_process;

namespace {

bool ascii_only(const std::string& text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("ping: one probe is singular, and a closed port is 'refused', not 'no answer'") {
  const std::string target = "127.0.0.1:" + std::to_string(tgperf::test::closed_loopback_port());
  const auto r = run_process({TGPERF_BINARY, "ping", "-c", "1", target});
  INFO(r.out);
  CHECK(r.out.find("1 probe transmitted") != std::string::npos);
  CHECK(r.out.find("verdict: refused - ") != std::string::npos);
  CHECK(r.out.find("no answer") == std::string::npos);
}

TEST_CASE("echo-bench: one update over one chat is singular, LC_ALL=C output is ASCII") {
  const auto r = run_process({TGPERF_BINARY, "echo-bench", "--modes", "sync,threaded", "--workers", "1", "--updates",
                              "1", "--chats", "1", "--latency", "1ms", "--jitter", "1ms"},
                             {"LC_ALL=C"});
  INFO(r.out);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("1 update over 1 chat,") != std::string::npos);
  CHECK(r.out.find("1 workers") == std::string::npos);
  CHECK(r.out.find("+/-") != std::string::npos);
  CHECK(r.out.find('#') != std::string::npos);  // the chart's ASCII bars
  CHECK(ascii_only(r.out));
}

TEST_CASE("serve: a network line without latency says nothing of latency, and no '0ns'") {
  const auto r = run_process({TGPERF_BINARY, "serve", "--listen", "127.0.0.1:0", "--fail-rate", "0.1", "--messages",
                              "1", "--duration", "100ms"});
  INFO(r.out);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("  network: fail rate 0.1\n") != std::string::npos);
  CHECK(r.out.find("0ns") == std::string::npos);
  CHECK(r.out.find("1 message from 1 chat per bot") != std::string::npos);
}

TEST_CASE("curl-timing: the waterfall's bars are ASCII under LC_ALL=C") {
  tgperf::emulator::Emulator emu(tgperf::emulator::EmulatorOptions{});
  const auto r = run_process({TGPERF_BINARY, "curl-timing", "--token", "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0",
                              "--api-url", emu.base_url(), "-n", "1"},
                             {"LC_ALL=C"});
  INFO(r.out);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("|#") != std::string::npos);
  CHECK(ascii_only(r.out));
}

TEST_CASE("curl-timing: the header states the plan, not a reuse that has not happened") {
  tgperf::emulator::Emulator emu(tgperf::emulator::EmulatorOptions{});
  const auto r = run_process({TGPERF_BINARY, "curl-timing", "--token", "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0",
                              "--api-url", emu.base_url(), "-n", "1"});
  INFO(r.out);
  CHECK(r.out.find(": 1 request, on a new connection\n") != std::string::npos);
  CHECK(r.out.find("reusing it") == std::string::npos);
}

TEST_CASE("help COMMAND is COMMAND --help, as git and cargo have it; help alone is the root's help") {
  const auto help_ping = run_process({TGPERF_BINARY, "help", "ping"});
  const auto ping_help = run_process({TGPERF_BINARY, "ping", "--help"});
  CHECK(help_ping.exit_code == 0);
  CHECK(help_ping.out.find("Usage: tgperf ping") != std::string::npos);
  CHECK(help_ping.out == ping_help.out);
  const auto help = run_process({TGPERF_BINARY, "help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out == run_process({TGPERF_BINARY, "--help"}).out);
}
