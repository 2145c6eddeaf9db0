// setWebhook's parameters, checked as Telegram checks them.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

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
  CHECK(refused({{"url", "ftp://127.0.0.1/"}}) == https_needed);
  CHECK(accepted({{"url", ""}}).url.empty());  // deletes the webhook
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
