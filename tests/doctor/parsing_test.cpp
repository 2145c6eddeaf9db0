// The small parsers doctor relies on: the Date header and a URL's host.
#include <catch2/catch.hpp>

#include "tgperf/doctor/http_date.hpp"
#include "tgperf/doctor/url_host.hpp"

using namespace tgperf::doctor;

TEST_CASE("an HTTP Date header is read as unix time") {
  CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);
  CHECK(parse_http_date("Wed, 02 Dec 2026 06:43:43 GMT") == 1796193823);
  CHECK_FALSE(parse_http_date("yesterday"));
  CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT trailing"));
}

TEST_CASE("a URL's host is printed without userinfo, path or query") {
  const auto webhook = parse_url_authority("https://user:pass@bot.example.com:8443/secret-path/abc?x=1");
  REQUIRE(webhook);
  CHECK(webhook->host == "bot.example.com");
  CHECK(webhook->port == 8443);
  CHECK(webhook->scheme == "https");
  const auto v6 = parse_url_authority("HTTP://[::1]:8081/bot");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->scheme == "http");
  CHECK_FALSE(parse_url_authority("api.telegram.org"));
  CHECK_FALSE(parse_url_authority("https://host:99999/"));
  CHECK_FALSE(parse_url_authority(""));
  CHECK(parse_url_authority("https://api.telegram.org")->port == std::nullopt);
}
