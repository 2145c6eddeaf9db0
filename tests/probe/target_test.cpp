#include <catch2/catch.hpp>
#include <sys/socket.h>

#include <string_view>

#include "tgperf/core/usage_error.hpp"
#include "tgperf/probe/target.hpp"

using tgperf::UsageError;
using namespace tgperf::probe;

TEST_CASE("target: name without port takes the default 443", "[target]") {
  const auto t = parse_target("api.telegram.org", std::nullopt);
  CHECK(t.host == "api.telegram.org");
  CHECK(t.port == 443);
}

TEST_CASE("target: name and IPv4 with port", "[target]") {
  CHECK(parse_target("example.org:8443", std::nullopt).port == 8443);
  const auto t = parse_target("127.0.0.1:9", std::nullopt);
  CHECK(t.host == "127.0.0.1");
  CHECK(t.port == 9);
}

TEST_CASE("target: IPv6 literal with and without brackets", "[target]") {
  const auto bare = parse_target("::1", std::nullopt);
  CHECK(bare.host == "::1");
  CHECK(bare.port == 443);
  const auto bracketed = parse_target("[2001:db8::1]:8081", std::nullopt);
  CHECK(bracketed.host == "2001:db8::1");
  CHECK(bracketed.port == 8081);
  CHECK(parse_target("[::1]", std::nullopt).port == 443);
}

TEST_CASE("target: an unbracketed IPv6 address whose last group could be a port is refused", "[target]") {
  // "::1:443" is ::0.1.4.67 and just as well ::1 port 443: brackets settle it, a guess does not.
  CHECK_THROWS_WITH(parse_target("::1:443", std::nullopt), Catch::Contains("write [::1]:443 for a port, or [::1:443]"));
  CHECK_THROWS_AS(parse_target("2001:db8::1:8443", std::nullopt), UsageError);
  CHECK(parse_target("[::1:443]", std::nullopt).host == "::1:443");
  CHECK(parse_target("[::1]:443", std::nullopt).host == "::1");
  // No reading as ADDRESS:PORT exists for these: accepted as they are.
  CHECK(parse_target("fe80::1", std::nullopt).host == "fe80::1");
  CHECK(parse_target("2001:db8:0:0:0:0:0:1", std::nullopt).host == "2001:db8:0:0:0:0:0:1");
  CHECK(parse_target("::ffff:127.0.0.1", std::nullopt).host == "::ffff:127.0.0.1");
}

TEST_CASE("target: -p overrides the port in the text", "[target]") {
  CHECK(parse_target("127.0.0.1:9", 80L).port == 80);
  CHECK(parse_target("[::1]:9", 22L).port == 22);
}

TEST_CASE("target: bad forms are usage errors", "[target]") {
  for (const char* bad : {"", ":80", "[]:80", "[::1", "[::1]80", "[::1]:", "host:", "host:abc", "host:0",
                          "host:65536", "host:-1", "[example.org]:80", "a:b:c"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_target(bad, std::nullopt), UsageError);
  }
  CHECK_THROWS_AS(parse_target("host", 0L), UsageError);
  CHECK_THROWS_AS(parse_target("host", 70000L), UsageError);
}

TEST_CASE("target: a NUL byte inside the text is a usage error, not a shorter host", "[target]") {
  // "::" before the NUL is a valid IPv6 literal; the whole text is not (fuzzer finding).
  using namespace std::string_view_literals;
  CHECK_THROWS_AS(parse_target("::\0\0" "1::$08]81"sv, std::nullopt), UsageError);
  CHECK_THROWS_AS(parse_target("[::1\0x]:80"sv, std::nullopt), UsageError);
  CHECK_THROWS_AS(parse_target("example.org\0evil:80"sv, std::nullopt), UsageError);
}

TEST_CASE("target: resolve literals, honour -4/-6", "[target]") {
  const auto v4 = resolve_target(parse_target("127.0.0.1:9", std::nullopt), AddressFamily::any);
  CHECK(v4.family == AF_INET);
  CHECK(v4.address == "127.0.0.1");
  CHECK(endpoint_text(v4) == "127.0.0.1:9");
  const auto v6 = resolve_target(parse_target("[::1]:9", std::nullopt), AddressFamily::ipv6);
  CHECK(v6.family == AF_INET6);
  CHECK(endpoint_text(v6) == "[::1]:9");
  CHECK_THROWS_AS(resolve_target(parse_target("::1", std::nullopt), AddressFamily::ipv4), UsageError);
  CHECK_THROWS_AS(resolve_target(parse_target("127.0.0.1", std::nullopt), AddressFamily::ipv6), UsageError);
}

TEST_CASE("target: an unresolvable name is a usage error naming it", "[target]") {
  try {
    resolve_target(parse_target("no-such-host.invalid", std::nullopt), AddressFamily::any);
    FAIL("resolved");
  } catch (const UsageError& e) {
    CHECK(std::string(e.what()).starts_with("cannot resolve 'no-such-host.invalid': "));
  }
}
