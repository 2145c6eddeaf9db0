// tgperf's entry point: parse, run the chosen subcommand, map failures to one line and an exit code.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>
#include <string>

#include "cli/commands.hpp"
#include "tgperf/botapi/token.hpp"
#include "tgperf/core/usage_error.hpp"

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// Every message that leaves the program passes through here, so a token typed in the wrong place
// (a positional argument, a malformed URL) is redacted even in CLI11's own messages.
int fail(const std::string& message, int status) {
  std::cerr << "tgperf: " << tgperf::botapi::redact_tokens(message) << '\n';
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tgperf: how fast can a Telegram bot be from here?\n"
               "TCP pings to the Bot API, libcurl timing of a real request, an emulated Bot API,\n"
               "and a benchmark of bot dispatch models.",
               "tgperf"};
  app.set_version_flag("-V,--version", "tgperf " TGPERF_VERSION);
  app.require_subcommand(0, 1);
  app.footer("Examples (the last three need no token and no network):\n"
             "  tgperf ping                                # TCP pings to api.telegram.org:443\n"
             "  tgperf curl-timing --token-file ~/.bot-token  # where one getMe spends its time\n"
             "  tgperf ping --local -c 5                   # ping a listener on loopback\n"
             "  tgperf curl-timing --local                 # time requests to the embedded emulator\n"
             "  tgperf echo-bench --updates 300            # sync vs threaded vs event-loop dispatch\n"
             "Run 'tgperf SUBCOMMAND --help' for the flags of each subcommand.");

  tgperf::cli::CommandRunner run;
  tgperf::cli::add_ping_command(app, run);
  tgperf::cli::add_serve_command(app, run);
  tgperf::cli::add_curl_timing_command(app, run);
  tgperf::cli::add_echo_bench_command(app, run);
  tgperf::cli::add_echo_bot_command(app, run);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return fail(std::string(e.what()) + " (see --help)", kExitUsage);
  } catch (const tgperf::UsageError& e) {
    return fail(e.what(), kExitUsage);
  }

  if (!run) {
    std::cout << app.help();
    return 0;
  }
  try {
    return run();
  } catch (const tgperf::UsageError& e) {
    return fail(e.what(), kExitUsage);
  } catch (const std::exception& e) {
    return fail(e.what(), kExitFailure);
  }
}
