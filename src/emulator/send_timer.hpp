#pragma once
// When the next webhook delivery is due, to the nanosecond: a timerfd on the steady clock that the
// delivery loop hands to Multi::poll as its extra descriptor. poll's own timeout is whole
// milliseconds, so a loop that slept on it alone sent each delivery up to 1 ms late (5% of a
// 20 ms latency); Telegram's timers are not rounded (WebhookActor keeps wake-ups as doubles).
// Not thread-safe; the delivery loop's.
#include <chrono>
#include <optional>

namespace tgperf::emulator {

class SendTimer {
 public:
  using Clock = std::chrono::steady_clock;

  SendTimer();  // throws std::runtime_error when no timerfd can be made
  ~SendTimer();
  SendTimer(const SendTimer&) = delete;
  SendTimer& operator=(const SendTimer&) = delete;

  // Readable from `at` on (at once when `at` has passed); none: never readable. Replaces the last
  // arming and clears a pending expiry.
  void arm(std::optional<Clock::time_point> at);
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
};

}  // namespace tgperf::emulator
