#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tgperf/botapi/endpoint.hpp"
#include "tgperf/botapi/request.hpp"
#include "tgperf/core/usage_error.hpp"

using namespace tgperf::botapi;

namespace {
const char* const kRequestToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";
const char* const kRequestSecret = "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";
}  // namespace

TEST_CASE("the real URL carries the token, the redacted one never does") {
  const Endpoint endpoint("https://api.telegram.org/", Token::parse(kRequestToken));
  CHECK(endpoint.method_url("getMe") == std::string("https://api.telegram.org/bot") + kRequestToken + "/getMe");
  CHECK(endpoint.redacted_method_url("getMe") == "https://api.telegram.org/bot123456789:***/getMe");
  CHECK(endpoint.https());
}

TEST_CASE("an API URL must be http or https with a host") {
  const auto token = Token::parse(kRequestToken);
  CHECK_THROWS_AS(Endpoint("ftp://x", token), tgperf::UsageError);
  CHECK_THROWS_AS(Endpoint("https://", token), tgperf::UsageError);
  CHECK_THROWS_AS(Endpoint("http://a b", token), tgperf::UsageError);
  CHECK_NOTHROW(Endpoint("http://127.0.0.1:8081", token));
}

TEST_CASE("an invalid API URL holding a token is reported without its secret") {
  const auto token = Token::parse("1:abc");
  try {
    Endpoint(std::string("api.telegram.org/bot") + kRequestToken, token);
    FAIL("accepted a URL without scheme");
  } catch (const tgperf::UsageError& e) {
    CHECK(std::string(e.what()).find(kRequestSecret) == std::string::npos);
    CHECK(std::string(e.what()).find("http://") != std::string::npos);
  }
}

TEST_CASE("a GET request is encoded as a percent-encoded query string, like the wiki's curl") {
  const Endpoint endpoint("https://api.telegram.org", Token::parse(kRequestToken));
  const auto e = encode(endpoint, send_message(42, "héllo & bye=1"), Encoding::query);
  CHECK(e.http_method == "GET");
  CHECK(e.body.empty());
  CHECK(e.url == std::string("https://api.telegram.org/bot") + kRequestToken +
                     "/sendMessage?chat_id=42&text=h%C3%A9llo%20%26%20bye%3D1");
  CHECK(e.redacted_url ==
        "https://api.telegram.org/bot123456789:***/sendMessage?chat_id=42&text=h%C3%A9llo%20%26%20bye%3D1");
}

TEST_CASE("a POST request carries typed JSON, as frameworks send it") {
  const Endpoint endpoint("http://127.0.0.1:1", Token::parse(kRequestToken));
  const auto e = encode(endpoint, get_updates(7, 100, std::chrono::seconds(10)), Encoding::json);
  CHECK(e.http_method == "POST");
  CHECK(e.content_type == "application/json");
  CHECK(e.server_wait == std::chrono::seconds(10));
  const auto body = nlohmann::json::parse(e.body);
  CHECK(body["offset"] == 7);
  CHECK(body["limit"] == 100);
  CHECK(body["timeout"] == 10);
  CHECK(e.url.find('?') == std::string::npos);
}

TEST_CASE("getUpdates without an offset does not send one") {
  const auto q = query_string(get_updates(0, 5, std::chrono::seconds(0)));
  CHECK(q == "limit=5&timeout=0");
}

TEST_CASE("raw JSON parameters are inlined in JSON and sent as text in a query") {
  Request r = send_message(1, "x");
  r.with("reply_parameters", RawJson{R"({"message_id":5})"});
  CHECK(nlohmann::json::parse(json_body(r))["reply_parameters"]["message_id"] == 5);
  CHECK(query_string(r).ends_with("reply_parameters=%7B%22message_id%22%3A5%7D"));
}

TEST_CASE("webhook builders send only what was given") {
  CHECK(query_string(set_webhook("https://x/hook")) == "url=https%3A%2F%2Fx%2Fhook");
  CHECK(nlohmann::json::parse(json_body(set_webhook("https://x", "s3cr", 10)))["max_connections"] == 10);
  CHECK(json_body(delete_webhook(true)) == R"({"drop_pending_updates":true})");
  CHECK(json_body(get_webhook_info()) == "{}");
}
