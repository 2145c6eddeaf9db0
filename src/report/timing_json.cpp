#include "tgperf/report/timing_json.hpp"

namespace tgperf::report {

using http::Micros;
namespace {

double seconds(Micros t) { return static_cast<double>(t.count()) / 1e6; }

nlohmann::json ms_or_null(const std::optional<Micros>& t) {
  if (!t) return nullptr;
  return static_cast<double>(t->count()) / 1000.0;
}

nlohmann::json string_or_null(const std::string& s) {
  if (s.empty()) return nullptr;
  return s;
}

nlohmann::json summary_json(const std::optional<stats::Summary>& s) {
  if (!s) return nullptr;
  return {{"count", s->count}, {"min", s->min}, {"median", s->p50}, {"p90", s->p90}, {"max", s->max}};
}

}  // namespace

nlohmann::json timing_record_json(const botapi::TimingRecord& r) {
  nlohmann::json j;
  j["seq"] = r.seq;
  // "none": the request failed before any connection was made (bad URL, DNS failure, refused).
  j["connection"] = r.phases.reused ? "reused" : r.response.times.num_connects > 0 ? "new" : "none";
  j["method"] = r.method;
  j["url"] = r.url;
  j["http_code"] = r.response.http_code;
  j["ok"] = r.succeeded();
  j["error_code"] = r.error_code ? nlohmann::json(*r.error_code) : nlohmann::json(nullptr);
  j["description"] = string_or_null(r.description);
  j["retry_after"] = r.retry_after ? nlohmann::json(r.retry_after->count()) : nlohmann::json(nullptr);
  j["remote_ip"] = string_or_null(r.response.remote_ip);
  j["remote_port"] = r.response.remote_port;
  j["http_version"] = string_or_null(r.response.http_version);
  j["num_connects"] = r.response.times.num_connects;
  j["time_namelookup"] = seconds(r.response.times.namelookup);
  j["time_connect"] = seconds(r.response.times.connect);
  j["time_appconnect"] = seconds(r.response.times.appconnect);
  j["time_pretransfer"] = seconds(r.response.times.pretransfer);
  j["time_starttransfer"] = seconds(r.response.times.starttransfer);
  j["time_total"] = seconds(r.response.times.total);
  j["time_redirect"] = seconds(r.response.times.redirect);
  j["phases_ms"] = {{"dns", ms_or_null(r.phases.dns)},
                    {"tcp", ms_or_null(r.phases.tcp)},
                    {"tls", ms_or_null(r.phases.tls)},
                    {"server", ms_or_null(r.phases.server)},
                    {"transfer", ms_or_null(r.phases.transfer)}};
  j["exitcode"] = r.response.curl_code;
  j["errormsg"] = string_or_null(r.response.error);
  return j;
}

nlohmann::json timing_json(std::span<const botapi::TimingRecord> records, const TimingSummary& summary,
                           const std::vector<std::string>& advice) {
  nlohmann::json requests = nlohmann::json::array();
  for (const auto& r : records) requests.push_back(timing_record_json(r));
  nlohmann::json phases = nlohmann::json::object();
  for (const auto& p : summary.phases) {
    phases[p.phase] = {{"cold", summary_json(p.cold)}, {"warm", summary_json(p.warm)}};
  }
  nlohmann::json s = {{"cold_requests", summary.cold_requests},
                      {"warm_requests", summary.warm_requests},
                      {"failed_requests", summary.failed_requests},
                      {"phases_ms", phases},
                      {"reuse_saving_ms", summary.reuse_saving_ms ? nlohmann::json(*summary.reuse_saving_ms)
                                                                  : nlohmann::json(nullptr)}};
  return {{"requests", requests}, {"summary", s}, {"advice", advice}};
}

}  // namespace tgperf::report
