#include "tgperf/stats/histogram.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace tgperf::stats {
namespace {

constexpr std::array<double, 6> kMantissas = {1.0, 1.5, 2.0, 3.0, 5.0, 7.0};
// 0.3 is 3 * 0.1 only approximately in binary: a sample printed as the bound belongs to its bucket.
constexpr double kRelativeSlack = 1e-9;

}  // namespace

double log_bucket_floor(double value) {
  const double decade = std::pow(10.0, std::floor(std::log10(value)));
  double floor = decade;
  for (const double m : kMantissas) {
    if (value >= m * decade * (1 - kRelativeSlack)) floor = m * decade;
  }
  // log10 may round a value just below a power of ten up to it.
  if (floor > value * (1 + kRelativeSlack)) floor = 7.0 * decade / 10.0;
  return floor;
}

double next_log_bound(double bound) {
  const double decade = std::pow(10.0, std::floor(std::log10(bound * (1 + kRelativeSlack))));
  const double mantissa = bound / decade;
  for (const double m : kMantissas) {
    if (m > mantissa * (1 + kRelativeSlack)) return m * decade;
  }
  return 10.0 * decade;
}

std::vector<double> log_bounds(double from, double to) {
  std::vector<double> bounds{log_bucket_floor(from)};
  while (bounds.back() < to * (1 - kRelativeSlack)) bounds.push_back(next_log_bound(bounds.back()));
  return bounds;
}

Histogram log_histogram(std::span<const double> samples) {
  Histogram h;
  h.count = samples.size();
  double smallest = 0, largest = 0;
  for (const double x : samples) {
    if (x > 0 && (smallest == 0 || x < smallest)) smallest = x;
    largest = std::max(largest, x);
  }
  if (samples.empty() || largest <= 0) {
    if (!samples.empty()) h.buckets.push_back({0.0, 0.0, samples.size()});  // all zero: one degenerate bucket
    return h;
  }
  for (double lower = log_bucket_floor(smallest); lower <= largest * (1 + kRelativeSlack);) {
    const double upper = next_log_bound(lower);
    h.buckets.push_back({lower, upper, 0});
    lower = upper;
  }
  for (const double x : samples) {
    const double bound = x > 0 ? log_bucket_floor(x) : h.buckets.front().lower;
    auto it = std::find_if(h.buckets.begin(), h.buckets.end(),
                           [&](const HistogramBucket& b) { return std::abs(b.lower - bound) <= bound * 1e-6; });
    if (it == h.buckets.end()) it = std::prev(h.buckets.end());
    ++it->count;
  }
  return h;
}

bool is_multimodal(const Histogram& histogram, double min_separation) {
  const auto& b = histogram.buckets;
  const std::size_t peak_floor = std::max<std::size_t>(2, (histogram.count + 9) / 10);
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (b[i].count < peak_floor) continue;
    std::size_t valley = b[i].count;
    for (std::size_t j = i + 1; j < b.size(); ++j) {
      const bool apart = b[j].lower - b[i].upper >= min_separation;
      if (b[j].count >= peak_floor && 2 * valley < std::min(b[i].count, b[j].count) && apart) return true;
      valley = std::min(valley, b[j].count);
    }
  }
  return false;
}

}  // namespace tgperf::stats
