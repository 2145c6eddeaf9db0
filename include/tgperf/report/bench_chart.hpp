#pragma once
// A horizontal bar chart of echo-bench throughput, for the terminal.
#include <cstddef>
#include <span>
#include <string>

#include "tgperf/report/bench_run.hpp"

namespace tgperf::report {

// Unicode block characters (eighths of a cell, so small differences stay visible), or '#' per
// whole cell where the locale cannot show them (LC_ALL=C; see tgperf::unicode_output()).
enum class BarGlyphs { unicode, ascii };

// One line per run: label, a bar scaled so the fastest run fills `width` cells, and updates/s.
std::string render_bench_chart(std::span<const BenchRun> runs, std::size_t width = 40,
                               BarGlyphs glyphs = BarGlyphs::unicode);

}  // namespace tgperf::report
