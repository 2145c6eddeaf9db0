#include <catch2/catch.hpp>

#include <vector>

#include "tgperf/stats/summary.hpp"

using tgperf::stats::summarize;

TEST_CASE("no samples give no summary rather than made-up zeros") {
  CHECK_FALSE(summarize({}).has_value());
}

TEST_CASE("one sample is its own min, max and every percentile, with no spread") {
  const std::vector<double> one{12.5};
  const auto s = summarize(one);
  REQUIRE(s);
  CHECK(s->count == 1);
  CHECK(s->min == 12.5);
  CHECK(s->max == 12.5);
  CHECK(s->avg == 12.5);
  CHECK(s->p50 == 12.5);
  CHECK(s->p99 == 12.5);
  CHECK(s->mdev == 0.0);
  CHECK(s->jitter == 0.0);
}

TEST_CASE("summary matches a hand-computed vector") {
  // Arrival order matters for jitter: |30-10| + |20-30| + |40-20| = 50 over 3 steps.
  const std::vector<double> rtts{10, 30, 20, 40};
  const auto s = summarize(rtts);
  REQUIRE(s);
  CHECK(s->min == 10);
  CHECK(s->max == 40);
  CHECK(s->avg == Approx(25));
  // Population standard deviation: sqrt((225 + 25 + 25 + 225) / 4) = sqrt(125).
  CHECK(s->mdev == Approx(11.180339887));
  // Sorted 10 20 30 40: p50 at rank 1.5 -> 25; p90 at rank 2.7 -> 37; p99 at 2.97 -> 39.7.
  CHECK(s->p50 == Approx(25));
  CHECK(s->p90 == Approx(37));
  CHECK(s->p99 == Approx(39.7));
  CHECK(s->jitter == Approx(50.0 / 3.0));
}

TEST_CASE("identical samples have zero deviation and zero jitter") {
  const std::vector<double> flat(10, 7.0);
  const auto s = summarize(flat);
  REQUIRE(s);
  CHECK(s->mdev == Approx(0.0));
  CHECK(s->jitter == 0.0);
  CHECK(s->p90 == 7.0);
}
