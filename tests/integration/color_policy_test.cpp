// The terminal policy of ping and curl-timing: colours only when stdout is a terminal, never with
// NO_COLOR set or --no-color; the progress line only on a terminal's stderr, never in a pipe.
// A terminal is given by script(1) from util-linux, which runs the command on a pseudo-terminal
// and copies what it printed (stdout and stderr together) to our pipe.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <string>

#include "support/child_process.hpp"
#include "support/skip.hpp"

using tgperf::test::run_process;
using tgperf::test::RunResult;
using namespace std::chrono_literals;

namespace {

constexpr const char* kScript = "/usr/bin/script";
constexpr const char* kEscape = "\x1b[";

// False (a skip reported) when script(1) is missing.
bool have_script() {
  if (::access(kScript, X_OK) == 0) return true;
  tgperf::test::report_skip(std::string(kScript) + " (util-linux) is not installed, no pseudo-terminal to test with");
  return false;
}

// Runs `tgperf ARGS` on a pseudo-terminal; `env` is prepended as `env -u NO_COLOR VAR=... `.
RunResult on_terminal(const std::string& args, const std::string& env = "") {
  const std::string command = "env -u NO_COLOR " + env + " " + TGPERF_BINARY + " " + args;
  return run_process({kScript, "-qec", command, "/dev/null"}, {}, "", 60s);
}

RunResult in_pipe(const std::string& args) {
  return run_process({"/usr/bin/env", "-u", "NO_COLOR", "/bin/sh", "-c", std::string(TGPERF_BINARY) + " " + args},
                     {}, "", 60s);
}

}  // namespace

TEST_CASE("colour: ping colours its verdict on a terminal only, never with NO_COLOR or --no-color", "[color][ping]") {
  if (!have_script()) return;
  const auto tty = on_terminal("ping --local -c 2 -i 50ms");
  INFO(tty.out);
  REQUIRE(tty.exit_code == 0);
  CHECK(tty.out.find("verdict: ") != std::string::npos);
  CHECK(tty.out.find(kEscape) != std::string::npos);

  CHECK(on_terminal("ping --local -c 2 -i 50ms", "NO_COLOR=1").out.find(kEscape) == std::string::npos);
  CHECK(on_terminal("ping --local -c 2 -i 50ms --no-color").out.find(kEscape) == std::string::npos);
  const auto piped = in_pipe("ping --local -c 2 -i 50ms");
  CHECK(piped.exit_code == 0);
  CHECK(piped.out.find("verdict: ") != std::string::npos);
  CHECK(piped.out.find(kEscape) == std::string::npos);
}

TEST_CASE("colour: curl-timing colours on a terminal only, never with NO_COLOR or --no-color",
          "[color][curl-timing]") {
  if (!have_script()) return;
  const auto tty = on_terminal("curl-timing --local -n 2 -i 0");
  INFO(tty.out);
  REQUIRE(tty.exit_code == 0);
  CHECK(tty.out.find(kEscape) != std::string::npos);
  CHECK(on_terminal("curl-timing --local -n 2 -i 0", "NO_COLOR=1").out.find(kEscape) == std::string::npos);
  CHECK(on_terminal("curl-timing --local -n 2 -i 0 --no-color").out.find(kEscape) == std::string::npos);
  CHECK(in_pipe("curl-timing --local -n 2 -i 0").out.find(kEscape) == std::string::npos);
}

TEST_CASE("progress: machine formats show progress on a terminal's stderr, nothing in a pipe", "[progress]") {
  if (!have_script()) return;
  const auto ping_tty = on_terminal("ping --local -c 3 -i 50ms --format openmetrics");
  INFO(ping_tty.out);
  CHECK(ping_tty.out.find("ping: 3/3 probes, 3 connected") != std::string::npos);
  const auto timing_tty = on_terminal("curl-timing --local -n 3 -i 0 --format openmetrics");
  INFO(timing_tty.out);
  CHECK(timing_tty.out.find("curl-timing: request 3/3") != std::string::npos);

  for (const char* args : {"ping --local -c 3 -i 50ms --format openmetrics",
                           "curl-timing --local -n 3 -i 0 --format openmetrics"}) {
    const auto piped = in_pipe(args);
    CAPTURE(args);
    CHECK(piped.exit_code == 0);
    CHECK(piped.err.empty());
    CHECK(piped.out.find(kEscape) == std::string::npos);
    CHECK(piped.out.ends_with("# EOF\n"));
  }
}

TEST_CASE("terminal policy: TERM=dumb, NO_COLOR and --no-color turn off colours and cursor control alike",
          "[color][progress]") {
  if (!have_script()) return;
  const std::string timing = "curl-timing --local -n 3 -i 0";
  const std::string progress = timing + " --format openmetrics";
  const std::string bench = "echo-bench --modes sync --updates 40 --chats 4 --latency 1ms";
  // The control: a capable terminal gets colours and the progress line's erase-to-end escape.
  const auto capable = on_terminal(timing, "TERM=xterm");
  INFO(capable.out);
  CHECK(capable.out.find("\x1b[3") != std::string::npos);
  CHECK(on_terminal(progress, "TERM=xterm").out.find("\x1b[K") != std::string::npos);

  for (const auto& [env, flag] : {std::pair{"TERM=dumb", ""}, std::pair{"TERM=xterm NO_COLOR=1", ""},
                                  std::pair{"TERM=xterm", " --no-color"}}) {
    CAPTURE(env, flag);
    const auto text = on_terminal(timing + flag, env);
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("TLS handshake") != std::string::npos);
    CHECK(text.out.find(kEscape) == std::string::npos);
    // The progress line still shows, made of carriage returns and spaces alone.
    const auto machine = on_terminal(progress + flag, env);
    CHECK(machine.out.find("curl-timing: request 3/3") != std::string::npos);
    CHECK(machine.out.find(kEscape) == std::string::npos);
    const auto bench_run = on_terminal(bench + flag, env);
    CHECK(bench_run.exit_code == 0);
    CHECK(bench_run.out.find("answered") != std::string::npos);
    CHECK(bench_run.out.find(kEscape) == std::string::npos);
  }
}
