#pragma once
// A tgperf child process for the fault tests that must talk to it while it runs (read the port
// `tgperf serve` prints, send Ctrl-C once a run is under way): stdout and stderr read with poll(),
// lines awaited with a timeout, and a SIGKILL when it outlives its limit, so a test never hangs.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace tgperf_test {

class FaultChild {
 public:
  explicit FaultChild(std::vector<std::string> argv) {
    int out[2], err[2];
    if (pipe(out) != 0 || pipe(err) != 0) throw std::runtime_error("pipe");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    for (int fd : {out[0], out[1], err[0], err[1]}) posix_spawn_file_actions_addclose(&actions, fd);
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    const int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    close(err[1]);
    fds_[0] = out[0];
    fds_[1] = err[0];
    if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
  }
  ~FaultChild() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    for (int fd : fds_) {
      if (fd >= 0) close(fd);
    }
  }
  FaultChild(const FaultChild&) = delete;
  FaultChild& operator=(const FaultChild&) = delete;

  // Reads until a line of stdout (or stderr) contains `needle`; that line, or nothing on timeout/EOF.
  std::optional<std::string> wait_for_line(const std::string& needle, bool from_stderr,
                                           std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string& text = from_stderr ? err_ : out_;
    for (;;) {
      for (std::size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
        const std::string line = text.substr(start, end - start);
        if (line.find(needle) != std::string::npos) return line;
      }
      if (!read_some(deadline)) return std::nullopt;
    }
  }

  void signal(int signo) { kill(pid_, signo); }

  // Reads everything until the child closes its output and exits; its exit code, or nothing when
  // it had to be killed at `timeout` (or died of a signal).
  std::optional<int> finish(std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (read_some(deadline)) {
    }
    if (std::chrono::steady_clock::now() >= deadline) kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return std::nullopt;
  }

  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }

 private:
  // One poll() round; false at EOF on both pipes or at the deadline.
  bool read_some(std::chrono::steady_clock::time_point deadline) {
    if (fds_[0] < 0 && fds_[1] < 0) return false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p[2] = {{fds_[0], POLLIN, 0}, {fds_[1], POLLIN, 0}};
    if (poll(p, 2, static_cast<int>(left.count())) < 0) return true;
    char buffer[4096];
    for (int i = 0; i < 2; ++i) {
      if (fds_[i] < 0 || p[i].revents == 0) continue;
      const ssize_t n = read(fds_[i], buffer, sizeof buffer);
      if (n <= 0) {
        close(fds_[i]);
        fds_[i] = -1;
      } else {
        (i == 0 ? out_ : err_).append(buffer, static_cast<std::size_t>(n));
      }
    }
    return true;
  }

  pid_t pid_ = -1;
  int fds_[2] = {-1, -1};
  std::string out_, err_;
};

}  // namespace tgperf_test
