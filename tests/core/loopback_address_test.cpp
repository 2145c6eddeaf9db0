// Loopback is the whole 127.0.0.0/8, ::1 and IPv4-mapped 127/8: ping's interval floor and serve's
// exposure warning spare exactly these.
#include <catch2/catch.hpp>

#include "tgperf/core/loopback_address.hpp"

using tgperf::is_loopback_address;

TEST_CASE("loopback: all of 127.0.0.0/8, ::1 and mapped 127/8; nothing else", "[loopback]") {
  for (const char* address : {"127.0.0.1", "127.0.0.2", "127.255.255.254", "127.1.2.3", "::1", "::ffff:127.0.0.9"}) {
    CAPTURE(address);
    CHECK(is_loopback_address(address));
  }
  for (const char* address : {"128.0.0.1", "126.255.255.255", "10.0.0.1", "0.0.0.0", "::", "::2", "::ffff:10.0.0.1",
                              "localhost", "", "127.0.0.1.example"}) {
    CAPTURE(address);
    CHECK_FALSE(is_loopback_address(address));
  }
}
