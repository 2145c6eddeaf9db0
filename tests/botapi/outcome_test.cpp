// botapi::interpret over every shape an answer can take (no answer, a body that is no envelope, an
// error envelope with and without its parameters, a success), the redaction it does once for all
// consumers, take_result's shape check, and the exceptions the blocking style throws on top.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "tgperf/botapi/endpoint.hpp"
#include "tgperf/botapi/errors.hpp"
#include "tgperf/botapi/outcome.hpp"
#include "tgperf/botapi/token.hpp"
#include "tgperf/botapi/types.hpp"
#include "tgperf/http/response.hpp"

namespace tgperf::test {
namespace {

using botapi::Outcome;

const std::string kToken = "123456789:AAE-x_Yz9q2LmN-oPqR_sTuVwXyZ01-2_3";

const botapi::Endpoint& endpoint() {
  static const botapi::Endpoint e("https://api.telegram.org", botapi::Token::parse(kToken));
  return e;
}

http::Response answer(long status, std::string body) {
  http::Response r;
  r.http_code = status;
  r.body = std::move(body);
  return r;
}

Outcome interpret(const http::Response& r) { return botapi::interpret(r, endpoint()); }

}  // namespace

TEST_CASE("interpret: a success envelope is ok with its result", "[outcome]") {
  const Outcome o = interpret(answer(200, R"({"ok":true,"result":{"id":7,"is_bot":true,"first_name":"b"}})"));
  REQUIRE(o.ok());
  CHECK(o.result.at("id") == 7);
  CHECK(o.http_code == 200);
  CHECK(o.description.empty());
  CHECK_FALSE(o.unanswered());
}

TEST_CASE("interpret: an error envelope is an api_error with code, description and retry_after", "[outcome]") {
  const Outcome o = interpret(answer(
      429, R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5","parameters":{"retry_after":5}})"));
  REQUIRE(o.kind == Outcome::Kind::api_error);
  CHECK(o.error.error_code == 429);
  CHECK(o.error.description == "Too Many Requests: retry after 5");
  REQUIRE(o.error.retry_after);
  CHECK(*o.error.retry_after == std::chrono::seconds(5));
  CHECK(o.description == "429 Too Many Requests: retry after 5 (retry after 5 s)");
  CHECK(o.http_code == 429);
  CHECK_FALSE(o.unanswered());
}

TEST_CASE("interpret: an error envelope without parameters or error_code takes the HTTP status", "[outcome]") {
  const Outcome o = interpret(answer(403, R"({"ok":false,"description":"Forbidden: bot was blocked by the user"})"));
  REQUIRE(o.kind == Outcome::Kind::api_error);
  CHECK(o.error.error_code == 403);
  CHECK_FALSE(o.error.retry_after);
  CHECK(o.description == "403 Forbidden: bot was blocked by the user");
}

TEST_CASE("interpret: a 400 after a group migration carries migrate_to_chat_id", "[outcome]") {
  const Outcome o = interpret(answer(
      400, R"({"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1001234}})"));
  REQUIRE(o.kind == Outcome::Kind::api_error);
  REQUIRE(o.error.migrate_to_chat_id);
  CHECK(*o.error.migrate_to_chat_id == -1001234);
}

TEST_CASE("interpret: bodies that are no envelope are malformed, described without quoting them", "[outcome]") {
  struct Case {
    long status;
    std::string body;
    std::string description;
  };
  const std::vector<Case> cases = {
      {502, "", "HTTP 502 with an empty body, not a Bot API answer"},
      {502, "<html>Bad Gateway</html>", "HTTP 502 with a body that is not JSON, not a Bot API answer"},
      {200, R"({"result":[]})", "HTTP 200 with JSON that is not a Bot API envelope (no boolean \"ok\")"},
      {200, R"({"ok":"yes"})", "HTTP 200 with JSON that is not a Bot API envelope (no boolean \"ok\")"},
      {200, R"([1,2])", "HTTP 200 with JSON that is not a Bot API envelope (no boolean \"ok\")"},
      {200, R"({"ok":true})", "HTTP 200: \"ok\":true without a \"result\""},
  };
  for (const auto& c : cases) {
    INFO(c.body);
    const Outcome o = interpret(answer(c.status, c.body));
    REQUIRE(o.kind == Outcome::Kind::malformed);
    CHECK(o.description == c.description);
    CHECK(o.http_code == c.status);
    CHECK(o.curl_code == 0);
    CHECK(o.unanswered());
  }
}

