#include <catch2/catch.hpp>

#include "tgperf/core/duration.hpp"
#include "tgperf/core/usage_error.hpp"

using namespace std::chrono_literals;
using tgperf::parse_duration;
using tgperf::parse_positive_duration;

TEST_CASE("a bare number is seconds, as in ping") {
  CHECK(parse_duration("2") == 2s);
  CHECK(parse_duration("0.5") == 500ms);
  CHECK(parse_duration("1.5") == 1500ms);
}

TEST_CASE("units from nanoseconds to hours are understood") {
  CHECK(parse_duration("250ms") == 250ms);
  CHECK(parse_duration("1.5s") == 1500ms);
  CHECK(parse_duration("100us") == 100us);
  CHECK(parse_duration("7ns") == 7ns);
  CHECK(parse_duration("2m") == 120s);
  CHECK(parse_duration("1h") == 3600s);
  CHECK(parse_duration("0") == 0s);
}

TEST_CASE("malformed, negative or absurd durations are usage errors naming the input") {
  for (const char* bad : {"", "ms", "abc", "-1", "-5ms", "1x", "1 s", "1.2.3", "nan", "inf", "1e30",
                          "s1", "5sec"}) {
    INFO("input: '" << bad << "'");
    CHECK_THROWS_AS(parse_duration(bad), tgperf::UsageError);
  }
  CHECK_THROWS_WITH(parse_duration("3parsecs"), Catch::Contains("'3parsecs'"));
}

TEST_CASE("a positive duration rejects zero") {
  CHECK_THROWS_AS(parse_positive_duration("0"), tgperf::UsageError);
  CHECK_THROWS_AS(parse_positive_duration("0ms"), tgperf::UsageError);
  CHECK(parse_positive_duration("1us") == 1us);
}

TEST_CASE("durations convert to milliseconds and seconds for reports") {
  CHECK(tgperf::to_ms(1500us) == Approx(1.5));
  CHECK(tgperf::to_seconds(250ms) == Approx(0.25));
  CHECK(tgperf::format_duration(250ms) == "250ms");
  CHECK(tgperf::format_duration(1500ms) == "1.5s");
  CHECK(tgperf::format_duration(850us) == "850us");
  // From a minute up, the largest whole unit: never "2.6784e+06s" for 31 days.
  CHECK(tgperf::format_duration(90s) == "90s");
  CHECK(tgperf::format_duration(600s) == "10m");
  CHECK(tgperf::format_duration(1h) == "1h");
  CHECK(tgperf::format_duration(24h) == "1d");
  CHECK(tgperf::format_duration(std::chrono::seconds(2'678'400)) == "31d");
  CHECK(tgperf::format_duration(std::chrono::seconds(86'400 + 1)) == "86401s");
  CHECK(tgperf::format_duration(std::chrono::seconds(123'456'789)) == "1428.89d");
  CHECK(tgperf::parse_duration("31d") == std::chrono::seconds(2'678'400));
}
