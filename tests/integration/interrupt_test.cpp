// Ctrl-C during every long-running command: each is started, awaited until it is visibly at work
// (its own output, not a fixed sleep), sent SIGINT, and must then exit on its own (a kill timer
// catches a hang) with its documented exit status and a report of what it did so far:
//   ping        the statistics, exit 0 when a probe connected;
//   curl-timing the summary of the requests made, "interrupted after N request(s)" on stderr, 0;
//   echo-bench  the table with the runs so far, exit 1 (an interrupted bench is not a result);
//   serve       the ledger, exit 0;
//   echo-bot    its summary line, exit 0 (a clean stop);
//   race-bench  the finished runs (the one under way is dropped), exit 1.
// A second Ctrl-C restores the default action (core/interrupt.hpp); it is not tested here because
// every command is gone long before a second signal could be sent after the first one.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

const std::string kToken = "7123456789:AAH3xQ-secretsecretsecretsecret12345";
const std::string kSecret = "AAH3xQ-secretsecretsecretsecret12345";

// tgperf running in the background: stdout on a pipe; stderr on a pipe, or on a pseudo-terminal
// for commands that only show progress on a terminal. Killed with SIGKILL if the test leaves it.
class Background {
 public:
  explicit Background(const std::vector<std::string>& args, bool stderr_on_terminal = false) {
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
    const int rc = ::posix_spawn(&pid_, TGPERF_BINARY, &actions, nullptr, raw.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    ::close(err_write);
    if (rc != 0) throw std::runtime_error("cannot start tgperf");
    fds_[0] = out[0];
    fds_[1] = err_read;
  }
  ~Background() {
    if (!status_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    for (int fd : fds_) {
      if (fd >= 0) ::close(fd);
    }
  }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  // Reads output until stdout (or stderr) contains `needle`; false if `timeout` passes first.
  bool await(const std::string& needle, bool in_stderr = false, std::chrono::milliseconds timeout = 30s) {
    const auto deadline = Clock::now() + timeout;
    const std::string& text = in_stderr ? err_ : out_;
    while (text.find(needle) == std::string::npos) {
      if (Clock::now() >= deadline || !pump(deadline)) return text.find(needle) != std::string::npos;
    }
    return true;
  }

  void interrupt() { ::kill(pid_, SIGINT); }

  // Waits for the exit, reading the output to its end: the exit status (128 + n when killed by
  // signal n), or nothing if it is still running at the timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout = 30s) {
    const auto deadline = Clock::now() + timeout;
    while (!status_ && Clock::now() < deadline) {
      int raw = 0;
      if (::waitpid(pid_, &raw, WNOHANG) == pid_) {
        status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
      } else {
        pump(std::min(deadline, Clock::now() + 50ms));
      }
    }
    while (status_ && pump(Clock::now() + 2s)) {
    }
    return status_;
  }

  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }

 private:
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

void check_no_token(const Background& child) {
  CHECK(child.out().find(kSecret) == std::string::npos);
  CHECK(child.err().find(kSecret) == std::string::npos);
}

}  // namespace

TEST_CASE("Ctrl-C: ping without -c prints its statistics and exits 0", "[interrupt][ping]") {
  Background ping({"ping", "--local"});
  REQUIRE(ping.await("seq=2"));  // two probes answered: the run is under way
  ping.interrupt();
  const auto status = ping.wait();
  INFO("stdout: " << ping.out() << "\nstderr: " << ping.err());
  REQUIRE(status);
  CHECK(*status == 0);
  CHECK(ping.out().find("probes transmitted") != std::string::npos);
  CHECK(ping.out().find("rtt min/avg/max/mdev") != std::string::npos);
  check_no_token(ping);
}

TEST_CASE("Ctrl-C: curl-timing -n 1000 prints the summary of the requests made", "[interrupt][curl-timing]") {
  Background timing({"curl-timing", "--local", "-n", "1000", "--token", kToken});
  REQUIRE(timing.await("#2 GET"));
  timing.interrupt();
  const auto status = timing.wait();
  INFO("stdout: " << timing.out() << "\nstderr: " << timing.err());
  REQUIRE(status);
  CHECK(*status == 0);
  CHECK(timing.out().find("advice:") != std::string::npos);
  CHECK(timing.out().find("#1000 GET") == std::string::npos);  // it did stop early
  const std::regex interrupted("interrupted after ([0-9]+) request");
  std::smatch m;
  REQUIRE(std::regex_search(timing.err(), m, interrupted));
  CHECK(std::stoi(m[1]) >= 2);
  check_no_token(timing);
}

