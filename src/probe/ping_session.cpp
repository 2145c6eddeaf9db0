#include "tgperf/probe/ping_session.hpp"

#include "tgperf/probe/interleaved_ping.hpp"

namespace tgperf::probe {

PingRun run_ping(const ResolvedTarget& target, const PingOptions& options,
                 const std::function<void(const ProbeResult&)>& on_probe, std::stop_token stop) {
  // One lane of an interleaved run: one scheduler for -c, -i, -w and stopping.
  PingLane lane{TargetSpec{target.host, target.port}, AddressFamily::any, target, false};
  InterleavedOptions interleaved{options, 0, {}};
  const auto run = run_interleaved({lane}, interleaved, [&](std::size_t, const LaneProbe& p) {
    if (on_probe) on_probe(p.result);
  }, stop);
  return lane_ping_run(run, 0);
}

PingStats ping_stats(const PingRun& run) {
  PingStats s;
  s.elapsed = run.elapsed;
  std::vector<double> rtts;
  for (const auto& p : run.probes) {
    ++s.transmitted;
    if (p.status == ProbeStatus::connected) {
      ++s.connected;
      if (p.rtt) rtts.push_back(to_ms(*p.rtt));
    } else if (p.status == ProbeStatus::refused) {
      ++s.refused;
    } else {
      ++s.lost;
    }
  }
  s.loss_pct = s.transmitted == 0 ? 0.0 : 100.0 * static_cast<double>(s.lost) / static_cast<double>(s.transmitted);
  s.rtt = stats::summarize(rtts);
  return s;
}

}  // namespace tgperf::probe
