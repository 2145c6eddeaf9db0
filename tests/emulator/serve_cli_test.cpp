// `tgperf serve` end to end: banner, ledger on exit and on Ctrl-C, JSON, TLS, bad input.
#include <catch2/catch.hpp>

#include <csignal>

#include "support/child_process.hpp"
#include "test_client.hpp"
#include "tgperf/emulator/emulator_options.hpp"

using tgperf::test::TgperfProcess;
using tgperf::test::kToken;
using tgperf::test::TestClient;

namespace {

const std::string kSecret = kToken.substr(kToken.find(':') + 1);

std::string url_in(const std::string& line, const std::string& scheme) {
  const auto at = line.find(scheme);
  REQUIRE(at != std::string::npos);
  return line.substr(at, line.find(' ', at) - at);
}

}  // namespace

TEST_CASE("serve prints its base URL, and on Ctrl-C the ledger table, exiting 0") {
  TgperfProcess serve({"serve", "--listen", "127.0.0.1:0", "--messages", "2", "--chats", "2"});
  const auto banner = serve.wait_for_line("point your bot's base URL here", false);
  REQUIRE(banner.has_value());
  TestClient client(url_in(*banner, "http://"));
  const auto updates = client.call("getUpdates").json()["result"];
  REQUIRE(updates.size() == 2);
  const auto& m = updates[0]["message"];
  REQUIRE(client.call("sendMessage", {{"chat_id", m["chat"]["id"]}, {"text", m["text"]}}).status == 200);
  serve.signal(SIGINT);
  REQUIRE(serve.wait() == 0);
  const auto out = serve.out();
  CHECK(out.find("Ledger") != std::string::npos);
  CHECK(out.find("answered         1") != std::string::npos);
  CHECK(out.find("unanswered       1") != std::string::npos);
}

TEST_CASE("serve --exit-when-done --json ends once every message is answered and prints the JSON ledger") {
  TgperfProcess serve({"serve", "--listen", "127.0.0.1:0", "--messages", "5", "--chats", "2",
                                     "--token", kToken, "--exit-when-done", "--json", "--latency", "5ms"});
  const auto banner = serve.wait_for_line("point your bot's base URL here", true);  // stderr with --json
  REQUIRE(banner.has_value());
  TestClient client(url_in(*banner, "http://"));
  const auto updates = client.call("getUpdates").json()["result"];
  REQUIRE(updates.size() == 5);
  for (const auto& u : updates) {
    client.call("sendMessage", {{"chat_id", u["message"]["chat"]["id"]}, {"text", u["message"]["text"]}});
  }
  REQUIRE(serve.wait() == 0);
  const auto ledger = nlohmann::json::parse(serve.out());
  CHECK(ledger["messages"] == 5);
  CHECK(ledger["answered"] == 5);
  CHECK(ledger["unanswered"] == 0);
  CHECK(ledger["duplicates"] == 0);
  CHECK(ledger["unmatched"] == 0);
  CHECK(ledger["latency_ms"]["p50"].get<double>() >= 5.0);  // the latency delays the updates' delivery
  CHECK(ledger.contains("throughput_per_s"));
  CHECK(ledger.contains("seconds"));
  CHECK((serve.out() + serve.err()).find(kSecret) == std::string::npos);
  CHECK(serve.err().find("123456:***") != std::string::npos);
}

