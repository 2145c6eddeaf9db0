#include <catch2/catch.hpp>

#include <vector>

#include "report/timing_fixtures.hpp"
#include "tgperf/report/timing_json.hpp"
#include "tgperf/report/timing_summary.hpp"

using namespace tgperf::report;
using namespace timing_fixtures;

namespace {
const PhaseStats& phase(const TimingSummary& s, const std::string& name) {
  for (const auto& p : s.phases) {
    if (p.phase == name) return p;
  }
  FAIL("no phase " << name);
  throw;
}
}  // namespace

TEST_CASE("cold and warm requests are summarised apart, failures left out") {
  const std::vector<botapi::TimingRecord> records = {cold_https(1), warm_https(2, Micros(30000)),
                                             warm_https(3, Micros(40000)), refused(4)};
  const auto s = summarize_timing(records);
  CHECK(s.cold_requests == 1);
  CHECK(s.warm_requests == 2);
  CHECK(s.failed_requests == 1);
  CHECK(phase(s, "tls").cold->p50 == Approx(78.0));
  CHECK_FALSE(phase(s, "tls").warm);  // reused connections have no TLS phase at all
  CHECK(phase(s, "server").warm->min == Approx(30.0));
  CHECK(phase(s, "server").warm->max == Approx(40.0));
  CHECK(phase(s, "total").warm->p50 == Approx(35.26));
  REQUIRE(s.reuse_saving_ms);
  CHECK(*s.reuse_saving_ms == Approx(156.3 - 35.26));
}

TEST_CASE("no saving is claimed without both kinds of request") {
  const std::vector<botapi::TimingRecord> records = {cold_https(1), cold_https(2)};
  CHECK_FALSE(summarize_timing(records).reuse_saving_ms);
}

TEST_CASE("the table says reused where warm requests have no connection phases") {
  const std::vector<botapi::TimingRecord> records = {cold_https(1), warm_https(2)};
  const std::string text = render_timing_summary(summarize_timing(records));
  const auto tcp = text.substr(text.find("\ntcp"), text.find('\n', text.find("\ntcp") + 1) - text.find("\ntcp"));
  CHECK(tcp.find("37.00") != std::string::npos);
  CHECK(tcp.find("reused: none") != std::string::npos);
  CHECK(text.find("reuse saved") != std::string::npos);
}

TEST_CASE("the JSON document has requests with phases_ms (null where absent), summary and advice") {
  const std::vector<botapi::TimingRecord> records = {cold_https(1), warm_https(2)};
  const auto s = summarize_timing(records);
  const auto j = timing_json(records, s, {"x"});
  REQUIRE(j["requests"].size() == 2);
  CHECK(j["requests"][0]["connection"] == "new");
  CHECK(j["requests"][1]["connection"] == "reused");
  CHECK(j["requests"][0]["phases_ms"]["tls"].get<double>() == Approx(78.0));
  CHECK(j["requests"][1]["phases_ms"]["tls"].is_null());
  CHECK(j["requests"][1]["phases_ms"]["dns"].is_null());
  CHECK(j["requests"][0]["time_total"].get<double>() == Approx(0.1563));
  CHECK(j["requests"][0]["ok"] == true);
  CHECK(j["requests"][0]["error_code"].is_null());
  CHECK(j["summary"]["phases_ms"]["tcp"]["cold"]["median"].get<double>() == Approx(37.0));
  CHECK(j["summary"]["phases_ms"]["tcp"]["warm"].is_null());
  CHECK(j["advice"][0] == "x");
}

TEST_CASE("a run without answers prints no empty table") {
  const std::vector<botapi::TimingRecord> records = {refused(1), refused(2)};
  const std::string text = render_timing_summary(summarize_timing(records));
  CHECK(text.find("no request got an HTTP answer (2 tried)") != std::string::npos);
  CHECK(text.find("median") == std::string::npos);
}

TEST_CASE("a negative saving is not reported as a saving") {
  const std::vector<botapi::TimingRecord> records = {warm_https(1, Micros(1000)), warm_https(2, Micros(90000))};
  auto cold = records[0];
  cold.phases.reused = false;
  const std::vector<botapi::TimingRecord> mixed = {cold, records[1]};
  const std::string text = render_timing_summary(summarize_timing(mixed));
  CHECK(text.find("reuse saved nothing here") != std::string::npos);
}
