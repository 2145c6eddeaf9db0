#include "tgperf/report/fault_counts.hpp"

#include <string_view>

#include <fmt/format.h>

namespace tgperf::report {

std::string render_fault_counts(const emulator::FaultCounts& f) {
  std::string out;
  auto add = [&out](std::size_t n, std::string_view what) {
    if (n == 0) return;
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", n, what);
  };
  add(f.server_errors, "5xx");
  add(f.resets, "reset before the answer");
  add(f.drops, "dropped mid-response");
  add(f.stalls, "stalled");
  add(f.rate_limited, "429");
  add(f.outages, f.outages == 1 ? "outage" : "outages");
  add(f.outage_cuts, "connections cut by an outage");
  return out;
}

nlohmann::json fault_counts_json(const emulator::FaultCounts& f) {
  return {{"server_errors", f.server_errors},
          {"resets", f.resets},
          {"drops", f.drops},
          {"stalls", f.stalls},
          {"rate_limited", f.rate_limited},
          {"outages", f.outages},
          {"outage_cuts", f.outage_cuts},
          {"unacknowledged_replies", f.unacknowledged_replies}};
}

}  // namespace tgperf::report
