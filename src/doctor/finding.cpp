#include "tgperf/doctor/finding.hpp"

#include <algorithm>

namespace tgperf::doctor {

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::critical: return "critical";
    case Severity::warning: return "warning";
    case Severity::info: break;
  }
  return "info";
}

void rank(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.severity != b.severity) return a.severity > b.severity;
    return a.cost_ms > b.cost_ms;
  });
}

int exit_status(const std::vector<Finding>& findings) {
  const bool above_info =
      std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.severity != Severity::info; });
  return above_info ? 1 : 0;
}

}  // namespace tgperf::doctor
