#pragma once
// The echo-bench comparison table: one row per run, with the speedup over the sync run.
#include <span>
#include <string>

#include "tgperf/report/bench_run.hpp"

namespace tgperf::report {

// A fixed-width text table ending in a newline. Speedup is throughput over the first sync run's
// ("-" when there is no sync run); a missing bound or efficiency shows as "-".
std::string render_bench_table(std::span<const BenchRun> runs);

// The injected faults of each run that had some, and what the duplicates mean; empty when no run
// had faults. Several lines, each ending in a newline.
std::string render_bench_faults(std::span<const BenchRun> runs);

// The label of a run's concurrency: "1 thread", "16 workers", "256 in flight".
std::string bench_concurrency_label(const BenchRun& run);

}  // namespace tgperf::report
