#include "tgperf/report/bench_table.hpp"

#include "tgperf/report/fault_counts.hpp"
#include "tgperf/core/plural.hpp"
#include "tgperf/core/significant_digits.hpp"

#include <fmt/format.h>

#include <optional>
#include <vector>
#include "text_style.hpp"

namespace tgperf::report {

namespace {


}  // namespace

std::string bench_concurrency_label(const BenchRun& run) {
  if (run.mode == "async") return fmt::format("{} in flight", run.inflight);
  // A sync webhook bot handles each update on the receiver's connection thread: one per connection.
  if (run.mode == "sync" && run.connections > 0) return counted(static_cast<std::int64_t>(run.connections), "connection");
  if (run.mode == "sync") return "1 thread";
  return counted(static_cast<std::int64_t>(run.workers), "worker");
}

std::string render_bench_table_header() {
  return fmt::format(
      "{:<9} {:<8} {:>14} {:>8} {:>6} {:>4} {:>8} {:>10} {:>10} {:>5} {:>8} {:>8} {:>8} {:>8} {:>8} {:>6}\n",
      "mode", "delivery", "concurrency", "answered", "lost", "dup", "seconds", "updates/s", "bound/s", "eff",
      "speedup", "p50 ms", "p90 ms", "p99 ms", "max ms", "cpu s");
}

std::string render_bench_table_row(const BenchRun& run, std::optional<double> sync_throughput) {
  std::optional<double> speedup;
  if (sync_throughput && *sync_throughput > 0) speedup = run.throughput_per_s / *sync_throughput;
  const auto lat = run.latency_ms;
  return fmt::format(
      "{:<9} {:<8} {:>14} {:>8} {:>6} {:>4} {:>8.2f} {:>10} {:>10} {:>5} {:>8} {:>8} {:>8} {:>8} "
      "{:>8} {:>6.2f}\n",
      run.mode + (run.ordered ? "*" : ""), run.delivery, bench_concurrency_label(run), run.answered,
      run.interrupted ? std::string("cut") : std::to_string(run.lost),
      run.duplicates, run.seconds, with_significant_digits(run.throughput_per_s), optional_fixed(run.bound_per_s, 1),
      optional_fixed(run.efficiency, 2), speedup ? fmt::format("{:.1f}x", *speedup) : "-",
      lat ? fmt::format("{:.1f}", lat->p50) : "-", lat ? fmt::format("{:.1f}", lat->p90) : "-",
      lat ? fmt::format("{:.1f}", lat->p99) : "-", lat ? fmt::format("{:.1f}", lat->max) : "-",
      run.cpu_seconds);
}

std::string render_bench_table_notes(std::span<const BenchRun> runs) {
  std::string out;
  bool any_ordered = false;
  for (const auto& run : runs) any_ordered = any_ordered || run.ordered;
  if (any_ordered) out += "* ordered: replies of one chat are sent one after another\n";
  for (const auto& run : runs) {
    if (!run.interrupted) continue;
    out += fmt::format("cut: {} {} {} was interrupted with {} of {} unanswered; they are not lost, the run "
                       "ended first\n",
                       run.mode, run.delivery, bench_concurrency_label(run), run.unanswered,
                       counted(static_cast<std::int64_t>(run.updates), "update"));
  }
  return out;
}

std::string render_bench_table(std::span<const BenchRun> runs) {
  std::optional<double> sync_throughput;
  for (const auto& run : runs) {
    if (run.mode == "sync") {
      sync_throughput = run.throughput_per_s;
      break;
    }
  }
  std::string out = render_bench_table_header();
  for (const auto& run : runs) out += render_bench_table_row(run, sync_throughput);
  return out + render_bench_table_notes(runs);
}

std::string render_bench_faults(std::span<const BenchRun> runs) {
  const BenchRun* first = nullptr;
  for (const auto& run : runs) {
    if (run.faults) {
      first = &run;
      break;
    }
  }
  if (!first) return {};
  std::string out = fmt::format("faults injected: {} (seed {}; --seed {} replays the draws)\n",
                                first->faults->configured, first->faults->seed, first->faults->seed);
  bool any_duplicates = false;
  for (const auto& run : runs) {
    if (!run.faults) continue;
    const auto& f = *run.faults;
    std::string counts = render_fault_counts(f.counts);
    if (counts.empty()) counts = "none hit this run";
    const std::string label = run.mode + " " + (run.delivery == "polling" ? "" : run.delivery + " ") +
                              bench_concurrency_label(run);
    const std::string redelivered =
        run.redeliveries > 0 ? fmt::format(" and {} webhook re-deliveries", run.redeliveries) : std::string();
    out += fmt::format("  {:<24} {}\n", label, counts);
    out += fmt::format("  {:<24} answered {}/{}, lost {}, {} ({} explained by {} lost after the "
                       "reply was delivered{})\n",
                       "", run.answered, run.updates, run.lost,
                       counted(static_cast<std::int64_t>(run.duplicates), "duplicate"),
                       run.duplicates - run.unexplained_duplicates(),
                       counted(static_cast<std::int64_t>(f.counts.unacknowledged_replies), "answer"), redelivered);
    any_duplicates = any_duplicates || run.duplicates > 0;
  }
  if (any_duplicates) {
    out +=
        "A duplicate is a reply the bot sent twice: the emulator had carried out its sendMessage (the chat got it),\n"
        "then the answer was dropped, stalled past the bot's timeout or cut by an outage, so the bot retried.\n"
        "Retrying is how no update is lost; a bot cannot tell an executed call from a failed one.\n";
  }
  return out;
}

}  // namespace tgperf::report
