#include <catch2/catch.hpp>

#include <vector>

#include "tgperf/probe/syn_retransmission.hpp"

using tgperf::probe::find_syn_retransmissions;

TEST_CASE("SYN retransmission: probes about 1 s above the fastest are counted", "[syn]") {
  const std::vector<double> rtts = {40.1, 41.0, 1041.2, 42.3, 1043.0};
  const auto found = find_syn_retransmissions(rtts);
  REQUIRE(found);
  CHECK(found->base_ms == Approx(40.1));
  CHECK(found->plus_1s == 2);
  CHECK(found->plus_3s == 0);
  CHECK(found->connected == 5);
}

TEST_CASE("SYN retransmission: about 3 s above the fastest is the second retransmission", "[syn]") {
  const std::vector<double> rtts = {0.05, 0.06, 3000.2};
  const auto found = find_syn_retransmissions(rtts);
  REQUIRE(found);
  CHECK(found->plus_1s == 0);
  CHECK(found->plus_3s == 1);
}

TEST_CASE("SYN retransmission: a slow or jittery path without the offsets is not noted", "[syn]") {
  CHECK_FALSE(find_syn_retransmissions(std::vector<double>{40.0, 45.0, 300.0, 700.0}));
  CHECK_FALSE(find_syn_retransmissions(std::vector<double>{}));
  // Every probe retransmitted: there is no fastest path to measure the offset from.
  CHECK_FALSE(find_syn_retransmissions(std::vector<double>{1040.0, 1041.0, 1042.0}));
}
