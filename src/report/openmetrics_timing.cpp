#include "tgperf/report/openmetrics_timing.hpp"

#include <optional>

#include "tgperf/report/openmetrics_ping.hpp"

namespace tgperf::report {
namespace {

constexpr std::string_view kTimingStatuses[] = {"ok", "api_error", "malformed", "no_answer"};

bool connection_phase(std::string_view phase) { return phase == "dns" || phase == "tcp" || phase == "tls"; }

// A summary in ms (stats::Summary, as the text report keeps it) as seconds.
SummaryValue in_seconds(const std::optional<stats::Summary>& ms) {
  SummaryValue v;
  if (!ms) return v;
  v.count = ms->count;
  v.sum = metric_seconds(ms->avg * static_cast<double>(ms->count) / 1000.0);
  v.quantiles = {{kMetricQuantiles[0], metric_seconds(ms->p50 / 1000.0)},
                 {kMetricQuantiles[1], metric_seconds(ms->p90 / 1000.0)},
                 {kMetricQuantiles[2], metric_seconds(ms->p99 / 1000.0)}};
  return v;
}

}  // namespace

std::string api_host_label(std::string_view root) {
  if (const auto scheme = root.find("://"); scheme != std::string_view::npos) root.remove_prefix(scheme + 3);
  root = root.substr(0, root.find_first_of("/?#"));
  if (const auto at = root.rfind('@'); at != std::string_view::npos) root.remove_prefix(at + 1);
  return std::string(root);
}

std::string_view timing_status_label(const botapi::TimingRecord& record) {
  if (!record.answered()) return "no_answer";
  if (record.succeeded()) return "ok";
  if (record.malformed) return "malformed";
  return "api_error";
}

std::vector<MetricFamily> timing_metrics(std::span<const botapi::TimingRecord> records, const TimingSummary& summary,
                                         const TimingMetricLabels& labels) {
  MetricFamily requests{"tgperf_curl_timing_requests", MetricType::counter, "",
                        "Bot API requests of the last tgperf curl-timing run, by outcome: ok, api_error (error "
                        "envelope), malformed (not a Bot API answer), no_answer (no HTTP answer)",
                        {}};
  for (const auto status : kTimingStatuses) {
    double n = 0;
    for (const auto& r : records) n += timing_status_label(r) == status ? 1 : 0;
    requests.points.push_back(
        {{{"method", labels.method}, {"host", labels.host}, {"status", std::string(status)}}, n});
  }

  MetricFamily phases{"tgperf_curl_timing_phase_seconds", MetricType::summary, "seconds",
                      "Time of each phase of the Bot API requests that got an HTTP answer in the last tgperf "
                      "curl-timing run, on a new or a reused connection (no dns, tcp or tls phase on a reused one)",
                      {}};
  for (const char* connection : {"new", "reused"}) {
    const bool reused = std::string_view(connection) == "reused";
    for (const auto& p : summary.phases) {
      const auto& stats = reused ? p.warm : p.cold;
      if (reused && connection_phase(p.phase) && !stats) continue;  // cannot happen: no series
      phases.points.push_back({{{"method", labels.method},
                                {"host", labels.host},
                                {"connection", connection},
                                {"phase", p.phase}},
                               in_seconds(stats)});
    }
  }
  return {requests, phases};
}

}  // namespace tgperf::report
