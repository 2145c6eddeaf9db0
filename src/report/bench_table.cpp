#include "tgperf/report/bench_table.hpp"

#include <fmt/format.h>

#include <optional>
#include <vector>

namespace tgperf::report {

namespace {

std::string optional_fixed(const std::optional<double>& value, int decimals) {
  return value ? fmt::format("{:.{}f}", *value, decimals) : std::string("-");
}

}  // namespace

std::string bench_concurrency_label(const BenchRun& run) {
  if (run.mode == "async") return fmt::format("{} in flight", run.inflight);
  if (run.mode == "sync") return "1 thread";
  return fmt::format("{} worker{}", run.workers, run.workers == 1 ? "" : "s");
}

std::string render_bench_table(std::span<const BenchRun> runs) {
  std::optional<double> sync_throughput;
  for (const auto& run : runs) {
    if (run.mode == "sync") {
      sync_throughput = run.throughput_per_s;
      break;
    }
  }
  std::string out = fmt::format(
      "{:<9} {:>14} {:>8} {:>6} {:>4} {:>8} {:>10} {:>10} {:>5} {:>8} {:>8} {:>8} {:>8} {:>8} {:>6}\n",
      "mode", "concurrency", "answered", "lost", "dup", "seconds", "updates/s", "bound/s", "eff",
      "speedup", "p50 ms", "p90 ms", "p99 ms", "max ms", "cpu s");
  for (const auto& run : runs) {
    std::optional<double> speedup;
    if (sync_throughput && *sync_throughput > 0) speedup = run.throughput_per_s / *sync_throughput;
    const auto lat = run.latency_ms;
    out += fmt::format(
        "{:<9} {:>14} {:>8} {:>6} {:>4} {:>8.2f} {:>10.1f} {:>10} {:>5} {:>8} {:>8} {:>8} {:>8} "
        "{:>8} {:>6.2f}\n",
        run.mode + (run.ordered ? "*" : ""), bench_concurrency_label(run), run.answered, run.lost,
        run.duplicates, run.seconds, run.throughput_per_s, optional_fixed(run.bound_per_s, 1),
        optional_fixed(run.efficiency, 2), speedup ? fmt::format("{:.1f}x", *speedup) : "-",
        lat ? fmt::format("{:.1f}", lat->p50) : "-", lat ? fmt::format("{:.1f}", lat->p90) : "-",
        lat ? fmt::format("{:.1f}", lat->p99) : "-", lat ? fmt::format("{:.1f}", lat->max) : "-",
        run.cpu_seconds);
  }
  bool any_ordered = false;
  for (const auto& run : runs) any_ordered = any_ordered || run.ordered;
  if (any_ordered) out += "* ordered: replies of one chat are sent one after another\n";
  return out;
}

}  // namespace tgperf::report
