// setWebhook's parameters, checked as Telegram checks them.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "emulator/webhook_url.hpp"
#include "tgperf/emulator/webhook_config.hpp"

using namespace tgperf::emulator;

namespace {

WebhookConfig accepted(const nlohmann::json& params) {
  auto parsed = parse_set_webhook(params);
  if (auto* error = std::get_if<std::string>(&parsed)) FAIL("refused: " << *error);
  return std::get<WebhookConfig>(parsed);
}

std::string refused(const nlohmann::json& params) {
  auto parsed = parse_set_webhook(params);
  REQUIRE(std::holds_alternative<std::string>(parsed));
  return std::get<std::string>(parsed);
}

}  // namespace

TEST_CASE("setWebhook: https anywhere, plain http only to loopback") {
  CHECK(accepted({{"url", "https://bot.example/hook"}}).url == "https://bot.example/hook");
  CHECK(accepted({{"url", "http://127.0.0.1:8443/hook"}}).url == "http://127.0.0.1:8443/hook");
  CHECK(accepted({{"url", "http://127.9.9.9/"}}).url == "http://127.9.9.9/");
  CHECK(accepted({{"url", "http://localhost:88/x"}}).url == "http://localhost:88/x");
  CHECK(accepted({{"url", "http://[::1]:88/x"}}).url == "http://[::1]:88/x");
  const std::string https_needed = "Bad Request: bad webhook: An HTTPS URL must be provided for webhook";
  CHECK(refused({{"url", "http://bot.example/hook"}}) == https_needed);
  CHECK(refused({{"url", "http://10.0.0.1/hook"}}) == https_needed);
  CHECK(refused({{"url", "http://127.0.0.1.evil.example/"}}) == https_needed);
  CHECK(refused({{"url", "http://user@bot.example/"}}) == https_needed);
  CHECK(accepted({{"url", ""}}).url.empty());  // deletes the webhook
}

TEST_CASE("setWebhook: a URL Telegram's parser refuses is an invalid webhook URL, whatever is wrong") {
  // Telegram answers them all alike (Client::do_set_webhook); the reason is td::parse_url's.
  const auto check_refused = [](const std::string& url, const std::string& reason) {
    INFO(url);
    CHECK(refused({{"url", url}}) == "Bad Request: invalid webhook URL specified");
    const auto parsed = parse_webhook_url(url);
    REQUIRE(std::holds_alternative<InvalidWebhookUrl>(parsed));
    CHECK(std::get<InvalidWebhookUrl>(parsed).reason == reason);
  };
  const std::string wrong_port = "Wrong port number specified in the URL";
  check_refused("http://127.0.0.1:99999/hook", wrong_port);
  check_refused("http://127.0.0.1:65536/hook", wrong_port);
  check_refused("https://bot.example:0/hook", wrong_port);
  check_refused("http://127.0.0.1:000/hook", wrong_port);
  check_refused("http://127.0.0.1:abc/hook", wrong_port);
  check_refused("http://127.0.0.1:-1/hook", wrong_port);
  check_refused("http://127.0.0.1:/hook", wrong_port);  // libcurl alone reads this as no port
  check_refused("http://[::1]:/hook", wrong_port);
  check_refused("http:///hook", "URL host is empty");  // libcurl alone reads "hook" as the host
  check_refused("https://user@/hook", "URL host is empty");
  check_refused("https://./hook", "Host is invalid");
  check_refused("https://bot example/hook", "Disallowed character in URL host");
  check_refused("https://bot|example/hook", "Disallowed character in URL host");
  check_refused("https://:8443/hook", "Disallowed character in URL host");
  check_refused("https://us er@bot.example/hook", "Disallowed character in URL userinfo");
  check_refused("http://[::1/hook", "Wrong IPv6 address specified in the URL");
  check_refused("ftp://127.0.0.1/", "Unsupported URL protocol");
  check_refused("://bot.example/", "Unsupported URL protocol");
}

TEST_CASE("setWebhook: a URL refused is refused before its secret token, plain http after it") {
  CHECK(refused({{"url", "http://127.0.0.1:0/"}, {"secret_token", "a b"}}) ==
        "Bad Request: invalid webhook URL specified");
  CHECK(refused({{"url", "http://bot.example/"}, {"secret_token", "a b"}}) ==
        "Bad Request: secret token contains unallowed characters");
}

