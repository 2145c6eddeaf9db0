// The exporter's HTTP server on loopback: the endpoints, the refusals and the probe limit.
#include <catch2/catch.hpp>

#include <future>
#include <string>
#include <vector>

#include "exporter/exporter_support.hpp"
#include "tgperf/exporter/probe_slots.hpp"
#include "tgperf/exporter/server.hpp"
#include "tgperf/probe/local_listener.hpp"

using namespace std::chrono_literals;
using tgperf::test::http_get;
using tgperf::test::sample_value;

namespace {

tgperf::exporter::ExporterConfig tcp_config(int count, tgperf::Duration interval) {
  tgperf::exporter::ExporterConfig config;
  tgperf::exporter::ModuleConfig tcp;
  tcp.name = "tcp";
  tcp.count = count;
  tcp.interval = interval;
  config.modules.emplace("tcp", tcp);
  config.allowed_targets = {"127.0.0.1:*"};
  return config;
}

tgperf::exporter::ServerOptions loopback_options(std::size_t limit = 8) {
  tgperf::exporter::ServerOptions options;
  options.port = 0;
  options.max_concurrent_probes = limit;
  options.version = "9.9.9";
  return options;
}

}  // namespace

TEST_CASE("exporter server: /probe answers metrics, bad targets 400, targets not allowed 403, unknown paths 404") {
  tgperf::probe::LocalListener listener;
  tgperf::exporter::Server server(tcp_config(2, 10ms), loopback_options());
  const std::string target = "127.0.0.1:" + std::to_string(listener.port());

  const auto ok = http_get(server.port(), "/probe?target=" + target + "&module=tcp");
  CHECK(ok.status == 200);
  CHECK(sample_value(ok.body, "probe_success") == 1.0);
  CHECK(sample_value(ok.body, "tgperf_ping_probes_total{target=\"" + target + "\",status=\"ok\"}") == 2.0);

  const auto no_port = http_get(server.port(), "/probe?target=127.0.0.1&module=tcp");
  CHECK(no_port.status == 400);
  CHECK(no_port.body == "'127.0.0.1' is not HOST:PORT (the port is required; an IPv6 address goes in brackets)\n");
  CHECK(http_get(server.port(), "/probe?module=tcp").status == 400);
  const auto unknown = http_get(server.port(), "/probe?target=" + target + "&module=icmp");
  CHECK(unknown.status == 400);
  CHECK(unknown.body == "unknown module 'icmp' (configured: tcp)\n");
  const auto elsewhere = http_get(server.port(), "/probe?target=10.1.2.3:22&module=tcp");
  CHECK(elsewhere.status == 403);
  CHECK(elsewhere.body.find("allowed_targets") != std::string::npos);
  CHECK(http_get(server.port(), "/nothing").status == 404);

  const auto page = http_get(server.port(), "/");
  CHECK(page.status == 200);
  CHECK(page.body.find("<td>tcp</td>") != std::string::npos);
  CHECK(page.body.find(target) != std::string::npos);  // the recent probe

  const auto metrics = http_get(server.port(), "/metrics");
  CHECK(metrics.status == 200);
  CHECK(sample_value(metrics.body, "tgperf_exporter_build_info{version=\"9.9.9\"}") == 1.0);
  CHECK(sample_value(metrics.body, "tgperf_exporter_probes_total{module=\"tcp\",result=\"success\"}") == 1.0);
  CHECK(sample_value(metrics.body, "tgperf_exporter_probes_rejected_total{reason=\"bad_request\"}") == 3.0);
  CHECK(sample_value(metrics.body, "tgperf_exporter_probes_rejected_total{reason=\"forbidden\"}") == 1.0);
  CHECK(sample_value(metrics.body, "tgperf_exporter_probes_running") == 0.0);
  CHECK(sample_value(metrics.body, "tgperf_exporter_probe_duration_seconds_count{module=\"tcp\"}") == 1.0);
}

TEST_CASE("exporter server: --allow-any-target lifts the allow-list") {
  tgperf::probe::LocalListener listener;
  auto config = tcp_config(1, 10ms);
  config.allowed_targets.clear();
  auto options = loopback_options();
  options.allow_any_target = true;
  tgperf::exporter::Server server(std::move(config), options);
  CHECK(http_get(server.port(), "/probe?target=127.0.0.1:" + std::to_string(listener.port()) + "&module=tcp").status == 200);
}

