#include "tgperf/report/bench_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "tgperf/report/bench_table.hpp"

namespace tgperf::report {

namespace {

// U+258F..U+2588: one to eight eighths of a cell.
constexpr const char* kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"};

std::string bar(double fraction, std::size_t width) {
  const auto eighths = static_cast<std::size_t>(std::lround(std::clamp(fraction, 0.0, 1.0) *
                                                            static_cast<double>(width * 8)));
  std::string out;
  for (std::size_t i = 0; i < eighths / 8; ++i) out += kEighths[8];
  out += kEighths[eighths % 8];
  return out;
}

}  // namespace

std::string render_bench_chart(std::span<const BenchRun> runs, std::size_t width) {
  double top = 0;
  for (const auto& run : runs) top = std::max(top, run.throughput_per_s);
  std::string out;
  for (const auto& run : runs) {
    const std::string label = fmt::format("{} {}", run.mode, bench_concurrency_label(run));
    const double fraction = top > 0 ? run.throughput_per_s / top : 0;
    const std::string cells = bar(fraction, width);
    // Pad by cells, not bytes: each block character is one cell but three bytes.
    const std::size_t used = static_cast<std::size_t>(std::lround(fraction * double(width * 8)));
    const std::size_t cells_used = used / 8 + (used % 8 ? 1 : 0);
    out += fmt::format("{:<24} {}{} {:.1f}/s\n", label, cells,
                       std::string(width - std::min(width, cells_used), ' '), run.throughput_per_s);
  }
  return out;
}

}  // namespace tgperf::report
