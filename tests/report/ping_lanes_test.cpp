// The several-lanes ping report, the sparkline and the distribution lines, from runs built by hand.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

#include "tgperf/probe/resolver.hpp"
#include "tgperf/report/ping_distribution.hpp"
#include "tgperf/report/ping_lanes.hpp"
#include "tgperf/report/sparkline.hpp"

using namespace tgperf;
using namespace std::chrono_literals;

namespace {

probe::ResolvedTarget literal(const char* address, std::uint16_t port = 443) {
  return probe::resolve_target(probe::TargetSpec{address, port}, probe::AddressFamily::any);
}

// A lane of `host` at `target`'s address whose probes connected after `rtts_ms` (none: refused).
probe::LaneRun lane(const std::string& host, probe::ResolvedTarget target, const std::vector<std::optional<double>>& rtts_ms,
                    bool pinned = false) {
  target.host = host;
  probe::LaneRun run{probe::PingLane{{host, target.port}, probe::AddressFamily::any, target, !pinned}, {}, {target.address}, 0};
  int seq = 0;
  for (const auto& ms : rtts_ms) {
    probe::ProbeResult r{++seq, ms ? probe::ProbeStatus::connected : probe::ProbeStatus::refused,
                         std::chrono::duration_cast<Duration>(std::chrono::duration<double, std::milli>(ms.value_or(0.2))), ""};
    run.probes.push_back(probe::LaneProbe{r, target.address, false});
  }
  return run;
}

}  // namespace

TEST_CASE("ranked table: fastest median first, no answer last and unnumbered, a verdict per row", "[ping-lanes]") {
  probe::InterleavedRun run;
  run.lanes.push_back(lane("slow.test", literal("127.0.0.1"), {60.0, 61.0, 62.0}));
  run.lanes.push_back(lane("closed.test", literal("127.0.0.2"), {std::nullopt, std::nullopt}));
  run.lanes.push_back(lane("fast.test", literal("127.0.0.3"), {5.0, 5.1, 5.2}));
  const auto labels = report::lane_labels(run, false);
  CHECK(labels == std::vector<std::string>{"slow.test:443", "closed.test:443", "fast.test:443"});
  const auto table = report::ranked_table_text(run, labels);
  INFO(table);
  const auto fast = table.find("   1  fast.test:443");
  const auto slow = table.find("   2  slow.test:443");
  const auto closed = table.find("   -  closed.test:443");
  REQUIRE(fast != std::string::npos);
  REQUIRE(slow != std::string::npos);
  REQUIRE(closed != std::string::npos);
  CHECK(fast < slow);
  CHECK(slow < closed);
  CHECK(table.find("5.100") != std::string::npos);  // fast's median
  CHECK(table.find("excellent, stable") != std::string::npos);
  CHECK(table.find("far, stable") != std::string::npos);
  CHECK(table.find("refused\n") != std::string::npos);  // a closed port is refused, not silent
}

TEST_CASE("address comparison: the slower address of one name against its fastest, at the median", "[ping-lanes]") {
  probe::InterleavedRun run;
  run.lanes.push_back(lane("dual.test", literal("::1"), {12.0, 12.5, 13.0}, true));
  run.lanes.push_back(lane("dual.test", literal("127.0.0.1"), {10.0, 10.25, 11.0}, true));
  run.lanes.push_back(lane("other.test", literal("127.0.0.5"), {1.0}, true));
  CHECK(report::address_comparison_text(run) == "IPv6 ::1 is 2.250 ms slower than IPv4 127.0.0.1 at the median\n");
  const auto labels = report::lane_labels(run, true);
  CHECK(labels[0] == "dual.test:443 IPv6 ::1");  // several names: the name goes in front
}

