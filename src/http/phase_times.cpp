#include "tgperf/http/phase_times.hpp"

namespace tgperf::http {
namespace {

// A difference of two cumulative instants, or nothing when the later one was never reached (0)
// or the pair is out of order (which would be an invented, negative phase).
std::optional<Micros> span(Micros from, Micros to) {
  if (to <= Micros::zero() || to < from) return std::nullopt;
  return to - from;
}

}  // namespace

Phases derive_phases(const PhaseTimes& t) {
  Phases p;
  p.reused = t.reused_connection();
  if (!p.reused) {
    // On a fresh connection namelookup is the resolver's time (tiny when cached or an IP literal).
    if (t.connect > Micros::zero() || t.namelookup > Micros::zero()) p.dns = t.namelookup;
    p.tcp = span(t.namelookup, t.connect);
    if (t.appconnect > Micros::zero()) p.tls = span(t.connect, t.appconnect);
  }
  if (t.starttransfer > Micros::zero()) {
    p.server = span(t.pretransfer, t.starttransfer);
    p.transfer = span(t.starttransfer, t.total);
    if (!p.transfer && t.total == t.starttransfer) p.transfer = Micros::zero();
  }
  return p;
}

}  // namespace tgperf::http
