#include "tgperf/report/ledger_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>

#include <fmt/format.h>

#include "tgperf/core/plural.hpp"
#include "tgperf/core/significant_digits.hpp"
#include "tgperf/report/fault_counts.hpp"

namespace tgperf::report {
namespace {

nlohmann::json flood_counts_json(const emulator::FloodCounts& f) {
  return {{"chat_limited", f.chat_limited}, {"bot_limited", f.bot_limited}, {"early_retries", f.early_retries}};
}

// "3 refused per chat, 1 per bot (429); 2 early retries (sent before their retry_after)".
std::string render_flood_counts(const emulator::FloodCounts& f) {
  return fmt::format("{} refused per chat, {} per bot (429); {} (sent before their retry_after)", f.chat_limited,
                     f.bot_limited, counted(static_cast<std::int64_t>(f.early_retries), "early retry", "early retries"));
}

}  // namespace

nlohmann::json ledger_json(const emulator::LedgerReport& r) {
  nlohmann::json latency = nullptr;
  if (r.latency_ms) {
    const auto& s = *r.latency_ms;
    latency = {{"count", s.count}, {"min", s.min}, {"avg", s.avg}, {"p50", s.p50},
               {"p90", s.p90},     {"p99", s.p99}, {"max", s.max}};
  }
  nlohmann::json histogram = nlohmann::json::array();
  for (const auto& b : r.histogram) {
    histogram.push_back({{"le_ms", b.upper_ms ? nlohmann::json(*b.upper_ms) : nlohmann::json(nullptr)},
                         {"count", b.count}});
  }
  return {{"scheduled", r.scheduled},
          {"messages", r.messages},
          {"answered", r.answered},
          {"duplicates", r.duplicates},
          {"unanswered", r.unanswered},
          {"unmatched", r.unmatched},
          {"out_of_order", r.out_of_order},
          {"replies", r.replies},
          {"seconds", r.seconds},
          {"throughput_per_s", r.throughput_per_s},
          {"latency_ms", latency},
          {"histogram", histogram},
          {"faults", fault_counts_json(r.faults)},
          {"flood", flood_counts_json(r.flood)},
          {"redeliveries", r.redeliveries},
          {"methods", r.methods}};
}

std::string render_ledger(const emulator::LedgerReport& r) {
  std::string out;
  auto line = [&out](std::string_view name, const std::string& value) {
    out += fmt::format("  {:<16} {}\n", name, value);
  };
  out += "Ledger\n";
  line("messages", fmt::format("{} offered of {} scheduled", r.messages, r.scheduled));
  line("answered", std::to_string(r.answered));
  line("unanswered", std::to_string(r.unanswered));
  line("duplicates", std::to_string(r.duplicates));
  line("unmatched", std::to_string(r.unmatched));
  line("out of order", std::to_string(r.out_of_order));
  line("seconds", fmt::format("{:.3f}", r.seconds));
  line("throughput", with_significant_digits(r.throughput_per_s) + " replies/s");
  if (r.faults.any()) {
    line("faults injected", render_fault_counts(r.faults));
    if (r.faults.unacknowledged_replies > 0 || r.duplicates > 0) {
      line("", fmt::format("{} lost (a retry of one is a duplicate)",
                           counted(static_cast<std::int64_t>(r.faults.unacknowledged_replies),
                                   "executed sendMessage answer")));
    }
  }
  // The limiter's own 429s, apart from the injected ones above; hidden when it was off and idle.
  if (r.flood_limits_on || r.flood.any()) line("flood limiter", render_flood_counts(r.flood));
  if (r.redeliveries > 0) {
    line("re-deliveries", fmt::format("{} webhook deliveries of an update sent before (a reply to one is a duplicate)",
                                      r.redeliveries));
  }
  if (r.latency_ms) {
    const auto& s = *r.latency_ms;
    line("latency ms", fmt::format("p50 {:.2f}  p90 {:.2f}  p99 {:.2f}  max {:.2f}  (min {:.2f}, avg {:.2f})",
                                   s.p50, s.p90, s.p99, s.max, s.min, s.avg));
    std::size_t peak = 0;
    for (const auto& b : r.histogram) peak = std::max(peak, b.count);
    for (const auto& b : r.histogram) {
      if (b.count == 0) continue;
      const std::string label = b.upper_ms ? fmt::format("<= {:g} ms", *b.upper_ms) : std::string("> 10000 ms");
      const auto width = static_cast<std::size_t>(std::lround(30.0 * static_cast<double>(b.count) /
                                                              static_cast<double>(peak)));
      out += fmt::format("    {:>11} {:>7} {}\n", label, b.count, std::string(std::max<std::size_t>(width, 1), '#'));
    }
  } else {
    line("latency ms", "none (nothing answered)");
  }
  return out;
}

}  // namespace tgperf::report
