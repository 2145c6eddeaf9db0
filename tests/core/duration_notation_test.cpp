// Scientific notation in durations: what format_duration prints for large values must parse back,
// and a number beyond double's range is refused as out of range, not as an unknown unit.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <string>

#include "tgperf/core/duration.hpp"
#include "tgperf/core/usage_error.hpp"

using namespace std::chrono_literals;
using tgperf::parse_duration;

TEST_CASE("durations in scientific notation are understood") {
  CHECK(parse_duration("1e3") == 1000s);
  CHECK(parse_duration("1.5e3ms") == 1500ms);
  CHECK(parse_duration("2e-3s") == 2ms);
  CHECK(parse_duration("1e+06s") == std::chrono::seconds(1'000'000));
}

TEST_CASE("what format_duration prints for large durations parses back") {
  for (const tgperf::Duration d : {tgperf::Duration(std::chrono::seconds(1'000'000)),
                                   tgperf::Duration(std::chrono::seconds(123'456'789)),
                                   tgperf::Duration(1'000'000'000'000'000'000LL)}) {
    const std::string text = tgperf::format_duration(d);
    INFO(text);
    const auto back = parse_duration(text);
    CHECK(std::abs(static_cast<double>(back.count() - d.count())) <= static_cast<double>(d.count()) * 1e-5);
  }
}

TEST_CASE("numbers out of double's range are out of range, not an unknown unit") {
  CHECK_THROWS_WITH(parse_duration("1e999s"), Catch::Contains("out of range"));
  CHECK_THROWS_WITH(parse_duration("1e999"), Catch::Contains("out of range"));
  CHECK_THROWS_AS(parse_duration("1e30"), tgperf::UsageError);  // in range of double, too large a duration
  CHECK_THROWS_AS(parse_duration("e3"), tgperf::UsageError);
}