TEST_CASE("interpret: no answer is a transport_error with libcurl's code, its message redacted", "[outcome]") {
  http::Response failed;
  failed.curl_code = 7;
  failed.error = "Failed to connect to /bot" + kToken + "/getMe via http://user:secret@proxy:3128";
  failed.body = R"({"ok":true,"result":true})";  // never judged without a transfer
  const Outcome o = interpret(failed);
  REQUIRE(o.kind == Outcome::Kind::transport_error);
  CHECK(o.curl_code == 7);
  CHECK(o.http_code == 0);
  CHECK(o.description.find("AAE-x_Yz9q2") == std::string::npos);
  CHECK(o.description.find("secret") == std::string::npos);
  CHECK(o.description.find("123456789:***") != std::string::npos);
  CHECK(o.unanswered());
}

TEST_CASE("interpret: the token in an error envelope's description is redacted", "[outcome]") {
  const Outcome o = interpret(answer(
      400, nlohmann::json{{"ok", false}, {"error_code", 400}, {"description", "Bad Request: " + kToken}}.dump()));
  REQUIRE(o.kind == Outcome::Kind::api_error);
  CHECK(o.error.description == "Bad Request: 123456789:***");
  CHECK(o.description == "400 Bad Request: 123456789:***");
}

TEST_CASE("take_result: the expected shape is the value, another shape makes the outcome malformed", "[outcome]") {
  Outcome updates = interpret(answer(200, R"({"ok":true,"result":[{"update_id":3}]})"));
  const auto list = botapi::take_result<std::vector<botapi::Update>>(updates);
  REQUIRE(list);
  CHECK(list->size() == 1);
  CHECK(updates.ok());

  Outcome wrong = interpret(answer(200, R"({"ok":true,"result":"not a list"})"));
  CHECK_FALSE(botapi::take_result<std::vector<botapi::Update>>(wrong));
  CHECK(wrong.kind == Outcome::Kind::malformed);
  CHECK(wrong.description == "HTTP 200: the result does not have the expected shape");
  CHECK(wrong.unanswered());

  Outcome failed = interpret(answer(401, R"({"ok":false,"error_code":401,"description":"Unauthorized"})"));
  CHECK_FALSE(botapi::take_result<bool>(failed));
  CHECK(failed.kind == Outcome::Kind::api_error);  // a failure stays what it was
}

TEST_CASE("result_or_throw: each failed outcome becomes its typed exception", "[outcome]") {
  CHECK(botapi::result_or_throw(interpret(answer(200, R"({"ok":true,"result":true})"))) == true);
  try {
    botapi::result_or_throw(interpret(answer(
        429, R"({"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":2}})")));
    FAIL("an error envelope did not throw");
  } catch (const botapi::ApiException& e) {
    CHECK(e.error().error_code == 429);
    CHECK(e.error().retry_after == std::chrono::seconds(2));
    CHECK(std::string(e.what()) == "429 Too Many Requests (retry after 2 s)");
  }
  try {
    botapi::result_or_throw(interpret(answer(502, "<html></html>")));
    FAIL("a malformed answer did not throw");
  } catch (const botapi::NetworkError& e) {
    CHECK(e.curl_code() == 0);
    CHECK(e.http_code() == 502);
  }
  http::Response refused;
  refused.curl_code = 7;
  refused.error = "Failed to connect";
  try {
    botapi::result_or_throw(interpret(refused));
    FAIL("a transport failure did not throw");
  } catch (const botapi::NetworkError& e) {
    CHECK(e.curl_code() == 7);
    CHECK(std::string(e.what()) == "Failed to connect");
  }
  CHECK_THROWS_AS(botapi::result_or_throw(Outcome::cancelled_call()), botapi::Cancelled);
}

}  // namespace tgperf::test