TEST_CASE("exporter server: the scrape timeout header bounds a long probe") {
  tgperf::probe::LocalListener listener;
  tgperf::exporter::Server server(tcp_config(100, 1s), loopback_options());  // 99 s unbounded
  const auto started = std::chrono::steady_clock::now();
  const auto answer = http_get(server.port(), "/probe?target=127.0.0.1:" + std::to_string(listener.port()) + "&module=tcp",
                               "X-Prometheus-Scrape-Timeout-Seconds: 1.5\r\n");
  CHECK(answer.status == 200);
  const auto duration = sample_value(answer.body, "probe_duration_seconds");
  REQUIRE(duration);
  // The budget is 1.5 s less the 0.5 s offset; the answer must come before Prometheus' 1.5 s (a probe
  // of 100 pings 1 s apart would take 99 s unbounded).
  CHECK(*duration < 1.5);
  CHECK(std::chrono::steady_clock::now() - started < 30s);
}

TEST_CASE("exporter server: parallel probes never exceed --max-concurrent-probes, the rest wait or get 503") {
  tgperf::probe::LocalListener listener;
  constexpr std::size_t kLimit = 2;
  constexpr int kRequests = 16;
  tgperf::exporter::Server server(tcp_config(3, 50ms), loopback_options(kLimit));
  const std::string path = "/probe?target=127.0.0.1:" + std::to_string(listener.port()) + "&module=tcp";
  std::vector<std::future<tgperf::test::HttpAnswer>> answers;
  for (int i = 0; i < kRequests; ++i) {
    answers.push_back(std::async(std::launch::async, [&] {
      return http_get(server.port(), path, "X-Prometheus-Scrape-Timeout-Seconds: 1\r\n");
    }));
  }
  int ok = 0, busy = 0;
  for (auto& a : answers) {
    const auto answer = a.get();
    if (answer.status == 200) ++ok;
    if (answer.status == 503) ++busy;
  }
  CHECK(ok + busy == kRequests);
  CHECK(ok >= 1);
  const auto metrics = http_get(server.port(), "/metrics").body;
  const auto running_max = sample_value(metrics, "tgperf_exporter_probes_running_max");
  REQUIRE(running_max);
  CHECK(*running_max >= 1);
  CHECK(*running_max <= kLimit);
  CHECK(sample_value(metrics, "tgperf_exporter_max_concurrent_probes") == static_cast<double>(kLimit));
  CHECK(sample_value(metrics, "tgperf_exporter_probes_rejected_total{reason=\"busy\"}") == static_cast<double>(busy));
  const double probes = sample_value(metrics, "tgperf_exporter_probes_total{module=\"tcp\",result=\"success\"}").value_or(0) +
                        sample_value(metrics, "tgperf_exporter_probes_total{module=\"tcp\",result=\"failure\"}").value_or(0);
  CHECK(probes == static_cast<double>(ok));
}

TEST_CASE("probe slots: a waiter gets a slot when one is released, none after the deadline or once closed") {
  tgperf::exporter::ProbeSlots slots(1);
  auto first = slots.acquire_until(tgperf::exporter::ProbeSlots::Clock::now());
  REQUIRE(first);
  CHECK(slots.running() == 1);
  CHECK_FALSE(slots.acquire_until(tgperf::exporter::ProbeSlots::Clock::now() + 10ms));
  auto waiter = std::async(std::launch::async, [&] {
    return slots.acquire_until(tgperf::exporter::ProbeSlots::Clock::now() + 60s).has_value();
  });
  first.reset();
  CHECK(waiter.get());
  CHECK(slots.high_water() == 1);
  auto held = slots.acquire_until(tgperf::exporter::ProbeSlots::Clock::now());
  REQUIRE(held);
  auto closed_waiter = std::async(std::launch::async, [&] {
    return slots.acquire_until(tgperf::exporter::ProbeSlots::Clock::now() + 60s).has_value();
  });
  slots.close();
  CHECK_FALSE(closed_waiter.get());  // woken at once, not after 60 s
}
