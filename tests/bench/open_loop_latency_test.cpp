// Open-loop arrivals (--rate): latency counts from the moment a message was SCHEDULED to arrive,
// not from when the bot fetched it, so a bot that falls behind cannot hide its queue (coordinated
// omission). The ledger's computation, on fixed time points; echo_bench_delivery_test.cpp shows it
// end to end with a bot slower than the rate.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "tgperf/emulator/ledger.hpp"

using namespace tgperf;
using namespace std::chrono_literals;

TEST_CASE("the ledger times a reply from the update's scheduled arrival, however late it was fetched") {
  emulator::Ledger ledger;
  const auto t0 = emulator::Clock::time_point{} + 1h;
  constexpr std::int64_t kBot = 42;
  constexpr std::int64_t kChat = 10000001;
  // Three messages scheduled 10 ms apart (100/s); the bot fetched them all at t0 + 500 ms and
  // answered one every 100 ms after that.
  for (int i = 0; i < 3; ++i) {
    const auto seq = ledger.offer(kBot, kChat, i + 1, t0 + i * 10ms);
    ledger.record({kBot, kChat, "echo " + emulator::payload_marker(seq), std::nullopt, t0 + 500ms + (i + 1) * 100ms});
  }
  const auto report = ledger.report(t0 + 1s);
  REQUIRE(report.latency_ms);
  // 600 - 0, 700 - 10, 800 - 20: the wait before the fetch is in every sample.
  CHECK(report.latency_ms->min == Approx(600.0));
  CHECK(report.latency_ms->p50 == Approx(690.0));
  CHECK(report.latency_ms->max == Approx(780.0));
  // Throughput is answered over first scheduled arrival -> last reply: 3 in 800 ms.
  CHECK(report.seconds == Approx(0.8));
  CHECK(report.throughput_per_s == Approx(3 / 0.8));
}
