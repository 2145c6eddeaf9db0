#include "tgperf/report/openmetrics_ping.hpp"

#include <algorithm>
#include <chrono>
#include <numeric>

#include "tgperf/stats/histogram.hpp"
#include "tgperf/stats/summary.hpp"

namespace tgperf::report {
namespace {

// The status label of a probe. Interrupted probes never reach a PingRun (not a measurement).
std::string_view status_label(probe::ProbeStatus status) {
  switch (status) {
    case probe::ProbeStatus::connected:
      return "ok";
    case probe::ProbeStatus::refused:
      return "refused";
    case probe::ProbeStatus::timeout:
      return "timeout";
    case probe::ProbeStatus::unreachable:
      return "unreachable";
    case probe::ProbeStatus::error:
    case probe::ProbeStatus::interrupted:
      break;
  }
  return "error";
}

constexpr std::string_view kPingStatuses[] = {"ok", "refused", "timeout", "unreachable", "error"};

}  // namespace

std::string ping_target_label(const probe::ResolvedTarget& target) {
  const bool v6_literal = target.host.find(':') != std::string::npos;
  return (v6_literal ? "[" + target.host + "]" : target.host) + ":" + std::to_string(target.port);
}

std::vector<MetricFamily> ping_metrics(const probe::ResolvedTarget& target, const probe::PingRun& run) {
  const std::string target_label = ping_target_label(target);

  MetricFamily probes{"tgperf_ping_probes", MetricType::counter, "",
                      "TCP-connect probes of the last tgperf ping run, by answer: ok (connected), refused "
                      "(RST), timeout, unreachable, error",
                      {}};
  for (const auto status : kPingStatuses) {
    double n = 0;
    for (const auto& p : run.probes) n += status_label(p.status) == status ? 1 : 0;
    probes.points.push_back({{{"target", target_label}, {"status", std::string(status)}}, n});
  }

  std::vector<double> rtts_s;
  for (const auto& p : run.probes) {
    if (p.status == probe::ProbeStatus::connected && p.rtt) {
      rtts_s.push_back(std::chrono::duration<double>(*p.rtt).count());
    }
  }
  SummaryValue rtt;
  rtt.count = rtts_s.size();
  rtt.sum = metric_seconds(std::accumulate(rtts_s.begin(), rtts_s.end(), 0.0));
  if (const auto s = stats::summarize(rtts_s)) {
    rtt.quantiles = {{kMetricQuantiles[0], metric_seconds(s->p50)},
                     {kMetricQuantiles[1], metric_seconds(s->p90)},
                     {kMetricQuantiles[2], metric_seconds(s->p99)}};
  }
  MetricFamily rtt_family{"tgperf_ping_rtt_seconds", MetricType::summary, "seconds",
                          "Round-trip time of the TCP handshake of connected probes in the last tgperf ping run",
                          {{{{"target", target_label}}, rtt}}};
  return {probes, rtt_family};
}

std::vector<MetricFamily> ping_metrics(const probe::InterleavedRun& run, bool by_address, bool with_histogram) {
  std::vector<MetricFamily> families;
  MetricFamily histogram{"tgperf_ping_rtt_histogram_seconds", MetricType::histogram, "seconds",
                         "Round-trip time of the TCP handshake of connected probes in the last tgperf ping run, "
                         "in log-spaced buckets",
                         {}};
  const auto bounds_ms = stats::log_bounds(0.1, 10'000.0);
  for (std::size_t i = 0; i < run.lanes.size(); ++i) {
    const auto& target = run.lanes[i].lane.target;
    const auto lane_run = probe::lane_ping_run(run, i);
    auto lane = ping_metrics(target, lane_run);
    std::vector<MetricLabel> labels{{"target", ping_target_label(target)}};
    if (by_address) {
      labels.push_back({"address", target.address});
      for (auto& family : lane) {
        for (auto& point : family.points) point.labels.insert(point.labels.begin() + 1, {"address", target.address});
      }
    }
    if (families.empty()) {
      families = std::move(lane);
    } else {
      for (std::size_t k = 0; k < families.size(); ++k) {
        families[k].points.insert(families[k].points.end(), lane[k].points.begin(), lane[k].points.end());
      }
    }
    HistogramValue h;
    std::vector<double> rtts_ms;
    for (const auto& p : lane_run.probes) {
      if (p.status == probe::ProbeStatus::connected && p.rtt) rtts_ms.push_back(to_ms(*p.rtt));
    }
    h.count = rtts_ms.size();
    h.sum = metric_seconds(std::accumulate(rtts_ms.begin(), rtts_ms.end(), 0.0) / 1000.0);
    for (const double le_ms : bounds_ms) {
      const auto at_or_below = std::count_if(rtts_ms.begin(), rtts_ms.end(), [&](double ms) { return ms <= le_ms; });
      h.buckets.push_back({metric_seconds(le_ms / 1000.0), static_cast<std::uint64_t>(at_or_below)});
    }
    histogram.points.push_back({labels, h});
  }
  if (with_histogram) families.push_back(std::move(histogram));
  return families;
}

}  // namespace tgperf::report
