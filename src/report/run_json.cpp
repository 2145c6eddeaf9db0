#include "report/run_json.hpp"

namespace tgperf::report {

nlohmann::json optional_number(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json pace_json(const RunPace& pace) {
  return {{"seconds", pace.seconds},
          {"throughput_per_s", pace.throughput_per_s},
          {"bound_per_s", optional_number(pace.bound_per_s)},
          {"efficiency", optional_number(pace.efficiency)}};
}

}  // namespace tgperf::report
