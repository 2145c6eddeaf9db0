#pragma once
// Descriptive statistics of a series of measurements (RTTs, phase times, latencies).
#include <cstddef>
#include <optional>
#include <span>

namespace tgperf::stats {

// All fields are in the unit of the samples (the caller's choice: ms for RTTs).
struct Summary {
  std::size_t count = 0;
  double min = 0;
  double avg = 0;
  double max = 0;
  double mdev = 0;    // population standard deviation, as iputils' ping reports it
  double p50 = 0;
  double p90 = 0;
  double p99 = 0;
  double jitter = 0;  // mean absolute difference of consecutive samples, in arrival order
};

// Summarises samples given in arrival order (the order matters for jitter only).
// Returns nothing for an empty series: there is no honest minimum of nothing.
std::optional<Summary> summarize(std::span<const double> samples);

// The q-quantile (0 <= q <= 1) of samples sorted ascending, interpolating linearly between the
// two closest ranks (the "type 7" estimator of R and NumPy). Requires a non-empty input.
double quantile_of_sorted(std::span<const double> sorted, double q);

}  // namespace tgperf::stats
