#include "tgperf/report/bench_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "tgperf/core/significant_digits.hpp"
#include "tgperf/report/bench_table.hpp"

namespace tgperf::report {

namespace {

// U+258F..U+2588: one to eight eighths of a cell.
constexpr const char* kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"};

// The bar and the cells it takes.
struct Bar {
  std::string text;
  std::size_t cells = 0;
};

Bar bar(double fraction, std::size_t width, BarGlyphs glyphs) {
  const double clamped = std::clamp(fraction, 0.0, 1.0);
  if (glyphs == BarGlyphs::ascii) {
    const auto cells = static_cast<std::size_t>(std::lround(clamped * static_cast<double>(width)));
    return {std::string(cells, '#'), cells};
  }
  const auto eighths = static_cast<std::size_t>(std::lround(clamped * static_cast<double>(width * 8)));
  Bar out;
  for (std::size_t i = 0; i < eighths / 8; ++i) out.text += kEighths[8];
  out.text += kEighths[eighths % 8];
  out.cells = eighths / 8 + (eighths % 8 ? 1 : 0);
  return out;
}

}  // namespace

std::string render_bench_chart(std::span<const BenchRun> runs, std::size_t width, BarGlyphs glyphs) {
  double top = 0;
  for (const auto& run : runs) top = std::max(top, run.throughput_per_s);
  // A webhook run says so; polling, the default, is left unsaid.
  const auto label_of = [](const BenchRun& run) {
    return run.delivery == "polling" ? fmt::format("{} {}", run.mode, bench_concurrency_label(run))
                                     : fmt::format("{} {} {}", run.mode, run.delivery, bench_concurrency_label(run));
  };
  std::size_t label_width = 24;
  for (const auto& run : runs) label_width = std::max(label_width, label_of(run).size());
  std::string out;
  for (const auto& run : runs) {
    const std::string label = label_of(run);
    const double fraction = top > 0 ? run.throughput_per_s / top : 0;
    const Bar drawn = bar(fraction, width, glyphs);
    // Pad by cells, not bytes: each block character is one cell but three bytes.
    out += fmt::format("{:<{}} {}{} {}/s\n", label, label_width, drawn.text, std::string(width - std::min(width, drawn.cells), ' '),
                       with_significant_digits(run.throughput_per_s));
  }
  return out;
}

}  // namespace tgperf::report
