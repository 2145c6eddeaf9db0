#include "tgperf/core/signal_stop.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace tgperf {
namespace {

constexpr char kSignalled = 'S';
constexpr char kQuit = 'Q';

// The handler's view: the pipe's write end and whether a signal came already. Plain globals
// because a signal handler can reach nothing else.
std::atomic<int> g_write_fd{-1};
std::atomic<bool> g_first_seen{false};
struct sigaction g_previous_int {};
struct sigaction g_previous_term {};

extern "C" void on_stop_signal(int signal_number) {
  if (g_first_seen.exchange(true)) {
    // The second one: die of it, as if no handler had been installed.
    ::signal(signal_number, SIG_DFL);
    ::raise(signal_number);
    return;
  }
  const int saved_errno = errno;  // write() may change it under the interrupted code's feet
  if (const int fd = g_write_fd.load(); fd >= 0) {
    const char byte = kSignalled;
    [[maybe_unused]] const auto written = ::write(fd, &byte, 1);
  }
  errno = saved_errno;
}

}  // namespace

SignalStop::SignalStop() {
  if (g_write_fd.load() >= 0) throw std::logic_error("only one SignalStop may be active");
  if (::pipe2(pipe_, O_CLOEXEC) != 0) throw std::runtime_error("cannot create the signal pipe");
  // The handler must never block; the watcher does block, on the read end.
  ::fcntl(pipe_[1], F_SETFL, ::fcntl(pipe_[1], F_GETFL) | O_NONBLOCK);
  g_first_seen = false;
  g_write_fd = pipe_[1];
  watcher_ = std::jthread([this] { watch(); });

  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // nobody needs EINTR: waits are woken through the stop token
  ::sigaction(SIGINT, &action, &g_previous_int);
  ::sigaction(SIGTERM, &action, &g_previous_term);
}

SignalStop::~SignalStop() {
  ::sigaction(SIGINT, &g_previous_int, nullptr);
  ::sigaction(SIGTERM, &g_previous_term, nullptr);
  const char byte = kQuit;
  [[maybe_unused]] const auto written = ::write(pipe_[1], &byte, 1);
  if (watcher_.joinable()) watcher_.join();
  g_write_fd = -1;
  ::close(pipe_[0]);
  ::close(pipe_[1]);
}

void SignalStop::watch() {
  for (;;) {
    char byte = 0;
    const auto n = ::read(pipe_[0], &byte, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || byte == kQuit) return;
    signalled_ = true;
    source_.request_stop();
  }
}

}  // namespace tgperf
