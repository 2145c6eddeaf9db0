// Rates keep their significant digits: 5 replies in 600 s is not "0.0 replies/s".
#include <catch2/catch.hpp>

#include <cmath>

#include "tgperf/core/significant_digits.hpp"

using tgperf::with_significant_digits;

TEST_CASE("small values keep three significant digits instead of rounding to zero") {
  CHECK(with_significant_digits(5.0 / 600.0) == "0.00833");
  CHECK(with_significant_digits(0.04) == "0.0400");
  CHECK(with_significant_digits(1.5) == "1.50");
  CHECK(with_significant_digits(42.123) == "42.1");
}

TEST_CASE("large values keep every integer digit, never scientific notation") {
  CHECK(with_significant_digits(12345.6) == "12346");
  CHECK(with_significant_digits(999.7) == "1000");
  CHECK(with_significant_digits(100) == "100");
}

TEST_CASE("rounding up to the next power of ten does not add a digit") {
  CHECK(with_significant_digits(9.996) == "10.0");
  CHECK(with_significant_digits(0.09999) == "0.100");
}

TEST_CASE("zero, negatives and non-finite values") {
  CHECK(with_significant_digits(0) == "0");
  CHECK(with_significant_digits(-0.5) == "-0.500");
  CHECK(with_significant_digits(INFINITY) == "inf");
}
