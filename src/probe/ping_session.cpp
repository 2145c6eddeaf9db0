#include "tgperf/probe/ping_session.hpp"

#include <algorithm>

#include "tgperf/core/stoppable_wait.hpp"

namespace tgperf::probe {

PingRun run_ping(const ResolvedTarget& target, const PingOptions& options,
                 const std::function<void(const ProbeResult&)>& on_probe, std::stop_token stop) {
  using Clock = std::chrono::steady_clock;
  PingRun run;
  const auto begin = Clock::now();
  // time_point::max() stands for "no deadline".
  const auto deadline_at = options.deadline ? begin + *options.deadline : Clock::time_point::max();
  auto next_start = begin;
  for (int seq = 1;; ++seq) {
    if (stop.stop_requested()) {
      run.interrupted = true;
      break;
    }
    const auto start = Clock::now();
    if (start >= deadline_at) break;
    // A probe never outlives the run's deadline; one cut short by it is not a timeout.
    auto wait = options.timeout;
    bool cut_by_deadline = false;
    if (options.deadline && deadline_at - start < wait) {
      wait = std::chrono::duration_cast<Duration>(deadline_at - start);
      cut_by_deadline = true;
    }
    auto result = tcp_probe(target, wait, options.bind, seq, stop);
    if (result.status == ProbeStatus::interrupted) {
      run.interrupted = true;
      break;
    }
    if (result.status == ProbeStatus::timeout && cut_by_deadline) break;
    run.probes.push_back(result);
    if (on_probe) on_probe(run.probes.back());
    if (options.count && static_cast<long>(run.probes.size()) >= *options.count) break;

    next_start = std::max(next_start + options.interval, start + options.interval);
    auto sleep_until = next_start;
    if (deadline_at < sleep_until) sleep_until = deadline_at;
    const auto now = Clock::now();
    if (sleep_until > now && !sleep_unless_stopped(stop, std::chrono::duration_cast<Duration>(sleep_until - now))) {
      run.interrupted = true;
      break;
    }
  }
  run.elapsed = std::chrono::duration_cast<Duration>(Clock::now() - begin);
  return run;
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
