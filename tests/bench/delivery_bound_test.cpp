// The Little's-law bound of each delivery, computed by hand from the formula.
#include <catch2/catch.hpp>

#include <chrono>

#include "tgperf/bench/delivery.hpp"
#include "tgperf/bench/echo_bench.hpp"
#include "tgperf/core/usage_error.hpp"

using namespace tgperf;
using namespace std::chrono_literals;

namespace {

bench::WebhookBoundInputs inputs(std::size_t concurrency, std::size_t max_connections, std::size_t chats,
                                 Duration delivery, Duration handler) {
  bench::WebhookBoundInputs in;
  in.concurrency = concurrency;
  in.max_connections = max_connections;
  in.chats = chats;
  in.delivery_latency = delivery;
  in.handler_time = handler;
  return in;
}

}  // namespace

// The receiver writes its 200 before it runs the handler, so a delivery never waits for a handler
// and the emulator's delay before a connection's next delivery overlaps the handler running on it:
// the two stages are bounded separately, never by the sum of their times.
TEST_CASE("webhook bound: a handler on each connection overlaps the next delivery: max, not sum") {
  // 40 connections, 100 chats, 20 ms delivery and 20 ms handler: 40 / max(20, 20) ms, not 40 / 40 ms.
  CHECK(*bench::webhook_bound_per_s(inputs(40, 40, 100, 20ms, 20ms)) == Approx(2000.0));
  // The run: 4 connections, 20 chats, 20 ms each way: 200/s (the sum gave 100/s, and the
  // bot measured 131/s against it).
  CHECK(*bench::webhook_bound_per_s(inputs(4, 4, 20, 20ms, 20ms)) == Approx(200.0));
  // The slower stage decides: 5 connections, 50 ms delivery, 20 ms handler: 5 / 50 ms.
  CHECK(*bench::webhook_bound_per_s(inputs(5, 5, 100, 50ms, 20ms)) == Approx(100.0));
  // ... and the other way round: 5 / 50 ms of handler.
  CHECK(*bench::webhook_bound_per_s(inputs(5, 5, 100, 20ms, 50ms)) == Approx(100.0));
  // Fewer chats than connections narrows the deliveries only (a chat's next update waits for the
  // previous acknowledgement, not for its handler): min(10 / 20 ms, 40 / 20 ms).
  CHECK(*bench::webhook_bound_per_s(inputs(40, 40, 10, 20ms, 20ms)) == Approx(500.0));
}

TEST_CASE("webhook bound: workers and deliveries are separate stages") {
  // Deliveries: min(40, 100) / 20 ms = 2000/s; 16 workers: 16 / 20 ms = 800/s.
  CHECK(*bench::webhook_bound_per_s(inputs(16, 40, 100, 20ms, 20ms)) == Approx(800.0));
  // 64 workers outrun 8 connections: 8 / 50 ms = 160/s.
  CHECK(*bench::webhook_bound_per_s(inputs(64, 8, 100, 50ms, 50ms)) == Approx(160.0));
  // 3 chats: 3 / 10 ms.
  CHECK(*bench::webhook_bound_per_s(inputs(64, 40, 3, 10ms, 10ms)) == Approx(300.0));
}

TEST_CASE("webhook bound: none without latency") {
  CHECK_FALSE(bench::webhook_bound_per_s(inputs(4, 40, 100, Duration::zero(), Duration::zero())));
}

TEST_CASE("echo-bench's bound per delivery: the emulator's latency both ways, sync on the receiver's connections") {
  bench::EchoBenchOptions options;
  options.chats = 100;
  options.max_connections = 40;
  // Polling: the existing bound, concurrency capped at 100 per getUpdates.
  CHECK(*bench::run_bound_per_s(options, bench::Delivery::polling, bench::DispatchMode::sync, 1, 20ms) ==
        Approx(50.0));
  CHECK(*bench::run_bound_per_s(options, bench::Delivery::polling, bench::DispatchMode::async, 256, 20ms) ==
        Approx(5000.0));
  // Webhook sync: 40 connections, delivery and handler overlap: 40 / 20 ms.
  CHECK(*bench::run_bound_per_s(options, bench::Delivery::webhook, bench::DispatchMode::sync, 1, 20ms) ==
        Approx(2000.0));
  // Webhook threaded 4 workers: 4 / 20 ms; 64 workers: the 40 connections, 40 / 20 ms.
  CHECK(*bench::run_bound_per_s(options, bench::Delivery::webhook, bench::DispatchMode::threaded, 4, 20ms) ==
        Approx(200.0));
  CHECK(*bench::run_bound_per_s(options, bench::Delivery::webhook, bench::DispatchMode::threaded, 64, 20ms) ==
        Approx(2000.0));
  options.max_connections = 10;
  CHECK(*bench::run_bound_per_s(options, bench::Delivery::webhook, bench::DispatchMode::sync, 1, 50ms) ==
        Approx(200.0));
  // The command: 4 connections, 20 chats, 20 ms: 200/s.
  options.max_connections = 4;
  options.chats = 20;
  CHECK(*bench::run_bound_per_s(options, bench::Delivery::webhook, bench::DispatchMode::sync, 1, 20ms) ==
        Approx(200.0));
}

