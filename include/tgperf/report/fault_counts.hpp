#pragma once
// The faults the emulator injected (emulator::FaultCounts), as text and JSON: the one rendering
// that `tgperf serve`'s ledger, curl-timing --local and echo-bench's fault table share, so their
// labels cannot drift apart.
#include <string>

#include <nlohmann/json.hpp>

#include "tgperf/emulator/fault_model.hpp"

namespace tgperf::report {

// "3 5xx, 2 reset before the answer, 1 outage, 4 connections cut by an outage"; empty without faults.
std::string render_fault_counts(const emulator::FaultCounts& counts);

// {server_errors resets drops stalls rate_limited outages outage_cuts unacknowledged_replies}
nlohmann::json fault_counts_json(const emulator::FaultCounts& counts);

}  // namespace tgperf::report
