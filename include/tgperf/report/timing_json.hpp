#pragma once
// curl-timing's --json document: {"requests": [...], "summary": {...}, "advice": [...]}.
// Per request: seq, connection ("new", "reused", or "none" when no connection was made), method, url (redacted), http_code, ok,
// error_code, description, remote_ip, http_version, curl's time_* in seconds, phases_ms (dns, tcp,
// tls, server, transfer; null where the phase did not happen), exitcode and errormsg.
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tgperf/botapi/timing_record.hpp"
#include "tgperf/report/timing_summary.hpp"

namespace tgperf::report {

nlohmann::json timing_record_json(const botapi::TimingRecord& record);

nlohmann::json timing_json(std::span<const botapi::TimingRecord> records, const TimingSummary& summary,
                           const std::vector<std::string>& advice);

}  // namespace tgperf::report
