#include "tgperf/probe/syn_retransmission.hpp"

#include <algorithm>

namespace tgperf::probe {
namespace {

// How far above the base a retransmitted SYN lands: the timeout itself (the kernel's timer may
// fire a little early under slack) plus the second attempt's own round trip and jitter.
struct Window {
  double from_ms;
  double to_ms;
  bool holds(double above_base) const { return above_base >= from_ms && above_base < to_ms; }
};
constexpr Window kOneRetransmission{950.0, 1500.0};
constexpr Window kTwoRetransmissions{2850.0, 3500.0};

}  // namespace

std::optional<SynRetransmissions> find_syn_retransmissions(std::span<const double> rtts_ms) {
  if (rtts_ms.empty()) return std::nullopt;
  SynRetransmissions found;
  found.base_ms = *std::min_element(rtts_ms.begin(), rtts_ms.end());
  found.connected = rtts_ms.size();
  for (const double rtt : rtts_ms) {
    found.plus_1s += kOneRetransmission.holds(rtt - found.base_ms) ? 1 : 0;
    found.plus_3s += kTwoRetransmissions.holds(rtt - found.base_ms) ? 1 : 0;
  }
  if (found.plus_1s == 0 && found.plus_3s == 0) return std::nullopt;
  return found;
}

}  // namespace tgperf::probe
