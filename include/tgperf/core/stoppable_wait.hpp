#pragma once
// Waiting that a stop request cuts short: the only kind of wait a stoppable run may do.
#include <stop_token>
#include <thread>

#include "tgperf/core/duration.hpp"

namespace tgperf {

// Sleeps for `duration` unless `stop` is requested first; false when the wait was cut short (or
// stop was already requested), true when the full time passed.
bool sleep_unless_stopped(std::stop_token stop, Duration duration);

// A descriptor that becomes readable once `stop` is requested, for poll() loops that wait on
// sockets (an eventfd, written by a stop_callback). Owns the descriptor.
class StopWakeFd {
 public:
  explicit StopWakeFd(std::stop_token stop);
  StopWakeFd(const StopWakeFd&) = delete;
  StopWakeFd& operator=(const StopWakeFd&) = delete;

  int fd() const { return fd_.fd; }

 private:
  struct OwnedFd {
    int fd;
    explicit OwnedFd(int descriptor) : fd(descriptor) {}
    ~OwnedFd();
    OwnedFd(const OwnedFd&) = delete;
    OwnedFd& operator=(const OwnedFd&) = delete;
  };
  struct Wake {
    int fd;
    void operator()() const noexcept;
  };
  // Declared in this order so the callback is gone (or has finished writing) before the
  // descriptor is closed.
  OwnedFd fd_;
  std::stop_callback<Wake> callback_;
};

// A stop token that fires by itself after `limit`: a bound for a call that must not hang a
// stopping program (a last confirmation after the user's own token has fired). The timer thread
// ends with the object.
class StopAfter {
 public:
  explicit StopAfter(Duration limit);
  std::stop_token token() const { return source_.get_token(); }

 private:
  std::stop_source source_;
  std::jthread timer_;  // after source_: joined before the source goes
};

}  // namespace tgperf
