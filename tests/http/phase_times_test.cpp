#include <catch2/catch.hpp>

#include "tgperf/http/phase_times.hpp"

using tgperf::http::derive_phases;
using tgperf::http::Micros;
using tgperf::http::PhaseTimes;

namespace {

PhaseTimes cold_https() {
  PhaseTimes t;
  t.namelookup = Micros(4000);
  t.connect = Micros(41000);
  t.appconnect = Micros(119000);
  t.pretransfer = Micros(119500);
  t.starttransfer = Micros(156000);
  t.total = Micros(156300);
  t.num_connects = 1;
  return t;
}

}  // namespace

TEST_CASE("a cold HTTPS request has every phase, as differences of libcurl's instants") {
  const auto p = derive_phases(cold_https());
  CHECK_FALSE(p.reused);
  REQUIRE(p.dns);
  REQUIRE(p.tcp);
  REQUIRE(p.tls);
  REQUIRE(p.server);
  REQUIRE(p.transfer);
  CHECK(p.dns->count() == 4000);
  CHECK(p.tcp->count() == 37000);
  CHECK(p.tls->count() == 78000);
  CHECK(p.server->count() == 36500);
  CHECK(p.transfer->count() == 300);
}

TEST_CASE("plain HTTP has no TLS phase") {
  auto t = cold_https();
  t.appconnect = Micros(0);
  t.pretransfer = Micros(41200);
  const auto p = derive_phases(t);
  CHECK_FALSE(p.tls);
  REQUIRE(p.tcp);
  REQUIRE(p.server);
  CHECK(p.server->count() == 156000 - 41200);
}

TEST_CASE("a reused connection has no DNS, TCP or TLS phase and nothing negative") {
  // What libcurl 7.88 reports on reuse: connect and appconnect 0, namelookup a few microseconds.
  PhaseTimes t;
  t.namelookup = Micros(20);
  t.pretransfer = Micros(60);
  t.starttransfer = Micros(30000);
  t.total = Micros(30100);
  t.num_connects = 0;
  const auto p = derive_phases(t);
  CHECK(p.reused);
  CHECK_FALSE(p.dns);
  CHECK_FALSE(p.tcp);
  CHECK_FALSE(p.tls);
  REQUIRE(p.server);
  CHECK(p.server->count() == 29940);
  REQUIRE(p.transfer);
  CHECK(p.transfer->count() == 100);
}

TEST_CASE("a transfer that failed before any answer has no server or transfer phase") {
  PhaseTimes t;  // e.g. connection refused: only the lookup happened
  t.namelookup = Micros(30);
  t.total = Micros(200);
  t.num_connects = 1;
  const auto p = derive_phases(t);
  CHECK_FALSE(p.tcp);
  CHECK_FALSE(p.server);
  CHECK_FALSE(p.transfer);
}

TEST_CASE("out-of-order instants never yield a negative phase") {
  auto t = cold_https();
  t.pretransfer = Micros(200000);  // after starttransfer: nonsense, must not go negative
  const auto p = derive_phases(t);
  CHECK_FALSE(p.server);
  for (const auto& phase : {p.dns, p.tcp, p.tls, p.server, p.transfer}) {
    if (phase) CHECK(phase->count() >= 0);
  }
}

TEST_CASE("a transfer that never connected is not mistaken for a reused connection") {
  PhaseTimes t;  // a malformed URL or a DNS failure: nothing but the total
  t.total = Micros(50);
  t.num_connects = 0;
  const auto p = derive_phases(t);
  CHECK_FALSE(p.reused);
  CHECK_FALSE(p.tcp);
}

TEST_CASE("a zero-length transfer phase (the whole answer in the first bytes) is present and zero") {
  // A small answer arrives in the segment that carries its first byte: libcurl reports total ==
  // starttransfer. The transfer phase happened and took no time; it is 0, not absent.
  auto t = cold_https();
  t.total = t.starttransfer;
  const auto p = derive_phases(t);
  REQUIRE(p.transfer);
  CHECK(p.transfer->count() == 0);
  REQUIRE(p.server);
  CHECK(p.server->count() == 36500);
  // The same on a reused connection.
  PhaseTimes reused;
  reused.namelookup = Micros(20);
  reused.pretransfer = Micros(60);
  reused.starttransfer = Micros(30000);
  reused.total = Micros(30000);
  const auto r = derive_phases(reused);
  CHECK(r.reused);
  REQUIRE(r.transfer);
  CHECK(r.transfer->count() == 0);
  // And a zero-length server phase (first byte the instant the request was sent) is zero too.
  auto instant = cold_https();
  instant.starttransfer = instant.pretransfer;
  instant.total = instant.pretransfer;
  const auto i = derive_phases(instant);
  REQUIRE(i.server);
  CHECK(i.server->count() == 0);
  REQUIRE(i.transfer);
  CHECK(i.transfer->count() == 0);
}
