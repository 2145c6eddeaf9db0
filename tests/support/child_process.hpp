#pragma once
// The one way tests run a program (usually the built tgperf): a ChildProcess whose stdout and
// stderr are read as they come by two reader threads (so a chatty child never blocks on a full
// pipe), awaited with a timeout instead of a fixed sleep, signalled, and waited for. The child is
// killed with SIGKILL when the object goes (RAII) or when it outlives its limit, so a hanging
// binary fails its test instead of hanging the suite.
//
// Either stream may be a pipe, a pseudo-terminal (for output shown only on a terminal: progress,
// colour) or a pipe whose reading end is closed at once (a consumer that went away: SIGPIPE).
// The environment is the test's, less TGPERF_TOKEN (a test that means to run without a token must
// not inherit one) and *_proxy (loopback test traffic must not go to a proxy), plus `env`.
//
// run_process()/run_tgperf() are the short form for a child that is simply run to its end.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace tgperf::test {

// How a child's stdout or stderr reaches the test.
enum class ChildOutput {
  pipe,         // captured through a pipe
  terminal,     // captured through a pseudo-terminal (isatty() is true in the child)
  closed_pipe,  // a pipe nobody reads: the child's first write gets SIGPIPE / EPIPE
};

struct ChildOptions {
  std::vector<std::string> env;    // "NAME=value" entries added to the environment
  std::vector<std::string> unset;  // names left out of it (the caller's NO_COLOR, say)
  std::string stdin_text;          // written to stdin, which is then closed (empty: at once)
  ChildOutput out = ChildOutput::pipe;
  ChildOutput err = ChildOutput::pipe;
  std::chrono::milliseconds limit = std::chrono::minutes(10);  // SIGKILL after this long
};

class ChildProcess {
 public:
  using Clock = std::chrono::steady_clock;

  using Output = ChildOutput;
  using Options = ChildOptions;

