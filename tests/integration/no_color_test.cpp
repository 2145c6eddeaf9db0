// Colours only on a terminal, never with NO_COLOR set or --no-color; and --no-color is accepted by
// every command, before or after its name, so that scripts can pass it everywhere.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "support/child_process.hpp"

namespace {

// Runs tgperf with stdout on a pseudo-terminal (so it is a terminal to the program) and returns
// what it wrote there; stderr is not looked at. The caller's own NO_COLOR must not decide the test.
// Killed if it runs longer than 60 s.
std::string stdout_on_terminal(const std::vector<std::string>& args, const std::vector<std::string>& extra_env = {}) {
  tgperf::test::ChildOptions options;
  options.out = tgperf::test::ChildOutput::terminal;
  options.unset = {"NO_COLOR"};
  options.env = extra_env;
  tgperf::test::ChildProcess child(tgperf::test::tgperf_argv(args), std::move(options));
  child.finish(std::chrono::seconds(60));
  return child.out();
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

  const auto piped = tgperf::test::run_process(with(kTiming, {TGPERF_BINARY}, {}), {}, "", std::chrono::seconds(60));
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
      const auto r = tgperf::test::run_process(argv, {}, "", std::chrono::seconds(30));
      INFO(c.args.front() << (root_position ? " (root --no-color)" : " (--no-color after it)") << ": " << r.err);
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("no-color") == std::string::npos);
      CHECK(r.err.find(c.about) != std::string::npos);
    }
  }
}
