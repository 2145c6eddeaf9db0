#pragma once
// One TCP-connect probe: a non-blocking connect() timed with a monotonic clock until the socket
// becomes writable, SO_ERROR then says what the answer was. The handshake is the round trip:
// SYN out, SYN-ACK (connected) or RST (refused) back.
#include <chrono>
#include <optional>
#include <stop_token>
#include <string>

#include "tgperf/core/duration.hpp"
#include "tgperf/probe/target.hpp"

namespace tgperf::probe {

enum class ProbeStatus {
  connected,    // SYN-ACK: the port is open
  refused,      // RST: the host answered, the port is closed (an answer, with an RTT)
  timeout,      // nothing came back within the probe timeout
  unreachable,  // ICMP unreachable / no route (network or host)
  error,        // anything else (bind failure, permission, ...)
  interrupted,  // Ctrl-C arrived while waiting: not a measurement
};

std::string_view to_string(ProbeStatus status);

struct ProbeResult {
  int seq = 0;
  ProbeStatus status = ProbeStatus::error;
  std::optional<Duration> rtt;  // time from connect() to the answer; none for timeout / interrupted
  std::string error;            // strerror text for unreachable / error, empty otherwise
};

// Where probes leave from: a local address (--source, numeric, same family as the target) and/or
// a network interface (-I, SO_BINDTODEVICE, usually needs CAP_NET_RAW).
struct BindOptions {
  std::optional<std::string> source;
  std::optional<std::string> interface;
};

// Validates -I and --source before any probe, with a trial bind: throws UsageError when the source
// is not a numeric address of the target's family or not one of this machine's, or the interface
// does not exist (or may not be bound to): local configuration, not loss.
void check_source(const BindOptions& bind, const ResolvedTarget& target);

// Sends one probe and waits up to `timeout`; a stop request ends the wait at once (status
// interrupted, not a measurement).
ProbeResult tcp_probe(const ResolvedTarget& target, Duration timeout, const BindOptions& bind = {}, int seq = 0,
                      std::stop_token stop = {});

}  // namespace tgperf::probe
