#include "tgperf/stats/summary.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace tgperf::stats {

double quantile_of_sorted(std::span<const double> sorted, double q) {
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto lower = static_cast<std::size_t>(std::floor(position));
  const std::size_t upper = std::min(lower + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(lower);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
}

std::optional<Summary> summarize(std::span<const double> samples) {
  if (samples.empty()) return std::nullopt;
  Summary s;
  s.count = samples.size();
  const double n = static_cast<double>(samples.size());
  s.avg = std::accumulate(samples.begin(), samples.end(), 0.0) / n;
  double squares = 0;
  for (double x : samples) squares += (x - s.avg) * (x - s.avg);
  s.mdev = std::sqrt(squares / n);

  double steps = 0;
  for (std::size_t i = 1; i < samples.size(); ++i) steps += std::fabs(samples[i] - samples[i - 1]);
  s.jitter = samples.size() > 1 ? steps / static_cast<double>(samples.size() - 1) : 0.0;

  std::vector<double> sorted(samples.begin(), samples.end());
  std::sort(sorted.begin(), sorted.end());
  s.min = sorted.front();
  s.max = sorted.back();
  s.p50 = quantile_of_sorted(sorted, 0.50);
  s.p90 = quantile_of_sorted(sorted, 0.90);
  s.p99 = quantile_of_sorted(sorted, 0.99);
  return s;
}

}  // namespace tgperf::stats
