// Token redaction with realistic secrets. BotFather's secrets are 35 characters of [A-Za-z0-9_-]
// and often hold '-' and '_'; a scanner that stops at them, a redact() that replaces only the first
// occurrence, or an Endpoint that prints its API root unredacted would leak the rest. Every place a
// token enters botapi is covered: free text (redact_tokens), a known token (redact), the API root
// and method URLs (Endpoint), and the client's error paths (result_or_throw).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "tgperf/botapi/client.hpp"
#include "tgperf/botapi/endpoint.hpp"
#include "tgperf/botapi/errors.hpp"
#include "tgperf/botapi/token.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/http/response.hpp"

using namespace tgperf::botapi;

namespace {

// Shaped like BotFather's: '-' and '_' inside, at the start and at the end.
const std::string kSecretA = "AAE-x_Yz9q2LmN-oPqR_sTuVwXyZ01-2_3";
const std::string kSecretB = "_AAF7kq-Lm_Np2rS-tUv_WxYz3aB4cD5e-";
const std::string kSecretC = "-AAGzzYy_xX-wWvV_uUtT-sSrR_qQpPoO";
const std::string kTokenA = "123456789:" + kSecretA;
const std::string kTokenB = "7000000001:" + kSecretB;
const std::string kTokenC = "42:" + kSecretC;

// None of the secrets, nor any 8-character piece of one, is left in `text`.
void check_no_secret_piece(const std::string& text) {
  INFO(text);
  for (const std::string& secret : {kSecretA, kSecretB, kSecretC}) {
    for (std::size_t i = 0; i + 8 <= secret.size(); ++i) {
      CHECK(text.find(secret.substr(i, 8)) == std::string::npos);
    }
  }
}

}  // namespace

TEST_CASE("redact_tokens: secrets with '-' and '_' are redacted whole, every time they occur") {
  CHECK(redact_tokens("https://api.telegram.org/bot" + kTokenA + "/getMe") ==
        "https://api.telegram.org/bot123456789:***/getMe");
  CHECK(redact_tokens(kTokenB) == "7000000001:***");
  CHECK(redact_tokens("t=" + kTokenC + "&x=1") == "t=42:***&x=1");
  // Repeated in one string, next to each other and among different tokens.
  const std::string many = kTokenA + " " + kTokenB + "\n\"" + kTokenA + "\"/" + kTokenC + "," + kTokenA;
  const std::string redacted = redact_tokens(many);
  CHECK(redacted == "123456789:*** 7000000001:***\n\"123456789:***\"/42:***,123456789:***");
  check_no_secret_piece(redacted);
}

TEST_CASE("redact_tokens: 20 secret characters are a token, 19 are not (clock times and ratios stay)") {
  CHECK(redact_tokens("1:" + std::string(20, '-')) == "1:***");
  CHECK(redact_tokens("1:a_b-" + std::string(16, 'z')) == "1:***");
  CHECK(redact_tokens("1:" + std::string(19, 'x')) == "1:" + std::string(19, 'x'));
  CHECK(redact_tokens("at 12:30:45, ratio 3:1") == "at 12:30:45, ratio 3:1");
  CHECK(redact_tokens("") == "");
}

TEST_CASE("redact: every occurrence of the known secret goes, with or without its id") {
  const Token token = Token::parse(kTokenA);
  CHECK(redact(kSecretA, token) == "***");
  CHECK(redact("a " + kSecretA + " b " + kSecretA + kSecretA + " c " + kTokenA, token) ==
        "a *** b ****** c 123456789:***");
  CHECK(redact("nothing here", token) == "nothing here");
  // Another token's secret is not this token's business (redact_tokens is).
  CHECK(redact(kTokenB, token) == kTokenB);
  check_no_secret_piece(redact(redact_tokens("x" + kTokenB + kSecretA + "/" + kTokenC), token));
}

TEST_CASE("Endpoint: a token pasted into the API root is redacted in every printed URL") {
  const Endpoint endpoint("https://proxy.example/bot" + kTokenB + "/", Token::parse(kTokenA));
  CHECK(endpoint.redacted_method_url("getMe") == "https://proxy.example/bot7000000001:***/bot123456789:***/getMe");
  check_no_secret_piece(endpoint.redacted_method_url("sendMessage"));
  // The real one keeps both: libcurl needs it.
  CHECK(endpoint.method_url("getMe") == "https://proxy.example/bot" + kTokenB + "/bot" + kTokenA + "/getMe");
}

TEST_CASE("Endpoint: every complaint about an API root holding a token is redacted") {
  const Token token = Token::parse(kTokenA);
  for (const std::string& root : {"api.telegram.org/bot" + kTokenB,              // no scheme
                                  "https://:8081/bot" + kTokenB,                  // no host
                                  "https:///bot" + kTokenB,                       // no host
                                  "https://h/bot" + kTokenB + "?x=" + kTokenC,   // query
                                  "https://h/bot" + kTokenB + " #" + kTokenC}) {  // space, fragment
    try {
      const Endpoint endpoint(root, token);
      FAIL("accepted an invalid API root");
    } catch (const tgperf::UsageError& e) {
      const std::string message = e.what();
      CHECK(message.find("7000000001:***") != std::string::npos);  // it did quote the root, redacted
      check_no_secret_piece(message);
    }
  }
}

TEST_CASE("result_or_throw: transport errors and error envelopes never carry the secret") {
  const Endpoint endpoint("https://api.telegram.org", Token::parse(kTokenA));
  tgperf::http::Response failed;
  failed.curl_code = 7;
  failed.error = "Failed to connect to /bot" + kTokenA + "/getMe; also " + kSecretA + " and " + kTokenC;
  try {
    result_or_throw(failed, endpoint);
    FAIL("a transport failure was not an error");
  } catch (const NetworkError& e) {
    CHECK(std::string(e.what()) == "Failed to connect to /bot123456789:***/getMe; also *** and 42:***");
    CHECK(e.curl_code() == 7);
  }

  tgperf::http::Response rejected;
  rejected.http_code = 400;
  rejected.body = nlohmann::json{{"ok", false},
                                 {"error_code", 400},
                                 {"description", "Bad Request: " + kSecretA + " is not " + kSecretA}}
                      .dump();
  try {
    result_or_throw(rejected, endpoint);
    FAIL("an error envelope was not an error");
  } catch (const ApiException& e) {
    CHECK(e.error().description == "Bad Request: *** is not ***");
    check_no_secret_piece(e.what());
  }
}
