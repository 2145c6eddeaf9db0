#include "tgperf/report/ping_distribution.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "tgperf/probe/syn_retransmission.hpp"
#include "tgperf/stats/histogram.hpp"

namespace tgperf::report {
namespace {

constexpr std::size_t kBarWidth = 40;

std::string bar(std::size_t length, bool utf8) {
  std::string out;
  for (std::size_t i = 0; i < length; ++i) out += utf8 ? "\u2588" : "#";
  return out;
}

std::string syn_note(const probe::SynRetransmissions& found) {
  std::string late;
  if (found.plus_1s > 0) late = fmt::format("{} of {} connected probes took about 1 s", found.plus_1s, found.connected);
  if (found.plus_3s > 0) {
    late += found.plus_1s > 0 ? fmt::format(" and {} about 3 s", found.plus_3s)
                              : fmt::format("{} of {} connected probes took about 3 s", found.plus_3s, found.connected);
  }
  return fmt::format(
      "note: {} longer than the fastest ({:.3f} ms): a SYN was lost and sent again after the kernel's "
      "retransmission timeout (1 s, then 2 s more) - packet loss hidden inside connected probes, which a "
      "bot's new connections wait out too\n",
      late, found.base_ms);
}

}  // namespace

std::vector<double> connected_rtts_ms(const probe::PingRun& run) {
  std::vector<double> rtts;
  for (const auto& p : run.probes) {
    if (p.status == probe::ProbeStatus::connected && p.rtt) rtts.push_back(to_ms(*p.rtt));
  }
  return rtts;
}

std::string rtt_histogram_text(const std::vector<double>& rtts_ms, bool utf8) {
  const auto h = stats::log_histogram(rtts_ms);
  if (h.buckets.empty()) return "";
  std::size_t most = 0;
  for (const auto& b : h.buckets) most = std::max(most, b.count);
  std::string out = "rtt histogram (ms):\n";
  const auto& buckets = h.buckets;
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    auto b = buckets[i];
    // A run of empty buckets is one line: the gap between peaks, without a screen of zeros.
    while (b.count == 0 && i + 1 < buckets.size() && buckets[i + 1].count == 0) b.upper = buckets[++i].upper;
    // A non-empty bucket gets at least one cell, so a single outlier stays visible.
    const std::size_t length = b.count == 0 ? 0 : std::max<std::size_t>(1, b.count * kBarWidth / most);
    auto line = fmt::format("{:>10g} .. {:<8g} {:>5}  {}", b.lower, b.upper, b.count, bar(length, utf8));
    while (line.back() == ' ') line.pop_back();  // an empty bucket ends in its count
    out += line + "\n";
  }
  return out;
}

std::string ping_distribution_text(const probe::PingRun& run, const DistributionOptions& options) {
  const auto rtts = connected_rtts_ms(run);
  std::string out;
  // Peaks closer than 1 ms are not worth a histogram nobody asked for: on loopback, the first
  // probe after a sleep pays for waking the CPU (0.1 ms against 0.02 ms), which is no news for a bot.
  constexpr double kWorthShowingMs = 1.0;
  if (options.histogram || stats::is_multimodal(stats::log_histogram(rtts), kWorthShowingMs)) {
    out += rtt_histogram_text(rtts, options.utf8);
  }
  if (const auto found = probe::find_syn_retransmissions(rtts)) out += syn_note(*found);
  return out;
}

}  // namespace tgperf::report