TEST_CASE("serve --flood counts the limiter's 429s in its JSON ledger and its text report") {
  for (const bool json : {true, false}) {
    INFO("--json: " << json);
    std::vector<std::string> args{"serve", "--listen", "127.0.0.1:0", "--flood"};
    if (json) args.push_back("--json");
    TgperfProcess serve(args);
    const auto banner = serve.wait_for_line("point your bot's base URL here", json);
    REQUIRE(banner.has_value());
    TestClient client(url_in(*banner, "http://"));
    std::size_t too_many_requests = 0;
    for (int i = 0; i < 6; ++i) {
      if (client.call("sendMessage", {{"chat_id", tgperf::emulator::kFirstChatId}, {"text", "burst"}}).status == 429) ++too_many_requests;
    }
    serve.signal(SIGINT);
    REQUIRE(serve.wait() == 0);
    if (json) {
      const auto ledger = nlohmann::json::parse(serve.out());
      CHECK(ledger["flood"]["chat_limited"] == too_many_requests);
      CHECK(ledger["flood"]["bot_limited"] == 0);
      CHECK(ledger["flood"].contains("early_retries"));
      CHECK(ledger["faults"]["rate_limited"] == 0);
    } else {
      const std::string line =
          "flood limiter    " + std::to_string(too_many_requests) + " refused per chat, 0 per bot (429)";
      CHECK(serve.out().find(line) != std::string::npos);
    }
  }
}

TEST_CASE("serve --exit-when-done cut short by --duration exits 1 with the unanswered count") {
  TgperfProcess serve({"serve", "--listen", "127.0.0.1:0", "--messages", "3", "--exit-when-done",
                                     "--duration", "300ms", "--json"});
  const auto banner = serve.wait_for_line("point your bot's base URL here", true);
  REQUIRE(banner.has_value());
  TestClient client(url_in(*banner, "http://"));
  client.call("getUpdates");
  REQUIRE(serve.wait() == 1);
  const auto ledger = nlohmann::json::parse(serve.out());
  CHECK(ledger["unanswered"] == 3);
  CHECK(ledger["latency_ms"].is_null());
}

TEST_CASE("serve --tls prints the generated certificate, which verifies the server") {
  TgperfProcess serve({"serve", "--listen", "127.0.0.1:0", "--tls"});
  const auto banner = serve.wait_for_line("point your bot's base URL here", false);
  REQUIRE(banner.has_value());
  const auto cert_line = serve.wait_for_line("certificate:", false);
  REQUIRE(cert_line.has_value());
  const auto cert = cert_line->substr(cert_line->find('/'), cert_line->find(' ', cert_line->find('/')) - cert_line->find('/'));
  TestClient client(url_in(*banner, "https://"), cert);
  const auto a = client.call("getMe");
  CHECK(a.code == CURLE_OK);
  CHECK(a.status == 200);
  serve.signal(SIGTERM);
  CHECK(serve.wait() == 0);
}

TEST_CASE("serve rejects bad input with one line and exit 2, never echoing a token's secret") {
  const std::vector<std::vector<std::string>> cases = {
      {"serve", "--rate", "0"},
      {"serve", "--backlog", "--rate", "5"},
      {"serve", "--listen", "127.0.0.1:99999"},
      {"serve", "--listen", "::1:80"},
      {"serve", "--latency", "fast"},
      {"serve", "--fail-rate", "1.5"},
      {"serve", "--chats", "0"},
      {"serve", "--token", "0123:" + kSecret},
      {"serve", "--cert", "/nonexistent.pem"},
  };
  for (const auto& args : cases) {
    TgperfProcess serve(args);
    const auto status = serve.wait();
    const std::string err = serve.err();
    INFO(args[1] << " -> " << err);
    CHECK(status == 2);
    CHECK(err.starts_with("tgperf: "));
    CHECK(err.find(kSecret) == std::string::npos);
    CHECK(std::count(err.begin(), err.end(), '\n') == 1);
  }
}

TEST_CASE("serve on a busy port fails with a clear message") {
  TgperfProcess first({"serve", "--listen", "127.0.0.1:0"});
  const auto banner = first.wait_for_line("point your bot's base URL here", false);
  REQUIRE(banner.has_value());
  const auto url = url_in(*banner, "http://");
  const auto port = url.substr(url.rfind(':') + 1);
  TgperfProcess second({"serve", "--listen", "127.0.0.1:" + port});
  CHECK(second.wait() == 1);
  CHECK(second.err().find("cannot listen on 127.0.0.1:" + port) != std::string::npos);
  first.signal(SIGINT);
  CHECK(first.wait() == 0);
}
