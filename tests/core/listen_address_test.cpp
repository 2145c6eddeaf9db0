// One syntax for every --listen (serve, exporter) and echo-bot --webhook.
#include <catch2/catch.hpp>

#include "tgperf/core/listen_address.hpp"
#include "tgperf/core/usage_error.hpp"

using tgperf::parse_listen_address;

TEST_CASE("listen address: HOST:PORT, [IPV6]:PORT, :PORT and PORT", "[listen]") {
  const auto full = parse_listen_address("0.0.0.0:8081", "--listen", 8081);
  CHECK(full.host == "0.0.0.0");
  CHECK(full.port == 8081);
  const auto v6 = parse_listen_address("[::1]:0", "--listen", 8081);
  CHECK(v6.host == "::1");
  CHECK(v6.port == 0);
  CHECK(parse_listen_address(":9115", "--listen", 9115).host == "127.0.0.1");  // loopback unless asked
  CHECK(parse_listen_address("9115", "--listen", 9115).port == 9115);
  CHECK(parse_listen_address("localhost:1", "--listen", 1).host == "127.0.0.1");
}

TEST_CASE("listen address: what is refused, and the words", "[listen]") {
  using Catch::Contains;
  CHECK_THROWS_WITH(parse_listen_address("::1:8081", "--listen", 8081),
                    Contains("--listen '::1:8081': put an IPv6 address in brackets, e.g. [::1]:8081"));
  CHECK_THROWS_WITH(parse_listen_address("127.0.0.1", "--webhook", 8443), Contains("expected HOST:PORT"));
  CHECK_THROWS_WITH(parse_listen_address("example.org:80", "--listen", 80), Contains("'example.org' is not an IP address"));
  CHECK_THROWS_WITH(parse_listen_address("127.0.0.1:65536", "--listen", 80), Contains("from 0 to 65535"));
  CHECK_THROWS_WITH(parse_listen_address("127.0.0.1:-1", "--listen", 80), Contains("from 0 to 65535"));
  CHECK_THROWS_WITH(parse_listen_address("[::1]", "--listen", 80), Contains("expected [ADDRESS]:PORT"));
  CHECK_THROWS_AS(parse_listen_address("", "--listen", 80), tgperf::UsageError);
  CHECK_THROWS_AS(parse_listen_address(std::string_view("127.0.0.1\0x:1", 13), "--listen", 80), tgperf::UsageError);
}
