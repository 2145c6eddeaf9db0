#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tgperf/report/ping_report.hpp"

using namespace tgperf;
using namespace tgperf::probe;
using namespace std::chrono_literals;

namespace {

ResolvedTarget v4_target() { return resolve_target(TargetSpec{"127.0.0.1", 9}, AddressFamily::ipv4); }

PingStats stats_with(std::vector<double> rtts_ms, std::size_t lost = 0) {
  PingRun run;
  int seq = 0;
  for (double ms : rtts_ms) {
    run.probes.push_back(ProbeResult{++seq, ProbeStatus::connected,
                                     std::chrono::duration_cast<Duration>(std::chrono::duration<double, std::milli>(ms)), {}});
  }
  for (std::size_t i = 0; i < lost; ++i) run.probes.push_back(ProbeResult{++seq, ProbeStatus::timeout, std::nullopt, {}});
  return ping_stats(run);
}

}  // namespace

TEST_CASE("ping verdict: ratings follow the wiki's 15 and 50 ms marks", "[ping_report]") {
  CHECK(report::ping_verdict(stats_with({10, 11, 12})).rating == "excellent");
  CHECK(report::ping_verdict(stats_with({30, 31, 32})).rating == "good");
  CHECK(report::ping_verdict(stats_with({50, 50})).rating == "good");
  CHECK(report::ping_verdict(stats_with({80, 81, 82})).rating == "far");
  CHECK(report::ping_verdict(stats_with({})).rating == "no answer");
}

TEST_CASE("ping verdict: each mark and one step either side, the wiki's side winning", "[ping_report]") {
  // "under 15ms" is excellent, "50ms or less" good: 15.0 is good, 50.0 good, 50.1 far.
  CHECK(report::ping_verdict(stats_with({14.9, 14.9})).rating == "excellent");
  CHECK(report::ping_verdict(stats_with({15.0, 15.0})).rating == "good");
  CHECK(report::ping_verdict(stats_with({15.1, 15.1})).rating == "good");
  CHECK(report::ping_verdict(stats_with({49.9, 49.9})).rating == "good");
  CHECK(report::ping_verdict(stats_with({50.1, 50.1})).rating == "far");
}

TEST_CASE("ping verdict: stable at mdev a quarter of the average or under 1 ms, not past either", "[ping_report]") {
  // avg 10, mdev 2.5 (a quarter): stable; {7, 13}: mdev 3 > 2.5 and >= 1: not.
  CHECK(report::ping_verdict(stats_with({7.5, 12.5})).stable);
  CHECK_FALSE(report::ping_verdict(stats_with({7, 13})).stable);
  // avg 2, mdev 0.9 (more than a quarter, under 1 ms): stable; mdev 1.0 at avg 2: not.
  CHECK(report::ping_verdict(stats_with({1.1, 2.9})).stable);
  CHECK_FALSE(report::ping_verdict(stats_with({1.0, 3.0})).stable);
}

TEST_CASE("ping verdict: stability from mdev and loss", "[ping_report]") {
  CHECK(report::ping_verdict(stats_with({30, 31, 32})).stable);
  CHECK_FALSE(report::ping_verdict(stats_with({10, 60, 10, 60})).stable);  // mdev 25 ms on avg 35
  CHECK_FALSE(report::ping_verdict(stats_with({30, 31, 32}, 1)).stable);   // a lost probe
  CHECK_FALSE(report::ping_verdict(stats_with({30, 31, 32})).advice.empty());
}

TEST_CASE("ping lines: connected, refused, timeout, unreachable", "[ping_report]") {
  const auto t = v4_target();
  CHECK(report::ping_header(t) == "TCPING 127.0.0.1 (127.0.0.1) port 9");
  CHECK(report::ping_probe_line(t, ProbeResult{1, ProbeStatus::connected, 12345us, {}}, 2s) ==
        "connected to 127.0.0.1:9: seq=1 time=12.345 ms");
  CHECK(report::ping_probe_line(t, ProbeResult{2, ProbeStatus::refused, 51us, {}}, 2s) ==
        "refused by 127.0.0.1:9: seq=2 time=0.051 ms (port closed)");
  CHECK(report::ping_probe_line(t, ProbeResult{3, ProbeStatus::timeout, std::nullopt, {}}, 2s) ==
        "no answer from 127.0.0.1:9: seq=3 timeout after 2000 ms");
  CHECK(report::ping_probe_line(t, ProbeResult{4, ProbeStatus::unreachable, 1ms, "No route to host"}, 2s) ==
        "unreachable 127.0.0.1:9: seq=4 time=1.000 ms (No route to host)");
}

TEST_CASE("ping summary: counts, rtt line and verdict; all lost has no rtt line", "[ping_report]") {
  const auto t = v4_target();
  const auto text = report::ping_summary_text(t, stats_with({1, 3}, 2));
  CHECK(text.find("--- 127.0.0.1 tcping statistics ---") == 0);
  CHECK(text.find("4 probes transmitted, 2 connected, 0 refused, 2 lost, 50% loss") != std::string::npos);
  CHECK(text.find("rtt min/avg/max/mdev = 1.000/2.000/3.000/1.000 ms") != std::string::npos);
  CHECK(text.find("jitter 2.000 ms") != std::string::npos);
  const auto lost = report::ping_summary_text(t, stats_with({}, 3));
  CHECK(lost.find("3 probes transmitted, 0 connected, 0 refused, 3 lost, 100% loss") != std::string::npos);
  CHECK(lost.find("rtt") == std::string::npos);
}

TEST_CASE("ping JSON and CSV carry every probe", "[ping_report]") {
  const auto t = v4_target();
  PingRun run;
  run.probes = {ProbeResult{1, ProbeStatus::connected, 2ms, {}}, ProbeResult{2, ProbeStatus::timeout, std::nullopt, {}},
                ProbeResult{3, ProbeStatus::error, std::nullopt, "bind, failed"}};
  const auto doc = nlohmann::json::parse(report::ping_json(t, run, ping_stats(run)));
  CHECK(doc["target"]["family"] == "ipv4");
  CHECK(doc["target"]["port"] == 9);
  REQUIRE(doc["probes"].size() == 3);
  CHECK(doc["probes"][0]["rtt_ms"] == 2.0);
  CHECK(doc["probes"][1]["rtt_ms"].is_null());
  CHECK(doc["summary"]["lost"] == 2);
  CHECK(doc["summary"]["avg_ms"] == 2.0);
  CHECK(doc["verdict"]["rating"] == "excellent");
  CHECK(report::ping_csv_header() == "seq,status,rtt_ms,error");
  CHECK(report::ping_csv_row(run.probes[0]) == "1,connected,2.000,");
  CHECK(report::ping_csv_row(run.probes[2]) == "3,error,,\"bind, failed\"");
}
