#pragma once
// The JSON document of one target's run (report-internal): ping_json dumps it as it is; the
// several-targets document nests one per target and adds what only lanes know.
#include <nlohmann/json.hpp>

#include "tgperf/probe/ping_session.hpp"
#include "tgperf/probe/target.hpp"

namespace tgperf::report {

nlohmann::json ping_json_document(const probe::ResolvedTarget& target, const probe::PingRun& run,
                                  const probe::PingStats& stats);

}  // namespace tgperf::report