TEST_CASE("Ctrl-C: echo-bench prints the runs so far and exits 1", "[interrupt][echo-bench]") {
  // At 50 ms per call the sync run of 20000 updates would take over 15 minutes: it is cut short.
  // Progress shows only on a terminal, so stderr is one.
  Background bench({"echo-bench", "--modes", "sync,threaded", "--updates", "20000"}, true);
  REQUIRE(bench.await("answered", true));
  bench.interrupt();
  const auto status = bench.wait();
  INFO("stdout: " << bench.out() << "\nstderr: " << bench.err());
  REQUIRE(status);
  CHECK(*status == 1);
  CHECK(bench.out().find("mode ") != std::string::npos);  // the table's header
  CHECK(bench.out().find("sync ") != std::string::npos);  // the interrupted run is reported
  CHECK(bench.out().find("20000 updates") != std::string::npos);
  check_no_token(bench);
}

TEST_CASE("Ctrl-C: serve prints the ledger and exits 0", "[interrupt][serve]") {
  Background serve({"serve", "--listen", "127.0.0.1:0", "--token", kToken});
  REQUIRE(serve.await("stop with Ctrl-C"));
  serve.interrupt();
  const auto status = serve.wait();
  INFO("stdout: " << serve.out() << "\nstderr: " << serve.err());
  REQUIRE(status);
  CHECK(*status == 0);
  CHECK(serve.out().find("Ledger") != std::string::npos);
  CHECK(serve.out().find("answered") != std::string::npos);
  CHECK(serve.out().find("7123456789:***") != std::string::npos);
  check_no_token(serve);
}

TEST_CASE("Ctrl-C: echo-bot against tgperf serve prints its summary and exits 0", "[interrupt][echo-bot]") {
  // Messages keep arriving (20/s for over an hour), so the bot is busy when it is interrupted.
  Background serve({"serve", "--listen", "127.0.0.1:0", "--token", kToken, "--messages", "100000", "--rate", "20"});
  REQUIRE(serve.await("stop with Ctrl-C"));
  std::smatch url;
  REQUIRE(std::regex_search(serve.out(), url, std::regex("http://127\\.0\\.0\\.1:[0-9]+")));

  Background bot({"echo-bot", "--token", kToken, "--api-url", url.str()});
  REQUIRE(bot.await("replied in"));
  bot.interrupt();
  const auto status = bot.wait();
  INFO("stdout: " << bot.out() << "\nstderr: " << bot.err());
  REQUIRE(status);
  CHECK(*status == 0);
  const std::regex summary("--- 7123456789:\\*\\*\\*: ([0-9]+) replied, 0 failed, polling stopped");
  std::smatch m;
  REQUIRE(std::regex_search(bot.out(), m, summary));
  CHECK(std::stoi(m[1]) >= 1);
  check_no_token(bot);

  serve.interrupt();
  const auto serve_status = serve.wait();
  REQUIRE(serve_status);
  CHECK(*serve_status == 0);
  CHECK(serve.out().find("Ledger") != std::string::npos);
  check_no_token(serve);
}

TEST_CASE("Ctrl-C: race-bench prints the finished runs, drops the one under way, and exits 1",
          "[interrupt][race-bench]") {
  // split finishes in about a second; sync then needs 2000 x (3 round trips + 4 store calls) of
  // at least 3 ms, over 6 s: it is under way when interrupted. Progress shows only on a terminal.
  Background bench({"race-bench", "--variants", "split,sync", "--transactions", "2000", "--latency", "1ms",
                    "--db-latency", "0", "--seed", "3"},
                   true);
  REQUIRE(bench.await("sync:", true));
  bench.interrupt();
  const auto status = bench.wait();
  INFO("stdout: " << bench.out() << "\nstderr: " << bench.err());
  REQUIRE(status);
  CHECK(*status == 1);
  CHECK(bench.out().find("verdict") != std::string::npos);  // the table's header
  CHECK(bench.out().find("\nsplit ") != std::string::npos);  // the finished run
  CHECK(bench.out().find("\nsync ") == std::string::npos);   // the cut one is not a result
  CHECK(bench.err().find("interrupted") != std::string::npos);
}
