// No secret in any output, from any input: URL userinfo (`user:password@`, or a token pasted as
// `http://<token>@host`) is redacted as `user:***@` by every command, in text, JSON, write-out and
// errors; the token itself stays redacted whichever way it came in.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/loopback.hpp"
#include "tgperf/emulator/emulator.hpp"

using tgperf::test::run_process;

namespace {

const std::string kUrlSecret = "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";
const std::string kUrlToken = "123456:" + kUrlSecret;
const std::string kPassword = "Pa55wordNobodyMayRead";

struct Seen {
  int exit_code;
  std::string all;  // stdout and stderr
};

Seen run(std::vector<std::string> args, const std::vector<std::string>& env = {}) {
  args.insert(args.begin(), TGPERF_BINARY);
  const auto r = run_process(args, env, "", std::chrono::seconds(60));
  CHECK_FALSE(r.timed_out);
  return {r.exit_code, r.out + r.err};
}

void check_clean(const Seen& seen) {
  INFO(seen.all);
  CHECK(seen.all.find(kUrlSecret) == std::string::npos);
  CHECK(seen.all.find(kPassword) == std::string::npos);
}

// "http://127.0.0.1:PORT" with `userinfo@` put in front of the host.
std::string with_userinfo(const std::string& base_url, const std::string& userinfo) {
  const auto host = base_url.find("://") + 3;
  return base_url.substr(0, host) + userinfo + "@" + base_url.substr(host);
}

}  // namespace

TEST_CASE("echo-bot: a token pasted as URL userinfo is not in the banner or anywhere else") {
  tgperf::emulator::Emulator emu(tgperf::emulator::EmulatorOptions{});
  emu.inject_message(kUrlToken, 0, "hello");
  const auto seen = run({"echo-bot", "--api-url", with_userinfo(emu.base_url(), kUrlToken), "--max-updates", "1",
                         "--poll-timeout", "1"},
                        {"TGPERF_TOKEN=" + kUrlToken});
  check_clean(seen);
  CHECK(seen.exit_code == 0);
  CHECK(seen.all.find("polling http://123456:***@127.0.0.1:") != std::string::npos);
}

TEST_CASE("echo-bot: a password in --api-url is redacted in the banner and in the getMe failure") {
  tgperf::emulator::Emulator emu(tgperf::emulator::EmulatorOptions{});
  emu.inject_message(kUrlToken, 0, "hello");
  auto seen = run({"echo-bot", "--token", kUrlToken, "--api-url", with_userinfo(emu.base_url(), "user:" + kPassword),
                   "--max-updates", "1", "--poll-timeout", "1"});
  check_clean(seen);
  CHECK(seen.all.find("http://user:***@127.0.0.1:") != std::string::npos);

  const std::string closed = "http://user:" + kPassword + "@127.0.0.1:" + std::to_string(tgperf::test::closed_loopback_port());
  seen = run({"echo-bot", "--token", kUrlToken, "--api-url", closed});
  check_clean(seen);
  CHECK(seen.exit_code == 1);
  CHECK(seen.all.find("getMe at http://user:***@127.0.0.1:") != std::string::npos);
}

TEST_CASE("curl-timing: userinfo is redacted in the text header, JSON, write-out and errors") {
  tgperf::emulator::Emulator emu(tgperf::emulator::EmulatorOptions{});
  const std::string url = with_userinfo(emu.base_url(), "user:" + kPassword);
  const std::vector<std::string> base = {"curl-timing", "--token", kUrlToken, "--api-url", url, "-n", "1"};
  auto with = [&](std::vector<std::string> extra) {
    auto args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };

  auto seen = run(with({}));
  check_clean(seen);
  CHECK(seen.all.find("GET http://user:***@127.0.0.1:") != std::string::npos);

  seen = run(with({"--json"}));
  check_clean(seen);
  CHECK(seen.all.find("\"url\": \"http://user:***@127.0.0.1:") != std::string::npos);

  seen = run(with({"-w", "%{url} %{url_effective} %{json} %{header_json} %{stderr}%{url}\\n"}));
  check_clean(seen);
  CHECK(seen.all.find("http://user:***@127.0.0.1:") != std::string::npos);

  for (const auto& format : {"openmetrics", "prometheus"}) {
    check_clean(run(with({"--format", format})));
  }

  // Failures: refused, and a URL refused as bad input (exit 2, one line).
  const std::string refused =
      "http://user:" + kPassword + "@127.0.0.1:" + std::to_string(tgperf::test::closed_loopback_port());
  seen = run({"curl-timing", "--token", kUrlToken, "--api-url", refused, "-n", "1", "--json"});
  check_clean(seen);
  CHECK(seen.exit_code == 1);
  seen = run({"curl-timing", "--token", kUrlToken, "--api-url", url + "/?x=1"});
  check_clean(seen);
  CHECK(seen.exit_code == 2);
  CHECK(seen.all.find("user:***@") != std::string::npos);
  seen = run({"curl-timing", "--token", kUrlToken, "--api-url", "ftp://user:" + kPassword + "@127.0.0.1"});
  check_clean(seen);
  CHECK(seen.exit_code == 2);
}

TEST_CASE("curl-timing: a proxy URL's password is never printed, not even when the proxy fails") {
  tgperf::emulator::Emulator emu(tgperf::emulator::EmulatorOptions{});
  const std::string proxy =
      "http://user:" + kPassword + "@127.0.0.1:" + std::to_string(tgperf::test::closed_loopback_port());
  for (const auto& output : std::vector<std::vector<std::string>>{{}, {"--json"}, {"-w", "%{json}\\n"}}) {
    std::vector<std::string> args = {"curl-timing", "--token", kUrlToken, "--api-url", emu.base_url(), "-n", "1",
                                     "--proxy", proxy};
    args.insert(args.end(), output.begin(), output.end());
    check_clean(run(args));
  }
}

TEST_CASE("ping, serve and echo-bench do not print a URL's password or the token either") {
  // ping takes no URL: one pasted is bad input, and the message about it is redacted.
  auto seen = run({"ping", "-c", "1", "http://user:" + kPassword + "@127.0.0.1:1"});
  check_clean(seen);
  CHECK(seen.exit_code == 2);
  seen = run({"ping", "-c", "1", "http://" + kUrlToken + "@127.0.0.1"});
  check_clean(seen);

  seen = run({"serve", "--listen", "127.0.0.1:0", "--token", kUrlToken, "--duration", "200ms"},
             {"TGPERF_TOKEN=" + kUrlToken});
  check_clean(seen);
  CHECK(seen.exit_code == 0);
  CHECK(seen.all.find("123456:***") != std::string::npos);
  seen = run({"serve", "--listen", "127.0.0.1:0", "--token", kUrlToken + "!"});
  check_clean(seen);
  CHECK(seen.exit_code == 2);

  seen = run({"echo-bench", "--modes", "sync", "--updates", "3", "--latency", "0"}, {"TGPERF_TOKEN=" + kUrlToken});
  check_clean(seen);
  CHECK(seen.exit_code == 0);
}
