#pragma once
// The JSON shape the benches' reports share (echo-bench, race-bench): the setup's keys at the top,
// "runs": one object per run with its pace (seconds, throughput_per_s, bound_per_s, efficiency),
// pretty-printed with a trailing newline. Private to report.
#include <functional>
#include <optional>
#include <span>
#include <string>

#include <nlohmann/json.hpp>

namespace tgperf::report {

// A figure that may not exist (no latency bound without delays): null then, never 0.
nlohmann::json optional_number(const std::optional<double>& value);

// How fast a run went: seconds, throughput_per_s, bound_per_s and efficiency (null without a bound).
struct RunPace {
  double seconds = 0;
  double throughput_per_s = 0;
  std::optional<double> bound_per_s;
  std::optional<double> efficiency;
};
nlohmann::json pace_json(const RunPace& pace);

// `document` (the setup's keys) with "runs": [run_json(run) + pace_json(pace_of(run)) ...],
// pretty-printed with a trailing newline.
template <typename Run>
std::string render_runs_json(nlohmann::json document, std::span<const Run> runs,
                             const std::function<nlohmann::json(const Run&)>& run_json) {
  document["runs"] = nlohmann::json::array();
  for (const auto& run : runs) {
    nlohmann::json j = run_json(run);
    j.update(pace_json({run.seconds, run.throughput_per_s, run.bound_per_s, run.efficiency}));
    document["runs"].push_back(std::move(j));
  }
  return document.dump(2) + "\n";
}

}  // namespace tgperf::report
