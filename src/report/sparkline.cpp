#include "tgperf/report/sparkline.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace tgperf::report {
namespace {

constexpr std::array<std::string_view, 8> kBlocks = {"\u2581", "\u2582", "\u2583", "\u2584",
                                                     "\u2585", "\u2586", "\u2587", "\u2588"};
constexpr std::array<std::string_view, 8> kAscii = {"_", ".", "-", "~", "=", "+", "*", "#"};

}  // namespace

std::string sparkline(std::span<const std::optional<double>> values, bool utf8) {
  const auto& glyphs = utf8 ? kBlocks : kAscii;
  double low = 0, high = 0;
  bool any = false;
  for (const auto& v : values) {
    if (!v) continue;
    low = any ? std::min(low, *v) : *v;
    high = any ? std::max(high, *v) : *v;
    any = true;
  }
  std::string out;
  for (const auto& v : values) {
    if (!v) {
      out += utf8 ? "\u00d7" : "x";
      continue;
    }
    const double position = high > low ? (*v - low) / (high - low) : 0.0;
    const auto level = std::min<std::size_t>(glyphs.size() - 1, static_cast<std::size_t>(position * glyphs.size()));
    out += glyphs[level];
  }
  return out;
}

}  // namespace tgperf::report
