// Colours only on a terminal, never with NO_COLOR set or --no-color; and --no-color is accepted by
// every command, before or after its name, so that scripts can pass it everywhere.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/run_process.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// Runs tgperf with stdout on a pseudo-terminal (so it is a terminal to the program) and returns
// what it wrote there; stderr is discarded. Killed if it runs longer than 60 s.
std::string stdout_on_terminal(const std::vector<std::string>& args, const std::vector<std::string>& extra_env = {}) {
  const int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) throw std::runtime_error("pty");
  const int slave = ::open(::ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, slave, 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::vector<std::string> env_storage;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    if (entry.starts_with("NO_COLOR=")) continue;  // the caller's own setting must not decide the test
    env_storage.push_back(entry);
  }
  env_storage.insert(env_storage.end(), extra_env.begin(), extra_env.end());
  std::vector<char*> envp;
  for (auto& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv{TGPERF_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> raw;
  for (auto& a : argv) raw.push_back(a.data());
  raw.push_back(nullptr);
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, TGPERF_BINARY, &actions, nullptr, raw.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(slave);
  if (rc != 0) throw std::runtime_error("cannot start tgperf");

  std::string out;
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  char buffer[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      ::kill(pid, SIGKILL);
      break;
    }
    pollfd watch{master, POLLIN, 0};
    if (::poll(&watch, 1, static_cast<int>(left)) <= 0) continue;
    const ssize_t n = ::read(master, buffer, sizeof buffer);
    if (n <= 0) break;  // EIO: the program closed its side
    out.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(master);
  ::waitpid(pid, nullptr, 0);
  return out;
}

bool has_color(const std::string& text) { return text.find("\x1b[3") != std::string::npos; }

const std::vector<std::string> kTiming{"curl-timing", "--local", "-n", "1"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& before,
                              const std::vector<std::string>& after) {
  args.insert(args.begin(), before.begin(), before.end());
  args.insert(args.end(), after.begin(), after.end());
  return args;
}

}  // namespace

TEST_CASE("colours: curl-timing colours its waterfall on a terminal only", "[color]") {
  const std::string on_terminal = stdout_on_terminal(kTiming);
  INFO(on_terminal);
  REQUIRE(on_terminal.find("TLS handshake") != std::string::npos);  // it did run
  CHECK(has_color(on_terminal));

  const auto piped = tgperf_test::run_process(with(kTiming, {TGPERF_BINARY}, {}), {}, "", std::chrono::seconds(60));
  REQUIRE(piped.out.find("TLS handshake") != std::string::npos);
  CHECK_FALSE(has_color(piped.out));
}

TEST_CASE("colours: never with NO_COLOR or --no-color, root or subcommand position", "[color]") {
  for (const auto& [name, args, env] :
       {std::tuple{"NO_COLOR=1", kTiming, std::vector<std::string>{"NO_COLOR=1"}},
        std::tuple{"tgperf --no-color curl-timing", with(kTiming, {"--no-color"}, {}), std::vector<std::string>{}},
        std::tuple{"tgperf curl-timing --no-color", with(kTiming, {}, {"--no-color"}), std::vector<std::string>{}},
        std::tuple{"tgperf --no-color ping", std::vector<std::string>{"--no-color", "ping", "--local", "-c", "1"},
                   std::vector<std::string>{}}}) {
    DYNAMIC_SECTION(name) {
      const std::string out = stdout_on_terminal(args, env);
      INFO(out);
      REQUIRE((out.find("TLS handshake") != std::string::npos || out.find("verdict") != std::string::npos));
      CHECK_FALSE(has_color(out));
    }
  }
}

TEST_CASE("colours: every command accepts --no-color, before or after its name", "[color]") {
  // Each command gets a bad flag next to --no-color: the error must be about that flag, which
  // shows --no-color itself was understood (and nothing starts).
  struct Case {
    std::vector<std::string> args;
    std::string about;
  };
  for (const auto& c : {Case{{"ping", "-c", "0"}, "-c"}, Case{{"curl-timing", "-n", "0"}, "-n"},
                        Case{{"serve", "--chats", "0"}, "--chats"}, Case{{"echo-bench", "--updates", "0"}, "--updates"},
                        Case{{"echo-bot", "--token", "bad"}, "token"}}) {
    for (const bool root_position : {true, false}) {
      std::vector<std::string> argv{TGPERF_BINARY};
      if (root_position) argv.push_back("--no-color");
      argv.push_back(c.args.front());
      if (!root_position) argv.push_back("--no-color");
      argv.insert(argv.end(), c.args.begin() + 1, c.args.end());
      const auto r = tgperf_test::run_process(argv, {}, "", std::chrono::seconds(30));
      INFO(c.args.front() << (root_position ? " (root --no-color)" : " (--no-color after it)") << ": " << r.err);
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("no-color") == std::string::npos);
      CHECK(r.err.find(c.about) != std::string::npos);
    }
  }
}
