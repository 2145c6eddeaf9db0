#pragma once
// The doctor's report for people (findings first, then the measurements) and as JSON
// ({findings, dns, tcp, timing, webhook, bot, clock}). The one place doctor output is shaped.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tgperf/doctor/finding.hpp"
#include "tgperf/doctor/measurements.hpp"

namespace tgperf::doctor {

std::string render_text(const Measurements& m, const std::vector<Finding>& findings, bool color = false);
nlohmann::json to_json(const Measurements& m, const std::vector<Finding>& findings);

}  // namespace tgperf::doctor
