#include <catch2/catch.hpp>

#include <string>

#include "tgperf/botapi/envelope.hpp"
#include "tgperf/botapi/types.hpp"

using namespace tgperf::botapi;

TEST_CASE("a success envelope yields its result") {
  const auto e = parse_envelope(R"({"ok":true,"result":{"id":1,"is_bot":true,"first_name":"B"}})", 200);
  REQUIRE(e.ok);
  const auto user = e.result.get<User>();
  CHECK(user.id == 1);
  CHECK(user.is_bot);
  CHECK(user.first_name == "B");
  CHECK_FALSE(user.username);
}

TEST_CASE("an error envelope yields code, description and retry_after") {
  const auto e = parse_envelope(
      R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}})",
      429);
  REQUIRE_FALSE(e.ok);
  CHECK(e.error.error_code == 429);
  CHECK(e.error.description == "Too Many Requests: retry after 7");
  REQUIRE(e.error.retry_after);
  CHECK(e.error.retry_after->count() == 7);
  CHECK(describe(e.error) == "429 Too Many Requests: retry after 7 (retry after 7 s)");
}

TEST_CASE("an error envelope without error_code takes the HTTP status") {
  const auto e = parse_envelope(R"({"ok":false,"description":"Unauthorized"})", 401);
  CHECK(e.error.error_code == 401);
  CHECK_FALSE(e.error.retry_after);
}

TEST_CASE("migrate_to_chat_id is kept") {
  const auto e = parse_envelope(
      R"({"ok":false,"error_code":400,"description":"x","parameters":{"migrate_to_chat_id":-100123}})", 400);
  REQUIRE(e.error.migrate_to_chat_id);
  CHECK(*e.error.migrate_to_chat_id == -100123);
}

TEST_CASE("bodies that are not envelopes are malformed responses") {
  CHECK_THROWS_AS(parse_envelope("<html>502 Bad Gateway</html>", 502), MalformedResponse);
  CHECK_THROWS_AS(parse_envelope("", 200), MalformedResponse);
  CHECK_THROWS_AS(parse_envelope(R"({"result":1})", 200), MalformedResponse);
  CHECK_THROWS_AS(parse_envelope(R"({"ok":true})", 200), MalformedResponse);
  CHECK_THROWS_AS(parse_envelope("[1,2]", 200), MalformedResponse);
}

TEST_CASE("a malformed response message does not quote the body") {
  try {
    parse_envelope("secret-body-text", 502);
    FAIL("accepted a non-JSON body");
  } catch (const MalformedResponse& e) {
    CHECK(std::string(e.what()).find("secret-body-text") == std::string::npos);
    CHECK(std::string(e.what()).find("502") != std::string::npos);
  }
}

TEST_CASE("a retry_after outside 0..86400 s is ignored, so no bot waits forever or overflows a Duration") {
  // 9223372036854775807 s used to be kept; the bot core converts it to nanoseconds (undefined
  // behaviour) and would wait ~292 years.
  for (const char* retry : {"9223372036854775807", "18446744073709551615", "86401", "-5", "1.5", "\"7\""}) {
    INFO(retry);
    const auto e = parse_envelope(std::string(R"({"ok":false,"error_code":429,"parameters":{"retry_after":)") +
                                      retry + "}}",
                                  429);
    CHECK(e.error.error_code == 429);
    CHECK_FALSE(e.error.retry_after);
  }
  const auto day = parse_envelope(R"({"ok":false,"error_code":429,"parameters":{"retry_after":86400}})", 429);
  REQUIRE(day.error.retry_after);
  CHECK(day.error.retry_after->count() == 86400);
  const auto zero = parse_envelope(R"({"ok":false,"error_code":429,"parameters":{"retry_after":0}})", 429);
  REQUIRE(zero.error.retry_after);
  CHECK(zero.error.retry_after->count() == 0);
}

TEST_CASE("an error_code that is not an int-sized integer gives way to the HTTP status") {
  for (const char* code : {"4294967696", "-9223372036854775808", "18446744073709551615", "429.0", "\"429\""}) {
    INFO(code);
    const auto e = parse_envelope(std::string(R"({"ok":false,"error_code":)") + code + "}", 502);
    CHECK(e.error.error_code == 502);
  }
  CHECK(parse_envelope(R"({"ok":false,"error_code":-1})", 502).error.error_code == -1);
}

TEST_CASE("a discarded result is checked but not built") {
  const auto e = parse_envelope(R"({"ok":true,"result":{"message_id":7,"chat":{"id":1,"type":"private"}}})", 200,
                                ResultUse::discard);
  CHECK(e.ok);
  CHECK(e.result.is_null());
  // The last "ok" counts, as it does in the tree.
  CHECK(parse_envelope(R"({"ok":false,"ok":true,"result":[]})", 200, ResultUse::discard).ok);
  CHECK_FALSE(parse_envelope(R"({"ok":true,"ok":false,"error_code":400,"result":1})", 400, ResultUse::discard).ok);
}

TEST_CASE("a discarded result still needs a whole, well-formed envelope") {
  for (const char* body : {R"({"ok":true,"result":{"text":"unterminated})", R"({"ok":true,"result":1} trailing)",
                           R"({"ok":true})", R"({"ok":"true","result":1})", R"([{"ok":true,"result":1}])",
                           R"({"inner":{"ok":true,"result":1}})", ""}) {
    CAPTURE(body);
    CHECK_THROWS_AS(parse_envelope(body, 200, ResultUse::discard), MalformedResponse);
  }
}

TEST_CASE("an error envelope reads the same whether the result would be kept or discarded") {
  const char* body = R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3",)"
                     R"("parameters":{"retry_after":3}})";
  const auto kept = parse_envelope(body, 429);
  const auto discarded = parse_envelope(body, 429, ResultUse::discard);
  CHECK_FALSE(discarded.ok);
  CHECK(discarded.error.error_code == kept.error.error_code);
  CHECK(discarded.error.description == kept.error.description);
  CHECK(discarded.error.retry_after == kept.error.retry_after);
}