  // Starts argv[0] (a path, or a name looked up in PATH) with argv[1..].
  explicit ChildProcess(std::vector<std::string> argv, Options options = {}) {
    if (argv.empty()) throw std::invalid_argument("ChildProcess: no program");
    int in[2];
    if (::pipe2(in, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    const Channel out = open_channel(options.out);
    const Channel err = open_channel(options.err);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out.child, 1);
    posix_spawn_file_actions_adddup2(&actions, err.child, 2);
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    std::vector<std::string> env_storage = test_environment(options.env, options.unset);
    std::vector<char*> envp;
    for (auto& e : env_storage) envp.push_back(e.data());
    envp.push_back(nullptr);
    const int rc = ::posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(in[0]);
    ::close(out.child);
    ::close(err.child);
    if (rc != 0) {
      for (int fd : {in[1], out.parent, err.parent}) {
        if (fd >= 0) ::close(fd);
      }
      throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
    }
    if (!options.stdin_text.empty()) {
      // Before the readers start there is nobody to drain the child; a large text is written by
      // a thread of its own.
      stdin_writer_ = std::thread([fd = in[1], text = std::move(options.stdin_text)] {
        std::size_t done = 0;
        while (done < text.size()) {
          const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
          if (n <= 0) break;
          done += static_cast<std::size_t>(n);
        }
        ::close(fd);
      });
    } else {
      ::close(in[1]);
    }
    readers_.emplace_back([this, fd = out.parent] { read_into(fd, out_); });
    readers_.emplace_back([this, fd = err.parent] { read_into(fd, err_); });
    killer_ = std::thread([this, limit = options.limit] {
      std::unique_lock lock(mutex_);
      if (!changed_.wait_for(lock, limit, [this] { return stop_killer_ || exited_; })) {
        ::kill(pid_, SIGKILL);
        killed_at_limit_ = true;
      }
    });
  }

  ~ChildProcess() {
    if (!wait(std::chrono::milliseconds(0))) {
      ::kill(pid_, SIGKILL);
      wait(std::chrono::seconds(10));
    }
    {
      std::lock_guard lock(mutex_);
      stop_killer_ = true;
    }
    changed_.notify_all();
    killer_.join();
    for (auto& r : readers_) r.join();
    if (stdin_writer_.joinable()) stdin_writer_.join();
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Until stdout (or stderr) contains `needle`; false if `timeout` passes or the stream ends first.
  bool await(const std::string& needle, bool in_stderr = false,
             std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    return await_match([&needle](const std::string& text) { return text.find(needle) != std::string::npos; },
                       in_stderr, timeout);
  }

  // Until `needle` occurs `count` times (a counter, not a regular expression: std::regex over a
  // growing output is slow enough under the sanitizers to miss the timeout).
  bool await_count(const std::string& needle, std::size_t count, bool in_stderr = false,
                   std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    return await_match([&needle, count](const std::string& text) { return occurrences(text, needle, count) >= count; },
                       in_stderr, timeout);
  }

  // Until a regular expression matches (e.g. a progress count that is not zero).
  bool await_regex(const std::string& pattern, bool in_stderr = false,
                   std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    const std::regex re(pattern);
    return await_match([&re](const std::string& text) { return std::regex_search(text, re); }, in_stderr, timeout);
  }

  // Until a complete line of stdout (or stderr) contains `needle`: that line, or nothing.
  std::optional<std::string> wait_for_line(const std::string& needle, bool from_stderr,
                                           std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    std::optional<std::string> line;
    await_match([&](const std::string& text) {
      for (std::size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
        if (text.substr(start, end - start).find(needle) != std::string::npos) {
          line = text.substr(start, end - start);
          return true;
        }
      }
      return false;
    }, from_stderr, timeout);
    return line;
  }

  void signal(int signal_number) { ::kill(pid_, signal_number); }
  void interrupt() { signal(SIGINT); }

  // Waits for the exit and the output to its end: the exit status (128 + n when killed by signal
  // n), or nothing if the child still runs at the timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      {
        std::lock_guard lock(mutex_);
        if (status_) return status_;
      }
      int raw = 0;
      if (::waitpid(pid_, &raw, WNOHANG) == pid_) {
        std::unique_lock lock(mutex_);
        status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
        signalled_ = WIFSIGNALED(raw);
        exited_ = true;
        changed_.notify_all();
        // What the child wrote before it exited is still in the pipes: let the readers drain it
        // (a grandchild holding the pipe open must not hold the test, hence the bound).
        changed_.wait_for(lock, std::chrono::seconds(5), [this] { return closed_ == 2; });
        return status_;
      }
      if (Clock::now() >= deadline) return std::nullopt;
      std::unique_lock lock(mutex_);
      changed_.wait_for(lock, std::chrono::milliseconds(5));  // woken early by output or a close
    }
  }

  // Waits for the exit like wait(), killing the child at the timeout: its exit code, or nothing
  // when it had to be killed or died of a signal.
  std::optional<int> finish(std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
    if (!wait(timeout)) {
      ::kill(pid_, SIGKILL);
      wait(std::chrono::seconds(10));
      std::lock_guard lock(mutex_);
      killed_by_finish_ = true;
      return std::nullopt;
    }
    std::lock_guard lock(mutex_);
    if (signalled_) return std::nullopt;
    return status_;
  }

  // True when the child was killed for running too long: by finish()'s timeout or at the limit.
  bool timed_out() const {
    std::lock_guard lock(mutex_);
    return killed_by_finish_ || killed_at_limit_;
  }

  // True when the child ended by a signal (wait() reported 128 + its number).
  bool signalled() const {
    std::lock_guard lock(mutex_);
    return signalled_;
  }

  // What the child wrote so far: a copy, since the readers keep appending.
  std::string out() const {
    std::lock_guard lock(mutex_);
    return out_;
  }
  std::string err() const {
    std::lock_guard lock(mutex_);
    return err_;
  }
  pid_t pid() const { return pid_; }

  static std::size_t occurrences(const std::string& text, const std::string& needle, std::size_t at_most) {
    std::size_t seen = 0;
    for (auto at = text.find(needle); at != std::string::npos && seen < at_most; at = text.find(needle, at + 1)) ++seen;
    return seen;
  }

 private:
  struct Channel {
    int parent = -1;  // the test's end (-1: closed at once)
    int child = -1;   // becomes the child's stdout or stderr
  };

  static Channel open_channel(Output kind) {
    Channel c;
    if (kind == Output::terminal) {
      c.parent = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
      if (c.parent < 0 || ::grantpt(c.parent) != 0 || ::unlockpt(c.parent) != 0) throw std::runtime_error("pty");
      c.child = ::open(::ptsname(c.parent), O_RDWR | O_NOCTTY | O_CLOEXEC);
      if (c.child < 0) throw std::runtime_error("pty");
      return c;
    }
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    c.parent = fds[0];
    c.child = fds[1];
    if (kind == Output::closed_pipe) {
      ::close(c.parent);
      c.parent = -1;
    }
    return c;
  }

  static std::vector<std::string> test_environment(const std::vector<std::string>& extra,
                                                   const std::vector<std::string>& unset) {
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
      std::string name(*e, std::strcspn(*e, "="));
      if (std::find(unset.begin(), unset.end(), name) != unset.end()) continue;
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (name == "tgperf_token" || name.ends_with("_proxy")) continue;
      env.emplace_back(*e);
    }
    env.insert(env.end(), extra.begin(), extra.end());
    return env;
  }

  void read_into(int fd, std::string& buffer) {
    char chunk[4096];
    while (fd >= 0) {
      const ssize_t n = ::read(fd, chunk, sizeof chunk);
      if (n <= 0) break;  // end of a pipe, or EIO from a terminal whose other side closed
      std::lock_guard lock(mutex_);
      buffer.append(chunk, static_cast<std::size_t>(n));
      changed_.notify_all();
    }
    if (fd >= 0) ::close(fd);
    std::lock_guard lock(mutex_);
    ++closed_;
    changed_.notify_all();
  }

  template <class Matches>
  bool await_match(const Matches& matches, bool in_stderr, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    const std::string& text = in_stderr ? err_ : out_;
    // The stream's end (both readers done) ends the wait too: nothing more can arrive.
    changed_.wait_for(lock, timeout, [&] { return matches(text) || closed_ == 2; });
    return matches(text);
  }

  pid_t pid_ = -1;
  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable changed_;
  std::string out_, err_;
  int closed_ = 0;  // readers done
  bool exited_ = false;
  bool signalled_ = false;
  bool killed_at_limit_ = false;
  bool killed_by_finish_ = false;
  bool stop_killer_ = false;
  std::optional<int> status_;
  std::vector<std::thread> readers_;
  std::thread killer_;
  std::thread stdin_writer_;
};

