#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>

#include "tgperf/core/cpu_time.hpp"

TEST_CASE("process CPU time grows while this process computes") {
  const auto before = tgperf::process_cpu_time();
  // Burn CPU until the clock ticks at least once (getrusage has tick granularity); bounded by a
  // wall-clock limit so a broken reading fails the check instead of hanging.
  volatile std::uint64_t sink = 0;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while ((tgperf::process_cpu_time() - before).total() <= tgperf::Duration::zero() &&
         std::chrono::steady_clock::now() < give_up) {
    for (int i = 0; i < 100000; ++i) sink = sink + static_cast<std::uint64_t>(i);
  }
  const auto spent = tgperf::process_cpu_time() - before;
  CHECK(spent.total() > tgperf::Duration::zero());
  CHECK(spent.user >= tgperf::Duration::zero());
  CHECK(spent.system >= tgperf::Duration::zero());
}
