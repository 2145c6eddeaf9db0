#include "send_timer.hpp"

#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

namespace tgperf::emulator {

// steady_clock is CLOCK_MONOTONIC (libstdc++ and libc++ on Linux), so its time points arm the
// timer as they are.
SendTimer::SendTimer() : fd_(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)) {
  if (fd_ < 0) throw std::runtime_error(std::string("timerfd_create: ") + std::strerror(errno));
}

SendTimer::~SendTimer() { ::close(fd_); }

void SendTimer::arm(std::optional<Clock::time_point> at) {
  // timerfd_settime also zeroes the expirations counted so far, so no read is needed to clear it.
  itimerspec spec{};
  if (at) {
    const auto since_boot = std::chrono::duration_cast<std::chrono::nanoseconds>(at->time_since_epoch());
    // An all-zero it_value disarms: a time already past still fires, at the first nanosecond.
    const auto ns = std::max<std::int64_t>(since_boot.count(), 1);
    spec.it_value.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
    spec.it_value.tv_nsec = static_cast<long>(ns % 1'000'000'000);
  }
  timerfd_settime(fd_, TFD_TIMER_ABSTIME, &spec, nullptr);
}

}  // namespace tgperf::emulator