// tgperf itself with `args`.
inline std::vector<std::string> tgperf_argv(const std::vector<std::string>& args) {
  std::vector<std::string> argv{TGPERF_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

// tgperf running with `args`; its stderr on a pseudo-terminal when asked (progress shows only on
// a terminal).
class TgperfProcess : public ChildProcess {
 public:
  explicit TgperfProcess(const std::vector<std::string>& args, bool stderr_on_terminal = false)
      : ChildProcess(tgperf_argv(args), options(stderr_on_terminal)) {}

 private:
  static Options options(bool stderr_on_terminal) {
    Options o;
    if (stderr_on_terminal) o.err = Output::terminal;
    return o;
  }
};

struct RunResult {
  int exit_code = -1;  // -1: killed by the timeout or a signal
  std::string out;
  std::string err;
  bool timed_out = false;
};

// Runs a child to its end (killed at `timeout`), with extra environment and stdin.
inline RunResult run_process(std::vector<std::string> argv, const std::vector<std::string>& extra_env = {},
                             const std::string& stdin_text = "",
                             std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  ChildProcess::Options options;
  options.env = extra_env;
  options.stdin_text = stdin_text;
  ChildProcess child(std::move(argv), std::move(options));
  RunResult result;
  if (const auto status = child.finish(timeout)) result.exit_code = *status;
  result.timed_out = child.timed_out();
  result.out = child.out();
  result.err = child.err();
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

}  // namespace tgperf::test
