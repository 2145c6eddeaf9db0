#pragma once
// One probe of one target with one module, as a /probe request runs it, and its metrics.
//
// The series are those of `--format prometheus` (report/openmetrics_ping.hpp,
// report/openmetrics_timing.hpp), so dashboards and alerts work on either source, plus
// blackbox_exporter's two:
//
//   probe_success            gauge, 1 when the probe succeeded (tcp: a probe connected; botapi: every
//                            getMe answered ok; webhook: getWebhookInfo answered ok), else 0;
//   probe_duration_seconds   gauge, how long the probe took.
//
// The webhook module adds (from getWebhookInfo, as doctor reads it):
//
//   tgperf_webhook_pending_updates{host}          gauge, pending_update_count;
//   tgperf_webhook_last_error_age_seconds{host}   gauge, seconds since last_error_date; absent when
//                                                 Telegram reports no error (never a made-up 0).
//
// No series, label or failure text carries the token: labels hold the API host only, and failure
// texts pass through the token redaction.
#include <stop_token>
#include <string>
#include <vector>

#include "tgperf/core/duration.hpp"
#include "tgperf/exporter/config.hpp"
#include "tgperf/probe/target.hpp"
#include "tgperf/report/openmetrics.hpp"

namespace tgperf::exporter {

struct ProbeOutcome {
  bool success = false;
  Duration duration{};
  std::vector<report::MetricFamily> families;  // the module's series (without probe_success/duration)
  std::string failure;  // one printable line when !success (token-free), for the log and the / page
};

// Runs the probe, taking at most about `budget` (the scrape timeout less a margin). A stop request
// ends it early (the exporter is shutting down).
ProbeOutcome run_probe(const ModuleConfig& module, const probe::TargetSpec& target, Duration budget,
                       std::stop_token stop = {});

// The /probe answer body: the module's families, then probe_success and probe_duration_seconds, in
// the Prometheus text format 0.0.4.
std::string render_probe(const ProbeOutcome& outcome);

}  // namespace tgperf::exporter
