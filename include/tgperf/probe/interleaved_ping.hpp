#pragma once
// Several series of probes in one run, interleaved: `tgperf ping HOST1 HOST2`, every address of a
// name (--all-addresses), and a name re-resolved during the run (--resolve-every N). Each round
// probes every lane once, one after the other (never two handshakes at once, so one lane's probe
// does not queue behind another's on a shared link or CPU), and rounds start -i apart. The lane
// that goes first rotates from round to round: the first probe after the sleep between rounds pays
// for waking the machine up (on loopback it took 5x as long as the ones right after it), and no
// lane may always pay it. -c counts probes per lane; -w and Ctrl-C end the whole run.
#include <cstddef>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

#include "tgperf/probe/ping_session.hpp"
#include "tgperf/probe/resolver.hpp"
#include "tgperf/probe/target.hpp"

namespace tgperf::probe {

// One series: a target as the user named it, probed at one address at a time.
struct PingLane {
  TargetSpec spec;
  AddressFamily family = AddressFamily::any;
  ResolvedTarget target;  // where the first probe goes
  // Re-resolved with --resolve-every. A lane of --all-addresses is pinned to its address instead:
  // following DNS would make two lanes of one name probe the same address.
  bool follows_dns = true;
};

struct LaneProbe {
  ProbeResult result;
  std::string address;       // the numeric address this probe went to
  bool new_address = false;  // the first probe to an address this lane had not probed before
};

struct LaneRun {
  PingLane lane;                       // as at the start of the run
  std::vector<LaneProbe> probes;       // completed probes only, as PingRun::probes
  std::vector<std::string> addresses;  // every address probed, in the order first seen
  std::size_t failed_lookups = 0;      // re-resolutions that failed (the lane kept its address)
};

struct InterleavedOptions {
  PingOptions ping;
  long resolve_every = 0;  // 0: resolve once; N: re-resolve after every N probes of a lane
  Resolver resolver = system_resolver();
};

struct InterleavedRun {
  std::vector<LaneRun> lanes;
  Duration elapsed{};  // from the first probe's start to the end of the run
  bool interrupted = false;
};

// Runs rounds until every lane has its count, the deadline passes or `stop` is requested (the probe
// in flight is dropped); calls `on_probe` with the lane's index after each completed probe.
InterleavedRun run_interleaved(std::vector<PingLane> lanes, const InterleavedOptions& options,
                               const std::function<void(std::size_t lane, const LaneProbe&)>& on_probe = {},
                               std::stop_token stop = {});

// One lane of a run as a single-target PingRun (its probes, the run's elapsed time and interrupt),
// for ping_stats and the single-target reports.
PingRun lane_ping_run(const InterleavedRun& run, std::size_t lane);

}  // namespace tgperf::probe
