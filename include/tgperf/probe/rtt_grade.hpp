#pragma once
// The grade of a round trip to the Bot API, in the python-telegram-bot wiki's words: "a stable ping
// of 50ms or less" is good, "under 15ms" excellent, more is far. One grade for ping's verdict (on the
// average), doctor's finding (on the median) and whoever else grades a path, so that a 15.0 ms path
// is the same grade everywhere.
#include <string_view>

namespace tgperf::probe {

enum class RttGrade { excellent, good, far };

inline constexpr double kExcellentBelowMs = 15;  // strictly below
inline constexpr double kGoodUpToMs = 50;        // at most

constexpr RttGrade grade_rtt(double rtt_ms) {
  if (rtt_ms < kExcellentBelowMs) return RttGrade::excellent;
  if (rtt_ms <= kGoodUpToMs) return RttGrade::good;
  return RttGrade::far;
}

constexpr std::string_view to_string(RttGrade grade) {
  switch (grade) {
    case RttGrade::excellent: return "excellent";
    case RttGrade::good: return "good";
    case RttGrade::far: return "far";
  }
  return "far";
}

}  // namespace tgperf::probe
