#include "tgperf/core/whole_number.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

#include "tgperf/core/usage_error.hpp"

using tgperf::parse_signed_whole_number;
using tgperf::parse_unsigned_whole_number;

TEST_CASE("whole numbers: the range's ends parse, one past them is refused with the flag's name") {
  CHECK(parse_unsigned_whole_number("0", "--seed") == 0);
  CHECK(parse_unsigned_whole_number("18446744073709551615", "--seed") == std::numeric_limits<std::uint64_t>::max());
  CHECK_THROWS_WITH(parse_unsigned_whole_number("18446744073709551616", "--seed"),
                    Catch::Contains("--seed") && Catch::Contains("out of range"));
  CHECK(parse_signed_whole_number("-9223372036854775808", "-n") == std::numeric_limits<std::int64_t>::min());
  CHECK(parse_signed_whole_number("9223372036854775807", "-n") == std::numeric_limits<std::int64_t>::max());
  CHECK_THROWS_AS(parse_signed_whole_number("9223372036854775808", "-n"), tgperf::UsageError);
}

TEST_CASE("whole numbers: a sign, a space or a fraction is not wrapped or trimmed") {
  CHECK_THROWS_WITH(parse_unsigned_whole_number("-1", "--seed"), Catch::Contains("negative"));
  CHECK_THROWS_AS(parse_unsigned_whole_number("+1", "--seed"), tgperf::UsageError);
  CHECK_THROWS_AS(parse_unsigned_whole_number(" 1", "--seed"), tgperf::UsageError);
  CHECK_THROWS_AS(parse_unsigned_whole_number("1.5", "--seed"), tgperf::UsageError);
  CHECK_THROWS_AS(parse_unsigned_whole_number("", "--seed"), tgperf::UsageError);
  CHECK_THROWS_AS(parse_signed_whole_number("-", "-n"), tgperf::UsageError);
  CHECK(parse_signed_whole_number("-1", "-n") == -1);
}
