#include "tgperf/doctor/measurements.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace tgperf::doctor {

std::optional<double> AddressRtt::median_ms() const {
  if (rtt_ms.empty()) return std::nullopt;
  std::vector<double> sorted = rtt_ms;
  std::sort(sorted.begin(), sorted.end());
  const std::size_t mid = sorted.size() / 2;
  return sorted.size() % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

std::string format_ms(double value) {
  if (value >= 1000) return fmt::format("{:.2f} s", value / 1000);
  if (value >= 100) return fmt::format("{:.0f} ms", value);
  if (value >= 1) return fmt::format("{:.1f} ms", value);
  return fmt::format("{:.0f} us", value * 1000);
}

}  // namespace tgperf::doctor
