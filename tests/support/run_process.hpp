#pragma once
// Runs a child process (usually the built tgperf binary) for the integration tests: arguments, extra
// environment, optional stdin; captures stdout and stderr apart; kills the child when it outlives a
// timeout, so a hanging binary fails the test instead of hanging the suite.
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace tgperf_test {

struct RunResult {
  int exit_code = -1;  // -1: killed by the timeout or a signal
  std::string out;
  std::string err;
  bool timed_out = false;
};

inline RunResult run_process(std::vector<std::string> argv, const std::vector<std::string>& extra_env = {},
                             const std::string& stdin_text = "",
                             std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  int out_pipe[2], err_pipe[2], in_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0 || pipe(in_pipe) != 0) throw std::runtime_error("pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
    posix_spawn_file_actions_addclose(&actions, fd);
  }
  std::vector<std::string> env_storage;
  for (char** e = environ; *e != nullptr; ++e) {
    // The caller's TGPERF_TOKEN must not leak into a test that means to run without one, and a
    // proxy from the environment must not carry loopback test traffic elsewhere.
    std::string name(*e, std::strcspn(*e, "="));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name == "tgperf_token" || name.ends_with("_proxy")) continue;
    env_storage.emplace_back(*e);
  }
  for (const auto& e : extra_env) env_storage.push_back(e);
  std::vector<char*> envp, args;
  for (auto& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);

  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
  if (!stdin_text.empty()) {
    [[maybe_unused]] auto n = write(in_pipe[1], stdin_text.data(), stdin_text.size());
  }
  close(in_pipe[1]);

  RunResult result;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  char buffer[4096];
  while (open_fds > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      kill(pid, SIGKILL);
      result.timed_out = true;
      break;
    }
    if (poll(fds, 2, static_cast<int>(left.count())) < 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
      }
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) close(f.fd);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!result.timed_out && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

// Runs tgperf with whitespace-separated arguments (no quoting: test arguments have no spaces).
inline RunResult run_tgperf(const std::string& args,
                            std::chrono::milliseconds timeout = std::chrono::seconds(300)) {
  std::vector<std::string> argv{TGPERF_BINARY};
  std::size_t start = 0;
  while (start < args.size()) {
    const std::size_t end = std::min(args.find(' ', start), args.size());
    if (end > start) argv.push_back(args.substr(start, end - start));
    start = end + 1;
  }
  return run_process(argv, {}, "", timeout);
}

}  // namespace tgperf_test
