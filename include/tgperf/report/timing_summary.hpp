#pragma once
// Per-phase statistics of a curl-timing run, cold (new connection) and warm (reused) apart, and
// what reuse saved per request.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tgperf/botapi/timing_record.hpp"
#include "tgperf/stats/summary.hpp"

namespace tgperf::report {

// The phases in waterfall order, plus "total".
inline constexpr const char* kTimingPhases[] = {"dns", "tcp", "tls", "server", "transfer", "total"};

struct PhaseStats {
  std::string phase;                 // one of kTimingPhases
  std::optional<stats::Summary> cold;  // in ms; empty when no cold request had this phase
  std::optional<stats::Summary> warm;
};

struct TimingSummary {
  std::size_t cold_requests = 0;  // answered requests on a new connection
  std::size_t warm_requests = 0;  // answered requests on a reused connection
  std::size_t failed_requests = 0;  // no HTTP answer (they are left out of the statistics)
  std::vector<PhaseStats> phases;   // in kTimingPhases order
  // Median total of cold requests minus median total of warm ones, in ms: what a kept-alive
  // connection saves per call. Empty unless both kinds were measured.
  std::optional<double> reuse_saving_ms;
};

TimingSummary summarize_timing(std::span<const botapi::TimingRecord> records);

// The phase of a record by name (kTimingPhases), in ms; "total" is always present for an
// answered request.
std::optional<double> phase_ms(const botapi::TimingRecord& record, std::string_view phase);

// The statistics as a text table (min / median / p90 / max in ms, cold and warm side by side),
// then the reuse saving; ends in a newline.
std::string render_timing_summary(const TimingSummary& summary);

}  // namespace tgperf::report
