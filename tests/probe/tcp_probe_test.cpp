#include <catch2/catch.hpp>

#include "support/loopback.hpp"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tgperf/probe/local_listener.hpp"
#include "tgperf/probe/ping_session.hpp"
#include "tgperf/probe/tcp_probe.hpp"

using namespace tgperf::probe;
using namespace std::chrono_literals;

namespace {

ResolvedTarget loopback(std::uint16_t port) {
  return resolve_target(TargetSpec{"127.0.0.1", port}, AddressFamily::ipv4);
}

}  // namespace

TEST_CASE("tcp_probe: a listener answers connected with an RTT", "[probe]") {
  LocalListener listener;
  const auto r = tcp_probe(loopback(listener.port()), 2s, {}, 7);
  CHECK(r.seq == 7);
  CHECK(r.status == ProbeStatus::connected);
  REQUIRE(r.rtt);
  CHECK(r.rtt->count() > 0);
}

TEST_CASE("tcp_probe: a closed port is refused, with an RTT", "[probe]") {
  const auto r = tcp_probe(loopback(tgperf::test::closed_loopback_port()), 2s);
  CHECK(r.status == ProbeStatus::refused);
  CHECK(r.rtt);
}

TEST_CASE("tcp_probe: --source binds the local address; a wrong family is rejected", "[probe]") {
  LocalListener listener;
  BindOptions bind;
  bind.source = "127.0.0.1";
  CHECK(tcp_probe(loopback(listener.port()), 2s, bind).status == ProbeStatus::connected);
  bind.source = "::1";  // wrong family
  CHECK_THROWS(check_source(bind, loopback(listener.port())));
}

TEST_CASE("ping session: -c ends the run and stats count connected and refused apart", "[session]") {
  LocalListener listener;
  PingOptions options;
  options.count = 3;
  options.interval = 1ms;
  int calls = 0;
  const auto run = run_ping(loopback(listener.port()), options, [&](const ProbeResult&) { ++calls; });
  CHECK(run.probes.size() == 3);
  CHECK(calls == 3);
  CHECK(run.probes.back().seq == 3);

  PingRun mixed = run;
  mixed.probes.push_back(ProbeResult{4, ProbeStatus::refused, 1ms, {}});
  mixed.probes.push_back(ProbeResult{5, ProbeStatus::timeout, std::nullopt, {}});
  mixed.probes.push_back(ProbeResult{6, ProbeStatus::unreachable, 1ms, "No route to host"});
  const auto s = ping_stats(mixed);
  CHECK(s.transmitted == 6);
  CHECK(s.connected == 3);
  CHECK(s.refused == 1);
  CHECK(s.lost == 2);
  CHECK(s.loss_pct == Approx(100.0 * 2 / 6));
  REQUIRE(s.rtt);
  CHECK(s.rtt->count == 3);  // refused RTTs are not in the rtt line
}

TEST_CASE("ping session: -w ends a run without -c", "[session]") {
  LocalListener listener;
  PingOptions options;
  options.interval = 20ms;
  options.deadline = 100ms;
  const auto run = run_ping(loopback(listener.port()), options, [&](const ProbeResult&) { listener.drain(); });
  CHECK(!run.probes.empty());
  CHECK(!run.interrupted);
}

TEST_CASE("ping stats: all lost has no rtt and 100% loss", "[session]") {
  PingRun run;
  run.probes = {ProbeResult{1, ProbeStatus::timeout, std::nullopt, {}}, ProbeResult{2, ProbeStatus::error, std::nullopt, "x"}};
  const auto s = ping_stats(run);
  CHECK(s.lost == 2);
  CHECK(s.loss_pct == 100.0);
  CHECK(!s.rtt);
}
