// ping's metrics for an interleaved run: a series per target, the address label with
// --all-addresses, and the histogram family with --histogram, read back by the strict parser.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>

#include "support/openmetrics_parser.hpp"
#include "tgperf/report/openmetrics_ping.hpp"

using namespace tgperf;

namespace {

probe::LaneRun lane_at(const char* address, std::vector<double> rtts_ms) {
  auto target = probe::resolve_target(probe::TargetSpec{address, 443}, probe::AddressFamily::any);
  target.host = "dual.test";
  probe::LaneRun lane{probe::PingLane{{"dual.test", 443}, probe::AddressFamily::any, target, false}, {}, {address}, 0};
  int seq = 0;
  for (const double ms : rtts_ms) {
    const auto rtt = std::chrono::duration_cast<Duration>(std::chrono::duration<double, std::milli>(ms));
    lane.probes.push_back({probe::ProbeResult{++seq, probe::ProbeStatus::connected, rtt, ""}, address, false});
  }
  return lane;
}

}  // namespace

TEST_CASE("openmetrics: --all-addresses gives each address its own series with an address label", "[openmetrics][ping]") {
  probe::InterleavedRun run;
  run.lanes = {lane_at("127.0.0.1", {1.0, 2.0}), lane_at("::1", {3.0})};
  const auto parsed = tgperf::test::parse_openmetrics(
      report::render_exposition(report::ping_metrics(run, true), report::ExpositionFormat::openmetrics));
  const auto* rtt = parsed.find("tgperf_ping_rtt_seconds");
  REQUIRE(rtt != nullptr);
  double v4 = -1, v6 = -1;
  for (const auto& s : rtt->samples) {
    CHECK(s.labels.at("target") == "dual.test:443");
    if (s.name == "tgperf_ping_rtt_seconds_count") (s.labels.at("address") == "::1" ? v6 : v4) = s.value;
  }
  CHECK(v4 == 2);
  CHECK(v6 == 1);
  CHECK(parsed.find("tgperf_ping_rtt_histogram_seconds") == nullptr);  // only with --histogram
}

TEST_CASE("openmetrics: --histogram adds a histogram with cumulative log-spaced buckets", "[openmetrics][ping]") {
  probe::InterleavedRun run;
  run.lanes = {lane_at("127.0.0.1", {0.05, 1.2, 1.4, 40.0})};
  const auto text = report::render_exposition(report::ping_metrics(run, false, true), report::ExpositionFormat::openmetrics);
  INFO(text);
  const auto parsed = tgperf::test::parse_openmetrics(text);
  const auto* h = parsed.find("tgperf_ping_rtt_histogram_seconds");
  REQUIRE(h != nullptr);
  CHECK(h->type == "histogram");
  CHECK(h->unit == "seconds");
  // The count at bound `le` (seconds), as the parser read it.
  const auto at = [&](double le) {
    for (const auto& s : h->samples) {
      const double bound = std::strtod(s.labels.at("le").c_str(), nullptr);
      if (s.name.ends_with("_bucket") && (std::isinf(le) ? std::isinf(bound) : bound == Approx(le))) return s.value;
    }
    FAIL("no bucket le=" << le);
    return -1.0;
  };
  for (const auto& s : h->samples) CHECK_FALSE(s.labels.contains("address"));
  CHECK(at(0.0001) == 1);  // 0.05 ms
  CHECK(at(0.0015) == 3);  // and 1.2, 1.4 ms
  CHECK(at(0.05) == 4);    // and 40 ms
  CHECK(at(HUGE_VAL) == 4);  // +Inf
  CHECK(text.find("tgperf_ping_rtt_histogram_seconds_count{target=\"dual.test:443\"} 4\n") != std::string::npos);
  // Prometheus' dialect writes the same samples.
  const auto prom = report::render_exposition(report::ping_metrics(run, false, true), report::ExpositionFormat::prometheus);
  CHECK(prom.find("# TYPE tgperf_ping_rtt_histogram_seconds histogram\n") != std::string::npos);
  CHECK(prom.find("tgperf_ping_rtt_histogram_seconds_bucket{target=\"dual.test:443\",le=\"+Inf\"} 4\n") != std::string::npos);
}
