#include "tgperf/probe/interleaved_ping.hpp"

#include <algorithm>
#include <chrono>

#include "tgperf/core/stoppable_wait.hpp"
#include "tgperf/core/usage_error.hpp"

namespace tgperf::probe {
namespace {

using Clock = std::chrono::steady_clock;

// Where lane `lane` probes next: its current address, or a fresh lookup's first address when the
// lane follows DNS and `resolve_every` probes have gone to the current one.
void maybe_re_resolve(LaneRun& lane, ResolvedTarget& current, const InterleavedOptions& options) {
  const auto done = static_cast<long>(lane.probes.size());
  if (options.resolve_every <= 0 || !lane.lane.follows_dns || done == 0 || done % options.resolve_every != 0) return;
  try {
    current = options.resolver(lane.lane.spec, lane.lane.family).front();
  } catch (const UsageError&) {
    // A name that stops resolving mid-run is not a probe result: keep probing the last address.
    ++lane.failed_lookups;
  }
}

}  // namespace

InterleavedRun run_interleaved(std::vector<PingLane> lanes, const InterleavedOptions& options,
                               const std::function<void(std::size_t, const LaneProbe&)>& on_probe,
                               std::stop_token stop) {
  const auto& ping = options.ping;
  InterleavedRun run;
  std::vector<ResolvedTarget> current;
  for (auto& lane : lanes) {
    current.push_back(lane.target);
    run.lanes.push_back(LaneRun{std::move(lane), {}, {}, 0});
  }
  const auto begin = Clock::now();
  // time_point::max() stands for "no deadline".
  const auto deadline_at = ping.deadline ? begin + *ping.deadline : Clock::time_point::max();
  auto next_start = begin;
  const auto lane_done = [&](const LaneRun& lane) {
    return ping.count && static_cast<long>(lane.probes.size()) >= *ping.count;
  };
  bool ended = false;
  for (std::size_t round = 0; !ended; ++round) {
    const auto round_start = Clock::now();
    for (std::size_t k = 0; k < run.lanes.size() && !ended; ++k) {
      const std::size_t i = (round + k) % run.lanes.size();
      auto& lane = run.lanes[i];
      if (lane_done(lane)) continue;
      if (stop.stop_requested()) {
        run.interrupted = true;
        ended = true;
        break;
      }
      const auto start = Clock::now();
      if (start >= deadline_at) {
        ended = true;
        break;
      }
      // A probe never outlives the run's deadline; one cut short by it is not a timeout.
      auto wait = ping.timeout;
      bool cut_by_deadline = false;
      if (ping.deadline && deadline_at - start < wait) {
        wait = std::chrono::duration_cast<Duration>(deadline_at - start);
        cut_by_deadline = true;
      }
      maybe_re_resolve(lane, current[i], options);
      const int seq = static_cast<int>(lane.probes.size()) + 1;
      auto result = tcp_probe(current[i], wait, ping.bind, seq, stop);
      if (result.status == ProbeStatus::interrupted) {
        run.interrupted = true;
        ended = true;
        break;
      }
      if (result.status == ProbeStatus::timeout && cut_by_deadline) {
        ended = true;
        break;
      }
      const auto& address = current[i].address;
      const bool seen = std::find(lane.addresses.begin(), lane.addresses.end(), address) != lane.addresses.end();
      if (!seen) lane.addresses.push_back(address);
      // The first address of a lane is where it starts, not a change.
      lane.probes.push_back(LaneProbe{std::move(result), address, !seen && lane.addresses.size() > 1});
      if (on_probe) on_probe(i, lane.probes.back());
    }
    if (ended || std::all_of(run.lanes.begin(), run.lanes.end(), lane_done)) break;

    next_start = std::max(next_start + ping.interval, round_start + ping.interval);
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

PingRun lane_ping_run(const InterleavedRun& run, std::size_t lane) {
  PingRun out;
  for (const auto& p : run.lanes.at(lane).probes) out.probes.push_back(p.result);
  out.elapsed = run.elapsed;
  out.interrupted = run.interrupted;
  return out;
}

}  // namespace tgperf::probe
