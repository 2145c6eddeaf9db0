#pragma once
// A run of TCP-connect probes paced like ping: -c count, -i interval (from probe start to probe
// start), -W per-probe timeout, -w deadline for the whole run, and Ctrl-C ends it early.
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <stop_token>
#include <vector>

#include "tgperf/core/duration.hpp"
#include "tgperf/probe/tcp_probe.hpp"
#include "tgperf/stats/summary.hpp"

namespace tgperf::probe {

struct PingOptions {
  std::optional<long> count;        // none: until interrupted or the deadline
  Duration interval = std::chrono::seconds(1);
  Duration timeout = std::chrono::seconds(2);
  std::optional<Duration> deadline;  // -w
  BindOptions bind;
};

struct PingRun {
  std::vector<ProbeResult> probes;  // completed probes only (a probe cut short by Ctrl-C or the
                                    // deadline before its timeout is not a measurement)
  Duration elapsed{};               // from the first probe's start to the end of the run
  bool interrupted = false;
};

// Runs probes until count, deadline or a stop request (interrupted: the probe in flight is dropped);
// calls `on_probe` after each completed probe so the caller can print it as it happens.
PingRun run_ping(const ResolvedTarget& target, const PingOptions& options,
                 const std::function<void(const ProbeResult&)>& on_probe = {}, std::stop_token stop = {});

// The accounting of a run. Connected and refused are both answers; lost = no answer
// (timeout, unreachable, error). The RTT statistics cover connected probes only: a refusal comes
// from the host's kernel (or a firewall) and is not the path a bot's connection takes.
struct PingStats {
  std::size_t transmitted = 0;
  std::size_t connected = 0;
  std::size_t refused = 0;
  std::size_t lost = 0;
  double loss_pct = 0;                // lost / transmitted * 100 (0 when nothing was sent)
  std::optional<stats::Summary> rtt;  // milliseconds, connected probes only
  Duration elapsed{};
};

PingStats ping_stats(const PingRun& run);

}  // namespace tgperf::probe
