#pragma once
// tgperf running in the background, for tests that act on a command while it runs (send it a
// signal once its output shows it is at work): stdout on a pipe; stderr on a pipe, or on a
// pseudo-terminal for commands that show progress only on a terminal. Output is read as it comes
// (await), never after a fixed sleep. A child the test leaves behind is killed with SIGKILL.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace tgperf_test {

class BackgroundProcess {
 public:
  using Clock = std::chrono::steady_clock;

  explicit BackgroundProcess(const std::vector<std::string>& args, bool stderr_on_terminal = false) {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    int err_read = -1, err_write = -1;
    if (stderr_on_terminal) {
      err_read = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
      if (err_read < 0 || ::grantpt(err_read) != 0 || ::unlockpt(err_read) != 0) throw std::runtime_error("pty");
      err_write = ::open(::ptsname(err_read), O_RDWR | O_NOCTTY | O_CLOEXEC);
    } else {
      int err[2];
      if (::pipe2(err, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
      err_read = err[0];
      err_write = err[1];
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_write, 2);
    std::vector<std::string> argv{TGPERF_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> raw;
    for (auto& a : argv) raw.push_back(a.data());
    raw.push_back(nullptr);
    // Loopback test traffic must not go to a proxy from the environment, nor may the caller's
    // token leak into the child.
    std::vector<std::string> env_storage;
    for (char** e = environ; *e != nullptr; ++e) {
      std::string name(*e, std::strcspn(*e, "="));
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (name == "tgperf_token" || name.ends_with("_proxy")) continue;
      env_storage.emplace_back(*e);
    }
    std::vector<char*> envp;
    for (auto& e : env_storage) envp.push_back(e.data());
    envp.push_back(nullptr);
    const int rc = ::posix_spawn(&pid_, TGPERF_BINARY, &actions, nullptr, raw.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    ::close(err_write);
    if (rc != 0) throw std::runtime_error("cannot start tgperf");
    fds_[0] = out[0];
    fds_[1] = err_read;
  }
  ~BackgroundProcess() {
    if (!status_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    for (int fd : fds_) {
      if (fd >= 0) ::close(fd);
    }
  }
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // Reads output until stdout (or stderr) contains `needle`; false if `timeout` passes first.
  bool await(const std::string& needle, bool in_stderr = false,
             std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    return await_match([&needle](const std::string& text) { return text.find(needle) != std::string::npos; },
                       in_stderr, timeout);
  }

  // Reads output until `needle` occurs `count` times (a counter, not a regular expression: std::regex
  // over a growing output is slow enough under the sanitizers to miss the timeout).
  bool await_count(const std::string& needle, std::size_t count, bool in_stderr = false,
                   std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    return await_match([&needle, count](const std::string& text) {
      std::size_t seen = 0;
      for (auto at = text.find(needle); at != std::string::npos && seen < count; at = text.find(needle, at + 1)) ++seen;
      return seen >= count;
    }, in_stderr, timeout);
  }

  // The same for a regular expression (e.g. a progress count that is not zero).
  bool await_regex(const std::string& pattern, bool in_stderr = false,
                   std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    const std::regex re(pattern);
    return await_match([&re](const std::string& text) { return std::regex_search(text, re); }, in_stderr, timeout);
  }

  void signal(int signal_number) { ::kill(pid_, signal_number); }
  void interrupt() { signal(SIGINT); }

  // Waits for the exit, reading the output to its end: the exit status (128 + n when killed by
  // signal n), or nothing if it is still running at the timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    const auto deadline = Clock::now() + timeout;
    while (!status_ && Clock::now() < deadline) {
      int raw = 0;
      if (::waitpid(pid_, &raw, WNOHANG) == pid_) {
        status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
      } else {
        pump(std::min(deadline, Clock::now() + std::chrono::milliseconds(50)));
      }
    }
    while (status_ && pump(Clock::now() + std::chrono::seconds(2))) {
    }
    return status_;
  }

  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }

 private:
  template <class Matches>
  bool await_match(const Matches& matches, bool in_stderr, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    const std::string& text = in_stderr ? err_ : out_;
    while (!matches(text)) {
      if (Clock::now() >= deadline || !pump(deadline)) return matches(text);
    }
    return true;
  }

  // Reads what is available until `deadline`; false once both streams are closed.
  bool pump(Clock::time_point deadline) {
    pollfd watch[2] = {{fds_[0], POLLIN, 0}, {fds_[1], POLLIN, 0}};
    if (fds_[0] < 0 && fds_[1] < 0) return false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (::poll(watch, 2, static_cast<int>(std::max<long long>(0, left.count()))) <= 0) return true;
    char buffer[4096];
    for (int i = 0; i < 2; ++i) {
      if (fds_[i] < 0 || watch[i].revents == 0) continue;
      const ssize_t n = ::read(fds_[i], buffer, sizeof buffer);
      if (n > 0) {
        (i == 0 ? out_ : err_).append(buffer, static_cast<std::size_t>(n));
      } else {
        ::close(fds_[i]);  // end of a pipe, or EIO from a terminal whose other side closed
        fds_[i] = -1;
      }
    }
    return true;
  }

  pid_t pid_ = -1;
  int fds_[2] = {-1, -1};
  std::string out_, err_;
  std::optional<int> status_;
};

}  // namespace tgperf_test
