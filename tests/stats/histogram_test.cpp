#include <catch2/catch.hpp>

#include <vector>

#include "tgperf/stats/histogram.hpp"

using tgperf::stats::is_multimodal;
using tgperf::stats::log_bucket_floor;
using tgperf::stats::log_histogram;
using tgperf::stats::next_log_bound;

TEST_CASE("log buckets: bounds are 1, 1.5, 2, 3, 5, 7 times a power of ten", "[histogram]") {
  CHECK(log_bucket_floor(1.0) == Approx(1.0));
  CHECK(log_bucket_floor(1.49) == Approx(1.0));
  CHECK(log_bucket_floor(1.5) == Approx(1.5));
  CHECK(log_bucket_floor(0.3) == Approx(0.3));  // 3 * 0.1 is not 0.3 in binary: still its own bucket
  CHECK(log_bucket_floor(0.0999) == Approx(0.07));
  CHECK(log_bucket_floor(9.99) == Approx(7.0));
  CHECK(log_bucket_floor(1040.0) == Approx(1000.0));
  CHECK(next_log_bound(1.0) == Approx(1.5));
  CHECK(next_log_bound(7.0) == Approx(10.0));
  CHECK(next_log_bound(0.3) == Approx(0.5));
  CHECK(next_log_bound(1000.0) == Approx(1500.0));
}

TEST_CASE("log histogram: every sample in one bucket, the empty buckets between peaks kept", "[histogram]") {
  const std::vector<double> samples = {1.2, 1.3, 80.0, 81.0, 0.0};
  const auto h = log_histogram(samples);
  CHECK(h.count == 5);
  REQUIRE(h.buckets.size() == 12);  // 1, 1.5, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70
  CHECK(h.buckets.front().lower == Approx(1.0));
  CHECK(h.buckets.front().count == 3);  // the zero joins the smallest positive sample's bucket
  CHECK(h.buckets.back().lower == Approx(70.0));
  CHECK(h.buckets.back().upper == Approx(100.0));
  CHECK(h.buckets.back().count == 2);
  std::size_t total = 0;
  for (const auto& b : h.buckets) total += b.count;
  CHECK(total == 5);
  CHECK(log_histogram(std::vector<double>{}).buckets.empty());
}

TEST_CASE("multi-modal: two separate peaks are, one hump with a tail is not", "[histogram]") {
  std::vector<double> two_peaks, one_hump;
  for (int i = 0; i < 10; ++i) {
    two_peaks.push_back(10.0 + 0.1 * i);
    two_peaks.push_back(1010.0 + 0.1 * i);
    one_hump.push_back(10.0 + 0.1 * i);
  }
  one_hump.push_back(16.0);
  one_hump.push_back(25.0);
  CHECK(is_multimodal(log_histogram(two_peaks)));
  CHECK_FALSE(is_multimodal(log_histogram(one_hump)));
  // A single outlier is not a second peak.
  auto outlier = one_hump;
  outlier.push_back(1000.0);
  CHECK_FALSE(is_multimodal(log_histogram(outlier)));
  CHECK_FALSE(is_multimodal(log_histogram(std::vector<double>{})));
  // Peaks closer than the separation asked for do not count: 0.02 against 0.1 ms, 1 ms apart asked.
  const std::vector<double> close_peaks = {0.02, 0.02, 0.021, 0.1, 0.1, 0.11};
  CHECK(is_multimodal(log_histogram(close_peaks)));
  CHECK_FALSE(is_multimodal(log_histogram(close_peaks), 1.0));
  CHECK(is_multimodal(log_histogram(two_peaks), 1.0));
}
