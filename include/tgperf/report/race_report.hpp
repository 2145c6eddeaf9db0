#pragma once
// The race-bench report for people: one table row per variant with a verdict, and a short
// explanation of what each variant did to the money and what safety cost.
#include <span>
#include <string>
#include <string_view>

#include "tgperf/report/race_run.hpp"

namespace tgperf::report {

// "safe" (consistent), else "money created" / "money destroyed" (drift), else "balances wrong"
// (no drift, yet lost updates or accounts off the serial result).
std::string_view race_verdict(const RaceRun& run);

// A fixed-width text table ending in a newline.
std::string render_race_table(std::span<const RaceRun> runs);

// Several lines, each ending in a newline: one per variant run, what happened and why, then the
// price of safety (split/sync and locked/naive throughput) when those runs are present.
std::string render_race_explanation(std::span<const RaceRun> runs);

}  // namespace tgperf::report
