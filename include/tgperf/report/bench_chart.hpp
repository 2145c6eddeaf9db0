#pragma once
// A horizontal bar chart of echo-bench throughput, for the terminal.
#include <cstddef>
#include <span>
#include <string>

#include "tgperf/report/bench_run.hpp"

namespace tgperf::report {

// One line per run: label, a bar scaled so the fastest run fills `width` cells, and updates/s.
// Bars use Unicode block characters (eighths) so small differences stay visible.
std::string render_bench_chart(std::span<const BenchRun> runs, std::size_t width = 40);

}  // namespace tgperf::report
