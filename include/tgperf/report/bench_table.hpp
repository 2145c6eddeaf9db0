#pragma once
// The echo-bench comparison table: one row per run, with the speedup over the sync run.
#include <optional>
#include <span>
#include <string>

#include "tgperf/report/bench_run.hpp"

namespace tgperf::report {

// A fixed-width text table ending in a newline. Speedup is throughput over the first sync run's
// ("-" when there is no sync run); a missing bound or efficiency shows as "-".
std::string render_bench_table(std::span<const BenchRun> runs);

// The same table a piece at a time, for printing each run's row as soon as it ends:
// header + one row per run + notes == render_bench_table(runs), byte for byte, when
// `sync_throughput` is the first sync run's (none before it has run).
std::string render_bench_table_header();
std::string render_bench_table_row(const BenchRun& run, std::optional<double> sync_throughput);
std::string render_bench_table_notes(std::span<const BenchRun> runs);  // empty, or lines ending in '\n'

// The injected faults of each run that had some, and what the duplicates mean; empty when no run
// had faults. Several lines, each ending in a newline.
std::string render_bench_faults(std::span<const BenchRun> runs);

// The label of a run's concurrency: "1 thread", "16 workers", "256 in flight".
std::string bench_concurrency_label(const BenchRun& run);

}  // namespace tgperf::report
