#include <catch2/catch.hpp>

#include "tgperf/core/duration_flag.hpp"
#include "tgperf/core/usage_error.hpp"

using namespace std::chrono_literals;
using tgperf::DurationFlag;
using tgperf::duration_flag_warning;
using tgperf::parse_duration_flag;

namespace {
constexpr DurationFlag kLatency{"--latency", 24h, 60s, false, false};
constexpr DurationFlag kTimeout{"-W", 10min, std::nullopt, true, true};
}  // namespace

TEST_CASE("a latency flag wants a unit: a bare 20 would be 20 seconds") {
  CHECK_THROWS_WITH(parse_duration_flag("20", kLatency), Catch::Contains("--latency '20' needs a unit"));
  CHECK_THROWS_WITH(parse_duration_flag("1.5", kLatency), Catch::Contains("needs a unit"));
  CHECK(parse_duration_flag("20ms", kLatency) == 20ms);
  CHECK(parse_duration_flag("0", kLatency) == 0ms);  // zero needs no unit
}

TEST_CASE("a flag whose convention is seconds takes a bare number") {
  CHECK(parse_duration_flag("2", kTimeout) == 2s);
}

TEST_CASE("a duration above the flag's ceiling is refused, naming the flag and the ceiling") {
  CHECK_THROWS_WITH(parse_duration_flag("11m", kTimeout), Catch::Contains("-W '11m' is too long: at most 10m"));
  CHECK_THROWS_WITH(parse_duration_flag("25h", kLatency), Catch::Contains("--latency"));
  CHECK(parse_duration_flag("10m", kTimeout) == 10min);
}

TEST_CASE("syntax errors keep parse_duration's words and gain the flag's name") {
  CHECK_THROWS_WITH(parse_duration_flag("5parsecs", kLatency), Catch::Contains("--latency") && Catch::Contains("parsecs"));
  CHECK_THROWS_WITH(parse_duration_flag("0", kTimeout), Catch::Contains("-W") && Catch::Contains("greater than zero"));
}

TEST_CASE("a legal but implausible latency is warned about") {
  CHECK(duration_flag_warning(1h, kLatency).value_or("").find("--latency 1h is longer than 1m") != std::string::npos);
  CHECK_FALSE(duration_flag_warning(60s, kLatency));
  CHECK_FALSE(duration_flag_warning(1h, kTimeout));  // no plausible bound: no warning
}
