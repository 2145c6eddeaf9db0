// echo-bench in process: a stop request or the run timeout ends a run at once in every dispatch
// mode, and the default run trims the slow runs instead of taking minutes.
//
// "At once" is checked as a bound far from the noise: each case would take from minutes to hours
// if the stop waited for the run (or for a reply in flight) to finish, and must end within 30 s.
#include <catch2/catch.hpp>

#include <chrono>
#include <stop_token>

#include "tgperf/bench/echo_bench.hpp"

using namespace tgperf;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kFarFromNoise = 30s;

bench::EchoBenchOptions one_mode(bench::DispatchMode mode) {
  bench::EchoBenchOptions options;
  options.modes = {mode};
  options.workers = {4};
  options.inflight = {16};
  options.chats = 20;
  return options;
}

}  // namespace

TEST_CASE("a stop request ends the run under way with a backlog, in every dispatch mode") {
  for (const auto mode : {bench::DispatchMode::sync, bench::DispatchMode::threaded, bench::DispatchMode::async}) {
    INFO("mode " << to_string(mode));
    // 5000 updates at 200 ms a call: at least 10 s even at 16 in flight, 1000 s in sync.
    auto options = one_mode(mode);
    options.updates = 5000;
    options.latency = 200ms;
    std::stop_source stop;
    std::size_t progress_calls = 0;
    const auto started = Clock::now();
    const auto runs = bench::run_echo_bench(options, stop.get_token(), [&](const bench::BenchProgress& p) {
      ++progress_calls;
      if (p.answered > 0) stop.request_stop();  // replies are flowing, more are in flight
    });
    const auto elapsed = Clock::now() - started;
    REQUIRE(runs.size() == 1);  // the cut run is reported, marked cut: what it missed is unanswered, not lost
    CHECK(runs[0].interrupted);
    CHECK(runs[0].answered > 0);
    CHECK(runs[0].answered < options.updates);
    CHECK(runs[0].lost == 0);
    CHECK(runs[0].answered + runs[0].unanswered == options.updates);
    CHECK(elapsed < kFarFromNoise);
    CHECK(progress_calls >= 2);
  }
}

TEST_CASE("a stop while every call takes an hour ends the run, in every dispatch mode") {
  for (const auto mode : {bench::DispatchMode::sync, bench::DispatchMode::threaded, bench::DispatchMode::async}) {
    INFO("mode " << to_string(mode));
    auto options = one_mode(mode);
    options.updates = 10;
    options.latency = 3600s;
    std::stop_source stop;
    const auto started = Clock::now();
    // Stopped as soon as the run is under way: its first getUpdates is waiting for an hour.
    const auto runs = bench::run_echo_bench(options, stop.get_token(),
                                            [&](const bench::BenchProgress&) { stop.request_stop(); });
    CHECK(Clock::now() - started < kFarFromNoise);
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].answered == 0);
    CHECK(runs[0].interrupted);
    CHECK(runs[0].unanswered == 10);
    CHECK(runs[0].lost == 0);
  }
}

TEST_CASE("a stop before the first run starts none, and later runs are not started") {
  auto options = one_mode(bench::DispatchMode::sync);
  options.modes = {bench::DispatchMode::sync, bench::DispatchMode::async};
  options.updates = 10;
  options.latency = 3600s;
  std::stop_source stop;
  std::size_t finished = 0;
  const auto runs = bench::run_echo_bench(
      options, stop.get_token(), [&](const bench::BenchProgress&) { stop.request_stop(); },
      [&](const report::BenchRun&) { ++finished; });
  CHECK(runs.size() == 1);  // the sync run, cut; the async run never started
  CHECK(finished == 1);     // and it was handed over as soon as it ended

  std::stop_source early;
  early.request_stop();
  CHECK(bench::run_echo_bench(options, early.get_token()).empty());
}

TEST_CASE("the run timeout bounds the wall time of a run whose calls take an hour") {
  for (const auto mode : {bench::DispatchMode::sync, bench::DispatchMode::threaded, bench::DispatchMode::async}) {
    INFO("mode " << to_string(mode));
    auto options = one_mode(mode);
    options.updates = 1;
    options.latency = 3600s;
    options.run_timeout = 1s;
    const auto started = Clock::now();
    const auto runs = bench::run_echo_bench(options);
    CHECK(Clock::now() - started < kFarFromNoise);
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].lost == 1);  // the deadline is no interruption: the bot had its chance
    CHECK_FALSE(runs[0].interrupted);
    CHECK(runs[0].unanswered == 0);
  }
}

TEST_CASE("the slow-run budget gives the slow runs fewer updates and leaves the fast ones alone") {
  bench::EchoBenchOptions options;  // 2000 updates, 50 ms
  options.slow_run_budget = 5s;
  // At 50 ms, the bound is concurrency x 20/s (at most 100 in flight): 5 s fit 100 x concurrency.
  CHECK(bench::run_updates(options, 1) == 100);
  CHECK(bench::run_updates(options, 4) == 400);
  CHECK(bench::run_updates(options, 16) == 1600);
  CHECK(bench::run_updates(options, 64) == 2000);   // 1.6 s: untouched
  CHECK(bench::run_updates(options, 256) == 2000);  // capped at 100 in flight: 1 s

  options.latency = 1s;  // 5 updates would fit: the floor keeps a run worth measuring
  CHECK(bench::run_updates(options, 1) == bench::kMinRunUpdates);

  options.latency = 0ms;  // no bound: the machine is the limit, nothing to trim
  CHECK(bench::run_updates(options, 1) == 2000);

  options.latency = 50ms;
  options.slow_run_budget = Duration::zero();  // --updates given: every run gets them all
  CHECK(bench::run_updates(options, 1) == 2000);
}
