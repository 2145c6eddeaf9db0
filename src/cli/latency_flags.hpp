#pragma once
// The emulated network's --latency and --jitter, read alike by `tgperf serve` and `tgperf echo-bench`.
#include <chrono>

#include "tgperf/core/duration_flag.hpp"

namespace tgperf::cli {

// Emulated latency is milliseconds in practice: a bare `--latency 20` (20 s?) needs a unit; beyond a
// minute it is legal (a test of stopping) but no network's, so it is warned about.
inline constexpr DurationFlag kLatencyFlag{"--latency", std::chrono::hours(24), std::chrono::seconds(60), false, false};
inline constexpr DurationFlag kJitterFlag{"--jitter", std::chrono::hours(24), std::chrono::seconds(60), false, false};

}  // namespace tgperf::cli
