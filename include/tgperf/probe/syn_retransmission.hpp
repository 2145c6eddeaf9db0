#pragma once
// Loss hidden inside "connected" probes. When a SYN (or the SYN-ACK) is lost, the kernel sends the
// SYN again after its initial retransmission timeout, 1 s on Linux since 3.1 (RFC 6298), then after
// 2 s more: the connect still succeeds, about 1 s or 3 s later than the path's round trip. Such
// probes form clusters near +1 s and +3 s above the fastest ones, which min/avg/max hide.
#include <cstddef>
#include <optional>
#include <span>

namespace tgperf::probe {

struct SynRetransmissions {
  double base_ms = 0;         // the fastest round trip, the path without a retransmission
  std::size_t plus_1s = 0;    // probes 0.95 s .. 1.5 s above the base: one SYN retransmitted
  std::size_t plus_3s = 0;    // probes 2.85 s .. 3.5 s above the base: two (or a 3 s initial RTO)
  std::size_t connected = 0;  // all connected probes
};

// The clusters among the RTTs (ms) of connected probes, or nothing when no probe falls in one.
std::optional<SynRetransmissions> find_syn_retransmissions(std::span<const double> rtts_ms);

}  // namespace tgperf::probe
