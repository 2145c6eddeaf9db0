#pragma once
// What min/avg/max hide, as lines under a ping summary: a histogram of the round trips with
// log-spaced buckets (asked for with --histogram, shown anyway when the distribution has more than
// one peak), and a note when probes cluster about 1 s or 3 s above the fastest (a SYN retransmitted:
// loss hidden inside "connected" probes; see probe/syn_retransmission.hpp).
#include <string>
#include <vector>

#include "tgperf/probe/ping_session.hpp"

namespace tgperf::report {

struct DistributionOptions {
  bool histogram = false;  // --histogram: always show it
  bool utf8 = true;        // block bars; '#' otherwise
};

// The RTTs (ms) of the connected probes of a run, in order.
std::vector<double> connected_rtts_ms(const probe::PingRun& run);

// "rtt histogram (ms):" and one line per bucket, or "" when there is nothing to show.
std::string rtt_histogram_text(const std::vector<double>& rtts_ms, bool utf8);

// The lines to print after a summary (histogram, SYN note), each ending in '\n'; "" for none.
std::string ping_distribution_text(const probe::PingRun& run, const DistributionOptions& options);

}  // namespace tgperf::report
