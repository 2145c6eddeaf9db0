// tgperf ping with several targets, run as a process against loopback only: interleaved probe lines
// behind a prefix column, a table ranked by median with a verdict per row, JSON `targets` and CSV
// `target` only when there is more than one target, and today's single-target shapes unchanged.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "integration/ping_fixtures.hpp"

using tgperf::test::count_of;
using tgperf::test::lines_of;
using tgperf::test::ping;
using Listener = tgperf::test::LoopbackListener;

TEST_CASE("ping several targets: interleaved lines behind a prefix column, a ranked table, exit 0", "[ping]") {
  Listener a, b;
  const auto closed = "127.0.0.1:" + std::to_string(tgperf::test::closed_loopback_port());
  const auto r = ping({"-c", "3", "-i", "10ms", a.target(), b.target(), closed});
  INFO(r.out);
  CHECK(r.exit_code == 0);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() > 12);
  // One header per target, then the rounds: each target once per round (the first one rotates).
  CHECK(lines[0].starts_with("TCPING 127.0.0.1 (127.0.0.1) port " + std::to_string(a.port)));
  CHECK(lines[2].starts_with("TCPING 127.0.0.1 (127.0.0.1) port "));
  const std::size_t width = std::max({a.target().size(), b.target().size(), closed.size()});
  for (int round = 0; round < 3; ++round) {
    const auto seq = ": seq=" + std::to_string(round + 1) + " ";
    std::vector<std::string> block(lines.begin() + 3 + 3 * round, lines.begin() + 6 + 3 * round);
    const auto has = [&](const std::string& prefix, const std::string& what) {
      return std::count_if(block.begin(), block.end(), [&](const std::string& l) {
               return l.starts_with(prefix) && l.find(what) == width + 2;  // the prefix column, two spaces, the line
             }) == 1;
    };
    CHECK(has(a.target(), "connected to " + a.target() + seq));
    CHECK(has(b.target(), "connected to " + b.target() + seq));
    CHECK(has(closed, "refused by " + closed + seq));
  }
  CHECK(count_of(r.out, "--- " + a.target() + " tcping statistics ---") == 1);
  const auto table = r.out.find("--- ranked by median rtt ---");
  REQUIRE(table != std::string::npos);
  const auto rows = lines_of(r.out.substr(table));
  REQUIRE(rows.size() == 5);
  CHECK(rows[1].find("rank") != std::string::npos);
  CHECK(rows[2].find("   1  127.0.0.1:") == 0);
  CHECK(rows[3].find("   2  127.0.0.1:") == 0);
  // The closed port has no round trip: ranked last, unnumbered, with the verdict "refused".
  CHECK(rows[4].starts_with("   -  " + closed));
  CHECK(rows[4].ends_with("refused"));
  for (int i = 2; i <= 3; ++i) {
    CHECK((rows[i].ends_with(", stable") || rows[i].ends_with(", unstable")));
  }
}

TEST_CASE("ping several targets: --json has a targets array ranked by median, --csv a target column", "[ping]") {
  Listener a, b;
  const auto closed = "127.0.0.1:" + std::to_string(tgperf::test::closed_loopback_port());
  const auto r = ping({"--json", "-c", "4", "-i", "10ms", a.target(), closed, b.target()});
  CHECK(r.exit_code == 0);
  const auto doc = nlohmann::json::parse(r.out);
  REQUIRE(doc.at("targets").size() == 3);
  CHECK(doc["targets"][0]["target"]["label"] == a.target());
  CHECK(doc["targets"][1]["target"]["label"] == closed);
  CHECK(doc["targets"][1]["summary"]["refused"] == 4);
  CHECK(doc["targets"][1]["verdict"]["rating"] == "refused");
  for (const auto& t : doc["targets"]) CHECK(t.at("probes").size() == 4);
  // The ranking holds the targets that answered, fastest median first.
  REQUIRE(doc.at("ranking").size() == 2);
  auto median_of = [&](const std::string& label) {
    for (const auto& t : doc["targets"]) {
      if (t["target"]["label"] == label) return t["summary"]["p50_ms"].get<double>();
    }
    FAIL("no target " << label);
    return 0.0;
  };
  CHECK(median_of(doc["ranking"][0]) <= median_of(doc["ranking"][1]));

  const auto csv = ping({"--csv", "-c", "2", "-i", "10ms", a.target(), closed});
  const auto rows = lines_of(csv.out);
  REQUIRE(rows.size() == 5);
  CHECK(rows[0] == "target,seq,status,rtt_ms,error");
  CHECK(rows[1].starts_with(a.target() + ",1,connected,"));
  CHECK(rows[2].starts_with(closed + ",1,refused,"));
  CHECK(rows[3].starts_with(closed + ",2,refused,"));  // the second round starts with the second target
  CHECK(rows[4].starts_with(a.target() + ",2,connected,"));
}

TEST_CASE("ping one target keeps today's shapes: no targets array, no target column, no table", "[ping]") {
  Listener a;
  const auto doc = nlohmann::json::parse(ping({"--json", "-c", "2", "-i", "10ms", a.target()}).out);
  CHECK_FALSE(doc.contains("targets"));
  CHECK_FALSE(doc.contains("ranking"));
  CHECK_FALSE(doc["probes"][0].contains("address"));
  CHECK(doc["target"]["address"] == "127.0.0.1");
  CHECK(lines_of(ping({"--csv", "-c", "1", a.target()}).out).at(0) == "seq,status,rtt_ms,error");
  const auto text = ping({"-c", "2", "-i", "10ms", a.target()});
  CHECK(text.out.find("ranked") == std::string::npos);
  CHECK(text.out.find("connected to " + a.target() + ": seq=1 time=") == 0 + text.out.find('\n') + 1);
  // --all-addresses of a literal is one address: the single-target shape too.
  const auto one = nlohmann::json::parse(ping({"--json", "--all-addresses", "-c", "1", a.target()}).out);
  CHECK_FALSE(one.contains("targets"));
}

TEST_CASE("ping --histogram shows log-spaced buckets that hold every connected probe", "[ping]") {
  Listener a;
  const auto r = ping({"--histogram", "-c", "5", "-i", "10ms", a.target()});
  CHECK(r.exit_code == 0);
  const auto at = r.out.find("rtt histogram (ms):\n");
  REQUIRE(at != std::string::npos);
  std::size_t total = 0;
  for (const auto& line : lines_of(r.out.substr(at))) {
    double lower = 0, upper = 0;
    std::size_t count = 0;
    if (std::sscanf(line.c_str(), " %lf .. %lf %zu", &lower, &upper, &count) == 3) {
      CHECK(upper > lower);
      total += count;
    }
  }
  CHECK(total == 5);
  const auto plain = ping({"-c", "2", "-i", "10ms", a.target()});
  CHECK(plain.out.find("rtt histogram") == std::string::npos);
}

TEST_CASE("ping --resolve-every and --all-addresses: bad values exit 2 with one line", "[ping]") {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--resolve-every", "0", "127.0.0.1"},
                                                                {"--resolve-every", "x", "127.0.0.1"},
                                                                {"--resolve-every", "2", "--all-addresses", "127.0.0.1"},
                                                                {"127.0.0.1", ""}}) {
    const auto r = ping(args);
    INFO(args.front());
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.starts_with("tgperf: "));
    CHECK(count_of(r.err, "\n") == 1);
  }
}
