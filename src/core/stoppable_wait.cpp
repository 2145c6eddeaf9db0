#include "tgperf/core/stoppable_wait.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stdexcept>

namespace tgperf {

bool sleep_unless_stopped(std::stop_token stop, Duration duration) {
  if (stop.stop_requested()) return false;
  if (duration <= Duration::zero()) return true;
  std::mutex mutex;
  std::condition_variable_any wake;
  std::unique_lock lock(mutex);
  // wait_for with a stop token returns early (and false from the predicate) on a stop request.
  return !wake.wait_for(lock, stop, duration, [] { return false; }) && !stop.stop_requested();
}

StopAfter::StopAfter(Duration limit)
    : timer_([this, limit](std::stop_token cancelled) {
        if (sleep_unless_stopped(cancelled, limit)) source_.request_stop();
      }) {}

namespace {

int make_eventfd() {
  const int fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (fd < 0) throw std::runtime_error("cannot create an eventfd");
  return fd;
}

}  // namespace

void StopWakeFd::Wake::operator()() const noexcept {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto written = ::write(fd, &one, sizeof one);
}

StopWakeFd::OwnedFd::~OwnedFd() { ::close(fd); }

StopWakeFd::StopWakeFd(std::stop_token stop) : fd_(make_eventfd()), callback_(std::move(stop), Wake{fd_.fd}) {}

}  // namespace tgperf
