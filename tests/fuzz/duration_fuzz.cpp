// Fuzzes parse_duration / parse_positive_duration / format_duration (core/duration.hpp).
//
// Properties, besides no crash and no sanitizer report:
// - parsing either returns a non-negative duration (at most the documented 1e18 ns) or throws
//   UsageError, never anything else;
// - parse_positive_duration agrees with parse_duration, minus zero;
// - format_duration's text parses back (it is what reports print, and users copy it into flags)
//   to the same duration within format's six significant digits.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "tgperf/core/duration.hpp"
#include "tgperf/core/usage_error.hpp"

namespace {

void check_round_trip(tgperf::Duration d) {
  const std::string text = tgperf::format_duration(d);
  tgperf::Duration back{};
  try {
    back = tgperf::parse_duration(text);
  } catch (const tgperf::UsageError& e) {
    FUZZ_CHECK(false, "format_duration(%lld ns) = '%s' does not parse: %s", static_cast<long long>(d.count()),
               text.c_str(), e.what());
  }
  const double want = static_cast<double>(d.count());
  const double got = static_cast<double>(back.count());
  FUZZ_CHECK(std::fabs(got - want) <= want * 1e-5 + 1.0, "%lld ns -> '%s' -> %lld ns",
             static_cast<long long>(d.count()), text.c_str(), static_cast<long long>(back.count()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::optional<tgperf::Duration> parsed;
  try {
    parsed = tgperf::parse_duration(text);
  } catch (const tgperf::UsageError&) {
  }
  if (parsed) {
    FUZZ_CHECK(parsed->count() >= 0 && parsed->count() <= 1'000'000'000'000'000'000LL, "'%.*s' -> %lld ns",
               static_cast<int>(size), text.data(), static_cast<long long>(parsed->count()));
    check_round_trip(*parsed);
  }

  std::optional<tgperf::Duration> positive;
  try {
    positive = tgperf::parse_positive_duration(text);
  } catch (const tgperf::UsageError&) {
  }
  const bool expect_positive = parsed && parsed->count() > 0;
  FUZZ_CHECK(positive.has_value() == expect_positive && (!positive || *positive == *parsed),
             "parse_positive_duration disagrees with parse_duration on '%.*s'", static_cast<int>(size), text.data());

  // Any int64 count from the input's first bytes, inside the range parse_duration accepts.
  if (size >= 8) {
    std::uint64_t raw = 0;
    for (int i = 0; i < 8; ++i) raw = raw << 8 | data[i];
    check_round_trip(tgperf::Duration(static_cast<std::int64_t>(raw % 1'000'000'000'000'000'001ULL)));
  }
  return 0;
}
