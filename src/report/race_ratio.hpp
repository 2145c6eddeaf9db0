#pragma once
// The price of safety: one variant's throughput over another's (split/sync, locked/naive), shared
// by the race-bench table and JSON.
#include <optional>
#include <span>
#include <string_view>

#include "tgperf/report/race_run.hpp"

namespace tgperf::report {

// Throughput of the first `numerator` run over the first `denominator` run; none when either is
// missing or the denominator did nothing.
inline std::optional<double> throughput_ratio(std::span<const RaceRun> runs, std::string_view numerator,
                                              std::string_view denominator) {
  const RaceRun* top = nullptr;
  const RaceRun* bottom = nullptr;
  for (const auto& run : runs) {
    if (!top && run.variant == numerator) top = &run;
    if (!bottom && run.variant == denominator) bottom = &run;
  }
  if (!top || !bottom || bottom->throughput_per_s <= 0) return std::nullopt;
  return top->throughput_per_s / bottom->throughput_per_s;
}

}  // namespace tgperf::report
