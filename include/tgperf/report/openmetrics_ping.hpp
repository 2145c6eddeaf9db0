#pragma once
// `tgperf ping` as metrics (see openmetrics.hpp for the two text formats):
//
//   tgperf_ping_probes_total{target="api.telegram.org:443",status="ok"}   counter, one series per
//       status (ok, refused, timeout, unreachable, error), zeros included, so they add up to the
//       number of probes of the run;
//   tgperf_ping_rtt_seconds{target="...",quantile="0.5|0.9|0.99"}, _sum, _count   summary of the
//       round trips of connected probes (as ping's own statistics: a refusal is not the path a
//       bot's connection takes).
//
// Every value describes one run: a cron job that rewrites a textfile collector file exposes the
// latest run, so the counters start from zero with every run and are read as they are, not with
// rate().
#include <vector>

#include "tgperf/probe/interleaved_ping.hpp"
#include "tgperf/probe/ping_session.hpp"
#include "tgperf/probe/target.hpp"
#include "tgperf/report/openmetrics.hpp"

namespace tgperf::report {

// The quantiles every latency summary exposes.
inline constexpr double kMetricQuantiles[] = {0.5, 0.9, 0.99};

// "api.telegram.org:443", "[::1]:443": the target as the user named it, not the address it
// resolved to (which may change from run to run and would start a new series each time).
std::string ping_target_label(const probe::ResolvedTarget& target);

std::vector<MetricFamily> ping_metrics(const probe::ResolvedTarget& target, const probe::PingRun& run);

// The same families for an interleaved run: one series per lane. Several targets differ in their
// `target` label; with --all-addresses (`by_address`) each series also carries
// address="149.154.167.220" (an address label changes only when DNS does, so it stays one series
// per address over runs). `with_histogram` (--histogram, where the buckets were kept) adds
//
//   tgperf_ping_rtt_histogram_seconds{target[,address],le}, _sum, _count   histogram of the same
//       round trips, with the log-spaced bounds of the text histogram from 0.1 ms to 10 s, fixed
//       so that series stay comparable from run to run.
std::vector<MetricFamily> ping_metrics(const probe::InterleavedRun& run, bool by_address, bool with_histogram = false);

}  // namespace tgperf::report