TEST_CASE("echo-bench's webhook bound with --ordered: threaded runs one handler per chat, sync has no sequencer") {
  bench::EchoBenchOptions options;
  options.chats = 3;
  options.max_connections = 40;
  options.ordered = true;
  // 16 workers, but only 3 chats each with one handler at a time: 3 / 20 ms (the deliveries too).
  CHECK(*bench::run_bound_per_s(options, bench::Delivery::webhook, bench::DispatchMode::threaded, 16, 20ms) ==
        Approx(150.0));
  options.chats = 10;
  options.max_connections = 40;
  // Deliveries 10 / 20 ms; 8 workers: 8 / 20 ms, ordered or not.
  CHECK(*bench::run_bound_per_s(options, bench::Delivery::webhook, bench::DispatchMode::threaded, 8, 20ms) ==
        Approx(400.0));
  // Sync: deliveries min(40, 10) / 20 ms; its handlers are the 40 connections' threads.
  CHECK(*bench::run_bound_per_s(options, bench::Delivery::webhook, bench::DispatchMode::sync, 1, 20ms) ==
        Approx(500.0));
}

TEST_CASE("delivery names parse both ways and anything else is a usage error naming --delivery") {
  CHECK(bench::parse_delivery("polling") == bench::Delivery::polling);
  CHECK(bench::parse_delivery("webhook") == bench::Delivery::webhook);
  CHECK(bench::to_string(bench::Delivery::webhook) == "webhook");
  CHECK_THROWS_WITH(bench::parse_delivery("push"), Catch::Contains("--delivery"));
}

TEST_CASE("echo-bench options: rate, max_connections and deliveries are range-checked") {
  bench::EchoBenchOptions options;
  options.rate_per_s = -1;
  CHECK_THROWS_WITH(bench::validate(options), Catch::Contains("--rate"));
  options.rate_per_s = 0;
  options.max_connections = 101;
  CHECK_THROWS_WITH(bench::validate(options), Catch::Contains("--max-connections"));
  options.max_connections = 40;
  options.deliveries = {};
  CHECK_THROWS_WITH(bench::validate(options), Catch::Contains("--delivery"));
  options.deliveries = {bench::Delivery::webhook};
  options.modes = {bench::DispatchMode::async};
  CHECK_NOTHROW(bench::validate(options));  // the event-loop receiver takes webhooks too
}

TEST_CASE("an async webhook run's bound is min(inflight, max_connections, chats) over the latency") {
  // The threaded formula with the sends in flight as the handlers: deliveries min(40, 100) / 20 ms
  // = 2000/s, handlers 256 / 20 ms = 12800/s; 16 in flight narrow it to 800/s; ordered over 8
  // chats, to 8 at once: 400/s.
  bench::EchoBenchOptions options;
  options.chats = 100;
  options.max_connections = 40;
  CHECK(*bench::run_bound_per_s(options, bench::Delivery::webhook, bench::DispatchMode::async, 256, 20ms) ==
        Approx(2000.0));
  CHECK(*bench::run_bound_per_s(options, bench::Delivery::webhook, bench::DispatchMode::async, 16, 20ms) ==
        Approx(800.0));
  options.chats = 8;
  options.ordered = true;
  CHECK(*bench::run_bound_per_s(options, bench::Delivery::webhook, bench::DispatchMode::async, 256, 20ms) ==
        Approx(400.0));
}

TEST_CASE("an async webhook run answers every update, none lost, next to its polling run") {
  bench::EchoBenchOptions options;
  options.modes = {bench::DispatchMode::async};
  options.inflight = {8};
  options.deliveries = {bench::Delivery::polling, bench::Delivery::webhook};
  options.max_connections = 10;
  options.updates = 300;
  options.chats = 20;
  options.latency = 5ms;
  const auto runs = bench::run_echo_bench(options);
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].delivery == "polling");
  CHECK(runs[1].delivery == "webhook");
  for (const auto& run : runs) {
    INFO(run.delivery);
    CHECK(run.mode == "async");
    CHECK(run.inflight == 8);
    CHECK(run.answered == 300);
    CHECK(run.lost == 0);
    CHECK(run.duplicates == 0);
    CHECK(run.bot_error.empty());
  }
  REQUIRE(runs[1].bound_per_s);
  CHECK(*runs[1].bound_per_s == Approx(8 / 0.005));  // min(8 in flight, 10 connections, 20 chats) / 5 ms
}

TEST_CASE("echo-bench's bound and efficiency come from --latency alone, not the jitter") {
  // Jitter of mean zero leaves the mean round trip at L: the bound is N / L, and a bound that added
  // the jitter would flatter every efficiency. 4 workers at 20 ms: 200/s exactly.
  bench::EchoBenchOptions options;
  options.modes = {bench::DispatchMode::threaded};
  options.workers = {4};
  options.updates = 40;
  options.chats = 8;
  options.latency = 20ms;
  options.jitter = 10ms;
  const auto runs = bench::run_echo_bench(options);
  REQUIRE(runs.size() == 1);
  REQUIRE(runs[0].bound_per_s);
  CHECK(*runs[0].bound_per_s == Approx(4 / 0.020));
  REQUIRE(runs[0].efficiency);
  CHECK(*runs[0].efficiency == Approx(runs[0].throughput_per_s / 200.0));
  CHECK(runs[0].lost == 0);
}
