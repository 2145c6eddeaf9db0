#pragma once
// Where the time of one HTTP exchange went, read from libcurl's CURLINFO_*_TIME_T.
//
// libcurl reports cumulative instants, each measured from the start of the transfer:
//   namelookup <= connect <= appconnect <= pretransfer <= starttransfer <= total
// (redirect apart). The phases a person reads (httpstat's) are their differences. On a reused
// connection libcurl reports connect = appconnect = 0 and num_connects = 0, so naive differences go
// negative: derive_phases() reports such a request as reused, with no DNS, TCP or TLS phase.
#include <chrono>
#include <optional>

namespace tgperf::http {

using Micros = std::chrono::microseconds;

// libcurl's cumulative times for one transfer (all from its start), plus the counters that say
// what the numbers mean.
struct PhaseTimes {
  Micros namelookup{0};
  Micros connect{0};
  Micros appconnect{0};     // 0 when no TLS handshake happened (plain HTTP, reused connection)
  Micros pretransfer{0};
  Micros starttransfer{0};  // first response byte
  Micros total{0};
  Micros redirect{0};       // time spent in earlier hops when redirects were followed
  std::optional<Micros> queue;         // CURLINFO_QUEUE_TIME_T, libcurl >= 8.6 only
  std::optional<Micros> posttransfer;  // CURLINFO_POSTTRANSFER_TIME_T, libcurl >= 8.10 only
  long num_connects = 0;   // new connections this transfer made; 0: it reused one
  long num_redirects = 0;

  // No new connection, yet the request got as far as being sent: it rode a kept-alive one. (A
  // transfer that failed before connecting also has num_connects 0, but never a pretransfer time.)
  bool reused_connection() const { return num_connects == 0 && pretransfer > Micros::zero(); }
};

// The phases as a person reads them. A phase that did not happen is empty, never zero-filled and
// never negative: a reused connection has no dns/tcp/tls; plain HTTP has no tls; a transfer that
// failed before the first byte has no server/transfer.
struct Phases {
  std::optional<Micros> dns;       // namelookup
  std::optional<Micros> tcp;       // connect - namelookup
  std::optional<Micros> tls;       // appconnect - connect
  std::optional<Micros> server;    // starttransfer - pretransfer: the server's think time + 1 RTT
  std::optional<Micros> transfer;  // total - starttransfer: the rest of the body
  bool reused = false;
};

Phases derive_phases(const PhaseTimes& times);

}  // namespace tgperf::http
