// The interleaved runner against loopback listeners, with the resolver seam: a test resolver whose
// answers change between lookups stands in for DNS (the lab test does the same with /etc/hosts).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/loopback.hpp"
#include "support/loopback_listener.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/probe/interleaved_ping.hpp"

using namespace tgperf::probe;
using namespace std::chrono_literals;
using Listener = tgperf::test::LoopbackListener;

namespace {

ResolvedTarget at(const char* address, std::uint16_t port) {
  return resolve_target(TargetSpec{address, port}, AddressFamily::ipv4);
}

// Answers lookup i with answers[i] (the last one from then on); counts the lookups.
struct ScriptedResolver {
  std::vector<ResolvedTarget> answers;
  int lookups = 0;
  Resolver resolver() {
    return [this](const TargetSpec&, AddressFamily) {
      const auto i = std::min<std::size_t>(static_cast<std::size_t>(lookups++), answers.size() - 1);
      return std::vector<ResolvedTarget>{answers[i]};
    };
  }
};

InterleavedOptions fast(long count) {
  InterleavedOptions options;
  options.ping.count = count;
  options.ping.interval = 1ms;
  return options;
}

}  // namespace

TEST_CASE("interleaved: lanes take turns, the first one rotating, each with its own seq, until each has its count",
          "[interleaved]") {
  Listener a("127.0.0.1"), b("127.0.0.1");
  const auto ta = at("127.0.0.1", a.port), tb = at("127.0.0.1", b.port);
  std::vector<std::pair<std::size_t, int>> order;
  const auto run = run_interleaved({PingLane{{"a", a.port}, AddressFamily::any, ta, true},
                                    PingLane{{"b", b.port}, AddressFamily::any, tb, true}},
                                   fast(3), [&](std::size_t lane, const LaneProbe& p) {
                                     order.emplace_back(lane, p.result.seq);
                                   });
  const std::vector<std::pair<std::size_t, int>> expected = {{0, 1}, {1, 1}, {1, 2}, {0, 2}, {0, 3}, {1, 3}};
  CHECK(order == expected);
  REQUIRE(run.lanes.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(lane_ping_run(run, i).probes.size() == 3);
    CHECK(ping_stats(lane_ping_run(run, i)).connected == 3);
    CHECK(run.lanes[i].addresses == std::vector<std::string>{"127.0.0.1"});
  }
}

TEST_CASE("interleaved: --resolve-every marks the first probe to an address the name changed to", "[interleaved]") {
  Listener first("127.0.0.1"), second("127.0.0.2");
  ScriptedResolver dns{{at("127.0.0.2", second.port)}};
  auto options = fast(6);
  options.resolve_every = 2;
  options.resolver = dns.resolver();
  const auto run =
      run_interleaved({PingLane{{"moving.test", first.port}, AddressFamily::any, at("127.0.0.1", first.port), true}},
                      options);
  const auto& probes = run.lanes.at(0).probes;
  REQUIRE(probes.size() == 6);
  CHECK(dns.lookups == 2);  // after probes 2 and 4
  const std::vector<std::string> where = {probes[0].address, probes[1].address, probes[2].address,
                                          probes[3].address, probes[4].address, probes[5].address};
  CHECK(where == std::vector<std::string>{"127.0.0.1", "127.0.0.1", "127.0.0.2", "127.0.0.2", "127.0.0.2", "127.0.0.2"});
  for (std::size_t i = 0; i < probes.size(); ++i) {
    INFO("probe " << i + 1);
    CHECK(probes[i].new_address == (i == 2));
    CHECK(probes[i].result.status == ProbeStatus::connected);  // each address has its own listener
  }
  CHECK(run.lanes[0].addresses == std::vector<std::string>{"127.0.0.1", "127.0.0.2"});
}

TEST_CASE("interleaved: an address seen before is not new again, and a failed lookup keeps the address",
          "[interleaved]") {
  Listener first("127.0.0.1"), second("127.0.0.2");
  const auto one = at("127.0.0.1", first.port), two = at("127.0.0.2", second.port);
  ScriptedResolver dns{{two, one}};
  auto options = fast(3);
  options.resolve_every = 1;
  options.resolver = dns.resolver();
  const auto run = run_interleaved({PingLane{{"flap.test", first.port}, AddressFamily::any, one, true}}, options);
  const auto& probes = run.lanes.at(0).probes;
  REQUIRE(probes.size() == 3);
  CHECK(probes[1].address == "127.0.0.2");
  CHECK(probes[1].new_address);
  CHECK(probes[2].address == "127.0.0.1");
  CHECK_FALSE(probes[2].new_address);

  options.resolver = [](const TargetSpec& spec, AddressFamily) -> std::vector<ResolvedTarget> {
    throw tgperf::UsageError("cannot resolve '" + spec.host + "': gone");
  };
  const auto kept = run_interleaved({PingLane{{"gone.test", first.port}, AddressFamily::any, one, true}}, options);
  CHECK(kept.lanes.at(0).failed_lookups == 2);
  CHECK(kept.lanes[0].probes.size() == 3);
  CHECK(kept.lanes[0].addresses == std::vector<std::string>{"127.0.0.1"});
}

TEST_CASE("interleaved: a lane pinned to its address (--all-addresses) is never re-resolved", "[interleaved]") {
  Listener first("127.0.0.1");
  ScriptedResolver dns{{at("127.0.0.2", first.port)}};
  auto options = fast(3);
  options.resolve_every = 1;
  options.resolver = dns.resolver();
  const auto run =
      run_interleaved({PingLane{{"pinned.test", first.port}, AddressFamily::any, at("127.0.0.1", first.port), false}},
                      options);
  CHECK(dns.lookups == 0);
  CHECK(run.lanes.at(0).addresses == std::vector<std::string>{"127.0.0.1"});
}

TEST_CASE("resolve_all: every address of a literal once, and -4/-6 against a literal refused", "[interleaved]") {
  const auto all = resolve_all(TargetSpec{"127.0.0.1", 443}, AddressFamily::any);
  REQUIRE(all.size() == 1);
  CHECK(all[0].address == "127.0.0.1");
  CHECK(family_name(all[0].family) == "IPv4");
  CHECK_THROWS_AS(resolve_all(TargetSpec{"::1", 443}, AddressFamily::ipv4), tgperf::UsageError);
  CHECK_THROWS_AS(resolve_all(TargetSpec{"no-such-host.invalid", 443}, AddressFamily::any), tgperf::UsageError);
}
