// What an Endpoint prints: never the token, never a password in the API root's userinfo.
#include <catch2/catch.hpp>

#include "tgperf/botapi/endpoint.hpp"
#include "tgperf/core/usage_error.hpp"

using tgperf::botapi::Endpoint;
using tgperf::botapi::redact_secrets;
using tgperf::botapi::Token;

namespace {

const std::string kSecret = "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";
const Token kToken = Token::parse("123456:" + kSecret);

}  // namespace

TEST_CASE("the printable root and method URL redact userinfo, the request URL keeps it for libcurl") {
  const Endpoint endpoint("http://user:pw0rd@127.0.0.1:8081/", kToken);
  CHECK(endpoint.redacted_api_root() == "http://user:***@127.0.0.1:8081");
  CHECK(endpoint.redacted_method_url("getMe") == "http://user:***@127.0.0.1:8081/bot123456:***/getMe");
  CHECK(endpoint.method_url("getMe") == "http://user:pw0rd@127.0.0.1:8081/bot123456:" + kSecret + "/getMe");
}

TEST_CASE("a token pasted as the root's userinfo is redacted, even a short-secret one") {
  const Endpoint pasted("https://123456:" + kSecret + "@api.example", kToken);
  CHECK(pasted.redacted_api_root() == "https://123456:***@api.example");
  const Endpoint other("https://42:short@api.example", kToken);  // not the bot's token, too short to look like one
  CHECK(other.redacted_api_root() == "https://42:***@api.example");
}

TEST_CASE("a refused API root is named in the error without its password") {
  try {
    Endpoint("ftp://user:pw0rd@host", kToken);
    FAIL("accepted ftp://");
  } catch (const tgperf::UsageError& e) {
    CHECK(std::string(e.what()).find("pw0rd") == std::string::npos);
    CHECK(std::string(e.what()).find("ftp://user:***@host") != std::string::npos);
  }
}

TEST_CASE("redact_secrets covers tokens and userinfo in free text") {
  CHECK(redact_secrets("GET http://a:b@h/bot123456:" + kSecret + "/getMe failed") ==
        "GET http://a:***@h/bot123456:***/getMe failed");
}
