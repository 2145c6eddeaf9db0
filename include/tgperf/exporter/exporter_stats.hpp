#pragma once
// What the exporter knows about itself, for /metrics and the / page:
//
//   tgperf_exporter_build_info{version}                       gauge 1
//   tgperf_exporter_probes_total{module,result}               counter; result success | failure
//   tgperf_exporter_probe_duration_seconds{module}            summary (_sum, _count: no quantiles,
//                                                             rate(_sum)/rate(_count) is the mean)
//   tgperf_exporter_probes_rejected_total{reason}             counter; reason busy (503: no slot
//                                                             within the scrape timeout),
//                                                             bad_request (400), forbidden (403)
//   tgperf_exporter_probes_running                            gauge, probes running now
//   tgperf_exporter_probes_running_max                        gauge, the most ever running at once
//   tgperf_exporter_max_concurrent_probes                     gauge, the limit
//
// Modules appear with zeros from the start, so that rate() sees the first probe.
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "tgperf/core/duration.hpp"
#include "tgperf/report/openmetrics.hpp"

namespace tgperf::exporter {

struct RecentProbe {
  std::chrono::system_clock::time_point at;
  std::string module;
  std::string target;
  bool success = false;
  Duration duration{};
  std::string failure;  // token-free
};

struct SlotFigures {
  std::size_t running = 0;
  std::size_t running_max = 0;
  std::size_t limit = 0;
};

class ExporterStats {
 public:
  static constexpr std::size_t kRecentKept = 20;

  explicit ExporterStats(const std::vector<std::string>& modules);

  void record(RecentProbe probe);
  void reject(const std::string& reason);

  std::vector<RecentProbe> recent() const;  // newest first
  std::vector<report::MetricFamily> metrics(const std::string& version, const SlotFigures& slots) const;

 private:
  struct PerModule {
    std::uint64_t success = 0, failure = 0;
    double seconds = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::string, PerModule> modules_;
  std::map<std::string, std::uint64_t> rejected_;
  std::deque<RecentProbe> recent_;
};

}  // namespace tgperf::exporter