TEST_CASE("addresses seen by a lane: each with its share of the probes", "[ping-lanes]") {
  auto moving = lane("moving.test", literal("127.0.0.1"), {1.0, 1.0, 1.0, 1.0});
  CHECK(report::lane_addresses_text(moving).empty());
  moving.probes[3].address = "127.0.0.2";
  moving.probes[3].new_address = true;
  moving.addresses.push_back("127.0.0.2");
  CHECK(report::lane_addresses_text(moving) == "addresses: 127.0.0.1 75% (3 probes), 127.0.0.2 25% (1 probe)\n");
  const auto line = report::lane_probe_line("", 0, moving, moving.probes[3], 2s);
  CHECK(line.starts_with("connected to 127.0.0.2:443: seq=4 time=1.000 ms"));
  CHECK(line.ends_with(" [new address]"));
}

TEST_CASE("lanes JSON: one lane keeps the single-target shape, several get targets and ranking", "[ping-lanes]") {
  probe::InterleavedRun one;
  one.lanes.push_back(lane("a.test", literal("127.0.0.1"), {1.0, 2.0}));
  const auto single = nlohmann::json::parse(report::lanes_json(one, report::lane_labels(one, false), false));
  CHECK(single.contains("target"));
  CHECK_FALSE(single.contains("targets"));
  CHECK_FALSE(single["probes"][0].contains("address"));
  const auto followed = nlohmann::json::parse(report::lanes_json(one, report::lane_labels(one, false), true));
  CHECK(followed["probes"][0]["address"] == "127.0.0.1");
  CHECK(followed["addresses"][0]["share"] == 1.0);

  probe::InterleavedRun two = one;
  two.lanes.push_back(lane("b.test", literal("127.0.0.2"), {0.5, 0.5}));
  const auto doc = nlohmann::json::parse(report::lanes_json(two, report::lane_labels(two, false), false));
  REQUIRE(doc["targets"].size() == 2);
  CHECK(doc["targets"][1]["target"]["label"] == "b.test:443");
  CHECK(doc["ranking"] == nlohmann::json::array({"b.test:443", "a.test:443"}));
}

TEST_CASE("sparkline: lowest to highest glyph, x for no answer, ASCII without UTF-8", "[sparkline]") {
  const std::vector<std::optional<double>> values = {1.0, 8.0, std::nullopt, 1.0};
  CHECK(report::sparkline(values, false) == "_#x_");
  CHECK(report::sparkline(values, true) == "\u2581\u2588\u00d7\u2581");
  CHECK(report::sparkline(std::vector<std::optional<double>>{3.0, 3.0}, false) == "__");
}

TEST_CASE("distribution: histogram when asked or bimodal, SYN note when probes are 1 s late", "[ping-lanes]") {
  probe::PingRun steady;
  probe::PingRun retransmitted;
  for (int i = 1; i <= 6; ++i) {
    const auto ms = [](double v) { return std::chrono::duration_cast<Duration>(std::chrono::duration<double, std::milli>(v)); };
    steady.probes.push_back({i, probe::ProbeStatus::connected, ms(10.0 + 0.1 * i), ""});
    retransmitted.probes.push_back({i, probe::ProbeStatus::connected, ms(i % 2 == 0 ? 1010.0 + i : 10.0 + i * 0.1), ""});
  }
  CHECK(report::ping_distribution_text(steady, {false, false}).empty());
  const auto asked = report::ping_distribution_text(steady, {true, false});
  CHECK(asked.starts_with("rtt histogram (ms):\n"));
  CHECK(asked.find("        10 .. 15           6  ########################################\n") != std::string::npos);
  const auto late = report::ping_distribution_text(retransmitted, {false, false});
  INFO(late);
  CHECK(late.find("rtt histogram (ms):") != std::string::npos);  // two peaks: shown unasked
  CHECK(late.find("        15 .. 1000         0\n") != std::string::npos);  // the empty buckets between, as one line
  CHECK(late.find("note: 3 of 6 connected probes took about 1 s longer than the fastest (10.100 ms)") !=
        std::string::npos);
}
