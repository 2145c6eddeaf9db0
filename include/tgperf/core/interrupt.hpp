#pragma once
// Ctrl-C as a request to stop and report, not as sudden death.
//
// While an InterruptScope lives, the first SIGINT or SIGTERM only raises a flag (and wakes any
// wait below) so that the command can print its summary; a second one restores the default
// action and terminates the process as usual.
#include "tgperf/core/duration.hpp"

namespace tgperf {

class InterruptScope {
 public:
  InterruptScope();
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;
};

// True once SIGINT/SIGTERM arrived inside an InterruptScope.
bool interrupt_requested();

// Raises the flag from inside the program (tests, a deadline), waking waiters like a signal.
void request_interrupt();

// Sleeps for `d` unless interrupted first; returns false when the wait was cut short.
bool sleep_unless_interrupted(Duration d);

// A descriptor that becomes readable once an interrupt arrives: add it to a poll() set to wake up.
int interrupt_fd();

}  // namespace tgperf
