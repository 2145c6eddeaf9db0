#include <catch2/catch.hpp>

#include <string>

#include "tgperf/botapi/token.hpp"
#include "tgperf/core/usage_error.hpp"

using tgperf::botapi::Token;

namespace {
const std::string kParsedSecret = "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw9";
const std::string kParsedToken = "123456789:" + kParsedSecret;
}  // namespace

TEST_CASE("a well-formed token exposes only its id and a redacted form") {
  const Token token = Token::parse(kParsedToken);
  CHECK(token.bot_id() == "123456789");
  CHECK(token.redacted() == "123456789:***");
  CHECK(token.value() == kParsedToken);
}

TEST_CASE("malformed tokens are usage errors that never echo the secret") {
  for (const std::string& bad : {std::string(""), std::string("nocolon"), ":" + kParsedSecret,
                                "12a4:" + kParsedSecret, "0123:" + kParsedSecret, std::string("123456:"),
                                "123456:" + kParsedSecret + "!", "123456:" + std::string(80, 'a')}) {
    INFO("input length " << bad.size());
    CHECK_FALSE(Token::try_parse(bad).has_value());
    try {
      Token::parse(bad);
      FAIL("accepted a malformed token");
    } catch (const tgperf::UsageError& e) {
      CHECK(std::string(e.what()).find(kParsedSecret) == std::string::npos);
      CHECK(std::string(e.what()).find("invalid bot token") != std::string::npos);
    }
  }
}

TEST_CASE("a bot id that does not fit a signed 64-bit integer is not a token") {
  // Accepted before; the emulator's std::stoll of it threw out of its request handling.
  CHECK(Token::try_parse("9223372036854775807:" + kParsedSecret).has_value());
  for (const std::string& id : {std::string("9223372036854775808"), std::string("1234569223372036854775807"),
                                std::string(60, '9')}) {
    INFO(id);
    CHECK_FALSE(Token::try_parse(id + ":" + kParsedSecret).has_value());
    CHECK_THROWS_WITH(Token::parse(id + ":" + kParsedSecret), Catch::Contains("too large"));
  }
}

TEST_CASE("redact_tokens hides every token-shaped secret in free text") {
  const std::string url = "https://api.telegram.org/bot" + kParsedToken + "/getMe";
  CHECK(tgperf::botapi::redact_tokens(url) == "https://api.telegram.org/bot123456789:***/getMe");
  CHECK(tgperf::botapi::redact_tokens("at 12:30:45 ok") == "at 12:30:45 ok");
  CHECK(tgperf::botapi::redact_tokens(kParsedToken + " and " + kParsedToken) == "123456789:*** and 123456789:***");
}

TEST_CASE("redact hides a known secret wherever it appears, even without the id") {
  const Token token = Token::parse(kParsedToken);
  CHECK(tgperf::botapi::redact("secret=" + kParsedSecret + ";", token) == "secret=***;");
}
