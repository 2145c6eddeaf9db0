#include "tgperf/exporter/exporter_stats.hpp"

namespace tgperf::exporter {

ExporterStats::ExporterStats(const std::vector<std::string>& modules) {
  for (const auto& m : modules) modules_[m];
  for (const char* reason : {"busy", "bad_request", "forbidden"}) rejected_[reason] = 0;
}

void ExporterStats::record(RecentProbe probe) {
  std::lock_guard lock(mutex_);
  auto& m = modules_[probe.module];
  (probe.success ? m.success : m.failure) += 1;
  m.seconds += to_seconds(probe.duration);
  recent_.push_front(std::move(probe));
  if (recent_.size() > kRecentKept) recent_.pop_back();
}

void ExporterStats::reject(const std::string& reason) {
  std::lock_guard lock(mutex_);
  ++rejected_[reason];
}

std::vector<RecentProbe> ExporterStats::recent() const {
  std::lock_guard lock(mutex_);
  return {recent_.begin(), recent_.end()};
}

std::vector<report::MetricFamily> ExporterStats::metrics(const std::string& version, const SlotFigures& slots) const {
  using report::MetricType;
  std::lock_guard lock(mutex_);
  std::vector<report::MetricFamily> out;
  out.push_back({"tgperf_exporter_build_info", MetricType::gauge, "", "The tgperf exporter's version, always 1",
                 {{{{"version", version}}, 1.0}}});
  report::MetricFamily probes{"tgperf_exporter_probes", MetricType::counter, "",
                              "Probes run since the exporter started, by module and result", {}};
  report::MetricFamily durations{"tgperf_exporter_probe_duration_seconds", MetricType::summary, "seconds",
                                 "Time the probes took, by module", {}};
  for (const auto& [name, m] : modules_) {
    probes.points.push_back({{{"module", name}, {"result", "success"}}, static_cast<double>(m.success)});
    probes.points.push_back({{{"module", name}, {"result", "failure"}}, static_cast<double>(m.failure)});
    durations.points.push_back(
        {{{"module", name}}, report::SummaryValue{m.success + m.failure, report::metric_seconds(m.seconds), {}}});
  }
  out.push_back(std::move(probes));
  out.push_back(std::move(durations));
  report::MetricFamily rejected{"tgperf_exporter_probes_rejected", MetricType::counter, "",
                                "Probe requests refused: busy (503, no free slot within the scrape timeout), "
                                "bad_request (400), forbidden (403, target not allowed)",
                                {}};
  for (const auto& [reason, n] : rejected_) rejected.points.push_back({{{"reason", reason}}, static_cast<double>(n)});
  out.push_back(std::move(rejected));
  out.push_back({"tgperf_exporter_probes_running", MetricType::gauge, "", "Probes running now",
                 {{{}, static_cast<double>(slots.running)}}});
  out.push_back({"tgperf_exporter_probes_running_max", MetricType::gauge, "",
                 "The most probes that ran at once since the exporter started", {{{}, static_cast<double>(slots.running_max)}}});
  out.push_back({"tgperf_exporter_max_concurrent_probes", MetricType::gauge, "",
                 "The limit on probes running at once (--max-concurrent-probes)", {{{}, static_cast<double>(slots.limit)}}});
  return out;
}

}  // namespace tgperf::exporter
