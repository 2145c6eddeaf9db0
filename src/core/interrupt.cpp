#include "tgperf/core/interrupt.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <ctime>

namespace tgperf {
namespace {

// A self-pipe: the handler may only do async-signal-safe things, and write() is one of them.
// Its read end is never drained, so once written it stays readable: every later wait returns.
int g_pipe[2] = {-1, -1};
std::atomic<bool> g_interrupted{false};
struct sigaction g_previous_int {};
struct sigaction g_previous_term {};

void wake_waiters() {
  if (g_pipe[1] >= 0) {
    const char byte = 1;
    [[maybe_unused]] auto written = ::write(g_pipe[1], &byte, 1);
  }
}

extern "C" void on_interrupt(int signal_number) {
  if (g_interrupted.exchange(true)) {
    // Second Ctrl-C: the user means it.
    ::signal(signal_number, SIG_DFL);
    ::raise(signal_number);
    return;
  }
  wake_waiters();
}

void ensure_pipe() {
  if (g_pipe[0] >= 0) return;
  if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    g_pipe[0] = g_pipe[1] = -1;
  }
}

}  // namespace

InterruptScope::InterruptScope() {
  ensure_pipe();
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: blocking calls return EINTR and notice the flag
  ::sigaction(SIGINT, &action, &g_previous_int);
  ::sigaction(SIGTERM, &action, &g_previous_term);
}

InterruptScope::~InterruptScope() {
  ::sigaction(SIGINT, &g_previous_int, nullptr);
  ::sigaction(SIGTERM, &g_previous_term, nullptr);
}

bool interrupt_requested() { return g_interrupted.load(); }

void request_interrupt() {
  ensure_pipe();
  if (!g_interrupted.exchange(true)) wake_waiters();
}

int interrupt_fd() {
  ensure_pipe();
  return g_pipe[0];
}

bool sleep_unless_interrupted(Duration d) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + d;
  while (!interrupt_requested()) {
    const auto left = deadline - Clock::now();
    if (left <= Duration::zero()) return true;
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(left);
    timespec timeout{};
    timeout.tv_sec = static_cast<time_t>(seconds.count());
    timeout.tv_nsec = static_cast<long>((left - seconds).count());
    pollfd watch{interrupt_fd(), POLLIN, 0};
    // ppoll keeps nanosecond timeouts (poll() would round to milliseconds).
    ::ppoll(&watch, watch.fd >= 0 ? 1 : 0, &timeout, nullptr);
  }
  return false;
}

}  // namespace tgperf
