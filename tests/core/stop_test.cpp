// The one cancellation path: a signal becomes a stop request, and every kind of wait a stoppable
// run does (a sleep, a poll() on sockets, a bounded last call) ends when the token fires.
#include <poll.h>
#include <signal.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

#include "tgperf/core/signal_stop.hpp"
#include "tgperf/core/stoppable_wait.hpp"

using namespace tgperf;
using namespace std::chrono_literals;

namespace {

// Generous: only reached when the behaviour under test is broken (a missed wake-up), never a
// speed check.
constexpr auto kHang = 20s;

// Blocks until `stop` fires or kHang passes; true when it fired.
bool await_stop(std::stop_token stop) {
  std::mutex mutex;
  std::condition_variable_any fired;
  std::unique_lock lock(mutex);
  return fired.wait_for(lock, stop, kHang, [] { return false; }) || stop.stop_requested();
}

}  // namespace

TEST_CASE("the first SIGTERM or SIGINT under a SignalStop requests a stop instead of killing") {
  for (const int signal_number : {SIGTERM, SIGINT}) {
    INFO("signal " << signal_number);
    SignalStop signals;
    CHECK_FALSE(signals.token().stop_requested());
    CHECK_FALSE(signals.signalled());
    REQUIRE(::raise(signal_number) == 0);  // would end this test process without the handler
    REQUIRE(await_stop(signals.token()));
    CHECK(signals.signalled());
  }
}

TEST_CASE("a stop requested by the program itself is a stop, but not a signal") {
  SignalStop signals;
  signals.source().request_stop();
  CHECK(signals.token().stop_requested());
  CHECK_FALSE(signals.signalled());
}

TEST_CASE("only one SignalStop at a time: the handlers are process-wide") {
  SignalStop first;
  CHECK_THROWS_AS(SignalStop(), std::logic_error);
}

TEST_CASE("sleep_unless_stopped sleeps the full time, or returns false once stopped") {
  std::stop_source never;
  CHECK(sleep_unless_stopped(never.get_token(), 1ms));

  std::stop_source already;
  already.request_stop();
  CHECK_FALSE(sleep_unless_stopped(already.get_token(), 1h));

  // Stopped from another thread while asleep for an hour: returns (false) instead of hanging.
  std::stop_source later;
  std::jthread stopper([&later] { later.request_stop(); });
  CHECK_FALSE(sleep_unless_stopped(later.get_token(), 1h));
}

TEST_CASE("a StopWakeFd becomes readable when the stop is requested, and not before") {
  std::stop_source stop;
  StopWakeFd wake(stop.get_token());
  pollfd watch{wake.fd(), POLLIN, 0};
  CHECK(::poll(&watch, 1, 0) == 0);
  std::jthread stopper([&stop] { stop.request_stop(); });
  watch.revents = 0;
  REQUIRE(::poll(&watch, 1, static_cast<int>(std::chrono::milliseconds(kHang).count())) == 1);
  CHECK((watch.revents & POLLIN) != 0);
}

TEST_CASE("a StopWakeFd made after the stop is readable at once") {
  std::stop_source stop;
  stop.request_stop();
  StopWakeFd wake(stop.get_token());
  pollfd watch{wake.fd(), POLLIN, 0};
  CHECK(::poll(&watch, 1, 0) == 1);
}

TEST_CASE("StopAfter's token fires by itself after its limit") {
  const StopAfter limit(10ms);
  CHECK(await_stop(limit.token()));
}

TEST_CASE("StopAfter ends its timer with the object, long before the limit") {
  // An hour-long limit: if the destructor waited for it, this test would hang (ctest's timeout).
  {
    const StopAfter limit(1h);
    CHECK_FALSE(limit.token().stop_requested());
  }
}
