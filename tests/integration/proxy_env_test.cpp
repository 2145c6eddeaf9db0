// Proxies from the environment (https_proxy, http_proxy, all_proxy) and tgperf: loopback traffic is
// never proxied, in every command that talks HTTP, and a failure through a proxy names it.
//
// The "proxy" is a closed loopback port: if a request were proxied it would be refused at once, and
// nothing ever leaves the machine.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/loopback.hpp"
#include "tgperf/emulator/emulator.hpp"

namespace {

const std::string kProxyToken = "7123456789:AAH3xQ-proxytestsecret1234567890";

std::vector<std::string> bogus_proxy_env() {
  const std::string proxy = "http://127.0.0.1:" + std::to_string(tgperf::test::closed_loopback_port());
  return {"https_proxy=" + proxy, "HTTPS_PROXY=" + proxy, "http_proxy=" + proxy, "all_proxy=" + proxy,
          "ALL_PROXY=" + proxy};
}

}  // namespace

TEST_CASE("curl-timing --local is not proxied when the environment sets a proxy") {
  const auto r = tgperf::test::run_process({TGPERF_BINARY, "curl-timing", "--local", "-n", "2", "-i", "0"},
                                           bogus_proxy_env(), "", std::chrono::seconds(60));
  INFO("stdout:\n" << r.out << "\nstderr:\n" << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("proxy") == std::string::npos);
}

TEST_CASE("echo-bench's bots reach their in-process emulator past a proxy in the environment") {
  const auto r = tgperf::test::run_process({TGPERF_BINARY, "echo-bench", "--updates", "40", "--chats", "4", "--latency",
                                            "1ms", "--workers", "2", "--inflight", "4"},
                                           bogus_proxy_env(), "", std::chrono::seconds(120));
  INFO("stdout:\n" << r.out << "\nstderr:\n" << r.err);
  CHECK(r.exit_code == 0);
}

TEST_CASE("echo-bot reaches a Bot API on loopback past a proxy in the environment") {
  tgperf::emulator::EmulatorOptions options;
  options.chats = 2;
  tgperf::emulator::Emulator server(options);
  for (int i = 0; i < 6; ++i) server.inject_message(kProxyToken, i % 2, "hello");
  for (const char* mode : {"sync", "threaded", "async"}) {
    INFO(mode);
    for (int i = 0; i < 3; ++i) server.inject_message(kProxyToken, i % 2, "again");
    const auto r = tgperf::test::run_process({TGPERF_BINARY, "echo-bot", "--token", kProxyToken, "--api-url",
                                              server.base_url(), "--mode", mode, "--max-updates", "3", "--poll-timeout",
                                              "1", "-q"},
                                             bogus_proxy_env(), "", std::chrono::seconds(60));
    INFO("stdout:\n" << r.out << "\nstderr:\n" << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("getUpdates") == std::string::npos);  // no polling error on the way
  }
}

TEST_CASE("a request that fails through a proxy names the proxy and where it came from, without its password") {
  const std::string port = std::to_string(tgperf::test::closed_loopback_port());
  // http:// to a name: libcurl hands the name to the proxy and resolves nothing itself.
  const auto r = tgperf::test::run_process(
      {TGPERF_BINARY, "curl-timing", "--token", kProxyToken, "--api-url", "http://api.telegram.example", "-n", "1", "--json"},
      {"http_proxy=http://monitor:proxySecret42@127.0.0.1:" + port}, "", std::chrono::seconds(60));
  INFO("stdout:\n" << r.out << "\nstderr:\n" << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("through the proxy http://monitor:***@127.0.0.1:" + port + " from http_proxy") != std::string::npos);
  CHECK(r.out.find("proxySecret42") == std::string::npos);
  CHECK(r.err.find("proxySecret42") == std::string::npos);
}
