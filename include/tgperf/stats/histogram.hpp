#pragma once
// A histogram with log-spaced buckets, for RTTs that span loopback microseconds to intercontinental
// seconds: bounds 1, 1.5, 2, 3, 5, 7 times a power of ten (about six buckets per decade, each
// about 1.5x the one before, and every bound a number people read at a glance).
#include <cstddef>
#include <span>
#include <vector>

namespace tgperf::stats {

struct HistogramBucket {
  double lower = 0;  // inclusive
  double upper = 0;  // exclusive
  std::size_t count = 0;
};

struct Histogram {
  // From the bucket holding the smallest sample to the one holding the largest; the empty buckets
  // in between are kept (they are the gap that shows two modes). Empty for no samples.
  std::vector<HistogramBucket> buckets;
  std::size_t count = 0;
};

// The samples (in any unit; ms for RTTs) sorted into log-spaced buckets. Samples at or below zero
// go into the bucket of the smallest positive sample.
Histogram log_histogram(std::span<const double> samples);

// The bucket bound at or below `value` (> 0): 1, 1.5, 2, 3, 5, 7 x 10^k.
double log_bucket_floor(double value);
// The next bound above a bound returned by log_bucket_floor.
double next_log_bound(double bound);

// The bounds from the one at or below `from` up to the first at or above `to` (0 < from < to):
// a fixed set, for series that must stay comparable from run to run (metrics).
std::vector<double> log_bounds(double from, double to);

// Two or more separate peaks: two buckets that each hold at least a tenth of the samples (and at
// least two), with a bucket between them holding less than half of the smaller peak, and at least
// `min_separation` (in the samples' unit) between the first peak's upper and the second's lower
// bound. A single hump with a long tail is not multi-modal; a flapping route or a retransmitted
// SYN is.
bool is_multimodal(const Histogram& histogram, double min_separation = 0);

}  // namespace tgperf::stats