TEST_CASE("setWebhook: URLs Telegram's parser takes are set, with the path made sendable") {
  CHECK(accepted({{"url", "http://127.0.0.1:65535/hook"}}).url == "http://127.0.0.1:65535/hook");
  CHECK(accepted({{"url", "https://bot.example:1/hook"}}).url == "https://bot.example:1/hook");
  CHECK(accepted({{"url", "HTTPS://Bot.Example/hook"}}).url == "HTTPS://Bot.Example/hook");
  CHECK(accepted({{"url", "https://user:pw@bot.example/hook"}}).url == "https://user:pw@bot.example/hook");
  CHECK(accepted({{"url", "https://bot.example"}}).url == "https://bot.example");
  CHECK(accepted({{"url", "https://bot.example/a%zz?x=1"}}).url == "https://bot.example/a%zz?x=1");
  CHECK(accepted({{"url", "https://xn--bcher-kva.example/"}}).url == "https://xn--bcher-kva.example/");

  // Telegram sends a space or control byte of the path percent-encoded, and drops trailing ones;
  // getWebhookInfo still shows the URL as it was given.
  const auto spaced = accepted({{"url", "http://127.0.0.1:8080/my hook\t/x "}});
  CHECK(spaced.url == "http://127.0.0.1:8080/my hook\t/x ");
  CHECK(delivery_target(spaced) == "http://127.0.0.1:8080/my%20hook%09/x");

  // Without "://" Telegram's parser takes https; and a port with leading zeros is that port.
  const auto bare = parse_webhook_url("bot.example/hook");
  REQUIRE(std::holds_alternative<WebhookUrl>(bare));
  CHECK(std::get<WebhookUrl>(bare).https);
  CHECK(std::get<WebhookUrl>(bare).host == "bot.example");
  CHECK(std::get<WebhookUrl>(bare).port == 443);
  CHECK(accepted({{"url", "bot.example/hook"}}).url == "bot.example/hook");
  const auto zeros = parse_webhook_url("http://LocalHost:00080/x");
  REQUIRE(std::holds_alternative<WebhookUrl>(zeros));
  CHECK(std::get<WebhookUrl>(zeros).host == "localhost");
  CHECK(std::get<WebhookUrl>(zeros).port == 80);
  CHECK(accepted({{"url", "http://[::1]/x"}}).url == "http://[::1]/x");
}

TEST_CASE("setWebhook: max_connections defaults to 40 and is clamped to 1..100") {
  CHECK(accepted({{"url", "https://x.example/"}}).max_connections == 40);
  CHECK(accepted({{"url", "https://x.example/"}, {"max_connections", "7"}}).max_connections == 7);
  CHECK(accepted({{"url", "https://x.example/"}, {"max_connections", 0}}).max_connections == 1);
  CHECK(accepted({{"url", "https://x.example/"}, {"max_connections", 1000}}).max_connections == 100);
}

TEST_CASE("setWebhook: secret_token is up to 256 characters of A-Z a-z 0-9 _ -") {
  CHECK(accepted({{"url", "https://x.example/"}, {"secret_token", "Ab_9-z"}}).secret_token == "Ab_9-z");
  CHECK(accepted({{"url", "https://x.example/"}, {"secret_token", std::string(256, 'a')}}).secret_token.size() == 256);
  CHECK(refused({{"url", "https://x.example/"}, {"secret_token", std::string(257, 'a')}}) ==
        "Bad Request: secret token is too long");
  CHECK(refused({{"url", "https://x.example/"}, {"secret_token", "a b"}}) ==
        "Bad Request: secret token contains unallowed characters");
  CHECK(refused({{"url", "https://x.example/"}, {"secret_token", "a:b"}}) ==
        "Bad Request: secret token contains unallowed characters");
}

TEST_CASE("setWebhook: allowed_updates as an array or a JSON string, drop_pending_updates") {
  const auto c = accepted({{"url", "https://x.example/"}, {"allowed_updates", R"(["message","callback_query"])"},
                           {"drop_pending_updates", "true"}});
  CHECK(c.allowed_updates == std::vector<std::string>{"message", "callback_query"});
  CHECK(c.drop_pending_updates);
  CHECK(accepted({{"url", "https://x.example/"}, {"allowed_updates", {"message"}}}).allowed_updates ==
        std::vector<std::string>{"message"});
  CHECK(accepted({{"url", "https://x.example/"}}).allowed_updates.empty());
}
