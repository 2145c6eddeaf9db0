#pragma once
// Ctrl-C as a request to stop and report, not as sudden death: the CLI's end of the one
// cancellation path.
//
// Library entry points take a std::stop_token; only the command line owns a SignalStop. While it
// lives, the first SIGINT or SIGTERM requests a stop on its stop_source, so every call holding the
// token winds down (polls end, requests in flight are abandoned, waits wake up) and returns what it
// has for the partial report. A second SIGINT or SIGTERM restores the default action and kills the
// process at once: the user means it.
//
// A signal handler may do only async-signal-safe things, and std::stop_source::request_stop (which
// runs callbacks and takes locks) is not one of them. So the handler writes one byte to a pipe and
// a watcher thread, blocked reading it, makes the request.
#include <atomic>
#include <stop_token>
#include <thread>

namespace tgperf {

class SignalStop {
 public:
  // Installs the handlers. One SignalStop at a time per process (the handlers are process-wide);
  // a second one throws std::logic_error.
  SignalStop();
  ~SignalStop();  // restores the previous handlers
  SignalStop(const SignalStop&) = delete;
  SignalStop& operator=(const SignalStop&) = delete;

  std::stop_token token() const { return source_.get_token(); }
  // For a stop from inside the program (a deadline, --max-updates): the same path as a signal.
  std::stop_source& source() { return source_; }

  // True once SIGINT or SIGTERM arrived (a stop requested through source() does not count).
  bool signalled() const { return signalled_.load(); }

 private:
  void watch();

  std::stop_source source_;
  std::atomic<bool> signalled_{false};
  int pipe_[2] = {-1, -1};
  std::jthread watcher_;
};

}  // namespace tgperf
